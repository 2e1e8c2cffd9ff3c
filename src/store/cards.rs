//! Folding events into card states, undo included.
//!
//! An undo names a review; the card's state goes back to what it was just
//! before that review. For that, each card keeps its latest review's id and
//! the state before it, in memory only: the snapshot leaves them out to stay
//! small, and a store whose log tail undoes a review the snapshot already
//! covers replays its whole log instead (see `Store::load`). Only a card's
//! latest review can be taken back: the study loop only offers the last
//! answer, and a merge places each undo right after the review it names (see
//! [`merge_order`]).

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{Event, States};
use crate::schedule::{CardState, Scheduler};

/// A card's latest review and the state before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Latest {
    /// The review's id.
    pub review: String,
    /// The card's state before it; `None` for a card it introduced.
    pub before: Option<CardState>,
}

/// The latest review of each card, by deck id, then by item key.
pub type Latests = HashMap<String, HashMap<String, Latest>>;

/// Card states and what undo needs to restore them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cards {
    /// The current state of every reviewed card.
    pub states: States,
    /// Each card's latest review, to take it back.
    pub latest: Latests,
}

impl Cards {
    /// Folds one event in. An undo of anything but a card's latest review
    /// it has seen changes nothing and returns false.
    pub fn apply(&mut self, scheduler: &Scheduler, event: &Event) -> bool {
        match event {
            Event::Review(r) => {
                let cards = self.states.entry(r.deck.clone()).or_default();
                let before = cards.get(&r.card).copied();
                let next = scheduler.apply(before.as_ref(), r.rating, r.day, r.due);
                cards.insert(r.card.clone(), next);
                self.latest.entry(r.deck.clone()).or_default().insert(
                    r.card.clone(),
                    Latest {
                        review: r.id.clone(),
                        before,
                    },
                );
                true
            }
            Event::Undo { undoes, .. } => self.undo(undoes),
            Event::Session(_) | Event::Exam(_) => true,
        }
    }

    fn undo(&mut self, review: &str) -> bool {
        // A scan over cards, not reviews: undo is rare and decks are small.
        let found = self.latest.iter().find_map(|(deck, cards)| {
            cards
                .iter()
                .find(|(_, latest)| latest.review == review)
                .map(|(card, _)| (deck.clone(), card.clone()))
        });
        let Some((deck, card)) = found else {
            return false;
        };
        let before = self
            .latest
            .get_mut(&deck)
            .and_then(|cards| cards.remove(&card))
            .and_then(|latest| latest.before);
        let states = self.states.entry(deck.clone()).or_default();
        match before {
            Some(state) => {
                states.insert(card, state);
            }
            None => {
                states.remove(&card);
                if states.is_empty() {
                    self.states.remove(&deck);
                }
            }
        }
        true
    }
}

/// The order of a merged log: by time, then id; except that an undo sorts
/// right after the review it names (found with `time_of`), so another
/// device's review of the same card can never fall between them.
pub fn merge_order(
    a: &Event,
    b: &Event,
    time_of: impl Fn(&str) -> Option<jiff::Timestamp>,
) -> Ordering {
    let key = |e: &Event| match e {
        Event::Undo { undoes, time, .. } => match time_of(undoes) {
            Some(at) => (at, undoes.clone(), 1),
            None => (*time, e.id().to_string(), 0),
        },
        _ => (e.time(), e.id().to_string(), 0),
    };
    key(a).cmp(&key(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Rating;
    use crate::store::Review;
    use jiff::civil::date;

    fn review(id: &str, card: &str, day: i8, rating: Rating) -> Event {
        Event::Review(Review {
            id: id.into(),
            ..Review::sample(card, date(2026, 1, day), rating)
        })
    }

    fn undo(review: &str) -> Event {
        Event::Undo {
            id: format!("u-{review}"),
            undoes: review.into(),
            time: "2026-01-09T10:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn undo_restores_the_state_before_the_review_exactly() {
        let s = Scheduler::default_params();
        let mut cards = Cards::default();
        cards.apply(&s, &review("r1", "x", 1, Rating::Good));
        let before = cards.states["d"]["x"];
        cards.apply(&s, &review("r2", "x", 3, Rating::Again));
        assert_ne!(cards.states["d"]["x"], before);
        cards.apply(&s, &undo("r2"));
        assert_eq!(cards.states["d"]["x"], before);
    }

    #[test]
    fn undoing_a_first_review_makes_the_card_new_again() {
        let s = Scheduler::default_params();
        let mut cards = Cards::default();
        cards.apply(&s, &review("r1", "x", 1, Rating::Good));
        cards.apply(&s, &undo("r1"));
        assert_eq!(cards.states, States::new());
    }

    #[test]
    fn only_a_cards_latest_review_can_be_undone() {
        let s = Scheduler::default_params();
        let mut cards = Cards::default();
        cards.apply(&s, &review("r1", "x", 1, Rating::Good));
        cards.apply(&s, &review("r2", "x", 3, Rating::Good));
        let now = cards.states.clone();
        cards.apply(&s, &undo("r1"));
        cards.apply(&s, &undo("unknown"));
        assert_eq!(cards.states, now);
        // A second undo after the first has nothing left to take back.
        cards.apply(&s, &undo("r2"));
        let once = cards.states.clone();
        cards.apply(&s, &undo("r2"));
        assert_eq!(cards.states, once);
    }

    #[test]
    fn an_undo_sorts_right_after_its_review() {
        let r1 = review("r1", "x", 1, Rating::Good);
        let mut other = review("r0", "x", 1, Rating::Hard);
        if let Event::Review(r) = &mut other {
            r.time = "2026-01-01T10:00:01Z".parse().unwrap();
        }
        let u = undo("r1");
        let mut events = vec![u.clone(), other.clone(), r1.clone()];
        let time_of = |id: &str| (id == "r1").then(|| r1.time());
        events.sort_by(|a, b| merge_order(a, b, time_of));
        assert_eq!(events, vec![r1, u, other]);
    }
}
