//! Settling a comment: a decision with its reasoning and the change of the draft it caused,
//! chosen among the changes logged since the draft went to consultation.

use kpss_domain::FieldError;
use kpss_domain::account::Actor;
use kpss_domain::consultation::{Moderation, Section, Settlement};
use kpss_domain::plan::PlanStatus;
use sea_orm::ActiveValue::Set;

use super::{Comment, Consultation, Subject, comment};
use crate::entity::consultation_comment;
use crate::{Error, Result, Store};

/// The code a logged change of a plan item names, before or after it.
fn code_in(json: Option<&str>) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(json?).ok()?;
    value.get("code")?.as_str().map(str::to_owned)
}

/// The changes of the draft since it went to consultation that a settlement of this comment
/// may link: those of the section's item (by its code), all of a part's for a comment on the
/// part, every one for a comment on the whole plan; oldest first.
pub async fn changes(
    store: &Store,
    tenant: i32,
    comment: &Comment,
) -> Result<Vec<crate::audit::Entry>> {
    let found = super::consultation(store, tenant, comment.consultation).await?;
    let subject = super::subject(store, tenant, &found).await?;
    candidates(store, tenant, (&found, &subject), comment.section).await
}

async fn candidates(
    store: &Store,
    tenant: i32,
    (found, subject): (&Consultation, &Subject),
    section: Section,
) -> Result<Vec<crate::audit::Entry>> {
    let tree = match subject {
        Subject::Plan(tree) => tree,
        // A document's comments are worked in by its new versions and its description.
        Subject::Document { document, .. } => {
            let mut logged = crate::audit::history(store, tenant, "document", document.id).await?;
            logged.retain(|e| {
                e.at > found.opened_at && matches!(e.action.as_str(), "add_version" | "update")
            });
            logged.sort_by_key(|e| e.id);
            return Ok(logged);
        }
    };
    let mut logged = crate::audit::history(store, tenant, "plan", tree.plan.id).await?;
    let parts: Vec<i32> = tree.parts.iter().map(|p| p.id).collect();
    let by_part = crate::audit::history_of(store, tenant, "plan_part", &parts).await?;
    let code = match section {
        Section::Plan | Section::Document => None,
        Section::Part(id) => tree
            .parts
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.draft.code.clone()),
        Section::Goal(id) => tree
            .parts
            .iter()
            .flat_map(|p| &p.goals)
            .find(|g| g.id == id)
            .map(|g| g.draft.code.clone()),
        Section::Measure(id) => tree
            .measures()
            .find(|m| m.id == id)
            .map(|m| m.draft.code.clone()),
    };
    let names = |e: &crate::audit::Entry| {
        code.as_ref().is_some_and(|c| {
            [e.before.as_deref(), e.after.as_deref()]
                .into_iter()
                .any(|j| code_in(j).as_ref() == Some(c))
        })
    };
    logged.retain(|e| section == Section::Plan || names(e));
    logged.extend(by_part.into_iter().filter(|e| match section {
        Section::Plan => true,
        Section::Part(id) => e.entity_id == id || names(e),
        Section::Goal(_) | Section::Measure(_) | Section::Document => names(e),
    }));
    logged.retain(|e| {
        e.at > found.opened_at && !matches!(e.action.as_str(), "lock" | "unlock" | "take_over")
    });
    logged.sort_by_key(|e| e.id);
    Ok(logged)
}

/// The first change of a goal or measure since the draft went to consultation: its `before`
/// is the wording the public commented on (none: the item was added since). `None` when the
/// item has not changed, and for the whole plan and its parts, whose texts are not consulted
/// word by word.
pub async fn first_change(
    store: &Store,
    tenant: i32,
    (found, subject): (&Consultation, &Subject),
    section: Section,
) -> Result<Option<crate::audit::Entry>> {
    if matches!(
        section,
        Section::Plan | Section::Part(_) | Section::Document
    ) {
        return Ok(None);
    }
    Ok(candidates(store, tenant, (found, subject), section)
        .await?
        .into_iter()
        .next())
}

/// Settles a published comment, linking the change of the draft it caused (one of
/// [`changes`]): the coordinator, or the manager of the group whose part it concerns. Once the
/// plan is approved its settlement table no longer changes.
pub async fn settle(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    key: (i32, i32),
    (settlement, change): (&Settlement, Option<i32>),
) -> Result<()> {
    let before = comment(store, tenant, key.0).await?;
    let found = super::consultation(store, tenant, before.consultation).await?;
    let subject = super::subject(store, tenant, &found).await?;
    // A section removed from the draft since is the coordinator's to settle.
    let group = subject.group(before.section);
    if !kpss_domain::consultation::may_settle(actor, group.as_deref()) {
        return Err(Error::Forbidden);
    }
    if let Some(tree) = subject.tree()
        && matches!(
            tree.plan.status,
            PlanStatus::Approved | PlanStatus::Archived
        )
    {
        return Err(Error::Conflict(crate::Conflict::NotEditable));
    }
    if before.moderation != Moderation::Published {
        return Err(Error::Conflict(crate::Conflict::Transition));
    }
    if let Some(id) = change {
        let linkable = candidates(store, tenant, (&found, &subject), before.section).await?;
        if !linkable.iter().any(|e| e.id == id) {
            return Err(Error::field("change", FieldError::UnknownValue));
        }
    }
    let txn = store.write().await?;
    let row = consultation_comment::ActiveModel {
        decision: Set(Some(settlement.decision.code().to_owned())),
        reasoning: Set(Some(settlement.reasoning.clone())),
        settled_by: Set(actor.account_id),
        settled_at: Set(Some(crate::now())),
        change_id: Set(change),
        ..Default::default()
    };
    crate::versioned::bump(&txn, key, row).await?;
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("consultation_comment", key.0),
        "settle",
        Some(&(before.settlement.as_ref(), before.change)),
        Some(&(settlement, change)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
