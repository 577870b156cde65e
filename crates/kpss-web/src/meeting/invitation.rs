//! `/schuzky/{id}/pozvat`: the invitations of the group's members, with the meeting as `.ics`.

use super::page::public_page;
use super::*;

/// What an invitation tells, for its plain-text and its HTML part.
macro_rules! invitation {
    ($name:ident, $path:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        struct $name<'a> {
            group: &'a str,
            when: &'a str,
            place: &'a str,
            agenda: &'a str,
            url: &'a str,
            tenant: &'a str,
        }
    };
}
invitation!(InvitationText, "mail/meeting_invitation.txt");
invitation!(InvitationHtml, "mail/meeting_invitation.html");

/// Queues an invitation, with the meeting as an `.ics` attachment, to every member of the group
/// with an e-mail; refused once the meeting has begun.
pub(super) async fn invite(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    data: FormData,
) -> Result<Response, Error> {
    let tenant = ctx.tenant.id;
    let (meeting, group, actor, version) = writing(&ctx, &state, &id, &data).await?;
    let url = format!(
        "{}/schuzky/{}",
        crate::mail::base_url(&state, &headers),
        meeting.id
    );
    let when = when(&meeting);
    let agenda = meeting.draft.agenda.as_deref().unwrap_or("bude upřesněn");
    let (text, html) = {
        let (group, place, tenant) = (
            group.draft.name.as_str(),
            meeting.draft.place.as_str(),
            ctx.tenant.name.as_str(),
        );
        let (when, url) = (when.as_str(), url.as_str());
        (
            InvitationText {
                group,
                when,
                place,
                agenda,
                url,
                tenant,
            }
            .render()?,
            InvitationHtml {
                group,
                when,
                place,
                agenda,
                url,
                tenant,
            }
            .render()?,
        )
    };
    let ics = calendar::ics(&ctx.tenant.slug, &group, std::slice::from_ref(&meeting));
    let people = people_at(&state, tenant, &meeting).await?;
    let drafts: Vec<MailDraft> = people
        .iter()
        .filter_map(|(m, _)| {
            let to = m.draft.email.clone()?;
            Some(MailDraft {
                kind: "pozvanka-schuzka",
                // One invitation per member and version of the meeting: a second click sends
                // nothing, a changed meeting can be announced again.
                key: format!("schuzka-{}-v{}-clen-{}", meeting.id, meeting.version, m.id),
                to,
                subject: format!("Pozvánka: {} – {when}", group.draft.name),
                text: text.clone(),
                html: html.clone(),
                attachment: Some(Attachment {
                    name: "schuzka.ics".to_owned(),
                    content_type: "text/calendar; method=PUBLISH; charset=utf-8".to_owned(),
                    body: ics.clone(),
                }),
            })
        })
        .collect();
    let problem = |text: &str| Some(text.to_owned());
    let refused = match store::invite(&state.store, tenant, &actor, (meeting.id, version), &drafts)
        .await
    {
        Ok(queued) => {
            let notice = if drafts.is_empty() {
                "Nikdo ze členů skupiny nemá uvedený e-mail; pozvánky nebylo komu poslat."
                    .to_owned()
            } else if queued == 0 {
                "Pozvánky na schůzku v této podobě už byly zařazeny k odeslání; po její změně je \
                 lze rozeslat znovu."
                    .to_owned()
            } else {
                format!(
                    "Zařazeno k odeslání: {}.",
                    kpss_domain::czech::count(queued, "pozvánka", "pozvánky", "pozvánek")
                )
            };
            return crate::flash::redirect(
                &ctx.session,
                &format!("/schuzky/{}", meeting.id),
                notice,
            )
            .await;
        }
        Err(kpss_store::Error::Invalid(errors)) => (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            problem(&crate::messages::summary(&errors)),
        ),
        Err(kpss_store::Error::Conflict(_)) => (
            axum::http::StatusCode::CONFLICT,
            problem(
                "Schůzka se mezitím změnila. Zkontrolujte její novou podobu a pozvánky rozešlete \
                 znovu.",
            ),
        ),
        Err(e) => return Err(e.into()),
    };
    let (meeting, group) = load(&state, tenant, &id).await?;
    let page = public_page(&ctx, &state, (meeting, group), refused.1).await?;
    Ok((refused.0, Html(page.render()?)).into_response())
}
