//! Reminders of reports due: each organisation that still owes a report in an open round hears
//! a set number of days before the deadline and every week after it. Run by every node; the
//! key of each reminder keeps it from being queued twice.

use std::collections::HashMap;
use std::time::Duration;

use kpss_domain::czech::format_date;
use kpss_domain::evaluation::reminder::{Reminder, due};
use kpss_store::Store;

use super::notice::{Notice, editors_of};

/// Where the reminders point and how early they come.
#[derive(Debug, Clone)]
pub struct Reminders {
    /// The address kpss is reached at, for the link.
    pub base_url: String,
    /// Days before the deadline of the first reminder; 0: none before it.
    pub days_before: u16,
}

impl Reminders {
    /// Queues the reminders due `today`; returns how many were queued.
    pub async fn queue_due(&self, store: &Store, today: time::Date) -> Result<usize, String> {
        let owing = kpss_store::evaluation::owing(store)
            .await
            .map_err(|e| e.to_string())?;
        let tenants: HashMap<i32, String> = kpss_store::tenant::all(store)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let mut accounts = HashMap::new();
        let mut queued = 0;
        for o in owing {
            let Some(reminder) = due(o.deadline, today, self.days_before) else {
                continue;
            };
            let known = match accounts.entry(o.tenant) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(
                    kpss_store::account::all(store, o.tenant)
                        .await
                        .map_err(|e| e.to_string())?,
                ),
            };
            let to = editors_of(known, &[o.organisation]);
            if to.is_empty() {
                continue;
            }
            let deadline = format_date(o.deadline);
            let (subject, line) = match reminder {
                Reminder::Before => (
                    format!(
                        "Připomínka: hodnocení akčního plánu {} do {deadline}",
                        o.year
                    ),
                    format!(
                        "připomínáme, že hodnocení karet aktivit za rok {} je třeba odevzdat do \
                         {deadline}. Některé karty vaší organizace ještě odevzdané nejsou.",
                        o.year
                    ),
                ),
                Reminder::Overdue { .. } => (
                    format!("Hodnocení akčního plánu {} je po termínu", o.year),
                    format!(
                        "termín odevzdání hodnocení karet aktivit za rok {} uplynul {deadline}, \
                         a některé karty vaší organizace odevzdané ani opravené nejsou. \
                         Odevzdejte je prosím co nejdříve.",
                        o.year
                    ),
                ),
            };
            let tenant = tenants.get(&o.tenant).map_or("", String::as_str);
            let drafts = Notice {
                kind: "pripominka",
                cause: format!(
                    "pripominka-{}-org-{}-{}",
                    o.action_plan,
                    o.organisation,
                    reminder.key()
                ),
                subject,
                lines: vec![line],
                link: (
                    format!("{}/akcni-plany/{}/hodnoceni", self.base_url, o.action_plan),
                    "Karty k hodnocení",
                ),
                tenant,
            }
            .to(&to)
            .map_err(|e| e.to_string())?;
            queued += kpss_store::mail::queue(store, o.tenant, &drafts)
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok(queued)
    }

    /// Checks for due reminders every `every`, for ever.
    pub async fn run(self, store: Store, every: Duration) {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match self.queue_due(&store, kpss_domain::czech::today()).await {
                Ok(0) => {}
                Ok(queued) => tracing::info!(queued, "reminders"),
                Err(e) => tracing::warn!("reminders: {e}"),
            }
        }
    }
}
