//! Notices: the evaluation round opened, a report returned, a deadline near or past, a
//! consultation comment received. One plain-text and one HTML template word them all.

use askama::Template;
use kpss_domain::mail::MailDraft;
use kpss_store::account::Account;

/// What a notice says.
macro_rules! notice {
    ($name:ident, $path:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        struct $name<'a> {
            name: &'a str,
            subject: &'a str,
            lines: &'a [String],
            url: &'a str,
            link_text: &'a str,
            tenant: &'a str,
        }
    };
}
notice!(NoticeText, "mail/notice.txt");
notice!(NoticeHtml, "mail/notice.html");

/// A notice to one account.
pub(crate) struct Notice<'a> {
    /// What the message is, e.g. `kolo-otevreno`.
    pub kind: &'static str,
    /// What caused it; with the account, the message's unique key.
    pub cause: String,
    pub subject: String,
    pub lines: Vec<String>,
    /// The page to act on, and the words of its link.
    pub link: (String, &'a str),
    pub tenant: &'a str,
}

impl Notice<'_> {
    /// The message to each of these accounts.
    pub(crate) fn to(&self, accounts: &[Account]) -> Result<Vec<MailDraft>, askama::Error> {
        accounts
            .iter()
            .map(|a| self.to_address(&a.name, &a.email, &format!("ucet-{}", a.id)))
            .collect()
    }

    /// The message to one address; `whom` tells it from the same notice to others in its key.
    pub(crate) fn to_address(
        &self,
        name: &str,
        email: &str,
        whom: &str,
    ) -> Result<MailDraft, askama::Error> {
        let (subject, lines, url, link_text, tenant) = (
            self.subject.as_str(),
            self.lines.as_slice(),
            self.link.0.as_str(),
            self.link.1,
            self.tenant,
        );
        Ok(MailDraft {
            kind: self.kind,
            key: format!("{}-{whom}", self.cause),
            to: email.to_owned(),
            subject: self.subject.clone(),
            text: NoticeText {
                name,
                subject,
                lines,
                url,
                link_text,
                tenant,
            }
            .render()?,
            html: NoticeHtml {
                name,
                subject,
                lines,
                url,
                link_text,
                tenant,
            }
            .render()?,
            attachment: None,
        })
    }
}

/// The active provider editors of any of these organisations.
pub(crate) fn editors_of(accounts: &[Account], organisations: &[i32]) -> Vec<Account> {
    accounts
        .iter()
        .filter(|a| {
            a.active
                && a.role == kpss_domain::account::Role::ProviderEditor
                && a.organisations.iter().any(|o| organisations.contains(o))
        })
        .cloned()
        .collect()
}
