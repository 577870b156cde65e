//! The account side of memberships: the groups an account leads (its manager rights), the
//! account form's group choice, and a login made for a member.

use super::span::end_span;
use super::*;

/// The codes of the groups each of these accounts leads on `day` (a „manažer“ membership of
/// the account's member).
pub(crate) async fn led_codes<C: ConnectionTrait>(
    c: &C,
    accounts: &[i32],
    day: Date,
) -> Result<HashMap<i32, Vec<String>>> {
    if accounts.is_empty() {
        return Ok(HashMap::new());
    }
    let people: HashMap<i32, i32> = member::Entity::find()
        .filter(member::Column::AccountId.is_in(accounts.iter().copied()))
        .all(c)
        .await?
        .into_iter()
        .filter_map(|m| m.account_id.map(|a| (m.id, a)))
        .collect();
    if people.is_empty() {
        return Ok(HashMap::new());
    }
    let spans = membership::Entity::find()
        .filter(membership::Column::MemberId.is_in(people.keys().copied()))
        .filter(membership::Column::Function.eq(Function::Manager.code()))
        .filter(active_on(day))
        .all(c)
        .await?;
    // A dissolved group is led by nobody.
    let codes: HashMap<i32, String> = work_group::Entity::find()
        .filter(work_group::Column::Id.is_in(spans.iter().map(|s| s.work_group_id)))
        .filter(
            sea_orm::Condition::any()
                .add(work_group::Column::Dissolved.is_null())
                .add(work_group::Column::Dissolved.gt(day)),
        )
        .all(c)
        .await?
        .into_iter()
        .map(|g| (g.id, g.code))
        .collect();
    let mut out: HashMap<i32, Vec<String>> = HashMap::new();
    for s in spans {
        if let (Some(account), Some(code)) = (people.get(&s.member_id), codes.get(&s.work_group_id))
        {
            let led = out.entry(*account).or_default();
            if !led.contains(code) {
                led.push(code.clone());
            }
        }
    }
    for led in out.values_mut() {
        led.sort();
    }
    Ok(out)
}

/// Makes the account lead exactly the groups of `codes` from `day`: a „manažer“ membership is
/// added for a group it does not lead yet and ended the day before for one it no longer leads
/// (or removed, when it began that very day). The account's member is made when it has none.
pub(crate) async fn set_led<C: ConnectionTrait>(
    c: &C,
    (tenant, actor): (i32, Option<i32>),
    account: &account::Model,
    codes: &[String],
    day: Date,
) -> Result<()> {
    let groups: Vec<work_group::Model> = work_group::Entity::find()
        .filter(work_group::Column::TenantId.eq(tenant))
        .all(c)
        .await?;
    let mut wanted = Vec::new();
    for code in codes {
        match groups.iter().find(|g| &g.code == code) {
            Some(g) => wanted.push(g.id),
            None => {
                return Err(Error::field("groups", FieldError::UnknownValue));
            }
        }
    }
    let existing = member::Entity::find()
        .filter(member::Column::TenantId.eq(tenant))
        .filter(member::Column::AccountId.eq(account.id))
        .one(c)
        .await?;
    let person = match existing {
        Some(m) => m.id,
        None if wanted.is_empty() => return Ok(()),
        None => {
            let draft = MemberDraft {
                name: account.name.clone(),
                email: Some(account.email.clone()),
                phone: None,
                organisation: None,
                organisation_name: None,
                publish_contact: false,
            };
            insert(c, tenant, actor, &draft, Some(account.id)).await?.id
        }
    };
    lock(c, tenant, person).await?;
    let current = spans(c, tenant, person).await?;
    let leads = |m: &&Membership| m.draft.function == Function::Manager && m.draft.is_active(day);
    let before: Vec<i32> = current
        .iter()
        .filter(leads)
        .map(|m| m.draft.group)
        .collect();
    if before.iter().all(|g| wanted.contains(g)) && wanted.iter().all(|g| before.contains(g)) {
        return Ok(());
    }
    for m in current.iter().filter(leads) {
        if !wanted.contains(&m.draft.group) {
            end_span(c, m, day).await?;
        }
    }
    for group in wanted.iter().copied().filter(|g| !before.contains(g)) {
        // The role the person has in the group already (or had last anywhere) carries over.
        let role = current
            .iter()
            .find(|m| m.draft.group == group && m.draft.kp_role.is_some())
            .or_else(|| current.iter().find(|m| m.draft.kp_role.is_some()))
            .and_then(|m| m.draft.kp_role);
        // A membership of the group from today on gives way: the person now leads it.
        for m in current
            .iter()
            .filter(|m| m.draft.group == group && m.draft.until.is_none_or(|u| u >= day))
        {
            end_span(c, m, day).await?;
        }
        let draft = MembershipDraft {
            group,
            kp_role: role,
            function: Function::Manager,
            since: day,
            until: None,
        };
        join(c, (tenant, actor), person, &draft).await?;
    }
    crate::audit::record(
        c,
        tenant,
        actor,
        ("member", person),
        "lead",
        Some(&before),
        Some(&wanted),
    )
    .await?;
    Ok(())
}

/// Gives a member a login: an account with the member's name and e-mail, a manager's when the
/// member leads a group today, else a member's. Returns the new account's id.
pub async fn invite(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    member: i32,
    password_hash: String,
) -> Result<i32> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    lock(&txn, tenant, member).await?;
    let person = find(&txn, tenant, member).await?;
    if person.account.is_some() {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    let Some(email) = person.draft.email.as_deref() else {
        return Err(Error::field("email", FieldError::Required));
    };
    let today = kpss_domain::czech::today();
    let leads = spans(&txn, tenant, member)
        .await?
        .iter()
        .any(|m| m.draft.function == Function::Manager && m.draft.is_active(today));
    let role = if leads {
        kpss_domain::account::Role::Manager
    } else {
        kpss_domain::account::Role::Member
    };
    let created = crate::account::insert(
        &txn,
        tenant,
        actor.account_id,
        crate::account::NewAccount {
            email,
            name: &person.draft.name,
            role,
            password_hash,
            organisations: &[],
            groups: &[],
        },
    )
    .await?;
    member::Entity::update_many()
        .col_expr(member::Column::AccountId, Expr::value(created.id))
        .filter(member::Column::Id.eq(member))
        .filter(member::Column::TenantId.eq(tenant))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(created.id)
}
