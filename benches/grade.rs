//! The grader's first typo check: `cargo bench --bench grade`.
//!
//! The first typo a session judges makes the [`Grader`] read the words of
//! every deck in play. Times that first check (a fresh grader each run,
//! median of several) over the shipped decks and over 100,000 generated
//! typed cards, and a later check for comparison.

use std::time::{Duration, Instant};

use trialdrill::deck::{Deck, builtin};
use trialdrill::engine::grade::{Grader, Response};

/// Times `run` `times` times and returns the median.
fn median(times: usize, mut run: impl FnMut()) -> Duration {
    let mut all: Vec<Duration> = (0..times)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    all.sort();
    all[times / 2]
}

/// A deck of `cards` typed cards with varied words, numbers and units.
fn generated(cards: usize) -> Deck {
    let words = [
        "alteplase",
        "tenecteplase",
        "thrombectomy",
        "randomised",
        "haemorrhage",
        "occlusion",
        "infarct",
        "reperfusion",
        "functional",
        "independence",
        "mortality",
        "symptomatic",
        "intracranial",
        "endovascular",
        "collateral",
    ];
    let mut json =
        String::from(r#"{"format": 1, "id": "generated", "title": "Generated", "cards": ["#);
    for c in 0..cards {
        let w = |k: usize| words[(c * 7 + k * 3) % words.len()];
        let comma = if c + 1 < cards { "," } else { "" };
        json.push_str(&format!(
            r#"{{"id": "c{c}", "kind": "typed", "tags": ["t"], "explanation": "In trial T{c} the {} arm ({} mg/kg over {} h) had less {} than {} at 90 days, P = 0.0{}.", "source": {{"section": "Major Points", "bullet": 1}}, "prompt": "Which {} reduced {} in trial T{c}?", "answers": ["{} {}", "{}"]}}{comma}"#,
            w(0), c % 10, c % 24, w(1), w(2), c % 9 + 1, w(3), w(4), w(5), w(6), w(5)
        ));
    }
    json.push_str("]}");
    trialdrill::deck::parse(&json).expect("the generated deck parses")
}

/// The median time of a fresh grader's first typo check over `decks`, and
/// of a second check on the same grader.
fn first_typo(decks: &[Deck], runs: usize) -> (Duration, Duration) {
    let (card, answer) = decks
        .iter()
        .flat_map(|d| &d.cards)
        .find_map(|c| match &c.body {
            trialdrill::deck::Body::Typed { answers, .. } => Some((c, answers[0].clone())),
            _ => None,
        })
        .expect("a typed card");
    let item = trialdrill::deck::Item { card, cloze: None };
    // Two letters swapped: a typo the grader must judge against the decks.
    let mut typo: Vec<char> = answer.chars().collect();
    typo.swap(1, 2);
    let response = Response::Text(typo.into_iter().collect());
    let first = median(runs, || {
        let grader = Grader::for_decks(decks);
        std::hint::black_box(grader.grade(&item, &response));
    });
    let grader = Grader::for_decks(decks);
    grader.grade(&item, &response);
    let later = median(runs, || {
        std::hint::black_box(grader.grade(&item, &response));
    });
    (first, later)
}

fn main() {
    let shipped: Vec<Deck> = builtin::BUILTINS
        .iter()
        .map(|b| b.deck().expect("a shipped deck loads"))
        .collect();
    let cards: usize = shipped.iter().map(|d| d.cards.len()).sum();
    let (first, later) = first_typo(&shipped, 9);
    println!(
        "first typo check, {} shipped decks ({cards} cards): {:.1} ms (a later one {:.3} ms)",
        shipped.len(),
        first.as_secs_f64() * 1e3,
        later.as_secs_f64() * 1e3
    );
    let big = [generated(100_000)];
    let (first, later) = first_typo(&big, 3);
    println!(
        "first typo check, 100,000 generated typed cards: {:.0} ms (a later one {:.3} ms)",
        first.as_secs_f64() * 1e3,
        later.as_secs_f64() * 1e3
    );
}
