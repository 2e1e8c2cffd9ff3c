//! The log as learning data: every event in log order, with undo already
//! applied. Every command that learns from the whole history (stats,
//! optimize, simulate, review-history import, exam `--weak`) reads the log
//! through here and nowhere else, so an undone review counts nowhere.
//!
//! The log's invariant: an undo directly follows the review it takes back.
//! The study loop writes it so (only the last answer can be taken back, before
//! the next one is saved) and a merge keeps it so (see `maintain::merge`: a
//! review and its undo move as one, and an undo never comes in alone).
//! An undo anywhere else names no review it can take back and is ignored here,
//! as it is by the card states.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use super::maintain::visit as visit_log;
use super::{Event, ExamRecord, LOG_FILE, Review, SessionRecord, StoreError};
use crate::engine::schedule::Rating;

/// One event of the history, undo applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Learned {
    /// A review that was not taken back.
    Review(Review),
    /// A study session's score.
    Session(SessionRecord),
    /// An exam's result.
    Exam(ExamRecord),
}

/// Streams the history of the store at `dir` into `each`, in log order. A
/// missing log is empty; a torn last line (a write cut short by a crash) is
/// left out, as when the store opens; any other unreadable line is an error
/// naming it.
pub fn visit(dir: &Path, mut each: impl FnMut(Learned)) -> Result<(), StoreError> {
    let path = dir.join(LOG_FILE);
    let mut pending: Option<Review> = None;
    let report = visit_log(&path, |event| match event {
        Event::Undo { undoes, .. } if pending.as_ref().is_some_and(|r| r.id == undoes) => {
            pending = None;
        }
        event => {
            if let Some(review) = pending.take() {
                each(Learned::Review(review));
            }
            match event {
                Event::Review(review) => pending = Some(review),
                Event::Session(s) => each(Learned::Session(s)),
                Event::Exam(e) => each(Learned::Exam(e)),
                Event::Undo { .. } => {}
            }
        }
    })?;
    if let Some((line, message)) = report.damaged.into_iter().next() {
        return Err(StoreError::Damaged {
            path,
            line,
            message,
        });
    }
    if let Some(review) = pending {
        each(Learned::Review(review));
    }
    Ok(())
}

/// One review as fitting and simulating weigh it: 24 bytes, where a whole
/// [`Review`] (ids, answer text) takes a few hundred.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// When it was made: seconds and nanoseconds since 1970, as jiff gives
    /// them, so that pairs order as the times do (two fields, not a pair,
    /// which would be padded to 16 bytes).
    second: i64,
    nanosecond: i32,
    /// Its study day.
    pub day: Date,
    /// Seconds taken to answer.
    pub seconds: f32,
    /// How it was rated.
    pub rating: Rating,
}

impl Step {
    fn of(review: &Review) -> Step {
        Step {
            second: review.time.as_second(),
            nanosecond: review.time.subsec_nanosecond(),
            day: review.day,
            seconds: review.seconds as f32,
            rating: review.rating,
        }
    }

    /// When it was made, as an order: a later review's is greater.
    pub fn when(&self) -> (i64, i32) {
        (self.second, self.nanosecond)
    }
}

/// Every card's reviews that were not taken back, card by card (in the order
/// of their first review in the log) and each card's in time order (reviews
/// at one time in log order): what `optimize` and `simulate` learn from,
/// kept as [`Step`]s so a million reviews fit in a few tens of megabytes.
#[derive(Debug, Default)]
pub struct CardHistories {
    /// The decks' ids, by number.
    decks: Vec<String>,
    cards: Vec<CardHistory>,
}

/// One card's history.
#[derive(Debug)]
struct CardHistory {
    /// Its deck's number.
    deck: usize,
    /// Its item key.
    card: String,
    steps: Vec<Step>,
}

impl CardHistories {
    /// The histories of `reviews`, given in log order.
    pub fn of<'r>(reviews: impl IntoIterator<Item = &'r Review>) -> CardHistories {
        let mut histories = Gathering::default();
        reviews.into_iter().for_each(|r| histories.add(r));
        histories.done()
    }

    /// Each card's deck, item key and steps, in time order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &[Step])> {
        self.cards.iter().map(|c| {
            (
                self.decks[c.deck].as_str(),
                c.card.as_str(),
                c.steps.as_slice(),
            )
        })
    }
}

/// Card histories as they are read. Each deck id and item key is held once
/// and looked up without a copy: at a million reviews the keys would
/// otherwise take as much room as the steps.
#[derive(Default)]
struct Gathering {
    /// Each deck's number, by id.
    decks: HashMap<String, usize>,
    /// For each deck, by number: its cards' numbers, by item key.
    numbers: Vec<HashMap<String, usize>>,
    /// The cards, by number, their keys still in `numbers`.
    cards: Vec<CardHistory>,
}

impl Gathering {
    fn add(&mut self, review: &Review) {
        let deck = match self.decks.get(&review.deck) {
            Some(&deck) => deck,
            None => {
                self.decks.insert(review.deck.clone(), self.numbers.len());
                self.numbers.push(HashMap::new());
                self.numbers.len() - 1
            }
        };
        let numbers = &mut self.numbers[deck];
        let number = match numbers.get(&review.card) {
            Some(&number) => number,
            None => {
                numbers.insert(review.card.clone(), self.cards.len());
                self.cards.push(CardHistory {
                    deck,
                    card: String::new(),
                    steps: Vec::new(),
                });
                self.cards.len() - 1
            }
        };
        self.cards[number].steps.push(Step::of(review));
    }

    fn done(self) -> CardHistories {
        let Gathering {
            decks,
            numbers,
            mut cards,
        } = self;
        for (card, number) in numbers.into_iter().flatten() {
            cards[number].card = card;
        }
        for card in &mut cards {
            // Stable: reviews made at one time keep their log order.
            card.steps.sort_by_key(Step::when);
            // Grown by doubling, a history may hold half as much room again.
            card.steps.shrink_to_fit();
        }
        let mut ids = vec![String::new(); decks.len()];
        for (id, number) in decks {
            ids[number] = id;
        }
        CardHistories { decks: ids, cards }
    }
}

/// The card histories of the store at `dir`, read as [`visit`] reads it.
pub fn card_histories(dir: &Path) -> Result<CardHistories, StoreError> {
    let mut histories = Gathering::default();
    visit(dir, |event| {
        if let Learned::Review(review) = event {
            histories.add(&review);
        }
    })?;
    Ok(histories.done())
}

/// Every review of the store at `dir` that was not taken back, in log order.
pub fn reviews(dir: &Path) -> Result<Vec<Review>, StoreError> {
    let mut reviews = Vec::new();
    visit(dir, |event| {
        if let Learned::Review(review) = event {
            reviews.push(review);
        }
    })?;
    Ok(reviews)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::{Rating, Scheduler};
    use crate::store::{Access, Store, new_id};
    use jiff::civil::date;
    use std::fs;

    fn review(card: &str) -> Review {
        Review {
            correct: None,
            due: date(2026, 1, 3),
            ..Review::sample(card, date(2026, 1, 1), Rating::Good)
        }
    }

    #[test]
    fn reviews_come_back_in_log_order_without_session_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(dir.path(), Access::Write, Scheduler::default_params()).unwrap();
        let (a, b) = (review("a"), review("b"));
        store.append(&Event::Review(a.clone())).unwrap();
        store
            .append(&Event::Session(SessionRecord {
                id: new_id(),
                started: a.time,
                ended: a.time,
                answered: 1,
                correct: 0,
                graded: 0,
            }))
            .unwrap();
        store.append(&Event::Review(b.clone())).unwrap();
        drop(store);
        let log = dir.path().join(LOG_FILE);
        fs::write(
            &log,
            [fs::read(&log).unwrap(), b"{\"type\":".to_vec()].concat(),
        )
        .unwrap();
        assert_eq!(reviews(dir.path()).unwrap(), vec![a, b]);
    }

    #[test]
    fn a_missing_log_has_no_reviews_and_a_damaged_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert!(reviews(dir.path()).unwrap().is_empty());
        let mut store =
            Store::open(dir.path(), Access::Write, Scheduler::default_params()).unwrap();
        store.append(&Event::Review(review("a"))).unwrap();
        drop(store);
        let log = dir.path().join(LOG_FILE);
        fs::write(
            &log,
            [fs::read(&log).unwrap(), b"garbage\n".to_vec()].concat(),
        )
        .unwrap();
        let err = reviews(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("reviews.jsonl:3: damaged review log line"),
            "{err}"
        );
    }

    #[test]
    fn an_undone_review_and_its_undo_are_not_in_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(dir.path(), Access::Write, Scheduler::default_params()).unwrap();
        let (kept, undone, last) = (review("a"), review("b"), review("c"));
        for r in [&kept, &undone] {
            store.append(&Event::Review(r.clone())).unwrap();
        }
        store
            .append(&Event::Undo {
                id: new_id(),
                undoes: undone.id.clone(),
                time: undone.time,
            })
            .unwrap();
        // An undo that does not follow its review takes nothing back.
        store.append(&Event::Review(last.clone())).unwrap();
        store
            .append(&Event::Undo {
                id: new_id(),
                undoes: kept.id.clone(),
                time: kept.time,
            })
            .unwrap();
        drop(store);
        assert_eq!(reviews(dir.path()).unwrap(), vec![kept, last]);
    }

    #[test]
    fn a_step_takes_24_bytes() {
        // A million of them are held at once by `optimize` and `simulate`.
        assert_eq!(std::mem::size_of::<Step>(), 24);
    }

    #[test]
    fn card_histories_hold_each_card_in_time_order_in_the_order_cards_began() {
        let at = |card: &str, day: u32, rating: Rating| Review {
            seconds: f64::from(day),
            ..Review::sample(card, date(2026, 1, day as i8), rating)
        };
        // A merge may put a later review first in the log.
        let reviews = [
            at("b", 3, Rating::Good),
            at("a", 2, Rating::Again),
            at("b", 1, Rating::Hard),
            at("a", 4, Rating::Easy),
            Review {
                deck: "other".into(),
                ..at("a", 5, Rating::Good)
            },
        ];
        let histories = CardHistories::of(&reviews);
        // Each card: deck, key, and each step's day of the month, rating and seconds.
        type Seen<'h> = (&'h str, &'h str, Vec<(i8, Rating, f32)>);
        let seen: Vec<Seen> = histories
            .iter()
            .map(|(deck, card, steps)| {
                let steps = steps.iter().map(|s| (s.day.day(), s.rating, s.seconds));
                (deck, card, steps.collect())
            })
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "d",
                    "b",
                    vec![(1, Rating::Hard, 1.0), (3, Rating::Good, 3.0)]
                ),
                (
                    "d",
                    "a",
                    vec![(2, Rating::Again, 2.0), (4, Rating::Easy, 4.0)]
                ),
                ("other", "a", vec![(5, Rating::Good, 5.0)]),
            ]
        );
    }
}
