//! The deck commands through the real binary: install, list, show, study an
//! installed deck, and refusing to overwrite files.

use std::process::{Command, Output, Stdio};

use crate::common;

fn run(home: &std::path::Path, dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    common::output(common::trialdrill(home).args(args).current_dir(dir), stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn an_added_deck_is_listed_shown_and_studied_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    assert!(
        run(
            &home,
            dir.path(),
            &["deck", "new", "my-trial", "-o", "my-trial.json"],
            ""
        )
        .status
        .success()
    );
    assert!(
        run(&home, dir.path(), &["deck", "add", "my-trial.json"], "")
            .status
            .success()
    );
    assert!(home.join("decks/my-trial.json").is_file());
    let list = text(&run(&home, dir.path(), &["deck", "list"], "").stdout);
    assert!(
        list.contains("my-trial") && list.contains("(installed): 6 cards"),
        "{list}"
    );
    assert!(list.contains("rescue-japan-limit"), "{list}");
    let show = text(&run(&home, dir.path(), &["deck", "show", "my-trial"], "").stdout);
    assert!(
        show.contains("[typed] typed-country") && show.contains("answer: Nowhere"),
        "{show}"
    );
    let study = run(
        &home,
        dir.path(),
        &["study", "--deck", "my-trial", "--new", "1"],
        "\n3\n",
    );
    assert!(study.status.success(), "{}", text(&study.stderr));
    assert!(
        text(&study.stdout).contains("EXAMPLE (fictional trial)"),
        "{}",
        text(&study.stdout)
    );
    let unknown = run(&home, dir.path(), &["study", "--deck", "nope"], "");
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn outputs_never_overwrite_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::write(dir.path().join("out.json"), "mine").unwrap();
    let again = run(
        &home,
        dir.path(),
        &["deck", "new", "x", "-o", "out.json"],
        "",
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.json")).unwrap(),
        "mine"
    );
    assert!(
        run(
            &home,
            dir.path(),
            &["deck", "new", "x", "-o", "out.json", "--force"],
            ""
        )
        .status
        .success()
    );
}

#[test]
fn build_fails_only_when_nothing_is_a_summary_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::write(dir.path().join("notes.txt"), "shopping list\neggs").unwrap();
    let out = run(&home, dir.path(), &["deck", "build", "notes.txt"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("notes.txt:2:5: no section"),
        "{}",
        text(&out.stderr)
    );
    let summary = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/summaries/example-onc.txt"
    );
    let ok = run(
        &home,
        dir.path(),
        &["deck", "build", summary, "-o", "onc.json"],
        "",
    );
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(
        text(&ok.stderr).contains("Major Points 1 (line"),
        "{}",
        text(&ok.stderr)
    );
    let lint = run(&home, dir.path(), &["deck", "lint", "onc.json"], "");
    assert!(lint.status.success(), "{}", text(&lint.stdout));
}

#[test]
fn lint_with_summary_reports_uncovered_bullets() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    run(&home, dir.path(), &["deck", "new", "x", "-o", "x.json"], "");
    let summary = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/decks/rescue-japan-limit.summary.md"
    );
    let out = run(
        &home,
        dir.path(),
        &["deck", "lint", "x.json", "--summary", summary],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stdout).contains("bullet 1 of `Major Points` has no card"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn build_writes_the_deck_before_its_report_and_reports_no_bare_labels() {
    let home = tempfile::tempdir().unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/summaries/rescue-japan-limit.txt");
    let out = home.path().join("built.json");
    let output = run(
        home.path(),
        home.path(),
        &[
            "deck",
            "build",
            source.to_str().unwrap(),
            "-o",
            "built.json",
        ],
        "",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = text(&output.stderr);
    let wrote = report.find("wrote").expect("the deck is written");
    assert!(wrote < report.find("coverage of").unwrap(), "{report}");
    // "Study Type" and the like only label the next bullet: no card is owed to them.
    assert!(!report.contains("(no card)"), "{report}");
    assert!(out.exists());

    // A reader that stops early (`| head`) still gets the deck written.
    std::fs::remove_file(&out).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_trialdrill"))
        .args(["--home"])
        .arg(home.path())
        .args(["deck", "build"])
        .arg(&source)
        .args(["-o", "built.json"])
        .current_dir(home.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert!(child.wait().unwrap().success());
    let lint = run(
        home.path(),
        home.path(),
        &["deck", "lint", "built.json"],
        "",
    );
    assert!(lint.status.success(), "{}", text(&lint.stdout));
}

/// A deck file `id` with `summary` beside it (when given) and these cards.
fn write_deck(dir: &std::path::Path, id: &str, extra: &str, cards: &[String]) {
    std::fs::write(
        dir.join(format!("{id}.json")),
        format!(
            "{{\n  \"format\": 1,\n  \"id\": \"{id}\",\n  \"title\": \"{id}\",{extra}\n  \"cards\": [\n{}\n  ]\n}}\n",
            cards.join(",\n")
        ),
    )
    .unwrap();
}

fn numeric(id: &str, value: f64, source: &str) -> String {
    format!(
        r#"    {{"id": "{id}", "kind": "numeric", "tags": ["t"], "explanation": "e", "prompt": "{id}?", "value": {value}, "tolerance": 0, "source": {source}}}"#
    )
}

#[test]
fn lint_checks_a_card_against_the_summary_of_the_deck_it_cites() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::write(
        dir.path().join("angel.summary.md"),
        "# ANGEL (2023)\n## Major Points\n- mRS 0-3 at 90 days: 47.0% vs 25.0%.\n## Limitations & Criticisms\n- Open label.\n",
    )
    .unwrap();
    write_deck(
        dir.path(),
        "angel",
        "\n  \"summary\": \"angel.summary.md\",",
        &[
            numeric("a1", 47.0, r#"{"section": "Major Points", "bullet": 1}"#),
            numeric(
                "a2",
                1.0,
                r#"{"section": "Limitations & Criticisms", "bullet": 1}, "note": "n""#,
            ),
        ],
    );
    let cited = r#"{"deck": "angel", "section": "Major Points", "bullet": 1}"#;
    write_deck(
        dir.path(),
        "compare",
        "\n  \"collection\": \"stroke/large-core\",",
        &[
            numeric("right", 47.0, cited),
            numeric("wrong", 31.0, cited),
            numeric(
                "elsewhere",
                5.0,
                r#"{"deck": "nowhere", "section": "Major Points", "bullet": 1}"#,
            ),
        ],
    );
    let out = run(&home, dir.path(), &["deck", "lint", "compare.json"], "");
    assert_eq!(out.status.code(), Some(2));
    let report = text(&out.stdout);
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(
        lines,
        [
            "compare.json:8:5: card `wrong`: teaches 31, which bullet 1 of `Major Points` of deck `angel` does not state; fix the figure or explain it in a `note`",
            "compare.json:9:5: card `elsewhere`: source names deck `nowhere`, which is neither beside this deck nor built in",
        ],
        "{report}"
    );
    let angel = run(&home, dir.path(), &["deck", "lint", "angel.json"], "");
    assert!(angel.status.success(), "{}", text(&angel.stdout));
    let show = text(&run(&home, dir.path(), &["deck", "show", "compare.json"], "").stdout);
    assert!(
        show.contains("source: Major Points #1 of deck angel\n"),
        "{show}"
    );
}

#[test]
fn deck_list_shows_each_deck_under_its_collection() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    write_deck(
        dir.path(),
        "grouped",
        "\n  \"collection\": \"stroke/large-core\",",
        &[numeric("n", 1.0, r#"{"section": "S", "bullet": 1}"#)],
    );
    let added = run(&home, dir.path(), &["deck", "add", "grouped.json"], "");
    assert!(added.status.success(), "{}", text(&added.stderr));
    let list = text(&run(&home, dir.path(), &["deck", "list"], "").stdout);
    // Listed with the built-in decks of its collection, before the next one.
    let large_core = list
        .split_once("stroke/large-core: ")
        .and_then(|(_, rest)| rest.split_once("\nstroke/"))
        .map_or("", |(group, _)| group);
    assert!(
        large_core.contains("\n  rescue-japan-limit  ")
            && large_core
                .contains("\n  grouped  grouped (installed): 1 card, 1 question · 0 due, 1 new\n"),
        "{list}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&run(&home, dir.path(), &["deck", "list", "--json"], "").stdout)
            .unwrap();
    let collection = |id: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .map(|d| d["collection"].clone())
            .unwrap()
    };
    assert_eq!(
        collection("grouped"),
        serde_json::json!("stroke/large-core")
    );
    assert_eq!(
        collection("rescue-japan-limit"),
        serde_json::json!("stroke/large-core")
    );
}

#[test]
fn a_deck_built_beside_its_summary_names_it_and_lints_clean_against_it() {
    for name in [
        "rescue-japan-limit",
        "example-hf",
        "example-onc",
        "example-id",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let summary = format!("{name}.txt");
        let deck = format!("{name}.json");
        std::fs::copy(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/summaries")
                .join(&summary),
            dir.path().join(&summary),
        )
        .unwrap();
        let built = run(
            &home,
            dir.path(),
            &["deck", "build", &summary, "-o", &deck],
            "",
        );
        assert!(built.status.success(), "{name}: {}", text(&built.stderr));
        assert!(!text(&built.stderr).contains("names no summary"), "{name}");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join(&deck)).unwrap())
                .unwrap();
        assert_eq!(json["summary"], summary.as_str(), "{name}");
        for args in [
            &["deck", "lint", &deck][..],
            &["deck", "lint", &deck, "--summary", &summary],
        ] {
            let lint = run(&home, dir.path(), args, "");
            assert_eq!(
                text(&lint.stdout),
                format!("{deck}: ok\n"),
                "{name} {args:?}"
            );
            assert!(lint.status.success(), "{name} {args:?}");
        }
    }
}

#[test]
fn a_deck_built_away_from_its_summary_names_none_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let summary = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/summaries/example-hf.txt"
    );
    let away = run(
        &home,
        dir.path(),
        &["deck", "build", summary, "-o", "hf.json"],
        "",
    );
    assert!(away.status.success(), "{}", text(&away.stderr));
    assert!(
        text(&away.stderr).contains("the draft names no summary (")
            && text(&away.stderr).contains("example-hf.txt is not beside hf.json)"),
        "{}",
        text(&away.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("hf.json")).unwrap())
            .unwrap();
    assert!(json.get("summary").is_none(), "{json}");
    let piped = run(&home, dir.path(), &["deck", "build", summary], "");
    assert!(
        text(&piped.stderr).contains("the draft names no summary (it goes to standard output)"),
        "{}",
        text(&piped.stderr)
    );
    assert!(!text(&piped.stdout).contains("\"summary\""));
}
