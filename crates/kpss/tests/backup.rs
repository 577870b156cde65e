//! `kpss backup` and `kpss restore` as an operator uses them: a backup taken while kpss serves,
//! a restore refused under a running server, bad files refused with nothing changed, and a
//! restore that brings back every record and the audit log exactly.

mod common;

use std::path::Path;
use std::process::{Child, Command, Output};

use kpss_store::backup::database_sums;

fn kpss(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args(["--database-url", database])
        .args(args)
        .env("KPSS_LOG", "error")
        .output()
        .expect("kpss runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `kpss serve` on the database, running until killed.
fn serve(database: &str) -> Child {
    common::serve(database).0
}

async fn sums(path: &Path) -> Vec<kpss_store::backup::TableSum> {
    database_sums(path).await.expect("sums of a database")
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_every_record_and_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("kpss.db");
    let url = format!("sqlite://{}", live.display());
    let backup = dir.path().join("zaloha.db");

    // The demo city, served while the backup is taken.
    let mut server = serve(&url);
    let taken = kpss(&url, &["backup", "--to", backup.to_str().unwrap()]);
    assert!(taken.status.success(), "{}", text(&taken));
    assert!(
        text(&taken).contains("Záloha je uložena"),
        "{}",
        text(&taken)
    );
    // A restore under the running server is refused and changes nothing.
    let refused = kpss(&url, &["restore", "--from", backup.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("používá běžící kpss"),
        "{}",
        text(&refused)
    );
    server.kill().unwrap();
    server.wait().unwrap();
    let at_backup = sums(&backup).await;
    let audit = at_backup.iter().find(|t| t.name == "audit_log").unwrap();
    assert!(audit.rows > 100, "the demo city's history is in the backup");
    assert!(
        at_backup
            .iter()
            .any(|t| t.name == "activity_card" && t.rows > 100)
    );

    // Work goes on after the backup…
    let added = kpss(
        &url,
        &[
            "user",
            "add",
            "--email",
            "nova@ostrava.cz",
            "--role",
            "member",
        ],
    );
    assert!(added.status.success(), "{}", text(&added));
    assert_ne!(sums(&live).await, at_backup);

    // …a backup is never overwritten…
    let again = kpss(&url, &["backup", "--to", backup.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(text(&again).contains("už existuje"), "{}", text(&again));
    // …nor written where it cannot be.
    let nowhere = kpss(&url, &["backup", "--to", "/dev/null/zaloha.db"]);
    assert!(!nowhere.status.success());
    assert!(
        text(&nowhere).contains("nelze zapisovat"),
        "{}",
        text(&nowhere)
    );

    // Files that are not kpss backups are refused and the database stays as it is.
    let before_bad = sums(&live).await;
    let garbage = dir.path().join("faktura.pdf");
    std::fs::write(&garbage, b"%PDF-1.7 not a database").unwrap();
    let other = dir.path().join("jina.db");
    let other_db = kpss_store::Store::connect(&format!("sqlite://{}", other.display()))
        .await
        .unwrap();
    kpss_store::testing::execute_raw(&other_db, "CREATE TABLE faktura (id INTEGER)").await;
    other_db.close().await.unwrap();
    let newer = dir.path().join("novejsi.db");
    std::fs::copy(&backup, &newer).unwrap();
    let newer_db = kpss_store::Store::connect(&format!("sqlite://{}", newer.display()))
        .await
        .unwrap();
    kpss_store::testing::execute_raw(
        &newer_db,
        "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m9999_budouci', 0)",
    )
    .await;
    newer_db.close().await.unwrap();
    for (file, message) in [
        (&garbage, "není záloha kpss"),
        (&other, "není záloha kpss"),
        (&newer, "z novější verze kpss"),
        (&dir.path().join("chybi.db"), "není záloha kpss"),
    ] {
        let answer = kpss(&url, &["restore", "--from", file.to_str().unwrap()]);
        assert!(!answer.status.success(), "{}", file.display());
        assert!(text(&answer).contains(message), "{}", text(&answer));
        assert!(text(&answer).contains("nic nebylo změněno"));
        assert_eq!(sums(&live).await, before_bad, "{}", file.display());
    }

    // The restore brings back exactly what the backup holds, the audit log included.
    let restored = kpss(&url, &["restore", "--from", backup.to_str().unwrap()]);
    assert!(restored.status.success(), "{}", text(&restored));
    assert!(
        text(&restored).contains("je obnovena"),
        "{}",
        text(&restored)
    );
    assert_eq!(sums(&live).await, at_backup);
    // And kpss serves it again.
    let mut server = serve(&url);
    server.kill().unwrap();
    server.wait().unwrap();
}
