//! The summaries a deck's sources point at: its own, and those of the other
//! decks its cards cite (`"source": {"deck": "ID", ...}`), found beside the
//! deck, built in, or installed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Deck, builtin, installed, load_file};
use crate::summary::{self, ParseError, Summary};

/// A summary together with the file it was read from.
#[derive(Debug, Clone)]
pub struct SummaryFile {
    /// Where it was read from, for messages.
    pub path: PathBuf,
    /// Its parsed content.
    pub summary: Summary,
}

/// What a deck's sources are checked against.
#[derive(Debug, Default)]
pub struct Summaries {
    /// The deck's own summary; without it, sources in the deck's own summary
    /// are not checked.
    pub own: Option<SummaryFile>,
    /// For each other deck a card cites, its summary or why there is none.
    /// A cited deck missing here counts as [`CitedError::NotFound`].
    pub cited: BTreeMap<String, Result<Summary, CitedError>>,
}

/// Why a summary file gives no summary to check against.
#[derive(Debug, thiserror::Error)]
pub enum SummaryError {
    /// The file cannot be read.
    #[error("cannot be read: {0}")]
    Unreadable(#[from] std::io::Error),
    /// The text holds no section of a trial summary.
    #[error("is not a trial summary (at {0})")]
    NotASummary(#[from] ParseError),
}

/// Reads and parses the trial summary at `path`.
pub fn read_summary(path: &Path) -> Result<Summary, SummaryError> {
    let text = std::fs::read_to_string(path)?;
    Ok(summary::parse(&text)?.summary)
}

/// Why the summary of a cited deck cannot be checked against.
#[derive(Debug, thiserror::Error)]
pub enum CitedError {
    /// No deck of that id beside the deck, built in or installed.
    #[error("source names deck `{0}`, which is neither beside this deck nor built in")]
    NotFound(String),
    /// The deck file was found but does not load.
    #[error(
        "source names deck `{id}`, but {} does not load ({first}); lint it first",
        path.display()
    )]
    DoesNotLoad {
        /// The cited id.
        id: String,
        /// The deck file.
        path: PathBuf,
        /// Its first problem, with line and column.
        first: String,
    },
    /// The file named after the id holds another deck.
    #[error("source names deck `{id}`, but {} holds deck `{found}`", path.display())]
    WrongId {
        /// The cited id.
        id: String,
        /// The deck file.
        path: PathBuf,
        /// The id written in it.
        found: String,
    },
    /// The cited deck has no `summary` key.
    #[error(
        "source names deck `{id}` ({}), which names no summary to check the bullet against",
        path.display()
    )]
    NoSummary {
        /// The cited id.
        id: String,
        /// The deck file.
        path: PathBuf,
    },
    /// The cited deck's summary file gives no summary.
    #[error("source names deck `{id}`, whose summary {} {error}", path.display())]
    Summary {
        /// The cited id.
        id: String,
        /// The summary file.
        path: PathBuf,
        /// What is wrong with it.
        error: SummaryError,
    },
}

/// The summary of every other deck a card of `deck` cites. `folder` is the
/// folder of the deck file (where `ID.json` is looked for first); `home` is
/// the store whose installed decks are looked in last.
pub fn cited(
    deck: &Deck,
    folder: &Path,
    home: &Path,
) -> BTreeMap<String, Result<Summary, CitedError>> {
    let mut out = BTreeMap::new();
    for card in &deck.cards {
        for id in card.sources().filter_map(|s| s.other_deck(&deck.id)) {
            if !out.contains_key(id) {
                out.insert(id.to_string(), find(id, folder, home));
            }
        }
    }
    out
}

/// The summary of deck `id`: beside the deck, else built in, else installed.
fn find(id: &str, folder: &Path, home: &Path) -> Result<Summary, CitedError> {
    let beside = folder.join(format!("{id}.json"));
    if beside.is_file() {
        return from_file(id, &beside);
    }
    if let Some(b) = builtin::find(id) {
        let Some(text) = b.summary else {
            return Err(CitedError::NoSummary {
                id: id.to_string(),
                path: PathBuf::from(format!("built-in deck {id}")),
            });
        };
        // The test suite checks that every built-in summary parses.
        return summary::parse(text)
            .map(|parsed| parsed.summary)
            .map_err(|e| CitedError::Summary {
                id: id.to_string(),
                path: PathBuf::from(format!("{id}.summary.md (built in)")),
                error: e.into(),
            });
    }
    match installed::find(home, id) {
        Ok(Some(found)) => summary_of(id, &found.deck, &found.path),
        Ok(None) => Err(CitedError::NotFound(id.to_string())),
        Err(e) => Err(does_not_load(id, &e)),
    }
}

/// The summary named by the deck file at `path`, which should hold deck `id`.
fn from_file(id: &str, path: &Path) -> Result<Summary, CitedError> {
    let deck = load_file(path).map_err(|e| does_not_load(id, &e))?;
    if deck.id != id {
        return Err(CitedError::WrongId {
            id: id.to_string(),
            path: path.to_path_buf(),
            found: deck.id,
        });
    }
    summary_of(id, &deck, path)
}

/// The summary `deck` (read from `path`) names, read from beside it.
fn summary_of(id: &str, deck: &Deck, path: &Path) -> Result<Summary, CitedError> {
    let Some(name) = &deck.summary else {
        return Err(CitedError::NoSummary {
            id: id.to_string(),
            path: path.to_path_buf(),
        });
    };
    // Loading has checked that the name is a plain file name.
    let summary_path = path.parent().unwrap_or(Path::new(".")).join(name);
    read_summary(&summary_path).map_err(|error| CitedError::Summary {
        id: id.to_string(),
        path: summary_path,
        error,
    })
}

fn does_not_load(id: &str, e: &super::LoadError) -> CitedError {
    let first = e.problems.first().map_or_else(String::new, |p| {
        format!(
            "line {}, column {}: {}",
            p.position.line, p.position.column, p.message
        )
    });
    CitedError::DoesNotLoad {
        id: id.to_string(),
        path: e.path.clone(),
        first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;

    /// A deck `id` whose one card cites bullet 1 of Major Points of each of `cited`.
    fn citing(id: &str, cited: &[&str]) -> Deck {
        let sources: Vec<String> = cited
            .iter()
            .map(|d| format!(r#"{{"deck": "{d}", "section": "Major Points", "bullet": 1}}"#))
            .collect();
        let (first, also) = sources.split_first().unwrap();
        parse(&format!(
            r#"{{"format": 1, "id": "{id}", "title": "T", "cards": [
              {{"id": "c", "kind": "truefalse", "tags": ["t"], "explanation": "e",
                "source": {first}, "also": [{}], "prompt": "p", "answer": true}}]}}"#,
            also.join(", ")
        ))
        .unwrap()
    }

    fn write_deck(dir: &Path, file: &str, id: &str, summary: Option<&str>) {
        let summary = summary.map_or(String::new(), |s| format!(r#""summary": "{s}","#));
        std::fs::write(
            dir.join(file),
            format!(
                r#"{{"format": 1, "id": "{id}", "title": "T", {summary} "cards": [
                  {{"id": "x", "kind": "truefalse", "tags": ["t"], "explanation": "e",
                    "source": {{"section": "Major Points", "bullet": 1}}, "prompt": "p", "answer": true}}]}}"#
            ),
        )
        .unwrap();
    }

    #[test]
    fn a_cited_deck_is_found_beside_then_built_in_then_installed() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        write_deck(dir.path(), "beside.json", "beside", Some("beside.md"));
        std::fs::write(
            dir.path().join("beside.md"),
            "## Major Points\n- beside 1\n",
        )
        .unwrap();
        let store = installed::folder(&home);
        std::fs::create_dir_all(&store).unwrap();
        write_deck(&store, "mine.json", "mine", Some("mine.md"));
        std::fs::write(store.join("mine.md"), "## Major Points\n- installed 2\n").unwrap();
        let deck = citing("d", &["beside", "rescue-japan-limit", "mine", "d"]);
        let found = cited(&deck, dir.path(), &home);
        let first = |id: &str| {
            found[id]
                .as_ref()
                .unwrap()
                .bullet("Major Points", 1)
                .unwrap()
                .text
                .clone()
        };
        assert_eq!(first("beside"), "beside 1");
        assert!(first("rescue-japan-limit").contains("first positive randomised trial"));
        assert_eq!(first("mine"), "installed 2");
        assert!(
            !found.contains_key("d"),
            "the deck's own id is its own summary"
        );
    }

    #[test]
    fn each_way_of_not_finding_a_summary_says_which() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        write_deck(dir.path(), "nosum.json", "nosum", None);
        write_deck(dir.path(), "gone.json", "gone", Some("gone.md"));
        write_deck(dir.path(), "other.json", "not-other", Some("x.md"));
        std::fs::write(dir.path().join("broken.json"), "{").unwrap();
        let deck = citing("d", &["missing", "nosum", "gone", "other", "broken"]);
        let found = cited(&deck, dir.path(), &home);
        let message = |id: &str| found[id].as_ref().unwrap_err().to_string();
        assert_eq!(
            message("missing"),
            "source names deck `missing`, which is neither beside this deck nor built in"
        );
        assert!(
            message("nosum").contains("names no summary"),
            "{}",
            message("nosum")
        );
        assert!(
            message("gone").contains("gone.md cannot be read"),
            "{}",
            message("gone")
        );
        assert!(
            message("other").contains("holds deck `not-other`"),
            "{}",
            message("other")
        );
        assert!(
            message("broken").contains("does not load (line 1, column 1:"),
            "{}",
            message("broken")
        );
    }
}
