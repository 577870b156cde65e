//! Připomínkové řízení: the public consultation of a draft plan. Anyone comments on a section
//! of the draft (the whole plan, a part, a goal or a measure) online, staff enter the comments
//! that came on paper, by letter, by e-mail, at a hearing or a group's meeting; the coordinator
//! moderates what came online, and every comment is settled (vypořádání) with a decision and
//! its reasoning before the plan may be approved.

mod comment;
#[cfg(test)]
mod tests;

pub use comment::{CommentDraft, CommentInput, Origin, Settlement, StaffInput, parse_moderation};

use serde::Serialize;
use time::Date;

use crate::account::Actor;
use crate::{FieldError, FieldErrors};

/// The most online comments one address may send in [`COMMENT_WINDOW_MINUTES`].
pub const COMMENTS_PER_ADDRESS: u64 = 10;

/// The window of the comment limit per address.
pub const COMMENT_WINDOW_MINUTES: i64 = 10;

/// The longest comment, reasoning or note.
pub const MAX_TEXT: usize = 10_000;

/// When a consultation takes comments: from its first to its last day, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConsultationPeriod {
    pub opens_on: Date,
    pub closes_on: Date,
}

impl ConsultationPeriod {
    /// Checks the two days: both given, the last not before the first.
    pub fn parse(opens_on: &str, closes_on: &str) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let opens = e.take("opens_on", crate::field::required_date(opens_on));
        let closes = e.take("closes_on", crate::field::required_date(closes_on));
        if let (Some(o), Some(c)) = (opens, closes)
            && c < o
        {
            e.add("closes_on", FieldError::EndBeforeStart);
        }
        e.into_result(|| Self {
            opens_on: opens.unwrap_or(crate::czech::today()),
            closes_on: closes.unwrap_or(crate::czech::today()),
        })
    }

    /// Whether comments are taken online on `today`.
    #[must_use]
    pub fn is_open(&self, today: Date) -> bool {
        self.opens_on <= today && today <= self.closes_on
    }
}

/// What a comment is about: the whole draft or one of its sections, or a consulted library
/// document as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Section {
    Plan,
    Part(i32),
    Goal(i32),
    Measure(i32),
    Document,
}

impl Section {
    /// The code in addresses and the database: „plan“, „cast-12“, „cil-34“, „opatreni-56“,
    /// „dokument“.
    #[must_use]
    pub fn code(self) -> String {
        match self {
            Self::Plan => "plan".to_owned(),
            Self::Document => "dokument".to_owned(),
            Self::Part(id) => format!("cast-{id}"),
            Self::Goal(id) => format!("cil-{id}"),
            Self::Measure(id) => format!("opatreni-{id}"),
        }
    }

    /// The section with this code; `None` for anything else.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "plan" => return Some(Self::Plan),
            "dokument" => return Some(Self::Document),
            _ => {}
        }
        let (kind, id) = code.split_once('-')?;
        let id: i32 = id.parse().ok().filter(|id| *id > 0)?;
        match kind {
            "cast" => Some(Self::Part(id)),
            "cil" => Some(Self::Goal(id)),
            "opatreni" => Some(Self::Measure(id)),
            _ => None,
        }
    }
}

/// How a comment came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Channel {
    /// Through the consultation's page.
    Web,
    /// On paper at a contact point.
    Paper,
    Letter,
    Email,
    /// At the public hearing of the draft.
    Hearing,
    /// At a meeting of a working group.
    Meeting,
}

impl Channel {
    /// Every channel, in the order tables list them.
    pub const ALL: [Self; 6] = [
        Self::Web,
        Self::Paper,
        Self::Letter,
        Self::Email,
        Self::Hearing,
        Self::Meeting,
    ];

    /// The stored and submitted code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Paper => "papir",
            Self::Letter => "dopis",
            Self::Email => "e-mail",
            Self::Hearing => "projednani",
            Self::Meeting => "schuzka",
        }
    }

    /// The channel from its code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Web => "elektronicky na webu",
            Self::Paper => "písemně na kontaktním místě",
            Self::Letter => "dopisem",
            Self::Email => "e-mailem",
            Self::Hearing => "na veřejném projednání",
            Self::Meeting => "na jednání pracovní skupiny",
        }
    }
}

/// Where an online comment stands in moderation; staff-entered comments are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Moderation {
    /// Sent, not yet looked at: only staff see it.
    Pending,
    Published,
    /// Hidden as off-topic.
    OffTopic,
    /// Hidden as abusive.
    Abusive,
}

impl Moderation {
    /// Every state, in the order the moderation form offers them.
    pub const ALL: [Self; 4] = [
        Self::Pending,
        Self::Published,
        Self::OffTopic,
        Self::Abusive,
    ];

    /// The stored and submitted code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "ceka",
            Self::Published => "zverejneno",
            Self::OffTopic => "mimo-tema",
            Self::Abusive => "nevhodne",
        }
    }

    /// The state from its code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "čeká na moderaci",
            Self::Published => "zveřejněna",
            Self::OffTopic => "skryta: netýká se návrhu",
            Self::Abusive => "skryta: nevhodný obsah",
        }
    }

    /// Whether the public sees the comment.
    #[must_use]
    pub fn is_public(self) -> bool {
        self == Self::Published
    }

    /// Whether the comment waits for a settlement before the plan may be approved: a hidden
    /// one is no comment on the draft, one not yet moderated is.
    #[must_use]
    pub fn needs_settling(self) -> bool {
        matches!(self, Self::Pending | Self::Published)
    }

    /// Whether the comment is hidden (and its reason kept).
    #[must_use]
    pub fn is_hidden(self) -> bool {
        matches!(self, Self::OffTopic | Self::Abusive)
    }
}

/// How a comment was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Decision {
    /// Vyhověno.
    Accepted,
    /// Částečně vyhověno.
    PartlyAccepted,
    /// Nevyhověno.
    Rejected,
    /// Bere se na vědomí.
    Noted,
}

impl Decision {
    /// Every decision, in the order of the settlement table.
    pub const ALL: [Self; 4] = [
        Self::Accepted,
        Self::PartlyAccepted,
        Self::Rejected,
        Self::Noted,
    ];

    /// The stored and submitted code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted => "vyhoveno",
            Self::PartlyAccepted => "castecne",
            Self::Rejected => "nevyhoveno",
            Self::Noted => "na-vedomi",
        }
    }

    /// The decision from its code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The Czech name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Accepted => "vyhověno",
            Self::PartlyAccepted => "částečně vyhověno",
            Self::Rejected => "nevyhověno",
            Self::Noted => "bere se na vědomí",
        }
    }
}

/// May this actor moderate comments and enter those of other channels? The coordinator.
#[must_use]
pub fn may_moderate(actor: &Actor) -> bool {
    actor.is_admin()
}

/// May this actor settle a comment on a section of the part assigned to `group`? The
/// coordinator, and the group's manager; a comment on the whole plan only the coordinator.
#[must_use]
pub fn may_settle(actor: &Actor, group: Option<&str>) -> bool {
    actor.is_admin() || group.is_some_and(|g| actor.leads(g))
}

/// A comment as counted in the settlement table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub channel: Channel,
    pub moderation: Moderation,
    pub decision: Option<Decision>,
}

/// The counts of a settlement table: every comment that needs settling, by channel and by
/// decision (`None`: not settled yet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub by_channel: Vec<(Channel, usize)>,
    pub by_decision: Vec<(Option<Decision>, usize)>,
}

impl Counts {
    /// Counts the comments that are on the draft (hidden ones are not), in the order of
    /// [`Channel::ALL`] and [`Decision::ALL`], the unsettled last; kinds with none are left out.
    #[must_use]
    pub fn of(comments: &[Counted]) -> Self {
        let counted: Vec<&Counted> = comments
            .iter()
            .filter(|c| !c.moderation.is_hidden())
            .collect();
        let by_channel = Channel::ALL
            .into_iter()
            .map(|ch| (ch, counted.iter().filter(|c| c.channel == ch).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        let by_decision = Decision::ALL
            .into_iter()
            .map(Some)
            .chain([None])
            .map(|d| (d, counted.iter().filter(|c| c.decision == d).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        Self {
            total: counted.len(),
            by_channel,
            by_decision,
        }
    }

    /// How many still wait for a settlement.
    #[must_use]
    pub fn unsettled(&self) -> usize {
        self.by_decision
            .iter()
            .find(|(d, _)| d.is_none())
            .map_or(0, |(_, n)| *n)
    }
}
