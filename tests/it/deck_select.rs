//! Choosing decks through the real binary: `--deck` repeated, a collection
//! and `--tag` select exactly the expected cards in study, exam and stats;
//! `deck list` groups by collection with what is due and new; a first run
//! without a terminal starts the first collection and says how to choose
//! another.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::common;

/// A fixture deck: id, collection, and its cards' ids and tags.
type Fixture = (
    &'static str,
    &'static str,
    [(&'static str, &'static str); 2],
);

/// Three installed decks: two in `test/alpha`, one in `test/beta`. Each
/// card is a true/false card whose answer is true, citing a bullet of its
/// own (cards of one bullet are siblings, kept apart); `topic` is written in
/// a different case in each deck.
const DECKS: [Fixture; 3] = [
    (
        "alpha-one",
        "test/alpha",
        [("a1", r#"["Topic", "design"]"#), ("a2", r#"["design"]"#)],
    ),
    (
        "alpha-two",
        "test/alpha",
        [("b1", r#"["topic"]"#), ("b2", r#"["safety"]"#)],
    ),
    (
        "beta-one",
        "test/beta",
        [("c1", r#"["TOPIC"]"#), ("c2", r#"["design"]"#)],
    ),
];

/// A store with the three decks installed.
fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    for (d, (id, collection, cards)) in DECKS.iter().enumerate() {
        let cards: Vec<String> = cards
            .iter()
            .enumerate()
            .map(|(c, (card, tags))| {
                let bullet = 2 * d + c + 1;
                format!(
                    r#"{{"id": "{card}", "kind": "truefalse", "tags": {tags}, "explanation": "e",
                       "source": {{"section": "S", "bullet": {bullet}}}, "prompt": "Card {id}/{card}.", "answer": true}}"#
                )
            })
            .collect();
        let file = files.path().join(format!("{id}.json"));
        std::fs::write(
            &file,
            format!(
                r#"{{"format": 1, "id": "{id}", "title": "Deck {id}", "collection": "{collection}", "cards": [{}]}}"#,
                cards.join(",\n")
            ),
        )
        .unwrap();
        let added = run(home.path(), &["deck", "add", file.to_str().unwrap()], "");
        assert!(added.status.success(), "{}", text(&added.stderr));
    }
    home
}

fn run(home: &Path, args: &[&str], input: &str) -> Output {
    common::output(common::trialdrill(home).args(args), input)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(output: &Output) -> String {
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout)
}

/// `deck/card` for each card of `expected`.
fn set(expected: &[&str]) -> BTreeSet<String> {
    expected.iter().map(|s| s.to_string()).collect()
}

/// The selections checked, each with the cards it must choose.
const CASES: [(&[&str], &[&str]); 4] = [
    (
        &["--deck", "alpha-one", "--deck", "beta-one"],
        &["alpha-one/a1", "alpha-one/a2", "beta-one/c1", "beta-one/c2"],
    ),
    (
        &["--deck", "test/alpha"],
        &[
            "alpha-one/a1",
            "alpha-one/a2",
            "alpha-two/b1",
            "alpha-two/b2",
        ],
    ),
    // No deck named: the tag narrows every deck, built-in ones too (none of
    // which has it).
    (
        &["--tag", "toPIC"],
        &["alpha-one/a1", "alpha-two/b1", "beta-one/c1"],
    ),
    // `test` is the parent of both collections.
    (
        &["--deck", "test", "--tag", "DESIGN", "--tag", "safety"],
        &[
            "alpha-one/a1",
            "alpha-one/a2",
            "alpha-two/b2",
            "beta-one/c2",
        ],
    ),
];

#[test]
fn study_shows_exactly_the_chosen_cards() {
    for (options, expected) in CASES {
        let home = home();
        let mut args = vec!["study", "--new", "100"];
        args.extend(options);
        // Each card: `t` answers it (right), an empty line rates it Good.
        let out = ok(&run(home.path(), &args, &"t\n\n".repeat(10)));
        let shown: BTreeSet<String> = out
            .lines()
            .filter_map(|l| l.strip_prefix("True or false? Card ")?.strip_suffix('.'))
            .map(str::to_string)
            .collect();
        assert_eq!(shown, set(expected), "{options:?}\n{out}");
        assert!(
            out.contains(&format!("Session over: {} answered", expected.len())),
            "{options:?}\n{out}"
        );
    }
}

#[test]
fn an_exam_asks_exactly_the_chosen_cards() {
    let home = home();
    for (options, expected) in CASES {
        let mut args = vec!["exam", "--count", "100", "--json"];
        args.extend(options);
        let out = ok(&run(home.path(), &args, &"t\n".repeat(10)));
        let result: Value = serde_json::from_str(&out).unwrap();
        let asked: BTreeSet<String> = result["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                format!(
                    "{}/{}",
                    q["deck"].as_str().unwrap(),
                    q["card"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(asked, set(expected), "{options:?}");
        assert_eq!(result["score"]["asked"], expected.len(), "{options:?}");
    }
}

#[test]
fn stats_count_exactly_the_chosen_cards() {
    let home = home();
    for (options, expected) in CASES {
        let mut args = vec!["stats", "--json"];
        args.extend(options);
        let report: Value = serde_json::from_str(&ok(&run(home.path(), &args, ""))).unwrap();
        let counted: Vec<(String, u64)> = report["decks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["id"].as_str().unwrap().into(),
                    d["cards"]["new"].as_u64().unwrap(),
                )
            })
            .collect();
        let mut wanted: Vec<(String, u64)> = Vec::new();
        for card in expected {
            let deck = card.split('/').next().unwrap();
            match wanted.iter_mut().find(|(d, _)| d == deck) {
                Some((_, n)) => *n += 1,
                None => wanted.push((deck.into(), 1)),
            }
        }
        assert_eq!(counted, wanted, "{options:?}");
    }
}

#[test]
fn stats_narrowed_by_tag_leave_out_the_other_cards_reviews() {
    let home = home();
    ok(&run(
        home.path(),
        &["study", "--deck", "alpha-two"],
        &"t\n\n".repeat(2),
    ));
    let b2: f64 = crate::common::logged(home.path())
        .into_iter()
        .filter(|e| e["type"] == "review" && e["card"] == "b2")
        .map(|e| e["seconds"].as_f64().unwrap())
        .sum();
    assert!(b2 > 0.0, "{b2}");
    let args = ["stats", "--json", "--deck", "alpha-two", "--tag", "Safety"];
    let report: Value = serde_json::from_str(&ok(&run(home.path(), &args, ""))).unwrap();
    let deck = &report["decks"][0];
    assert_eq!(
        deck["cards"],
        serde_json::json!({"new": 0, "learning": 0, "review": 1})
    );
    // Time is summed in whole microseconds.
    let total = deck["time"]["total_seconds"].as_f64().unwrap();
    assert!((total - b2).abs() < 2e-6, "{total} is not {b2}");
    let tags: Vec<&str> = deck["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tag"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["safety"]);
}

#[test]
fn a_tag_no_chosen_card_has_is_refused_by_each_command() {
    let home = home();
    for command in ["study", "exam", "stats", "simulate"] {
        let out = run(
            home.path(),
            &[command, "--deck", "beta-one", "--tag", "safety"],
            "",
        );
        assert_eq!(out.status.code(), Some(2), "{command}");
        let message = text(&out.stderr);
        assert!(
            message.contains("no card has the tag `safety`; the tags are: TOPIC, design"),
            "{command}: {message}"
        );
    }
}

#[test]
fn an_unknown_deck_is_refused_naming_the_collections_and_decks() {
    let home = home();
    let out = run(home.path(), &["study", "--deck", "test/gamma"], "");
    assert_eq!(out.status.code(), Some(2));
    let message = text(&out.stderr);
    assert!(
        message.contains("no deck `test/gamma`")
            && message.contains("test/alpha, test/beta")
            && message.contains("alpha-one, alpha-two, beta-one"),
        "{message}"
    );
}

#[test]
fn deck_list_groups_by_collection_with_due_and_new_cards() {
    let home = home();
    // c1 answered wrong is due again today; c2 answered right is not due.
    ok(&run(
        home.path(),
        &["study", "--in-order", "--deck", "beta-one"],
        "f\nt\n\n",
    ));
    let list = ok(&run(home.path(), &["deck", "list"], ""));
    assert!(
        list.contains(
            "test/alpha: 2 decks, 4 cards, 4 questions · 0 due, 4 new\n  \
             alpha-one  Deck alpha-one (installed): 2 cards, 2 questions · 0 due, 2 new\n"
        ),
        "{list}"
    );
    assert!(
        list.contains(
            "test/beta: 1 deck, 2 cards, 2 questions · 1 due, 0 new\n  \
             beta-one  Deck beta-one (installed): 2 cards, 2 questions · 1 due, 0 new\n"
        ),
        "{list}"
    );
    assert!(list.starts_with("stroke/large-core: "), "{list}");
    let json: Value =
        serde_json::from_str(&ok(&run(home.path(), &["deck", "list", "--json"], ""))).unwrap();
    let beta = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "beta-one")
        .unwrap();
    assert_eq!((&beta["due"], &beta["new"]), (&1.into(), &0.into()));
}

#[test]
fn a_first_run_without_a_terminal_starts_the_first_collection_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    // The first card is a cloze gap: `1` is a wrong answer, so it is
    // studied (and due again) before `q` ends the session.
    // (--in-order: new cards in deck order, not shuffled.)
    let first = run(home.path(), &["study", "--in-order"], "1\nq\n");
    let out = ok(&first);
    let notes = text(&first.stderr);
    let lines: Vec<&str> = notes.lines().collect();
    assert_eq!(lines.len(), 1, "{notes}");
    assert!(
        lines[0].starts_with("First run: studying the collection stroke/large-core (")
            && lines[0].ends_with(
                "To choose another, run `trialdrill study --deck NAME` (`trialdrill deck list` names the collections)."
            ),
        "{notes}"
    );
    assert!(out.contains("RESCUE-Japan LIMIT (NEJM 2022)"), "{out}");
    assert!(out.contains("Session over: 1 answered"), "{out}");
    // A later run studies the deck begun, saying nothing more.
    let later = run(home.path(), &["study", "--in-order"], "q\n");
    let out = ok(&later);
    assert_eq!(text(&later.stderr), "");
    assert!(out.contains("[1/"), "{out}");
    assert!(out.contains("RESCUE-Japan LIMIT (NEJM 2022)"), "{out}");
}
