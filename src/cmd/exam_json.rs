//! The result of `trialdrill exam --json`: the exam's record with, for each
//! question, the text the learner saw, the right answer and the explanation.

use serde::Serialize;

use crate::deck::{Body, Item};
use crate::engine::exam::{FALSE, TRUE, TagScore};
use crate::store::ExamRecord;
use crate::ui::sanitize::clean_json;

/// A question as asked, beside its record.
pub struct Asked<'a, 'd> {
    /// The item asked.
    pub item: &'a Item<'d>,
    /// The right answer, as the text report gives it.
    pub right_answer: String,
}

#[derive(Serialize)]
struct Report<'a> {
    learner: Option<&'a str>,
    seed: u64,
    decks: &'a [String],
    started: jiff::Timestamp,
    ended: jiff::Timestamp,
    minutes: Option<u32>,
    time_up: bool,
    score: Score,
    tags: Vec<TagResult<'a>>,
    questions: Vec<Question<'a>>,
}

#[derive(Serialize)]
struct Score {
    right: u32,
    asked: usize,
    percent: f64,
}

#[derive(Serialize)]
struct TagResult<'a> {
    tag: &'a str,
    right: usize,
    asked: usize,
    percent: f64,
}

#[derive(Serialize)]
struct Question<'a> {
    number: usize,
    deck: &'a str,
    card: &'a str,
    kind: &'static str,
    tags: &'a [String],
    prompt: String,
    options: Option<&'a [String]>,
    picked: Option<&'a [String]>,
    correct_options: Option<Vec<String>>,
    answer: Option<&'a str>,
    right_answer: &'a str,
    correct: bool,
    seconds: f64,
    explanation: &'a str,
    note: Option<&'a str>,
}

/// The exam result as one JSON value, every text sanitised. `asked` holds
/// one entry per question of `record`, in order; `tags` is the per-tag score.
pub fn report(
    record: &ExamRecord,
    asked: &[Asked<'_, '_>],
    tags: &[TagScore],
    time_up: bool,
) -> serde_json::Result<serde_json::Value> {
    let report = Report {
        learner: record.learner.as_deref(),
        seed: record.seed,
        decks: &record.decks,
        started: record.started,
        ended: record.ended,
        minutes: record.minutes,
        time_up,
        score: Score {
            right: record.correct,
            asked: record.questions.len(),
            percent: record.score(),
        },
        tags: tags
            .iter()
            .map(|t| TagResult {
                tag: &t.tag,
                right: t.correct,
                asked: t.total,
                percent: t.percent(),
            })
            .collect(),
        questions: record
            .questions
            .iter()
            .zip(asked)
            .enumerate()
            .map(|(n, (q, a))| Question {
                number: n + 1,
                deck: &q.deck,
                card: &q.card,
                kind: a.item.card.body.kind(),
                tags: &q.tags,
                prompt: a.item.prompt(),
                options: q.options.as_deref(),
                picked: q.picked.as_deref(),
                correct_options: correct_options(&a.item.card.body),
                answer: q.answer.as_deref(),
                right_answer: &a.right_answer,
                correct: q.correct,
                seconds: q.seconds,
                explanation: &a.item.card.explanation,
                note: a.item.card.note.as_deref(),
            })
            .collect(),
    };
    Ok(clean_json(serde_json::to_value(report)?))
}

/// The options keyed right, in the words the question offers them.
fn correct_options(body: &Body) -> Option<Vec<String>> {
    match body {
        Body::Choice { answers, .. } => Some(answers.clone()),
        Body::TrueFalse { answer, .. } => Some(vec![if *answer { TRUE } else { FALSE }.into()]),
        _ => None,
    }
}
