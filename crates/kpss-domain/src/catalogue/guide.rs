//! The information guide for one target group orders the services by need: where to turn
//! first. Counselling before crisis help, help at home before day services, a place to live
//! last – and the related activities after the registered services.

use unicode_segmentation::UnicodeSegmentation;

use super::{ServiceDraft, ServiceForm, ServiceKind};

/// A step with more items than this is divided into groups ([`group_of`]), each a chapter on
/// pages of its own: a reader of a long guide looks for a kind of help, or help nearby.
pub const LONG_STEP: usize = 40;

/// A brief ([`brief`]) takes sentences until it has at least this many characters.
const BRIEF: usize = 60;

/// A step of the guide: what a person needs, in their words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GuideStep {
    /// Odborné sociální poradenství.
    Advice,
    /// Krizová a telefonická krizová pomoc, intervenční centra, noclehárny, azylové domy.
    Crisis,
    /// Terénní služby: the service comes home.
    AtHome,
    /// Ambulantní služby: the person comes to the service.
    DayServices,
    /// Pobytové služby.
    Living,
    /// Related activities outside the register.
    Activities,
}

/// Kinds of service (paragraph of Act 108/2006 Sb.) that help at once, whatever their form.
const CRISIS: [&str; 5] = ["55", "57", "60", "60a", "63"];

impl GuideStep {
    /// The steps in the order of the guide.
    pub const ALL: [Self; 6] = [
        Self::Advice,
        Self::Crisis,
        Self::AtHome,
        Self::DayServices,
        Self::Living,
        Self::Activities,
    ];

    /// The heading of the step, as the person would ask.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Advice => "Potřebuji poradit",
            Self::Crisis => "Potřebuji pomoc hned",
            Self::AtHome => "Potřebuji pomoc doma",
            Self::DayServices => "Chci docházet do služby",
            Self::Living => "Potřebuji bydlet tam, kde mi pomohou",
            Self::Activities => "Další pomoc a aktivity",
        }
    }

    /// What the step offers, in plain words.
    #[must_use]
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Advice => {
                "Nevíte, jakou pomoc potřebujete nebo na co máte nárok? Začněte v poradně. \
                 Poradí vám zdarma, vysvětlí, co vám pomůže, a pomohou vám vyřídit žádosti."
            }
            Self::Crisis => {
                "Stalo se něco vážného a nevíte si rady? Tyto služby pomáhají hned, často \
                 nepřetržitě. Nemusíte se předem objednávat."
            }
            Self::AtHome => {
                "Chcete zůstat doma, ale na něco už sami nestačíte? Pracovníci těchto služeb \
                 přijdou za vámi domů a pomohou s tím, co potřebujete."
            }
            Self::DayServices => {
                "Tyto služby navštěvujete přes den. Najdete v nich pomoc, péči, činnosti \
                 i společnost a večer jste zase doma."
            }
            Self::Living => {
                "Když už doma žít nejde ani s pomocí, nabízejí tyto služby bydlení s péčí. \
                 Na místo se obvykle čeká, proto žádost podejte včas."
            }
            Self::Activities => {
                "Kluby, volný čas, vzdělávání a další činnosti, které nejsou registrovanou \
                 sociální službou, ale mohou vám pomoci."
            }
        }
    }

    /// The step a service belongs to.
    #[must_use]
    pub fn of(service: &ServiceDraft) -> Self {
        if service.kind == ServiceKind::Activity {
            return Self::Activities;
        }
        let code = service.service_type.as_deref().unwrap_or_default();
        if code == "37" {
            Self::Advice
        } else if CRISIS.contains(&code) {
            Self::Crisis
        } else if service.forms.contains(&ServiceForm::Field) {
            Self::AtHome
        } else if service.forms.contains(&ServiceForm::Ambulatory) || service.forms.is_empty() {
            Self::DayServices
        } else {
            Self::Living
        }
    }
}

/// The group a service stands in within a long step: registered services by their kind
/// (the code of the paragraph), related activities by the district of their first place;
/// none where that is not known.
#[must_use]
pub fn group_of(service: &ServiceDraft) -> Option<&str> {
    match service.kind {
        ServiceKind::Activity => service
            .locations
            .first()
            .and_then(|l| l.district.as_deref()),
        _ => service.service_type.as_deref(),
    }
}

/// What a guide says of a service: the opening sentences of its description (UAX #29), as
/// many as make a thought; the rest is one scan of the item's QR code away.
#[must_use]
pub fn brief(description: &str) -> &str {
    let mut end = 0;
    for sentence in description.split_sentence_bounds() {
        end += sentence.len();
        if description[..end].chars().count() >= BRIEF {
            break;
        }
    }
    description[..end].trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(kind: ServiceKind, code: Option<&str>, forms: &[ServiceForm]) -> ServiceDraft {
        ServiceDraft {
            service_type: code.map(str::to_owned),
            forms: forms.to_vec(),
            ..ServiceDraft::new(kind, "Služba".to_owned())
        }
    }

    #[test]
    fn counselling_comes_first_and_crisis_help_before_care() {
        use ServiceForm::{Ambulatory, Field, Residential};
        let r = ServiceKind::Registered;
        assert_eq!(
            GuideStep::of(&service(r, Some("37"), &[Field])),
            GuideStep::Advice
        );
        assert_eq!(
            GuideStep::of(&service(r, Some("60a"), &[Ambulatory])),
            GuideStep::Crisis
        );
        assert_eq!(
            GuideStep::of(&service(r, Some("57"), &[Residential])),
            GuideStep::Crisis
        );
        assert_eq!(
            GuideStep::of(&service(r, Some("40"), &[Ambulatory, Field])),
            GuideStep::AtHome
        );
        assert_eq!(
            GuideStep::of(&service(r, Some("46"), &[Ambulatory])),
            GuideStep::DayServices
        );
        assert_eq!(
            GuideStep::of(&service(r, Some("49"), &[Residential])),
            GuideStep::Living
        );
        assert_eq!(
            GuideStep::of(&service(ServiceKind::Activity, None, &[Field])),
            GuideStep::Activities
        );
        assert!(
            GuideStep::ALL.windows(2).all(|w| w[0] < w[1]),
            "ALL is the guide's order"
        );
    }

    #[test]
    fn a_brief_is_whole_opening_sentences() {
        let text = "Krátkodobý pobyt, aby si rodina, která o blízkého pečuje, mohla odpočinout. \
                    Určeno pro seniory. Působíme v obvodu Lhotka.";
        assert_eq!(
            brief(text),
            "Krátkodobý pobyt, aby si rodina, která o blízkého pečuje, mohla odpočinout."
        );
        // Too short a first sentence takes the next; an abbreviation does not end one.
        assert_eq!(
            brief("Pomáháme. Přijedeme za vámi domů, např. s nákupem nebo hygienou. Více na webu."),
            "Pomáháme. Přijedeme za vámi domů, např. s nákupem nebo hygienou."
        );
        assert_eq!(brief("Bez tečky na konci"), "Bez tečky na konci");
        assert_eq!(brief(""), "");
    }

    #[test]
    fn a_long_step_groups_services_by_kind_and_activities_by_district() {
        let r = ServiceKind::Registered;
        assert_eq!(
            group_of(&service(r, Some("40"), &[ServiceForm::Field])),
            Some("40")
        );
        assert_eq!(group_of(&service(r, None, &[])), None);
        let mut club = service(ServiceKind::Activity, Some("40"), &[]);
        assert_eq!(group_of(&club), None, "an activity has no kind of its own");
        club.locations.push(crate::catalogue::Location {
            address: "Mírová 80".to_owned(),
            district: Some("poruba".to_owned()),
            latitude: None,
            longitude: None,
            ruian: None,
        });
        assert_eq!(group_of(&club), Some("poruba"));
    }
}
