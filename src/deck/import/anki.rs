//! Anki-style delimited text: `#separator:`, `#html:`, `#tags column:`,
//! `#notetype column:`, `#deck column:`, `#guid column:` and `#deck:` headers,
//! then one note a row (front, back, tags when no tags column is named).
//!
//! A note of a reversed notetype gives two cards, a type-in note a typed
//! card. A guid names the card: a trialdrill guid (`td:DECK:CARD`, as
//! `deck export --format anki` writes) gives back the card's own id, any
//! other guid an id derived from it.

use super::notetype::Stock;
use super::{Note, Notes, Tally, fnv1a, stock_body, unknown_notetype};
use crate::deck::html;
use crate::deck::{Body, Position, Problem};

/// How a trialdrill guid starts: `td:DECK:CARD`.
pub const GUID_PREFIX: &str = "td:";

/// The guid `deck export --format anki` gives card `card` of deck `deck`.
pub fn guid(deck: &str, card: &str) -> String {
    format!("{GUID_PREFIX}{deck}:{card}")
}

/// The deck id and card id a trialdrill guid names.
pub fn parse_guid(guid: &str) -> Option<(&str, &str)> {
    guid.strip_prefix(GUID_PREFIX)?
        .split_once(':')
        .filter(|(deck, card)| !deck.is_empty() && !card.is_empty())
}

/// Where an explanation starts inside an exported back field.
pub const EXPLANATION_OPEN: &str = "<div class=\"explanation\">";

/// Header settings read from the top of the file.
#[derive(Debug, Default)]
struct Headers {
    separator: Option<u8>,
    html: bool,
    tags: Option<usize>,
    notetype: Option<usize>,
    guid: Option<usize>,
    deck_column: Option<usize>,
    deck: Option<String>,
}

/// Reads the notes of an Anki text file.
pub fn parse(text: &str, progress: &mut dyn FnMut(u64)) -> Result<Notes, Vec<Problem>> {
    let (headers, header_lines, body_offset) = read_headers(text)?;
    let body = &text[body_offset..];
    let separator = headers.separator.unwrap_or_else(|| guess_separator(body));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut notes = Vec::new();
    let mut problems = Vec::new();
    let mut unknown = Tally::default();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line());
                problems.push(problem(
                    header_lines + usize::try_from(line).unwrap_or(1),
                    1,
                    format!("cannot read this row: {e}"),
                ));
                continue;
            }
        };
        let (line, byte) = record.position().map_or((1, 0), |p| {
            (usize::try_from(p.line()).unwrap_or(1), p.byte())
        });
        progress(byte);
        let line = header_lines + line;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match note(&headers, &record, line) {
            Ok((mut n, notetype)) => {
                if let Some(name) = notetype {
                    unknown.add(&name);
                }
                notes.append(&mut n);
            }
            Err(p) => problems.push(p),
        }
    }
    progress(u64::try_from(body.len()).unwrap_or(u64::MAX));
    if notes.is_empty() && problems.is_empty() {
        problems.push(problem(
            header_lines + 1,
            1,
            "no notes found; write one note a line: front, separator, back".into(),
        ));
    }
    if problems.is_empty() {
        Ok(Notes {
            title: headers.deck,
            notes,
            warnings: unknown
                .into_counts()
                .into_iter()
                .map(|(name, n)| unknown_notetype(&name, n))
                .collect(),
        })
    } else {
        Err(problems)
    }
}

fn problem(line: usize, column: usize, message: String) -> Problem {
    Problem {
        position: Position { line, column },
        message,
    }
}

/// The header lines at the top of the file, how many lines they take, and
/// the byte offset where the notes start.
fn read_headers(text: &str) -> Result<(Headers, usize, usize), Vec<Problem>> {
    let mut h = Headers::default();
    let mut offset = 0;
    let mut lines = 0;
    for line in text.split_inclusive('\n') {
        let Some(header) = line.trim_end_matches(['\r', '\n']).strip_prefix('#') else {
            break;
        };
        lines += 1;
        let at = |message: String| vec![problem(lines, 1, message)];
        if let Some((key, value)) = header.split_once(':') {
            let (key, value) = (key.trim().to_lowercase(), value.trim());
            let column = || -> Result<usize, Vec<Problem>> {
                value
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n >= 1)
                    .map(|n| n - 1)
                    .ok_or_else(|| {
                        at(format!(
                            "`#{key}:` needs a column number from 1, not `{value}`"
                        ))
                    })
            };
            match key.as_str() {
                "separator" => h.separator = Some(separator(value).ok_or_else(|| {
                    at(format!("unknown separator `{value}`; use tab, comma, semicolon, space, pipe, colon or one character"))
                })?),
                "html" => h.html = value.eq_ignore_ascii_case("true"),
                "tags column" => h.tags = Some(column()?),
                "notetype column" => h.notetype = Some(column()?),
                "deck column" => h.deck_column = Some(column()?),
                "guid column" => h.guid = Some(column()?),
                "deck" => h.deck = Some(value.to_string()),
                _ => {}
            }
        }
        offset += line.len();
    }
    Ok((h, lines, offset))
}

/// A separator name or character as Anki writes it.
fn separator(value: &str) -> Option<u8> {
    Some(match value.to_lowercase().as_str() {
        "tab" | "\t" => b'\t',
        "comma" | "," => b',',
        "semicolon" | ";" => b';',
        "space" | " " => b' ',
        "pipe" | "|" => b'|',
        "colon" | ":" => b':',
        other if other.len() == 1 => other.as_bytes()[0],
        _ => return None,
    })
}

/// Tab if the first line has one, else comma, else semicolon.
fn guess_separator(body: &str) -> u8 {
    let first = body.lines().next().unwrap_or_default();
    [b'\t', b',', b';']
        .into_iter()
        .find(|&c| first.as_bytes().contains(&c))
        .unwrap_or(b'\t')
}

/// One row as its notes (two for a reversed notetype), and the name of its
/// notetype when trialdrill does not know it.
fn note(
    h: &Headers,
    record: &csv::StringRecord,
    line: usize,
) -> Result<(Vec<Note>, Option<String>), Problem> {
    let mut media = 0;
    let mut cell = |raw: &str| {
        if h.html {
            let t = html::to_text(raw);
            media += t.media;
            t.text
        } else {
            raw.trim().to_string()
        }
    };
    let column = |c: Option<usize>| c.and_then(|i| record.get(i)).map(str::trim);
    let notetype_name = column(h.notetype).unwrap_or_default().to_string();
    let specials = [h.tags, h.notetype, h.guid, h.deck_column];
    let fields: Vec<usize> = (0..record.len())
        .filter(|i| !specials.contains(&Some(*i)))
        .collect();
    let raw = |n: usize| {
        fields
            .get(n)
            .and_then(|&i| record.get(i))
            .unwrap_or_default()
    };
    // With no tags column named, the field after the back holds the tags.
    let stock = Stock::named(&notetype_name);
    let tags_cell = match h.tags {
        Some(i) => record.get(i).unwrap_or_default(),
        None if stock == Some(Stock::OptionalReversed) => raw(3),
        None => raw(2),
    };
    let front = cell(raw(0));
    let mut back_raw = raw(1).to_string();
    let mut explanation = None;
    if let Some(at) = back_raw.find(EXPLANATION_OPEN) {
        let inner = back_raw[at + EXPLANATION_OPEN.len()..].trim_end();
        explanation = Some(cell(inner.strip_suffix("</div>").unwrap_or(inner)));
        back_raw.truncate(at);
    }
    let back = cell(&back_raw);
    let reverse = stock == Some(Stock::OptionalReversed) && !cell(raw(2)).is_empty();
    if front.is_empty() {
        return Err(problem(
            line,
            1,
            "the note's first field (its front or cloze text) is empty".into(),
        ));
    }
    let (guid_id, deck_id) = match column(h.guid).filter(|g| !g.is_empty()) {
        Some(g) => match parse_guid(g) {
            Some((deck, card)) => (Some(card.to_string()), Some(deck.to_string())),
            None => (Some(format!("g-{:016x}", fnv1a(g.as_bytes()))), None),
        },
        None => (None, None),
    };
    let base = Note {
        position: Position { line, column: 1 },
        tags: tags_cell.split_whitespace().map(String::from).collect(),
        id: guid_id.clone(),
        deck: column(h.deck_column)
            .filter(|d| !d.is_empty())
            .map(String::from),
        deck_id,
        media,
        ..Note::default()
    };
    let cloze = stock == Some(Stock::Cloze) || (notetype_name.is_empty() && front.contains("{{c"));
    if cloze {
        if let Err(e) = crate::deck::cloze::parse(&front) {
            return Err(problem(line, 1, format!("cloze text: {}", e.message)));
        }
        if !back.is_empty() && explanation.is_none() {
            explanation = Some(back);
        }
        let note = Note {
            body: Body::Cloze { text: front },
            explanation,
            ..base
        };
        return Ok((vec![note], None));
    }
    if back.is_empty() {
        return Err(problem(
            line,
            1,
            "the note has a front but no back; separate them with the file's separator".into(),
        ));
    }
    let texts = [front, back];
    let mut notes = Vec::new();
    for ord in [0, 1] {
        if ord == 1 && !(stock == Some(Stock::Reversed) || reverse) {
            break;
        }
        if let Some(body) = stock_body(stock, &texts, ord) {
            let id = guid_id.as_ref().map(|g| {
                if ord == 0 {
                    g.clone()
                } else {
                    format!("{g}-r")
                }
            });
            notes.push(Note {
                body,
                explanation: explanation.clone().filter(|_| ord == 0),
                id,
                ..base.clone()
            });
        }
    }
    let unknown = (!notetype_name.is_empty() && stock.is_none()).then_some(notetype_name);
    Ok((notes, unknown))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Notes {
        parse(text, &mut |_| {}).unwrap()
    }

    #[test]
    fn headers_choose_separator_html_notetype_and_tags_columns() {
        let text = "#separator:Comma\n#html:true\n#notetype column:1\n#tags column:4\n#deck:My Trial\nBasic,Dose &lt;1 mg?,0.6<br>mg/kg,design dose\nCloze,\"{{c1::31.0%}} vs 12.7%, a gain\",,results\n";
        let notes = read(text);
        assert_eq!(notes.title.as_deref(), Some("My Trial"));
        assert!(notes.warnings.is_empty());
        assert_eq!(notes.notes.len(), 2);
        assert_eq!(
            notes.notes[0].body,
            Body::Basic {
                front: "Dose <1 mg?".into(),
                back: "0.6\nmg/kg".into()
            }
        );
        assert_eq!(notes.notes[0].tags, vec!["design", "dose"]);
        assert_eq!(notes.notes[0].position.line, 6);
        assert!(
            matches!(&notes.notes[1].body, Body::Cloze { text } if text == "{{c1::31.0%}} vs 12.7%, a gain")
        );
    }

    #[test]
    fn plain_tsv_reads_front_back_tags() {
        let notes = read("What?\tThat.\ttag1 tag2\nWhy?\tBecause.\n");
        assert_eq!(
            notes.notes[1].body,
            Body::Basic {
                front: "Why?".into(),
                back: "Because.".into()
            }
        );
        assert_eq!(notes.notes[0].tags, vec!["tag1", "tag2"]);
    }

    #[test]
    fn bad_rows_are_reported_with_their_line() {
        let p = parse(
            "#separator:tab\nok\tyes\nno back here\n\tempty front\n",
            &mut |_| {},
        )
        .unwrap_err();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].position.line, 3);
        assert!(p[0].message.contains("no back"));
        assert_eq!(p[1].position.line, 4);
        let bad = parse("#separator:wave\na\tb\n", &mut |_| {}).unwrap_err();
        assert_eq!(bad[0].position.line, 1);
    }

    #[test]
    fn reversed_and_type_in_notes_give_their_cards_and_guids_their_ids() {
        let text = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:7\n\
            abc\tBasic (and reversed card)\tA::B\tHeart\tCoeur\t\tanatomy\n\
            td:my-deck:card-7\tBasic (type in the answer)\tA::B\tDose?\t0.9 mg/kg\t\t\n\
            xyz\tBasic (optional reversed card)\tC\tOne\tUn\t\t\n\
            xyw\tBasic (optional reversed card)\tC\tTwo<img src=\"two.png\">\tDeux\ty\t\n\
            q\tJapanese\tC\t&#x3042;\ta\t\t\n";
        let notes = read(text);
        let kinds: Vec<&str> = notes.notes.iter().map(|n| n.body.kind()).collect();
        assert_eq!(
            kinds,
            [
                "basic", "basic", "typed", "basic", "basic", "basic", "basic"
            ]
        );
        assert_eq!(
            notes.notes[1].body,
            Body::Basic {
                front: "Coeur".into(),
                back: "Heart".into()
            }
        );
        assert_eq!(notes.notes[0].deck.as_deref(), Some("A::B"));
        assert_eq!(notes.notes[0].tags, ["anatomy"]);
        let g = format!("g-{:016x}", fnv1a(b"abc"));
        assert_eq!(notes.notes[0].id.as_deref(), Some(g.as_str()));
        assert_eq!(notes.notes[1].id, Some(format!("{g}-r")));
        assert_eq!(notes.notes[2].id.as_deref(), Some("card-7"));
        assert_eq!(notes.notes[2].deck_id.as_deref(), Some("my-deck"));
        assert_eq!(
            notes.notes[4].body,
            Body::Basic {
                front: "Two[image: two.png]".into(),
                back: "Deux".into()
            }
        );
        assert_eq!(notes.notes[4].media, 1);
        assert_eq!(notes.notes[6].body.kind(), "basic");
        assert!(
            notes.warnings[0].contains("`Japanese`"),
            "{:?}",
            notes.warnings
        );
    }
}
