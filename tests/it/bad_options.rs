//! Bad options to the issue-4 commands exit 2 with a message that says what
//! to do, and leave no store behind.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");
const DECK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini.json");

fn run(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("TRIALDRILL_HOME", home)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn an_exam_date_in_the_past_is_refused_before_the_store_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let out = run(&home, &["study", "--deck", DECK, "--until", "2020-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("--until 2020-01-01 is in the past"),
        "{message}"
    );
    assert!(!home.exists());
}

#[test]
fn an_unknown_exam_tag_is_refused_naming_the_tags_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let out = run(&home, &["exam", "--deck", DECK, "--tag", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("no card has the tag `nope`; the tags are: design"),
        "{message}"
    );
    assert!(!home.exists());
}

#[test]
fn a_leech_threshold_of_zero_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["stats", "--leech-threshold", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unknown_deck_is_named_without_claiming_a_study_session() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["study", "exam", "stats", "simulate"] {
        let out = run(dir.path(), &[command, "--deck", "nope"]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let message = String::from_utf8_lossy(&out.stderr);
        assert!(message.contains("no deck `nope`"), "{command}: {message}");
        assert!(!message.contains("study"), "{command}: {message}");
    }
}
