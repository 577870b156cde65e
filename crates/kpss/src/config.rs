//! Settings in layers: command-line flags > `KPSS_*` (and `DATABASE_URL`) variables >
//! `kpss.toml` > built-in defaults.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// The contents of `kpss.toml`; every key is optional, unknown keys are an error.
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub listen: Option<SocketAddr>,
    pub tenant: Option<String>,
    pub tenant_name: Option<String>,
    /// Fill an empty database with the demo city (default true).
    pub demo: Option<bool>,
    pub secure_cookies: Option<bool>,
    /// The virus scanner run on kept uploads, as a command line (see `--virus-scan`).
    pub virus_scan: Option<String>,
    /// Outgoing mail: `[mail]`.
    pub mail: Option<MailFile>,
}

/// The `[mail]` table of `kpss.toml`; `KPSS_SMTP_*` and `KPSS_MAIL_*` variables win over it.
#[derive(Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MailFile {
    pub smtp_host: Option<String>,
    pub smtp_port: Option<u16>,
    /// `starttls` (default), `tls` or `none`.
    pub smtp_security: Option<String>,
    pub smtp_user: Option<String>,
    pub smtp_password: Option<String>,
    /// The sender, e.g. `Komunitní plánování <kp@ostrava.cz>`.
    pub from: Option<String>,
    /// Where messages are written when no SMTP server is set (default `kpss-data/posta`).
    pub outbox: Option<PathBuf>,
    /// The address the public reaches kpss at, for links in mail (`https://kp.ostrava.cz`).
    pub public_url: Option<String>,
    /// Days before an evaluation deadline the first reminder goes out (default 7; 0: none
    /// before the deadline, only weekly after it).
    pub reminder_days: Option<u16>,
}

impl std::fmt::Debug for MailFile {
    // The password stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailFile")
            .field("smtp_host", &self.smtp_host)
            .field("smtp_user", &self.smtp_user)
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

/// How kpss sends mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// The SMTP server; `None`: messages go to `outbox`.
    pub smtp: Option<kpss_web::mail::send::Smtp>,
    pub from: String,
    pub outbox: PathBuf,
    pub public_url: Option<String>,
    /// Days before an evaluation deadline of the first reminder.
    pub reminder_days: u16,
}

impl MailSettings {
    /// The variables (read by `var`) over the file's `[mail]` over the defaults.
    pub fn resolve(
        file: Option<MailFile>,
        var: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Self> {
        use kpss_web::mail::send::{Security, Smtp};
        let file = file.unwrap_or_default();
        let security = match var("KPSS_SMTP_SECURITY")
            .or(file.smtp_security)
            .as_deref()
            .unwrap_or("starttls")
        {
            "starttls" => Security::StartTls,
            "tls" => Security::Tls,
            "none" => Security::None,
            other => anyhow::bail!("smtp_security „{other}“: použijte starttls, tls nebo none"),
        };
        let port = match var("KPSS_SMTP_PORT") {
            Some(p) => Some(
                p.parse::<u16>()
                    .map_err(|_| anyhow::anyhow!("KPSS_SMTP_PORT „{p}“ není číslo portu"))?,
            ),
            None => file.smtp_port,
        };
        let user = var("KPSS_SMTP_USER").or(file.smtp_user);
        let password = var("KPSS_SMTP_PASSWORD").or(file.smtp_password);
        // A user without a password is a configuration left half done, not an empty password.
        let credentials = match (user, password) {
            (Some(user), Some(password)) => Some((user, password)),
            (Some(user), None) => anyhow::bail!(
                "smtp_user „{user}“ je nastaven bez hesla (smtp_password, KPSS_SMTP_PASSWORD)"
            ),
            (None, _) => None,
        };
        let smtp = var("KPSS_SMTP_HOST").or(file.smtp_host).map(|host| Smtp {
            host,
            port: port.unwrap_or(match security {
                Security::Tls => 465,
                Security::StartTls => 587,
                Security::None => 25,
            }),
            security,
            credentials,
        });
        Ok(Self {
            smtp,
            from: var("KPSS_MAIL_FROM")
                .or(file.from)
                .unwrap_or_else(|| "Komunitní plánování <kpss@localhost>".into()),
            outbox: var("KPSS_MAIL_OUTBOX")
                .map(PathBuf::from)
                .or(file.outbox)
                .unwrap_or_else(|| PathBuf::from("kpss-data/posta")),
            public_url: var("KPSS_PUBLIC_URL").or(file.public_url),
            reminder_days: match var("KPSS_REMINDER_DAYS") {
                Some(d) => d.parse::<u16>().ok().filter(|d| *d <= 90).ok_or_else(|| {
                    anyhow::anyhow!("KPSS_REMINDER_DAYS „{d}“: zadejte počet dní 0 až 90")
                })?,
                None => file
                    .reminder_days
                    .unwrap_or(kpss_domain::evaluation::reminder::DEFAULT_DAYS_BEFORE),
            },
        })
    }
}

impl FileConfig {
    /// Reads the file at `path`; a missing default file is no error, a missing named one is.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from("kpss.toml"), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Self::default());
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        Self::parse(&text).with_context(|| format!("invalid configuration in {}", path.display()))
    }

    /// Parses the TOML text.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        Ok(toml::from_str(text)?)
    }
}

/// What kpss runs with, every layer applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub database_url: String,
    pub listen: SocketAddr,
    pub tenant: String,
    pub tenant_name: String,
    pub demo: bool,
    pub secure_cookies: bool,
    /// The virus scanner: a program and its arguments.
    pub virus_scan: Option<Vec<String>>,
}

/// What the command line and the environment gave (clap reads both; flags win).
#[derive(Debug, Default, Clone)]
pub struct Given {
    pub database_url: Option<String>,
    pub listen: Option<SocketAddr>,
    pub tenant: Option<String>,
    pub tenant_name: Option<String>,
    pub no_demo: Option<bool>,
    pub secure_cookies: Option<bool>,
    pub virus_scan: Option<String>,
}

impl Settings {
    /// Applies the layers.
    #[must_use]
    pub fn resolve(given: Given, file: FileConfig) -> Self {
        Self {
            database_url: given
                .database_url
                .or(file.database_url)
                .unwrap_or_else(|| "sqlite://./kpss-data/kpss.db".into()),
            listen: given
                .listen
                .or(file.listen)
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
            tenant: given
                .tenant
                .or(file.tenant)
                .unwrap_or_else(|| "ostrava".into()),
            tenant_name: given
                .tenant_name
                .or(file.tenant_name)
                .unwrap_or_else(|| "Statutární město Ostrava".into()),
            demo: given.no_demo.map(|no| !no).or(file.demo).unwrap_or(true),
            secure_cookies: given
                .secure_cookies
                .or(file.secure_cookies)
                .unwrap_or(false),
            virus_scan: given
                .virus_scan
                .or(file.virus_scan)
                .map(|c| c.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
                .filter(|words| !words.is_empty()),
        }
    }
}

/// The database URL without its password, for printing.
#[must_use]
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// Variables kpss reads; any other `KPSS_*` is probably a typo.
const KNOWN: [&str; 18] = [
    "KPSS_CONFIG",
    "KPSS_PUBLIC_URL",
    "KPSS_REMINDER_DAYS",
    "KPSS_SMTP_HOST",
    "KPSS_SMTP_PORT",
    "KPSS_SMTP_SECURITY",
    "KPSS_SMTP_USER",
    "KPSS_SMTP_PASSWORD",
    "KPSS_MAIL_FROM",
    "KPSS_MAIL_OUTBOX",
    "KPSS_LISTEN",
    "KPSS_TENANT",
    "KPSS_TENANT_NAME",
    "KPSS_NO_DEMO",
    "KPSS_SECURE_COOKIES",
    "KPSS_VIRUS_SCAN",
    "KPSS_LOG",
    "KPSS_TEST_PG_URL",
];

/// Names of `KPSS_*` variables that kpss does not know.
pub fn unknown_variables(names: impl Iterator<Item = String>) -> Vec<String> {
    names
        .filter(|n| n.starts_with("KPSS_") && !KNOWN.contains(&n.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_goes_to_the_outbox_unless_a_server_is_set_and_variables_win() {
        let none = MailSettings::resolve(None, |_| None).unwrap();
        assert_eq!(none.smtp, None);
        assert_eq!(none.outbox, PathBuf::from("kpss-data/posta"));
        let file = FileConfig::parse(
            "[mail]\nsmtp_host = \"smtp.ostrava.cz\"\nsmtp_user = \"kp\"\nfrom = \"KP <kp@ostrava.cz>\"\n",
        )
        .unwrap();
        let set = MailSettings::resolve(file.mail, |name| match name {
            "KPSS_SMTP_SECURITY" => Some("tls".to_owned()),
            "KPSS_SMTP_PASSWORD" => Some("tajne".to_owned()),
            _ => None,
        })
        .unwrap();
        let smtp = set.smtp.unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port), ("smtp.ostrava.cz", 465));
        assert_eq!(smtp.credentials, Some(("kp".into(), "tajne".into())));
        // The user without the password is refused, not sent as an empty one.
        let half = FileConfig::parse("[mail]\nsmtp_host = \"h\"\nsmtp_user = \"kp\"\n").unwrap();
        assert!(MailSettings::resolve(half.mail, |_| None).is_err());
        assert_eq!(set.from, "KP <kp@ostrava.cz>");
        assert!(
            MailSettings::resolve(None, |n| (n == "KPSS_SMTP_PORT").then(|| "x".into())).is_err()
        );
        // Reminders a week ahead unless the file or a variable says otherwise.
        assert_eq!(none.reminder_days, 7);
        let file = FileConfig::parse("[mail]\nreminder_days = 14\n").unwrap();
        assert_eq!(
            MailSettings::resolve(file.mail, |_| None)
                .unwrap()
                .reminder_days,
            14
        );
        let days = |v: &str| {
            let v = v.to_owned();
            MailSettings::resolve(None, move |n| {
                (n == "KPSS_REMINDER_DAYS").then(|| v.clone())
            })
        };
        assert_eq!(days("0").unwrap().reminder_days, 0);
        assert!(days("týden").is_err() && days("365").is_err());
    }

    #[test]
    fn flags_and_variables_win_over_the_file_which_wins_over_defaults() {
        let file = FileConfig::parse(
            "database_url = \"postgres://db/kpss\"\nlisten = \"0.0.0.0:9000\"\ndemo = false\n\
             virus_scan = \"clamdscan --no-summary -\"\n",
        )
        .unwrap();
        let given = Given {
            listen: Some("127.0.0.1:7000".parse().unwrap()),
            ..Given::default()
        };
        let settings = Settings::resolve(given, file);
        assert_eq!(settings.database_url, "postgres://db/kpss");
        assert_eq!(settings.listen.port(), 7000);
        assert!(!settings.demo);
        assert_eq!(settings.tenant, "ostrava");
        assert!(!settings.secure_cookies);
        assert_eq!(
            settings.virus_scan,
            Some(vec!["clamdscan".into(), "--no-summary".into(), "-".into()])
        );
    }

    #[test]
    fn defaults_apply_when_nothing_is_given() {
        let settings = Settings::resolve(Given::default(), FileConfig::default());
        assert_eq!(settings.database_url, "sqlite://./kpss-data/kpss.db");
        assert_eq!(settings.listen.to_string(), "127.0.0.1:8080");
        assert!(settings.demo);
        assert_eq!(settings.virus_scan, None);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        assert!(FileConfig::parse("databse_url = \"x\"").is_err());
        assert!(FileConfig::parse("listen = \"not an address\"").is_err());
        assert!(FileConfig::load(Some(Path::new("/nonexistent/kpss.toml"))).is_err());
    }

    #[test]
    fn passwords_are_not_printed() {
        assert_eq!(
            redacted("postgres://kpss:tajne@db:5432/kpss"),
            "postgres://kpss:***@db:5432/kpss"
        );
        assert_eq!(
            redacted("sqlite://./kpss-data/kpss.db"),
            "sqlite://./kpss-data/kpss.db"
        );
    }

    #[test]
    fn typos_in_variable_names_are_noticed() {
        let names = ["KPSS_LISTEN", "KPSS_LISTN", "PATH"].map(String::from);
        assert_eq!(
            unknown_variables(names.into_iter()),
            vec!["KPSS_LISTN".to_owned()]
        );
    }
}
