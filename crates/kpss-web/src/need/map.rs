//! The map of needs and services (`/mapa-potreb`): for each target group and district the open
//! needs and the people they concern, the services of the catalogue for that group there and
//! their places, and the gap; drawn as a grid and given as a table, and per target group in
//! detail (`/mapa-potreb/{group}`).

use std::collections::BTreeMap;

use kpss_docs::chart::{Chart, heat_grid};
use kpss_domain::catalogue::CapacityUnit;
use kpss_domain::need::map::{Cell, NeedSpot, ServiceSpot, WHOLE_CITY, cells};

use super::*;

/// The open needs and the tenant's services, as the map counts them.
async fn map_of(
    ctx: &Ctx,
    state: &AppState,
) -> Result<
    (
        Vec<Need>,
        Vec<kpss_store::catalogue::Service>,
        BTreeMap<(String, String), Cell>,
    ),
    Error,
> {
    let needs: Vec<Need> = store::needs(&state.store, ctx.tenant.id)
        .await?
        .into_iter()
        .filter(|n| n.draft.state.is_open())
        .collect();
    let services = kpss_store::catalogue::tenant_services(&state.store, ctx.tenant.id).await?;
    let need_spots: Vec<NeedSpot<'_>> = needs
        .iter()
        .map(|n| NeedSpot {
            target_group: &n.draft.target_group,
            districts: &n.draft.districts,
            size: n.draft.size,
        })
        .collect();
    let service_spots: Vec<ServiceSpot<'_>> = services
        .iter()
        .map(|s| {
            let mut districts: Vec<&str> = s
                .draft
                .locations
                .iter()
                .filter_map(|l| l.district.as_deref())
                .collect();
            districts.sort_unstable();
            districts.dedup();
            ServiceSpot {
                target_groups: &s.draft.target_groups,
                districts,
                places: places(s),
            }
        })
        .collect();
    let map = cells(&need_spots, &service_spots);
    Ok((needs, services, map))
}

/// A service's places: its capacity in clients or beds; contacts, interventions and calls are
/// not places.
fn places(s: &kpss_store::catalogue::Service) -> i64 {
    match s.draft.capacity {
        Some(c) if matches!(c.unit, CapacityUnit::Clients | CapacityUnit::Beds) => {
            i64::from(c.amount)
        }
        _ => 0,
    }
}

/// A target group's line of the overview.
pub(super) struct GroupLine {
    pub code: String,
    pub name: String,
    pub needs: usize,
    pub people: String,
    pub places: String,
    pub gap: String,
    /// Districts with needs and no service.
    pub uncovered: usize,
}

#[derive(Template)]
#[template(path = "need/map.html")]
struct MapPage {
    layout: Layout,
    chart: Chart,
    lines: Vec<GroupLine>,
}

fn columns(names: &Names) -> Vec<(String, String)> {
    let mut out = names.districts.clone();
    out.push((WHOLE_CITY.to_owned(), "celé město".to_owned()));
    out
}

pub(super) async fn overview(
    ctx: Ctx,
    State(state): State<AppState>,
) -> Result<Html<String>, Error> {
    let names = Names::load(&ctx, &state).await?;
    let (needs, _, map) = map_of(&ctx, &state).await?;
    let districts = columns(&names);
    let mut lines = Vec::new();
    let (mut rows, mut values) = (Vec::new(), Vec::new());
    for (code, name) in &names.target_groups {
        let of_group: Vec<&Cell> = districts
            .iter()
            .filter_map(|(d, _)| map.get(&(code.clone(), d.clone())))
            .collect();
        // A need of several districts is in several cells, but one need.
        let open = needs
            .iter()
            .filter(|n| n.draft.target_group == *code)
            .count();
        let people: i64 = of_group.iter().map(|c| c.people).sum();
        let places: i64 = of_group.iter().map(|c| c.places).sum();
        let gap: i64 = of_group.iter().map(|c| c.gap()).sum();
        lines.push(GroupLine {
            code: code.clone(),
            name: name.clone(),
            needs: open,
            people: kpss_domain::czech::group_thousands(people),
            places: kpss_domain::czech::group_thousands(places),
            gap: kpss_domain::czech::group_thousands(gap),
            uncovered: of_group.iter().filter(|c| c.uncovered()).count(),
        });
        rows.push(name.clone());
        values.push(
            districts
                .iter()
                .map(|(d, _)| {
                    map.get(&(code.clone(), d.clone()))
                        .filter(|c| c.needs > 0)
                        .map(Cell::gap)
                })
                .collect(),
        );
    }
    let description = lines
        .iter()
        .filter(|l| l.needs > 0)
        .map(|l| format!("{}: chybí {} míst", l.name, l.gap))
        .collect::<Vec<_>>()
        .join("; ");
    let column_names: Vec<String> = districts.iter().map(|(_, n)| n.clone()).collect();
    let chart = heat_grid(
        "mapa",
        (
            "Chybějící místa podle cílové skupiny a obvodu",
            &description,
        ),
        (&rows, &column_names),
        &values,
    );
    Ok(Html(
        MapPage {
            layout: ctx.layout(),
            chart,
            lines,
        }
        .render()?,
    ))
}

/// A district of one target group's map.
pub(super) struct DistrictLine {
    pub name: String,
    pub needs: Vec<(i32, String, String)>,
    pub services: Vec<(i32, String, String)>,
    pub people: String,
    pub places: String,
    pub gap: String,
    pub uncovered: bool,
}

#[derive(Template)]
#[template(path = "need/map_group.html")]
struct GroupMapPage {
    layout: Layout,
    name: String,
    lines: Vec<DistrictLine>,
}

pub(super) async fn group(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(group): Path<String>,
) -> Result<Html<String>, Error> {
    let names = Names::load(&ctx, &state).await?;
    let name = names
        .target_groups
        .iter()
        .find(|(c, _)| *c == group)
        .map(|(_, n)| n.clone())
        .ok_or(Error::NotFound)?;
    let (needs, services, map) = map_of(&ctx, &state).await?;
    let lines = columns(&names)
        .into_iter()
        .filter_map(|(district, district_name)| {
            let cell = map.get(&(group.clone(), district.clone()))?;
            let here = |codes: &[&str]| {
                if district == WHOLE_CITY {
                    codes.is_empty()
                } else {
                    codes.contains(&district.as_str())
                }
            };
            let needs_here = needs
                .iter()
                .filter(|n| n.draft.target_group == group)
                .filter(|n| {
                    here(
                        &n.draft
                            .districts
                            .iter()
                            .map(String::as_str)
                            .collect::<Vec<_>>(),
                    )
                })
                .map(|n| {
                    let size = n.draft.size.map_or_else(
                        || "počet neznámý".to_owned(),
                        kpss_domain::czech::group_thousands,
                    );
                    (n.id, n.draft.title.clone(), size)
                })
                .collect();
            let services_here = services
                .iter()
                .filter(|s| s.draft.target_groups.contains(&group))
                .filter(|s| {
                    let d: Vec<&str> = s
                        .draft
                        .locations
                        .iter()
                        .filter_map(|l| l.district.as_deref())
                        .collect();
                    here(&d)
                })
                .map(|s| {
                    let capacity = s
                        .draft
                        .capacity
                        .map(|c| format!("{} {}", c.amount, c.unit.name()))
                        .unwrap_or_else(|| "kapacita neuvedena".to_owned());
                    (
                        s.id,
                        format!("{} ({})", s.draft.name, s.organisation_name),
                        capacity,
                    )
                })
                .collect();
            Some(DistrictLine {
                name: district_name,
                needs: needs_here,
                services: services_here,
                people: kpss_domain::czech::group_thousands(cell.people),
                places: kpss_domain::czech::group_thousands(cell.places),
                gap: kpss_domain::czech::group_thousands(cell.gap()),
                uncovered: cell.uncovered(),
            })
        })
        .collect();
    Ok(Html(
        GroupMapPage {
            layout: ctx.layout(),
            name,
            lines,
        }
        .render()?,
    ))
}
