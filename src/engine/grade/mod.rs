//! Answer checking for every card kind, by meaning rather than by spelling.
//!
//! Residents type answers their own way: `6 h`, `6hrs` and `six hours`;
//! `0 or 1`, `≤1` and `mRS 0-1`; `SELECT 2` and `SELECT-2`; `IV alteplase`
//! when the question already says IV. A typed, cloze or numeric answer is
//! read into figures and words and compared with each accepted answer:
//!
//! - `fold`: case, accents, dashes, signs and quotes fold away;
//! - `number`: numbers as typed (`.6`, `0,6`, `1,362`, `six`, `IIa`),
//!   their units (`6h`, `6 hrs`, `90 d`) and labels (`P =`, `NNT`, `about`);
//! - `range`: ranges and bounds (`3 to 5`, `0 or 1`, `≤1`, `<2`), and
//!   comparisons the question states;
//! - `words`: one spelling per word (British and American, plural,
//!   synonyms), words that say nothing, words in another order;
//! - `context`: words and figures the question already shows, which a
//!   response may repeat;
//! - `compare`: figures, then words, then names squashed (`SELECT2`);
//! - `typo`: a typo forgiven, unless it makes another word of the deck;
//! - `diff`: where a wrong answer differs from the nearest right one.
//!
//! A [`Grader`], built once from the decks in play, grades every answer: it
//! knows their words and names, so that no typo is forgiven into another
//! trial's or drug's name.

mod answer;
mod compare;
mod context;
mod diff;
mod fold;
mod number;
mod range;
mod token;
mod typo;
mod words;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::deck::{Body, Card, Deck, Item, cloze};

use answer::{Analysis, Keys};
use compare::CardUnit;
use context::Context;
use range::{Figure, Shape};
use typo::Vocabulary;

/// What the learner answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// The options picked, by their text.
    Choices(Vec<String>),
    /// True or false.
    Bool(bool),
    /// Typed text: a number, a short answer or a cloze gap.
    Text(String),
    /// A basic card was revealed; the learner rates it themselves.
    Revealed,
}

/// The verdict on a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Right or wrong; `None` for self-rated basic cards.
    pub correct: Option<bool>,
    /// The right answer, as shown in feedback.
    pub expected: String,
    /// For a right answer accepted despite a typo, the accepted answer as
    /// the deck spells it, so feedback can say "Right (spelling: alteplase)".
    pub spelling: Option<String>,
    /// For a wrong answer, where it differs from the right one.
    pub difference: Option<Difference>,
}

/// Where a wrong answer differs from the right one.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference {
    /// A typed or cloze answer: the accepted answer nearest to the response
    /// and, word by word, how the response differs from it.
    Text {
        /// The nearest accepted answer, as the deck writes it.
        closest: String,
        /// The words of both, in reading order.
        parts: Vec<Part>,
    },
    /// A numeric answer: the number read from the response and the right one.
    Number {
        /// The number the response gave, if one could be read.
        given: Option<f64>,
        /// The right value.
        expected: f64,
        /// How far an answer may be from it.
        tolerance: f64,
    },
    /// A choice: the right options not picked and the wrong options picked.
    Choices {
        /// Right options the learner did not pick, in the card's order.
        missed: Vec<String>,
        /// Options picked that are not right, in the order picked.
        extra: Vec<String>,
    },
}

/// One piece of a word-by-word difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Whether the words are in both, or in one only.
    pub change: Change,
    /// The words, as typed in the text they come from.
    pub text: String,
}

/// How a piece of a difference differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// In the response and in the accepted answer.
    Same,
    /// In the accepted answer, not in the response.
    Missing,
    /// In the response, not in the accepted answer.
    Extra,
}

/// Grades answers with the words and names of a set of decks in mind, so a
/// typo is never forgiven when the typed word is another answer of the deck
/// (a choice's distractor, another trial's name), nor one of a built-in list
/// of drugs, trials and places. Build it once for the decks in play and grade
/// every item of them with it; it reads each item's answers once, and the
/// decks' words only when an answer first needs them (a typo to judge, an
/// author to name), so building it costs nothing.
#[derive(Debug)]
pub struct Grader<'d> {
    decks: Vec<&'d Deck>,
    /// The decks' words and names, read on first need.
    vocabulary: OnceLock<Vocabulary>,
    prepared: Mutex<HashMap<String, Arc<Prepared>>>,
}

impl<'d> Grader<'d> {
    /// A grader for the items of `deck`.
    pub fn new(deck: &'d Deck) -> Grader<'d> {
        Grader::for_decks([deck])
    }

    /// A grader for the items of several decks (a session or an exam over
    /// all of them); with no decks, it knows only each card graded and the
    /// built-in names.
    pub fn for_decks(decks: impl IntoIterator<Item = &'d Deck>) -> Grader<'d> {
        Grader {
            decks: decks.into_iter().collect(),
            vocabulary: OnceLock::new(),
            prepared: Mutex::default(),
        }
    }

    /// The words and names of the grader's decks.
    fn vocabulary(&self) -> &Vocabulary {
        self.vocabulary.get_or_init(|| {
            let mut vocabulary = Vocabulary::default();
            // The decks' words repeat: each distinct one is keyed once.
            let mut keys = Keys::default();
            for deck in &self.decks {
                learn(&mut vocabulary, &deck.title, true, &mut keys);
                learn(&mut vocabulary, &deck.id, true, &mut keys);
                for card in &deck.cards {
                    learn_answers(&mut vocabulary, card, &mut keys);
                    learn_texts(&mut vocabulary, card, &mut keys);
                }
            }
            vocabulary
        })
    }

    /// Grades `response` to `item`. A response of the wrong shape for the
    /// card (the prompter never sends one) counts as wrong.
    pub fn grade(&self, item: &Item<'_>, response: &Response) -> Verdict {
        let mut verdict = Verdict {
            correct: Some(false),
            expected: expected_answer(item),
            spelling: None,
            difference: None,
        };
        match (&item.card.body, response) {
            (Body::Basic { .. }, _) => verdict.correct = None,
            (Body::Choice { answers, .. }, Response::Choices(picked)) => {
                let missed: Vec<String> = answers
                    .iter()
                    .filter(|a| !picked.contains(a))
                    .cloned()
                    .collect();
                let mut extra: Vec<String> = picked
                    .iter()
                    .filter(|p| !answers.contains(p))
                    .cloned()
                    .collect();
                extra.dedup();
                let right = missed.is_empty() && extra.is_empty();
                verdict.correct = Some(right);
                if !right {
                    verdict.difference = Some(Difference::Choices { missed, extra });
                }
            }
            (Body::TrueFalse { answer, .. }, Response::Bool(b)) => {
                verdict.correct = Some(answer == b)
            }
            (Body::Numeric { .. } | Body::Typed { .. } | Body::Cloze { .. }, Response::Text(t)) => {
                let prepared = self.prepare(item, &verdict.expected);
                match &prepared.answers {
                    Answers::Number {
                        want,
                        unit,
                        context,
                    } => {
                        let got = Analysis::of(t);
                        let right = compare::numeric(want, *unit, &got, context)
                            || compare::without_remarks(t, true).is_some_and(|bare| {
                                compare::numeric(want, *unit, &Analysis::of(&bare), context)
                            });
                        verdict.correct = Some(right);
                        if !right {
                            verdict.difference = Some(Difference::Number {
                                given: first_value(&got),
                                expected: value_of(want),
                                tolerance: context.comparison.tolerance,
                            });
                        }
                    }
                    Answers::Text {
                        shown,
                        accepted,
                        context,
                    } => {
                        let known = Known {
                            grader: self,
                            own: &prepared.own,
                            texts: &prepared.texts,
                            card: item.card,
                        };
                        judge(&mut verdict, shown, accepted, t, context, &known);
                    }
                    Answers::Unreadable => {}
                }
            }
            _ => {}
        }
        verdict
    }

    /// What grading `item` needs besides the response, read once per item.
    fn prepare(&self, item: &Item<'_>, expected: &str) -> Arc<Prepared> {
        let key = format!(
            "{}\u{0}{:?}\u{0}{:?}",
            item.card.id, item.cloze, item.card.body
        );
        let mut cache = self.prepared.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            cache
                .entry(key)
                .or_insert_with(|| Arc::new(Prepared::of(item, expected))),
        )
    }
}

/// What grading an item needs besides the response: its accepted answers
/// read, its question's context, the vocabulary of its own answers.
#[derive(Debug)]
struct Prepared {
    answers: Answers,
    own: Vocabulary,
    texts: OnceLock<Vocabulary>,
}

/// An item's accepted answers, read.
#[derive(Debug)]
enum Answers {
    /// A numeric card: its value (and unit), with the tolerance in the context.
    Number {
        want: Figure,
        unit: CardUnit,
        context: Context,
    },
    /// A typed card or a cloze deletion: each accepted answer as written and
    /// as read.
    Text {
        shown: Vec<String>,
        accepted: Vec<Analysis>,
        context: Context,
    },
    /// A cloze card whose text does not parse (only possible in code).
    Unreadable,
}

impl Prepared {
    /// Reads `item` (`expected` is its answer as shown).
    fn of(item: &Item<'_>, expected: &str) -> Prepared {
        let answers = match &item.card.body {
            Body::Numeric {
                prompt,
                value,
                tolerance,
                unit,
            } => numeric(prompt, *value, *tolerance, unit),
            Body::Typed { prompt, answers } => {
                let accepted: Vec<Analysis> = answers.iter().map(|a| Analysis::of(a)).collect();
                let mut context = Context::question(prompt);
                if context.author {
                    context.names = accepted
                        .iter()
                        .map(|a| a.words().map(|w| w.key.clone()).collect())
                        .collect();
                }
                Answers::Text {
                    shown: answers.clone(),
                    accepted,
                    context,
                }
            }
            Body::Cloze { text } => {
                match cloze_answer(text, item.cloze.unwrap_or(1), &item.prompt()) {
                    Some((accepted, context)) => Answers::Text {
                        shown: vec![expected.to_string()],
                        accepted: vec![accepted],
                        context,
                    },
                    None => Answers::Unreadable,
                }
            }
            Body::Basic { .. } | Body::Choice { .. } | Body::TrueFalse { .. } => {
                Answers::Unreadable
            }
        };
        let mut own = Vocabulary::default();
        learn_answers(&mut own, item.card, &mut Keys::default());
        Prepared {
            answers,
            own,
            texts: OnceLock::new(),
        }
    }
}

/// The vocabularies a response is judged with: the built-in names, the
/// grader's decks, the card's answers, and (read when a typo is judged) the
/// card's other texts.
struct Known<'a> {
    grader: &'a Grader<'a>,
    own: &'a Vocabulary,
    texts: &'a OnceLock<Vocabulary>,
    card: &'a Card,
}

/// Sets `verdict` for the typed text `typed` against accepted answers (shown
/// as `shown`, read as `accepted`): right when one fits without a typo, else
/// right with its spelling when one fits but for a typo, else wrong with the
/// difference from the nearest. The response is read as typed and, failing
/// that, [without its remarks](compare::without_remarks).
fn judge(
    verdict: &mut Verdict,
    shown: &[String],
    accepted: &[Analysis],
    typed: &str,
    context: &Context,
    known: &Known<'_>,
) {
    let mut readings = vec![Analysis::of(typed)];
    readings.extend(compare::without_remarks(typed, false).map(|t| Analysis::of(&t)));
    let fits = |known: &[&Vocabulary], typos: bool| {
        readings.iter().find_map(|got| {
            accepted
                .iter()
                .position(|a| compare::text(a, got, context, known, typos).is_some())
        })
    };
    let lexicon = typo::lexicon();
    // Without typos the decks' words matter only to tell an author's given
    // names from another trialist's, so they are read only then.
    let exact = if context.author {
        vec![lexicon, known.grader.vocabulary(), known.own]
    } else {
        vec![lexicon, known.own]
    };
    if fits(&exact, false).is_some() {
        verdict.correct = Some(true);
        return;
    }
    let texts = known.texts.get_or_init(|| {
        let mut texts = Vocabulary::default();
        learn_texts(&mut texts, known.card, &mut Keys::default());
        texts
    });
    if let Some(i) = fits(
        &[lexicon, known.grader.vocabulary(), known.own, texts],
        true,
    ) {
        verdict.correct = Some(true);
        verdict.spelling = shown.get(i).cloned();
        return;
    }
    let closest = shown
        .get(diff::closest(shown, typed))
        .cloned()
        .unwrap_or_default();
    verdict.difference = Some(Difference::Text {
        parts: diff::parts(&closest, typed),
        closest,
    });
}

/// A numeric card's answer read: its `value` (within `tolerance`, in
/// `unit`) for the question `prompt`.
fn numeric(prompt: &str, value: f64, tolerance: f64, unit: &str) -> Answers {
    let unit = card_unit(unit);
    let mut context = Context::question(prompt);
    context.comparison.tolerance = tolerance;
    context.measures_free = true;
    let want = Figure {
        shape: Shape::Value(value),
        unit: match unit {
            CardUnit::Known(u) => Some(u),
            CardUnit::None | CardUnit::Other => None,
        },
        scale: context.comparison.scale,
        name: false,
        p_value: false,
    };
    Answers::Number {
        want,
        unit,
        context,
    }
}

/// The value of a numeric card's expected figure.
fn value_of(want: &Figure) -> f64 {
    match want.shape {
        Shape::Value(x) | Shape::Bound(_, x) | Shape::Range(x, _) => x,
    }
}

/// The unit of a numeric card, as the grader reads it.
fn card_unit(unit: &str) -> CardUnit {
    if unit.trim().is_empty() {
        return CardUnit::None;
    }
    let mut lexemes = answer::lexemes(unit);
    if let Some(first) = lexemes.first_mut() {
        first.token.broken = false;
    }
    match range::unit_at(&lexemes, 0) {
        Some((u, end)) if end == lexemes.len() => CardUnit::Known(u),
        _ => CardUnit::Other,
    }
}

/// The first value a response gives, for the difference shown.
fn first_value(got: &Analysis) -> Option<f64> {
    got.figures().find(|f| !f.name).map(|f| match f.shape {
        Shape::Value(x) | Shape::Bound(_, x) | Shape::Range(x, _) => x,
    })
}

/// The accepted answer of deletion `number` of a cloze card, read gap by
/// gap with the unit and scale beside each gap, and its context: the card's
/// `question` (the text with the deletion blanked) and the comparisons beside
/// the gaps.
fn cloze_answer(text: &str, number: u32, question: &str) -> Option<(Analysis, Context)> {
    /// Marks a gap in the rendered text; no deck text holds it.
    const GAP: char = '\u{E000}';
    let parsed = cloze::parse(text).ok()?;
    let answers = parsed.answers(number);
    let rendered = parsed.render(|d| {
        if d.number == number {
            GAP.to_string()
        } else {
            d.answer.to_string()
        }
    });
    let segments: Vec<&str> = rendered.split(GAP).collect();
    let gaps: Vec<(String, String)> = segments
        .windows(2)
        .map(|w| (w[0].to_string(), w[1].to_string()))
        .collect();
    let (context, beside) = Context::cloze(question, &gaps);
    let parts = answers
        .iter()
        .zip(
            beside
                .iter()
                .chain(std::iter::repeat(&context::Beside::default())),
        )
        .map(|(answer, beside)| {
            let mut a = Analysis::of(answer);
            let figures: Vec<usize> = a
                .pieces
                .iter()
                .enumerate()
                .filter(|(_, p)| matches!(p, answer::Piece::Figure(_)))
                .map(|(i, _)| i)
                .collect();
            if let Some(&last) = figures.last()
                && let answer::Piece::Figure(f) = &mut a.pieces[last]
            {
                f.unit = f.unit.or(beside.unit);
            }
            if let Some(&first) = figures.first()
                && let answer::Piece::Figure(f) = &mut a.pieces[first]
            {
                f.scale = f.scale.or(beside.scale);
            }
            a
        })
        .collect();
    Some((Analysis::concat(parts), context))
}

/// Adds the words of `text` to a vocabulary, and, when it is an answer, the
/// text as a whole and each of its words as names; word keys come from `keys`.
fn learn(vocabulary: &mut Vocabulary, text: &str, answer: bool, keys: &mut Keys) {
    let analysis = Analysis::of_keyed(text, keys);
    for w in analysis.words() {
        vocabulary.insert_word(w.key.clone());
        if answer {
            vocabulary.insert_name(w.raw.chars().filter(|c| c.is_alphanumeric()).collect());
        }
    }
    if answer {
        vocabulary.insert_name(compare::squash(&analysis, &compare::says));
    }
}

/// Adds a card's answers and choices to a vocabulary, as words and names.
fn learn_answers(vocabulary: &mut Vocabulary, card: &Card, keys: &mut Keys) {
    for answer in card.answer_texts() {
        learn(vocabulary, &answer, true, keys);
    }
    if let Body::Choice { choices, .. } = &card.body {
        for choice in choices {
            learn(vocabulary, choice, true, keys);
        }
    }
}

/// Adds a card's question, explanation and note to a vocabulary, as words.
fn learn_texts(vocabulary: &mut Vocabulary, card: &Card, keys: &mut Keys) {
    for text in [Some(card.explanation.as_str()), card.note.as_deref()]
        .into_iter()
        .flatten()
    {
        learn(vocabulary, text, false, keys);
    }
    match &card.body {
        Body::Cloze { text } => {
            let full = cloze::parse(text).map_or_else(|_| text.clone(), |c| c.full_text());
            learn(vocabulary, &full, false, keys);
        }
        body => learn(vocabulary, body.prompt(), false, keys),
    }
}

/// The right answer as the learner should see it.
pub fn expected_answer(item: &Item<'_>) -> String {
    match &item.card.body {
        Body::Basic { back, .. } => back.clone(),
        Body::Choice { answers, .. } => answers.join("; "),
        Body::TrueFalse { answer, .. } => if *answer { "True" } else { "False" }.into(),
        Body::Numeric { value, unit, .. } => {
            if unit.is_empty() || unit == "%" {
                format!("{value}{unit}")
            } else {
                format!("{value} {unit}")
            }
        }
        Body::Typed { answers, .. } => answers.first().cloned().unwrap_or_default(),
        Body::Cloze { text } => cloze::parse(text)
            .map(|c| c.answers(item.cloze.unwrap_or(1)).join("; "))
            .unwrap_or_default(),
    }
}

/// Reads a number the way people type one: `31`, `31.0`, `31 %`, `2,43`,
/// `.6`, `0.6 mg/kg`, `P = 0.002`, `about six`. `None` unless the text holds
/// exactly one plain value (not a range such as `31 or 32`).
pub fn parse_number(text: &str) -> Option<f64> {
    let analysis = Analysis::of(text);
    let figures: Vec<&Figure> = analysis.figures().filter(|f| !f.name).collect();
    match figures.as_slice() {
        [
            Figure {
                shape: Shape::Value(x),
                ..
            },
        ] => Some(*x),
        _ => None,
    }
}

/// Whether a grader would accept `typed` for the accepted answer `expected`,
/// with no question around it and no typo forgiven: by meaning, as
/// [`Grader::grade`] compares (`31` and `31.0 %`, `0 to 3` and `0–3`,
/// `SELECT 2` and `SELECT2`).
pub fn text_matches(expected: &str, typed: &str) -> bool {
    compare::text(
        &Analysis::of(expected),
        &Analysis::of(typed),
        &Context::default(),
        &[],
        false,
    )
    .is_some()
}

/// A question read once, to compare many pairs of texts as a typed card
/// asking it grades them, with no typo forgiven: deck lint compares every
/// answer of a card with every distractor on its question.
pub struct Question(Context);

/// A text read once, to be compared under a [`Question`] with others.
pub struct Phrase(Analysis);

impl Question {
    /// Reads `prompt`, whose words a response may repeat (`PROBE design` for
    /// `PROBE` when it asks for the design's acronym).
    pub fn new(prompt: &str) -> Question {
        Question(Context::question(prompt))
    }

    /// Whether a grader would accept `typed` for the accepted answer
    /// `expected` in answer to this question.
    pub fn accepts(&self, expected: &Phrase, typed: &Phrase) -> bool {
        compare::text(&expected.0, &typed.0, &self.0, &[], false).is_some()
    }
}

impl Phrase {
    /// Reads `text`.
    pub fn new(text: &str) -> Phrase {
        Phrase(Analysis::of(text))
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod keyed_tests;
