//! The information guide for one target group: an A5 leaflet with the services and related
//! activities for that group in plain words, ordered by need – where to turn first
//! (`kpss_domain::catalogue::guide`).

use kpss_docs::publication::{Block, Paper, Publication};
use kpss_domain::catalogue::guide::GuideStep;
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
        kpss_store::catalogue::tenant_services(&state.store, ctx.tenant.id)
            .await?
            .into_iter()
            .filter(|s| s.draft.is_active_in(year) && s.draft.target_groups.contains(&group.code))
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
        for s in of_step {
            number += 1;
            let mut item = service_item(&ServiceView::new(s, &lists), number, 2, base);
            // The reader knows whom the guide is for; the facts that help to get there stay.
            item.facts
                .retain(|(label, _)| !matches!(label.as_str(), "Pro koho" | "Forma" | "Kapacita"));
            blocks.push(Block::Item(item));
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
            new_page: 1,
            blocks,
        },
        back: ("/katalog".to_owned(), "Katalog".to_owned()),
        href: format!("/katalog/pruvodce/{}", group.code),
        file: format!("pruvodce-{}", group.code),
    })
}
