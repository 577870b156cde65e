//! Throw-away databases for tests: a temporary SQLite file, or a fresh PostgreSQL database
//! made on the server that `KPSS_TEST_PG_URL` names and dropped when the test passes.

use rand::Rng;
use sea_orm::{ConnectionTrait, Database};

use kpss_domain::plan::funding::MeasureFunding;

use crate::Store;

/// A migrated store that lives as long as one test.
pub struct TestDb {
    /// The store under test.
    pub store: Store,
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database { admin_url: String, name: String },
}

fn random_name() -> String {
    let n: u64 = rand::thread_rng().r#gen();
    format!("kpss_test_{n:016x}")
}

impl TestDb {
    /// A migrated SQLite database in a temporary file.
    pub async fn sqlite() -> Self {
        let path = std::env::temp_dir().join(format!("{}.db", random_name()));
        let url = format!("sqlite://{}", path.display());
        let store = Store::connect(&url).await.expect("open SQLite");
        store.migrate().await.expect("migrate SQLite");
        Self {
            store,
            url,
            cleanup: Cleanup::File(path),
        }
    }

    /// A migrated PostgreSQL database of its own, or `None` when `KPSS_TEST_PG_URL` is unset.
    pub async fn postgres() -> Option<Self> {
        let admin_url = std::env::var("KPSS_TEST_PG_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let name = random_name();
        let admin = Database::connect(&admin_url)
            .await
            .expect("connect to KPSS_TEST_PG_URL");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        admin.close().await.ok();
        let url = with_database(&admin_url, &name);
        let store = Store::connect(&url).await.expect("open PostgreSQL");
        store.migrate().await.expect("migrate PostgreSQL");
        Some(Self {
            store,
            url,
            cleanup: Cleanup::Database { admin_url, name },
        })
    }

    /// The database's URL, for a kpss process started on it.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Closes the store and removes its database.
    pub async fn finish(self) {
        self.store.close().await.ok();
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database { admin_url, name } => {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    admin.close().await.ok();
                }
            }
        }
    }
}

/// The same server URL with another database name.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let server = match base.rfind('/') {
        Some(i) if i > base.find("://").map_or(0, |s| s + 2) => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

/// Runs a store test on SQLite.
pub async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let db = TestDb::sqlite().await;
    test(db.store.clone()).await;
    db.finish().await;
}

/// Runs a store test on PostgreSQL, or says it was skipped.
pub async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(db) = TestDb::postgres().await else {
        // CI must run every PostgreSQL half; a skip there would pass unseen.
        assert!(
            std::env::var_os("CI").is_none(),
            "KPSS_TEST_PG_URL is not set under CI: the PostgreSQL half cannot be skipped"
        );
        eprintln!("skipped: set KPSS_TEST_PG_URL to run this test on PostgreSQL");
        return;
    };
    let server = db.store.server_version().await.expect("ask the server");
    test(db.store.clone()).await;
    db.finish().await;
    mark_ran_on_postgres(&server);
}

/// Appends a line to the file `KPSS_PG_MARKER` names: the test's name and the server it ran
/// on. Only a test that reached the end of its body on a real PostgreSQL writes it, so `.ci/run`
/// counts these lines instead of `ok` lines, which a skipped test prints too.
pub fn mark_ran_on_postgres(server: &str) {
    use std::io::Write;
    let Some(path) = std::env::var_os("KPSS_PG_MARKER") else {
        return;
    };
    let test = std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .to_owned();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("open KPSS_PG_MARKER");
    writeln!(file, "ran-on-postgresql {test} ({server})").expect("write KPSS_PG_MARKER");
}

/// Declares a store test that runs on both engines as `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                $crate::testing::on_sqlite(super::$name).await;
            }
            #[tokio::test]
            async fn postgres() {
                $crate::testing::on_postgres(super::$name).await;
            }
        }
    )*};
}

/// An approved plan 2023–2026 with a part per code (e.g. „SEN“), a goal „SEN 1“ in each and a
/// measure „SEN 1.1“ under it: what action-plan tests start from. Gives the plan and the
/// measures, in the order of `codes`.
pub async fn approved_plan(store: &Store, tenant: i32, codes: &[&str]) -> (i32, Vec<i32>) {
    approved_plan_with(store, tenant, codes, &MeasureFunding::default()).await
}

/// A draft plan 2023–2026 with a part per code, each with one goal and one measure with
/// these indicators and expected costs; gives the plan and its measures in the codes' order.
pub async fn draft_plan(
    store: &Store,
    tenant: i32,
    codes: &[&str],
    funding: &MeasureFunding,
) -> (i32, Vec<i32>) {
    use kpss_domain::account::Actor;
    use kpss_domain::plan::{GoalDraft, MeasureDraft, PartDraft, PlanHeader};
    let admin = Actor::system();
    let header = PlanHeader::parse("6. komunitní plán", "2023", "2026").expect("a valid header");
    let plan = crate::plan::create_plan(store, tenant, &admin, &header)
        .await
        .expect("a plan");
    let mut measures = Vec::new();
    for code in codes {
        let part = PartDraft::parse(code, code).expect("a part");
        let part = crate::plan::add_part(store, tenant, &admin, plan.id, &part)
            .await
            .expect("a part");
        let goal = GoalDraft::parse(&format!("{code} 1"), "Cíl").expect("a goal");
        let goal = crate::plan::add_goal(store, tenant, &admin, part, &goal)
            .await
            .expect("a goal");
        let measure = MeasureDraft::parse(&format!("{code} 1.1"), "Opatření", "", "", "", "")
            .expect("a measure");
        let measure = crate::plan::add_measure(store, tenant, &admin, goal, &measure)
            .await
            .expect("a measure");
        if funding != &MeasureFunding::default() {
            crate::plan::set_measure_funding(store, tenant, &admin, (measure, 1), funding)
                .await
                .expect("funding");
        }
        measures.push(measure);
    }
    (plan.id, measures)
}

/// Like [`approved_plan`], each measure with these indicators and expected costs.
pub async fn approved_plan_with(
    store: &Store,
    tenant: i32,
    codes: &[&str],
    funding: &MeasureFunding,
) -> (i32, Vec<i32>) {
    use kpss_domain::account::Actor;
    use kpss_domain::plan::{PlanAction, Resolution};
    let admin = Actor::system();
    let (plan, measures) = draft_plan(store, tenant, codes, funding).await;
    crate::plan::transition(
        store,
        tenant,
        &admin,
        plan,
        1,
        &PlanAction::OpenConsultation(
            kpss_domain::consultation::ConsultationPeriod::parse("1. 6. 2022", "30. 6. 2022")
                .expect("a period"),
        ),
    )
    .await
    .expect("consultation");
    let resolution =
        Resolution::parse("2238/ZM1822/36", "14. 9. 2022", "ZM").expect("a resolution");
    crate::plan::transition(
        store,
        tenant,
        &admin,
        plan,
        2,
        &PlanAction::Approve(resolution),
    )
    .await
    .expect("approval");
    (plan, measures)
}

/// Runs raw SQL on the store: for tests that plant what kpss itself never writes (an unknown
/// state code), to see the store refuse it.
pub async fn execute_raw(store: &Store, sql: &str) {
    use sea_orm::ConnectionTrait;
    store
        .db()
        .execute_unprepared(sql)
        .await
        .expect("raw SQL of a test");
}

/// Runs again what migrations m0019 and m0020 did to the data of a database from before them:
/// working groups made of the part codes and the codes managers lead, the parts assigned, and
/// the managers made members leading those groups.
pub async fn link_work_group_codes(store: &Store) {
    crate::migration::link_work_group_codes(store.db())
        .await
        .expect("the codes linked");
    crate::migration::carry_led_codes(store.db())
        .await
        .expect("the led codes carried");
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_database_name_is_replaced_and_the_query_kept() {
        assert_eq!(
            super::with_database("postgres://u@h:5432/test", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            super::with_database("postgres://h/test?sslmode=disable", "x"),
            "postgres://h/x?sslmode=disable"
        );
        assert_eq!(super::with_database("postgres://h", "x"), "postgres://h/x");
    }
}
