//! The catalogue book of a year („Katalog sociálních služeb a souvisejících aktivit“): the
//! services active in that year grouped by kind of service, then listed by target group, with
//! indexes of organisations and districts – all pointing to the services' numbers.

use std::collections::HashMap;

use kpss_docs::publication::{Block, IndexEntry, Item, Paper, Publication};
use kpss_domain::catalogue::{ServiceKind, service_types};
use kpss_domain::czech::{count, format_date};
use kpss_store::catalogue::Service;

use super::{Made, heading};
use crate::auth::Ctx;
use crate::catalogue::Lists;
use crate::catalogue::view::ServiceView;
use crate::{AppState, Error};

/// The earliest and latest year a book may be asked for.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The year of the address, or a Czech message.
pub(super) fn parse_year(raw: &str) -> Result<i32, Error> {
    raw.parse::<i32>()
        .ok()
        .filter(|y| YEARS.contains(y))
        .ok_or_else(|| {
            Error::BadRequest(format!(
                "Rok katalogu musí být číslo od {} do {}.",
                YEARS.start(),
                YEARS.end()
            ))
        })
}

/// A service as an item of a publication, `level` below its heading.
pub(super) fn service_item(view: &ServiceView, number: usize, level: u8, base: &str) -> Item {
    let addresses: Vec<String> = view
        .locations
        .iter()
        .map(|l| match &l.district {
            Some(d) => format!("{} ({d})", l.address),
            None => l.address.clone(),
        })
        .collect();
    let mut item = Item::new(
        number,
        level,
        view.name.clone(),
        format!("{base}/katalog/sluzby/{}", view.id),
    )
    .fact("Poskytovatel", view.organisation_name.clone())
    .fact("Forma", view.forms.join(", "))
    .fact("Pro koho", view.target_groups.join(", "))
    .fact("Věk", view.age.clone().unwrap_or_default())
    .fact("Kapacita", view.capacity.clone().unwrap_or_default())
    .fact("Adresa", addresses.join("; "))
    .fact("Telefon", view.phone.clone().unwrap_or_default())
    .fact("E-mail", view.email.clone().unwrap_or_default())
    .fact("Web", view.web.clone().unwrap_or_default())
    .fact(
        "Provozní doba",
        view.opening_hours.clone().unwrap_or_default(),
    );
    let teaser = view.teaser();
    item.text = (!teaser.is_empty()).then_some(teaser);
    item
}

/// The catalogue book of `year` for the tenant of the request.
pub(super) async fn make(
    ctx: &Ctx,
    state: &AppState,
    year: &str,
    base: &str,
) -> Result<Made, Error> {
    let year = parse_year(year)?;
    let lists = Lists::load(state, ctx.tenant.id).await?;
    let mut services: Vec<Service> =
        kpss_store::catalogue::tenant_services(&state.store, ctx.tenant.id)
            .await?
            .into_iter()
            .filter(|s| s.draft.is_active_in(year))
            .collect();
    services.sort_by(|a, b| kpss_domain::czech::compare(&a.draft.name, &b.draft.name));
    Ok(Made {
        tenant: ctx.tenant.id,
        crumb: format!("Kniha {year}"),
        publication: book(ctx, year, &services, &lists, base),
        back: ("/katalog".to_owned(), "Katalog".to_owned()),
        href: format!("/katalog/kniha/{year}"),
        file: format!("katalog-socialnich-sluzeb-{year}"),
    })
}

/// The book itself, from the services already chosen and sorted by name.
pub(crate) fn book(
    ctx: &Ctx,
    year: i32,
    services: &[Service],
    lists: &Lists,
    base: &str,
) -> Publication {
    if services.is_empty() {
        // Empty chapters and indexes would be pages of headings only.
        let note = Block::Note {
            text: format!("Pro rok {year} katalog neobsahuje žádnou službu ani aktivitu."),
        };
        return with_cover(ctx, year, vec![note]);
    }
    let registered = services
        .iter()
        .filter(|s| s.draft.kind == ServiceKind::Registered)
        .count();
    let organisations: std::collections::BTreeSet<i32> =
        services.iter().map(|s| s.organisation_id).collect();
    let mut blocks = vec![heading(1, "Úvod", Some("uvod"))];
    blocks.push(Block::Text {
        text: format!(
            "Katalog přináší přehled sociálních služeb a souvisejících aktivit, které v roce \
             {year} působí pro obyvatele: {services} od {orgs}, z toho {registered} podle \
             zákona č.\u{a0}108/2006 Sb., o sociálních službách.\n\n\
             Služby jsou seřazeny podle druhu a v něm podle názvu; každá má své číslo. Seznam \
             podle cílových skupin a rejstříky organizací a městských obvodů na konci katalogu \
             odkazují na tato čísla. QR kód u služby vede na její aktuální údaje na webu.",
            services = count(
                services.len(),
                "službu nebo aktivitu",
                "služby a aktivity",
                "služeb a aktivit"
            ),
            registered = count(
                registered,
                "registrovaná sociální služba",
                "registrované sociální služby",
                "registrovaných sociálních služeb"
            ),
            orgs = count(
                organisations.len(),
                "organizace",
                "organizací",
                "organizací"
            ),
        ),
    });

    // Items by kind of service in the act's order, then the related activities.
    let views: Vec<ServiceView> = services
        .iter()
        .map(|s| ServiceView::new(s, lists))
        .collect();
    let mut numbers = vec![0; services.len()];
    let mut next = 0;
    blocks.push(heading(1, "Služby podle druhu", Some("podle-druhu")));
    let mut sections: Vec<(String, Vec<usize>)> = service_types()
        .iter()
        .map(|t| {
            let of_type = (0..services.len())
                .filter(|&i| services[i].draft.service_type.as_deref() == Some(t.code.as_str()))
                .collect();
            (t.label(), of_type)
        })
        .collect();
    sections.push((
        "Související aktivity".to_owned(),
        (0..services.len())
            .filter(|&i| services[i].draft.kind == ServiceKind::Activity)
            .collect(),
    ));
    // Whatever no section took (a registered service without a known kind) still gets its
    // number, so no index points nowhere.
    let placed: std::collections::HashSet<usize> = sections
        .iter()
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    sections.push((
        "Ostatní služby".to_owned(),
        (0..services.len())
            .filter(|i| !placed.contains(i))
            .collect(),
    ));
    for (title, of_section) in sections.into_iter().filter(|(_, s)| !s.is_empty()) {
        blocks.push(heading(2, &title, None));
        for i in of_section {
            next += 1;
            numbers[i] = next;
            blocks.push(Block::Item(service_item(&views[i], next, 3, base)));
        }
    }

    // The services come sorted by name, so an index of their names is in order already;
    // the few distinct names of organisations and districts are sorted once.
    let index = |key: &dyn Fn(usize) -> Vec<String>, sort: bool| -> Vec<IndexEntry> {
        let mut at: HashMap<String, usize> = HashMap::new();
        let mut entries: Vec<IndexEntry> = Vec::new();
        for (i, number) in numbers.iter().enumerate() {
            for name in key(i) {
                let slot = *at.entry(name.clone()).or_insert_with(|| {
                    entries.push(IndexEntry {
                        name,
                        items: Vec::new(),
                    });
                    entries.len() - 1
                });
                entries[slot].items.push(*number);
            }
        }
        for e in &mut entries {
            e.items.sort_unstable();
            e.items.dedup();
        }
        if sort {
            entries.sort_by(|a, b| kpss_domain::czech::compare(&a.name, &b.name));
        }
        entries
    };

    blocks.push(heading(
        1,
        "Služby podle cílových skupin",
        Some("podle-skupin"),
    ));
    for group in &lists.target_groups {
        let entries = index(
            &|i| {
                if services[i].draft.target_groups.contains(&group.code) {
                    vec![services[i].draft.name.clone()]
                } else {
                    Vec::new()
                }
            },
            false,
        );
        if !entries.is_empty() {
            blocks.push(heading(2, &group.name, None));
            blocks.push(Block::Index { entries });
        }
    }
    blocks.push(heading(
        1,
        "Rejstřík organizací",
        Some("rejstrik-organizaci"),
    ));
    blocks.push(Block::Index {
        entries: index(&|i| vec![services[i].organisation_name.clone()], true),
    });
    blocks.push(heading(
        1,
        "Rejstřík městských obvodů",
        Some("rejstrik-obvodu"),
    ));
    blocks.push(Block::Note {
        text: "Obvod podle adresy, kde se služba poskytuje; terénní služby bez adresy v obvodu \
               působí v celém městě."
            .to_owned(),
    });
    blocks.push(Block::Index {
        entries: index(
            &|i| {
                let mut districts: Vec<String> = views[i]
                    .locations
                    .iter()
                    .filter_map(|l| l.district.clone())
                    .collect();
                if districts.is_empty() {
                    districts.push("celé město".to_owned());
                }
                districts
            },
            true,
        ),
    });

    with_cover(ctx, year, blocks)
}

/// The book's cover around `blocks`; contents only when there are chapters.
fn with_cover(ctx: &Ctx, year: i32, blocks: Vec<Block>) -> Publication {
    Publication {
        title: format!("Katalog sociálních služeb a souvisejících aktivit {year}"),
        subtitle: ctx.tenant.name.clone(),
        cover: vec![
            format!(
                "Údaje katalogu ke dni {}.",
                format_date(kpss_domain::czech::today())
            ),
            super::publisher(ctx),
        ],
        paper: Paper::A4,
        contents: blocks.len() > 1,
        new_page: 2,
        blocks,
    }
}
