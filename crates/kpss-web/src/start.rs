//! Each role's start page at `/` once logged in: the cards that wait for this person in a
//! running evaluation (overdue first), the round's progress by working group, the action plans
//! open for planning and the plan drafts open for comments. The public home stays for the rest.

use std::collections::HashMap;

use askama::Template;
use kpss_domain::action_plan::ActionPlanState;
use kpss_domain::czech::format_date;
use kpss_domain::evaluation::{Progress, progress_by_group};
use kpss_domain::plan::PlanStatus;
use kpss_domain::start::{CardFacts, Task, waiting_for};
use kpss_store::account::Account;
use kpss_store::start::SHOWN;
use kpss_store::{action_plan, evaluation, plan};

use crate::action_plan::measures;
use crate::auth::{Ctx, Layout};
use crate::{AppState, Error};

/// A card that waits, as the page links it.
struct WaitingView {
    href: String,
    title: String,
    group: String,
    task: &'static str,
    overdue: bool,
}

/// How far a working group got in the round.
struct GroupProgress {
    code: String,
    name: String,
    progress: Progress,
}

/// A running evaluation round of one action plan.
struct RoundView {
    action_plan: i32,
    year: i32,
    deadline: String,
    late: bool,
    /// The first [`SHOWN`] of the cards that wait.
    waiting: Vec<WaitingView>,
    /// How many cards wait in all.
    waiting_count: usize,
    /// The list of cards narrowed to what waits, for the rest.
    more_href: String,
    groups: Vec<GroupProgress>,
    total: Progress,
}

/// An action plan whose cards are being planned.
struct PlanningView {
    action_plan: i32,
    year: i32,
    plan_title: String,
}

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    layout: Layout,
    name: String,
    may_follow_round: bool,
    may_plan: bool,
    rounds: Vec<RoundView>,
    planning: Vec<PlanningView>,
    /// Drafts open for public comments: (plan id, title).
    consultations: Vec<(i32, String)>,
    /// Drafts still being written, for the coordinator: (plan id, title).
    drafts: Vec<(i32, String)>,
    /// Open tasks from published minutes that the user owns.
    tasks: Vec<crate::meeting::TaskRow>,
    /// Where a task's button returns.
    back: &'static str,
}

impl StartPage {
    /// Whether nothing waits at all.
    fn is_quiet(&self) -> bool {
        self.rounds.iter().all(|r| r.waiting.is_empty())
            && self.planning.is_empty()
            && self.consultations.is_empty()
            && self.drafts.is_empty()
            && self.tasks.is_empty()
    }
}

/// The open tasks of published minutes that the user's member owns.
async fn my_tasks(
    state: &AppState,
    tenant: i32,
    user: &Account,
) -> Result<Vec<crate::meeting::TaskRow>, Error> {
    let Some(me) = kpss_store::member::of_account(&state.store, tenant, user.id).await? else {
        return Ok(Vec::new());
    };
    let tasks: Vec<_> =
        kpss_store::meeting::published_tasks(&state.store, tenant, (None, Some(me.id)))
            .await?
            .into_iter()
            .filter(|t| !t.task.done)
            .collect();
    let names = std::collections::HashMap::from([(me.id, me.draft.name)]);
    Ok(crate::meeting::task_rows(tasks, &names, |_| true))
}

/// The start page of the logged-in `user`.
pub async fn page(ctx: &Ctx, state: &AppState, user: &Account) -> Result<String, Error> {
    let actor = user.actor();
    let tenant = ctx.tenant.id;
    let today = kpss_domain::czech::today();
    let plans = plan::plans(&state.store, tenant, actor.is_admin()).await?;
    let candidates = kpss_domain::start::candidates(&actor);
    let mut page = StartPage {
        layout: ctx.layout(),
        name: if user.name.trim().is_empty() {
            user.email.clone()
        } else {
            user.name.clone()
        },
        may_follow_round: actor.may_follow_round(),
        may_plan: actor.is_admin() || actor.leads_any() || !actor.organisations.is_empty(),
        rounds: Vec::new(),
        planning: Vec::new(),
        consultations: Vec::new(),
        drafts: Vec::new(),
        tasks: my_tasks(state, tenant, user).await?,
        back: "/",
    };
    for p in &plans {
        match p.status {
            PlanStatus::Draft => page.drafts.push((p.id, p.title.clone())),
            PlanStatus::InConsultation => page.consultations.push((p.id, p.title.clone())),
            PlanStatus::Approved => {}
            PlanStatus::Archived => continue,
        }
        if p.status != PlanStatus::Approved {
            continue;
        }
        let mut tree = None;
        for ap in action_plan::action_plans(&state.store, tenant, p.id).await? {
            if ap.state == ActionPlanState::Open {
                page.planning.push(PlanningView {
                    action_plan: ap.id,
                    year: ap.year,
                    plan_title: p.title.clone(),
                });
            }
            let Some(round) = evaluation::round(&state.store, tenant, ap.id).await? else {
                continue;
            };
            if round.closed || !actor.may_follow_round() {
                continue;
            }
            if tree.is_none() {
                tree = Some(plan::plan(&state.store, tenant, p.id).await?);
            }
            let tree = tree.as_ref().ok_or(Error::NotFound)?;
            let group_of: HashMap<i32, String> = measures(tree)
                .into_iter()
                .map(|m| (m.id, m.group))
                .collect();
            let group = |measure: i32| group_of.get(&measure).map_or("", String::as_str);
            let counts = action_plan::state_counts(&state.store, &[tenant], ap.id).await?;
            let (by_group, total) = progress_by_group(
                counts.iter().map(|c| {
                    (
                        group(c.measure_id),
                        c.state,
                        usize::try_from(c.cards).unwrap_or(usize::MAX),
                    )
                }),
                round.deadline,
                today,
            );
            let (waiting, waiting_count) = match &candidates {
                None => (Vec::new(), 0),
                Some(narrowed) => {
                    let (read, count) = kpss_store::start::waiting_cards(
                        &state.store,
                        &[tenant],
                        ap.id,
                        narrowed,
                        &group_of,
                    )
                    .await?;
                    let facts = read.iter().map(|c| CardFacts {
                        id: c.id,
                        title: &c.title,
                        organisation: c.organisation_id,
                        group: group(c.measure_id),
                        state: c.state,
                    });
                    (waiting_for(&actor, facts, round.deadline, today), count)
                }
            };
            let waiting = waiting
                .into_iter()
                .take(SHOWN)
                .map(|w| WaitingView {
                    href: match w.task {
                        Task::Review => format!("/karty/{}", w.card),
                        Task::Evaluate | Task::Correct => format!("/karty/{}/hodnoceni", w.card),
                    },
                    title: w.title,
                    group: w.group,
                    task: w.task.name(),
                    overdue: w.overdue,
                })
                .collect();
            page.rounds.push(RoundView {
                action_plan: ap.id,
                year: ap.year,
                deadline: format_date(round.deadline),
                late: today > round.deadline,
                waiting,
                waiting_count: usize::try_from(waiting_count).unwrap_or(usize::MAX),
                more_href: candidates.as_ref().map_or_else(String::new, |c| {
                    let query = c.as_list().to_query_string(1);
                    let list = format!("/akcni-plany/{}/karty", ap.id);
                    if query.is_empty() {
                        list
                    } else {
                        format!("{list}?{query}")
                    }
                }),
                groups: tree
                    .parts
                    .iter()
                    .filter_map(|part| {
                        by_group.get(&part.group).map(|progress| GroupProgress {
                            code: part.group.clone(),
                            name: part.draft.name.clone(),
                            progress: *progress,
                        })
                    })
                    .collect(),
                total,
            });
        }
    }
    if !actor.is_admin() {
        page.drafts.clear();
    }
    if !page.may_plan {
        page.planning.clear();
    }
    Ok(page.render()?)
}
