//! Trial summaries, in the plain-text layout of the sources or in our
//! Markdown layout: the one parser ([`parse()`]) that `deck build`, `deck lint`
//! and the coverage check read them with, the Study Design list
//! ([`design`]) and the one figure scanner ([`figures`]).

pub mod design;
pub mod figures;
pub mod parse;

use crate::deck::Position;
pub use parse::{EXPECTED, ParseError, Parsed, Warning, parse};

/// Marks the commentary part of a corrected item; figures after it are not taught.
pub const CORRECTION_MARKER: &str = "Correction:";

/// A parsed trial summary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// The trial's name, from the title line.
    pub title: String,
    /// The publication year, from `(2022)` on the title or first heading line.
    pub year: Option<String>,
    /// Sections in order of first appearance; a repeated heading adds to its
    /// first section.
    pub sections: Vec<Section>,
}

/// One section: its items (bullets or paragraph lines) and tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The canonical heading, such as `Limitations & Criticisms`, or the text
    /// of an unknown Markdown heading.
    pub heading: String,
    /// Where the heading is.
    pub position: Position,
    /// Items numbered from 1: bullets where a block has bullets, else its
    /// lines. A card's `source.bullet` counts these.
    pub items: Vec<Item>,
    /// Tables in the section.
    pub tables: Vec<Table>,
}

/// A bullet or a paragraph line, with the lines that continue it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The text without its bullet marker.
    pub text: String,
    /// Where the text starts.
    pub position: Position,
}

/// A `| a | b |` table: a header row and data rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The header cells.
    pub header: Vec<String>,
    /// The data rows, without the `|---|` separator.
    pub rows: Vec<Row>,
}

/// One data row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The cells, trimmed.
    pub cells: Vec<String>,
    /// The row's line as written, trimmed.
    pub text: String,
    /// Where the row starts.
    pub position: Position,
}

impl Summary {
    /// The section with this heading, in any spelling the parser knows
    /// (`Limitations` finds `Limitations & Criticisms`).
    pub fn section(&self, heading: &str) -> Option<&Section> {
        let heading = parse::canonical(heading).unwrap_or(heading);
        self.sections.iter().find(|s| s.heading == heading)
    }

    /// Item `number` (from 1) of a section: the bullet a card's source names.
    pub fn bullet(&self, heading: &str, number: u32) -> Option<&Item> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        self.section(heading)?.items.get(index)
    }

    /// The trial name with its year, for deck titles.
    pub fn full_title(&self) -> String {
        match &self.year {
            Some(y) => format!("{} ({y})", self.title),
            None => self.title.clone(),
        }
    }
}

impl Item {
    /// The part a card may teach: the text before any correction commentary.
    pub fn taught(&self) -> &str {
        taught(&self.text)
    }

    /// The figures the item teaches: those before any correction commentary.
    pub fn taught_figures(&self) -> Vec<f64> {
        figures::values(self.taught())
    }
}

/// The part of `text` a card may teach: what comes before any correction.
pub fn taught(text: &str) -> &str {
    text.split(CORRECTION_MARKER)
        .next()
        .unwrap_or_default()
        .trim()
}

/// A 0-based index as a 1-based item number.
pub fn number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_bullets_are_numbered_from_one() {
        let s =
            parse("# T (2022)\n\n## Objective\n- first 1\n| a | b |\n- second\n## Citation\n- c")
                .unwrap()
                .summary;
        assert_eq!(s.title, "T");
        assert_eq!(s.full_title(), "T (2022)");
        assert_eq!(s.bullet("Objective", 2).unwrap().text, "second");
        assert_eq!(s.bullet("Objective", 2).unwrap().position.line, 6);
        assert!(s.bullet("Objective", 0).is_none());
        assert!(s.bullet("Citation", 2).is_none());
    }

    #[test]
    fn a_section_is_found_by_any_of_its_spellings() {
        let s = parse("## Limitations\n- small\n").unwrap().summary;
        assert_eq!(s.sections[0].heading, "Limitations & Criticisms");
        assert_eq!(s.bullet("Limitations", 1).unwrap().text, "small");
        assert_eq!(
            s.bullet("Limitations & Criticisms", 1).unwrap().text,
            "small"
        );
    }

    #[test]
    fn corrections_are_not_taught() {
        let b = Item {
            text: "101 vs 102. Correction: the source said 100.".into(),
            position: Position::default(),
        };
        assert_eq!(b.taught(), "101 vs 102.");
        assert_eq!(b.taught_figures(), vec![101.0, 102.0]);
    }
}
