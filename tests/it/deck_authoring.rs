//! Deck authoring end to end: build from summaries, lint, import/export round
//! trips, and property tests that no input panics the parsers.

use std::path::Path;

use trialdrill::author;
use trialdrill::deck::import::{self, Format};
use trialdrill::deck::lint::{COVERED_SECTIONS, lint};
use trialdrill::deck::sources::{Summaries, SummaryFile};
use trialdrill::deck::{Body, Deck, builtin, export, parse};
use trialdrill::summary::Summary;
use trialdrill::summary::{self, EXPECTED};

const FIXTURES: &[&str] = &[
    "tests/fixtures/summaries/rescue-japan-limit.txt",
    "tests/fixtures/summaries/example-hf.txt",
    "tests/fixtures/summaries/example-onc.txt",
    "tests/fixtures/summaries/example-id.txt",
    "decks/rescue-japan-limit.summary.md",
];

/// The summaries of a deck checked against `summary` (read from `path`) alone.
fn own(path: &Path, summary: &Summary) -> Summaries {
    Summaries {
        own: Some(SummaryFile {
            path: path.to_path_buf(),
            summary: summary.clone(),
        }),
        ..Summaries::default()
    }
}

fn built(path: &str) -> author::Built {
    author::build(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Writes the deck as JSON and loads it back, as `deck lint` would.
fn reload(deck: &Deck) -> Deck {
    parse(&deck.to_json().unwrap()).unwrap()
}

#[test]
fn every_major_point_and_limitation_gets_a_card_that_names_and_quotes_it() {
    for path in FIXTURES {
        let b = built(path);
        for c in b
            .coverage
            .iter()
            .filter(|c| COVERED_SECTIONS.contains(&c.section.as_str()))
        {
            assert!(
                !c.cards.is_empty(),
                "{path}: {} {} has no card",
                c.section,
                c.bullet
            );
            let card = b.deck.cards.iter().find(|k| k.id == c.cards[0]).unwrap();
            assert_eq!(
                (card.source.section.as_str(), card.source.bullet),
                (c.section.as_str(), c.bullet)
            );
            assert!(
                card.source.quote.as_deref().is_some_and(|q| !q.is_empty()),
                "{path}: {}",
                card.id
            );
        }
        let sections: Vec<&str> = b.coverage.iter().map(|c| c.section.as_str()).collect();
        assert!(
            sections.contains(&"Major Points") && sections.contains(&"Limitations & Criticisms"),
            "{path}"
        );
    }
}

#[test]
fn built_decks_lint_clean_and_have_every_card_family() {
    for path in FIXTURES {
        let deck = reload(&built(path).deck);
        let findings = lint(&deck, Path::new(path), &Summaries::default());
        assert!(findings.is_empty(), "{path}: {findings:?}");
        let has = |kind: &str, tag: &str| {
            deck.cards
                .iter()
                .any(|c| c.body.kind() == kind && c.tags.iter().any(|t| t == tag))
        };
        assert!(
            has("cloze", "figures") && has("numeric", "figures"),
            "{path}: figure cards"
        );
        assert!(has("choice", "appraisal"), "{path}: appraisal card");
        assert!(has("basic", "bottom-line"), "{path}: bottom-line card");
        assert!(
            deck.cards
                .iter()
                .any(|c| c.tags.iter().any(|t| t == "design")),
            "{path}: design cards"
        );
    }
}

#[test]
fn the_primary_outcome_choice_uses_the_table_estimate_and_other_summary_figures() {
    let deck = built("tests/fixtures/summaries/example-hf.txt").deck;
    let card = deck
        .cards
        .iter()
        .find(|c| c.id == "primary-outcome-effect")
        .unwrap();
    let Body::Choice {
        prompt,
        choices,
        answers,
    } = &card.body
    else {
        panic!("not a choice card")
    };
    assert!(prompt.contains("HR (95% CI)"), "{prompt}");
    assert_eq!(answers, &vec!["0.74".to_string()]);
    let text = std::fs::read_to_string("tests/fixtures/summaries/example-hf.txt").unwrap();
    for c in choices {
        assert!(
            text.contains(c.as_str()),
            "distractor {c} is not a figure of the summary"
        );
    }
    assert!(choices.len() >= 3);
}

#[test]
fn numeric_tolerance_follows_the_figures_precision() {
    let deck = built("tests/fixtures/summaries/example-hf.txt").deck;
    let sample = deck
        .cards
        .iter()
        .find(|c| c.id == "design-sample-size")
        .unwrap();
    assert!(
        matches!(sample.body, Body::Numeric { value, tolerance, .. } if value == 4000.0 && tolerance == 0.5)
    );
    let rate = deck
        .cards
        .iter()
        .find(|c| c.id == "major-points-1-number-1")
        .unwrap();
    assert!(
        matches!(rate.body, Body::Numeric { value, tolerance, ref unit, .. } if value == 16.3 && tolerance == 0.05 && unit == "%")
    );
}

#[test]
fn a_missing_section_and_windows_line_endings_are_warnings_not_failures() {
    let onc = built("tests/fixtures/summaries/example-onc.txt");
    assert!(
        onc.warnings
            .iter()
            .any(|w| w.message.contains("no `Inclusion Criteria` section"))
    );
    let id = built("tests/fixtures/summaries/example-id.txt");
    assert!(id.warnings.iter().any(|w| w.message.contains("CRLF")));
    assert!(
        id.warnings
            .iter()
            .any(|w| w.message.contains("no `Primary Outcome` section"))
    );
    assert!(id.deck.cards.iter().all(|c| !c.prompt().contains('\r')));
    let rjl = built("tests/fixtures/summaries/rescue-japan-limit.txt");
    assert_eq!(rjl.deck.title, "RESCUE-Japan LIMIT (2022)");
    assert!(
        EXPECTED
            .iter()
            .all(|h| rjl.coverage.iter().any(|c| c.section == *h))
    );
}

#[test]
fn our_markdown_summary_builds_a_deck_that_passes_the_summary_checks() {
    let text = std::fs::read_to_string("decks/rescue-japan-limit.summary.md").unwrap();
    let summary = summary::parse(&text).unwrap().summary;
    let deck = reload(&built("decks/rescue-japan-limit.summary.md").deck);
    let path = Path::new("decks/rescue-japan-limit.summary.md");
    let findings = lint(&deck, Path::new("draft.json"), &own(path, &summary));
    assert!(findings.is_empty(), "{findings:?}");
    // Corrections are commentary: no card teaches the source's wrong figure.
    assert!(
        deck.cards
            .iter()
            .all(|c| !c.prompt().contains("Correction:"))
    );
}

#[test]
fn lint_catches_a_figure_changed_by_hand() {
    let b = builtin::find("rescue-japan-limit").unwrap();
    let summary = summary::parse(b.summary.unwrap()).unwrap().summary;
    let path = Path::new("decks/rescue-japan-limit.summary.md");
    let clean = parse(b.json).unwrap();
    assert!(lint(&clean, Path::new("deck.json"), &own(path, &summary)).is_empty());
    // Edit the file's text the way an author would: one card, without a note,
    // that teaches the relative risk 2.43.
    let card = clean
        .cards
        .iter()
        .find(|c| c.note.is_none() && c.answer_texts().iter().any(|a| a.contains("2.43")))
        .expect("the deck teaches the relative risk 2.43");
    let start = b.json.find(&format!("\"id\": \"{}\"", card.id)).unwrap();
    let end = start
        + 1
        + b.json[start + 1..]
            .find("\"id\":")
            .unwrap_or(b.json.len() - start - 1);
    let edited = format!(
        "{}{}{}",
        &b.json[..start],
        b.json[start..end].replace("2.43", "2.34"),
        &b.json[end..]
    );
    let deck = parse(&edited).unwrap();
    let findings = lint(&deck, Path::new("deck.json"), &own(path, &summary));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0].problem.message.contains("teaches 2.34"),
        "{findings:?}"
    );
    assert!(findings[0].problem.message.contains(&card.id));
}

fn prompts_and_answers(deck: &Deck) -> Vec<(String, Vec<String>)> {
    deck.cards
        .iter()
        .map(|c| (c.prompt().to_string(), c.answer_texts()))
        .collect()
}

fn import_text(text: &str, format: Format) -> Deck {
    reload(&import::import(text, format, "round-trip", &mut |_| {}).unwrap())
}

#[test]
fn basic_and_cloze_cards_round_trip_through_anki_and_markdown() {
    let deck = built("tests/fixtures/summaries/rescue-japan-limit.txt").deck;
    let mut only = deck.clone();
    only.cards
        .retain(|c| matches!(c.body, Body::Basic { .. } | Body::Cloze { .. }));
    for (format, text) in [
        (Format::Anki, export::anki(&only).unwrap()),
        (Format::Markdown, export::markdown(&only)),
    ] {
        let back = import_text(&text, format);
        assert_eq!(
            prompts_and_answers(&back),
            prompts_and_answers(&only),
            "{format:?}"
        );
        let explanations: Vec<&str> = back.cards.iter().map(|c| c.explanation.as_str()).collect();
        let expected: Vec<&str> = only.cards.iter().map(|c| c.explanation.as_str()).collect();
        assert_eq!(explanations, expected, "{format:?}");
        assert_eq!(back.cards[0].tags, only.cards[0].tags, "{format:?}");
        assert!(lint(&back, Path::new("x.json"), &Summaries::default()).is_empty());
    }
}

#[test]
fn every_card_kind_exports_with_its_question_and_answer() {
    let deck = parse(builtin::find("rescue-japan-limit").unwrap().json).unwrap();
    let anki = export::anki(&deck).unwrap();
    assert!(anki.starts_with("#separator:tab\n#html:true\n#notetype column:1\n#tags column:4\n"));
    let back = import_text(&anki, Format::Anki);
    assert_eq!(back.cards.len(), deck.cards.len());
    for (orig, again) in deck.cards.iter().zip(&back.cards) {
        assert!(
            again.prompt().contains(orig.prompt()),
            "{} lost its question",
            orig.id
        );
        assert_eq!(again.explanation, orig.explanation);
    }
    let md = import_text(&export::markdown(&deck), Format::Markdown);
    assert_eq!(md.cards.len(), deck.cards.len());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn the_summary_builder_never_panics_and_errors_have_positions(text in "(?s)(\\PC|\r|\n|#|-|\\||:){0,300}") {
        if let Err(e) = author::build(&text) {
            proptest::prop_assert!(e.position.line >= 1 && e.position.column >= 1);
        }
    }

    #[test]
    fn built_decks_always_load_back(lines in proptest::collection::vec("(- |# |Major Points|Limitations|Study Design|Primary Outcome|\\| a \\| 1.5 \\||Sample Size|[a-z0-9 .%:()-]{0,30})", 0..40)) {
        if let Ok(b) = author::build(&lines.join("\n")) {
            proptest::prop_assert!(parse(&b.deck.to_json().unwrap()).is_ok());
        }
    }

    #[test]
    fn importers_never_panic_and_errors_have_positions(text in "(?s)(\\PC|\r|\n|\t|,|\"|#|\\[|\\]|Q:|A:|C:|---|\\{\\{c1::){0,200}") {
        for format in [Format::Anki, Format::Markdown] {
            match import::import(&text, format, "p", &mut |_| {}) {
                Ok(deck) => proptest::prop_assert!(parse(&deck.to_json().unwrap()).is_ok()),
                Err(problems) => {
                    proptest::prop_assert!(!problems.is_empty());
                    for p in problems {
                        proptest::prop_assert!(p.position.line >= 1 && p.position.column >= 1);
                    }
                }
            }
        }
    }
}

#[test]
fn lint_flags_duplicate_prompts_identical_choices_and_lookalike_answers() {
    let card = |id: &str, body: &str| {
        format!(
            r#"{{"id": "{id}", "tags": ["t"], "explanation": "e", "source": {{"section": "S", "bullet": 1}}, {body}}}"#
        )
    };
    let cards = [
        card(
            "a",
            r#""kind": "choice", "prompt": "Rate?", "choices": ["31%", "31.0 %", "12.7%"], "answers": ["31%"]"#,
        ),
        card(
            "b",
            r#""kind": "choice", "prompt": "Other?", "choices": ["x", "x", "y"], "answers": ["y"]"#,
        ),
        card(
            "c",
            r#""kind": "typed", "prompt": "Rate?", "answers": ["12.7"]"#,
        ),
    ];
    let text = format!(
        r#"{{"format": 1, "id": "d", "title": "D", "cards": [{}]}}"#,
        cards.join(",\n")
    );
    let deck = parse(&text).unwrap();
    let messages: Vec<String> = lint(&deck, Path::new("d.json"), &Summaries::default())
        .into_iter()
        .map(|f| f.problem.message)
        .collect();
    let has = |s: &str| messages.iter().any(|m| m.contains(s));
    assert!(
        has("card `a`: distractor `31.0 %` reads the same as answer `31%`"),
        "{messages:?}"
    );
    assert!(has("card `b`: two choices are identical"), "{messages:?}");
    assert!(has("card `c`: same prompt as card `a`"), "{messages:?}");
    assert!(
        has("card `c`: accepted answer `12.7` would also accept `12.7%`"),
        "{messages:?}"
    );
}

/// What is wrong with the draft built from `text`, loaded back and linted
/// against that same text: load problems, then lint findings.
fn draft_problems(text: &str) -> Vec<String> {
    let built = author::build(text).unwrap();
    let deck = match parse(&built.deck.to_json().unwrap()) {
        Ok(deck) => deck,
        Err(problems) => return problems.into_iter().map(|p| p.message).collect(),
    };
    let summary = summary::parse(text).unwrap().summary;
    lint(
        &deck,
        Path::new("draft.json"),
        &own(Path::new("s.md"), &summary),
    )
    .into_iter()
    .map(|f| f.problem.message)
    .collect()
}

const POINTS: &str =
    "## Major Points\n- Result 31.0% vs 12.7%.\n## Limitations & Criticisms\n- Small trial.\n";

#[test]
fn a_bullet_continued_on_the_next_line_is_one_bullet_for_build_and_lint() {
    // Was: teaches 0.6, which bullet 1 of `Intervention` does not state.
    let text =
        format!("# T (2020)\n## Intervention\n- Alteplase at\n0.6 mg/kg in both arms.\n{POINTS}");
    assert_eq!(draft_problems(&text), Vec::<String>::new());
}

#[test]
fn star_bullets_are_bullets_for_build_and_lint() {
    // Was: source names bullet 9 of `Inclusion Criteria`, which the summary does not have.
    let criteria: String = (1..=9).map(|n| format!("* Criterion {n}\n")).collect();
    let text = format!("# T (2020)\n## Inclusion Criteria\n{criteria}{POINTS}");
    assert_eq!(draft_problems(&text), Vec::<String>::new());
    let built = author::build(&text).unwrap();
    assert!(
        built
            .deck
            .cards
            .iter()
            .any(|c| c.source.section == "Inclusion Criteria" && c.source.bullet == 9)
    );
}

#[test]
fn plain_text_headings_are_sections_for_build_and_lint() {
    // Was: the summary has no `## Major Points` section.
    let text = "T (2020)\nMajor Points\n- Result 31.0% vs 12.7%.\nLimitations & Criticisms\n- Small trial.\n";
    assert_eq!(draft_problems(text), Vec::<String>::new());
}
