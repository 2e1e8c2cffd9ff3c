//! Tolerant reading of a trial summary (the plain-text layout of
//! `sources/rescue-japan-limit.txt`, or our Markdown layout) into a
//! [`Summary`] with positions. Anything unusual becomes a [`Warning`]; only
//! text with no recognisable section at all is an error.

use super::design::DESIGN_LABELS;
use super::{Item, Row, Section, Summary, Table};
use crate::deck::{LineIndex, Position};

/// Section headings the builder knows, in their usual order, with aliases.
/// Group headings (`Study Summary`, `Outcome`) hold no content of their own.
const HEADINGS: &[(&str, &[&str])] = &[
    ("Objective", &[]),
    ("Study Summary", &[]),
    ("Intervention", &["Interventions"]),
    ("Inclusion Criteria", &["Inclusion"]),
    ("Study Design", &[]),
    ("Outcome", &["Outcomes"]),
    ("Bottom Line", &[]),
    ("Major Points", &["Key Points"]),
    ("Primary Outcome", &[]),
    (
        "Limitations & Criticisms",
        &["Limitations and Criticisms", "Limitations", "Criticisms"],
    ),
    ("Citation", &["Reference"]),
];

/// Headings that only group others.
const GROUPS: &[&str] = &["Study Summary", "Outcome"];

/// Sections a summary is expected to have; a missing one is a warning.
pub const EXPECTED: &[&str] = &[
    "Objective",
    "Intervention",
    "Inclusion Criteria",
    "Study Design",
    "Bottom Line",
    "Major Points",
    "Primary Outcome",
    "Limitations & Criticisms",
    "Citation",
];

/// Something unusual the parser read past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub position: Position,
    /// What, and how it was read.
    pub message: String,
}

/// Why nothing could be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position_line}:{position_column}: {message}", position_line = position.line, position_column = position.column)]
pub struct ParseError {
    /// Where the problem was found.
    pub position: Position,
    /// What is wrong and what to do.
    pub message: String,
}

/// A summary and the warnings met while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// What was read.
    pub summary: Summary,
    /// Everything unusual, in file order.
    pub warnings: Vec<Warning>,
}

/// Parses summary text.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let mut reader = Reader::default();
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            reader.warn(1, 1, "byte-order mark at the start ignored".into());
            rest
        }
        None => text,
    };
    let mut crlf_seen = false;
    for (i, raw) in text.split('\n').enumerate() {
        let line = match raw.strip_suffix('\r') {
            Some(l) => {
                if !crlf_seen {
                    crlf_seen = true;
                    reader.warn(
                        i + 1,
                        raw.chars().count(),
                        "Windows line endings (CRLF) read as plain line ends".into(),
                    );
                }
                l
            }
            None => raw,
        };
        reader.line(i + 1, line);
    }
    reader.finish(text)
}

#[derive(Default)]
struct Reader {
    summary: Summary,
    warnings: Vec<Warning>,
    /// Index of the section being filled, if any.
    current: Option<usize>,
    /// Whether the current block (one heading occurrence) has bullets, and how
    /// many items it has added.
    block_bullets: bool,
    block_items: usize,
    /// Index into HEADINGS of the latest known heading, for order warnings.
    last_order: usize,
    /// Whether the previous line was a table row (a new table starts otherwise).
    in_table: bool,
}

impl Reader {
    fn warn(&mut self, line: usize, column: usize, message: String) {
        self.warnings.push(Warning {
            position: Position {
                line,
                column: column.max(1),
            },
            message,
        });
    }

    fn line(&mut self, number: usize, line: &str) {
        let trimmed = line.trim();
        let column = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
        if trimmed.is_empty() {
            self.in_table = false;
            return;
        }
        if let Some(heading) = self.heading(number, column, trimmed) {
            self.open(number, column, heading);
            return;
        }
        if trimmed.starts_with('|') {
            self.table_row(number, column, trimmed);
            return;
        }
        self.in_table = false;
        if self.summary.title.is_empty() && self.summary.sections.is_empty() {
            let (title, year) = split_year(trimmed.trim_start_matches('#').trim());
            self.summary.title = title.to_string();
            if year.is_some() {
                self.summary.year = year;
            }
            return;
        }
        let (text, bullet, marker_chars) = strip_bullet(trimmed);
        let Some(index) = self.current else {
            self.warn(
                number,
                column,
                "text before the first section heading ignored".into(),
            );
            return;
        };
        if text.is_empty() {
            return;
        }
        let position = Position {
            line: number,
            column: column + marker_chars,
        };
        let section = &mut self.summary.sections[index];
        if !bullet
            && self.block_bullets
            && let Some(last) = section.items.last_mut()
        {
            last.text.push(' ');
            last.text.push_str(text);
            return;
        }
        self.block_bullets |= bullet;
        self.block_items += 1;
        section.items.push(Item {
            text: text.to_string(),
            position,
        });
    }

    /// The canonical heading if `trimmed` is a heading line; records a year
    /// glued to it (`(2022)Objective`).
    fn heading(&mut self, number: usize, column: usize, trimmed: &str) -> Option<String> {
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        let bare = trimmed[hashes..]
            .trim()
            .trim_matches('*')
            .trim()
            .trim_end_matches(':')
            .trim();
        let (rest, year) = match bare.strip_prefix('(') {
            Some(after) => match after.split_once(')') {
                Some((y, rest)) if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) => {
                    (rest.trim(), Some(y.to_string()))
                }
                _ => (bare, None),
            },
            None => (bare, None),
        };
        if let Some(name) = canonical(rest) {
            if year.is_some() {
                self.summary.year = year;
            }
            return Some(name.to_string());
        }
        // A single `#` before any section is the title; more `#` or a later
        // `#` line is a heading we do not know.
        let is_title =
            hashes == 1 && self.summary.title.is_empty() && self.summary.sections.is_empty();
        if hashes > 0 && !is_title && !rest.is_empty() {
            self.warn(
                number,
                column,
                format!("unknown section `{rest}` kept; its items get no cards"),
            );
            return Some(rest.to_string());
        }
        None
    }

    fn open(&mut self, number: usize, column: usize, heading: String) {
        self.in_table = false;
        self.block_bullets = false;
        self.block_items = 0;
        if GROUPS.contains(&heading.as_str()) {
            self.current = None;
            return;
        }
        if let Some(order) = HEADINGS.iter().position(|(name, _)| *name == heading) {
            if order < self.last_order && heading != "Study Design" {
                self.warn(
                    number,
                    column,
                    format!("section `{heading}` is out of the usual order; read anyway"),
                );
            }
            self.last_order = self.last_order.max(order);
        }
        if let Some(i) = self
            .summary
            .sections
            .iter()
            .position(|s| s.heading == heading)
        {
            if heading != "Study Design" {
                self.warn(number, column, format!("section `{heading}` appears again; its items continue the first one's numbering"));
            }
            self.current = Some(i);
            return;
        }
        self.summary.sections.push(Section {
            heading,
            position: Position {
                line: number,
                column,
            },
            items: Vec::new(),
            tables: Vec::new(),
        });
        self.current = Some(self.summary.sections.len() - 1);
    }

    fn table_row(&mut self, number: usize, column: usize, trimmed: &str) {
        let Some(index) = self.current else {
            self.warn(
                number,
                column,
                "table before the first section heading ignored".into(),
            );
            return;
        };
        let cells: Vec<String> = trimmed
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect();
        let separator = cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
        let tables = &mut self.summary.sections[index].tables;
        if !self.in_table {
            self.in_table = true;
            tables.push(Table {
                header: cells,
                rows: Vec::new(),
            });
            return;
        }
        if separator {
            return;
        }
        if let Some(table) = tables.last_mut() {
            if cells.len() != table.header.len() {
                self.warnings.push(Warning {
                    position: Position {
                        line: number,
                        column,
                    },
                    message: format!(
                        "table row has {} cells but its header has {}; read as written",
                        cells.len(),
                        table.header.len()
                    ),
                });
            }
            table.rows.push(Row {
                cells,
                text: trimmed.to_string(),
                position: Position {
                    line: number,
                    column,
                },
            });
        }
    }

    fn finish(mut self, text: &str) -> Result<Parsed, ParseError> {
        let end = LineIndex::new(text).position(text.len());
        if self.summary.sections.is_empty() {
            return Err(ParseError {
                position: end,
                message: format!(
                    "no section of a trial summary was found; expected headings such as {}",
                    EXPECTED
                        .iter()
                        .map(|h| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        if self.summary.title.is_empty() {
            self.warn(
                1,
                1,
                "no title line before the first section; the deck is titled `Untitled trial`"
                    .into(),
            );
            self.summary.title = "Untitled trial".into();
        }
        for heading in EXPECTED {
            if self.summary.section(heading).is_none() {
                self.warnings.push(Warning {
                    position: end,
                    message: format!("no `{heading}` section; no cards built for it"),
                });
            }
        }
        if let Some(design) = self.summary.section("Study Design") {
            let found: Vec<&str> = self
                .summary
                .design_fields()
                .iter()
                .map(|f| f.label)
                .collect();
            let position = design.position;
            for label in DESIGN_LABELS.iter().filter(|l| !found.contains(l)) {
                self.warnings.push(Warning {
                    position,
                    message: format!("Study Design has no `{label}`"),
                });
            }
        }
        self.warnings
            .sort_by_key(|w| (w.position.line, w.position.column));
        Ok(Parsed {
            summary: self.summary,
            warnings: self.warnings,
        })
    }
}

/// The text of a line without a `-`, `*`, `•` or `–` bullet marker, whether
/// it had one, and how many characters the marker took.
fn strip_bullet(line: &str) -> (&str, bool, usize) {
    for marker in ['-', '*', '•', '–'] {
        if let Some(rest) = line.strip_prefix(marker) {
            let starts_with_space = rest.starts_with(char::is_whitespace);
            // `•` needs no space after it; `-5%` or `*note*` is not a bullet.
            if starts_with_space || (marker == '•' && !rest.is_empty()) {
                let text = rest.trim_start();
                let taken = line.chars().count() - text.chars().count();
                return (text.trim_end(), true, taken);
            }
        }
    }
    (line, false, 0)
}

/// `Name (2022)` into the name and the year.
fn split_year(title: &str) -> (&str, Option<String>) {
    if let Some(open) = title.rfind('(') {
        let inside = title[open + 1..].trim_end_matches(')').trim();
        if title.ends_with(')') && inside.len() == 4 && inside.chars().all(|c| c.is_ascii_digit()) {
            return (title[..open].trim(), Some(inside.to_string()));
        }
    }
    (title, None)
}

/// The canonical spelling of a known heading (`Limitations` gives
/// `Limitations & Criticisms`), ignoring case.
pub fn canonical(heading: &str) -> Option<&'static str> {
    HEADINGS
        .iter()
        .find(|(name, aliases)| {
            name.eq_ignore_ascii_case(heading)
                || aliases.iter().any(|a| a.eq_ignore_ascii_case(heading))
        })
        .map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_layout_is_read_with_year_design_pairs_and_table() {
        let parsed = parse(include_str!(
            "../../tests/fixtures/summaries/rescue-japan-limit.txt"
        ))
        .unwrap();
        let s = &parsed.summary;
        assert_eq!(s.title, "RESCUE-Japan LIMIT");
        assert_eq!(s.year.as_deref(), Some("2022"));
        assert_eq!(s.section("Major Points").unwrap().items.len(), 10);
        assert_eq!(
            s.section("Limitations & Criticisms").unwrap().items.len(),
            9
        );
        let fields = s.design_fields();
        let sample = fields.iter().find(|f| f.label == "Sample Size").unwrap();
        assert_eq!(sample.value, "203");
        assert_eq!(fields.len(), DESIGN_LABELS.len(), "{fields:?}");
        let table = &s.section("Primary Outcome").unwrap().tables[0];
        assert_eq!(table.header[2], "HR/OR");
        assert_eq!(table.rows.len(), 1);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn markdown_headings_other_bullets_and_crlf_are_tolerated_with_warnings() {
        let text = "## Trial X (2020)\r\n## Major Points\r\n* one 5%\r\n• two\r\n## Objective\r\n- why\r\n## Extra\r\n- more";
        let parsed = parse(text).unwrap();
        let s = &parsed.summary;
        assert_eq!(s.section("Major Points").unwrap().items.len(), 2);
        assert_eq!(s.section("Major Points").unwrap().items[1].text, "two");
        assert_eq!(
            s.section("Major Points").unwrap().items[0].position,
            Position { line: 3, column: 3 }
        );
        let messages: Vec<&str> = parsed.warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("CRLF")), "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("out of the usual order")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("unknown section `Extra`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("no `Citation` section")),
            "{messages:?}"
        );
    }

    #[test]
    fn text_without_any_section_is_an_error_with_a_position() {
        let e = parse("just some words\nand more").unwrap_err();
        assert_eq!(e.position, Position { line: 2, column: 9 });
        assert!(e.message.contains("no section"));
    }
}
