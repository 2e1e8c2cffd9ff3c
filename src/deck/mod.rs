//! Decks of questions about one trial: the model, loading with positions,
//! lint, cloze expansion, the decks built into the binary and choosing
//! decks by id, collection and tag.
//!
//! A deck file holds authored [`Card`]s. Studying works on [`Item`]s: one per
//! card, except a cloze card, which yields one item per deletion number.

pub mod builtin;
pub mod cache;
pub mod cloze;
pub mod export;
mod file;
pub mod html;
pub mod import;
pub mod index;
pub mod installed;
pub mod lint;
mod load;
pub mod select;
pub mod sources;
pub mod starter;

use std::borrow::Cow;
use std::cell::Cell;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use file::{DeckFile, schema_json};
pub use load::{LoadError, Problem, load_bytes, load_file, parse};
pub(crate) use load::{check_deck_id, check_summary_name};

/// The deck format version this build reads and writes.
pub const FORMAT: u32 = 1;

/// A deck: a titled list of cards about one trial.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    /// Stable identifier; scheduling history is keyed by it.
    pub id: String,
    /// Human title shown in lists.
    pub title: String,
    /// The group of decks it belongs to, such as `stroke/large-core`.
    pub collection: Option<String>,
    /// File name of the trial summary the deck was built from, beside the deck.
    pub summary: Option<String>,
    /// The cards in authored order.
    pub cards: Vec<Card>,
}

/// One authored card, as written in the deck file.
///
/// The loader rejects keys that are not the common ones or its kind's, so
/// the schema does too (`unevaluatedProperties` sees the kind's properties).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("unevaluatedProperties" = false))]
pub struct Card {
    /// Stable identifier, unique within the deck.
    pub id: String,
    /// Topics, such as `design` or `safety`.
    pub tags: Vec<String>,
    /// Shown after answering: why the answer is right.
    pub explanation: String,
    /// Where in the trial summary the fact comes from.
    pub source: Source,
    /// Further bullets the card also draws on, such as the other trial's
    /// bullet in a card comparing two trials.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Source>,
    /// Errata: where the source summary was wrong, what it said and what is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What is asked and how it is answered.
    #[serde(flatten)]
    pub body: Body,
    /// Where the card starts in its file (1-based line and column).
    #[serde(skip)]
    pub position: Position,
}

/// The question part of a card, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Body {
    /// A flashcard: front shown, back revealed, self-rated.
    Basic {
        /// The question side.
        front: String,
        /// The answer side.
        back: String,
    },
    /// Pick the right option (or all right options); options are shuffled.
    Choice {
        /// The question.
        prompt: String,
        /// Every option shown.
        choices: Vec<String>,
        /// The correct options, each equal to one of `choices`.
        answers: Vec<String>,
    },
    /// Decide whether a statement is true.
    #[serde(rename = "truefalse")]
    TrueFalse {
        /// The statement.
        prompt: String,
        /// Whether it is true.
        answer: bool,
    },
    /// Give a number, within a tolerance.
    Numeric {
        /// The question.
        prompt: String,
        /// The right value.
        value: f64,
        /// How far an answer may be from `value` and still count.
        tolerance: f64,
        /// The unit the value is in, empty for unitless values.
        #[serde(default)]
        unit: String,
    },
    /// Fill in the blanks marked `{{c1::answer}}`, one item per number.
    Cloze {
        /// Text with deletions.
        text: String,
    },
    /// Type a short answer.
    Typed {
        /// The question.
        prompt: String,
        /// Every accepted answer.
        answers: Vec<String>,
    },
}

impl Body {
    /// The question text (cloze: the full text).
    pub fn prompt(&self) -> &str {
        match self {
            Body::Basic { front, .. } => front,
            Body::Choice { prompt, .. }
            | Body::TrueFalse { prompt, .. }
            | Body::Numeric { prompt, .. }
            | Body::Typed { prompt, .. } => prompt,
            Body::Cloze { text } => text,
        }
    }

    /// The question text, to change it (cloze: the full text).
    pub fn prompt_mut(&mut self) -> &mut String {
        match self {
            Body::Basic { front, .. } => front,
            Body::Choice { prompt, .. }
            | Body::TrueFalse { prompt, .. }
            | Body::Numeric { prompt, .. }
            | Body::Typed { prompt, .. } => prompt,
            Body::Cloze { text } => text,
        }
    }

    /// The kind name as written in deck files.
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Basic { .. } => "basic",
            Body::Choice { .. } => "choice",
            Body::TrueFalse { .. } => "truefalse",
            Body::Numeric { .. } => "numeric",
            Body::Cloze { .. } => "cloze",
            Body::Typed { .. } => "typed",
        }
    }
}

/// The place in a trial summary a card was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Section heading, such as `Major Points`.
    pub section: String,
    /// 1-based bullet number within the section.
    #[schemars(range(min = 1))]
    pub bullet: u32,
    /// The id of the deck whose summary holds the bullet; without it, the
    /// card's own deck.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]{0,63}$"))]
    pub deck: Option<String>,
    /// The quoted line, when the deck builder recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// Turns byte offsets of a text into line and column, each lookup reading at
/// most two strides of the text, so positions cost time linear in its length
/// whatever its layout (a whole deck on one line included).
///
/// The text is indexed in one sweep: where each line starts, and how many
/// characters come before every [`STRIDE`]-th byte. Characters are counted as
/// the bytes that start one in UTF-8, so the index works on bytes that are
/// not valid UTF-8 too.
pub struct LineIndex<'t> {
    bytes: &'t [u8],
    starts: Vec<usize>,
    marks: Vec<usize>,
    scanned: Cell<usize>,
}

/// How many bytes apart [`LineIndex`] records a character count.
pub const STRIDE: usize = 128;

/// Whether `byte` starts a character in UTF-8 (is not a continuation byte).
fn starts_char(byte: u8) -> bool {
    byte & 0xC0 != 0x80
}

impl<'t> LineIndex<'t> {
    /// Indexes `text`.
    pub fn new(text: &'t str) -> LineIndex<'t> {
        LineIndex::from_bytes(text.as_bytes())
    }

    /// Indexes bytes that may not be valid UTF-8.
    pub fn from_bytes(bytes: &'t [u8]) -> LineIndex<'t> {
        let mut starts = vec![0];
        // A mark at every stride's start, and one after the last byte.
        let mut marks = Vec::with_capacity(bytes.len().div_ceil(STRIDE) + 1);
        let mut chars = 0;
        for (i, &byte) in bytes.iter().enumerate() {
            if i % STRIDE == 0 {
                marks.push(chars);
            }
            chars += usize::from(starts_char(byte));
            if byte == b'\n' {
                starts.push(i + 1);
            }
        }
        marks.push(chars);
        LineIndex {
            bytes,
            starts,
            marks,
            scanned: Cell::new(bytes.len()),
        }
    }

    /// The position of byte `offset` (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.bytes.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        // Within a stride of the line's start, counting from it reads least.
        let column = if offset - start <= STRIDE {
            self.count(start, offset)
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        Position {
            line,
            column: column + 1,
        }
    }

    /// Bytes read so far, indexing included: the text's length plus at most
    /// two strides a lookup. Tests check loading's cost with it.
    pub fn scanned(&self) -> usize {
        self.scanned.get()
    }

    /// Characters before byte `offset`: the count at the stride mark at or
    /// before it, plus those between the mark and `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let mark = offset / STRIDE;
        self.marks[mark] + self.count(mark * STRIDE, offset)
    }

    /// Characters that start in bytes `from..to`.
    fn count(&self, from: usize, to: usize) -> usize {
        self.scanned.set(self.scanned.get() + to - from);
        self.bytes[from..to]
            .iter()
            .filter(|&&b| starts_char(b))
            .count()
    }
}

/// One studyable question: a card, or one deletion number of a cloze card.
#[derive(Debug, Clone, Copy)]
pub struct Item<'d> {
    /// The card the item comes from.
    pub card: &'d Card,
    /// For cloze cards, which deletion number is asked.
    pub cloze: Option<u32>,
}

impl<'d> Item<'d> {
    /// The item's key within its deck: the card id (borrowed, as most items
    /// are whole cards), with `:cN` for a cloze deletion.
    pub fn key(&self) -> Cow<'d, str> {
        match self.cloze {
            Some(n) => Cow::Owned(format!("{}:c{n}", self.card.id)),
            None => Cow::Borrowed(&self.card.id),
        }
    }

    /// The question as the learner sees it: for a cloze item, the text with
    /// its own deletion blanked and the others shown.
    pub fn prompt(&self) -> String {
        match (&self.card.body, self.cloze) {
            (Body::Cloze { text }, Some(n)) => {
                cloze::parse(text).map_or_else(|_| text.clone(), |c| c.question(n))
            }
            _ => self.card.prompt().to_string(),
        }
    }

    /// Whether the program grades the answer (all kinds but basic).
    pub fn is_auto_graded(&self) -> bool {
        !matches!(self.card.body, Body::Basic { .. })
    }
}

impl Deck {
    /// Every studyable item, in authored order.
    ///
    /// Loading guarantees cloze text is well formed, so malformed cloze text
    /// (possible only in a deck built in code) yields no items.
    pub fn items(&self) -> Vec<Item<'_>> {
        let mut items = Vec::with_capacity(self.cards.len());
        for card in &self.cards {
            match &card.body {
                Body::Cloze { text } => {
                    let numbers = cloze::parse(text).map(|c| c.numbers()).unwrap_or_default();
                    items.extend(numbers.into_iter().map(|n| Item {
                        card,
                        cloze: Some(n),
                    }));
                }
                _ => items.push(Item { card, cloze: None }),
            }
        }
        items
    }

    /// Every tag used, sorted and without repeats.
    pub fn tags(&self) -> Vec<&str> {
        let mut tags: Vec<&str> = self
            .cards
            .iter()
            .flat_map(|c| c.tags.iter().map(String::as_str))
            .collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }
}

impl Source {
    /// The id of the deck this source names, when it is not `own` (the id of
    /// the card's deck): `None` means the bullet is in the deck's own summary.
    pub fn other_deck<'s>(&'s self, own: &str) -> Option<&'s str> {
        self.deck.as_deref().filter(|d| *d != own)
    }
}

impl Card {
    /// Every bullet the card cites: its `source`, then each of `also`.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        std::iter::once(&self.source).chain(&self.also)
    }

    /// The question text, for display and duplicate checks (cloze: the full text).
    pub fn prompt(&self) -> &str {
        self.body.prompt()
    }

    /// What the learner must produce or pick: the texts that "ask for" a fact.
    /// True/false cards ask for no figure, so they have none.
    pub fn answer_texts(&self) -> Vec<String> {
        match &self.body {
            Body::Basic { back, .. } => vec![back.clone()],
            Body::Choice { answers, .. } | Body::Typed { answers, .. } => answers.clone(),
            Body::TrueFalse { .. } => Vec::new(),
            Body::Numeric { value, .. } => vec![value.to_string()],
            Body::Cloze { text } => cloze::parse(text)
                .map(|c| c.deletions().map(|d| d.answer.to_string()).collect())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Line and column by counting from the text's start.
    fn naive(text: &str, offset: usize) -> Position {
        let before = &text.as_bytes()[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        Position {
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column: before[line_start..]
                .iter()
                .filter(|&&b| starts_char(b))
                .count()
                + 1,
        }
    }

    proptest! {
        #[test]
        fn positions_match_counting_from_the_start(
            text in "(\\PC{0,300}\n?){0,8}",
            picks in proptest::collection::vec(any::<proptest::sample::Index>(), 1..20),
        ) {
            let lines = LineIndex::new(&text);
            for pick in picks {
                let offset = pick.index(text.len() + 1);
                prop_assert_eq!(lines.position(offset), naive(&text, offset), "offset {}", offset);
            }
        }
    }

    #[test]
    fn positions_past_strides_and_in_bytes_count_characters() {
        let text = format!("{}\n{}x", "é".repeat(STRIDE), "ü".repeat(3 * STRIDE));
        let lines = LineIndex::new(&text);
        let x = text.len() - 1;
        assert_eq!(
            lines.position(x),
            Position {
                line: 2,
                column: 3 * STRIDE + 1
            }
        );
        assert_eq!(
            lines.position(usize::MAX),
            Position {
                line: 2,
                column: 3 * STRIDE + 2
            }
        );
        let bytes = [b'a', 0xFF, b'\n', 0xC3, 0xA9, b'b'];
        assert_eq!(
            LineIndex::from_bytes(&bytes).position(5),
            Position { line: 2, column: 2 }
        );
    }

    #[test]
    fn a_cloze_card_yields_one_item_per_deletion_each_with_its_own_blank() {
        let deck = parse(
            r#"{"format": 1, "id": "d", "title": "D", "cards": [
                {"id": "c", "kind": "cloze", "tags": ["t"], "explanation": "e",
                 "source": {"section": "S", "bullet": 1},
                 "text": "mRS {{c1::0-3}} at {{c2::90}} days"}]}"#,
        )
        .unwrap();
        let items = deck.items();
        let shown: Vec<(String, String)> = items
            .iter()
            .map(|i| (i.key().into_owned(), i.prompt()))
            .collect();
        assert_eq!(
            shown,
            [
                ("c:c1".to_string(), "mRS [...] at 90 days".to_string()),
                ("c:c2".to_string(), "mRS 0-3 at [...] days".to_string()),
            ]
        );
    }
}
