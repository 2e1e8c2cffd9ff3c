//! Reading deck files: every problem is reported with its line and column,
//! and no input makes loading panic.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Body, Card, Deck, FORMAT, Position, cloze};

/// One thing wrong in a deck file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file.
    pub position: Position,
    /// What is wrong and, where it helps, what to write instead.
    pub message: String,
}

/// A deck file that could not be loaded: every problem found in it.
#[derive(Debug, thiserror::Error)]
pub struct LoadError {
    /// The file, as the user named it.
    pub path: PathBuf,
    /// Every problem, in file order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                p.position.line,
                p.position.column,
                p.message
            )?;
        }
        Ok(())
    }
}

/// The top level of a deck file, with cards kept as raw text so each card's
/// position in the file is known.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeck<'a> {
    format: u32,
    id: String,
    title: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(borrow)]
    cards: Vec<&'a RawValue>,
}

const COMMON_FIELDS: &[&str] = &["id", "kind", "tags", "explanation", "source", "note"];

/// The fields a card of `kind` may have beyond the common ones.
fn kind_fields(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "basic" => &["front", "back"],
        "choice" => &["prompt", "choices", "answers"],
        "truefalse" => &["prompt", "answer"],
        "numeric" => &["prompt", "value", "tolerance", "unit"],
        "cloze" => &["text"],
        "typed" => &["prompt", "answers"],
        _ => return None,
    })
}

/// Reads and validates the deck file at `path`.
pub fn load_file(path: &Path) -> Result<Deck, LoadError> {
    let fail = |message: String| LoadError {
        path: path.to_path_buf(),
        problems: vec![Problem {
            position: Position { line: 1, column: 1 },
            message,
        }],
    };
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read the deck file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        LoadError {
            path: path.to_path_buf(),
            problems: vec![Problem {
                position: Position::of_offset(&text, offset),
                message: "the file is not valid UTF-8; save it as UTF-8".into(),
            }],
        }
    })?;
    parse(&text).map_err(|problems| LoadError {
        path: path.to_path_buf(),
        problems,
    })
}

/// Parses and validates deck JSON, returning every problem found.
pub fn parse(text: &str) -> Result<Deck, Vec<Problem>> {
    let raw: RawDeck = serde_json::from_str(text).map_err(|e| {
        vec![Problem {
            position: Position {
                line: e.line().max(1),
                column: e.column().max(1),
            },
            message: json_message(&e),
        }]
    })?;
    let mut problems = Vec::new();
    let at_key = |key: &str| key_position(text, 0, key);
    if raw.format != FORMAT {
        problems.push(Problem {
            position: at_key("format"),
            message: format!(
                "deck format {} is not supported; this trialdrill reads format {FORMAT}",
                raw.format
            ),
        });
    }
    if let Err(why) = check_deck_id(&raw.id) {
        problems.push(Problem {
            position: at_key("id"),
            message: why,
        });
    }
    let mut cards = Vec::with_capacity(raw.cards.len());
    let mut seen = HashSet::new();
    for raw_card in &raw.cards {
        let card_text = raw_card.get();
        let offset = card_text.as_ptr() as usize - text.as_ptr() as usize;
        let parsed = parse_card(text, offset, card_text);
        if let Some(id) = parsed.id
            && !seen.insert(id.clone())
        {
            problems.push(Problem {
                position: key_position(text, offset, "id"),
                message: format!("card id `{id}` is used twice; every card needs its own id"),
            });
        }
        match parsed.card {
            Ok(card) => cards.push(card),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if raw.cards.is_empty() {
        problems.push(Problem {
            position: at_key("cards"),
            message: "the deck has no cards".into(),
        });
    }
    if problems.is_empty() {
        Ok(Deck {
            id: raw.id,
            title: raw.title,
            summary: raw.summary,
            cards,
        })
    } else {
        problems.sort_by_key(|p| (p.position.line, p.position.column));
        Err(problems)
    }
}

/// Deck ids become file names and store keys: keep them to a safe alphabet.
fn check_deck_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !id.starts_with(['-', '_']);
    if ok {
        Ok(())
    } else {
        Err(format!(
            "deck id `{}` must be 1-64 characters of a-z, 0-9, - and _, starting with a letter or digit",
            id.escape_debug()
        ))
    }
}

/// A card as far as it could be read: its id when it has one, and the card
/// or every problem found in it.
struct ParsedCard {
    id: Option<String>,
    card: Result<Card, Vec<Problem>>,
}

fn parse_card(text: &str, offset: usize, card_text: &str) -> ParsedCard {
    let base = Position::of_offset(text, offset);
    let fields: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(card_text)
    {
        Ok(fields) => fields,
        Err(e) => {
            return ParsedCard {
                id: None,
                card: Err(vec![Problem {
                    position: shift(base, &e),
                    message: json_message(&e),
                }]),
            };
        }
    };
    let id = fields.get("id").and_then(|k| k.as_str()).map(String::from);
    ParsedCard {
        card: check_fields(text, offset, base, card_text, &fields),
        id,
    }
}

fn check_fields(
    text: &str,
    offset: usize,
    base: Position,
    card_text: &str,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<Card, Vec<Problem>> {
    let kind = fields.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    let card_id = fields.get("id").and_then(|k| k.as_str()).unwrap_or("?");
    let Some(kind_fields) = kind_fields(kind) else {
        return Err(vec![Problem {
            position: key_position(text, offset, "kind").max_with(base),
            message: format!(
                "card `{card_id}` needs a `kind`: one of basic, choice, truefalse, numeric, cloze, typed"
            ),
        }]);
    };
    let mut problems: Vec<Problem> = fields
        .keys()
        .filter(|k| !COMMON_FIELDS.contains(&k.as_str()) && !kind_fields.contains(&k.as_str()))
        .map(|k| Problem {
            position: key_position(text, offset, k),
            message: format!(
                "unknown field `{k}` in {kind} card `{card_id}`; expected {}",
                COMMON_FIELDS
                    .iter()
                    .chain(kind_fields)
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect();
    let mut card: Card = serde_json::from_str(card_text).map_err(|e| {
        vec![Problem {
            position: shift(base, &e),
            message: format!("in card `{card_id}`: {}", json_message(&e)),
        }]
    })?;
    card.position = base;
    let at = |key: &str| key_position(text, offset, key);
    for (key, message) in check_card(&card) {
        problems.push(Problem {
            position: at(key),
            message: format!("card `{}`: {message}", card.id),
        });
    }
    if problems.is_empty() {
        Ok(card)
    } else {
        Err(problems)
    }
}

/// The invariants studying relies on, as (field, message) pairs.
fn check_card(card: &Card) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if card.id.trim().is_empty() || card.id.chars().any(char::is_control) {
        out.push(("id", "the id must be non-empty printable text".into()));
    }
    if card.source.bullet == 0 {
        out.push(("source", "bullet numbers start at 1".into()));
    }
    match &card.body {
        Body::Choice {
            choices, answers, ..
        } => {
            if choices.len() < 2 {
                out.push(("choices", "a choice card needs at least two choices".into()));
            }
            if answers.is_empty() {
                out.push(("answers", "list at least one correct answer".into()));
            }
            for a in answers.iter().filter(|a| !choices.contains(a)) {
                out.push((
                    "answers",
                    format!("answer `{a}` is not one of the choices; copy it exactly"),
                ));
            }
        }
        Body::Numeric {
            value, tolerance, ..
        } => {
            if !value.is_finite() {
                out.push(("value", "the value must be a finite number".into()));
            }
            if !tolerance.is_finite() || *tolerance < 0.0 {
                out.push(("tolerance", "the tolerance must be zero or more".into()));
            }
        }
        Body::Cloze { text } => {
            if let Err(e) = cloze::parse(text) {
                out.push(("text", e.message));
            }
        }
        Body::Typed { answers, .. } => {
            if answers.iter().all(|a| a.trim().is_empty()) {
                out.push(("answers", "list at least one accepted answer".into()));
            }
        }
        Body::Basic { .. } | Body::TrueFalse { .. } => {}
    }
    out
}

/// The position of `"key"` as an object key at or after `offset`, else of `offset`.
fn key_position(text: &str, offset: usize, key: &str) -> Position {
    let needle = format!("\"{key}\"");
    let found = text[offset..]
        .match_indices(&needle)
        .find(|(i, _)| {
            text[offset + i + needle.len()..]
                .trim_start()
                .starts_with(':')
        })
        .map_or(offset, |(i, _)| offset + i);
    Position::of_offset(text, found)
}

/// Moves a serde_json error position, relative to a card's text, to the file.
fn shift(base: Position, e: &serde_json::Error) -> Position {
    let (line, column) = (e.line().max(1), e.column().max(1));
    if line == 1 {
        Position {
            line: base.line,
            column: base.column + column - 1,
        }
    } else {
        Position {
            line: base.line + line - 1,
            column,
        }
    }
}

/// serde_json's message without its trailing "at line L column C".
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

impl Position {
    /// The later of two positions.
    fn max_with(self, other: Position) -> Position {
        if (self.line, self.column) >= (other.line, other.column) {
            self
        } else {
            other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        parse(text)
            .unwrap_err()
            .into_iter()
            .map(|p| format!("{}:{} {}", p.position.line, p.position.column, p.message))
            .collect()
    }

    const HEAD: &str = "{\n  \"format\": 1,\n  \"id\": \"t\",\n  \"title\": \"T\",\n  \"cards\": [\n";

    fn deck(cards: &str) -> String {
        format!("{HEAD}{cards}\n  ]\n}}\n")
    }

    const GOOD: &str = r#"    {"id": "a", "kind": "truefalse", "tags": ["design"], "explanation": "e",
     "source": {"section": "Objective", "bullet": 1}, "prompt": "p", "answer": true}"#;

    #[test]
    fn a_valid_deck_loads_with_card_positions() {
        let deck = parse(&deck(GOOD)).unwrap();
        assert_eq!(deck.cards.len(), 1);
        assert_eq!(deck.cards[0].position, Position { line: 6, column: 5 });
    }

    #[test]
    fn syntax_errors_report_line_and_column() {
        let p = problems("{\n  \"format\": 1,\n  \"id\" \"t\"\n}");
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("3:8 expected `:`"), "{p:?}");
    }

    #[test]
    fn a_missing_field_names_the_card_and_its_line() {
        let bad = r#"    {"id": "b", "kind": "numeric", "tags": [], "explanation": "e",
     "source": {"section": "S", "bullet": 1}, "prompt": "p", "value": 3}"#;
        let p = problems(&deck(bad));
        assert!(
            p[0].starts_with("7:") && p[0].contains("card `b`") && p[0].contains("tolerance"),
            "{p:?}"
        );
    }

    #[test]
    fn every_problem_is_reported_in_file_order() {
        let cards = format!(
            "{GOOD},\n{},\n{}",
            r#"    {"id": "a", "kind": "choice", "tags": [], "explanation": "e", "source": {"section": "S", "bullet": 1}, "prompt": "p", "choices": ["x", "y"], "answers": ["z"]}"#,
            r#"    {"id": "c", "kind": "cloze", "tags": [], "explanation": "e", "source": {"section": "S", "bullet": 1}, "text": "no gaps", "extra": 1}"#
        );
        let p = problems(&deck(&cards));
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(p[0].starts_with("8:6 ") && p[0].contains("used twice"), "{p:?}");
        assert!(p[1].starts_with("8:146 ") && p[1].contains("`z` is not one of the choices"), "{p:?}");
        assert!(p[2].starts_with("9:") && p[2].contains("no deletion"));
        assert!(p[3].contains("unknown field `extra`"));
    }

    #[test]
    fn unknown_kinds_and_formats_are_explained() {
        let bad = r#"    {"id": "a", "kind": "essay"}"#;
        assert!(problems(&deck(bad))[0].contains("one of basic, choice"));
        let newer = deck(GOOD).replace("\"format\": 1", "\"format\": 9");
        assert!(problems(&newer)[0].starts_with("2:3 deck format 9 is not supported"));
    }

    #[test]
    fn unsafe_deck_ids_are_refused() {
        let text = deck(GOOD).replace("\"id\": \"t\"", "\"id\": \"../x\"");
        assert!(problems(&text)[0].contains("must be 1-64 characters"));
    }

    #[test]
    fn garbage_never_panics() {
        for text in ["", "\u{0}", "[", "{\"cards\": [1]}", "null", "{\"format\":1,\"id\":\"a\",\"title\":\"b\",\"cards\":[{}]}"] {
            assert!(parse(text).is_err());
        }
    }
}
