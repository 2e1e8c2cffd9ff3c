//! The shipped RESCUE-Japan LIMIT deck against its summary and the errata:
//! the coverage rule of issue 2 item 4, and `deck lint` on it and on a broken copy.

use std::path::Path;
use std::process::Command;

use trialdrill::deck::summary::{Summary, figures};
use trialdrill::deck::{Body, Card, Deck, load_file};

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");
const DECK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/decks/rescue-japan-limit.json");
const SUMMARY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/decks/rescue-japan-limit.summary.md"
);

fn deck() -> Deck {
    load_file(Path::new(DECK)).unwrap()
}

fn summary() -> Summary {
    Summary::parse(&std::fs::read_to_string(SUMMARY).unwrap())
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Every figure the card's answers hold.
fn answer_figures(card: &Card) -> Vec<f64> {
    card.answer_texts()
        .iter()
        .flat_map(|t| figures(t))
        .collect()
}

/// What a card puts forward as true: its answers, or its statement when it
/// is a true statement.
fn asserted(card: &Card) -> Vec<String> {
    match &card.body {
        Body::TrueFalse { prompt, answer } => {
            if *answer {
                vec![prompt.clone()]
            } else {
                Vec::new()
            }
        }
        _ => card.answer_texts(),
    }
}

fn names(cards: &[&Card]) -> Vec<String> {
    cards.iter().map(|c| c.id.clone()).collect()
}

/// A card that corrects the source keeps a note saying what the source said
/// and what the record says.
fn assert_note(card: &Card, source_said: &str, record_says: &str) {
    let note = card
        .note
        .as_deref()
        .unwrap_or_else(|| panic!("`{}` has no note", card.id));
    assert!(
        note.contains(source_said) && note.contains(record_says),
        "the note of `{}` should quote {source_said:?} and give {record_says:?}: {note}",
        card.id
    );
}

fn card<'d>(deck: &'d Deck, id: &str) -> &'d Card {
    deck.cards
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no card `{id}`"))
}

#[test]
fn every_major_point_and_limitation_has_a_card_sourced_to_it() {
    let (deck, summary) = (deck(), summary());
    for heading in ["Major Points", "Limitations & Criticisms"] {
        let section = summary.section(heading).unwrap();
        assert!(!section.bullets.is_empty(), "{heading} has no bullets");
        for number in 1..=section.bullets.len() {
            let number = u32::try_from(number).unwrap();
            assert!(
                deck.cards
                    .iter()
                    .any(|c| c.source.section == heading && c.source.bullet == number),
                "bullet {number} of {heading} has no card"
            );
        }
    }
}

#[test]
fn every_figure_a_bullet_states_is_asked_by_a_card_sourced_to_it() {
    let (deck, summary) = (deck(), summary());
    let mut missing = Vec::new();
    let mut checked = 0;
    for section in &summary.sections {
        for (i, bullet) in section.bullets.iter().enumerate() {
            let number = u32::try_from(i + 1).unwrap();
            let asked: Vec<f64> = deck
                .cards
                .iter()
                .filter(|c| c.source.section == section.heading && c.source.bullet == number)
                .flat_map(answer_figures)
                .collect();
            for figure in bullet.taught_figures() {
                checked += 1;
                if !asked.iter().any(|&a| same(a, figure)) {
                    missing.push(format!("{figure} of {} bullet {number}", section.heading));
                }
            }
        }
    }
    // The summary is full of figures; a parse that found few would prove nothing.
    assert!(checked > 100, "only {checked} figures found in the summary");
    assert!(missing.is_empty(), "figures no card asks for: {missing:#?}");
}

#[test]
fn every_source_names_an_existing_bullet() {
    let (deck, summary) = (deck(), summary());
    let dangling: Vec<String> = deck
        .cards
        .iter()
        .filter(|c| summary.bullet(&c.source.section, c.source.bullet).is_none())
        .map(|c| format!("{}: {} bullet {}", c.id, c.source.section, c.source.bullet))
        .collect();
    assert!(
        dangling.is_empty(),
        "sources naming no bullet: {dangling:?}"
    );
}

#[test]
fn the_deck_has_60_cards_every_kind_and_every_topic_tag() {
    let deck = deck();
    assert!(deck.cards.len() >= 60, "only {} cards", deck.cards.len());
    for kind in ["basic", "choice", "truefalse", "numeric", "cloze", "typed"] {
        assert!(
            deck.cards.iter().any(|c| c.body.kind() == kind),
            "no {kind} card"
        );
    }
    let topics = [
        "design",
        "inclusion",
        "primary-outcome",
        "secondary-outcomes",
        "safety",
        "limitations",
        "context",
    ];
    for card in &deck.cards {
        assert!(
            card.tags.iter().any(|t| topics.contains(&t.as_str())),
            "`{}` has no topic tag: {:?}",
            card.id,
            card.tags
        );
    }
    assert_eq!(deck.tags(), {
        let mut sorted = topics.to_vec();
        sorted.sort_unstable();
        sorted
    });
}

#[test]
fn arms_are_taught_as_101_and_102_randomised_never_100() {
    let deck = deck();
    // 100 is right only as the EVT patients analysed (31/100), never as randomised.
    let wrong: Vec<&Card> = deck
        .cards
        .iter()
        .filter(|c| {
            let question = c.prompt().to_lowercase();
            let about_allocation = ["randomis", "randomiz", " arm"]
                .iter()
                .any(|w| question.contains(w))
                && !question.contains("analys");
            let teaches_100 = asserted(c)
                .iter()
                .flat_map(|t| figures(t))
                .any(|f| same(f, 100.0));
            about_allocation && teaches_100
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "cards teaching 100 randomised: {:?}",
        names(&wrong)
    );

    let numeric = |value: f64, words: &[&str]| -> Vec<&Card> {
        deck.cards
            .iter()
            .filter(|c| matches!(c.body, Body::Numeric { value: v, .. } if same(v, value)))
            .filter(|c| words.iter().all(|w| c.prompt().contains(w)))
            .collect()
    };
    let evt = numeric(101.0, &["randomised", "EVT"]);
    assert!(
        !evt.is_empty(),
        "no card asks for the 101 randomised to EVT"
    );
    assert!(!numeric(102.0, &["randomised", "medical care"]).is_empty());
    assert!(!numeric(203.0, &["randomised"]).is_empty());
    assert!(!numeric(202.0, &["analysis"]).is_empty());
    assert_note(evt[0], "EVT: 100", "101");
}

#[test]
fn the_trial_is_never_taught_as_stopped_early() {
    let deck = deck();
    let mentions_stopping = |t: &str| {
        let t = t.to_lowercase();
        t.contains("stopped early")
            || t.contains("early termination")
            || t.contains("terminated early")
    };
    let mut asked = Vec::new();
    for c in &deck.cards {
        match &c.body {
            Body::TrueFalse { prompt, answer }
                if mentions_stopping(prompt) && prompt.contains("RESCUE-Japan LIMIT") =>
            {
                assert!(!answer, "`{}` teaches that the trial stopped early", c.id);
                asked.push(c);
            }
            Body::Choice {
                prompt, answers, ..
            }
            | Body::Typed { prompt, answers }
                if mentions_stopping(prompt) =>
            {
                assert!(
                    !answers.iter().any(|a| a.contains("RESCUE-Japan LIMIT")),
                    "`{}` counts the trial among those stopped early",
                    c.id
                );
                asked.push(c);
            }
            _ => {}
        }
        for text in asserted(c) {
            assert!(
                !(mentions_stopping(&text)
                    && text.contains("RESCUE-Japan LIMIT")
                    && !text.contains("not")),
                "`{}` asserts the trial stopped early: {text}",
                c.id
            );
        }
    }
    assert!(
        asked.len() >= 2,
        "no card corrects the stopped-early claim: {:?}",
        names(&asked)
    );
    assert_note(
        card(&deck, "lim7-not-stopped-early"),
        "early termination",
        "completed",
    );
}

#[test]
fn tension_is_taught_as_the_lancet_2023_not_nejm_2024() {
    let deck = deck();
    for c in &deck.cards {
        for text in asserted(c) {
            assert!(
                !(text.contains("TENSION") && figures(&text).iter().any(|&f| same(f, 2024.0))),
                "`{}` dates TENSION 2024: {text}",
                c.id
            );
        }
        if c.prompt().contains("TENSION") {
            for text in c.answer_texts() {
                assert!(
                    !text.contains("NEJM") && !figures(&text).iter().any(|&f| same(f, 2024.0)),
                    "`{}` answers NEJM 2024 for TENSION: {text}",
                    c.id
                );
            }
        }
    }
    let journal = card(&deck, "mp7-tension-journal");
    assert_eq!(journal.answer_texts(), ["The Lancet 2023"]);
    assert_note(journal, "NEJM 2024", "The Lancet");
}

#[test]
fn the_guideline_is_the_2026_statement_not_a_2023_update() {
    let deck = deck();
    let about_guideline: Vec<&Card> = deck
        .cards
        .iter()
        .filter(|c| c.prompt().contains("AHA/ASA") || c.prompt().contains("guideline"))
        .collect();
    assert!(!about_guideline.is_empty());
    for c in &about_guideline {
        assert!(
            !answer_figures(c).iter().any(|&f| same(f, 2023.0)),
            "`{}` teaches a 2023 AHA/ASA update",
            c.id
        );
        // Class 2a belongs to ASPECTS 0-2 only; ASPECTS 3-5 is Class 1.
        if c.answer_texts().iter().any(|a| a.contains("2a")) {
            assert!(
                c.prompt().contains("0-2"),
                "`{}` gives Class 2a to ASPECTS 3-5",
                c.id
            );
        }
    }
    assert!(
        about_guideline
            .iter()
            .any(|c| answer_figures(c).iter().any(|&f| same(f, 2026.0)))
    );
    assert_note(card(&deck, "mp10-guideline-class1"), "2023", "2026");
}

#[test]
fn median_nihss_22_is_taught_for_the_trial_not_per_arm() {
    let deck = deck();
    for c in &deck.cards {
        let question = c.prompt();
        if question.contains("NIHSS") && question.contains("arm") {
            assert!(
                !answer_figures(c).iter().any(|&f| same(f, 22.0)),
                "`{}` teaches a per-arm median NIHSS of 22",
                c.id
            );
        }
        for text in asserted(c) {
            assert!(
                !(text.contains("NIHSS") && text.contains("both arms")),
                "`{}`: {text}",
                c.id
            );
        }
    }
    let median = card(&deck, "mp9-median-nihss");
    assert!(answer_figures(median).iter().any(|&f| same(f, 22.0)));
    assert_note(median, "both arms", "22");
}

#[test]
fn any_ich_is_taught_as_58_0_vs_31_4_not_rounded() {
    let deck = deck();
    let about_any_ich: Vec<&Card> = deck
        .cards
        .iter()
        .filter(|c| {
            let q = c.prompt().to_lowercase();
            q.contains("any intracranial") || q.contains("any ich")
        })
        .collect();
    assert!(!about_any_ich.is_empty());
    for c in &about_any_ich {
        assert!(
            !answer_figures(c).iter().any(|&f| same(f, 31.0)),
            "`{}` rounds the control arm's ICH to 31%",
            c.id
        );
    }
    let ich = card(&deck, "mp5-any-ich");
    let taught = answer_figures(ich);
    assert!(taught.iter().any(|&f| same(f, 58.0)) && taught.iter().any(|&f| same(f, 31.4)));
    assert_note(ich, "58% vs 31%", "58.0% vs 31.4%");
}

fn lint(file: &Path) -> (Option<i32>, String) {
    let out = Command::new(BIN)
        .arg("deck")
        .arg("lint")
        .arg(file)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

/// The 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// A copy of the shipped deck and its summary in a temporary folder, with
/// `from` (which must occur once) replaced by `to`.
fn broken_copy(dir: &Path, from: &str, to: &str) -> (std::path::PathBuf, String) {
    let text = std::fs::read_to_string(DECK).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} is not unique in the deck"
    );
    let broken = text.replace(from, to);
    let path = dir.join("rescue-japan-limit.json");
    std::fs::write(&path, &broken).unwrap();
    std::fs::copy(SUMMARY, dir.join("rescue-japan-limit.summary.md")).unwrap();
    (path, broken)
}

#[test]
fn deck_lint_passes_on_the_shipped_deck() {
    let (code, out) = lint(Path::new(DECK));
    assert_eq!(code, Some(0), "{out}");
    assert!(out.ends_with(": ok\n"), "{out}");
}

#[test]
fn deck_lint_reports_a_wrong_figure_at_its_card_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = broken_copy(dir.path(), "\"value\": 18,", "\"value\": 17,");
    let id_at = text.find("\"id\": \"inc2-minimum-age\"").unwrap();
    let (line, column) = line_col(&text, text[..id_at].rfind('{').unwrap());
    let (code, out) = lint(&path);
    assert_eq!(code, Some(2), "{out}");
    let expected = format!(
        "{}:{line}:{column}: card `inc2-minimum-age`: teaches 17, which bullet 2 of `Inclusion Criteria` does not state",
        path.display()
    );
    assert!(
        out.lines().any(|l| l.starts_with(&expected)),
        "no {expected:?} in:\n{out}"
    );
}

#[test]
fn deck_lint_reports_a_syntax_error_at_its_position_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = broken_copy(dir.path(), "\"value\": 6,", "\"value\": 6");
    let after = text.find("\"value\": 6\n").unwrap() + "\"value\": 6\n".len();
    let next_key = after + text[after..].find('"').unwrap();
    let (line, column) = line_col(&text, next_key);
    let (code, out) = lint(&path);
    assert_eq!(code, Some(2), "{out}");
    let expected = format!("{}:{line}:{column}: ", path.display());
    assert!(
        out.lines().any(|l| l.starts_with(&expected)),
        "no {expected:?} in:\n{out}"
    );
}
