//! The starter deck `deck new` writes: one card of each kind, about a
//! clearly fictional trial, to be replaced by the author.

use super::{Body, Card, Deck, Position, Source};

/// A starter deck with id `id`, one card of each kind.
pub fn starter(id: &str) -> Deck {
    let card = |id: &str, tags: &[&str], section: &str, body: Body| Card {
        id: id.into(),
        tags: tags.iter().map(|t| (*t).to_string()).collect(),
        explanation: "Replace with why the answer is right, in the summary's words.".into(),
        source: Source {
            section: section.into(),
            bullet: 1,
            deck: None,
            quote: None,
        },
        also: Vec::new(),
        note: None,
        body,
        position: Position::default(),
    };
    let cards = vec![
        card(
            "basic-objective",
            &["design"],
            "Objective",
            Body::Basic {
                front: "What question did EXAMPLE (a fictional trial) set out to answer?".into(),
                back: "Replace with the trial's objective.".into(),
            },
        ),
        card(
            "choice-design",
            &["design"],
            "Study Design",
            Body::Choice {
                prompt: "What kind of trial was EXAMPLE?".into(),
                choices: vec![
                    "Randomised controlled trial".into(),
                    "Cohort study".into(),
                    "Case series".into(),
                ],
                answers: vec!["Randomised controlled trial".into()],
            },
        ),
        card(
            "truefalse-blinding",
            &["design"],
            "Study Design",
            Body::TrueFalse {
                prompt: "EXAMPLE was open-label.".into(),
                answer: true,
            },
        ),
        card(
            "numeric-sample-size",
            &["design"],
            "Study Design",
            Body::Numeric {
                prompt: "How many patients did EXAMPLE enrol?".into(),
                value: 100.0,
                tolerance: 0.0,
                unit: "patients".into(),
            },
        ),
        card(
            "cloze-follow-up",
            &["design"],
            "Study Design",
            Body::Cloze {
                text: "Follow-up in EXAMPLE lasted {{c1::90}} days.".into(),
            },
        ),
        card(
            "typed-country",
            &["design"],
            "Study Design",
            Body::Typed {
                prompt: "In which country was EXAMPLE run?".into(),
                answers: vec!["Nowhere".into()],
            },
        ),
    ];
    Deck {
        id: id.into(),
        title: "EXAMPLE (fictional trial): replace this title".into(),
        collection: None,
        summary: None,
        cards,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_deck_has_every_kind_and_lints_clean() {
        let deck = super::super::parse(&starter("my-trial").to_json().unwrap()).unwrap();
        let mut kinds: Vec<&str> = deck.cards.iter().map(|c| c.body.kind()).collect();
        kinds.sort_unstable();
        assert_eq!(
            kinds,
            ["basic", "choice", "cloze", "numeric", "truefalse", "typed"]
        );
        let none = super::super::sources::Summaries::default();
        assert!(super::super::lint::lint(&deck, std::path::Path::new("x.json"), &none).is_empty());
    }
}
