//! Reading deck files: every problem is reported with its line and column,
//! and no input makes loading panic.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Body, Card, Deck, FORMAT, LineIndex, Position, cloze};

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
    collection: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(borrow)]
    cards: Vec<&'a RawValue>,
}

const COMMON_FIELDS: &[&str] = &[
    "id",
    "kind",
    "tags",
    "explanation",
    "source",
    "also",
    "note",
];

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

/// Reads and validates the deck file at `path` (`-`: standard input).
pub fn load_file(path: &Path) -> Result<Deck, LoadError> {
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map(|_| bytes)
            .map_err(|e| cannot_read(path, &e))?
    } else {
        std::fs::read(path).map_err(|e| cannot_read(path, &e))?
    };
    load_bytes(path, bytes)
}

/// The error for a deck file at `path` that cannot be read.
pub(super) fn cannot_read(path: &Path, e: &std::io::Error) -> LoadError {
    LoadError {
        path: path.to_path_buf(),
        problems: vec![Problem {
            position: Position { line: 1, column: 1 },
            message: format!("cannot read the deck file: {e}"),
        }],
    }
}

/// Validates `bytes`, the content of the deck file at `path` read once (a
/// pipe cannot be read twice, and a file may change between two reads).
pub fn load_bytes(path: &Path, bytes: Vec<u8>) -> Result<Deck, LoadError> {
    let text = String::from_utf8(bytes).map_err(|e| LoadError {
        path: path.to_path_buf(),
        problems: vec![Problem {
            position: LineIndex::from_bytes(e.as_bytes()).position(e.utf8_error().valid_up_to()),
            message: "the file is not valid UTF-8; save it as UTF-8".into(),
        }],
    })?;
    parse(&text).map_err(|problems| LoadError {
        path: path.to_path_buf(),
        problems,
    })
}

/// Parses and validates deck JSON, returning every problem found. A UTF-8
/// byte-order mark at the start is accepted.
pub fn parse(text: &str) -> Result<Deck, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    parse_indexed(text, &LineIndex::new(text))
}

fn parse_indexed(text: &str, lines: &LineIndex<'_>) -> Result<Deck, Vec<Problem>> {
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
    let file = Span {
        text,
        lines,
        start: 0,
        end: text.len(),
    };
    let at_key = |key: &str| file.key_position(key);
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
    if let Some(Err(why)) = raw.collection.as_deref().map(check_collection) {
        problems.push(Problem {
            position: at_key("collection"),
            message: why,
        });
    }
    if let Some(Err(why)) = raw.summary.as_deref().map(check_summary_name) {
        problems.push(Problem {
            position: at_key("summary"),
            message: why,
        });
    }
    let mut cards = Vec::with_capacity(raw.cards.len());
    let mut seen = HashSet::new();
    for raw_card in &raw.cards {
        let card_text = raw_card.get();
        let start = card_text.as_ptr() as usize - text.as_ptr() as usize;
        let span = Span {
            text,
            lines,
            start,
            end: start + card_text.len(),
        };
        let parsed = parse_card(&span);
        if let Some(id) = parsed.id.filter(|id| !seen.insert(id.clone())) {
            problems.push(Problem {
                position: span.key_position("id"),
                message: format!("card id `{id}` is used twice; every card needs its own id"),
            });
        }
        match parsed.card {
            Ok(card) => cards.push(card),
            Err(mut found) => problems.append(&mut found),
        }
    }
    // Let go before the item keys are gathered: at 100,000 cards each set
    // is megabytes, beside the file and its cards.
    drop(seen);
    problems.extend(key_clashes(&cards));
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
            collection: raw.collection,
            summary: raw.summary,
            cards,
        })
    } else {
        problems.sort_by_key(|p| (p.position.line, p.position.column));
        Err(problems)
    }
}

/// Items whose key (the card id, `id:cN` for a cloze deletion) another item
/// of the deck has too: the store keys scheduling history by it, so two such
/// items would share one history. Cards with the same id are reported
/// already, as such.
fn key_clashes(cards: &[Card]) -> Vec<Problem> {
    // A card's key is its id, borrowed; only a cloze deletion's is made.
    let mut owners: HashMap<Cow<'_, str>, &str> = HashMap::with_capacity(cards.len());
    let mut problems = Vec::new();
    for card in cards {
        let keys: Vec<Cow<'_, str>> = match &card.body {
            Body::Cloze { text } => cloze::parse(text)
                .map(|c| c.numbers())
                .unwrap_or_default()
                .into_iter()
                .map(|n| Cow::Owned(format!("{}:c{n}", card.id)))
                .collect(),
            _ => vec![Cow::Borrowed(card.id.as_str())],
        };
        for key in keys {
            match owners.get(&*key) {
                Some(&other) if other != card.id => problems.push(Problem {
                    position: card.position,
                    message: format!(
                        "card `{}` gives the item key `{key}`, which card `{other}` gives too, so both would share one scheduling history; rename one of them (an id may not look like another card's cloze deletion, `ID:cN`)",
                        card.id
                    ),
                }),
                Some(_) => {}
                None => {
                    owners.insert(key, &card.id);
                }
            }
        }
    }
    problems
}

/// Deck ids become file names and store keys: keep them to a safe alphabet.
pub(crate) fn check_deck_id(id: &str) -> Result<(), String> {
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

/// A collection names a group of decks, such as `stroke/large-core`.
fn check_collection(name: &str) -> Result<(), String> {
    let segment_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if name.split('/').all(segment_ok) {
        Ok(())
    } else {
        Err(format!(
            "collection `{}` must be lowercase segments of a-z, 0-9 and - separated by /, such as `stroke/large-core`",
            name.escape_debug()
        ))
    }
}

/// The summary is read from beside the deck file: a plain file name, so a
/// deck cannot point lint at files elsewhere.
pub(crate) fn check_summary_name(name: &str) -> Result<(), String> {
    let plain = std::path::Path::new(name)
        .file_name()
        .is_some_and(|f| f == name);
    if plain && !name.chars().any(char::is_control) {
        Ok(())
    } else {
        Err(format!(
            "summary `{}` must be a file name beside the deck, without folders",
            name.escape_debug()
        ))
    }
}

/// A card as far as it could be read: its id when it has one, and the card
/// or every problem found in it.
struct ParsedCard {
    id: Option<String>,
    card: Result<Card, Vec<Problem>>,
}

/// A stretch of a deck file (the whole file, or one card), for positions.
struct Span<'a> {
    text: &'a str,
    lines: &'a LineIndex<'a>,
    start: usize,
    end: usize,
}

impl Span<'_> {
    fn text(&self) -> &str {
        &self.text[self.start..self.end]
    }

    fn position(&self) -> Position {
        self.lines.position(self.start)
    }

    /// The position of `"key"` used as an object key in the span, else of
    /// the span's start.
    fn key_position(&self, key: &str) -> Position {
        let needle = format!("\"{key}\"");
        let text = self.text();
        let found = text
            .match_indices(&needle)
            .find(|(i, _)| text[i + needle.len()..].trim_start().starts_with(':'))
            .map_or(self.start, |(i, _)| self.start + i);
        self.lines.position(found)
    }
}

fn parse_card(span: &Span<'_>) -> ParsedCard {
    let base = span.position();
    let card_text = span.text();
    let fields: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(card_text) {
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
        card: check_fields(span, base, &fields),
        id,
    }
}

fn check_fields(
    span: &Span<'_>,
    base: Position,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<Card, Vec<Problem>> {
    let kind = fields.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    let card_id = fields.get("id").and_then(|k| k.as_str()).unwrap_or("?");
    let Some(kind_fields) = kind_fields(kind) else {
        return Err(vec![Problem {
            position: span.key_position("kind"),
            message: format!(
                "card `{card_id}` needs a `kind`: one of basic, choice, truefalse, numeric, cloze, typed"
            ),
        }]);
    };
    let mut problems: Vec<Problem> = fields
        .keys()
        .filter(|k| !COMMON_FIELDS.contains(&k.as_str()) && !kind_fields.contains(&k.as_str()))
        .map(|k| Problem {
            position: span.key_position(k),
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
    let mut card: Card = serde_json::from_str(span.text()).map_err(|e| {
        vec![Problem {
            position: shift(base, &e),
            message: format!("in card `{card_id}`: {}", json_message(&e)),
        }]
    })?;
    card.position = base;
    for (key, message) in check_card(&card) {
        problems.push(Problem {
            position: span.key_position(key),
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
    for (key, source) in
        std::iter::once(("source", &card.source)).chain(card.also.iter().map(|s| ("also", s)))
    {
        if source.bullet == 0 {
            out.push((key, "bullet numbers start at 1".into()));
        }
        if let Some(Err(why)) = source.deck.as_deref().map(check_deck_id) {
            out.push((key, format!("the source's {why}")));
        }
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

    const HEAD: &str =
        "{\n  \"format\": 1,\n  \"id\": \"t\",\n  \"title\": \"T\",\n  \"cards\": [\n";

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
        assert!(
            p[0].starts_with("8:6 ") && p[0].contains("used twice"),
            "{p:?}"
        );
        assert!(
            p[1].starts_with("8:146 ") && p[1].contains("`z` is not one of the choices"),
            "{p:?}"
        );
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
    fn summary_names_outside_the_deck_folder_are_refused() {
        for name in ["../secret.md", "/etc/passwd", "sub/x.md", "..", ""] {
            let text = deck(GOOD).replace(
                "\"title\": \"T\",",
                &format!("\"title\": \"T\", \"summary\": {name:?},"),
            );
            let found = problems(&text);
            assert!(
                found
                    .iter()
                    .any(|p| p.contains("must be a file name beside the deck")),
                "{name}: {found:?}"
            );
        }
        let fine = deck(GOOD).replace(
            "\"title\": \"T\",",
            "\"title\": \"T\", \"summary\": \"t.summary.md\",",
        );
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn a_collection_is_kept_and_a_malformed_one_refused_where_it_is() {
        let with = |name: &str| {
            deck(GOOD).replace(
                "\"title\": \"T\",",
                &format!("\"title\": \"T\",\n  \"collection\": {name:?},"),
            )
        };
        let fine = parse(&with("stroke/large-core")).unwrap();
        assert_eq!(fine.collection.as_deref(), Some("stroke/large-core"));
        assert_eq!(parse(&deck(GOOD)).unwrap().collection, None);
        for bad in [
            "Stroke",
            "stroke/",
            "/stroke",
            "stroke//core",
            "stroke core",
            "",
            "a_b",
        ] {
            let found = problems(&with(bad));
            assert_eq!(found.len(), 1, "{bad:?}: {found:?}");
            assert!(
                found[0].starts_with("5:3 collection ")
                    && found[0].contains("lowercase segments of a-z, 0-9 and -"),
                "{bad:?}: {found:?}"
            );
        }
    }

    #[test]
    fn sources_may_name_another_deck_and_further_bullets() {
        let card = r#"    {"id": "a", "kind": "truefalse", "tags": ["t"], "explanation": "e",
     "source": {"deck": "other-trial", "section": "Major Points", "bullet": 2},
     "also": [{"section": "Objective", "bullet": 1}, {"deck": "third", "section": "S", "bullet": 4}],
     "prompt": "p", "answer": true}"#;
        let loaded = parse(&deck(card)).unwrap();
        let c = &loaded.cards[0];
        assert_eq!(c.source.deck.as_deref(), Some("other-trial"));
        assert_eq!(c.also.len(), 2);
        assert_eq!(c.also[1].deck.as_deref(), Some("third"));
        assert_eq!(c.sources().count(), 3);
        let back = parse(&loaded.to_json().unwrap()).unwrap();
        assert_eq!(back.cards[0].also, c.also);
        assert!(parse(&deck(GOOD)).unwrap().cards[0].also.is_empty());
    }

    #[test]
    fn bad_cited_decks_and_bullets_are_refused_where_they_are() {
        let bad_deck = GOOD.replace(
            r#""section": "Objective""#,
            r#""deck": "../x", "section": "Objective""#,
        );
        let found = problems(&deck(&bad_deck));
        assert!(
            found[0].starts_with("7:6 card `a`: the source's deck id `../x` must be"),
            "{found:?}"
        );
        let bad_also = GOOD.replace(
            r#""prompt""#,
            r#""also": [{"section": "S", "bullet": 0}, {"deck": "Up", "section": "S", "bullet": 1}], "prompt""#,
        );
        let found = problems(&deck(&bad_also));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("7:55 card `a`: bullet numbers start at 1"),
            "{found:?}"
        );
        assert!(found[1].contains("the source's deck id `Up`"), "{found:?}");
        let unknown = GOOD.replace(
            r#""prompt""#,
            r#""also": [{"section": "S", "bullet": 1, "page": 3}], "prompt""#,
        );
        let found = problems(&deck(&unknown));
        assert!(
            found[0].starts_with("7:") && found[0].contains("unknown field `page`"),
            "{found:?}"
        );
    }

    /// A deck of `n` cards, each on its own line or all on one.
    fn many_cards(n: usize, minified: bool) -> String {
        let sep = if minified { "" } else { "\n" };
        let cards: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"id": "c{i}", "kind": "truefalse", "tags": ["t"], "explanation": "é", "source": {{"section": "S", "bullet": 1}}, "prompt": "Statement {i}", "answer": true}}"#
                )
            })
            .collect();
        format!(
            r#"{{"format": 1, "id": "t", "title": "T", "cards": [{sep}{}{sep}]}}"#,
            cards.join(&format!(",{sep}"))
        )
    }

    #[test]
    fn positions_cost_reads_linear_in_the_file_whatever_its_layout() {
        let scanned = |cards: usize, minified: bool| {
            let text = many_cards(cards, minified);
            let lines = LineIndex::new(&text);
            assert_eq!(parse_indexed(&text, &lines).unwrap().cards.len(), cards);
            assert!(
                lines.scanned() <= 3 * text.len(),
                "minified {minified}: {} bytes read for a {}-byte file",
                lines.scanned(),
                text.len()
            );
            lines.scanned() as f64
        };
        for minified in [false, true] {
            let growth = scanned(4_000, minified) / scanned(2_000, minified);
            assert!(
                growth < 2.1,
                "minified {minified}: twice the cards, {growth:.2} times the reads"
            );
        }
    }

    #[test]
    fn a_minified_deck_places_every_card_on_line_one_by_character() {
        let text = many_cards(3, true);
        let deck = parse(&text).unwrap();
        for card in &deck.cards {
            let at = text.find(&format!(r#"{{"id": "{}""#, card.id)).unwrap();
            let column = text[..at].chars().count() + 1;
            assert_eq!(card.position, Position { line: 1, column }, "{}", card.id);
        }
        let pretty = parse(&many_cards(3, false)).unwrap();
        let lines: Vec<usize> = pretty.cards.iter().map(|c| c.position.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert!(pretty.cards.iter().all(|c| c.position.column == 1));
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let deck = parse(&format!("\u{feff}{}", deck(GOOD))).unwrap();
        assert_eq!(deck.cards[0].position, Position { line: 6, column: 5 });
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "\u{0}",
            "[",
            "{\"cards\": [1]}",
            "null",
            "{\"format\":1,\"id\":\"a\",\"title\":\"b\",\"cards\":[{}]}",
        ] {
            assert!(parse(text).is_err());
        }
    }
}
