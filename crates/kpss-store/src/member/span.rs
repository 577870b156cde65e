//! A member's memberships: added, changed, ended or removed, never two of one group sharing a
//! day.

use super::*;

/// Refuses a span that shares a day with another membership of the member in the same group
/// (`except`: the membership being changed). Checked in the writing transaction.
pub(super) async fn check_overlap<C: ConnectionTrait>(
    c: &C,
    tenant: i32,
    member: i32,
    draft: &MembershipDraft,
    except: Option<i32>,
) -> Result<()> {
    let clash = spans(c, tenant, member).await?.into_iter().any(|m| {
        Some(m.id) != except
            && m.draft.group == draft.group
            && m.draft.overlaps(draft.since, draft.until)
    });
    if clash {
        return Err(Error::field("since", FieldError::MembershipOverlaps));
    }
    Ok(())
}

/// The group must be the tenant's.
pub(super) async fn check_group<C: ConnectionTrait>(c: &C, tenant: i32, group: i32) -> Result<()> {
    let found = work_group::Entity::find_by_id(group)
        .filter(work_group::Column::TenantId.eq(tenant))
        .one(c)
        .await?;
    if found.is_none() {
        return Err(Error::field("group", FieldError::UnknownValue));
    }
    Ok(())
}

pub(super) fn span_row(
    tenant: i32,
    member: i32,
    draft: &MembershipDraft,
) -> membership::ActiveModel {
    membership::ActiveModel {
        tenant_id: Set(tenant),
        member_id: Set(member),
        work_group_id: Set(draft.group),
        kp_role: Set(draft.kp_role.map(|r| r.code().to_owned())),
        function: Set(draft.function.code().to_owned()),
        since: Set(draft.since),
        until: Set(draft.until),
        ..Default::default()
    }
}

/// Adds a member to a group for a span of days; only the coordinator may.
pub async fn add_membership(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    member: i32,
    draft: &MembershipDraft,
) -> Result<Membership> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    // The member row is locked first, so two additions for one member are checked in turn.
    lock(&txn, tenant, member).await?;
    check_group(&txn, tenant, draft.group).await?;
    check_overlap(&txn, tenant, member, draft, None).await?;
    let created = join(&txn, (tenant, actor.account_id), member, draft).await?;
    txn.commit().await?;
    Ok(created)
}

/// Changes a membership (its role, function or days); only the coordinator may.
pub async fn update_membership(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (member, id): (i32, i32),
    draft: &MembershipDraft,
) -> Result<Membership> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    lock(&txn, tenant, member).await?;
    let before = spans(&txn, tenant, member)
        .await?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or(Error::NotFound)?;
    check_group(&txn, tenant, draft.group).await?;
    check_overlap(&txn, tenant, member, draft, Some(id)).await?;
    let mut change = span_row(tenant, member, draft);
    change.id = Set(id);
    let after = Membership::from_model(membership::Entity::update(change).exec(&txn).await?)?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("member", member),
        "membership-update",
        Some(&before.draft),
        Some(&after.draft),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Removes a membership entered by mistake (one that ended is kept with its last day instead);
/// only the coordinator may.
pub async fn remove_membership(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    (member, id): (i32, i32),
) -> Result<()> {
    if !actor.is_admin() {
        return Err(Error::Forbidden);
    }
    let txn = store.write().await?;
    lock(&txn, tenant, member).await?;
    let before = spans(&txn, tenant, member)
        .await?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or(Error::NotFound)?;
    membership::Entity::delete_by_id(id).exec(&txn).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("member", member),
        "membership-remove",
        Some(&before.draft),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends a membership the day before `day`, or removes it when it begins on `day` or later.
pub(super) async fn end_span<C: ConnectionTrait>(c: &C, m: &Membership, day: Date) -> Result<()> {
    if m.draft.since >= day {
        membership::Entity::delete_by_id(m.id).exec(c).await?;
    } else {
        membership::Entity::update_many()
            .col_expr(membership::Column::Until, Expr::value(day.previous_day()))
            .filter(membership::Column::Id.eq(m.id))
            .exec(c)
            .await?;
    }
    Ok(())
}
