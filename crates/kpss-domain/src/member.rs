//! The people of community planning: a member (člen) belongs to groups over time, each
//! membership with a role in community planning (KP role) and a function in the group. A member
//! need not have a login; the function „manažer“ gives the member's account the group's
//! manager rights.

use serde::Serialize;
use time::Date;

use crate::FieldError;
use crate::catalogue::contact::{parse_email, parse_phone};
use crate::field::{optional_text, required_text};

/// Which side of community planning a member speaks for (the „triangle“ and the experts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum KpRole {
    /// Zadavatel: the city or region that commissions the services.
    Commissioner,
    /// Poskytovatel: a provider of social or related services.
    Provider,
    /// Uživatel: a person who uses the services.
    User,
    /// Pečovatel: a carer of a person who uses them.
    Carer,
    /// Odborná veřejnost: experts and the interested public.
    Expert,
}

impl KpRole {
    /// Every role, in the order forms and counts show them.
    pub const ALL: [Self; 5] = [
        Self::Commissioner,
        Self::Provider,
        Self::User,
        Self::Carer,
        Self::Expert,
    ];

    /// The stored and submitted code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Commissioner => "zadavatel",
            Self::Provider => "poskytovatel",
            Self::User => "uzivatel",
            Self::Carer => "pecovatel",
            Self::Expert => "odbornik",
        }
    }

    /// The role from its code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The Czech name of many, for counts: „poskytovatelé: 12“.
    #[must_use]
    pub fn plural(self) -> &'static str {
        match self {
            Self::Commissioner => "zadavatelé",
            Self::Provider => "poskytovatelé",
            Self::User => "uživatelé",
            Self::Carer => "pečovatelé",
            Self::Expert => "odborná veřejnost",
        }
    }

    /// Whether the role itself is sensitive: naming a user or a carer in public tells that
    /// they (or someone close) use social services.
    #[must_use]
    pub fn is_sensitive(self) -> bool {
        matches!(self, Self::User | Self::Carer)
    }

    /// The Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Commissioner => "zadavatel",
            Self::Provider => "poskytovatel",
            Self::User => "uživatel",
            Self::Carer => "pečovatel",
            Self::Expert => "odborná veřejnost",
        }
    }
}

/// What a member does in the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Function {
    /// Manažer / vedoucí: leads the group and writes its part of the plan.
    Manager,
    /// Zástupce: stands in for the manager.
    Deputy,
    /// Člen.
    Member,
    /// Zapisovatel: keeps the minutes.
    Recorder,
    /// Kontaktní osoba: answers the public for the group.
    Contact,
}

impl Function {
    /// Every function, in the order forms show them.
    pub const ALL: [Self; 5] = [
        Self::Manager,
        Self::Deputy,
        Self::Member,
        Self::Recorder,
        Self::Contact,
    ];

    /// The stored and submitted code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Manager => "manazer",
            Self::Deputy => "zastupce",
            Self::Member => "clen",
            Self::Recorder => "zapisovatel",
            Self::Contact => "kontakt",
        }
    }

    /// The function from its code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Manager => "manažer / vedoucí",
            Self::Deputy => "zástupce",
            Self::Member => "člen",
            Self::Recorder => "zapisovatel",
            Self::Contact => "kontaktní osoba",
        }
    }
}

/// A member as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct MemberInput<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    /// The organisation of the catalogue (its id), or empty.
    pub organisation: &'a str,
    /// The organisation as typed, when it is not in the catalogue.
    pub organisation_name: &'a str,
    /// „ano“ when the member agreed to have their contact published.
    pub publish_contact: &'a str,
}

/// A member, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberDraft {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The organisation of the catalogue the member comes from.
    pub organisation: Option<i32>,
    /// The organisation as typed, when it is not in the catalogue (a school, a users' club).
    pub organisation_name: Option<String>,
    /// The member agreed to have their e-mail and telephone shown on the public group page.
    pub publish_contact: bool,
}

impl MemberDraft {
    /// Checks a member against the tenant's organisations (`organisations`: their ids).
    pub fn parse(
        input: &MemberInput<'_>,
        organisations: &[i32],
    ) -> Result<Self, crate::FieldErrors> {
        let mut e = crate::FieldErrors::default();
        let name = e.take("full_name", required_text(input.name, 200));
        let email = match input.email.trim() {
            "" => None,
            raw => e.take("email", parse_email(raw)),
        };
        let phone = match input.phone.trim() {
            "" => None,
            raw => e.take("phone", parse_phone(raw)),
        };
        let organisation = match input.organisation.trim() {
            "" => None,
            raw => match raw.parse::<i32>() {
                Ok(id) if organisations.contains(&id) => Some(id),
                _ => {
                    e.add("organisation", FieldError::UnknownValue);
                    None
                }
            },
        };
        let organisation_name = e
            .take(
                "organisation_name",
                optional_text(input.organisation_name, 200),
            )
            .flatten()
            // The catalogue's organisation wins: one organisation per member.
            .filter(|_| organisation.is_none());
        let publish_contact = input.publish_contact == "ano";
        e.into_result(|| Self {
            name: name.unwrap_or_default(),
            email,
            phone,
            organisation,
            organisation_name,
            publish_contact,
        })
    }
}

/// A membership as its form sends it.
#[derive(Debug, Clone, Default)]
pub struct MembershipInput<'a> {
    /// The group's id.
    pub group: &'a str,
    pub kp_role: &'a str,
    pub function: &'a str,
    pub since: &'a str,
    /// The last day of the membership, empty while it lasts.
    pub until: &'a str,
}

/// A member's place in one group for a span of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembershipDraft {
    pub group: i32,
    /// `None` only for memberships carried over from the time before kpss knew the roles.
    pub kp_role: Option<KpRole>,
    pub function: Function,
    pub since: Date,
    /// The last day, inclusive; `None` while the membership lasts.
    pub until: Option<Date>,
}

impl MembershipDraft {
    /// Checks a membership against the tenant's groups (`groups`: their ids).
    pub fn parse(input: &MembershipInput<'_>, groups: &[i32]) -> Result<Self, crate::FieldErrors> {
        let mut e = crate::FieldErrors::default();
        let group = match input.group.trim().parse::<i32>() {
            Ok(id) if groups.contains(&id) => Some(id),
            _ if input.group.trim().is_empty() => {
                e.add("group", FieldError::Required);
                None
            }
            _ => {
                e.add("group", FieldError::UnknownValue);
                None
            }
        };
        let kp_role = choice(&mut e, "kp_role", input.kp_role, KpRole::parse);
        let function = choice(&mut e, "function", input.function, Function::parse);
        let since = e.take("since", crate::czech::parse_date(input.since));
        let until = e
            .take("until", crate::czech::parse_optional_date(input.until))
            .flatten();
        if let (Some(from), Some(to)) = (since, until)
            && to < from
        {
            e.add("until", FieldError::EndBeforeStart);
        }
        e.into_result(|| Self {
            group: group.unwrap_or_default(),
            kp_role,
            function: function.unwrap_or(Function::Member),
            since: since.unwrap_or(Date::MIN),
            until,
        })
    }

    /// Whether the membership lasts on `day`.
    #[must_use]
    pub fn is_active(&self, day: Date) -> bool {
        self.since <= day && self.until.is_none_or(|u| day <= u)
    }

    /// Whether two spans of membership share a day (`until` inclusive, `None`: open).
    #[must_use]
    pub fn overlaps(&self, since: Date, until: Option<Date>) -> bool {
        self.until.is_none_or(|u| since <= u) && until.is_none_or(|u| self.since <= u)
    }
}

/// A required choice of a list: missing and unknown are told apart.
fn choice<T>(
    e: &mut crate::FieldErrors,
    field: &str,
    raw: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    match raw.trim() {
        "" => {
            e.add(field, FieldError::Required);
            None
        }
        code => {
            let parsed = parse(code);
            if parsed.is_none() {
                e.add(field, FieldError::UnknownValue);
            }
            parsed
        }
    }
}

/// Whether a public group page may name this member: the people who speak for the group
/// (manager, deputy, contact person) are named, except users and carers (and members of no
/// known role), whom only their consent makes public.
#[must_use]
pub fn named_publicly(span: &MembershipDraft, consent: bool) -> bool {
    let speaks = matches!(
        span.function,
        Function::Manager | Function::Deputy | Function::Contact
    );
    let sensitive = span.kp_role.is_none_or(KpRole::is_sensitive);
    speaks && (consent || !sensitive)
}

/// How many members of each KP role a group (or all groups) has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleCounts {
    /// By [`KpRole::ALL`]'s order.
    pub by_role: [usize; 5],
    /// Memberships carried over without a role.
    pub unknown: usize,
}

impl RoleCounts {
    /// Counts one member.
    pub fn add(&mut self, role: Option<KpRole>) {
        match role {
            Some(r) => {
                let i = KpRole::ALL.iter().position(|x| *x == r).unwrap_or(0);
                self.by_role[i] += 1;
            }
            None => self.unknown += 1,
        }
    }

    /// All the members counted.
    #[must_use]
    pub fn total(&self) -> usize {
        self.by_role.iter().sum::<usize>() + self.unknown
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn membership<'a>() -> MembershipInput<'a> {
        MembershipInput {
            group: "3",
            kp_role: "poskytovatel",
            function: "clen",
            since: "1. 1. 2024",
            until: "",
        }
    }

    #[test]
    fn a_member_is_read_from_the_form() {
        let m = MemberDraft::parse(
            &MemberInput {
                name: " Jana Nováková ",
                email: "Jana@Example.cz",
                phone: "+420 599 443 111",
                organisation: "7",
                organisation_name: "ignored when the catalogue has it",
                publish_contact: "ano",
            },
            &[7],
        )
        .unwrap();
        assert_eq!(m.name, "Jana Nováková");
        assert_eq!(m.organisation, Some(7));
        assert_eq!(m.organisation_name, None);
        assert!(m.publish_contact);
        assert!(m.email.is_some());
    }

    #[test]
    fn every_bad_member_field_is_named() {
        let errors = MemberDraft::parse(
            &MemberInput {
                name: "",
                email: "jana@",
                phone: "12",
                organisation: "8",
                ..MemberInput::default()
            },
            &[7],
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["full_name", "email", "phone", "organisation"]);
    }

    #[test]
    fn a_membership_is_read_and_checked() {
        let m = MembershipDraft::parse(&membership(), &[3]).unwrap();
        assert_eq!(m.kp_role, Some(KpRole::Provider));
        assert_eq!(m.function, Function::Member);
        assert!(m.is_active(date!(2026 - 11 - 29)));
        assert!(!m.is_active(date!(2023 - 12 - 31)));
        let bad = MembershipInput {
            group: "4",
            kp_role: "",
            function: "kral",
            since: "1. 1. 2024",
            until: "31. 12. 2023",
        };
        let errors = MembershipDraft::parse(&bad, &[3]).unwrap_err();
        assert_eq!(errors.get("group"), Some(&FieldError::UnknownValue));
        assert_eq!(errors.get("kp_role"), Some(&FieldError::Required));
        assert_eq!(errors.get("function"), Some(&FieldError::UnknownValue));
        assert_eq!(errors.get("until"), Some(&FieldError::EndBeforeStart));
    }

    #[test]
    fn spans_overlap_when_they_share_a_day() {
        let m = MembershipDraft {
            until: Some(date!(2024 - 12 - 31)),
            ..MembershipDraft::parse(&membership(), &[3]).unwrap()
        };
        assert!(m.overlaps(date!(2024 - 12 - 31), None));
        assert!(!m.overlaps(date!(2025 - 01 - 01), None));
        assert!(m.overlaps(date!(2020 - 01 - 01), Some(date!(2024 - 01 - 01))));
        assert!(!m.overlaps(date!(2020 - 01 - 01), Some(date!(2023 - 12 - 31))));
        let open = MembershipDraft { until: None, ..m };
        assert!(open.overlaps(date!(2099 - 01 - 01), None));
    }

    #[test]
    fn users_and_carers_are_named_in_public_only_by_consent() {
        let mut span = MembershipDraft::parse(&membership(), &[3]).unwrap();
        assert!(
            !named_publicly(&span, true),
            "an ordinary member is never named"
        );
        span.function = Function::Manager;
        assert!(
            named_publicly(&span, false),
            "a provider leading the group is"
        );
        span.kp_role = Some(KpRole::Carer);
        assert!(!named_publicly(&span, false));
        assert!(named_publicly(&span, true));
        span.kp_role = None;
        assert!(!named_publicly(&span, false));
    }

    #[test]
    fn counts_by_role_add_up() {
        let mut c = RoleCounts::default();
        for r in [
            Some(KpRole::User),
            Some(KpRole::User),
            None,
            Some(KpRole::Expert),
        ] {
            c.add(r);
        }
        assert_eq!(c.by_role, [0, 0, 2, 0, 1]);
        assert_eq!(c.unknown, 1);
        assert_eq!(c.total(), 4);
    }
}
