//! The consultation of the 6th plan's draft in June 2022: comments by every channel on the
//! whole plan, its parts and measures, one hidden as abusive, all settled by the groups before
//! the council approved the plan.

use kpss_domain::account::Actor;
use kpss_domain::consultation::{
    Channel, CommentDraft, Decision, Moderation, Origin, Section, Settlement,
};
use time::Duration;

use crate::{Result, Store, consultation};

/// (text, reasoning) of what the public asked, by the decision it got.
const SAID: [(&str, &str, Decision); 8] = [
    (
        "Chybí kapacita odlehčovacích služeb v Porubě; rodiny čekají na pobyt i několik měsíců.",
        "Opatření doplněno o navýšení kapacity odlehčovací služby o 6 lůžek v roce 2024.",
        Decision::Accepted,
    ),
    (
        "Navrhuji doplnit spolupráci s praktickými lékaři při vyhledávání osamělých seniorů.",
        "Spolupráce doplněna mezi partnery opatření; samostatné opatření skupina nepovažuje za nutné.",
        Decision::PartlyAccepted,
    ),
    (
        "Plán by měl počítat s bezplatnou dopravou pro všechny uživatele sociálních služeb.",
        "Doprava není sociální službou; návrh předán odboru dopravy, plán jej nemůže zajistit.",
        Decision::Rejected,
    ),
    (
        "Děkujeme za zapojení uživatelů do pracovních skupin, pokračujte prosím.",
        "Děkujeme; zapojení uživatelů pokračuje i v 6. plánu.",
        Decision::Noted,
    ),
    (
        "Terénní služby pro lidi bez domova by měly fungovat i o víkendech.",
        "Víkendový provoz terénního programu doplněn do opatření od roku 2024.",
        Decision::Accepted,
    ),
    (
        "Text plánu je pro veřejnost těžko čitelný, chybí shrnutí.",
        "Doplněno shrnutí plánu v jednoduchém jazyce na začátek dokumentu.",
        Decision::Accepted,
    ),
    (
        "Požadujeme, aby plán zajistil nové chráněné bydlení ve všech obvodech.",
        "Chráněné bydlení rozšířeno ve třech obvodech s největší potřebou; ve všech obvodech \
         to finanční rámec plánu neumožňuje.",
        Decision::PartlyAccepted,
    ),
    (
        "Navrhuji zrušit příspěvek na kulturní akce seniorů a peníze dát do pečovatelské služby.",
        "Aktivizační akce jsou součástí prevence osamělosti; pracovní skupina návrhu nevyhověla.",
        Decision::Rejected,
    ),
];

/// Comments on the plan's sections, settled; the plan is still in consultation.
pub(super) async fn fill_consultation(
    store: &Store,
    tenant: i32,
    plan: i32,
    (measures_per_part, rounds): (usize, usize),
) -> Result<()> {
    let system = Actor::system();
    let Some(found) = consultation::of_plan(store, tenant, plan).await?.pop() else {
        return Ok(());
    };
    let tree = crate::plan::plan(store, tenant, plan).await?;
    let mut sections = vec![Section::Plan];
    for part in &tree.parts {
        sections.push(Section::Part(part.id));
        if rounds > 1 {
            sections.extend(part.goals.iter().map(|g| Section::Goal(g.id)));
        }
        sections.extend(
            part.measures()
                .take(measures_per_part)
                .map(|m| Section::Measure(m.id)),
        );
    }
    // A much-discussed draft: every section commented on more than once.
    let sections: Vec<Section> = (0..rounds.max(1)).flat_map(|_| sections.clone()).collect();
    let opens = found.period.opens_on;
    let days_open = (found.period.closes_on - opens).whole_days().max(1);
    let channels = [
        Channel::Web,
        Channel::Web,
        Channel::Paper,
        Channel::Email,
        Channel::Hearing,
        Channel::Letter,
        Channel::Meeting,
    ];
    for (n, section) in sections.iter().enumerate() {
        let (text, reasoning, decision) = SAID[n % SAID.len()];
        let days = i64::try_from(n).unwrap_or(0) % days_open;
        let received_on = opens + Duration::days(days);
        let named = n % 3 != 0;
        let name = super::people::name(n + 2000);
        let draft = CommentDraft {
            text: text.to_owned(),
            name: named.then(|| name.clone()),
            organisation: (n % 4 == 1).then(|| "Spolek pečujících (demo)".to_owned()),
            email: None,
        };
        let origin = Origin {
            channel: channels[n % channels.len()],
            received_on,
        };
        let created =
            consultation::add_staff(store, tenant, &system, (found.id, *section), origin, &draft)
                .await?;
        let settlement = Settlement {
            decision,
            reasoning: reasoning.to_owned(),
        };
        consultation::settle(
            store,
            tenant,
            &system,
            (created.id, created.version),
            (&settlement, None),
        )
        .await?;
    }
    let abuse = CommentDraft {
        text: "Všechno je to k ničemu (demo).".to_owned(),
        name: None,
        organisation: None,
        email: None,
    };
    let origin = Origin {
        channel: Channel::Web,
        received_on: opens + Duration::days(days_open / 2),
    };
    let hidden = consultation::add_staff(
        store,
        tenant,
        &system,
        (found.id, Section::Plan),
        origin,
        &abuse,
    )
    .await?;
    consultation::moderate(
        store,
        tenant,
        &system,
        (hidden.id, hidden.version),
        (
            Moderation::Abusive,
            Some("Urážlivý obsah bez návrhu ke znění plánu.".into()),
        ),
    )
    .await
}

/// Fills a consultation with `count` comments spread over the draft's sections and every
/// channel, two in three settled, in bulk (for `kpss bench consultation`).
pub async fn fill_consultation_scale(
    store: &Store,
    tenant: i32,
    consultation: i32,
    count: usize,
) -> Result<()> {
    use sea_orm::{ActiveValue::Set, EntityTrait};

    use crate::entity::consultation_comment;
    let found = consultation::consultation(store, tenant, consultation).await?;
    let plan = found.plan_id.ok_or(crate::Error::NotFound)?;
    let tree = crate::plan::plan(store, tenant, plan).await?;
    let mut sections = vec![Section::Plan];
    for part in &tree.parts {
        sections.push(Section::Part(part.id));
        for goal in &part.goals {
            sections.push(Section::Goal(goal.id));
            sections.extend(goal.measures.iter().map(|m| Section::Measure(m.id)));
        }
    }
    let now = crate::now();
    let rows: Vec<consultation_comment::ActiveModel> = (0..count)
        .map(|n| {
            let (text, reasoning, decision) = SAID[n % SAID.len()];
            let settled = n % 3 != 0;
            consultation_comment::ActiveModel {
                tenant_id: Set(tenant),
                consultation_id: Set(consultation),
                section: Set(sections[n % sections.len()].code()),
                channel: Set(Channel::ALL[n % Channel::ALL.len()].code().to_owned()),
                received_on: Set(found.period.opens_on),
                text: Set(format!("{text} ({n})")),
                author_name: Set((n % 2 == 0).then(|| super::people::name(n))),
                moderation: Set(Moderation::Published.code().to_owned()),
                decision: Set(settled.then(|| decision.code().to_owned())),
                reasoning: Set(settled.then(|| reasoning.to_owned())),
                settled_at: Set(settled.then_some(now)),
                version: Set(1),
                created_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(500) {
        let txn = store.write().await?;
        consultation_comment::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
        txn.commit().await?;
    }
    Ok(())
}
