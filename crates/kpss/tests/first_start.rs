//! What `kpss serve` prints on its first and later starts: generated demo passwords once, a
//! set-up link for a database started without the demo, and never a known password.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Starts `kpss serve` on the database, reads its console up to the line with the address,
/// and stops it.
fn start(database: &str, extra: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args(["--database-url", database, "--listen", "127.0.0.1:0"])
        .args(extra)
        .env("KPSS_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("kpss starts");
    let mut console = String::new();
    for line in BufReader::new(child.stdout.take().expect("stdout")).lines() {
        let line = line.expect("utf-8 console");
        console.push_str(&line);
        console.push('\n');
        if line.starts_with("kpss běží na") {
            break;
        }
    }
    child.kill().expect("kpss stops");
    child.wait().expect("kpss exits");
    assert!(
        console.contains("kpss běží na"),
        "kpss did not start:\n{console}"
    );
    console
}

fn demo_passwords(console: &str) -> Vec<(String, String)> {
    console
        .lines()
        .filter(|l| l.contains("@demo.kpss.cz"))
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            (words[0].to_owned(), words[words.len() - 1].to_owned())
        })
        .collect()
}

#[test]
fn the_demo_gets_generated_passwords_printed_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let first = start(&db, &[]);
    let passwords = demo_passwords(&first);
    assert_eq!(passwords.len(), 4, "{first}");
    for (email, password) in &passwords {
        assert!(password.len() >= 16, "{email}: {password}");
        assert!(!first.contains("demo-heslo"), "{first}");
    }
    assert_ne!(
        passwords[0].1, passwords[1].1,
        "each account its own password"
    );
    assert!(
        !first.contains("/nastaveni/"),
        "the demo needs no set-up link"
    );

    let again = start(&db, &[]);
    assert!(
        demo_passwords(&again).is_empty(),
        "printed once only:\n{again}"
    );
    for (_, password) in &passwords {
        assert!(!again.contains(password.as_str()));
    }
}

#[test]
fn a_database_started_without_the_demo_never_gets_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("city.db").display());
    let first = start(&db, &["--no-demo"]);
    assert!(demo_passwords(&first).is_empty(), "{first}");
    let link = first
        .split_whitespace()
        .find(|w| w.contains("/nastaveni/"))
        .unwrap_or_else(|| panic!("a set-up link:\n{first}"));
    assert!(
        link.len() > "http://127.0.0.1:1/nastaveni/".len() + 24,
        "{link}"
    );

    // The operator forgets --no-demo on the next start: still no demo, a fresh link instead.
    let second = start(&db, &[]);
    assert!(demo_passwords(&second).is_empty(), "{second}");
    assert!(second.contains("/nastaveni/"), "{second}");
    assert!(!second.contains(link), "the old link is superseded");

    // `kpss demo` refuses too.
    let output = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args(["--database-url", &db, "demo"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("nic nebylo změněno"), "{said}");
}
