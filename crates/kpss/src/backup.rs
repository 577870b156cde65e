//! `kpss backup` and `kpss restore`: SQLite through the store (a consistent copy while kpss
//! serves, an atomic restore), PostgreSQL through the server's own `pg_dump` and `pg_restore`.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use kpss_store::Store;
use kpss_store::backup::{self, BackupError, BackupInfo};

/// Czech words for why a backup or restore was refused.
fn explain(err: BackupError) -> anyhow::Error {
    match err {
        BackupError::NotSqlite => anyhow::anyhow!("databáze není SQLite"),
        BackupError::TargetExists(p) => anyhow::anyhow!(
            "soubor {} už existuje; záloha nikdy nepřepisuje, zvolte jiný název",
            p.display()
        ),
        BackupError::NotWritable { path, source } => {
            anyhow::anyhow!("do {} nelze zapisovat: {source}", path.display())
        }
        BackupError::NotABackup(p) => anyhow::anyhow!(
            "{} není záloha kpss (není to databáze SQLite se schématem kpss); nic nebylo změněno",
            p.display()
        ),
        BackupError::NewerSchema(m) => anyhow::anyhow!(
            "záloha pochází z novější verze kpss (obsahuje migraci {m}); obnovte ji novější \
             verzí kpss; nic nebylo změněno"
        ),
        BackupError::Damaged(why) => {
            anyhow::anyhow!("záloha je poškozená ({why}); nic nebylo změněno")
        }
        BackupError::InUse => anyhow::anyhow!(
            "databázi právě používá běžící kpss; před obnovou jej zastavte, nic nebylo změněno"
        ),
        BackupError::Db(e) => anyhow::anyhow!("chyba databáze: {e}"),
    }
}

fn summary(info: &BackupInfo) -> String {
    let rows: u64 = info.tables.iter().map(|t| t.rows).sum();
    let of = |name: &str| {
        info.tables
            .iter()
            .find(|t| t.name == name)
            .map_or(0, |t| t.rows)
    };
    format!(
        "{} tabulek, {rows} řádků (služby {}, karty {}, záznamy historie {}); schéma {}",
        info.tables.len(),
        of("service"),
        of("activity_card"),
        of("audit_log"),
        info.schema
    )
}

/// `kpss backup --to FILE`
pub async fn backup(database_url: &str, target: &Path) -> anyhow::Result<()> {
    if backup::sqlite_path(database_url).is_none() {
        return pg_dump(database_url, target);
    }
    let store = Store::connect(database_url)
        .await
        .context("databázi nelze otevřít")?;
    let info = backup::write(&store, target).await.map_err(explain)?;
    println!(
        "Záloha je uložena v {}: {}.",
        target.display(),
        summary(&info)
    );
    Ok(())
}

/// `kpss restore --from FILE`
pub async fn restore(database_url: &str, source: &Path) -> anyhow::Result<()> {
    let Some(target) = backup::sqlite_path(database_url) else {
        return pg_restore(database_url, source);
    };
    let info = backup::restore(source, &target).await.map_err(explain)?;
    // The restored copy must read back exactly as the backup did.
    let restored = backup::database_sums(&target).await.map_err(explain)?;
    if restored != info.tables {
        bail!("obnovená databáze se neshoduje se zálohou; obnovu opakujte");
    }
    println!(
        "Databáze {} je obnovena ze zálohy {}: {}.",
        target.display(),
        source.display(),
        summary(&info)
    );
    Ok(())
}

fn run_tool(mut command: Command, tool: &str) -> anyhow::Result<std::process::Output> {
    let output = command.output().map_err(|e| {
        anyhow::anyhow!(
            "{tool} nelze spustit ({e}); nainstalujte klienta PostgreSQL stejné verze jako server \
             (Debian: apt-get install postgresql-client)"
        )
    })?;
    if !output.status.success() {
        bail!(
            "{tool} skončil chybou: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output)
}

/// PostgreSQL: `pg_dump --format=custom`, a consistent snapshot taken while kpss serves.
fn pg_dump(database_url: &str, target: &Path) -> anyhow::Result<()> {
    if target.exists() {
        return Err(explain(BackupError::TargetExists(target.to_owned())));
    }
    let mut partial = target.as_os_str().to_owned();
    partial.push(".partial");
    let mut command = Command::new("pg_dump");
    command
        .arg("--format=custom")
        .arg("--no-owner")
        .arg("--file")
        .arg(&partial)
        .arg(database_url);
    if let Err(e) = run_tool(command, "pg_dump") {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, target)
        .with_context(|| format!("do {} nelze zapisovat", target.display()))?;
    println!("Záloha PostgreSQL je uložena v {}.", target.display());
    Ok(())
}

/// PostgreSQL: the dump is checked to be kpss's, then restored in one transaction, so a failure
/// leaves the database as it was.
fn pg_restore(database_url: &str, source: &Path) -> anyhow::Result<()> {
    let mut list = Command::new("pg_restore");
    list.arg("--list").arg(source);
    let listed = run_tool(list, "pg_restore")
        .map_err(|_| explain(BackupError::NotABackup(source.to_owned())))?;
    if !String::from_utf8_lossy(&listed.stdout).contains("seaql_migrations") {
        return Err(explain(BackupError::NotABackup(source.to_owned())));
    }
    let mut command = Command::new("pg_restore");
    command
        .arg("--clean")
        .arg("--if-exists")
        .arg("--no-owner")
        .arg("--single-transaction")
        .arg("--dbname")
        .arg(database_url)
        .arg(source);
    run_tool(command, "pg_restore")?;
    println!(
        "Databáze PostgreSQL je obnovena ze zálohy {}.",
        source.display()
    );
    Ok(())
}
