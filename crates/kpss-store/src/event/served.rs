//! What an event serves, as its pages and forms name it: the measure of the plan and, for a
//! project's event, the activity card.

use super::*;

/// The project (activity card) an event belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub card: i32,
    pub title: String,
    /// The year of the card's action plan, in which its events are held.
    pub year: i32,
    pub organisation: i32,
}

/// The measure an event serves and, for a project's event, the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub plan: i32,
    pub measure: i32,
    /// „SEN 1.1“.
    pub measure_code: String,
    pub measure_text: String,
    /// The code of the group the measure's part is assigned to.
    pub group_code: Option<String>,
    pub project: Option<Project>,
}

impl Served {
    /// Whom an event of this would belong to, for [`kpss_domain::event::may_run`].
    #[must_use]
    pub fn owner(&self) -> EventOwner<'_> {
        EventOwner {
            group: self.group_code.as_deref(),
            organisation: self.project.as_ref().map(|p| p.organisation),
        }
    }
}

/// The measure and the card behind `serves`; not found unless they are the tenant's.
pub async fn served(store: &Store, tenant: i32, serves: Serves) -> Result<Served> {
    served_in(store.db(), tenant, serves).await
}

/// Like [`served`], inside a transaction that writes the event.
pub(super) async fn served_in<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    serves: Serves,
) -> Result<Served> {
    let (measure, project) = match serves {
        Serves::Measure(m) => (m, None),
        Serves::Card(id) => {
            let card = activity_card::Entity::find_by_id(id)
                .filter(activity_card::Column::TenantId.eq(tenant))
                .one(c)
                .await?
                .ok_or(Error::NotFound)?;
            let year = action_plan::Entity::find_by_id(card.action_plan_id)
                .one(c)
                .await?
                .ok_or(Error::NotFound)?
                .year;
            let project = Project {
                card: card.id,
                title: card.title,
                year,
                organisation: card.organisation_id,
            };
            (card.measure_id, Some(project))
        }
    };
    let m = plan_measure::Entity::find_by_id(measure)
        .filter(plan_measure::Column::TenantId.eq(tenant))
        .one(c)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Served {
        plan: m.plan_id,
        measure,
        measure_code: m.code,
        measure_text: m.text,
        group_code: measure_group(c, tenant, measure).await?,
        project,
    })
}
