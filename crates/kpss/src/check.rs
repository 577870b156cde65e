//! `kpss check rollups`: counts every card again and compares with the sums the reports read.

use anyhow::bail;
use kpss_domain::action_plan::rollup::Mismatch;
use kpss_store::Store;
use kpss_store::action_plan::rollup;

/// One line per mismatch, in Czech.
fn describe(mismatch: &Mismatch) -> String {
    match mismatch {
        Mismatch::Cards {
            key,
            stored,
            counted,
        } => format!(
            "akční plán {}, opatření {}, stav {}/{}: uloženo {} karet, {} / {} klientů; \
             spočteno {} karet, {} / {} klientů",
            key.action_plan,
            key.measure,
            key.report_state,
            if key.status.is_empty() {
                "–"
            } else {
                &key.status
            },
            stored.cards,
            stored.clients_planned,
            stored.clients_actual,
            counted.cards,
            counted.clients_planned,
            counted.clients_actual,
        ),
        Mismatch::Costs {
            key,
            stored,
            counted,
        } => format!(
            "akční plán {}, opatření {}, zdroj {}: uloženo {} Kč plán / {} Kč skutečnost \
             ({} řádků); spočteno {} / {} Kč ({} řádků)",
            key.action_plan,
            key.measure,
            key.source,
            stored.planned,
            stored.actual,
            stored.entries,
            counted.planned,
            counted.actual,
            counted.entries,
        ),
        Mismatch::CardCosts {
            card,
            stored,
            counted,
        } => {
            let actual = |a: Option<i64>| a.map_or("–".to_owned(), |a| a.to_string());
            format!(
                "karta {card}: uloženo {} Kč plán / {} Kč skutečnost; \
                 spočteno {} / {} Kč",
                stored.0,
                actual(stored.1),
                counted.0,
                actual(counted.1),
            )
        }
    }
}

/// `kpss check rollups [--repair]`: fails when the sums differ and were not repaired.
pub async fn rollups(store: &Store, repair: bool) -> anyhow::Result<()> {
    let mismatches = rollup::check(store, repair).await?;
    if mismatches.is_empty() {
        println!("Součty karet po opatřeních souhlasí s kartami.");
        return Ok(());
    }
    for m in &mismatches {
        println!("{}", describe(m));
    }
    if repair {
        println!(
            "Opraveno {} součtů; znovu spočteny z karet.",
            mismatches.len()
        );
        Ok(())
    } else {
        bail!(
            "{} součtů nesouhlasí s kartami; opravíte je příkazem kpss check rollups --repair",
            mismatches.len()
        )
    }
}
