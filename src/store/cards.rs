//! Folding events into card states, undo included.
//!
//! An undo takes back the review it directly follows (the log's invariant;
//! see `history`): the card's state goes back to what it was just before that
//! review. For that, the last review folded in and the state before it are
//! kept, in memory only: the snapshot leaves them out, and a store whose log
//! tail starts with an undo of a review the snapshot already covers replays
//! its whole log instead (see `Store::load`). A merge keeps each undo right
//! after the review it names (see `maintain::merge`).
//!
//! Beside the states, the figures `stats` reads are folded in from the same
//! events ([`Aggregates`]), and everything here is kept in the snapshot,
//! the last review included, so a log tail that starts with an undo of a
//! review the snapshot covers is replayed from the snapshot too.

use serde::{Deserialize, Serialize};

use super::aggregates::Aggregates;
use super::{Event, States};
use crate::engine::schedule::{CardState, Scheduler};

/// The last event folded in, when it was a review: what undo needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LastReview {
    /// The review's id.
    review: String,
    deck: String,
    card: String,
    /// The card's state before it; `None` for a card it introduced.
    before: Option<CardState>,
}

/// Card states, the figures `stats` reads, and what undo needs to restore
/// them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cards {
    /// The current state of every reviewed card.
    pub states: States,
    last: Option<LastReview>,
    /// The history's figures, for `stats`.
    pub stats: Aggregates,
}

impl Cards {
    /// Folds one event in. An undo of anything but the review folded in just
    /// before it changes no state and returns false.
    pub fn apply(&mut self, scheduler: &Scheduler, event: &Event) -> bool {
        self.stats.apply(event);
        match event {
            Event::Review(r) => {
                let cards = self.states.entry(r.deck.clone()).or_default();
                let before = cards.get(&r.card).copied();
                let next = scheduler.apply(before.as_ref(), r.rating, r.day, r.due);
                cards.insert(r.card.clone(), next);
                self.last = Some(LastReview {
                    review: r.id.clone(),
                    deck: r.deck.clone(),
                    card: r.card.clone(),
                    before,
                });
                true
            }
            Event::Undo { undoes, .. } => self.undo(undoes),
            Event::Session(_) | Event::Exam(_) => {
                self.last = None;
                true
            }
        }
    }

    fn undo(&mut self, review: &str) -> bool {
        let Some(last) = self.last.take_if(|last| last.review == review) else {
            return false;
        };
        let states = self.states.entry(last.deck.clone()).or_default();
        match last.before {
            Some(state) => {
                states.insert(last.card, state);
            }
            None => {
                states.remove(&last.card);
                if states.is_empty() {
                    self.states.remove(&last.deck);
                }
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::Rating;
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
    fn only_the_review_just_before_an_undo_can_be_undone() {
        let s = Scheduler::default_params();
        let mut cards = Cards::default();
        cards.apply(&s, &review("r1", "x", 1, Rating::Good));
        cards.apply(&s, &review("r2", "x", 3, Rating::Good));
        // Another card's review in between: r2 can no longer be taken back.
        cards.apply(&s, &review("r3", "y", 3, Rating::Good));
        let with_y = cards.states.clone();
        cards.apply(&s, &undo("r2"));
        assert_eq!(cards.states, with_y);
        cards.apply(&s, &review("r4", "x", 4, Rating::Good));
        let now = cards.states.clone();
        cards.apply(&s, &undo("r1"));
        cards.apply(&s, &undo("unknown"));
        assert_eq!(cards.states, now);
        // A second undo after the first has nothing left to take back.
        assert!(cards.apply(&s, &undo("r4")));
        let once = cards.states.clone();
        assert!(!cards.apply(&s, &undo("r4")));
        assert_eq!(cards.states, once);
    }
}
