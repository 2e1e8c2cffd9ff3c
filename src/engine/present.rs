//! A card as the learner sees it: the question (sanitised, options
//! shuffled), the feedback on an answer, and the words for intervals. Shared
//! by study and exam, so both show a card the same way.

use dialoguer::console::style;
use jiff::civil::Date;
use rand::Rng;
use rand::seq::SliceRandom;

use super::prompt::Question;
use super::schedule::{Rating, add_days};
use crate::deck::{Body, Deck, Item, Source, cloze};
use crate::engine::grade::{Change, Difference, Part, Response, Verdict};
use crate::ui::sanitize::clean;

/// The question for an item, sanitised, with choices shuffled by `rng`.
pub fn question(item: &Item<'_>, rng: &mut impl Rng) -> Question {
    let card = item.card;
    match &card.body {
        Body::Basic { front, .. } => Question::Reveal {
            front: clean(front),
        },
        Body::Choice {
            prompt,
            choices,
            answers,
        } => {
            let mut options: Vec<String> = choices.iter().map(|c| clean(c)).collect();
            options.shuffle(rng);
            Question::Choice {
                prompt: clean(prompt),
                options,
                multiple: answers.len() > 1,
            }
        }
        Body::TrueFalse { prompt, .. } => Question::TrueFalse {
            prompt: format!("True or false? {}", clean(prompt)),
        },
        Body::Numeric { prompt, unit, .. } => Question::Text {
            prompt: clean(prompt),
            hint: if unit.is_empty() {
                "a number".into()
            } else {
                format!("a number, in {}", clean(unit))
            },
        },
        Body::Cloze { text } => {
            let number = item.cloze.unwrap_or(1);
            let blanks = cloze::parse(text).map_or(1, |c| c.answers(number).len());
            Question::Text {
                prompt: clean(&item.prompt()),
                hint: if blanks == 1 {
                    "fill the blank".into()
                } else {
                    format!("fill the {blanks} blanks, in order")
                },
            }
        }
        Body::Typed { prompt, .. } => Question::Text {
            prompt: clean(prompt),
            hint: "a short answer".into(),
        },
    }
}

/// The lines shown after an answer: right or wrong (with the spelling a typo
/// was accepted for, or where a wrong answer differs), the answer, why, where
/// the fact comes from and any correction note. Every deck text sanitised.
pub fn feedback(
    deck: &Deck,
    item: &Item<'_>,
    verdict: &Verdict,
    response: &Response,
) -> Vec<String> {
    let card = item.card;
    let expected = clean(&verdict.expected);
    let headline = match (verdict.correct, &verdict.spelling) {
        (Some(true), Some(spelling)) => {
            let spelling = clean(spelling);
            // The spelling is the answer itself unless an alternative was typed.
            let answer = if spelling == expected {
                String::new()
            } else {
                format!(": {expected}")
            };
            format!(
                "{} Right (spelling: {spelling}){answer}",
                style("✓").green()
            )
        }
        (Some(true), None) => format!("{} Right: {expected}", style("✓").green()),
        (Some(false), _) => format!(
            "{} Not quite. You answered: {}\n  The answer: {expected}",
            style("✗").red(),
            clean(&response_text(response)),
        ),
        (None, _) => format!("Answer: {expected}"),
    };
    let cited: Vec<String> = std::iter::once(&card.source)
        .chain(&card.also)
        .map(|source| cited(deck, source))
        .collect();
    let mut lines = vec![headline];
    lines.extend(
        difference(item, verdict)
            .into_iter()
            .map(|l| format!("  {l}")),
    );
    lines.push(format!("  Why: {}", clean(&card.explanation)));
    lines.push(format!("  Source: {}", cited.join("; also ")));
    if let Some(note) = &card.note {
        lines.push(format!("  Note: {}", clean(note)));
    }
    lines
}

/// Where a wrong answer differs from the right one, as lines to show under
/// it (without indent): the words of the nearest accepted answer with the
/// differing ones marked, the number given beside the one expected, or the
/// options a multi-select missed and those picked wrongly. Nothing for a
/// right answer, a single choice (its answer says it all) or a typed answer
/// with no word in common with any accepted one.
pub fn difference(item: &Item<'_>, verdict: &Verdict) -> Vec<String> {
    match &verdict.difference {
        None => Vec::new(),
        Some(Difference::Text { closest, parts }) => {
            if !parts.iter().any(|p| p.change == Change::Same) {
                return Vec::new();
            }
            let mut lines = Vec::new();
            let closest = clean(closest);
            if closest != clean(&verdict.expected) {
                lines.push(format!("Nearest accepted answer: {closest}"));
            }
            lines.push(format!("Where it differs: {}", marked(parts)));
            lines
        }
        Some(Difference::Number {
            given,
            expected,
            tolerance,
        }) => {
            let unit = match &item.card.body {
                Body::Numeric { unit, .. } if unit == "%" => "%".to_string(),
                Body::Numeric { unit, .. } if !unit.is_empty() => format!(" {}", clean(unit)),
                _ => String::new(),
            };
            let within = if *tolerance > 0.0 {
                format!(" ± {tolerance}")
            } else {
                String::new()
            };
            let given = match given {
                Some(x) => format!("Your number: {x}"),
                None => "No number read in your answer".to_string(),
            };
            vec![format!("{given}; expected {expected}{within}{unit}")]
        }
        Some(Difference::Choices { missed, extra }) => {
            let multiple =
                matches!(&item.card.body, Body::Choice { answers, .. } if answers.len() > 1);
            if !multiple {
                return Vec::new();
            }
            let list = |options: &[String]| -> String {
                options
                    .iter()
                    .map(|o| clean(o))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let mut lines = Vec::new();
            if !missed.is_empty() {
                lines.push(format!("Missed: {}", list(missed)));
            }
            if !extra.is_empty() {
                lines.push(format!("Extra, not right: {}", list(extra)));
            }
            lines
        }
    }
}

/// A word-by-word difference in reading order: words in both as they are,
/// each run of differing words quoted and labelled, so the marks read
/// without colour: `alteplase «0.9» (not «0.6») mg/kg`, `«at 90 days»
/// (missing)`, `«IV» (extra)`. On a terminal the answer's words are green,
/// the response's red.
fn marked(parts: &[Part]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut run: (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let flush = |run: &mut (Vec<String>, Vec<String>), out: &mut Vec<String>| {
        let (missing, extra) = (run.0.join(" "), run.1.join(" "));
        let quote = |text: &str| format!("«{text}»");
        match (missing.is_empty(), extra.is_empty()) {
            (true, true) => return,
            (false, false) => out.push(format!(
                "{} (not {})",
                style(quote(&missing)).green(),
                style(quote(&extra)).red()
            )),
            (false, true) => out.push(format!("{} (missing)", style(quote(&missing)).green())),
            (true, false) => out.push(format!("{} (extra)", style(quote(&extra)).red())),
        }
        *run = (Vec::new(), Vec::new());
    };
    for part in parts {
        let text = clean(&part.text);
        match part.change {
            Change::Same => {
                flush(&mut run, &mut out);
                out.push(text);
            }
            Change::Missing => run.0.push(text),
            Change::Extra => run.1.push(text),
        }
    }
    flush(&mut run, &mut out);
    out.join(" ")
}

/// Where a fact comes from: `Major Points, bullet 2 of x.summary.md`, naming
/// the other deck when the bullet is in another trial's summary.
fn cited(deck: &Deck, source: &Source) -> String {
    let place = format!("{}, bullet {}", clean(&source.section), source.bullet);
    match source.deck.as_deref().filter(|&d| d != deck.id) {
        Some(other) => format!("{place} of the {} summary", clean(other)),
        None => match &deck.summary {
            Some(file) => format!("{place} of {}", clean(file)),
            None => place,
        },
    }
}

/// The answer as recorded in the log.
pub fn response_text(response: &Response) -> String {
    match response {
        Response::Choices(picked) => picked.join("; "),
        Response::Bool(b) => if *b { "true" } else { "false" }.into(),
        Response::Text(t) => t.clone(),
        Response::Revealed => String::new(),
    }
}

/// "this session", "1 day", "12 days", "3.2 months", "1.5 years".
pub fn interval_label(days: u32) -> String {
    match days {
        0 => "this session".into(),
        1 => "1 day".into(),
        2..=59 => format!("{days} days"),
        60..=364 => format!("{:.1} months", f64::from(days) / 30.4),
        _ => format!("{:.1} years", f64::from(days) / 365.25),
    }
}

/// The line that confirms a saved review and says when the card comes back.
pub fn acknowledgement(rating: Rating, interval: u32, today: Date) -> String {
    let next = if interval == 0 {
        "back later in this session".to_string()
    } else {
        format!(
            "next review in {} ({})",
            interval_label(interval),
            add_days(today, i64::from(interval))
        )
    };
    format!("  → {} · {next}", rating.label())
}

/// "" for one, "s" for any other count.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_in_another_trials_summary_names_that_trial() {
        let deck = crate::deck::parse(
            r#"{"format": 1, "id": "cmp", "title": "C", "cards": [
              {"id": "c", "kind": "truefalse", "tags": ["t"], "explanation": "e",
               "source": {"deck": "escape", "section": "Major Points", "bullet": 5},
               "also": [{"deck": "cmp", "section": "Major Points", "bullet": 1}],
               "prompt": "p", "answer": true}]}"#,
        )
        .unwrap();
        let item = deck.items()[0];
        let verdict = crate::engine::grade::Grader::new(&deck).grade(&item, &Response::Bool(true));
        let lines = feedback(&deck, &item, &verdict, &Response::Bool(true));
        assert_eq!(
            lines[2],
            "  Source: Major Points, bullet 5 of the escape summary; also Major Points, bullet 1"
        );
    }

    /// A deck of one card of each kind whose feedback teaches.
    fn teaching_deck() -> Deck {
        crate::deck::parse(
            r#"{"format": 1, "id": "fb", "title": "F", "cards": [
              {"id": "drug", "kind": "typed", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 1},
               "prompt": "Which thrombolytic was given?", "answers": ["alteplase"]},
              {"id": "outcome", "kind": "typed", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 2},
               "prompt": "What was the primary outcome?",
               "answers": ["mRS 0-2 at 90 days", "functional independence"]},
              {"id": "dose", "kind": "numeric", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 3},
               "prompt": "What dose?", "value": 0.9, "tolerance": 0.05, "unit": "mg/kg"},
              {"id": "arms", "kind": "choice", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 4},
               "prompt": "Which were given?",
               "choices": ["aspirin", "clopidogrel", "heparin", "warfarin"],
               "answers": ["aspirin", "clopidogrel"]},
              {"id": "one", "kind": "choice", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 5},
               "prompt": "Which was given?",
               "choices": ["aspirin", "heparin"], "answers": ["aspirin"]}]}"#,
        )
        .unwrap()
    }

    /// The feedback, colour removed, for `response` to card `id`.
    fn shown(id: &str, response: Response) -> Vec<String> {
        let deck = teaching_deck();
        let grader = crate::engine::grade::Grader::new(&deck);
        let item = *deck.items().iter().find(|i| i.card.id == id).unwrap();
        let verdict = grader.grade(&item, &response);
        feedback(&deck, &item, &verdict, &response)
            .iter()
            .map(|l| dialoguer::console::strip_ansi_codes(l).into_owned())
            .collect()
    }

    fn text(s: &str) -> Response {
        Response::Text(s.into())
    }

    #[test]
    fn a_typo_accepted_is_shown_with_the_spelling() {
        assert_eq!(
            shown("drug", text("altepase"))[0],
            "✓ Right (spelling: alteplase)"
        );
        // An alternative answer misspelt names the alternative and the answer.
        assert_eq!(
            shown("outcome", text("functional independance"))[0],
            "✓ Right (spelling: functional independence): mRS 0-2 at 90 days"
        );
        assert_eq!(shown("drug", text("alteplase"))[0], "✓ Right: alteplase");
    }

    #[test]
    fn a_wrong_text_shows_where_it_differs_from_the_nearest_answer() {
        let lines = shown("outcome", text("mRS 0-3 at 90 days"));
        assert_eq!(
            lines[..3],
            [
                "✗ Not quite. You answered: mRS 0-3 at 90 days\n  The answer: mRS 0-2 at 90 days",
                "  Where it differs: mRS «0-2» (not «0-3») at 90 days",
                "  Why: e",
            ]
        );
        let lines = shown("outcome", text("mRS 0-2"));
        assert_eq!(
            lines[1],
            "  Where it differs: mRS 0-2 «at 90 days» (missing)"
        );
        let lines = shown("outcome", text("functional dependence"));
        assert_eq!(
            lines[1..3],
            [
                "  Nearest accepted answer: functional independence",
                "  Where it differs: functional «independence» (not «dependence»)",
            ]
        );
        // With no word in common there is nothing to point at.
        assert_eq!(shown("drug", text("tenecteplase"))[1], "  Why: e");
    }

    #[test]
    fn a_wrong_number_is_shown_beside_the_one_expected() {
        assert_eq!(
            shown("dose", text("0.6 mg/kg"))[1],
            "  Your number: 0.6; expected 0.9 ± 0.05 mg/kg"
        );
        assert_eq!(
            shown("dose", text("a lot"))[1],
            "  No number read in your answer; expected 0.9 ± 0.05 mg/kg"
        );
    }

    #[test]
    fn a_wrong_multi_select_names_the_options_missed_and_extra() {
        let picked = |p: &[&str]| Response::Choices(p.iter().map(|s| s.to_string()).collect());
        let lines = shown("arms", picked(&["aspirin", "heparin", "warfarin"]));
        assert_eq!(
            lines[1..3],
            [
                "  Missed: clopidogrel",
                "  Extra, not right: heparin; warfarin"
            ]
        );
        let lines = shown("arms", picked(&["aspirin"]));
        assert_eq!(lines[1..3], ["  Missed: clopidogrel", "  Why: e"]);
        // A single choice's answer says it all.
        assert_eq!(shown("one", picked(&["heparin"]))[1], "  Why: e");
    }

    #[test]
    fn deck_text_in_a_difference_is_sanitised() {
        let deck = crate::deck::parse(
            r#"{"format": 1, "id": "h", "title": "H", "cards": [
              {"id": "c", "kind": "typed", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 1},
               "prompt": "Which?", "answers": ["mRS \u001b]0;owned\u0007 0-2 at 90 days"]}]}"#,
        )
        .unwrap();
        let item = deck.items()[0];
        let response = text("mRS 0-3 at 90 days");
        let verdict = crate::engine::grade::Grader::new(&deck).grade(&item, &response);
        assert!(verdict.difference.is_some(), "{verdict:?}");
        let lines = difference(&item, &verdict);
        assert!(!lines.is_empty());
        assert!(
            lines
                .iter()
                .all(|l| !l.contains('\u{1b}') && !l.contains('\u{7}')),
            "{lines:?}"
        );
    }

    #[test]
    fn intervals_read_in_the_unit_that_fits() {
        let labels: Vec<String> = [0, 1, 12, 90, 700].map(interval_label).into();
        assert_eq!(
            labels,
            [
                "this session",
                "1 day",
                "12 days",
                "3.0 months",
                "1.9 years"
            ]
        );
    }

    #[test]
    fn an_acknowledgement_names_the_rating_and_the_day_it_returns() {
        let today = jiff::civil::date(2026, 3, 1);
        assert_eq!(
            acknowledgement(Rating::Good, 3, today),
            "  → Good · next review in 3 days (2026-03-04)"
        );
        assert_eq!(
            acknowledgement(Rating::Again, 0, today),
            "  → Again · back later in this session"
        );
    }
}
