//! The figures `stats` needs, folded in event by event beside the card
//! states and kept in the snapshot, so `stats` reads them instead of
//! replaying the whole log: per card (first study day, graded answers), per
//! deck and study day (reviews, true-retention answers, time), and every
//! exam; and every review in brief ([`ReviewIndex`]), so the figures of
//! some of a deck's cards can be cut out of them.
//!
//! Undo follows the history view's rule exactly (`history::visit`): an undo
//! takes back the review right before it, and nothing else. Time is summed
//! in whole microseconds, so the sums do not depend on the order they were
//! added in, and a review taken back is subtracted exactly.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::review_index::ReviewIndex;
use super::{Event, ExamRecord, Review};
use crate::engine::schedule::Rating;

/// A study day, stored as a `YYYYMMDD` number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u32", try_from = "u32")]
pub struct Day(pub Date);

impl From<Day> for u32 {
    fn from(Day(d): Day) -> u32 {
        u32::try_from(d.year()).unwrap_or(0) * 10_000
            + u32::from(d.month().unsigned_abs()) * 100
            + u32::from(d.day().unsigned_abs())
    }
}

impl TryFrom<u32> for Day {
    type Error = String;
    fn try_from(n: u32) -> Result<Day, String> {
        let part = |x: u32| i8::try_from(x).unwrap_or(0);
        Date::new(
            i16::try_from(n / 10_000).unwrap_or(0),
            part(n / 100 % 100),
            part(n % 100),
        )
        .map(Day)
        .map_err(|e| format!("day {n} is not a date: {e}"))
    }
}

/// `seconds` in whole microseconds (a value out of range saturates).
pub fn micros(seconds: f64) -> i64 {
    (seconds * 1e6).round() as i64
}

/// What the log says about one card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardCounts {
    /// Its number, in the order cards were first reviewed over all decks:
    /// what the [`ReviewIndex`] calls it.
    pub number: u32,
    /// The study day of its first review, in log order.
    pub first_day: Day,
    /// Auto-graded reviews answered right.
    pub right: u32,
    /// Auto-graded reviews.
    pub graded: u32,
}

/// One deck's reviews on one study day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCounts {
    /// Reviews.
    pub reviews: u32,
    /// Reviews of cards first studied on an earlier day (true retention).
    pub mature: u32,
    /// Those of them not rated Again.
    pub recalled: u32,
    /// Time spent answering, in microseconds.
    pub micros: i128,
}

/// One deck's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeckCounts {
    /// By item key, every card reviewed.
    pub cards: HashMap<String, CardCounts>,
    /// By study day, every day with a review.
    pub days: BTreeMap<Day, DayCounts>,
}

/// One exam question, as `stats` needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamAnswer {
    /// The deck id.
    pub deck: String,
    /// The item key.
    pub card: String,
    /// The card's tags when it was asked.
    pub tags: Vec<String>,
    /// Right or wrong.
    pub correct: bool,
}

/// One exam, as `stats` needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamSummary {
    /// Its study day.
    pub day: Day,
    /// The decks it drew from.
    pub decks: Vec<String>,
    /// Questions right.
    pub correct: u32,
    /// Percent right.
    pub score: f64,
    /// Every question.
    pub questions: Vec<ExamAnswer>,
}

impl From<&ExamRecord> for ExamSummary {
    fn from(exam: &ExamRecord) -> ExamSummary {
        ExamSummary {
            day: Day(exam.day),
            decks: exam.decks.clone(),
            correct: exam.correct,
            score: exam.score(),
            questions: exam
                .questions
                .iter()
                .map(|q| ExamAnswer {
                    deck: q.deck.clone(),
                    card: q.card.clone(),
                    tags: q.tags.clone(),
                    correct: q.correct,
                })
                .collect(),
        }
    }
}

/// What the last event folded in added, when it was a review: what its undo
/// takes back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Added {
    review: String,
    deck: String,
    card: String,
    day: Day,
    /// Whether the review was the card's first.
    first: bool,
    /// Whether it counted for true retention, and if so whether recalled.
    mature: Option<bool>,
    correct: Option<bool>,
    micros: i64,
}

/// Every figure `stats` reads from the history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Aggregates {
    /// By deck id.
    pub decks: HashMap<String, DeckCounts>,
    /// Every exam, in log order.
    pub exams: Vec<ExamSummary>,
    /// Every review, in log order. The snapshot writes its records after
    /// the rest, as they are.
    pub reviews: ReviewIndex,
    /// Cards counted, over all decks: the next card's number.
    numbered: u32,
    last: Option<Added>,
}

impl Aggregates {
    /// The figures read from a snapshot with `records`, their review
    /// index's, or why the two do not agree.
    pub fn with_reviews(mut self, records: Vec<u8>) -> Result<Aggregates, String> {
        let counts = self.decks.values();
        let cards: usize = counts.clone().map(|d| d.cards.len()).sum();
        let days: usize = counts
            .flat_map(|d| d.days.values())
            .map(|n| n.reviews as usize)
            .sum();
        if cards != self.numbered as usize || days != self.reviews.count() {
            return Err("its review index does not match its figures".into());
        }
        self.reviews = std::mem::take(&mut self.reviews).with_bytes(records)?;
        Ok(self)
    }

    /// How many cards are numbered: every [`CardCounts::number`] is below.
    pub fn numbered(&self) -> u32 {
        self.numbered
    }

    /// Folds one event in (each event id once: the caller skips repeats).
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::Undo { undoes, .. } => {
                if let Some(added) = self.last.take_if(|a| &a.review == undoes) {
                    self.take_back(added);
                }
                self.last = None;
            }
            Event::Review(r) => self.last = Some(self.review(r)),
            Event::Exam(exam) => {
                self.exams.push(ExamSummary::from(exam));
                self.last = None;
            }
            Event::Session(_) => self.last = None,
        }
    }

    fn review(&mut self, r: &Review) -> Added {
        let deck = self.decks.entry(r.deck.clone()).or_default();
        let day = Day(r.day);
        let (first, first_day) = match deck.cards.get(&r.card) {
            Some(counts) => (false, counts.first_day),
            None => (true, day),
        };
        let number = self.numbered;
        let counts = deck.cards.entry(r.card.clone()).or_insert(CardCounts {
            number,
            first_day,
            right: 0,
            graded: 0,
        });
        if let Some(correct) = r.correct {
            counts.right += u32::from(correct);
            counts.graded += 1;
        }
        let card = counts.number;
        self.numbered += u32::from(first);
        let recalled = r.rating != Rating::Again;
        let mature = (first_day < day).then_some(recalled);
        let spent = micros(r.seconds);
        self.reviews.push(card, day, recalled, spent);
        let tally = deck.days.entry(day).or_default();
        tally.reviews += 1;
        if let Some(recalled) = mature {
            tally.mature += 1;
            tally.recalled += u32::from(recalled);
        }
        tally.micros += i128::from(spent);
        Added {
            review: r.id.clone(),
            deck: r.deck.clone(),
            card: r.card.clone(),
            day,
            first,
            mature,
            correct: r.correct,
            micros: spent,
        }
    }

    fn take_back(&mut self, added: Added) {
        let Some(deck) = self.decks.get_mut(&added.deck) else {
            return;
        };
        // The review taken back is the last one folded in.
        self.reviews.pop();
        if added.first {
            deck.cards.remove(&added.card);
            self.numbered -= 1;
        } else if let Some(counts) = deck.cards.get_mut(&added.card)
            && let Some(correct) = added.correct
        {
            counts.right -= u32::from(correct);
            counts.graded -= 1;
        }
        if let Some(tally) = deck.days.get_mut(&added.day) {
            tally.reviews -= 1;
            if let Some(recalled) = added.mature {
                tally.mature -= 1;
                tally.recalled -= u32::from(recalled);
            }
            tally.micros -= i128::from(added.micros);
            if tally.reviews == 0 {
                deck.days.remove(&added.day);
            }
        }
        if deck.cards.is_empty() {
            self.decks.remove(&added.deck);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn review(id: &str, card: &str, day: i8, rating: Rating) -> Event {
        Event::Review(Review {
            id: id.into(),
            seconds: 0.1,
            ..Review::sample(card, date(2026, 1, day), rating)
        })
    }

    #[test]
    fn an_undo_takes_the_review_back_exactly_and_only_right_after_it() {
        let mut a = Aggregates::default();
        a.apply(&review("r1", "x", 1, Rating::Good));
        let once = a.clone();
        a.apply(&review("r2", "x", 3, Rating::Again));
        assert_eq!(a.decks["d"].days[&Day(date(2026, 1, 3))].mature, 1);
        assert_eq!(a.reviews.count(), 2);
        a.apply(&Event::undo_of("r2"));
        assert_eq!(a.decks, once.decks);
        assert_eq!(a.reviews, once.reviews);
        let mut b = Aggregates::default();
        b.apply(&review("r1", "x", 1, Rating::Good));
        b.apply(&Event::undo_of("r1"));
        assert_eq!(b, Aggregates::default());
        // An unrelated undo in between: the review stays, as in the history.
        let mut c = Aggregates::default();
        c.apply(&review("r1", "x", 1, Rating::Good));
        c.apply(&Event::undo_of("other"));
        c.apply(&Event::undo_of("r1"));
        assert_eq!(c.decks["d"].cards["x"].graded, 1);
    }

    #[test]
    fn cards_are_numbered_in_first_review_order_and_the_index_holds_each_review() {
        let mut a = Aggregates::default();
        a.apply(&review("r1", "x", 1, Rating::Good));
        a.apply(&review("r2", "y", 2, Rating::Again));
        a.apply(&review("r3", "z", 2, Rating::Good));
        // Taking back a card's first review frees its number for the next.
        a.apply(&Event::undo_of("r3"));
        a.apply(&review("r4", "w", 3, Rating::Good));
        a.apply(&review("r5", "x", 4, Rating::Again));
        let numbers: Vec<u32> = ["x", "y", "w"].map(|c| a.decks["d"].cards[c].number).into();
        assert_eq!(numbers, [0, 1, 2]);
        assert_eq!(a.numbered(), 3);
        let briefs: Vec<(u32, u32, bool)> = a
            .reviews
            .iter()
            .map(|b| (b.card, b.day, b.recalled))
            .collect();
        assert_eq!(
            briefs,
            [
                (0, 20260101, true),
                (1, 20260102, false),
                (2, 20260103, true),
                (0, 20260104, false)
            ]
        );
        assert!(a.reviews.iter().all(|b| b.micros == 100_000));
        let records = a.reviews.as_bytes().to_vec();
        let mut fewer = a.clone();
        fewer.reviews.pop();
        assert!(fewer.with_reviews(records.clone()).is_err());
        assert!(a.clone().with_reviews(records[..4].to_vec()).is_err());
        assert_eq!(a.clone().with_reviews(records).unwrap(), a);
    }

    #[test]
    fn time_is_summed_in_microseconds_whatever_the_order() {
        assert_eq!(micros(0.1) * 3, micros(0.1 + 0.1 + 0.1));
        assert_eq!(micros(f64::MAX), i64::MAX);
        assert_eq!(micros(-1.5), -1_500_000);
    }
}
