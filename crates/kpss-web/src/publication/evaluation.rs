//! The combined evaluation of two consecutive action plans („Vyhodnocení AP N a AP N+1“): the
//! same figures of both years side by side – cards, clients, money by source, the judgement of
//! every measure – from the two years' evaluation reports, so it agrees with each of them.

use kpss_docs::publication::{Block, Paper, Publication, Row, Table};
use kpss_domain::czech::{format_czk, group_thousands};
use kpss_domain::evaluation::{Fulfilment, Summary};
use kpss_domain::money::{percent, sum};
use kpss_domain::report::{GroupReport, MeasureReport, Report};

use super::{Made, heading};
use crate::action_plan::visible_action_plan;
use crate::auth::Ctx;
use crate::catalogue::parse_id;
use crate::{AppState, Error};

/// The evaluation of the action plan `id` together with its plan's action plan of the year
/// before.
pub(super) async fn make(ctx: &Ctx, state: &AppState, id: &str) -> Result<Made, Error> {
    let (later, tree) = visible_action_plan(ctx, state, parse_id(id)?).await?;
    let earlier = kpss_store::action_plan::action_plans(
        &state.store,
        ctx.scope.clone(),
        tree.plan.id,
    )
    .await?
    .into_iter()
    .find(|a| a.year == later.year - 1)
    .ok_or_else(|| {
        Error::NotPublished(format!(
            "Společné vyhodnocení dvou let potřebuje i akční plán na rok {}, který k plánu „{}“ \
                 nebyl sestaven.",
            later.year - 1,
            tree.plan.title
        ))
    })?;
    let reports = [
        kpss_store::report::action_plan_report(&state.store, ctx.scope.clone(), earlier.id).await?,
        kpss_store::report::action_plan_report(&state.store, ctx.scope.clone(), later.id).await?,
    ];
    let years = [earlier.year, later.year];
    let sources = super::sources(state, later.tenant_id).await?;

    let mut blocks = vec![heading(1, "Souhrn obou let", Some("souhrn"))];
    blocks.push(Block::Text {
        text: format!(
            "Dokument klade vedle sebe vyhodnocení akčních plánů na roky {} a {} plánu „{}“. \
             Skutečnost zahrnuje jen karty aktivit a posouzení opatření schválené koordinátorem; \
             klienti se mezi roky nesčítají, protože tíž lidé využívají služby opakovaně.",
            years[0], years[1], tree.plan.title
        ),
    });
    blocks.push(Block::Table(summary_table(&reports, years)));
    blocks.push(Block::Table(sources_table(&reports, years, &sources)));
    blocks.push(Block::Table(verdict_table(&reports, years)));

    for (i, group) in reports[1].groups.iter().enumerate() {
        let before = reports[0].groups.iter().find(|g| g.code == group.code);
        blocks.push(heading(
            1,
            &format!("{} – {}", group.code, group.name),
            Some(&format!("skupina-{i}")),
        ));
        blocks.push(Block::Table(measure_table(before, group, years)));
        let texts: Vec<(String, String)> = before
            .into_iter()
            .flat_map(|g| &g.texts)
            .chain(&group.texts)
            .filter(|(y, _)| years.contains(y))
            .map(|(year, text)| (format!("Hodnocení skupiny za rok {year}"), text.clone()))
            .collect();
        if !texts.is_empty() {
            blocks.push(Block::Facts { facts: texts });
        }
    }

    let title = format!("Vyhodnocení AP {} a AP {}", years[0], years[1]);
    Ok(Made {
        tenant: later.tenant_id,
        crumb: title.clone(),
        publication: Publication {
            title: title.clone(),
            subtitle: format!("{} · {}", tree.plan.title, ctx.tenant.name),
            cover: vec![
                format!(
                    "Akční plány na roky {} a {}: karty aktivit {} a {}, se schváleným hodnocením {} a {}.",
                    years[0],
                    years[1],
                    reports[0].cards,
                    reports[1].cards,
                    reports[0].approved,
                    reports[1].approved
                ),
                super::publisher(ctx),
            ],
            paper: Paper::A4,
            contents: true,
            new_page: 1,
            blocks,
        },
        back: (
            format!("/akcni-plany/{}", later.id),
            format!("Akční plán {}", later.year),
        ),
        href: format!("/akcni-plany/{}/vyhodnoceni-dvou-let", later.id),
        file: format!("vyhodnoceni-ap-{}-a-ap-{}", years[0], years[1]),
    })
}

/// Planned and actual costs of a summary in its year, over every source.
fn money(s: &Summary, year: i32) -> (i64, i64) {
    let of_year = s.costs.iter().filter(|((_, y), _)| *y == year);
    (
        sum(of_year.clone().map(|(_, (p, _))| *p)),
        sum(of_year.map(|(_, (_, a))| *a)),
    )
}

fn spent(planned: i64, actual: i64) -> String {
    percent(actual, planned).map_or_else(|| "–".to_owned(), |p| format!("{p}\u{a0}%"))
}

fn two_years(first: &str, years: [i32; 2]) -> Vec<String> {
    vec![first.to_owned(), years[0].to_string(), years[1].to_string()]
}

fn summary_table(reports: &[Report; 2], years: [i32; 2]) -> Table {
    let each = |f: &dyn Fn(&Report, i32) -> String| -> Vec<String> {
        reports.iter().zip(years).map(|(r, y)| f(r, y)).collect()
    };
    let row = |label: &str, cells: Vec<String>| {
        let mut all = vec![label.to_owned()];
        all.extend(cells);
        Row::new(all)
    };
    Table {
        caption: Some("Hlavní ukazatele".to_owned()),
        header: two_years("Ukazatel", years),
        rows: vec![
            row("Karty aktivit", each(&|r, _| r.cards.to_string())),
            row(
                "z toho se schváleným hodnocením",
                each(&|r, _| r.approved.to_string()),
            ),
            row(
                "Plánovaní klienti",
                each(&|r, y| group_thousands(r.summary.clients.get(&y).map_or(0, |c| c.0))),
            ),
            row(
                "Skuteční klienti",
                each(&|r, y| group_thousands(r.summary.clients.get(&y).map_or(0, |c| c.1))),
            ),
            row(
                "Plánované náklady",
                each(&|r, y| format_czk(money(&r.summary, y).0)),
            ),
            row(
                "Skutečné náklady",
                each(&|r, y| format_czk(money(&r.summary, y).1)),
            ),
            row(
                "Čerpání",
                each(&|r, y| {
                    let (p, a) = money(&r.summary, y);
                    spent(p, a)
                }),
            ),
            row(
                "Nové služby a aktivity",
                each(&|r, _| r.new_activities.to_string()),
            ),
        ],
        footer: None,
        left: 1,
        widths: vec![2, 1, 1],
    }
}

fn sources_table(reports: &[Report; 2], years: [i32; 2], sources: &[(String, String)]) -> Table {
    let cell = |r: &Report, code: &str, y: i32| -> (i64, i64) {
        r.summary
            .costs
            .get(&(code.to_owned(), y))
            .copied()
            .unwrap_or_default()
    };
    let rows = sources
        .iter()
        .filter(|(code, _)| {
            reports
                .iter()
                .zip(years)
                .any(|(r, y)| r.summary.costs.contains_key(&(code.clone(), y)))
        })
        .map(|(code, name)| {
            let mut cells = vec![name.clone()];
            for (r, y) in reports.iter().zip(years) {
                let (p, a) = cell(r, code, y);
                cells.extend([format_czk(p), format_czk(a)]);
            }
            Row::new(cells)
        })
        .collect();
    let mut footer = vec!["Celkem".to_owned()];
    for (r, y) in reports.iter().zip(years) {
        let (p, a) = money(&r.summary, y);
        footer.extend([format_czk(p), format_czk(a)]);
    }
    Table {
        caption: Some("Náklady podle zdrojů financování (plán a skutečnost)".to_owned()),
        header: vec![
            "Zdroj".to_owned(),
            format!("Plán {}", years[0]),
            format!("Skutečnost {}", years[0]),
            format!("Plán {}", years[1]),
            format!("Skutečnost {}", years[1]),
        ],
        rows,
        footer: Some(footer),
        left: 1,
        widths: vec![2, 0, 0, 0, 0],
    }
}

fn verdict_table(reports: &[Report; 2], years: [i32; 2]) -> Table {
    let mut rows: Vec<Row> = Fulfilment::ALL
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut cells = vec![f.name().to_owned()];
            cells.extend(reports.iter().map(|r| r.verdicts.counts[i].to_string()));
            Row::new(cells)
        })
        .collect();
    let mut not_judged = vec!["neposouzeno".to_owned()];
    not_judged.extend(reports.iter().map(|r| r.verdicts.not_judged.to_string()));
    rows.push(Row::new(not_judged));
    let mut footer = vec!["Opatření celkem".to_owned()];
    footer.extend(reports.iter().map(|r| r.verdicts.total().to_string()));
    Table {
        caption: Some("Plnění opatření podle posouzení pracovních skupin".to_owned()),
        header: two_years("Posouzení", years),
        rows,
        footer: Some(footer),
        left: 1,
        widths: vec![2, 1, 1],
    }
}

fn measures(group: &GroupReport) -> impl Iterator<Item = &MeasureReport> {
    group.goals.iter().flat_map(|g| &g.measures)
}

/// Every measure of the group with both years' judgement, cards and actual money, each
/// figure of the two years side by side.
fn measure_table(before: Option<&GroupReport>, group: &GroupReport, years: [i32; 2]) -> Table {
    let verdict = |m: Option<&MeasureReport>| {
        m.and_then(MeasureReport::verdict).map_or_else(
            || "neposouzeno".to_owned(),
            |j| j.fulfilment.name().to_owned(),
        )
    };
    let rows = measures(group)
        .map(|m| {
            let earlier = before.and_then(|b| measures(b).find(|e| e.code == m.code));
            let both = [(earlier, years[0]), (Some(m), years[1])];
            let money: Vec<(i64, i64)> = both
                .iter()
                .map(|(r, y)| r.map_or((0, 0), |r| money(&r.summary, *y)))
                .collect();
            let mut cells = vec![format!("{} {}", m.code, m.text)];
            cells.extend(both.iter().map(|(r, _)| verdict(*r)));
            cells.extend(
                both.iter()
                    .map(|(r, _)| r.map_or(0, |r| r.summary.cards).to_string()),
            );
            cells.extend(money.iter().map(|(_, a)| format_czk(*a)));
            cells.extend(money.iter().map(|(p, a)| spent(*p, *a)));
            Row::new(cells)
        })
        .collect();
    let mut header = vec!["Opatření".to_owned()];
    for label in ["Plnění", "Karty", "Skutečnost", "Čerpání"] {
        header.extend(years.iter().map(|y| format!("{label} {y}")));
    }
    Table {
        caption: Some("Opatření v obou letech".to_owned()),
        header,
        rows,
        footer: None,
        left: 3,
        widths: vec![4, 2, 2, 0, 0, 0, 0, 0, 0],
    }
}
