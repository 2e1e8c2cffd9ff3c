//! Markdown flashcards: `Q:` question and `A:` answer, or `C:` text with
//! `[gaps]`; optional `E:` explanation and `Tags:` lines; `---` between cards;
//! an optional `# Title` first. `\[` and `\]` are literal brackets. Field
//! prefixes and `---` count only at the start of a line; an indented line
//! continues the field above.

use super::{Note, Notes};
use crate::deck::{Body, Position, Problem};

/// The field a line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Question,
    Answer,
    Cloze,
    Explanation,
    Tags,
}

const PREFIXES: &[(&str, Field)] = &[
    ("Q:", Field::Question),
    ("A:", Field::Answer),
    ("C:", Field::Cloze),
    ("E:", Field::Explanation),
    ("Tags:", Field::Tags),
];

/// One card's fields as read, with the position of each field's first line.
#[derive(Default)]
struct Block {
    start: Option<Position>,
    fields: Vec<(Field, Position, String)>,
}

/// Reads Markdown cards.
pub fn parse(text: &str) -> Result<Notes, Vec<Problem>> {
    let mut title = None;
    let mut blocks = Vec::new();
    let mut block = Block::default();
    let mut problems = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        let number = i + 1;
        let indented = line.starts_with(char::is_whitespace);
        if trimmed == "---" && !indented {
            blocks.push(std::mem::take(&mut block));
            continue;
        }
        if let Some(t) = line.strip_prefix("# ")
            && title.is_none()
            && block.fields.is_empty()
        {
            title = Some(t.trim().to_string());
            continue;
        }
        let column = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
        let position = Position {
            line: number,
            column,
        };
        match PREFIXES
            .iter()
            .find(|(p, _)| !indented && trimmed.starts_with(p))
        {
            Some((prefix, field)) => {
                block.start.get_or_insert(position);
                block
                    .fields
                    .push((*field, position, trimmed[prefix.len()..].trim().to_string()));
            }
            None if trimmed.is_empty() => {
                if let Some((_, _, text)) = block.fields.last_mut() {
                    text.push('\n');
                }
            }
            None => match block.fields.last_mut() {
                Some((_, _, text)) => {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(trimmed);
                }
                None => problems.push(Problem {
                    position,
                    message: "text outside a card; start cards with `Q:` (and `A:`) or `C:`".into(),
                }),
            },
        }
    }
    blocks.push(block);
    let mut notes = Vec::new();
    for block in blocks {
        match note(block) {
            Ok(Some(n)) => notes.push(n),
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    if notes.is_empty() && problems.is_empty() {
        problems.push(Problem {
            position: crate::deck::LineIndex::new(text).position(text.len()),
            message: "no cards found; write `Q:` and `A:` lines, or `C:` with [gaps], with `---` between cards".into(),
        });
    }
    problems.sort_by_key(|p| (p.position.line, p.position.column));
    if problems.is_empty() {
        Ok(Notes {
            title,
            notes,
            warnings: Vec::new(),
        })
    } else {
        Err(problems)
    }
}

fn note(block: Block) -> Result<Option<Note>, Problem> {
    let Some(start) = block.start else {
        return Ok(None);
    };
    let get = |f: Field| {
        block
            .fields
            .iter()
            .find(|(field, _, _)| *field == f)
            .map(|(_, position, text)| (*position, text.trim().to_string()))
    };
    let explanation = get(Field::Explanation).map(|(_, t)| t);
    let tags = get(Field::Tags)
        .map(|(_, t)| {
            t.split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let body = match (get(Field::Question), get(Field::Answer), get(Field::Cloze)) {
        (_, _, Some((position, text))) => Body::Cloze {
            text: gaps(&text, position)?,
        },
        (Some((_, front)), Some((_, back)), None) if !front.is_empty() && !back.is_empty() => {
            Body::Basic { front, back }
        }
        (Some((position, _)), _, None) => {
            return Err(Problem {
                position,
                message: "this card needs a non-empty `Q:` question and an `A:` answer".into(),
            });
        }
        (None, _, None) => {
            return Err(Problem {
                position: start,
                message: "this card has no `Q:` question or `C:` cloze text".into(),
            });
        }
    };
    Ok(Some(Note {
        position: start,
        body,
        explanation,
        tags,
        ..Note::default()
    }))
}

/// `[gap]` markers as numbered cloze deletions; `\[` and `\]` stay literal.
fn gaps(text: &str, position: Position) -> Result<String, Problem> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut number = 0;
    let mut open: Option<usize> = None;
    let mut chars = text.chars().peekable();
    let mut gap = String::new();
    let mut index = 0;
    let fail = |index: usize, message: &str| {
        let before: String = text.chars().take(index).collect();
        let at = crate::deck::LineIndex::new(&before).position(before.len());
        Problem {
            position: Position {
                line: position.line + at.line - 1,
                column: if at.line == 1 {
                    position.column + 3 + at.column - 1
                } else {
                    at.column
                },
            },
            message: message.into(),
        }
    };
    while let Some(c) = chars.next() {
        let target = if open.is_some() { &mut gap } else { &mut out };
        match c {
            '\\' if matches!(chars.peek(), Some('[' | ']')) => {
                if let Some(next) = chars.next() {
                    target.push(next);
                    index += 1;
                }
            }
            '[' if open.is_none() => open = Some(index),
            '[' => {
                return Err(fail(
                    index,
                    "a `[` gap inside another gap; close the first with `]`",
                ));
            }
            ']' => match open.take() {
                Some(start)
                    if gap.trim().is_empty() || gap.contains("}}") || gap.contains("::") =>
                {
                    return Err(fail(start, "a gap must hold text without `}}` or `::`"));
                }
                Some(_) => {
                    number += 1;
                    out.push_str(&format!("{{{{c{number}::{gap}}}}}"));
                    gap.clear();
                }
                None => {
                    return Err(fail(
                        index,
                        "a `]` closes no gap; write `\\]` for a literal bracket",
                    ));
                }
            },
            c => target.push(c),
        }
        index += 1;
    }
    if let Some(start) = open {
        return Err(fail(start, "a `[` gap is never closed with `]`"));
    }
    if number == 0 {
        return Err(fail(0, "cloze text needs at least one [gap]"));
    }
    crate::deck::cloze::parse(&out).map_err(|e| fail(0, &format!("cloze text: {}", e.message)))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_and_cloze_cards_with_title_tags_and_explanations() {
        let text = "# My deck\n\nQ: What dose?\nA: 0.6 mg/kg\nE: Japanese dose.\nTags: design dose\n---\nC: Rates were [31.0%] vs [12.7%] \\[adjusted\\].\n";
        let notes = parse(text).unwrap();
        assert_eq!(notes.title.as_deref(), Some("My deck"));
        assert_eq!(
            notes.notes[0].body,
            Body::Basic {
                front: "What dose?".into(),
                back: "0.6 mg/kg".into()
            }
        );
        assert_eq!(
            notes.notes[0].explanation.as_deref(),
            Some("Japanese dose.")
        );
        assert_eq!(notes.notes[0].tags, vec!["design", "dose"]);
        assert_eq!(notes.notes[0].position.line, 3);
        assert_eq!(
            notes.notes[1].body,
            Body::Cloze {
                text: "Rates were {{c1::31.0%}} vs {{c2::12.7%}} [adjusted].".into()
            }
        );
    }

    #[test]
    fn broken_cards_are_reported_with_line_and_column() {
        let p = parse("Q: no answer\n---\nC: an [open gap\n---\nstray text\n").unwrap_err();
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!((p[0].position.line, p[0].position.column), (1, 1));
        assert_eq!((p[1].position.line, p[1].position.column), (3, 7));
        assert!(p[1].message.contains("never closed"));
        assert_eq!(p[2].position.line, 5);
    }
}
