//! Importing flashcards from other tools into a deck: Anki-style TSV/CSV text
//! ([`anki`]) and `Q:`/`A:`/`C:` Markdown cards ([`markdown`]).
//!
//! Card ids are derived from the card's question text, so importing the same
//! file again gives the same ids and keeps the study history.

pub mod anki;
pub mod markdown;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{Body, Card, Deck, Position, Problem, Source};

/// The section name imported cards give as their source.
pub const IMPORTED: &str = "Imported";

/// The input formats.
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

/// Imports `text` in `format`; `name` (the file stem) titles the deck unless
/// the file names its deck. `progress` is told how many bytes are done.
pub fn import(
    text: &str,
    format: Format,
    name: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<Deck, Vec<Problem>> {
    let notes = match format {
        Format::Anki => anki::parse(text, progress)?,
        Format::Markdown => markdown::parse(text)?,
    };
    let title = notes.title.clone().unwrap_or_else(|| name.to_string());
    Ok(assemble(&title, notes.notes))
}

/// What an importer read: an optional deck title and the notes in order.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// A title the file gives itself (`#deck:` header or `# Title`).
    pub title: Option<String>,
    /// The notes.
    pub notes: Vec<Note>,
}

/// One imported note, before it becomes a card.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Where the note starts.
    pub position: Position,
    /// The card body.
    pub body: Body,
    /// The explanation, when the file gives one.
    pub explanation: Option<String>,
    /// Tags as given.
    pub tags: Vec<String>,
}

/// Turns notes into a deck with stable ids.
fn assemble(title: &str, notes: Vec<Note>) -> Deck {
    let mut ids = HashSet::new();
    // The next suffix to try for each base, so many notes with the same
    // question take linear time, not quadratic.
    let mut next: HashMap<String, u32> = HashMap::new();
    let cards = notes
        .into_iter()
        .map(|note| {
            let base = format!("c-{:016x}", fnv1a(note_key(&note.body).as_bytes()));
            let mut id = base.clone();
            let n = next.entry(base.clone()).or_insert(2);
            while !ids.insert(id.clone()) {
                id = format!("{base}-{n}");
                *n += 1;
            }
            let explanation = note
                .explanation
                .filter(|e| !e.trim().is_empty())
                .unwrap_or_else(|| default_explanation(&note.body));
            let tags = if note.tags.is_empty() {
                vec!["imported".to_string()]
            } else {
                note.tags
            };
            Card {
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
            }
        })
        .collect();
    Deck {
        id: crate::author::generate::deck_id(title),
        title: title.to_string(),
        collection: None,
        summary: None,
        cards,
    }
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
fn fnv1a(bytes: &[u8]) -> u64 {
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
        let a = import(text, Format::Anki, "x", &mut |_| {}).unwrap();
        let b = import(text, Format::Anki, "x", &mut |_| {}).unwrap();
        let ids = |d: &Deck| d.cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(
            ids(&a).iter().collect::<HashSet<_>>().len(),
            3,
            "ids must be unique"
        );
        let edited = text.replace("back two", "changed");
        assert_eq!(
            ids(&import(&edited, Format::Anki, "x", &mut |_| {}).unwrap())[1],
            ids(&a)[1]
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
