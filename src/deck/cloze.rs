//! Cloze text: `{{c1::answer}}` or `{{c1::answer::hint}}` deletions.

use std::fmt;

/// A parsed cloze text: plain runs and deletions in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Cloze<'t> {
    parts: Vec<Part<'t>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part<'t> {
    Text(&'t str),
    Deletion(Deletion<'t>),
}

/// One `{{cN::answer::hint}}` deletion.
#[derive(Debug, Clone, PartialEq)]
pub struct Deletion<'t> {
    /// The deletion number N.
    pub number: u32,
    /// The hidden text.
    pub answer: &'t str,
    /// An optional hint shown in the blank.
    pub hint: Option<&'t str>,
}

/// Why a cloze text could not be parsed, with the byte offset of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClozeError {
    /// Byte offset in the text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ClozeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses cloze text. Every `{{` must open a well-formed deletion and at least
/// one deletion must exist.
pub fn parse(text: &str) -> Result<Cloze<'_>, ClozeError> {
    let mut parts = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            parts.push(Part::Text(&rest[..open]));
        }
        let start = offset + open;
        let inner_and_after = &rest[open + 2..];
        let close = inner_and_after.find("}}").ok_or_else(|| ClozeError {
            offset: start,
            message: "deletion opened with `{{` is never closed with `}}`".into(),
        })?;
        let inner = &inner_and_after[..close];
        parts.push(Part::Deletion(parse_deletion(inner, start)?));
        let consumed = open + 2 + close + 2;
        rest = &rest[consumed..];
        offset += consumed;
    }
    if !rest.is_empty() {
        parts.push(Part::Text(rest));
    }
    if !parts.iter().any(|p| matches!(p, Part::Deletion(_))) {
        return Err(ClozeError {
            offset: 0,
            message: "cloze text has no deletion; mark one as {{c1::answer}}".into(),
        });
    }
    if let Some(stray) = text.find("}}").filter(|_| !balanced(text)) {
        return Err(ClozeError {
            offset: stray,
            message: "`}}` without a matching `{{`".into(),
        });
    }
    Ok(Cloze { parts })
}

/// Whether every `}}` closes an earlier `{{`.
fn balanced(text: &str) -> bool {
    text.matches("{{").count() == text.matches("}}").count()
}

fn parse_deletion(inner: &str, start: usize) -> Result<Deletion<'_>, ClozeError> {
    let error = |message: &str| ClozeError {
        offset: start,
        message: format!("{message} in `{{{{{inner}}}}}`; write deletions as {{{{c1::answer}}}}"),
    };
    let mut fields = inner.splitn(3, "::");
    let label = fields.next().unwrap_or_default();
    let number = label
        .strip_prefix('c')
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| error("deletion must start with c1, c2, ..."))?;
    let answer = fields
        .next()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| error("deletion has no answer"))?;
    let hint = fields.next().map(str::trim).filter(|h| !h.is_empty());
    Ok(Deletion {
        number,
        answer,
        hint,
    })
}

impl<'t> Cloze<'t> {
    /// The distinct deletion numbers, ascending.
    pub fn numbers(&self) -> Vec<u32> {
        let mut numbers: Vec<u32> = self.deletions().map(|d| d.number).collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }

    /// Every deletion in text order.
    pub fn deletions(&self) -> impl Iterator<Item = &Deletion<'t>> {
        self.parts.iter().filter_map(|p| match p {
            Part::Deletion(d) => Some(d),
            Part::Text(_) => None,
        })
    }

    /// The answers hidden by deletion `number`, in text order.
    pub fn answers(&self, number: u32) -> Vec<&'t str> {
        self.deletions()
            .filter(|d| d.number == number)
            .map(|d| d.answer)
            .collect()
    }

    /// The text with deletion `number` blanked (`[...]` or `[hint]`) and the
    /// others shown.
    pub fn question(&self, number: u32) -> String {
        self.render(|d| {
            if d.number == number {
                format!("[{}]", d.hint.unwrap_or("..."))
            } else {
                d.answer.to_string()
            }
        })
    }

    /// The full text with every deletion shown.
    pub fn full_text(&self) -> String {
        self.render(|d| d.answer.to_string())
    }

    /// The text with each deletion replaced by what `deletion` makes of it.
    pub fn render(&self, mut deletion: impl FnMut(&Deletion<'t>) -> String) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Deletion(d) => out.push_str(&deletion(d)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_become_one_question_per_number() {
        let c = parse("mRS {{c1::0-3}} at {{c2::90::days}} days, {{c1::again}}").unwrap();
        assert_eq!(c.numbers(), vec![1, 2]);
        assert_eq!(c.answers(1), vec!["0-3", "again"]);
        assert_eq!(c.question(2), "mRS 0-3 at [days] days, again");
        assert_eq!(c.question(1), "mRS [...] at 90 days, [...]");
        assert_eq!(c.full_text(), "mRS 0-3 at 90 days, again");
    }

    #[test]
    fn malformed_deletions_are_errors_with_offsets() {
        assert_eq!(parse("a {{c1::x").unwrap_err().offset, 2);
        assert!(
            parse("no blanks")
                .unwrap_err()
                .message
                .contains("no deletion")
        );
        assert!(parse("{{x1::y}}").unwrap_err().message.contains("c1, c2"));
        assert!(parse("{{c0::y}}").is_err());
        assert!(parse("{{c1::}}").unwrap_err().message.contains("no answer"));
        assert_eq!(parse("x }} {{c1::y}}").unwrap_err().offset, 2);
    }
}
