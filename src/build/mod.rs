//! Trial-summary text into a draft deck: [`parse`] reads the text tolerantly,
//! [`generate`] builds the cards, and [`coverage`] says which cards came from
//! each bullet.

pub mod figures;
pub mod generate;
pub mod parse;

use crate::deck::{Deck, Position};
use parse::{ParseError, Parsed, Summary, Warning};

/// The result of building: the draft deck, what was unusual in the input,
/// and which cards each bullet produced.
#[derive(Debug, Clone)]
pub struct Built {
    /// The draft deck.
    pub deck: Deck,
    /// Warnings from reading the summary.
    pub warnings: Vec<Warning>,
    /// One line per summary item, with the ids of the cards built from it.
    pub coverage: Vec<Covered>,
}

/// The cards built from one summary item.
#[derive(Debug, Clone, PartialEq)]
pub struct Covered {
    /// The section heading.
    pub section: String,
    /// The 1-based item number.
    pub bullet: u32,
    /// Where the item is in the summary.
    pub position: Position,
    /// Ids of the cards whose source names this item.
    pub cards: Vec<String>,
}

/// Reads summary text and builds a draft deck; fails only when no section of
/// a trial summary could be found.
pub fn build(text: &str) -> Result<Built, ParseError> {
    let Parsed { summary, warnings } = parse::parse(text)?;
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

/// Which cards name each item of each section as their source.
pub fn coverage(summary: &Summary, deck: &Deck) -> Vec<Covered> {
    let mut out = Vec::new();
    for section in &summary.sections {
        for (i, item) in section.items.iter().enumerate() {
            if summary.is_label_item(section, i) {
                continue;
            }
            let bullet = parse::number(i);
            let cards = deck
                .cards
                .iter()
                .filter(|c| c.source.section == section.heading && c.source.bullet == bullet)
                .map(|c| c.id.clone())
                .collect();
            out.push(Covered {
                section: section.heading.clone(),
                bullet,
                position: item.position,
                cards,
            });
        }
    }
    out
}
