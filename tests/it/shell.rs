//! Fitting the shell: `-` for standard input and output, `deck new` to
//! standard output, byte-order marks, closed pipes, the manual pages.

use crate::common;

use std::process::{Output, Stdio};

fn run(home: &std::path::Path, dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    common::output(common::trialdrill(home).current_dir(dir).args(args), stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn deck_new_writes_to_standard_output_and_dash_means_it_too() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let o = run(&home, dir.path(), &["deck", "new", "my-trial"], "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let deck = trialdrill::deck::parse(&text(&o.stdout)).unwrap();
    assert_eq!(deck.id, "my-trial");
    assert!(!dir.path().join("my-trial.json").exists());
    let o = run(
        &home,
        dir.path(),
        &[
            "deck",
            "export",
            "rescue-japan-limit",
            "--format",
            "markdown",
            "-o",
            "-",
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).starts_with("# "), "{}", text(&o.stdout));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn lint_and_import_revlog_read_standard_input_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let deck = run(&home, dir.path(), &["deck", "new", "x"], "");
    let with_bom = format!("\u{feff}{}", text(&deck.stdout));
    let o = run(&home, dir.path(), &["deck", "lint", "-"], &with_bom);
    assert!(o.status.success(), "{}", text(&o.stdout));
    assert_eq!(text(&o.stdout), "-: ok\n");

    let csv = "\u{feff}card_id,review_rating,review_time,review_duration\n7,3,2024-05-01T08:00:00+00:00,4000\n";
    let o = run(
        &home,
        dir.path(),
        &["store", "import-revlog", "-", "--json"],
        csv,
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["imported"], 1);
}

#[test]
fn json_output_to_a_closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let decks = home.join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    let starter = run(&home, dir.path(), &["deck", "new", "x"], "").stdout;
    let starter = text(&starter);
    for i in 0..600 {
        let id = format!("deck-{i}");
        std::fs::write(
            decks.join(format!("{id}.json")),
            starter.replace("\"id\": \"x\"", &format!("\"id\": \"{id}\"")),
        )
        .unwrap();
    }
    let mut child = common::trialdrill(&home)
        .args(["deck", "list", "--json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stderr), "");
}

#[test]
fn the_manual_has_every_option_and_a_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let o = run(&home, dir.path(), &["man"], "");
    assert!(o.status.success());
    let page = text(&o.stdout);
    for section in [
        "EXAMPLES",
        "FILES",
        "ENVIRONMENT",
        "EXIT STATUS",
        "COMMANDS",
    ] {
        assert!(
            page.contains(&format!(".SH \"{section}\""))
                || page.contains(&format!(".SH {section}")),
            "no {section}"
        );
    }
    for option in [
        "trialdrill deck import",
        "\\-\\-with\\-history",
        "trialdrill store import\\-revlog",
        "\\-\\-leech\\-threshold",
        "\\-\\-retention",
        "reviews.jsonl",
        "TRIALDRILL_HOME",
    ] {
        assert!(page.contains(option), "the manual lacks {option}");
    }
    let o = run(&home, dir.path(), &["man", "deck", "import"], "");
    assert!(o.status.success());
    let page = text(&o.stdout);
    assert!(
        page.contains(".TH trialdrill\\-deck\\-import 1")
            || page.contains(".TH trialdrill-deck-import 1"),
        "{page}"
    );
    assert!(page.contains("with\\-history"), "{page}");
    let o = run(&home, dir.path(), &["man", "deck", "nope"], "");
    assert_eq!(o.status.code(), Some(2));
}
