//! Authoring decks from trial summaries: [`build`] reads a summary with the
//! one summary parser ([`crate::summary`]), [`generate`] builds the draft's
//! cards, and [`coverage`] says which cards cite each item of a summary (the
//! `deck build` report and `deck lint`'s coverage rule).

pub mod generate;

use crate::deck::{Card, Deck, Position};
use crate::summary::{self, ParseError, Parsed, Summary, Warning};

/// The result of building: the draft deck, what was unusual in the input,
/// and which cards each bullet produced.
#[derive(Debug, Clone)]
pub struct Built {
    /// The draft deck. It names no summary file: the caller knows where the
    /// summary sits relative to the deck.
    pub deck: Deck,
    /// Warnings from reading the summary.
    pub warnings: Vec<Warning>,
    /// One line per summary item, with the ids of the cards built from it.
    pub coverage: Vec<Covered>,
}

/// The cards that cite one summary item.
#[derive(Debug, Clone, PartialEq)]
pub struct Covered {
    /// The section heading.
    pub section: String,
    /// The 1-based item number.
    pub bullet: u32,
    /// Where the item is in the summary.
    pub position: Position,
    /// Whether the item teaches anything: it has text before any correction.
    pub teaches: bool,
    /// Ids of the cards that cite this item, as their source or in `also`.
    pub cards: Vec<String>,
}

/// Reads summary text and builds a draft deck; fails only when no section of
/// a trial summary could be found.
pub fn build(text: &str) -> Result<Built, ParseError> {
    let Parsed { summary, warnings } = summary::parse(text)?;
    let deck = generate::generate(&summary);
    if deck.cards.is_empty() {
        return Err(ParseError {
            position: crate::deck::LineIndex::new(text).position(text.len()),
            message: "sections were found but no bullet or line in them to build a card from; add the summary's text under its headings".into(),
        });
    }
    let coverage = coverage(&summary, &deck);
    Ok(Built {
        deck,
        warnings,
        coverage,
    })
}

/// Which cards of `deck` cite each item of `summary`, its own summary
/// (Study Design labels, which only name the next item, are left out).
pub fn coverage(summary: &Summary, deck: &Deck) -> Vec<Covered> {
    let mut out = Vec::new();
    for section in &summary.sections {
        for (i, item) in section.items.iter().enumerate() {
            if summary.is_label_item(section, i) {
                continue;
            }
            let bullet = summary::number(i);
            let cards = deck
                .cards
                .iter()
                .filter(|c| {
                    c.sources().any(|s| {
                        s.other_deck(&deck.id).is_none()
                            && s.bullet == bullet
                            && summary
                                .section(&s.section)
                                .is_some_and(|found| std::ptr::eq(found, section))
                    })
                })
                .map(|c: &Card| c.id.clone())
                .collect();
            out.push(Covered {
                section: section.heading.clone(),
                bullet,
                position: item.position,
                teaches: !item.taught().is_empty(),
                cards,
            });
        }
    }
    out
}
