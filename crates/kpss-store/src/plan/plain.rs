//! The plain-language texts of a plan ([`kpss_domain::plan::plain`]): read as a map of section
//! keys, saved whole in one transaction with the audit, guarded by the version the form was
//! opened on.

use std::collections::BTreeMap;

use kpss_domain::account::Actor;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::require_admin;
use crate::entity::plain_language;
use crate::{Conflict, Error, Result, Store};

/// The texts of a plan's plain version and the version a form sends back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlainTexts {
    /// Section key (`plan`, `part-12`, `goal-5`) → text; sections without a text are absent.
    pub texts: BTreeMap<String, String>,
    /// 0 until first saved.
    pub version: i32,
}

impl PlainTexts {
    /// The text of a section, if written.
    #[must_use]
    pub fn get(&self, section: kpss_domain::plan::plain::Section) -> Option<&str> {
        self.texts.get(&section.key()).map(String::as_str)
    }
}

/// The plain texts of plan `plan` of `tenant`.
pub async fn texts(store: &Store, tenant: i32, plan: i32) -> Result<PlainTexts> {
    match plain_language::Entity::find_by_id(plan)
        .one(store.db())
        .await?
    {
        Some(m) if m.tenant_id == tenant => Ok(PlainTexts {
            texts: crate::decode("plain texts", &m.texts, |t| serde_json::from_str(t).ok())?,
            version: m.version,
        }),
        _ => Ok(PlainTexts::default()),
    }
}

/// Replaces the plain texts of `plan` with `texts` (empty ones dropped); the coordinator
/// only, from the version the form was opened on.
pub async fn save(
    store: &Store,
    tenant: i32,
    actor: &Actor,
    plan: i32,
    version: i32,
    texts: &BTreeMap<String, String>,
) -> Result<()> {
    require_admin(actor)?;
    // The plan must be the tenant's: a key of another tenant's plan is no plan at all.
    super::plan(store, tenant, plan).await?;
    let texts: BTreeMap<&String, &String> =
        texts.iter().filter(|(_, t)| !t.trim().is_empty()).collect();
    let json = serde_json::to_string(&texts).map_err(|e| Error::Unreadable {
        what: "plain texts",
        value: e.to_string(),
    })?;
    let txn = store.write().await?;
    let before = plain_language::Entity::find_by_id(plan).one(&txn).await?;
    if before.as_ref().map_or(0, |m| m.version) != version {
        return Err(Error::Conflict(Conflict::StaleVersion));
    }
    let model = plain_language::ActiveModel {
        plan_id: Set(plan),
        tenant_id: Set(tenant),
        texts: Set(json.clone()),
        version: Set(version + 1),
        updated_at: Set(crate::now()),
    };
    // The version is checked by the write itself: of two saves from one version, one wins.
    let stale = Error::Conflict(Conflict::StaleVersion);
    if before.is_some() {
        let done = plain_language::Entity::update_many()
            .set(model)
            .filter(plain_language::Column::PlanId.eq(plan))
            .filter(plain_language::Column::Version.eq(version))
            .exec(&txn)
            .await?;
        if done.rows_affected != 1 {
            return Err(stale);
        }
    } else {
        plain_language::Entity::insert(model)
            .exec_without_returning(&txn)
            .await
            .map_err(|e| match Error::from(e) {
                Error::Conflict(Conflict::Duplicate) => stale,
                other => other,
            })?;
    }
    crate::audit::record(
        &txn,
        tenant,
        actor.account_id,
        ("plain_language", plan),
        if before.is_some() { "update" } else { "create" },
        before.as_ref().map(|m| &m.texts),
        Some(&json),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
