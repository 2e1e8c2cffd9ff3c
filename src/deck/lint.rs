//! Checks of a deck's meaning, beyond what loading requires: duplicates,
//! explanations, and agreement with the trial summary it was built from.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::sources::{CitedError, Summaries, SummaryFile};
use super::{Body, Card, Deck, Problem, Source};
use crate::engine::grade::{Phrase, Question};
use crate::summary::Summary;
use crate::summary::figures::values;

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

/// Lints `deck`, read from `deck_path`, and checks its sources against
/// `summaries`: its own summary, when it has one, and those of the decks its
/// cards cite.
pub fn lint(deck: &Deck, deck_path: &Path, summaries: &Summaries) -> Vec<Finding> {
    let mut problems = Vec::new();
    let mut prompts: HashMap<&str, &str> = HashMap::new();
    // The choice cards by their question, looked up for each typed card
    // rather than searched for: a deck of typed cards is linted in time
    // linear in its size.
    let mut choice_cards: HashMap<String, Vec<&Card>> = HashMap::new();
    for card in &deck.cards {
        if matches!(card.body, Body::Choice { .. }) {
            let question = question(card.prompt());
            choice_cards.entry(question).or_default().push(card);
        }
    }
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
        card_problems(deck, card, &choice_cards, summaries)
            .into_iter()
            .for_each(flag);
    }
    let mut findings: Vec<Finding> = problems
        .into_iter()
        .map(|problem| Finding {
            file: deck_path.to_path_buf(),
            problem,
        })
        .collect();
    if let Some(own) = &summaries.own {
        findings.extend(uncovered(deck, own));
    }
    findings
}

/// What is wrong with `card` alone, by its kind and against its sources;
/// `choice_cards` are the deck's choice cards by their question.
fn card_problems(
    deck: &Deck,
    card: &Card,
    choice_cards: &HashMap<String, Vec<&Card>>,
    summaries: &Summaries,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut flag = |message: String| out.push(message);
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
            for (answer, distractor) in lookalikes(card.prompt(), choices, answers) {
                flag(format!(
                    "distractor `{distractor}` reads the same as answer `{answer}` when typed; make them clearly different"
                ));
            }
        }
        Body::Typed { answers, .. } => {
            let asking = choice_cards.get(&question(card.prompt()));
            for (answer, distractor, other) in
                typed_clashes(asking.map_or(&[], Vec::as_slice), card, answers)
            {
                flag(format!(
                    "accepted answer `{answer}` would also accept `{distractor}`, a distractor of card `{other}`; make the answer more specific"
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
    out.extend(source_problems(deck, card, summaries));
    out
}

/// What is wrong with the bullets `card` cites: a cited deck without a
/// summary, a bullet its summary lacks, or (when every cited bullet was
/// found and the card has no note) a taught figure none of them states.
fn source_problems(deck: &Deck, card: &Card, summaries: &Summaries) -> Vec<String> {
    let mut out = Vec::new();
    let mut stated = Vec::new();
    let mut complete = true;
    let mut unresolved: Vec<&str> = Vec::new();
    for (i, source) in card.sources().enumerate() {
        let key = if i == 0 { "source" } else { "`also`" };
        let other = source.other_deck(&deck.id);
        let summary: Result<&Summary, String> = match other {
            None => match &summaries.own {
                Some(own) => Ok(&own.summary),
                None => {
                    complete = false;
                    continue;
                }
            },
            Some(id) => match summaries.cited.get(id) {
                Some(Ok(summary)) => Ok(summary),
                Some(Err(e)) => Err(e.to_string()),
                None => Err(CitedError::NotFound(id.to_string()).to_string()),
            },
        };
        match summary {
            Err(message) => {
                complete = false;
                if let Some(id) = other.filter(|id| !unresolved.contains(id)) {
                    unresolved.push(id);
                    out.push(message);
                }
            }
            Ok(summary) => match summary.bullet(&source.section, source.bullet) {
                Some(bullet) => stated.extend(bullet.taught_figures()),
                None => {
                    complete = false;
                    let holder = match (other, &summaries.own) {
                        (None, Some(own)) => own.path.display().to_string(),
                        _ => "its summary".to_string(),
                    };
                    out.push(format!(
                        "{key} names {}, which {holder} does not have",
                        describe(source, other)
                    ));
                }
            },
        }
    }
    if !complete || card.note.is_some() {
        return out;
    }
    let cited: Vec<String> = card
        .sources()
        .map(|s| describe(s, s.other_deck(&deck.id)))
        .collect();
    for text in card.answer_texts() {
        for f in values(&text).into_iter().filter(|f| !stated.contains(f)) {
            let which = match cited.as_slice() {
                [one] => format!("{one} does not state"),
                many => format!("none of the bullets it cites states ({})", many.join("; ")),
            };
            out.push(format!(
                "teaches {f}, which {which}; fix the figure or explain it in a `note`"
            ));
        }
    }
    out
}

/// `bullet 2 of `Major Points``, with ` of deck `x`` for another deck's.
fn describe(source: &Source, other: Option<&str>) -> String {
    let mut text = format!("bullet {} of `{}`", source.bullet, source.section);
    if let Some(id) = other {
        text.push_str(&format!(" of deck `{id}`"));
    }
    text
}

/// Pairs of (answer, distractor) in a choice card that grading would not
/// tell apart when typed in answer to its question (`31%` and `31.0 %`).
/// The question and each choice are read once, not once a pair.
pub(crate) fn lookalikes<'c>(
    question: &str,
    choices: &'c [String],
    answers: &'c [String],
) -> Vec<(&'c str, &'c str)> {
    let mut out = Vec::new();
    let wrong: Vec<(&String, Phrase)> = choices
        .iter()
        .filter(|c| !answers.contains(c))
        .map(|c| (c, Phrase::new(c)))
        .collect();
    if wrong.is_empty() {
        return out;
    }
    let asked = Question::new(question);
    for answer in answers {
        let said = Phrase::new(answer);
        for (choice, read) in &wrong {
            if asked.accepts(&said, read) || asked.accepts(read, &said) {
                out.push((answer.as_str(), choice.as_str()));
            }
        }
    }
    out
}

/// Accepted answers of a typed card that would also accept a distractor of
/// one of `asking`, the choice cards on its question, graded as the typed
/// card grades (its question's words may be repeated): (answer, distractor,
/// the choice card's id).
fn typed_clashes<'d>(
    asking: &[&'d Card],
    card: &Card,
    answers: &'d [String],
) -> Vec<(&'d str, &'d str, &'d str)> {
    let mut out = Vec::new();
    if asking.iter().all(|other| other.id == card.id) {
        return out;
    }
    let asked = Question::new(card.prompt());
    let accepted: Vec<(&String, Phrase)> = answers.iter().map(|a| (a, Phrase::new(a))).collect();
    for other in asking.iter().filter(|other| other.id != card.id) {
        let Body::Choice {
            choices,
            answers: right,
            ..
        } = &other.body
        else {
            continue;
        };
        let distractors: Vec<(&String, Phrase)> = choices
            .iter()
            .filter(|c| !right.contains(c))
            .map(|c| (c, Phrase::new(c)))
            .collect();
        for (answer, said) in &accepted {
            for (distractor, read) in &distractors {
                if asked.accepts(said, read) {
                    out.push((answer.as_str(), distractor.as_str(), other.id.as_str()));
                }
            }
        }
    }
    out
}

/// A prompt's question, ignoring case and punctuation: two prompts ask the
/// same thing when their questions are equal.
fn question(prompt: &str) -> String {
    let words: Vec<String> = prompt
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join(" ")
}

/// Items of the covered sections of the deck's own summary that teach
/// something and that no card cites (as its source or in `also`). A summary
/// without such a section has nothing there to cover (`deck build` warns
/// about the missing section).
fn uncovered(deck: &Deck, s: &SummaryFile) -> Vec<Finding> {
    crate::author::coverage(&s.summary, deck)
        .into_iter()
        .filter(|c| {
            COVERED_SECTIONS.contains(&c.section.as_str()) && c.teaches && c.cards.is_empty()
        })
        .map(|c| Finding {
            file: s.path.clone(),
            problem: Problem {
                position: c.position,
                message: format!(
                    "bullet {} of `{}` has no card; add one",
                    c.bullet, c.section
                ),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;

    const OWN: &str = "## Major Points\n- Own result 31.0% vs 12.7%.\n## Limitations & Criticisms\n- Small, 203 patients.\n";
    const OTHER: &str = "## Major Points\n- Other result 47.0% vs 25.0%.\n- Other safety 9.0%.\n";

    /// A deck `mine` with the given cards (JSON objects without the common fields).
    fn deck(cards: &[&str]) -> Deck {
        let cards: Vec<String> = cards
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(r#"{{"id": "c{i}", "kind": "numeric", "tags": ["t"], "explanation": "e", "prompt": "p{i}", "tolerance": 0, {c}}}"#)
            })
            .collect();
        parse(&format!(
            r#"{{"format": 1, "id": "mine", "title": "T", "cards": [{}]}}"#,
            cards.join(",\n")
        ))
        .unwrap()
    }

    fn summary(text: &str) -> Summary {
        crate::summary::parse(text).unwrap().summary
    }

    fn summaries(own: bool) -> Summaries {
        Summaries {
            own: own.then(|| SummaryFile {
                path: "own.md".into(),
                summary: summary(OWN),
            }),
            cited: [("other".to_string(), Ok(summary(OTHER)))].into(),
        }
    }

    fn messages(deck: &Deck, summaries: &Summaries) -> Vec<String> {
        lint(deck, Path::new("mine.json"), summaries)
            .into_iter()
            .map(|f| f.problem.message)
            .collect()
    }

    #[test]
    fn a_figure_is_checked_against_the_cited_decks_bullet() {
        let right = deck(&[
            r#""value": 47.0, "source": {"deck": "other", "section": "Major Points", "bullet": 1}"#,
        ]);
        assert!(messages(&right, &summaries(false)).is_empty());
        let wrong = deck(&[
            r#""value": 31.0, "source": {"deck": "other", "section": "Major Points", "bullet": 1}"#,
        ]);
        assert_eq!(
            messages(&wrong, &summaries(false)),
            [
                "card `c0`: teaches 31, which bullet 1 of `Major Points` of deck `other` does not state; fix the figure or explain it in a `note`"
            ]
        );
        let missing = deck(&[
            r#""value": 9.0, "source": {"deck": "other", "section": "Major Points", "bullet": 3}"#,
        ]);
        assert_eq!(
            messages(&missing, &summaries(false)),
            [
                "card `c0`: source names bullet 3 of `Major Points` of deck `other`, which its summary does not have"
            ]
        );
    }

    #[test]
    fn a_figure_may_come_from_any_bullet_the_card_cites() {
        let both = r#""source": {"section": "Major Points", "bullet": 1},
            "also": [{"deck": "other", "section": "Major Points", "bullet": 2}]"#;
        let limitation =
            r#""value": 203, "source": {"section": "Limitations & Criticisms", "bullet": 1}"#;
        let with = |card: &str| deck(&[card, limitation]);
        let from_also = with(&format!(r#""value": 9.0, {both}"#));
        assert_eq!(messages(&from_also, &summaries(true)), Vec::<String>::new());
        let from_source = with(&format!(r#""value": 12.7, {both}"#));
        assert_eq!(
            messages(&from_source, &summaries(true)),
            Vec::<String>::new()
        );
        let from_neither = with(&format!(r#""value": 47.0, {both}"#));
        assert_eq!(
            messages(&from_neither, &summaries(true)),
            [
                "card `c0`: teaches 47, which none of the bullets it cites states (bullet 1 of `Major Points`; bullet 2 of `Major Points` of deck `other`); fix the figure or explain it in a `note`"
            ]
        );
        let noted = with(&format!(r#""value": 47.0, "note": "n", {both}"#));
        assert_eq!(messages(&noted, &summaries(true)), Vec::<String>::new());
    }

    #[test]
    fn an_unknown_cited_deck_is_a_finding_on_the_card_once() {
        let card = deck(&[
            r#""value": 5.0, "source": {"deck": "nowhere", "section": "Major Points", "bullet": 1},
               "also": [{"deck": "nowhere", "section": "Major Points", "bullet": 2}]"#,
        ]);
        let found = lint(&card, Path::new("mine.json"), &summaries(false));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].problem.message,
            "card `c0`: source names deck `nowhere`, which is neither beside this deck nor built in"
        );
        assert_eq!(found[0].problem.position, card.cards[0].position);
    }

    #[test]
    fn coverage_counts_only_the_decks_own_bullets_and_also_covers() {
        let other_only = deck(&[
            r#""value": 47.0, "source": {"deck": "other", "section": "Major Points", "bullet": 1}"#,
            r#""value": 203, "note": "n", "source": {"deck": "other", "section": "Major Points", "bullet": 2}"#,
        ]);
        let found = messages(&other_only, &summaries(true));
        assert!(
            found
                .iter()
                .any(|m| m == "bullet 1 of `Major Points` has no card; add one"),
            "another deck's Major Points 1 covers nothing here: {found:?}"
        );
        let via_also = deck(&[
            r#""value": 31.0, "source": {"section": "Major Points", "bullet": 1},
               "also": [{"section": "Limitations & Criticisms", "bullet": 1}]"#,
        ]);
        assert!(messages(&via_also, &summaries(true)).is_empty());
    }

    #[test]
    fn only_items_that_teach_something_need_a_card() {
        let own = Summaries {
            own: Some(SummaryFile {
                path: "own.md".into(),
                summary: summary(
                    "## Major Points\n- Result 5.5%.\n- Correction: the source said 6%.\n",
                ),
            }),
            ..Summaries::default()
        };
        let card = deck(&[r#""value": 5.5, "source": {"section": "Major Points", "bullet": 1}"#]);
        assert_eq!(
            messages(&card, &own),
            Vec::<String>::new(),
            "a correction alone teaches nothing, and a summary without Limitations has none to cover"
        );
    }

    #[test]
    fn naming_its_own_id_cites_the_decks_own_summary() {
        let card = deck(&[
            r#""value": 99.0, "source": {"deck": "mine", "section": "Major Points", "bullet": 1},
               "also": [{"section": "Limitations & Criticisms", "bullet": 1}]"#,
        ]);
        let found = messages(&card, &summaries(true));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("teaches 99"), "{found:?}");
    }
}
