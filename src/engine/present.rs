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
use crate::engine::grade::{Response, Verdict};
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

/// The lines shown after an answer: right or wrong, the answer, why, where
/// the fact comes from and any correction note. Every deck text sanitised.
pub fn feedback(
    deck: &Deck,
    item: &Item<'_>,
    verdict: &Verdict,
    response: &Response,
) -> Vec<String> {
    let card = item.card;
    let headline = match verdict.correct {
        Some(true) => format!("{} Right: {}", style("✓").green(), clean(&verdict.expected)),
        Some(false) => format!(
            "{} Not quite. You answered: {}\n  The answer: {}",
            style("✗").red(),
            clean(&response_text(response)),
            clean(&verdict.expected)
        ),
        None => format!("Answer: {}", clean(&verdict.expected)),
    };
    let cited: Vec<String> = std::iter::once(&card.source)
        .chain(&card.also)
        .map(|source| cited(deck, source))
        .collect();
    let mut lines = vec![
        headline,
        format!("  Why: {}", clean(&card.explanation)),
        format!("  Source: {}", cited.join("; also ")),
    ];
    if let Some(note) = &card.note {
        lines.push(format!("  Note: {}", clean(note)));
    }
    lines
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
        let verdict = crate::engine::grade::grade(&item, &Response::Bool(true));
        let lines = feedback(&deck, &item, &verdict, &Response::Bool(true));
        assert_eq!(
            lines[2],
            "  Source: Major Points, bullet 5 of the escape summary; also Major Points, bullet 1"
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
