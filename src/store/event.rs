//! The records of the review log, one JSON object a line.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::engine::schedule::Rating;

/// One line of the review log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Event {
    /// A card was answered and rated.
    Review(Review),
    /// A study session ended.
    Session(SessionRecord),
    /// An exam was taken.
    Exam(ExamRecord),
    /// A review was taken back: the card's state is as if it never happened.
    /// The review stays in the log; history is never rewritten.
    Undo {
        /// Unique id.
        id: String,
        /// The id of the review taken back.
        undoes: String,
        /// When it was taken back.
        time: Timestamp,
    },
}

impl Event {
    /// The record's unique id.
    pub fn id(&self) -> &str {
        match self {
            Event::Review(r) => &r.id,
            Event::Session(s) => &s.id,
            Event::Exam(e) => &e.id,
            Event::Undo { id, .. } => id,
        }
    }

    /// When it happened; merged logs are ordered by it.
    pub fn time(&self) -> Timestamp {
        match self {
            Event::Review(r) => r.time,
            Event::Session(s) => s.ended,
            Event::Exam(e) => e.ended,
            Event::Undo { time, .. } => *time,
        }
    }
}

/// One answered card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Unique id, so logs from two devices merge by union.
    pub id: String,
    /// The device (store) that recorded it; empty for reviews from format 1.
    #[serde(default)]
    pub device: String,
    /// The deck id.
    pub deck: String,
    /// The item key within the deck (card id, with `:cN` for cloze deletions).
    pub card: String,
    /// When it was answered.
    pub time: Timestamp,
    /// The study day it was answered on.
    pub day: Date,
    /// The rating given.
    pub rating: Rating,
    /// Right or wrong; absent for self-rated cards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    /// The answer as given.
    pub answer: String,
    /// Seconds taken to answer.
    pub seconds: f64,
    /// The automatic verdict was wrong and the learner overruled it ("I was
    /// right"): `correct` holds the final verdict, and the review rated
    /// Again on the automatic verdict is in the log before it, taken back.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overruled: bool,
    /// The study day the card was scheduled for.
    pub due: Date,
}

/// What was answered, for [`Review::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The deck id.
    pub deck: String,
    /// The item key within the deck.
    pub card: String,
    /// The answer as given (empty for a revealed flashcard).
    pub text: String,
    /// Right or wrong; `None` for self-rated cards.
    pub correct: Option<bool>,
    /// Seconds taken to answer.
    pub seconds: f64,
    /// Graded wrong, and the learner said it was right ("I was right").
    pub overruled: bool,
}

impl Review {
    /// The one way a review is made: `answer`, rated `rating` at `time` on
    /// study day `day`, and due on `due` (from `Scheduler::schedule`).
    pub fn new(
        id: String,
        device: String,
        answer: Answer,
        time: Timestamp,
        day: Date,
        rating: Rating,
        due: Date,
    ) -> Review {
        Review {
            id,
            device,
            deck: answer.deck,
            card: answer.card,
            time,
            day,
            rating,
            correct: answer.correct,
            answer: answer.text,
            seconds: answer.seconds,
            overruled: answer.overruled,
            due,
        }
    }
}

/// The score of one study session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// Unique id.
    pub id: String,
    /// When the session started.
    pub started: Timestamp,
    /// When it ended.
    pub ended: Timestamp,
    /// Cards answered.
    pub answered: u32,
    /// Auto-graded answers that were right.
    pub correct: u32,
    /// Auto-graded answers in all.
    pub graded: u32,
}

/// The result of one exam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamRecord {
    /// Unique id.
    pub id: String,
    /// The device (store) that recorded it.
    pub device: String,
    /// When the first question was shown.
    pub started: Timestamp,
    /// When the exam ended.
    pub ended: Timestamp,
    /// The study day it was taken on.
    pub day: Date,
    /// The ids of the decks the questions came from.
    pub decks: Vec<String>,
    /// The seed that chose and ordered the questions.
    pub seed: u64,
    /// The time limit in minutes, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Every question, in the order asked.
    pub questions: Vec<ExamQuestion>,
    /// Questions answered right.
    pub correct: u32,
    /// Who took it (`exam --learner`); absent in logs of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learner: Option<String>,
}

impl ExamRecord {
    /// Percent right, counting unanswered questions as wrong.
    pub fn score(&self) -> f64 {
        if self.questions.is_empty() {
            return 0.0;
        }
        100.0 * f64::from(self.correct) / self.questions.len() as f64
    }
}

/// One question of an exam and how it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamQuestion {
    /// The deck id.
    pub deck: String,
    /// The item key within the deck.
    pub card: String,
    /// The card's tags when it was asked.
    pub tags: Vec<String>,
    /// The answer as given; `None` when time ran out or the exam was left first.
    pub answer: Option<String>,
    /// Right or wrong; unanswered is wrong.
    pub correct: bool,
    /// Seconds spent on it.
    pub seconds: f64,
    /// For a choice or true/false question shown, the options in the order
    /// shown (`True`, `False` for true/false); absent in older logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    /// The options picked, in the words of `options`; absent when none were
    /// (not answered, not a choice) and in older logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picked: Option<Vec<String>>,
    /// Graded wrong, and the learner said it was right (`exam --tutor`):
    /// `correct` holds the final verdict.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overruled: bool,
}

/// A new random record id: 128 bits as hex.
pub fn new_id() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// A new device id: 64 random bits as hex.
pub fn new_device_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

#[cfg(test)]
impl Event {
    /// An undo for tests, of the review with id `review`, its id derived
    /// from that one.
    pub fn undo_of(review: &str) -> Event {
        Event::Undo {
            id: format!("u-{review}"),
            undoes: review.into(),
            time: "2026-01-09T10:00:00Z".parse().unwrap(),
        }
    }
}

#[cfg(test)]
impl Review {
    /// A review for tests: `card` of deck `d`, rated `rating` on `day` at
    /// 10:00 UTC, right unless rated Again, due the same day. Tests override
    /// the fields they care about with struct update syntax.
    pub fn sample(card: &str, day: Date, rating: Rating) -> Review {
        Review {
            id: new_id(),
            device: "test".into(),
            deck: "d".into(),
            card: card.into(),
            time: day
                .at(10, 0, 0, 0)
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .expect("test days are valid UTC times")
                .timestamp(),
            day,
            rating,
            correct: Some(rating != Rating::Again),
            answer: String::new(),
            seconds: 1.0,
            overruled: false,
            due: day,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exam_line_of_an_older_log_reads_and_a_new_one_keeps_its_class_fields() {
        let old = r#"{"type":"exam","id":"e","device":"d","started":"2026-05-01T10:00:00Z",
            "ended":"2026-05-01T10:05:00Z","day":"2026-05-01","decks":["mini"],"seed":3,
            "questions":[{"deck":"mini","card":"colour","tags":["design"],"answer":"Azure",
            "correct":true,"seconds":4.0}],"correct":1}"#;
        let Event::Exam(mut exam) = serde_json::from_str::<Event>(old).unwrap() else {
            panic!("not an exam");
        };
        assert_eq!(exam.learner, None);
        assert_eq!(
            (&exam.questions[0].options, &exam.questions[0].picked),
            (&None, &None)
        );
        exam.learner = Some("Ann".into());
        exam.questions[0].options = Some(vec!["Crimson".into(), "Azure".into()]);
        exam.questions[0].picked = Some(vec!["Azure".into()]);
        let line = serde_json::to_string(&Event::Exam(exam.clone())).unwrap();
        assert_eq!(
            serde_json::from_str::<Event>(&line).unwrap(),
            Event::Exam(exam)
        );
    }
}
