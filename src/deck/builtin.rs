//! Decks compiled into the binary, so `study` works from any directory.

use super::{Deck, parse};

/// A deck shipped with the program: its JSON and the summary it was built from.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// The deck id.
    pub id: &'static str,
    /// The deck file's text.
    pub json: &'static str,
    /// The trial summary's text; a comparison deck, whose cards cite other
    /// decks' summaries, may have none.
    pub summary: Option<&'static str>,
}

/// Every built-in deck: each `decks/ID.json` of the source tree, in id order
/// (the list is written by `build.rs`).
pub const BUILTINS: &[Builtin] = include!(concat!(env!("OUT_DIR"), "/builtin_decks.rs"));

impl Builtin {
    /// Parses the embedded deck. The test suite lints every built-in deck, so a
    /// failure here means the binary was built from a broken deck file.
    pub fn deck(&self) -> Result<Deck, String> {
        parse(self.json).map_err(|problems| {
            let first = problems.first().map_or(String::new(), |p| {
                format!(
                    " (line {}, column {}: {})",
                    p.position.line, p.position.column, p.message
                )
            });
            format!("built-in deck `{}` is invalid{first}", self.id)
        })
    }
}

/// The built-in deck with this id.
pub fn find(id: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::lint::lint;
    use crate::deck::sources::{self, Summaries, SummaryFile};

    #[test]
    fn every_built_in_deck_lints_clean_against_the_summaries_it_cites() {
        let nowhere = std::path::Path::new("/nonexistent-trialdrill-folder");
        for b in BUILTINS {
            let deck = b.deck().unwrap();
            let summaries = Summaries {
                own: b.summary.map(|text| SummaryFile {
                    path: format!("{}.summary.md", b.id).into(),
                    summary: crate::summary::parse(text).unwrap().summary,
                }),
                cited: sources::cited(&deck, nowhere, nowhere),
            };
            let findings = lint(&deck, std::path::Path::new(b.id), &summaries);
            assert!(findings.is_empty(), "{}: {findings:?}", b.id);
        }
    }

    /// The tags of the built-in decks, one spelling each, so that `--tag`
    /// finds a topic in every deck that has it. A new tag goes here on
    /// purpose, not by a second spelling of one already here.
    const TAGS: &[&str] = &[
        "blinding",
        "bottom-line",
        "centres",
        "citation",
        "comparison",
        "context",
        "country",
        "design",
        "device",
        "drug",
        "early-stopping",
        "effect-measure",
        "guideline",
        "hermes",
        "imaging",
        "inclusion",
        "limitations",
        "mortality",
        "neutral",
        "ordering",
        "primary-outcome",
        "safety",
        "secondary-outcome",
        "sich",
        "statistics",
        "time-window",
    ];

    #[test]
    fn built_in_decks_share_one_spelling_of_each_tag() {
        for b in BUILTINS {
            for card in b.deck().unwrap().cards {
                for tag in &card.tags {
                    assert!(
                        TAGS.contains(&tag.as_str()),
                        "{}: card `{}` has tag `{tag}`, not one of the built-in tags",
                        b.id,
                        card.id
                    );
                }
            }
        }
    }
}
