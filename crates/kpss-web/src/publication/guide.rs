//! The information guide for one target group: an A5 leaflet with the services and related
//! activities for that group in plain words, ordered by need – where to turn first
//! (`kpss_domain::catalogue::guide`).

use kpss_docs::publication::{Block, Item, Paper, Publication};
use kpss_domain::catalogue::guide::{GuideStep, LONG_STEP, group_of};
use kpss_domain::catalogue::service_types;
use kpss_domain::czech::{count, today};
use kpss_store::catalogue::Service;

use super::catalogue::service_item;
use super::{Made, heading};
use crate::auth::Ctx;
use crate::catalogue::Lists;
use crate::catalogue::view::ServiceView;
use crate::{AppState, Error};

/// The guide for the target group `code` of the request's tenant.
pub(super) async fn make(
    ctx: &Ctx,
    state: &AppState,
    code: &str,
    base: &str,
) -> Result<Made, Error> {
    let lists = Lists::load(state, ctx.tenant.id).await?;
    let group = lists
        .target_groups
        .iter()
        .find(|g| g.code == code)
        .ok_or(Error::NotFound)?
        .clone();
    let year = today().year();
    let mut services: Vec<Service> =
        kpss_store::catalogue::target_group_services(&state.store, ctx.tenant.id, &group.code)
            .await?
            .into_iter()
            .filter(|s| s.draft.is_active_in(year))
            .collect();
    services.sort_by(|a, b| kpss_domain::czech::compare(&a.draft.name, &b.draft.name));

    let has_advice = services
        .iter()
        .any(|s| GuideStep::of(&s.draft) == GuideStep::Advice);
    let mut intro = format!(
        "Hledáte pomoc pro sebe nebo pro blízkého? V tomto průvodci najdete {} pro cílovou \
         skupinu „{}“. Jsou seřazené tak, jak je obvykle potřebujete: nejdřív rada, pak pomoc \
         v krizi, pomoc doma, služby, kam můžete docházet, a nakonec bydlení s péčí.",
        count(
            services.len(),
            "službu nebo aktivitu",
            "služby a aktivity",
            "služeb a aktivit"
        ),
        group.name
    );
    if has_advice {
        intro.push_str(
            "\n\nNevíte, kde začít? Obraťte se na kteroukoli poradnu z první části. Pomoc je \
             důvěrná a zdarma.",
        );
    }
    let mut blocks = vec![Block::Text { text: intro }];
    let mut number = 0;
    let mut chapters = false;
    for step in GuideStep::ALL {
        let of_step: Vec<&Service> = services
            .iter()
            .filter(|s| GuideStep::of(&s.draft) == step)
            .collect();
        if of_step.is_empty() {
            continue;
        }
        blocks.push(heading(1, step.title(), None));
        blocks.push(Block::Text {
            text: step.explanation().to_owned(),
        });
        let groups = if of_step.len() > LONG_STEP {
            groups(step, of_step, &lists)
        } else {
            vec![(None, of_step)]
        };
        chapters |= groups
            .iter()
            .any(|(_, of_group)| of_group.len() > LONG_STEP);
        for (title, of_group) in groups {
            let level = if let Some(title) = title {
                blocks.push(heading(2, &title, None));
                3
            } else {
                2
            };
            for s in of_group {
                number += 1;
                blocks.push(Block::Item(guide_item(s, number, level, &lists, base)));
            }
        }
    }
    if number == 0 {
        blocks.push(Block::Note {
            text: "Pro tuto cílovou skupinu nejsou v katalogu žádné služby.".to_owned(),
        });
    }
    blocks.push(heading(1, "Další informace", None));
    blocks.push(Block::Text {
        text: format!(
            "Všechny sociální služby a související aktivity najdete v katalogu na adrese \
             {base}/katalog. QR kód u každé služby vede na její aktuální údaje."
        ),
    });
    Ok(Made {
        tenant: ctx.tenant.id,
        crumb: format!("Průvodce: {}", group.name),
        publication: Publication {
            title: format!("Kam se obrátit: {}", group.name),
            subtitle: format!("Informační průvodce · {}", ctx.tenant.name),
            cover: vec![
                format!("Stav ke dni {}.", kpss_domain::czech::format_date(today())),
                super::publisher(ctx),
            ],
            paper: Paper::A5,
            contents: false,
            // Groups as long as a long step are chapters, each starting a page (and a page run
            // typst lays out in parallel); a few items of a district flow on.
            new_page: if chapters { 2 } else { 1 },
            blocks,
        },
        back: ("/katalog".to_owned(), "Katalog".to_owned()),
        href: format!("/katalog/pruvodce/{}", group.code),
        file: format!("pruvodce-{}", group.code),
    })
}

/// A service as the guide prints it: what helps to get there, and what it does in brief.
fn guide_item(s: &Service, number: usize, level: u8, lists: &Lists, base: &str) -> Item {
    let view = ServiceView::new(s, lists);
    let mut item = service_item(&view, number, level, base);
    // The reader knows whom the guide is for; the facts that help to get there stay.
    item.facts
        .retain(|(label, _)| !matches!(label.as_str(), "Pro koho" | "Forma" | "Kapacita"));
    let brief = view.brief();
    item.text = (!brief.is_empty()).then_some(brief);
    item
}

/// The services of a long step in groups (`group_of`): the kinds of service in the act's
/// order, or the districts in the tenant's; what has neither, or one no longer listed, last.
fn groups<'a>(
    step: GuideStep,
    services: Vec<&'a Service>,
    lists: &Lists,
) -> Vec<(Option<String>, Vec<&'a Service>)> {
    let (order, rest): (Vec<(&str, String)>, &str) = if step == GuideStep::Activities {
        (
            lists
                .districts
                .iter()
                .map(|d| (d.code.as_str(), d.name.clone()))
                .collect(),
            "Bez určeného obvodu",
        )
    } else {
        (
            service_types()
                .iter()
                .map(|t| (t.code.as_str(), t.label()))
                .collect(),
            "Další služby",
        )
    };
    let mut groups: Vec<(Option<String>, Vec<&Service>)> = order
        .iter()
        .map(|(_, title)| (Some(title.clone()), Vec::new()))
        .chain(std::iter::once((Some(rest.to_owned()), Vec::new())))
        .collect();
    for s in services {
        let at = group_of(&s.draft)
            .and_then(|key| order.iter().position(|(code, _)| *code == key))
            .unwrap_or(order.len());
        groups[at].1.push(s);
    }
    groups.retain(|(_, of_group)| !of_group.is_empty());
    groups
}

#[cfg(test)]
mod tests {
    use kpss_domain::catalogue::{Location, ServiceDraft, ServiceForm, ServiceKind};
    use kpss_store::tenant::ListItem;

    use super::*;

    fn service(id: i32, kind: ServiceKind, code: Option<&str>, district: Option<&str>) -> Service {
        let mut draft = ServiceDraft {
            service_type: code.map(str::to_owned),
            forms: vec![ServiceForm::Field],
            ..ServiceDraft::new(kind, format!("Služba {id}"))
        };
        draft.locations = district
            .map(|d| Location {
                address: "Mírová 1".to_owned(),
                district: Some(d.to_owned()),
                latitude: None,
                longitude: None,
                ruian: None,
            })
            .into_iter()
            .collect();
        Service {
            id,
            tenant_id: 1,
            organisation_id: 1,
            organisation_name: "Spolek".to_owned(),
            draft,
            version: 1,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    fn titles(groups: &[(Option<String>, Vec<&Service>)]) -> Vec<(String, Vec<i32>)> {
        groups
            .iter()
            .map(|(t, s)| (t.clone().unwrap(), s.iter().map(|s| s.id).collect()))
            .collect()
    }

    #[test]
    fn a_long_step_is_in_groups_by_kind_in_the_acts_order_and_by_district() {
        let lists = Lists {
            target_groups: Vec::new(),
            districts: ["poruba", "jih"]
                .map(|code| ListItem {
                    code: code.to_owned(),
                    name: format!("Obvod {code}"),
                })
                .to_vec(),
        };
        let r = ServiceKind::Registered;
        let services = [
            service(1, r, Some("44"), None),
            service(2, r, Some("40"), None),
            service(3, r, None, None),
            service(4, r, Some("44"), None),
        ];
        let at_home = groups(GuideStep::AtHome, services.iter().collect(), &lists);
        assert_eq!(
            titles(&at_home),
            [
                ("§ 40 Pečovatelská služba".to_owned(), vec![2]),
                ("§ 44 Odlehčovací služby".to_owned(), vec![1, 4]),
                ("Další služby".to_owned(), vec![3]),
            ]
        );

        let a = ServiceKind::Activity;
        let activities = [
            service(5, a, None, Some("jih")),
            service(6, a, None, Some("zrušený")),
            service(7, a, None, Some("poruba")),
        ];
        let nearby = groups(GuideStep::Activities, activities.iter().collect(), &lists);
        assert_eq!(
            titles(&nearby),
            [
                ("Obvod poruba".to_owned(), vec![7]),
                ("Obvod jih".to_owned(), vec![5]),
                ("Bez určeného obvodu".to_owned(), vec![6]),
            ]
        );
    }
}
