//! The sums of an action plan's cards per measure, kept current by adding the difference a
//! change makes instead of counting a measure's thousands of cards again on every save.

use std::collections::BTreeMap;

/// Where a card is counted: its measure in an action plan, its report state and its status
/// (empty before the provider reported one).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CardKey {
    /// The tenant.
    pub tenant: i32,
    /// The plan the measure belongs to.
    pub plan: i32,
    /// The year's action plan.
    pub action_plan: i32,
    /// The measure of the plan.
    pub measure: i32,
    /// The report's state code.
    pub report_state: String,
    /// The reported status code, or "" when none.
    pub status: String,
}

/// What the cards under one [`CardKey`] add up to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CardSums {
    /// How many cards.
    pub cards: i64,
    /// Planned clients.
    pub clients_planned: i64,
    /// Reported clients.
    pub clients_actual: i64,
}

/// Where a card's costs are counted: its measure in an action plan and the source of money.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CostKey {
    /// The tenant.
    pub tenant: i32,
    /// The plan the measure belongs to.
    pub plan: i32,
    /// The year's action plan.
    pub action_plan: i32,
    /// The measure of the plan.
    pub measure: i32,
    /// The source of money's code.
    pub source: String,
}

/// What the cost rows under one [`CostKey`] add up to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CostSums {
    /// How many cost rows; the sums are dropped when none is left, even if they are zero.
    pub entries: i64,
    /// Planned amount, CZK.
    pub planned: i64,
    /// Amount spent as approved, CZK.
    pub actual: i64,
}

impl CardSums {
    fn plus(self, other: Self, sign: i64) -> Self {
        Self {
            cards: self.cards + sign * other.cards,
            clients_planned: self.clients_planned + sign * other.clients_planned,
            clients_actual: self.clients_actual + sign * other.clients_actual,
        }
    }

    fn is_zero(self) -> bool {
        self == Self::default()
    }
}

impl CostSums {
    fn plus(self, other: Self, sign: i64) -> Self {
        Self {
            entries: self.entries + sign * other.entries,
            planned: self.planned + sign * other.planned,
            actual: self.actual + sign * other.actual,
        }
    }

    fn is_zero(self) -> bool {
        self == Self::default()
    }
}

/// Sums of some cards: of all cards of a tenant, of the cards one change touches, or the
/// difference a change makes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sums {
    /// Card counts and clients.
    pub cards: BTreeMap<CardKey, CardSums>,
    /// Costs by source of money.
    pub costs: BTreeMap<CostKey, CostSums>,
}

/// One place where stored sums differ from the cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// Card counts or clients.
    Cards {
        /// Where.
        key: CardKey,
        /// As stored.
        stored: CardSums,
        /// As counted from the cards.
        counted: CardSums,
    },
    /// Costs.
    Costs {
        /// Where.
        key: CostKey,
        /// As stored.
        stored: CostSums,
        /// As counted from the cards.
        counted: CostSums,
    },
    /// The planned and reported costs a card keeps for its list, (planned, reported).
    CardCosts {
        /// Which card.
        card: i32,
        /// As stored on the card.
        stored: (i64, Option<i64>),
        /// As summed from its cost rows.
        counted: (i64, Option<i64>),
    },
}

impl Sums {
    /// Adds one card's or one group's sums.
    pub fn add_cards(&mut self, key: CardKey, sums: CardSums) {
        let entry = self.cards.entry(key).or_default();
        *entry = entry.plus(sums, 1);
    }

    /// Adds one cost row's or one group's sums.
    pub fn add_costs(&mut self, key: CostKey, sums: CostSums) {
        let entry = self.costs.entry(key).or_default();
        *entry = entry.plus(sums, 1);
    }

    /// What has to be added to stored sums that hold `before` so that they hold `after`;
    /// keys where nothing changes are left out.
    #[must_use]
    pub fn change(before: &Self, after: &Self) -> Self {
        let mut out = Self::default();
        for (key, sums) in &after.cards {
            out.cards.insert(key.clone(), *sums);
        }
        for (key, sums) in &before.cards {
            let entry = out.cards.entry(key.clone()).or_default();
            *entry = entry.plus(*sums, -1);
        }
        for (key, sums) in &after.costs {
            out.costs.insert(key.clone(), *sums);
        }
        for (key, sums) in &before.costs {
            let entry = out.costs.entry(key.clone()).or_default();
            *entry = entry.plus(*sums, -1);
        }
        out.cards.retain(|_, s| !s.is_zero());
        out.costs.retain(|_, s| !s.is_zero());
        out
    }

    /// Whether nothing is summed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty() && self.costs.is_empty()
    }

    /// Every place where `stored` differs from `counted`, cards first, each in key order.
    #[must_use]
    pub fn mismatches(stored: &Self, counted: &Self) -> Vec<Mismatch> {
        let change = Self::change(stored, counted);
        let cards = change.cards.into_keys().map(|key| Mismatch::Cards {
            stored: stored.cards.get(&key).copied().unwrap_or_default(),
            counted: counted.cards.get(&key).copied().unwrap_or_default(),
            key,
        });
        let costs = change.costs.into_keys().map(|key| Mismatch::Costs {
            stored: stored.costs.get(&key).copied().unwrap_or_default(),
            counted: counted.costs.get(&key).copied().unwrap_or_default(),
            key,
        });
        cards.chain(costs).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card_key(state: &str, status: &str) -> CardKey {
        CardKey {
            tenant: 1,
            plan: 2,
            action_plan: 3,
            measure: 4,
            report_state: state.to_owned(),
            status: status.to_owned(),
        }
    }

    fn cost_key(source: &str) -> CostKey {
        CostKey {
            tenant: 1,
            plan: 2,
            action_plan: 3,
            measure: 4,
            source: source.to_owned(),
        }
    }

    fn card(cards: i64, planned: i64, actual: i64) -> CardSums {
        CardSums {
            cards,
            clients_planned: planned,
            clients_actual: actual,
        }
    }

    #[test]
    fn an_approval_moves_the_card_between_states() {
        let mut before = Sums::default();
        before.add_cards(card_key("submitted", "fulfilled"), card(1, 40, 38));
        let mut after = Sums::default();
        after.add_cards(card_key("approved", "fulfilled"), card(1, 40, 38));
        let change = Sums::change(&before, &after);
        assert_eq!(
            change.cards.get(&card_key("submitted", "fulfilled")),
            Some(&card(-1, -40, -38))
        );
        assert_eq!(
            change.cards.get(&card_key("approved", "fulfilled")),
            Some(&card(1, 40, 38))
        );
    }

    #[test]
    fn an_unchanged_key_is_left_out() {
        let mut before = Sums::default();
        before.add_cards(card_key("missing", ""), card(1, 40, 0));
        before.add_costs(
            cost_key("city"),
            CostSums {
                entries: 1,
                planned: 100_000,
                actual: 0,
            },
        );
        let mut after = before.clone();
        after.add_costs(
            cost_key("city"),
            CostSums {
                entries: 0,
                planned: 5_000,
                actual: 0,
            },
        );
        let change = Sums::change(&before, &after);
        assert!(change.cards.is_empty());
        assert_eq!(
            change.costs.get(&cost_key("city")).map(|c| c.planned),
            Some(5_000)
        );
    }

    #[test]
    fn a_removed_cost_row_leaves_a_count_to_drop_even_at_zero_amounts() {
        let mut before = Sums::default();
        before.add_costs(
            cost_key("state"),
            CostSums {
                entries: 1,
                planned: 0,
                actual: 0,
            },
        );
        let change = Sums::change(&before, &Sums::default());
        assert_eq!(
            change.costs.get(&cost_key("state")),
            Some(&CostSums {
                entries: -1,
                planned: 0,
                actual: 0
            })
        );
    }

    #[test]
    fn mismatches_name_both_sides() {
        let mut stored = Sums::default();
        stored.add_cards(card_key("approved", "fulfilled"), card(2, 80, 70));
        let mut counted = Sums::default();
        counted.add_cards(card_key("approved", "fulfilled"), card(2, 80, 75));
        counted.add_costs(
            cost_key("city"),
            CostSums {
                entries: 1,
                planned: 10,
                actual: 0,
            },
        );
        let found = Sums::mismatches(&stored, &counted);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0],
            Mismatch::Cards {
                key: card_key("approved", "fulfilled"),
                stored: card(2, 80, 70),
                counted: card(2, 80, 75),
            }
        );
        assert!(matches!(&found[1], Mismatch::Costs { stored, .. } if stored.entries == 0));
        assert!(Sums::mismatches(&counted, &counted).is_empty());
    }
}
