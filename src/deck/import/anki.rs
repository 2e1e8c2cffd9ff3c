//! Anki-style delimited text: `#separator:`, `#html:`, `#tags column:`,
//! `#notetype column:`, `#deck column:`, `#guid column:` and `#deck:` headers,
//! then one note a row (front, back, tags when no tags column is named).

use super::{Note, Notes};
use crate::deck::{Body, Position, Problem};

/// Where an explanation starts inside an exported back field.
pub const EXPLANATION_OPEN: &str = "<div class=\"explanation\">";

/// Header settings read from the top of the file.
#[derive(Debug, Default)]
struct Headers {
    separator: Option<u8>,
    html: bool,
    tags: Option<usize>,
    notetype: Option<usize>,
    other_columns: Vec<usize>,
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
            Ok(n) => notes.push(n),
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
                "deck column" | "guid column" => h.other_columns.push(column()?),
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

/// One row as a note.
fn note(h: &Headers, record: &csv::StringRecord, line: usize) -> Result<Note, Problem> {
    let cell = |i: usize| {
        record.get(i).map(|v| {
            if h.html {
                from_html(v)
            } else {
                v.trim().to_string()
            }
        })
    };
    let notetype = h
        .notetype
        .and_then(|i| record.get(i))
        .unwrap_or_default()
        .to_lowercase();
    let special: Vec<usize> = h
        .tags
        .iter()
        .chain(&h.notetype)
        .chain(&h.other_columns)
        .copied()
        .collect();
    let fields: Vec<usize> = (0..record.len()).filter(|i| !special.contains(i)).collect();
    let front = fields.first().and_then(|&i| cell(i)).unwrap_or_default();
    let mut back_raw = fields
        .get(1)
        .and_then(|&i| record.get(i))
        .unwrap_or_default()
        .to_string();
    // With no tags column named, a third field holds the tags.
    let tags_cell = h
        .tags
        .or_else(|| fields.get(2).copied())
        .and_then(|i| record.get(i))
        .unwrap_or_default();
    let mut explanation = None;
    if let Some(at) = back_raw.find(EXPLANATION_OPEN) {
        let inner = back_raw[at + EXPLANATION_OPEN.len()..].trim_end();
        explanation = Some(from_html(inner.strip_suffix("</div>").unwrap_or(inner)));
        back_raw.truncate(at);
    }
    let back = if h.html {
        from_html(&back_raw)
    } else {
        back_raw.trim().to_string()
    };
    if front.is_empty() {
        return Err(problem(
            line,
            1,
            "the note's first field (its front or cloze text) is empty".into(),
        ));
    }
    let cloze = notetype.contains("cloze") || (notetype.is_empty() && front.contains("{{c"));
    let body = if cloze {
        if let Err(e) = crate::deck::cloze::parse(&front) {
            return Err(problem(line, 1, format!("cloze text: {}", e.message)));
        }
        if !back.is_empty() && explanation.is_none() {
            explanation = Some(back);
        }
        Body::Cloze { text: front }
    } else {
        if back.is_empty() {
            return Err(problem(
                line,
                1,
                "the note has a front but no back; separate them with the file's separator".into(),
            ));
        }
        Body::Basic { front, back }
    };
    Ok(Note {
        position: Position { line, column: 1 },
        body,
        explanation,
        tags: tags_cell.split_whitespace().map(String::from).collect(),
    })
}

/// Field text for an Anki file with `#html:true`: markup characters escaped,
/// line breaks as `<br>`.
pub fn to_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\n', "<br>")
}

/// Plain text from an HTML field: `<br>` and block ends as line breaks, other
/// tags dropped, common entities decoded.
pub fn from_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(close) = after.find('>') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let tag = after[1..close].trim().to_lowercase();
        if tag.starts_with("br") || tag == "/div" || tag == "/p" {
            out.push('\n');
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
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
    fn html_round_trips_through_escape_and_decode() {
        let text = "a < b & \"c\"\nnext";
        assert_eq!(from_html(&to_html(text)), text);
    }
}
