//! The people of community planning at national scale, for `kpss bench groups`: thousands of
//! groups with their members, quarterly meetings with attendance, published minutes and a task
//! each. Written in bulk; no audit entries, as for a migration of older records.

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use time::Duration;

use crate::entity::{meeting, meeting_attendance, meeting_task, member, membership, work_group};
use crate::{Result, Store};

/// How much to write.
#[derive(Debug, Clone, Copy)]
pub struct GroupScale {
    pub groups: usize,
    pub members: usize,
    pub meetings: usize,
}

/// Rows written per statement: well below SQLite's limit of bound values.
const CHUNK: usize = 500;

async fn insert_chunks<A, E>(store: &Store, rows: Vec<A>) -> Result<()>
where
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
    E: EntityTrait,
{
    let txn = store.write().await?;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        E::insert_many(chunk).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Fills the tenant; gives the id of a member of the first group who owns open tasks, for a
/// login to be attached to.
pub async fn fill_group_scale(store: &Store, tenant: i32, scale: GroupScale) -> Result<i32> {
    let today = kpss_domain::czech::today();
    insert_chunks(
        store,
        (0..scale.groups)
            .map(|g| work_group::ActiveModel {
                tenant_id: Set(tenant),
                kind: Set("pracovni".to_owned()),
                code: Set(format!("G{g:04}")),
                name: Set(format!("Pracovní skupina {g}")),
                description: Set(None),
                target_groups: Set(String::new()),
                parent_id: Set(None),
                founded: Set(Some(today - Duration::days(3650))),
                dissolved: Set(None),
                version: Set(1),
                ..Default::default()
            })
            .collect(),
    )
    .await?;
    let groups: Vec<i32> = ids::<work_group::Entity>(store, tenant).await?;
    insert_chunks(
        store,
        (0..scale.members)
            .map(|m| member::ActiveModel {
                tenant_id: Set(tenant),
                name: Set(super::people::name(m % 480) + &format!(" {m}")),
                email: Set(Some(format!("clen{m}@skupiny.kpss.cz"))),
                phone: Set(None),
                organisation_id: Set(None),
                organisation_name: Set(None),
                publish_contact: Set(m % 3 == 0),
                account_id: Set(None),
                version: Set(1),
                ..Default::default()
            })
            .collect(),
    )
    .await?;
    let members: Vec<i32> = ids::<member::Entity>(store, tenant).await?;
    let per_group = members.len().div_ceil(groups.len().max(1));
    let group_of = |i: usize| groups[(i / per_group.max(1)).min(groups.len() - 1)];
    insert_chunks(
        store,
        members
            .iter()
            .enumerate()
            .map(|(i, m)| membership::ActiveModel {
                tenant_id: Set(tenant),
                member_id: Set(*m),
                work_group_id: Set(group_of(i)),
                kp_role: Set(Some(
                    ["poskytovatel", "zadavatel", "uzivatel", "pecovatel"][i % 4].to_owned(),
                )),
                // The first of each group leads it.
                function: Set(if i % per_group.max(1) == 0 {
                    "manazer"
                } else {
                    "clen"
                }
                .to_owned()),
                since: Set(today - Duration::days(1000)),
                until: Set(None),
                edits_plan: Set(false),
                ..Default::default()
            })
            .collect(),
    )
    .await?;
    let per_group_meetings = scale.meetings.div_ceil(groups.len().max(1));
    let now = crate::now();
    insert_chunks(
        store,
        (0..scale.meetings)
            .map(|n| {
                let (g, k) = (n / per_group_meetings, n % per_group_meetings);
                let back = i64::try_from(k).unwrap_or(0) * 73 + 1;
                let starts = now - Duration::days(back);
                meeting::ActiveModel {
                    tenant_id: Set(tenant),
                    work_group_id: Set(groups[g.min(groups.len() - 1)]),
                    starts_at: Set(starts),
                    ends_at: Set(starts + Duration::minutes(90)),
                    place: Set("Magistrát, zasedací místnost 301".to_owned()),
                    agenda: Set(Some("1. Zahájení\n2. Hodnocení\n3. Různé".to_owned())),
                    guests: Set(String::new()),
                    minutes: Set(Some(format!(
                        "## Schůzka {n}\n\nSkupina projednala plnění opatření.\n\n- Závěr {k}"
                    ))),
                    published_at: Set(Some(starts + Duration::days(3))),
                    published_by: Set(None),
                    version: Set(3),
                    ..Default::default()
                }
            })
            .collect(),
    )
    .await?;
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::TenantId.eq(tenant))
        .all(store.db())
        .await?;
    let mut people_of: std::collections::HashMap<i32, Vec<i32>> = Default::default();
    for (i, m) in members.iter().enumerate() {
        people_of.entry(group_of(i)).or_default().push(*m);
    }
    let mut attendance = Vec::new();
    let mut tasks = Vec::new();
    for (n, mt) in meetings.iter().enumerate() {
        let people = people_of
            .get(&mt.work_group_id)
            .cloned()
            .unwrap_or_default();
        for (i, p) in people.iter().enumerate() {
            attendance.push(meeting_attendance::ActiveModel {
                meeting_id: Set(mt.id),
                member_id: Set(*p),
                presence: Set(if (i + n) % 7 == 0 {
                    "omluven"
                } else {
                    "pritomen"
                }
                .to_owned()),
            });
        }
        tasks.push(meeting_task::ActiveModel {
            tenant_id: Set(tenant),
            meeting_id: Set(mt.id),
            position: Set(0),
            text: Set(format!("Připravit podklady ke schůzce {n}")),
            // Tasks of a group go to its first two members in turn.
            owner_id: Set(people.get(n % 2).copied()),
            deadline: Set(Some(today + Duration::days(30))),
            done: Set(n % 3 == 0),
            ..Default::default()
        });
    }
    insert_chunks(store, attendance).await?;
    insert_chunks(store, tasks).await?;
    Ok(members[1])
}

/// The ids of the tenant's rows of a table with `tenant_id`, in id order.
async fn ids<E>(store: &Store, tenant: i32) -> Result<Vec<i32>>
where
    E: EntityTrait,
    E::Model: HasIdAndTenant,
{
    let mut out: Vec<i32> = E::find()
        .all(store.db())
        .await?
        .into_iter()
        .filter(|m| m.tenant() == tenant)
        .map(|m| m.id())
        .collect();
    out.sort_unstable();
    Ok(out)
}

/// A row with an id and a tenant.
trait HasIdAndTenant {
    fn id(&self) -> i32;
    fn tenant(&self) -> i32;
}

impl HasIdAndTenant for work_group::Model {
    fn id(&self) -> i32 {
        self.id
    }
    fn tenant(&self) -> i32 {
        self.tenant_id
    }
}

impl HasIdAndTenant for member::Model {
    fn id(&self) -> i32 {
        self.id
    }
    fn tenant(&self) -> i32 {
        self.tenant_id
    }
}
