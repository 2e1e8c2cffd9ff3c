//! Answer checking for every card kind.

use crate::deck::{Body, Item, cloze};

/// What the learner answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// The options picked, by their text.
    Choices(Vec<String>),
    /// True or false.
    Bool(bool),
    /// Typed text: a number, a short answer or a cloze gap.
    Text(String),
    /// A basic card was revealed; the learner rates it themselves.
    Revealed,
}

/// The verdict on a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Right or wrong; `None` for self-rated basic cards.
    pub correct: Option<bool>,
    /// The right answer, as shown in feedback.
    pub expected: String,
}

/// Grades `response` to `item`. A response of the wrong shape for the card
/// (the prompter never sends one) counts as wrong.
pub fn grade(item: &Item<'_>, response: &Response) -> Verdict {
    let expected = expected_answer(item);
    let correct = match (&item.card.body, response) {
        (Body::Basic { .. }, _) => None,
        (Body::Choice { answers, .. }, Response::Choices(picked)) => {
            let mut want: Vec<&String> = answers.iter().collect();
            let mut got: Vec<&String> = picked.iter().collect();
            want.sort();
            want.dedup();
            got.sort();
            got.dedup();
            Some(want == got)
        }
        (Body::TrueFalse { answer, .. }, Response::Bool(b)) => Some(answer == b),
        (
            Body::Numeric {
                value, tolerance, ..
            },
            Response::Text(t),
        ) => Some(parse_number(t).is_some_and(|x| (x - value).abs() <= tolerance + 1e-9)),
        (Body::Typed { answers, .. }, Response::Text(t)) => {
            Some(answers.iter().any(|a| text_matches(a, t)))
        }
        (Body::Cloze { text }, Response::Text(t)) => {
            let want = cloze_answers(text, item.cloze).join(" ");
            Some(text_matches(&want, t))
        }
        _ => Some(false),
    };
    Verdict { correct, expected }
}

/// The right answer as the learner should see it.
pub fn expected_answer(item: &Item<'_>) -> String {
    match &item.card.body {
        Body::Basic { back, .. } => back.clone(),
        Body::Choice { answers, .. } => answers.join("; "),
        Body::TrueFalse { answer, .. } => if *answer { "True" } else { "False" }.into(),
        Body::Numeric { value, unit, .. } => {
            if unit.is_empty() || unit == "%" {
                format!("{value}{unit}")
            } else {
                format!("{value} {unit}")
            }
        }
        Body::Typed { answers, .. } => answers.first().cloned().unwrap_or_default(),
        Body::Cloze { text } => cloze_answers(text, item.cloze).join("; "),
    }
}

fn cloze_answers(text: &str, number: Option<u32>) -> Vec<String> {
    cloze::parse(text)
        .map(|c| {
            c.answers(number.unwrap_or(1))
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Reads a number the way people type one: `31`, `31.0`, `31 %`, `2,43`, `0.6 mg/kg`.
pub fn parse_number(text: &str) -> Option<f64> {
    let tokens = tokens(text);
    match tokens.as_slice() {
        [Token::Number(x), rest @ ..] if rest.iter().all(|t| matches!(t, Token::Word(_))) => {
            Some(*x)
        }
        _ => None,
    }
}

/// Whether a typed answer matches an expected one, ignoring case, spacing and
/// punctuation, and comparing numbers by value (`31` matches `31.0%`). The
/// learner may leave out words the expected answer has when every number is
/// there (`0.6` matches `0.6 mg/kg`, `0 to 3` matches `0-3`).
pub fn text_matches(expected: &str, typed: &str) -> bool {
    let want = tokens(expected);
    let got = tokens(typed);
    if got.is_empty() {
        return false;
    }
    if want == got {
        return true;
    }
    let numbers = |ts: &[Token]| -> Vec<f64> {
        ts.iter()
            .filter_map(|t| match t {
                Token::Number(x) => Some(*x),
                Token::Word(_) => None,
            })
            .collect()
    };
    let want_numbers = numbers(&want);
    !want_numbers.is_empty()
        && want_numbers == numbers(&got)
        && got.iter().all(|t| match t {
            Token::Word(w) => want.contains(t) || CONNECTIVES.contains(&w.as_str()),
            Token::Number(_) => true,
        })
}

/// Words a learner may put between figures without changing the answer (`0 to 3`).
const CONNECTIVES: &[&str] = &["to", "and", "vs", "versus", "of"];

/// A normalised piece of an answer.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Word(String),
}

/// Splits text into lower-case words and numbers; anything else separates.
/// A `.` or `,` between digits is a decimal point.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<Token>| {
        if current.is_empty() {
            return;
        }
        let token = match current.parse::<f64>() {
            Ok(x) if current.chars().all(|c| c.is_ascii_digit() || c == '.') => Token::Number(x),
            _ => Token::Word(current.to_lowercase()),
        };
        out.push(token);
        current.clear();
    };
    for (i, &c) in chars.iter().enumerate() {
        let decimal = matches!(c, '.' | ',')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_alphanumeric() {
            current.push(c);
        } else if decimal {
            current.push('.');
        } else {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Card, Position, Source};

    fn card(body: Body) -> Card {
        Card {
            id: "c".into(),
            tags: vec![],
            explanation: String::new(),
            source: Source {
                section: "S".into(),
                bullet: 1,
                deck: None,
                quote: None,
            },
            also: Vec::new(),
            note: None,
            body,
            position: Position::default(),
        }
    }

    fn check(body: Body, cloze: Option<u32>, response: Response) -> Option<bool> {
        let card = card(body);
        grade(&Item { card: &card, cloze }, &response).correct
    }

    fn text(s: &str) -> Response {
        Response::Text(s.into())
    }

    #[test]
    fn numeric_answers_count_within_tolerance() {
        let body = || Body::Numeric {
            prompt: "p".into(),
            value: 31.0,
            tolerance: 0.05,
            unit: "%".into(),
        };
        assert_eq!(check(body(), None, text("31")), Some(true));
        assert_eq!(check(body(), None, text(" 31.04 % ")), Some(true));
        assert_eq!(check(body(), None, text("31,0")), Some(true));
        assert_eq!(check(body(), None, text("31.1")), Some(false));
        assert_eq!(check(body(), None, text("thirty")), Some(false));
        assert_eq!(check(body(), None, text("31 or 32")), Some(false));
    }

    #[test]
    fn typed_answers_ignore_case_spacing_and_punctuation() {
        let body = || Body::Typed {
            prompt: "p".into(),
            answers: vec!["modified Rankin scale".into(), "mRS".into()],
        };
        assert_eq!(
            check(body(), None, text("  Modified   rankin-scale. ")),
            Some(true)
        );
        assert_eq!(check(body(), None, text("MRS")), Some(true));
        assert_eq!(check(body(), None, text("NIHSS")), Some(false));
        assert_eq!(check(body(), None, text("")), Some(false));
        assert!(text_matches("0.6 mg/kg", "0.6"));
        assert!(!text_matches("0.6 mg/kg", "0,6 MG per kg"));
        assert!(text_matches("0–3", "0-3"));
        assert!(!text_matches("0.6 mg/kg", "6 mg/kg"));
    }

    #[test]
    fn cloze_items_are_graded_against_their_own_deletion() {
        let body = || Body::Cloze {
            text: "mRS {{c1::0-3}} at {{c2::90}} days, {{c2::again}}".into(),
        };
        assert_eq!(check(body(), Some(1), text("0 to 3")), Some(true));
        assert_eq!(check(body(), Some(1), text("0 3 mRS")), Some(false));
        assert_eq!(check(body(), Some(1), text("0–3")), Some(true));
        assert_eq!(check(body(), Some(2), text("90, again")), Some(true));
        assert_eq!(check(body(), Some(2), text("91, again")), Some(false));
        let card = card(body());
        assert_eq!(
            expected_answer(&Item {
                card: &card,
                cloze: Some(2)
            }),
            "90; again"
        );
    }

    #[test]
    fn choices_must_match_exactly_the_right_set() {
        let body = || Body::Choice {
            prompt: "p".into(),
            choices: vec!["a".into(), "b".into(), "c".into()],
            answers: vec!["a".into(), "c".into()],
        };
        let pick = |v: &[&str]| Response::Choices(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(check(body(), None, pick(&["c", "a"])), Some(true));
        assert_eq!(check(body(), None, pick(&["a"])), Some(false));
        assert_eq!(check(body(), None, pick(&["a", "b", "c"])), Some(false));
    }

    #[test]
    fn true_false_and_basic() {
        let tf = || Body::TrueFalse {
            prompt: "p".into(),
            answer: false,
        };
        assert_eq!(check(tf(), None, Response::Bool(false)), Some(true));
        assert_eq!(check(tf(), None, Response::Bool(true)), Some(false));
        let basic = Body::Basic {
            front: "f".into(),
            back: "b".into(),
        };
        assert_eq!(check(basic, None, Response::Revealed), None);
    }
}
