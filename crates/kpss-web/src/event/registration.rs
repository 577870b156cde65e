//! POST `/akce/{id}`: a public registration. A hidden field catches robots, an address may send
//! a few registrations in a while, and each registration queues its confirmation.

use kpss_domain::event::{REGISTRATIONS_PER_ADDRESS, RegistrationDraft};
use kpss_domain::mail::MailDraft;

use super::page::event_page;
use super::*;
use crate::auth::ClientAddr;

/// What a confirmation tells, for its plain-text and its HTML part.
macro_rules! confirmation {
    ($name:ident, $path:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        struct $name<'a> {
            name: &'a str,
            title: &'a str,
            kind: &'a str,
            dates: &'a [String],
            place: &'a str,
            organiser: &'a str,
            url: &'a str,
            tenant: &'a str,
        }
    };
}
confirmation!(ConfirmationText, "mail/event_registration.txt");
confirmation!(ConfirmationHtml, "mail/event_registration.html");

fn confirmation(
    ctx: &Ctx,
    event: &Event,
    draft: &RegistrationDraft,
    url: &str,
) -> Result<MailDraft, Error> {
    let dates: Vec<String> = event.dates.iter().map(|d| when(&d.date)).collect();
    let (name, title, kind, place, organiser, tenant) = (
        draft.name.as_str(),
        event.draft.title.as_str(),
        event.draft.kind.name(),
        event.draft.place.as_str(),
        event.draft.organiser.as_str(),
        ctx.tenant.name.as_str(),
    );
    Ok(MailDraft {
        kind: "potvrzeni-registrace",
        key: format!("akce-{}-registrace-{}", event.id, draft.email),
        to: draft.email.clone(),
        subject: format!("Potvrzení přihlášky: {title}"),
        text: ConfirmationText {
            name,
            title,
            kind,
            dates: &dates,
            place,
            organiser,
            url,
            tenant,
        }
        .render()?,
        html: ConfirmationHtml {
            name,
            title,
            kind,
            dates: &dates,
            place,
            organiser,
            url,
            tenant,
        }
        .render()?,
        attachment: None,
    })
}

pub(super) async fn register(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientAddr(addr): ClientAddr,
    headers: axum::http::HeaderMap,
    data: FormData,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let event = load(&state, tenant, &id).await?;
    data.check_csrf(&ctx.session).await?;
    let problem = |status, text: &str| (status, Some(text.to_owned()));
    let refused = if !data.get(crate::spam::HONEYPOT).is_empty() {
        problem(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "Přihlášku nelze přijmout: bylo vyplněno pole, které má zůstat prázdné.",
        )
    } else {
        let source = crate::spam::source("kpss-registration", &ctx.tenant.slug, &addr);
        if store::recent_from(&state.store, &source).await? >= REGISTRATIONS_PER_ADDRESS {
            let minutes = kpss_domain::event::REGISTRATION_WINDOW_MINUTES;
            return Err(Error::TooManyRequests(
                u64::try_from(minutes * 60).unwrap_or(600),
            ));
        }
        let result = match RegistrationDraft::parse(
            data.get("full_name"),
            data.get("organisation"),
            data.get("email"),
        ) {
            Ok(draft) => {
                let url = format!(
                    "{}/akce/{}",
                    crate::mail::base_url(&state, &headers),
                    event.id
                );
                let mail = confirmation(&ctx, &event, &draft, &url)?;
                store::register(&state.store, tenant, (event.id, &source), &draft, &mail).await
            }
            Err(errors) => Err(kpss_store::Error::Invalid(errors)),
        };
        match result {
            Ok(_) => {
                let to = format!("/akce/{}?{}", event.id, super::page::THANKS);
                return Ok(axum::response::Redirect::to(&to).into_response());
            }
            Err(err) => {
                let (status, form, _) = crate::form::rejection(&ctx, &data, err)?;
                let event = load(&state, tenant, &id).await?;
                let page = event_page(&ctx, &state, event, form).await?;
                return Ok((status, Html(page.render()?)).into_response());
            }
        }
    };
    let kept = FormData(
        ["full_name", "organisation", "email"]
            .iter()
            .map(|f| ((*f).to_owned(), data.get(f).to_owned()))
            .collect(),
    );
    let mut page = event_page(&ctx, &state, event, FormView::new(String::new(), &kept)).await?;
    page.problem = refused.1;
    Ok((refused.0, Html(page.render()?)).into_response())
}
