//! For staff: the queue of a consultation's comments (`/pripominkovani/{id}/sprava`) and the
//! comments that came by other channels (`/pripominkovani/{id}/nova`); a comment's own page is
//! in `comment`.

use kpss_domain::account::Actor;
use kpss_domain::consultation::{
    Channel, CommentDraft, CommentInput, Moderation, Origin, StaffInput, may_moderate,
};

use super::*;

/// The coordinator or a group's manager; others are refused.
pub(super) fn staff(ctx: &Ctx) -> Result<Actor, Error> {
    let actor = ctx.require_user()?.actor();
    if actor.is_admin() || actor.leads_any() {
        Ok(actor)
    } else {
        Err(Error::Forbidden)
    }
}

/// A comment in the queue.
pub(super) struct QueueRow {
    pub id: i32,
    pub received: String,
    pub channel: &'static str,
    pub section: String,
    pub excerpt: String,
    /// „čeká na moderaci“, „čeká na vypořádání“ or the decision.
    pub state: String,
}

#[derive(Template)]
#[template(path = "consultation/queue.html")]
struct QueuePage {
    layout: Layout,
    c: Consulted,
    rows: Vec<QueueRow>,
    may_enter: bool,
    pending: usize,
    unsettled: usize,
}

pub(super) async fn queue(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let actor = staff(&ctx)?;
    let c = consulted(&ctx, &state, &id).await?;
    let comments = store::comments(&state.store, ctx.tenant.id, c.consultation.id).await?;
    // Managers see what the public sees; moderation is the coordinator's.
    let shown: Vec<&Comment> = comments
        .iter()
        .filter(|x| actor.is_admin() || x.moderation.is_public())
        .collect();
    let rows = shown
        .iter()
        .map(|x| QueueRow {
            id: x.id,
            received: kpss_domain::czech::format_date(x.received_on),
            channel: x.channel.name(),
            section: c.label(x.section),
            excerpt: excerpt(&x.draft.text),
            state: match (&x.settlement, x.moderation) {
                (Some(s), _) => s.decision.name().to_owned(),
                (None, Moderation::Published) => "čeká na vypořádání".to_owned(),
                (None, m) => m.name().to_owned(),
            },
        })
        .collect();
    let page = QueuePage {
        layout: ctx.layout(),
        pending: shown
            .iter()
            .filter(|x| x.moderation == Moderation::Pending)
            .count(),
        unsettled: shown
            .iter()
            .filter(|x| x.moderation == Moderation::Published && x.settlement.is_none())
            .count(),
        may_enter: may_moderate(&actor),
        rows,
        c,
    };
    Ok(Html(page.render()?))
}

/// The first words of a comment, for lists.
fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(140).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

#[derive(Template)]
#[template(path = "consultation/entry.html")]
struct EntryPage {
    layout: Layout,
    form: FormView,
    c: Consulted,
    channels: Vec<(&'static str, &'static str)>,
    sections: Vec<(String, String)>,
}

fn entry_page(ctx: &Ctx, c: Consulted, form: FormView) -> EntryPage {
    EntryPage {
        layout: ctx.layout(),
        form,
        channels: Channel::ALL
            .iter()
            .filter(|ch| **ch != Channel::Web)
            .map(|ch| (ch.code(), ch.name()))
            .collect(),
        sections: c
            .sections()
            .into_iter()
            .map(|(s, depth, label)| (s.code(), format!("{}{label}", "\u{a0}\u{a0}".repeat(depth))))
            .collect(),
        c,
    }
}

/// The coordinator, who enters comments of other channels.
fn coordinator(ctx: &Ctx) -> Result<Actor, Error> {
    let actor = ctx.require_user()?.actor();
    if may_moderate(&actor) {
        Ok(actor)
    } else {
        Err(Error::Forbidden)
    }
}

pub(super) async fn entry_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    coordinator(&ctx)?;
    let c = consulted(&ctx, &state, &id).await?;
    let today = kpss_domain::czech::format_date(kpss_domain::czech::today());
    let form = FormView::new(
        ctx.csrf.clone(),
        &FormData(vec![("received_on".into(), today)]),
    );
    Ok(Html(entry_page(&ctx, c, form).render()?))
}

pub(super) async fn enter(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = coordinator(&ctx)?;
    let c = consulted(&ctx, &state, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let origin = Origin::parse(
        StaffInput {
            channel: data.get("channel"),
            received_on: data.get("received_on"),
        },
        kpss_domain::czech::today(),
    );
    let draft = CommentDraft::parse(&CommentInput {
        text: data.get("remark"),
        name: data.get("full_name"),
        organisation: data.get("organisation"),
        email: data.get("email"),
        consent: data.get("consent") == "ano",
    });
    let section = Section::parse(data.get("section"));
    let result = match (origin, draft, section) {
        (Ok(origin), Ok(draft), Some(section)) => {
            store::add_staff(
                &state.store,
                ctx.tenant.id,
                &actor,
                (c.consultation.id, section),
                origin,
                &draft,
            )
            .await
        }
        (origin, draft, section) => {
            let mut errors = kpss_domain::FieldErrors::default();
            for e in [origin.err(), draft.err()].into_iter().flatten() {
                errors.0.extend(e.0);
            }
            if section.is_none() {
                errors.add("section", kpss_domain::FieldError::Required);
            }
            Err(kpss_store::Error::Invalid(errors))
        }
    };
    match result {
        Ok(created) => {
            crate::flash::redirect(
                &ctx.session,
                &format!("/pripominky/{}", created.id),
                "Připomínka byla zapsána a zveřejněna.".to_owned(),
            )
            .await
        }
        Err(err) => {
            let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
            Ok((status, Html(entry_page(&ctx, c, form).render()?)).into_response())
        }
    }
}
