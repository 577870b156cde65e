//! The demo city's meetings: every group met each quarter of the last two years, with the
//! attendance recorded and the minutes published, and meets again in two weeks.

use kpss_domain::account::Actor;
use kpss_domain::meeting::{MeetingDraft, Presence, TaskDraft};
use kpss_domain::member::Function;
use time::{Date, Duration, PrimitiveDateTime};

use crate::work_group::WorkGroup;
use crate::{Result, Store, meeting, member};

/// Quarters back the demo's meetings reach.
const QUARTERS: i64 = 8;

/// What a quarter's meeting dealt with, in turn.
const TOPICS: [(&str, &str); 4] = [
    (
        "Vyhodnocení karet aktivit a plnění opatření",
        "Skupina prošla hodnocení karet aktivit svých opatření a shodla se na komentáři k \
         plnění. U opatření s nízkým plněním navrhuje prověřit kapacity služeb.",
    ),
    (
        "Potřeby cílové skupiny a SWOT",
        "Členové doplnili silné a slabé stránky sítě služeb. Jako hlavní hrozbu vidí \
         nedostatek pracovníků v přímé péči.",
    ),
    (
        "Příprava akčního plánu na další rok",
        "Poskytovatelé představili záměry nových aktivit. Skupina doporučuje zařadit do akčního \
         plánu dvě nové karty.",
    ),
    (
        "Informace z řídící skupiny a financování",
        "Koordinátor informoval o dotačním řízení kraje a o termínech hodnocení. Skupina \
         vzala informace na vědomí.",
    ),
];

/// Fills the groups' meetings; `groups`: the tenant's groups.
pub(super) async fn fill_meetings(store: &Store, tenant: i32, groups: &[WorkGroup]) -> Result<()> {
    let system = Actor::system();
    let today = kpss_domain::czech::today();
    for (g, group) in groups.iter().enumerate() {
        let people = member::group_people(store, tenant, group.id, today).await?;
        let offset = i64::try_from(g).unwrap_or(0);
        for quarter in (1..=QUARTERS).rev() {
            let day = today - Duration::days(91 * quarter - offset);
            let planned =
                meeting::create_meeting(store, tenant, &system, group.id, &at(day)).await?;
            let present: Vec<(i32, Presence)> = people
                .iter()
                .enumerate()
                .filter(|(_, (_, s))| s.draft.is_active(day))
                .map(|(i, (m, _))| {
                    let presence = match (i + usize::try_from(quarter).unwrap_or(0)) % 7 {
                        0 => Presence::Excused,
                        3 if i % 2 == 1 => Presence::Absent,
                        _ => Presence::Present,
                    };
                    (m.id, presence)
                })
                .collect();
            meeting::record_attendance(
                store,
                tenant,
                &system,
                (planned.id, planned.version),
                (&present, &[]),
            )
            .await?;
            let (topic, conclusion) = TOPICS[usize::try_from(quarter).unwrap_or(0) % TOPICS.len()];
            let came = present
                .iter()
                .filter(|(_, p)| *p == Presence::Present)
                .count();
            let minutes = format!(
                "## {topic}\n\nSkupina {} (demo), přítomní členové: {came}.\n\n{conclusion}\n\n\
                 ## Závěry\n\n- Skupina bere informace na vědomí.\n- Další schůzka za čtvrt roku.",
                group.draft.name
            );
            // The deputy (or whoever speaks for the group) takes the quarter's task.
            let owner = people
                .iter()
                .find(|(_, s)| {
                    s.draft.is_active(day)
                        && matches!(s.draft.function, Function::Deputy | Function::Manager)
                })
                .map(|(m, _)| m.id);
            let task = TaskDraft {
                text: format!("Připravit podklady k bodu „{topic}“ na příští schůzku"),
                owner,
                deadline: Some(day + Duration::days(60)),
            };
            // The attendance sheet goes with the minutes.
            let sheet = format!(
                "%PDF-1.4\n% Prezenční listina – {} (demo)\n%%EOF\n",
                group.draft.name
            );
            meeting::attach(
                store,
                tenant,
                &system,
                planned.id,
                (
                    "prezencni-listina.pdf",
                    "application/pdf",
                    sheet.into_bytes(),
                ),
            )
            .await?;
            meeting::save_minutes(
                store,
                tenant,
                &system,
                (planned.id, planned.version + 1),
                (&minutes, std::slice::from_ref(&task)),
                true,
            )
            .await?;
            // What the next quarter's meeting was due to check is done; the last one is open.
            if quarter > 1 {
                for t in meeting::tasks(store, tenant, planned.id).await? {
                    meeting::set_task_done(store, tenant, &system, t.id, true).await?;
                }
            }
        }
        meeting::create_meeting(
            store,
            tenant,
            &system,
            group.id,
            &at(today + Duration::days(14 + offset)),
        )
        .await?;
    }
    Ok(())
}

/// A meeting at 14:00–15:30 on `day` in the city hall.
fn at(day: Date) -> MeetingDraft {
    let time = |h, m| time::Time::from_hms(h, m, 0).unwrap_or(time::Time::MIDNIGHT);
    MeetingDraft {
        starts: PrimitiveDateTime::new(day, time(14, 0)),
        ends: PrimitiveDateTime::new(day, time(15, 30)),
        place: "Magistrát města, zasedací místnost 301 (demo)".to_owned(),
        agenda: Some("1. Zahájení\n2. Hlavní bod\n3. Různé".to_owned()),
    }
}
