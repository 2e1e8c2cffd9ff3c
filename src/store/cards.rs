//! Folding events into card states, undo included.
//!
//! An undo takes back the review it directly follows (the log's invariant;
//! see `history`): the card's state goes back to what it was just before that
//! review. For that, the last review folded in and the state before it are
//! kept, in the snapshot too, so a log tail that starts with an undo of a
//! review the snapshot covers is replayed from the snapshot. A merge keeps
//! each undo right after the review it names (see `maintain::merge`).
//!
//! Beside the states, the figures `stats` reads are folded in from the same
//! events ([`Aggregates`]). Only `stats`, `exam` and `store check` read them,
//! so a store opened from its snapshot leaves them there ([`Figures::deferred`])
//! and keeps the events folded in since, until they are asked for: a study
//! session neither decodes nor holds them.

use serde::{Deserialize, Serialize};

use super::aggregates::Aggregates;
use super::{Event, States};
use crate::engine::schedule::{CardState, Scheduler};

/// The last event folded in, when it was a review: what undo needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastReview {
    /// The review's id.
    review: String,
    deck: String,
    card: String,
    /// The card's state before it; `None` for a card it introduced.
    before: Option<CardState>,
}

/// The figures `stats` reads, as far as they are at hand.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The figures, when they are folded in with every event; `None` while
    /// they are still in the snapshot file.
    stats: Option<Aggregates>,
    /// While they are in the snapshot: the events folded into the states
    /// since the part of the log it covers, in log order, to fold in on top
    /// of the snapshot's figures once they are read.
    since: Vec<Event>,
}

impl Figures {
    /// Figures left in the snapshot file, none folded in yet.
    pub fn deferred() -> Figures {
        Figures {
            stats: None,
            since: Vec::new(),
        }
    }

    /// The figures, when they are folded in.
    pub fn folded(&self) -> Option<&Aggregates> {
        self.stats.as_ref()
    }

    /// While the figures are in the snapshot, the events to fold in on top
    /// of them once read.
    pub fn since(&self) -> &[Event] {
        &self.since
    }

    /// Folds one event in, or keeps it for later.
    fn apply(&mut self, event: &Event) {
        match &mut self.stats {
            Some(stats) => stats.apply(event),
            None => self.since.push(event.clone()),
        }
    }

    /// The figures, folded in from `load` (which is given the events kept
    /// since the snapshot, and returns the whole history's figures) when
    /// they are still deferred.
    pub fn settle<E>(
        &mut self,
        load: impl FnOnce(&[Event]) -> Result<Aggregates, E>,
    ) -> Result<&Aggregates, E> {
        Ok(match self.stats {
            Some(ref stats) => stats,
            None => {
                let stats = load(&self.since)?;
                self.since = Vec::new();
                self.stats.insert(stats)
            }
        })
    }
}

impl Default for Figures {
    fn default() -> Figures {
        Figures {
            stats: Some(Aggregates::default()),
            since: Vec::new(),
        }
    }
}

/// Card states, the figures `stats` reads, and what undo needs to restore
/// them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cards {
    /// The current state of every reviewed card.
    pub states: States,
    /// The last review folded in, while an undo can still take it back.
    pub last: Option<LastReview>,
    /// The history's figures, for `stats`.
    pub figures: Figures,
}

impl Cards {
    /// Folds one event in. An undo of anything but the review folded in just
    /// before it changes no state and returns false.
    pub fn apply(&mut self, scheduler: &Scheduler, event: &Event) -> bool {
        self.figures.apply(event);
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

    #[test]
    fn undo_restores_the_state_before_the_review_exactly() {
        let s = Scheduler::default_params();
        let mut cards = Cards::default();
        cards.apply(&s, &review("r1", "x", 1, Rating::Good));
        let before = cards.states["d"]["x"];
        cards.apply(&s, &review("r2", "x", 3, Rating::Again));
        assert_ne!(cards.states["d"]["x"], before);
        cards.apply(&s, &Event::undo_of("r2"));
        assert_eq!(cards.states["d"]["x"], before);
    }

    #[test]
    fn undoing_a_first_review_makes_the_card_new_again() {
        let s = Scheduler::default_params();
        let mut cards = Cards::default();
        cards.apply(&s, &review("r1", "x", 1, Rating::Good));
        cards.apply(&s, &Event::undo_of("r1"));
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
        cards.apply(&s, &Event::undo_of("r2"));
        assert_eq!(cards.states, with_y);
        cards.apply(&s, &review("r4", "x", 4, Rating::Good));
        let now = cards.states.clone();
        cards.apply(&s, &Event::undo_of("r1"));
        cards.apply(&s, &Event::undo_of("unknown"));
        assert_eq!(cards.states, now);
        // A second undo after the first has nothing left to take back.
        assert!(cards.apply(&s, &Event::undo_of("r4")));
        let once = cards.states.clone();
        assert!(!cards.apply(&s, &Event::undo_of("r4")));
        assert_eq!(cards.states, once);
    }
}
