//! The demo city's people: about 240 members of the steering group, the nine working groups
//! and three subgroups, across the KP roles, with some who left or moved between groups.

use kpss_domain::account::Actor;
use kpss_domain::member::{Function, KpRole, MemberDraft, MembershipDraft};
use time::Date;
use time::macros::date;

use crate::work_group::WorkGroup;
use crate::{Result, Store, member};

/// Members of each working group.
const PER_GROUP: usize = 27;

/// The roles of a working group's members in order: its manager and deputy are providers, its
/// recorder the city's, then providers, users, carers and experts as in Ostrava's groups.
const ROLES: [KpRole; PER_GROUP] = {
    use KpRole::{Carer, Commissioner, Expert, Provider, User};
    [
        Provider,
        Provider,
        Commissioner,
        Provider,
        Provider,
        Provider,
        Provider,
        Provider,
        Provider,
        Provider,
        Provider,
        Provider,
        Provider,
        User,
        User,
        User,
        User,
        Carer,
        Carer,
        Carer,
        Expert,
        Expert,
        Expert,
        Commissioner,
        Provider,
        User,
        Provider,
    ]
};

const FIRST_FEMALE: [&str; 12] = [
    "Jana",
    "Eva",
    "Hana",
    "Lenka",
    "Petra",
    "Lucie",
    "Martina",
    "Kateřina",
    "Alena",
    "Zuzana",
    "Marie",
    "Michaela",
];
const FIRST_MALE: [&str; 12] = [
    "Petr", "Jan", "Tomáš", "Martin", "Pavel", "Jiří", "Josef", "Lukáš", "Jakub", "David", "Karel",
    "Miroslav",
];
/// Surnames as (a man's, a woman's).
const SURNAMES: [(&str, &str); 20] = [
    ("Novák", "Nováková"),
    ("Svoboda", "Svobodová"),
    ("Novotný", "Novotná"),
    ("Dvořák", "Dvořáková"),
    ("Černý", "Černá"),
    ("Procházka", "Procházková"),
    ("Kučera", "Kučerová"),
    ("Veselý", "Veselá"),
    ("Horák", "Horáková"),
    ("Němec", "Němcová"),
    ("Pokorný", "Pokorná"),
    ("Marek", "Marková"),
    ("Pospíšil", "Pospíšilová"),
    ("Hájek", "Hájková"),
    ("Jelínek", "Jelínková"),
    ("Král", "Králová"),
    ("Růžička", "Růžičková"),
    ("Beneš", "Benešová"),
    ("Fiala", "Fialová"),
    ("Sedláček", "Sedláčková"),
];

/// The n-th demo person's name; no two of the first 480 share one.
pub(super) fn name(n: usize) -> String {
    let (round, first) = ((n / 2) / 12, (n / 2) % 12);
    // For one first name, each round takes the next surname: a pair comes back only after
    // all 20 surnames.
    let surname = SURNAMES[(round + 7 * first) % SURNAMES.len()];
    if n.is_multiple_of(2) {
        format!("{} {}", FIRST_FEMALE[first], surname.1)
    } else {
        format!("{} {}", FIRST_MALE[first], surname.0)
    }
}

/// An address nobody reads: the demo's own domain.
pub(super) fn email(n: usize, name: &str) -> String {
    format!(
        "{}.{n}@demo.kpss.cz",
        crate::demo::slug(name).replace('-', ".")
    )
}

/// Who the n-th person is, for their role.
fn person(n: usize, role: KpRole, organisations: &[i32], publish: bool) -> MemberDraft {
    let name = name(n);
    let (organisation, organisation_name) = match role {
        KpRole::Provider if !organisations.is_empty() => {
            (Some(organisations[n % organisations.len()]), None)
        }
        KpRole::Commissioner => (None, Some("Magistrát města (demo)".to_owned())),
        KpRole::Expert => (None, Some("Fakulta sociálních studií (demo)".to_owned())),
        KpRole::User | KpRole::Carer if n.is_multiple_of(3) => {
            (None, Some("Klub uživatelů a pečujících (demo)".to_owned()))
        }
        _ => (None, None),
    };
    MemberDraft {
        email: Some(email(n, &name)),
        phone: Some(format!(
            "+420 599 {:03} {:03}",
            100 + n % 900,
            (n * 37) % 1000
        )),
        name,
        organisation,
        organisation_name,
        publish_contact: publish,
    }
}

/// The day a member of the group joined: spread over the last years.
fn joined(n: usize) -> Date {
    let year = 2019 + i32::try_from(n % 6).unwrap_or(0);
    let month = time::Month::try_from(u8::try_from(1 + (n * 5) % 12).unwrap_or(1))
        .unwrap_or(time::Month::January);
    Date::from_calendar_date(year, month, 1).unwrap_or(date!(2020 - 01 - 01))
}

/// Fills the groups with people. `groups`: the tenant's groups, steering group first.
/// Returns how many people were made.
pub(super) async fn fill_people(
    store: &Store,
    tenant: i32,
    groups: &[WorkGroup],
    organisations: &[i32],
) -> Result<usize> {
    use kpss_domain::work_group::GroupKind;
    let system = Actor::system();
    let mut n = 0;
    let mut add = |draft: MemberDraft, span: MembershipDraft| {
        n += 1;
        let system = system.clone();
        async move { member::create_member(store, tenant, &system, &draft, Some(&span)).await }
    };
    let steering = groups.iter().find(|g| g.draft.kind == GroupKind::Steering);
    let working: Vec<&WorkGroup> = groups
        .iter()
        .filter(|g| g.draft.kind == GroupKind::Working)
        .collect();
    let mut made = 0;
    for group in &working {
        let mut people = Vec::new();
        // The seniors' group is led by the demo manager's account (see `fill`).
        let first = usize::from(group.draft.code == "SEN");
        for (i, role) in ROLES.iter().enumerate().skip(first) {
            let index = made + i;
            let function = match i {
                0 => Function::Manager,
                1 => Function::Deputy,
                2 => Function::Recorder,
                3 => Function::Contact,
                _ => Function::Member,
            };
            let publish = i < 4 || index % 3 == 0;
            let span = MembershipDraft {
                group: group.id,
                kp_role: Some(*role),
                function,
                since: joined(index),
                // Every ninth member left the group in the past: the history stays.
                until: (i >= 4 && index.is_multiple_of(9)).then_some(date!(2024 - 12 - 31)),
            };
            let created = add(person(index, *role, organisations, publish), span).await?;
            people.push((created.id, *role, function));
        }
        made += PER_GROUP;
        // The managers sit in the steering group too.
        if let Some(steering) = steering {
            for (id, role, _) in people.iter().filter(|(_, _, f)| *f == Function::Manager) {
                member::add_membership(
                    store,
                    tenant,
                    &system,
                    *id,
                    &MembershipDraft {
                        group: steering.id,
                        kp_role: Some(*role),
                        function: Function::Member,
                        since: date!(2023 - 01 - 01),
                        until: None,
                    },
                )
                .await?;
            }
        }
        // A subgroup takes three of its working group's people and three of its own.
        for sub in groups.iter().filter(|g| g.draft.parent == Some(group.id)) {
            for (k, (id, role, _)) in people.iter().skip(4).step_by(5).take(3).enumerate() {
                member::add_membership(
                    store,
                    tenant,
                    &system,
                    *id,
                    &MembershipDraft {
                        group: sub.id,
                        kp_role: Some(*role),
                        function: if k == 0 {
                            Function::Manager
                        } else {
                            Function::Member
                        },
                        since: date!(2024 - 03 - 01),
                        until: None,
                    },
                )
                .await?;
            }
            for k in 0..3 {
                let role = [KpRole::User, KpRole::Carer, KpRole::Provider][k];
                let span = MembershipDraft {
                    group: sub.id,
                    kp_role: Some(role),
                    function: Function::Member,
                    since: date!(2024 - 03 - 01),
                    until: None,
                };
                add(person(made, role, organisations, k == 0), span).await?;
                made += 1;
            }
        }
    }
    // The city's coordinator leads the steering group, with two of the city's people.
    if let Some(steering) = steering {
        for (k, function) in [Function::Manager, Function::Recorder, Function::Member]
            .into_iter()
            .enumerate()
        {
            let span = MembershipDraft {
                group: steering.id,
                kp_role: Some(KpRole::Commissioner),
                function,
                since: date!(2019 - 01 - 01),
                until: None,
            };
            add(
                person(made, KpRole::Commissioner, organisations, k == 0),
                span,
            )
            .await?;
            made += 1;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_two_demo_people_share_a_name() {
        let names: std::collections::HashSet<String> = (0..480).map(super::name).collect();
        assert_eq!(names.len(), 480);
    }
}
