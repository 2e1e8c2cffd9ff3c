//! Checks of a deck's meaning, beyond what loading requires: duplicates,
//! explanations, and agreement with the trial summary it was built from.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::summary::{Summary, figures};
use super::{Body, Card, Deck, Problem};
use crate::grade::text_matches;

/// One lint finding: a problem in a deck or in its summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file the position refers to.
    pub file: PathBuf,
    /// What and where.
    pub problem: Problem,
}

/// The sections in which every bullet must have a card.
pub const COVERED_SECTIONS: &[&str] = &["Major Points", "Limitations & Criticisms"];

/// A summary together with the file it was read from.
pub struct SummaryFile<'a> {
    /// Where it was read from, for messages.
    pub path: &'a Path,
    /// Its parsed content.
    pub summary: &'a Summary,
}

/// Lints `deck`, read from `deck_path`, against its summary when one is given.
pub fn lint(deck: &Deck, deck_path: &Path, summary: Option<SummaryFile<'_>>) -> Vec<Finding> {
    let mut problems = Vec::new();
    let mut prompts: HashMap<&str, &str> = HashMap::new();
    for card in &deck.cards {
        let mut flag = |message: String| {
            problems.push(Problem {
                position: card.position,
                message: format!("card `{}`: {message}", card.id),
            })
        };
        if card.explanation.trim().is_empty() {
            flag("add an explanation; it is shown after the answer".into());
        }
        if card.tags.is_empty() {
            flag("add at least one tag naming the topic".into());
        }
        if let Some(first) = prompts.insert(card.prompt(), &card.id) {
            flag(format!("same prompt as card `{first}`; ask it once"));
        }
        match &card.body {
            Body::Choice {
                choices, answers, ..
            } => {
                let mut sorted: Vec<&String> = choices.iter().collect();
                sorted.sort();
                if sorted.windows(2).any(|w| w[0] == w[1]) {
                    flag("two choices are identical".into());
                }
                for a in answers.iter().filter(|a| !choices.contains(a)) {
                    flag(format!(
                        "answer `{a}` is not one of the choices; copy it exactly"
                    ));
                }
                for (answer, distractor) in lookalikes(choices, answers) {
                    flag(format!(
                        "distractor `{distractor}` reads the same as answer `{answer}` when typed; make them clearly different"
                    ));
                }
            }
            Body::Typed { answers, .. } => {
                for (answer, other) in typed_clashes(deck, card, answers) {
                    flag(format!(
                        "accepted answer `{answer}` would also accept `{other}`, a distractor of card `{}`; make the answer more specific",
                        other_card(deck, other)
                    ));
                }
            }
            Body::Numeric {
                value, tolerance, ..
            } if *value != 0.0 && *tolerance >= value.abs() => {
                flag(format!(
                    "tolerance {tolerance} is as wide as the value {value}; any guess near zero would pass"
                ));
            }
            _ => {}
        }
        if let Some(s) = &summary {
            let source = &card.source;
            match s.summary.bullet(&source.section, source.bullet) {
                None => flag(format!(
                    "source names bullet {} of `{}`, which {} does not have",
                    source.bullet,
                    source.section,
                    s.path.display()
                )),
                Some(bullet) if card.note.is_none() => {
                    let stated = bullet.taught_figures();
                    for text in card.answer_texts() {
                        for f in figures(&text) {
                            if !stated.contains(&f) {
                                flag(format!(
                                    "teaches {f}, which bullet {} of `{}` does not state; fix the figure or explain it in a `note`",
                                    source.bullet, source.section
                                ));
                            }
                        }
                    }
                }
                Some(_) => {}
            }
        }
    }
    let mut findings: Vec<Finding> = problems
        .into_iter()
        .map(|problem| Finding {
            file: deck_path.to_path_buf(),
            problem,
        })
        .collect();
    if let Some(s) = summary {
        findings.extend(uncovered(deck, s));
    }
    findings
}

/// Pairs of (answer, distractor) in a choice card that grading would not
/// tell apart (`31%` and `31.0 %`).
fn lookalikes<'c>(choices: &'c [String], answers: &'c [String]) -> Vec<(&'c str, &'c str)> {
    let mut out = Vec::new();
    for answer in answers {
        for choice in choices.iter().filter(|c| !answers.contains(c)) {
            if text_matches(answer, choice) || text_matches(choice, answer) {
                out.push((answer.as_str(), choice.as_str()));
            }
        }
    }
    out
}

/// Accepted answers of a typed card that would also accept a distractor of a
/// choice card on the same question: (answer, distractor).
fn typed_clashes<'d>(
    deck: &'d Deck,
    card: &Card,
    answers: &'d [String],
) -> Vec<(&'d str, &'d str)> {
    let mut out = Vec::new();
    for other in &deck.cards {
        let Body::Choice {
            prompt,
            choices,
            answers: right,
        } = &other.body
        else {
            continue;
        };
        if other.id == card.id || !same_question(prompt, card.prompt()) {
            continue;
        }
        for answer in answers {
            for distractor in choices.iter().filter(|c| !right.contains(c)) {
                if text_matches(answer, distractor) {
                    out.push((answer.as_str(), distractor.as_str()));
                }
            }
        }
    }
    out
}

/// Whether two prompts ask the same thing, ignoring case and punctuation.
fn same_question(a: &str, b: &str) -> bool {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    words(a) == words(b)
}

/// The id of the card holding `choice`, for messages.
fn other_card<'d>(deck: &'d Deck, choice: &str) -> &'d str {
    deck.cards
        .iter()
        .find(|c| matches!(&c.body, Body::Choice { choices, .. } if choices.iter().any(|x| x == choice)))
        .map_or("?", |c| c.id.as_str())
}

/// Bullets of the covered sections that no card names as its source.
fn uncovered(deck: &Deck, s: SummaryFile<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for heading in COVERED_SECTIONS {
        let Some(section) = s.summary.section(heading) else {
            out.push(Finding {
                file: s.path.to_path_buf(),
                problem: Problem {
                    position: super::Position { line: 1, column: 1 },
                    message: format!("the summary has no `## {heading}` section"),
                },
            });
            continue;
        };
        for (i, bullet) in section.bullets.iter().enumerate() {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let covered = deck
                .cards
                .iter()
                .any(|c| c.source.section == *heading && c.source.bullet == number);
            if !covered {
                out.push(Finding {
                    file: s.path.to_path_buf(),
                    problem: Problem {
                        position: super::Position {
                            line: bullet.line,
                            column: 1,
                        },
                        message: format!("bullet {number} of `{heading}` has no card; add one"),
                    },
                });
            }
        }
    }
    out
}
