//! Runs short exams in the real binary in a pseudo-terminal and reads the
//! report: one timed (line prompts with a countdown), one untimed (menus).

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");
const DECK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini.json");
const ENTER: &str = "\r";

fn exam(home: &std::path::Path, extra: &[&str]) -> PtySession {
    exam_coloured(home, extra, false)
}

fn exam_coloured(home: &std::path::Path, extra: &[&str], colour: bool) -> PtySession {
    let mut command = Command::new(BIN);
    command
        .args(["exam", "--deck", DECK, "--count", "3", "--seed", "3"])
        .args(extra)
        .env("TRIALDRILL_HOME", home)
        .env("TERM", "xterm");
    if colour {
        command.env_remove("NO_COLOR");
    } else {
        command.env("NO_COLOR", "1");
    }
    spawn_command(command, Some(30_000)).unwrap()
}

fn exit_code(session: &mut PtySession) -> i32 {
    session.exp_eof().unwrap();
    match session.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("trialdrill did not exit normally: {other:?}"),
    }
}

fn exams_logged(home: &std::path::Path) -> Vec<serde_json::Value> {
    crate::common::logged(home)
        .into_iter()
        .filter(|e| e["type"] == "exam")
        .collect()
}

#[test]
fn a_timed_exam_shows_the_countdown_and_ends_with_the_report() {
    let home = tempfile::tempdir().unwrap();
    let mut session = exam(home.path(), &["--minutes", "5"]);
    session.exp_string("3 questions, 5 minutes").unwrap();
    // "1" answers every kind: the first option, true, the number 1.
    for n in 1..=3 {
        session.exp_string(&format!("[{n}/3] design")).unwrap();
        session.exp_string(" left").unwrap();
        session.exp_string("> ").unwrap();
        session.send_line("1").unwrap();
    }
    session.exp_string("Exam over: ").unwrap();
    session.exp_string("By tag, weakest first:").unwrap();
    session.exp_string("Time per question:").unwrap();
    session.exp_string("Missed (").unwrap();
    session.exp_string("How many legs has a spider?").unwrap();
    session.exp_string("You answered: 1").unwrap();
    session.exp_string("The answer: 8 legs").unwrap();
    session.exp_string("Why: Spiders have eight legs.").unwrap();
    session.exp_string("Seed 3").unwrap();
    assert_eq!(exit_code(&mut session), 0);
    let logged = exams_logged(home.path());
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0]["seed"], 3);
    assert_eq!(logged[0]["minutes"], 5);
    assert_eq!(logged[0]["questions"].as_array().unwrap().len(), 3);
}

/// The whole output of a timed exam answered with "1" three times.
fn timed_output(colour: bool) -> String {
    let home = tempfile::tempdir().unwrap();
    let mut session = exam_coloured(home.path(), &["--minutes", "5"], colour);
    for _ in 1..=3 {
        session.exp_string("> ").unwrap();
        session.send_line("1").unwrap();
    }
    let (output, _) = session.exp_regex("Seed 3.*again").unwrap();
    output
}

#[test]
fn colour_in_a_terminal_and_none_with_no_color() {
    assert!(timed_output(true).contains("\x1b[1m"), "bold headings");
    let plain = timed_output(false);
    assert!(!plain.contains('\x1b'), "{plain:?}");
}

#[test]
fn an_untimed_exam_uses_menus_and_keeps_the_schedule() {
    let home = tempfile::tempdir().unwrap();
    let mut session = exam(home.path(), &[]);
    session.exp_string("answers shown at the end").unwrap();
    for n in 1..=3 {
        session.exp_string(&format!("[{n}/3] design")).unwrap();
        if n == 2 {
            // Seed 3 asks the numeric card second.
            session.exp_string("How many legs has a spider?").unwrap();
            session.send_line("8").unwrap();
        } else {
            session.exp_string("?").unwrap();
            session.send(ENTER).unwrap();
            session.flush().unwrap();
        }
    }
    session.exp_string("Exam over: ").unwrap();
    session.exp_string("right (").unwrap();
    assert_eq!(exit_code(&mut session), 0);
    let logged = exams_logged(home.path());
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0]["questions"][1]["card"], "legs");
    assert_eq!(logged[0]["questions"][1]["correct"], true);
    let log = crate::common::logged(home.path());
    assert!(
        log.iter().all(|e| e["type"] != "review"),
        "no review recorded"
    );
}

#[test]
fn an_exam_with_json_draws_its_menus_on_stderr_and_writes_the_result_to_stdout() {
    let home = tempfile::tempdir().unwrap();
    let result = home.path().join("result.json");
    // Stdout goes to a file, as in `trialdrill exam --json > result.json`;
    // stdin and stderr stay on the terminal.
    let mut command = Command::new("sh");
    command
        .args(["-c", "exec \"$0\" \"$@\" > \"$RESULT\"", BIN])
        .args([
            "exam", "--deck", DECK, "--count", "3", "--seed", "3", "--json",
        ])
        .env("RESULT", &result)
        .env("TRIALDRILL_HOME", home.path())
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut session = spawn_command(command, Some(30_000)).unwrap();
    for n in 1..=3 {
        session.exp_string(&format!("[{n}/3] design")).unwrap();
        if n == 2 {
            session.exp_string("How many legs has a spider?").unwrap();
            session.send_line("8").unwrap();
        } else {
            session.exp_string("?").unwrap();
            session.send(ENTER).unwrap();
            session.flush().unwrap();
        }
    }
    session.exp_string("Exam over: ").unwrap();
    assert_eq!(exit_code(&mut session), 0);
    let written = std::fs::read_to_string(&result).unwrap();
    let report: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(report["questions"][1]["card"], "legs");
    assert_eq!(report["questions"][1]["answer"], "8");
    assert_eq!(report["questions"][1]["correct"], true);
    let logged = exams_logged(home.path());
    assert_eq!(report["score"]["right"], logged[0]["correct"]);
}
