//! `trialdrill exam --json` through the real binary with answers on stdin:
//! the questions go to stderr, stdout is exactly one JSON value holding the
//! result, and its figures agree with the answers given and with the log.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::common;

const DECK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini.json");

/// Runs `exam --json` on `deck` with `answers` as stdin.
fn exam(home: &Path, deck: &str, extra: &[&str], answers: &str) -> Output {
    common::output(
        common::trialdrill(home)
            .args([
                "exam", "--deck", deck, "--count", "3", "--seed", "3", "--json",
            ])
            .args(extra),
        answers,
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Stdout parsed as one JSON value (trailing text would fail the parse).
fn json(run: &Output) -> Value {
    assert!(run.status.success(), "{}", text(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON value ({e}): {}{}",
            text(&run.stdout),
            text(&run.stderr)
        )
    })
}

fn logged_exams(home: &Path) -> Vec<Value> {
    crate::common::logged(home)
        .into_iter()
        .filter(|e| e["type"] == "exam")
        .collect()
}

/// Checks the result of the mini deck answered "1" three times: the first
/// option, the number 1, true.
fn check_answered_with_ones(result: &Value, home: &Path) {
    assert_eq!(result["seed"], 3);
    assert_eq!(result["learner"], Value::Null);
    assert_eq!(result["decks"], serde_json::json!(["mini"]));
    assert_eq!(result["time_up"], false);
    let questions = result["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 3);
    for (n, q) in questions.iter().enumerate() {
        assert_eq!(q["number"], n + 1);
        assert_eq!(q["deck"], "mini");
        assert_eq!(q["tags"], serde_json::json!(["design"]));
        assert_eq!(q["note"], Value::Null);
        assert!(q["seconds"].as_f64().unwrap() >= 0.0);
        match q["card"].as_str().unwrap() {
            "legs" => {
                assert_eq!(q["prompt"], "How many legs has a spider?");
                assert_eq!(q["answer"], "1");
                assert_eq!(q["right_answer"], "8 legs");
                assert_eq!(q["correct"], false);
                assert_eq!(q["explanation"], "Spiders have eight legs.");
                assert_eq!(q["kind"], "numeric");
                assert_eq!(q["options"], Value::Null);
                assert_eq!(q["picked"], Value::Null);
                assert_eq!(q["correct_options"], Value::Null);
            }
            "water" => {
                assert_eq!(q["answer"], "true");
                assert_eq!(q["correct"], true);
                assert_eq!(q["kind"], "truefalse");
                assert_eq!(q["options"], serde_json::json!(["True", "False"]));
                assert_eq!(q["picked"], serde_json::json!(["True"]));
                assert_eq!(q["correct_options"], serde_json::json!(["True"]));
            }
            "colour" => {
                assert_eq!(q["right_answer"], "Azure");
                let picked = q["answer"].as_str().unwrap();
                assert!(["Crimson", "Azure", "Emerald"].contains(&picked), "{q}");
                assert_eq!(q["correct"], picked == "Azure");
                assert_eq!(q["kind"], "choice");
                // "1" picks the first option shown.
                assert_eq!(q["options"][0], picked);
                assert_eq!(q["picked"], serde_json::json!([picked]));
                assert_eq!(q["correct_options"], serde_json::json!(["Azure"]));
            }
            other => panic!("unknown card {other}"),
        }
    }
    let right = questions.iter().filter(|q| q["correct"] == true).count();
    assert_eq!(result["score"]["right"], right);
    assert_eq!(result["score"]["asked"], 3);
    let percent = result["score"]["percent"].as_f64().unwrap();
    assert!(
        (percent - 100.0 * right as f64 / 3.0).abs() < 1e-9,
        "{percent}"
    );
    let tags = result["tags"].as_array().unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0]["tag"], "design");
    assert_eq!(tags[0]["right"], right);
    assert_eq!(tags[0]["asked"], 3);
    // The result is the exam the log kept.
    let logged = logged_exams(home);
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0]["correct"], right);
    let cards: Vec<&Value> = questions.iter().map(|q| &q["card"]).collect();
    let logged_cards: Vec<&Value> = logged[0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| &q["card"])
        .collect();
    assert_eq!(cards, logged_cards);
}

#[test]
fn exam_json_draws_the_questions_on_stderr_and_prints_the_result_on_stdout() {
    let home = tempfile::tempdir().unwrap();
    let run = exam(home.path(), DECK, &[], "1\n1\n1\n");
    let result = json(&run);
    check_answered_with_ones(&result, home.path());
    assert_eq!(result["minutes"], Value::Null);
    let stderr = text(&run.stderr);
    for shown in [
        "[1/3] design",
        "How many legs has a spider?",
        "choose one> ",
        "Exam over: ",
        "Seed 3",
    ] {
        assert!(stderr.contains(shown), "{shown:?} not on stderr: {stderr}");
    }
}

#[test]
fn a_timed_exam_json_draws_the_countdown_on_stderr_and_keeps_the_limit() {
    let home = tempfile::tempdir().unwrap();
    let run = exam(home.path(), DECK, &["--minutes", "5"], "1\n1\n1\n");
    let result = json(&run);
    check_answered_with_ones(&result, home.path());
    assert_eq!(result["minutes"], 5);
    let stderr = text(&run.stderr);
    assert!(stderr.contains("3 questions, 5 minutes"), "{stderr}");
    assert!(stderr.contains(" left"), "{stderr}");
}

#[test]
fn exam_json_names_the_learner_and_refuses_an_empty_name() {
    let home = tempfile::tempdir().unwrap();
    let run = exam(home.path(), DECK, &["--learner", "  Ann Lee "], "1\n1\n1\n");
    assert_eq!(json(&run)["learner"], "Ann Lee");
    assert_eq!(logged_exams(home.path())[0]["learner"], "Ann Lee");
    let run = exam(home.path(), DECK, &["--learner", " "], "1\n1\n1\n");
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("1 to 100 characters"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn exam_json_prints_null_when_the_exam_is_left_before_the_first_answer() {
    let home = tempfile::tempdir().unwrap();
    let run = exam(home.path(), DECK, &[], "q\n");
    assert_eq!(json(&run), Value::Null);
    assert!(text(&run.stderr).contains("nothing was recorded"));
}

#[test]
fn exam_json_keeps_escape_sequences_from_the_deck_out_of_stdout() {
    let home = tempfile::tempdir().unwrap();
    let hostile = std::fs::read_to_string(DECK)
        .unwrap()
        .replace(
            "Spiders have eight legs.",
            "Spiders have\\u001b]52;c;cm0gLXJmIH4=\\u0007 eight\\u001b[2J legs.",
        )
        .replace(
            "How many legs has a spider?",
            "How many legs\\u009b31m has a spider?",
        );
    let deck = home.path().join("hostile.json");
    std::fs::write(&deck, hostile).unwrap();
    let run = exam(home.path(), deck.to_str().unwrap(), &[], "1\n1\n1\n");
    assert!(
        !run.stdout.contains(&0x1b) && !text(&run.stdout).contains('\u{9b}'),
        "{}",
        text(&run.stdout)
    );
    let result = json(&run);
    let legs = result["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["card"] == "legs")
        .unwrap();
    assert_eq!(legs["explanation"], "Spiders have eight legs.");
    assert_eq!(legs["prompt"], "How many legs has a spider?");
}
