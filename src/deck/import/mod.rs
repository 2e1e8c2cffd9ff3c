//! Importing flashcards from other tools into decks: Anki-style TSV/CSV text
//! ([`anki`]), `Q:`/`A:`/`C:` Markdown cards ([`markdown`]) and Anki
//! packages ([`apkg`]: `.apkg`, `.colpkg`, `collection.anki2`).
//!
//! Card ids are stable across imports of the same file: taken from a
//! trialdrill guid, derived from an Anki guid or note id and card ordinal,
//! else from the card's question text; so a re-import keeps the history.

pub mod anki;
pub mod apkg;
pub mod collection;
pub mod history;
pub mod markdown;
pub mod notetype;
pub mod package;
pub mod protobuf;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{Body, Card, Deck, Position, Problem, Source};
use notetype::Stock;

/// The section name imported cards give as their source.
pub const IMPORTED: &str = "Imported";

/// The input formats of text files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Anki-style delimited text.
    Anki,
    /// `Q:`/`A:`/`C:` Markdown cards.
    Markdown,
}

impl Format {
    /// The format a file's name and text suggest: `.md`/`.markdown`, or text
    /// whose first card line starts with `Q:` or `C:`, is Markdown.
    pub fn guess(path: &Path, text: &str) -> Format {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        if matches!(ext.as_deref(), Some("md" | "markdown")) {
            return Format::Markdown;
        }
        if matches!(ext.as_deref(), Some("tsv" | "csv" | "txt")) {
            return Format::Anki;
        }
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        if first.is_some_and(|l| l.starts_with("Q:") || l.starts_with("C:")) {
            Format::Markdown
        } else {
            Format::Anki
        }
    }
}

/// What an import made: the decks, and what the user should hear about.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// One deck per deck named in the input, in the order first met.
    pub decks: Vec<Deck>,
    /// How many cards refer to images, sounds or videos (kept as markers).
    pub media_cards: usize,
    /// Notes imported in a lesser form, and why.
    pub warnings: Vec<String>,
}

/// Imports `text` in `format`; `name` (the file stem) titles the deck unless
/// the file names its deck. `progress` is told how many bytes are done.
pub fn import(
    text: &str,
    format: Format,
    name: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<Imported, Vec<Problem>> {
    let notes = match format {
        Format::Anki => anki::parse(text, progress)?,
        Format::Markdown => markdown::parse(text)?,
    };
    let title = notes.title.clone().unwrap_or_else(|| name.to_string());
    let media_cards = notes.notes.iter().filter(|n| n.media > 0).count();
    Ok(Imported {
        decks: assemble(&title, notes.notes),
        media_cards,
        warnings: notes.warnings,
    })
}

/// What an importer read: an optional deck title and the notes in order.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// A title the file gives itself (`#deck:` header or `# Title`).
    pub title: Option<String>,
    /// The notes.
    pub notes: Vec<Note>,
    /// Notes read in a lesser form, and why.
    pub warnings: Vec<String>,
}

/// One imported note, before it becomes a card.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Note {
    /// Where the note starts.
    pub position: Position,
    /// The card body.
    pub body: Body,
    /// The explanation, when the file gives one.
    pub explanation: Option<String>,
    /// Tags as given.
    pub tags: Vec<String>,
    /// The card id the input gives or implies, else one is derived from the question.
    pub id: Option<String>,
    /// The title of the deck the note belongs to, when the input names one per note.
    pub deck: Option<String>,
    /// The trialdrill deck id the input's guid names, if any.
    pub deck_id: Option<String>,
    /// How many images, sounds or videos its text refers to.
    pub media: usize,
}

impl Default for Body {
    fn default() -> Body {
        Body::Basic {
            front: String::new(),
            back: String::new(),
        }
    }
}

/// The body of card `ord` of a note of stock notetype `stock` (not cloze)
/// with plain-text `fields`: the forward card is 0, the reverse card 1.
/// `None` for an ordinal the notetype does not make.
pub fn stock_body(stock: Option<Stock>, fields: &[String], ord: i64) -> Option<Body> {
    let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
    let (front, back) = match (stock, ord) {
        (Some(Stock::Typing), 0) if !field(1).trim().is_empty() => {
            return Some(Body::Typed {
                prompt: field(0),
                answers: vec![field(1)],
            });
        }
        (Some(Stock::Reversed | Stock::OptionalReversed), 1) => (field(1), field(0)),
        (_, 0) => (field(0), field(1)),
        _ => return None,
    };
    Some(Body::Basic { front, back })
}

/// Turns notes into decks with stable ids: one deck per deck title, notes
/// without one in a deck titled `title`.
fn assemble(title: &str, notes: Vec<Note>) -> Vec<Deck> {
    let mut decks: Vec<(Option<String>, Deck)> = Vec::new();
    let mut slot: HashMap<String, usize> = HashMap::new();
    let mut ids = Unique::default();
    for note in notes {
        let deck_title = note.deck.clone().unwrap_or_else(|| title.to_string());
        let at = *slot.entry(deck_title.clone()).or_insert_with(|| {
            decks.push((
                None,
                Deck {
                    id: String::new(),
                    title: deck_title,
                    collection: None,
                    summary: None,
                    cards: Vec::new(),
                },
            ));
            decks.len() - 1
        });
        // The first deck id a note's guid names is the deck's.
        if decks[at].0.is_none() {
            decks[at].0.clone_from(&note.deck_id);
        }
        let base = note
            .id
            .clone()
            .unwrap_or_else(|| format!("c-{:016x}", fnv1a(note_key(&note.body).as_bytes())));
        let id = ids.take(&base, |n| format!("{base}-{n}"));
        let explanation = note
            .explanation
            .filter(|e| !e.trim().is_empty())
            .unwrap_or_else(|| default_explanation(&note.body));
        let tags = if note.tags.is_empty() {
            vec!["imported".to_string()]
        } else {
            note.tags
        };
        decks[at].1.cards.push(Card {
            id,
            tags,
            explanation,
            source: Source {
                section: IMPORTED.into(),
                bullet: u32::try_from(note.position.line).unwrap_or(u32::MAX).max(1),
                deck: None,
                quote: None,
            },
            also: Vec::new(),
            note: None,
            body: note.body,
            position: note.position,
        });
    }
    let mut deck_ids = Unique::default();
    decks
        .into_iter()
        .map(|(given, mut deck)| {
            let base = given
                .filter(|id| crate::deck::check_deck_id(id).is_ok())
                .unwrap_or_else(|| crate::author::generate::deck_id(&deck.title));
            deck.id = deck_ids.take(&base, |n| {
                let suffix = format!("-{n}");
                let keep = base.len().min(64 - suffix.len());
                format!("{}{suffix}", base[..keep].trim_end_matches('-'))
            });
            deck
        })
        .collect()
}

/// Hands out ids unique among those handed out: a taken one gets the next
/// free `-N` suffix, counted per base so that many repeats stay linear.
#[derive(Default)]
struct Unique {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Unique {
    fn take(&mut self, base: &str, numbered: impl Fn(usize) -> String) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(2);
        loop {
            let candidate = numbered(*n);
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Counts by name, in the order first met, in time linear in the names.
#[derive(Debug, Default)]
pub struct Tally {
    order: Vec<(String, usize)>,
    slot: HashMap<String, usize>,
}

impl Tally {
    /// Counts one more `name`.
    pub fn add(&mut self, name: &str) {
        match self.slot.get(name) {
            Some(&at) => self.order[at].1 += 1,
            None => {
                self.slot.insert(name.to_string(), self.order.len());
                self.order.push((name.to_string(), 1));
            }
        }
    }

    /// The names and their counts, in the order first met.
    pub fn into_counts(self) -> Vec<(String, usize)> {
        self.order
    }
}

/// The warning for notes of a notetype imported as basic cards.
pub fn unknown_notetype(name: &str, notes: usize) -> String {
    format!(
        "notetype `{name}` is not one trialdrill knows: its {notes} note{} became basic cards from the first two fields",
        if notes == 1 { "" } else { "s" }
    )
}

/// The text an id is derived from: the question, so editing an answer keeps
/// the card's id and history.
fn note_key(body: &Body) -> String {
    match body {
        Body::Cloze { text } => text.clone(),
        _ => format!("{}\u{1f}{}", body.kind(), prompt_of(body)),
    }
}

fn prompt_of(body: &Body) -> &str {
    match body {
        Body::Basic { front, .. } => front,
        Body::Choice { prompt, .. }
        | Body::TrueFalse { prompt, .. }
        | Body::Numeric { prompt, .. }
        | Body::Typed { prompt, .. } => prompt,
        Body::Cloze { text } => text,
    }
}

/// An explanation for a note that has none: its answer, which is what Anki
/// shows after answering too.
fn default_explanation(body: &Body) -> String {
    match body {
        Body::Basic { back, .. } if !back.trim().is_empty() => back.clone(),
        Body::Cloze { text } => super::cloze::parse(text)
            .map(|c| c.full_text())
            .unwrap_or_else(|_| text.clone()),
        _ => "Imported card.".into(),
    }
}

/// FNV-1a, 64-bit: a fixed hash, so ids do not change between builds (the
/// standard library's hasher makes no such promise).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn importing_the_same_file_twice_gives_the_same_ids() {
        let text =
            "#separator:tab\nfront one\tback one\nfront two\tback two\nfront one\tdifferent\n";
        let a = import(text, Format::Anki, "x", &mut |_| {})
            .unwrap()
            .decks
            .remove(0);
        let b = import(text, Format::Anki, "x", &mut |_| {})
            .unwrap()
            .decks
            .remove(0);
        let ids = |d: &Deck| d.cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(
            ids(&a).iter().collect::<HashSet<_>>().len(),
            3,
            "ids must be unique"
        );
        let edited = text.replace("back two", "changed");
        assert_eq!(
            ids(&import(&edited, Format::Anki, "x", &mut |_| {})
                .unwrap()
                .decks[0])[1],
            ids(&a)[1]
        );
    }

    #[test]
    fn many_repeats_get_numbered_ids_in_linear_time() {
        let text = "same\tback\n".repeat(20_000);
        let started = std::time::Instant::now();
        let deck = import(&text, Format::Anki, "x", &mut |_| {})
            .unwrap()
            .decks
            .remove(0);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(deck.cards.len(), 20_000);
        assert!(
            deck.cards[19_999].id.ends_with("-20000"),
            "{}",
            deck.cards[19_999].id
        );
    }

    #[test]
    fn the_format_is_guessed_from_the_name_then_the_text() {
        assert_eq!(Format::guess(Path::new("a.md"), ""), Format::Markdown);
        assert_eq!(Format::guess(Path::new("a.csv"), "Q: x"), Format::Anki);
        assert_eq!(
            Format::guess(Path::new("cards"), "# T\n\nQ: x\nA: y"),
            Format::Markdown
        );
        assert_eq!(Format::guess(Path::new("cards"), "a\tb"), Format::Anki);
    }
}
