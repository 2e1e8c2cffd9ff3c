//! Drives the real binary through pipes (no terminal), so the plain line
//! prompter answers: one line a prompt, as `trialdrill study < answers.txt`.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use trialdrill::engine::schedule::Scheduler;
use trialdrill::store::{Access, Store};

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");
const DECK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini.json");
/// A deck whose feedback teaches: a typo, a multi-select, a longer answer.
const FEEDBACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/feedback.json");
/// How long to wait for output before declaring the program stuck.
const STUCK: Duration = Duration::from_secs(30);

/// A running `trialdrill study` on the test deck, talked to through pipes.
struct Piped {
    child: Child,
    stdin: Option<ChildStdin>,
    output: Receiver<u8>,
    /// Everything read so far.
    transcript: String,
    /// How much of the transcript earlier waits consumed.
    seen: usize,
}

impl Piped {
    fn start(home: &Path) -> Piped {
        Piped::start_deck(home, DECK)
    }

    /// A running `trialdrill study` on the deck file `deck`, in its order.
    fn start_deck(home: &Path, deck: &str) -> Piped {
        let mut child = Command::new(BIN)
            .args(["study", "--in-order", "--deck", deck])
            .env("TRIALDRILL_HOME", home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let (tx, output) = channel();
        // Read on a thread so a stuck program fails the test instead of hanging it.
        std::thread::spawn(move || {
            let mut byte = [0];
            while stdout.read(&mut byte).unwrap_or(0) == 1 {
                if tx.send(byte[0]).is_err() {
                    break;
                }
            }
        });
        Piped {
            stdin: child.stdin.take(),
            child,
            output,
            transcript: String::new(),
            seen: 0,
        }
    }

    /// Waits for `needle` and returns the output before it.
    fn expect(&mut self, needle: &str) -> String {
        let mut bytes = Vec::new();
        loop {
            if let Some(at) = self.transcript[self.seen..].find(needle) {
                let before = self.transcript[self.seen..self.seen + at].to_string();
                self.seen += at + needle.len();
                return before;
            }
            match self.output.recv_timeout(STUCK) {
                Ok(b) => bytes.push(b),
                Err(e) => panic!("no {needle:?} ({e}); output so far:\n{}", self.transcript),
            }
            if let Ok(text) = std::str::from_utf8(&bytes) {
                self.transcript.push_str(text);
                bytes.clear();
            }
        }
    }

    /// Sends one answer line.
    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// Closes stdin, reads the rest of the output and waits for the exit.
    fn finish(mut self) -> (ExitStatus, String) {
        drop(self.stdin.take());
        let mut rest = Vec::new();
        loop {
            match self.output.recv_timeout(STUCK) {
                Ok(b) => rest.push(b),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    let _ = self.child.kill();
                    panic!("still running after end of input:\n{}", self.transcript);
                }
            }
        }
        let status = self.child.wait().unwrap();
        self.transcript.push_str(&String::from_utf8(rest).unwrap());
        (status, self.transcript[self.seen..].to_string())
    }

    /// Answers the choice card (options shuffled) with `option`, read off
    /// the numbered list.
    fn choose(&mut self, option: &str) {
        self.choose_all("choose one> ", &[option]);
    }

    /// Answers the choice card whose prompt ends in `prompt` with `options`,
    /// their numbers read off the numbered list.
    fn choose_all(&mut self, prompt: &str, options: &[&str]) {
        let listing = self.expect(prompt);
        let numbers: Vec<&str> = options
            .iter()
            .map(|option| {
                listing
                    .lines()
                    .find_map(|l| l.trim().strip_suffix(option)?.strip_suffix(") "))
                    .unwrap_or_else(|| panic!("{option} not offered in {listing:?}"))
            })
            .collect();
        self.send(&numbers.join(","));
    }
}

fn reviews(home: &Path) -> Vec<serde_json::Value> {
    crate::common::logged(home)
        .into_iter()
        .filter(|e| e["type"] == "review")
        .collect()
}

#[test]
fn piped_answers_are_logged_with_card_rating_correctness_and_answer() {
    let home = tempfile::tempdir().unwrap();
    let mut study = Piped::start(home.path());
    study.choose("Azure");
    study.expect("✓ Right: Azure");
    study.expect("rate, Enter for Good> ");
    study.send("");
    study.expect("true or false> ");
    study.send("f");
    study.expect("✗ Not quite. You answered: false");
    // A wrong answer is rated Again without asking.
    study.expect("back later in this session");
    study.expect("a number, in legs> ");
    study.send("8");
    study.expect("rate, Enter for Good> ");
    study.send("4");
    // The failed card comes back in the same session.
    study.expect("True or false? Water is wet.");
    study.expect("true or false> ");
    study.send("t");
    study.expect("rate, Enter for Good> ");
    study.send("2");
    let (status, rest) = study.finish();
    assert_eq!(status.code(), Some(0));
    assert!(
        rest.contains("Session over: 4 answered, 3 of 4 right (75%)"),
        "{rest}"
    );

    let got: Vec<(String, String, u64, bool, String)> = reviews(home.path())
        .iter()
        .map(|r| {
            (
                r["deck"].as_str().unwrap().to_string(),
                r["card"].as_str().unwrap().to_string(),
                r["rating"].as_u64().unwrap(),
                r["correct"].as_bool().unwrap(),
                r["answer"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("colour", 3, true, "Azure"),
        ("water", 1, false, "false"),
        ("legs", 4, true, "8"),
        ("water", 2, true, "true"),
    ]
    .map(|(card, rating, correct, answer)| {
        (
            "mini".to_string(),
            card.to_string(),
            rating,
            correct,
            answer.to_string(),
        )
    });
    assert_eq!(got, want);
}

#[test]
fn a_refused_line_gets_a_one_line_hint_and_the_prompt_again() {
    let home = tempfile::tempdir().unwrap();
    let mut study = Piped::start(home.path());
    study.expect("choose one> ");
    study.send("9");
    let between = study.expect("choose one> ");
    assert_eq!(
        between,
        "\n  ? type the number or letter of one option (2 or b), or q to quit\n"
    );
    study.send("q");
    let (status, _) = study.finish();
    assert_eq!(status.code(), Some(0));
    assert!(reviews(home.path()).is_empty());
}

#[test]
fn q_at_the_rating_keeps_the_graded_answer_and_quits() {
    let home = tempfile::tempdir().unwrap();
    let mut study = Piped::start(home.path());
    study.choose("Crimson");
    study.expect("true or false> ");
    study.send("t");
    study.expect("rate, Enter for Good> ");
    study.send("q");
    let (status, rest) = study.finish();
    assert_eq!(status.code(), Some(0));
    assert!(
        !rest.contains("How many legs"),
        "a card was shown after q: {rest}"
    );
    assert!(
        rest.contains("Session over: 2 answered, 1 of 2 right (50%)"),
        "{rest}"
    );
    let ratings: Vec<(String, u64)> = reviews(home.path())
        .iter()
        .map(|r| {
            (
                r["card"].as_str().unwrap().to_string(),
                r["rating"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ratings,
        [("colour".to_string(), 1), ("water".to_string(), 3)]
    );
}

#[test]
fn end_of_input_mid_card_saves_earlier_answers_and_exits_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let mut study = Piped::start(home.path());
    study.choose("Azure");
    study.expect("rate, Enter for Good> ");
    study.send("");
    study.expect("true or false> ");
    let (status, rest) = study.finish();
    assert_eq!(status.code(), Some(0));
    assert!(
        rest.contains("Session over: 1 answered, 1 of 1 right (100%)"),
        "{rest}"
    );
    let cards: Vec<String> = reviews(home.path())
        .iter()
        .map(|r| r["card"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(cards, ["colour"]);
    let store = Store::open(home.path(), Access::Read, Scheduler::default_params()).unwrap();
    let studied: Vec<&String> = store.states().values().flat_map(|c| c.keys()).collect();
    assert_eq!(studied, ["colour"]);
}

#[test]
fn i_was_right_is_logged_beside_the_verdict_and_counted_right_everywhere() {
    let home = tempfile::tempdir().unwrap();
    let mut study = Piped::start(home.path());
    study.choose("Crimson");
    study.expect("back later in this session");
    // The next prompt offers to overrule the verdict.
    study.expect("(o: I was right, count my last answer as right)");
    study.expect("true or false> ");
    study.send("o");
    study.expect("Counted your last answer as right.");
    study.expect("rate, Enter for Good> ");
    study.send("");
    // The next card is asked again; `o` is no longer offered.
    let before = study.expect("true or false> ");
    assert!(!before.contains("(o: I was right"), "{before}");
    study.send("t");
    study.expect("rate, Enter for Good> ");
    study.send("");
    study.expect("a number, in legs> ");
    study.send("8");
    study.expect("rate, Enter for Good> ");
    study.send("");
    let (status, rest) = study.finish();
    assert_eq!(status.code(), Some(0));
    assert!(
        rest.contains("Session over: 3 answered, 3 of 3 right (100%)"),
        "{rest}"
    );
    // The log keeps both: the automatic verdict, taken back, and the override.
    let log: Vec<serde_json::Value> = crate::common::logged(home.path()).into_iter().collect();
    let colour: Vec<(&str, Option<u64>, Option<bool>, bool)> = log
        .iter()
        .filter(|e| e["card"] == "colour" || e["type"] == "undo")
        .map(|e| {
            (
                e["type"].as_str().unwrap(),
                e["rating"].as_u64(),
                e["correct"].as_bool(),
                e["overruled"] == true,
            )
        })
        .collect();
    assert_eq!(
        colour,
        [
            ("review", Some(1), Some(false), false),
            ("undo", None, None, false),
            ("review", Some(3), Some(true), true),
        ]
    );
    assert_eq!(log[1]["undoes"], log[0]["id"]);
    // What stats, leeches and optimize learn from: the final verdict only.
    let learned = trialdrill::store::history::reviews(home.path()).unwrap();
    let colour: Vec<_> = learned.iter().filter(|r| r.card == "colour").collect();
    assert_eq!(colour.len(), 1);
    assert_eq!(
        (colour[0].rating, colour[0].correct, colour[0].overruled),
        (trialdrill::engine::schedule::Rating::Good, Some(true), true)
    );
    let stats = Command::new(BIN)
        .args(["stats", "--json", "--deck", DECK])
        .env("TRIALDRILL_HOME", home.path())
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    let design = &stats["decks"][0]["tags"][0];
    assert_eq!(
        (
            design["tag"].as_str(),
            design["hits"].as_u64(),
            design["total"].as_u64()
        ),
        (Some("design"), Some(3), Some(3))
    );
    assert_eq!(stats["decks"][0]["leeches"], serde_json::json!([]));
}

#[test]
fn feedback_shows_the_spelling_accepted_and_where_a_wrong_answer_differs() {
    let home = tempfile::tempdir().unwrap();
    let mut study = Piped::start_deck(home.path(), FEEDBACK);
    study.expect("a short answer> ");
    study.send("altepase");
    study.expect("✓ Right (spelling: alteplase)\n");
    study.expect("rate, Enter for Good> ");
    study.send("");
    study.choose_all(
        "choose all that apply> ",
        &["aspirin", "heparin", "warfarin"],
    );
    study.expect("✗ Not quite.");
    let shown = study.expect("  Why: Dual antiplatelet");
    assert!(
        shown.contains("\n  Missed: clopidogrel\n  Extra, not right: heparin; warfarin\n"),
        "{shown:?}"
    );
    study.expect("a short answer> ");
    study.send("mRS 0-3 at 90 days");
    study.expect("  Where it differs: mRS «0-2» (not «0-3») at 90 days\n");
    let (status, _) = study.finish();
    assert_eq!(status.code(), Some(0));
    let answers: Vec<(String, bool)> = reviews(home.path())
        .iter()
        .map(|r| {
            (
                r["answer"].as_str().unwrap().to_string(),
                r["correct"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            ("altepase".to_string(), true),
            ("aspirin; heparin; warfarin".to_string(), false),
            ("mRS 0-3 at 90 days".to_string(), false),
        ]
    );
}
