//! Reports on the web: the evaluation of an action plan and the summary report of a plan, as
//! an HTML page and as XLSX and PDF downloads of the same model.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kpss_docs::report::ReportView;
use kpss_domain::report::Report;

use crate::action_plan::visible_action_plan;
use crate::auth::{Ctx, Layout};
use crate::catalogue::parse_id;
use crate::form::{FormData, FormView, rejection, version};
use crate::plan::visible_plan;
use crate::{AppState, Error};

/// Routes of this feature.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/akcni-plany/{id}/zprava", get(action_plan_html))
        .route("/akcni-plany/{id}/zprava.xlsx", get(action_plan_xlsx))
        .route("/akcni-plany/{id}/zprava.pdf", get(action_plan_pdf))
        .route("/plany/{id}/souhrnna-zprava", get(summary_html))
        .route("/plany/{id}/souhrnna-zprava.xlsx", get(summary_xlsx))
        .route("/plany/{id}/souhrnna-zprava.pdf", get(summary_pdf))
        .route(
            "/plany/{id}/souhrnna-zprava/shrnuti",
            get(conclusion_form).post(conclusion_save),
        )
}

#[derive(Template)]
#[template(path = "report/report.html")]
struct ReportPage {
    layout: Layout,
    /// (href, name) of the page the report belongs to.
    back: (String, String),
    /// The report's address without a file extension; downloads add `.xlsx` / `.pdf`.
    href: String,
    /// Where the coordinator writes the summary of the plan (summary report, coordinator only).
    conclusion_form: Option<String>,
    r: ReportView,
}

fn page(ctx: &Ctx, report: &Report, back: (String, String), href: String) -> ReportPage {
    ReportPage {
        layout: ctx.layout(),
        back,
        href,
        conclusion_form: None,
        r: ReportView::new(report),
    }
}

/// The summary report's page as the public sees it (for `kpss bench report`).
pub fn render_summary(report: &Report, tenant_name: &str, plan_id: i32) -> Result<String, Error> {
    let page = ReportPage {
        layout: Layout::anonymous(tenant_name.to_owned()),
        back: (format!("/plany/{plan_id}"), report.subtitle.clone()),
        href: format!("/plany/{plan_id}/souhrnna-zprava"),
        conclusion_form: None,
        r: ReportView::new(report),
    };
    Ok(page.render()?)
}

async fn action_plan_report(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
) -> Result<(Report, (String, String), String), Error> {
    let (ap, _) = visible_action_plan(ctx, state, parse_id(id)?).await?;
    let report =
        kpss_store::report::action_plan_report(&state.store, ctx.scope.clone(), ap.id).await?;
    let back = (
        format!("/akcni-plany/{}", ap.id),
        format!("Akční plán {}", ap.year),
    );
    Ok((
        report,
        back,
        format!("vyhodnoceni-akcniho-planu-{}", ap.year),
    ))
}

async fn summary_report(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
) -> Result<(Report, (String, String), String), Error> {
    let tree = visible_plan(ctx, state, id).await?;
    let report =
        kpss_store::report::summary_report(&state.store, ctx.scope.clone(), tree.plan.id).await?;
    let back = (format!("/plany/{}", tree.plan.id), tree.plan.title.clone());
    let name = format!(
        "souhrnna-zprava-{}-{}",
        tree.plan.period.from, tree.plan.period.to
    );
    Ok((report, back, name))
}

async fn action_plan_html(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (report, back, _) = action_plan_report(&ctx, &state, &id).await?;
    let href = format!("{}/zprava", back.0);
    Ok(Html(page(&ctx, &report, back, href).render()?))
}

async fn summary_html(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let (report, back, _) = summary_report(&ctx, &state, &id).await?;
    let href = format!("{}/souhrnna-zprava", back.0);
    let mut page = page(&ctx, &report, back, href.clone());
    if ctx.user.as_ref().is_some_and(|u| u.actor().is_admin()) {
        page.conclusion_form = Some(format!("{href}/shrnuti"));
    }
    Ok(Html(page.render()?))
}

/// A download with its type and file name.
pub(crate) fn download(bytes: Vec<u8>, content_type: &'static str, file: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn xlsx(report: Report, name: String) -> Result<Response, Error> {
    let bytes = tokio::task::spawn_blocking(move || kpss_docs::report::xlsx(&report))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(download(bytes, XLSX, format!("{name}.xlsx")))
}

async fn pdf(report: Report, name: String) -> Result<Response, Error> {
    let bytes = tokio::task::spawn_blocking(move || kpss_docs::report::pdf(&report))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(download(bytes, "application/pdf", format!("{name}.pdf")))
}

async fn action_plan_xlsx(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (report, _, name) = action_plan_report(&ctx, &state, &id).await?;
    xlsx(report, name).await
}

async fn summary_xlsx(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (report, _, name) = summary_report(&ctx, &state, &id).await?;
    xlsx(report, name).await
}

async fn action_plan_pdf(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (report, _, name) = action_plan_report(&ctx, &state, &id).await?;
    pdf(report, name).await
}

async fn summary_pdf(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let (report, _, name) = summary_report(&ctx, &state, &id).await?;
    pdf(report, name).await
}

#[derive(Template)]
#[template(path = "report/conclusion.html")]
struct ConclusionPage {
    layout: Layout,
    plan: crate::plan::PlanView,
    form: FormView,
    notice: Option<&'static str>,
}

/// `GET /plany/{id}/souhrnna-zprava/shrnuti` – the coordinator's summary of the plan.
async fn conclusion_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    ctx.require_admin()?;
    let tree = visible_plan(&ctx, &state, &id).await?;
    let stored =
        kpss_store::evaluation::conclusion(&state.store, ctx.tenant.id, tree.plan.id).await?;
    let data = FormData(vec![
        (
            "version".into(),
            stored.as_ref().map_or(0, |c| c.version).to_string(),
        ),
        ("text".into(), stored.map(|c| c.text).unwrap_or_default()),
    ]);
    Ok(Html(
        ConclusionPage {
            layout: ctx.layout(),
            plan: crate::plan::PlanView::new(&tree.plan),
            form: FormView::new(ctx.csrf.clone(), &data),
            notice: None,
        }
        .render()?,
    ))
}

/// `POST /plany/{id}/souhrnna-zprava/shrnuti` – saves it.
async fn conclusion_save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
    data: FormData,
) -> Result<Response, Error> {
    let actor = ctx.require_admin()?.actor();
    let tree = visible_plan(&ctx, &state, &id).await?;
    if tree.plan.tenant_id != ctx.tenant.id {
        return Err(Error::NotFound);
    }
    data.check_csrf(&ctx.session).await?;
    let saved = match kpss_domain::evaluation::parse_evaluation_text(data.get("text")) {
        Ok(text) => {
            kpss_store::evaluation::save_conclusion(
                &state.store,
                ctx.tenant.id,
                &actor,
                (tree.plan.id, version(&data)?),
                &text,
            )
            .await
        }
        Err(errors) => Err(kpss_store::Error::Invalid(errors)),
    };
    match saved {
        Ok(()) => {
            let to = format!("/plany/{}/souhrnna-zprava", tree.plan.id);
            crate::flash::redirect(&ctx.session, &to, "Závěr souhrnné zprávy byl uložen.").await
        }
        Err(err) => {
            let (status, form, notice) = rejection(&ctx, &data, err)?;
            let page = ConclusionPage {
                layout: ctx.layout(),
                plan: crate::plan::PlanView::new(&tree.plan),
                form,
                notice,
            };
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}
