//! The shipped RESCUE-Japan LIMIT deck against its summary and the errata:
//! the coverage rule of issue 2 item 4, the corrections of issue 11 item 1, and
//! `deck lint` on it and on a broken copy.

use std::path::Path;
use std::process::Command;

use trialdrill::deck::{Body, Card, Deck, Item, load_file};
use trialdrill::engine::grade::{Grader, Response};
use trialdrill::summary::Summary;
use trialdrill::summary::figures::values as figures;

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
    trialdrill::summary::parse(&std::fs::read_to_string(SUMMARY).unwrap())
        .unwrap()
        .summary
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
        assert!(!section.items.is_empty(), "{heading} has no bullets");
        for number in 1..=section.items.len() {
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
        for (i, bullet) in section.items.iter().enumerate() {
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
        "secondary-outcome",
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

/// Whether `typed` is accepted as the answer to `id` (deletion `cloze` of a
/// cloze card).
fn accepts(deck: &Deck, id: &str, cloze: Option<u32>, typed: &str) -> bool {
    let item = Item {
        card: card(deck, id),
        cloze,
    };
    Grader::new(deck)
        .grade(&item, &Response::Text(typed.into()))
        .correct
        == Some(true)
}

/// Everything a card shows the learner except its note: prompt, choices,
/// answers and explanation.
fn shown(card: &Card) -> String {
    let mut text = vec![card.prompt().to_string(), card.explanation.clone()];
    match &card.body {
        Body::Choice { choices, .. } => text.extend(choices.iter().cloned()),
        _ => text.extend(card.answer_texts()),
    }
    text.join("\n")
}

#[test]
fn right_answers_written_other_ways_are_accepted() {
    let deck = deck();
    let cases: &[(&str, Option<u32>, &[&str])] = &[
        // 1/0.183 = 5.5, conventionally rounded up to 6; one summary gives 5.
        ("mp2-nnt", None, &["5", "5.5", "6"]),
        ("mp2-absolute-difference", None, &["18", "18.3"]),
        // Reported per arm as 88% (EVT) and 87% (medical care).
        ("lim4-mri-share", None, &["87", "88", "87.5"]),
        // 26.7% and 28.4% per arm, "about 27%".
        (
            "lim5-alteplase-overall",
            None,
            &["26.7", "27", "28", "28.4"],
        ),
        (
            "int-control-arm",
            None,
            &[
                "medical care alone",
                "best medical treatment",
                "BMT",
                "standard care",
                "usual care",
                "medical management",
            ],
        ),
        (
            "inc7-late-window-mismatch",
            None,
            &["DWI-FLAIR mismatch", "no early change on FLAIR"],
        ),
        (
            "bl2-harm-ich",
            None,
            &["intracranial haemorrhage", "ICH", "bleeding", "hemorrhage"],
        ),
        (
            "mp5-excess-bleed-type",
            None,
            &["asymptomatic", "mostly asymptomatic"],
        ),
        (
            "lim1-confirming-trial",
            None,
            &["LASTE", "SELECT 2", "ANGEL ASPECT", "TENSION"],
        ),
        ("mp7-europe-trial", None, &["LASTE", "TENSION"]),
        ("mp7-china-trial", None, &["ANGEL-ASPECT", "ANGELASPECT"]),
        (
            "cit-first-author",
            None,
            &["Yoshimura", "Yoshimura S.", "Yosimura"],
        ),
    ];
    for (id, cloze, answers) in cases {
        for answer in *answers {
            assert!(
                accepts(&deck, id, *cloze, answer),
                "`{id}` rejects the right answer {answer:?}"
            );
        }
    }
    // The tolerances stay tight enough to reject wrong figures.
    for (id, wrong) in [
        ("mp2-nnt", "4"),
        ("mp2-nnt", "7"),
        ("mp2-absolute-difference", "17"),
        ("lim4-mri-share", "85"),
        ("lim5-alteplase-overall", "25"),
        ("lim5-alteplase-overall", "35"),
        ("bl2-harm-ich", "symptomatic intracranial haemorrhage"),
    ] {
        assert!(!accepts(&deck, id, None, wrong), "`{id}` accepts {wrong:?}");
    }
    // Any typed card asking for a confirming or a European trial accepts LASTE.
    for c in &deck.cards {
        if let Body::Typed { prompt, .. } = &c.body
            && (prompt.contains("confirmed") || prompt.contains("Europe"))
            && !prompt.contains("China")
        {
            assert!(
                accepts(&deck, &c.id, None, "LASTE"),
                "`{}` rejects LASTE",
                c.id
            );
        }
    }
}

#[test]
fn iv_alteplase_about_27_percent_is_asked_per_arm() {
    let deck = deck();
    // 27.6% overall rounds to 28; "about 27%" holds for each arm.
    for c in &deck.cards {
        if let Body::Numeric { value, .. } = &c.body
            && c.prompt().contains("alteplase")
            && same(*value, 27.0)
        {
            assert!(
                c.prompt().contains("each arm"),
                "`{}`: {}",
                c.id,
                c.prompt()
            );
        }
    }
    let card = card(&deck, "lim5-alteplase-overall");
    assert!(card.prompt().contains("each arm"), "{}", card.prompt());
    assert_note(card, "~27%", "27.6%");
}

#[test]
fn unverified_or_wrong_claims_of_the_source_are_not_taught() {
    let deck = deck();
    for c in &deck.cards {
        let text = shown(c).to_lowercase();
        // "Petechial" was not found in the record.
        assert!(
            !text.contains("petechial"),
            "`{}` teaches petechial bleeding",
            c.id
        );
        // mRS 0-2 is the usual threshold for independence, not the primary of
        // most thrombectomy trials (they used the ordinal shift).
        assert!(
            !text.contains("used by most thrombectomy trials")
                && !text.contains("used in most thrombectomy trials"),
            "`{}` calls mRS 0-2 the primary of most trials",
            c.id
        );
    }
    // The perfusion-inflation argument does not hold: no card asserts it.
    for c in &deck.cards {
        for text in asserted(c) {
            let text = text.to_lowercase();
            assert!(
                !(text.contains("penumbra") || text.contains("inflat")),
                "`{}` asserts the perfusion-inflation argument: {text}",
                c.id
            );
        }
    }
    assert_note(
        card(&deck, "mp5-excess-bleed-type"),
        "petechial",
        "mostly asymptomatic",
    );
    assert_note(
        card(&deck, "lim6-lenient-threshold"),
        "used in most thrombectomy trials",
        "ordinal mRS shift",
    );
    let dwi = card(&deck, "lim8-dwi-vs-ct-aspects");
    assert!(dwi.answer_texts()[0].contains("DWI-ASPECTS reads lower than CT ASPECTS"));
    assert_note(dwi, "inflating results", "DWI-ASPECTS");
    // The trial was the first randomised evidence; guidelines changed later.
    let shift = card(&deck, "mp3-paradigm-shift");
    assert!(matches!(shift.body, Body::TrueFalse { answer: false, .. }));
    assert_note(
        shift,
        "fundamentally shifted the paradigm",
        "first randomised evidence",
    );
}

#[test]
fn class_1_for_aspects_3_to_5_is_not_taught_as_late_window_only() {
    let deck = deck();
    for c in &deck.cards {
        let prompt = c.prompt();
        if prompt.contains("AHA/ASA") && prompt.contains("6-24") {
            assert!(
                prompt.contains("within 6 hours"),
                "`{}` ties Class 1 to 6-24 hours only: {prompt}",
                c.id
            );
            assert!(
                !c.answer_texts().iter().any(|a| a == "6-24"),
                "`{}` asks for the 6-24 h window as the Class 1 window",
                c.id
            );
        }
    }
    let class1 = card(&deck, "mp10-guideline-class1");
    assert!(class1.answer_texts().iter().any(|a| a == "1"));
    assert!(class1.answer_texts().iter().any(|a| a == "3-5"));
}

#[test]
fn the_deck_teaches_exclusions_age_the_binary_primary_and_companion_mortality() {
    let deck = deck();
    let exclusions = card(&deck, "inc9-key-exclusions");
    let answers = exclusions.answer_texts().join("; ").to_lowercase();
    for needed in [
        "mass effect",
        "intracranial haemorrhage",
        "bleeding",
        "contrast",
    ] {
        assert!(answers.contains(needed), "no {needed:?} among {answers}");
    }
    // No upper age limit (reported), so "excluded patients older than 80" is false.
    let age = card(&deck, "inc2-no-upper-age-limit");
    assert!(matches!(age.body, Body::TrueFalse { answer: false, .. }));
    assert!(age.prompt().contains("80") && age.prompt().contains("reported"));
    // A binary primary (mRS 0-3) where the successors used the ordinal shift.
    let binary = card(&deck, "lim6-binary-primary");
    let right = &binary.answer_texts()[0];
    assert!(right.contains("binary") && right.contains("0-3") && right.contains("ordinal"));
    // TENSION and LASTE lowered mortality; RESCUE-Japan LIMIT did not significantly.
    let mortality = card(&deck, "lim9-companion-mortality");
    let mut named = mortality.answer_texts();
    named.sort();
    assert_eq!(named, ["LASTE", "TENSION"]);
    assert!(
        matches!(&mortality.body, Body::Choice { choices, .. } if choices.iter().any(|c| c == "RESCUE-Japan LIMIT"))
    );
}

#[test]
fn the_primary_analysis_is_named_and_giveaways_are_gone() {
    let deck = deck();
    let analysed = card(&deck, "sd6-analysed-total");
    assert!(analysed.prompt().contains("primary analysis"));
    assert!(matches!(analysed.body, Body::Numeric { value, .. } if same(value, 202.0)));
    for c in &deck.cards {
        // The trial's name gives its country away.
        assert!(
            !(c.prompt().contains("country") && c.answer_texts().iter().any(|a| a == "Japan")),
            "`{}` asks for the country",
            c.id
        );
        // Asking whether a randomised trial was randomised teaches nothing.
        if let Body::TrueFalse {
            prompt,
            answer: true,
        } = &c.body
        {
            assert!(
                !prompt.contains("assigned by randomisation"),
                "`{}` asks whether the trial was randomised",
                c.id
            );
        }
    }
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
