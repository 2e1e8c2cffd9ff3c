//! Deck files are untrusted: a deck full of terminal escape sequences, control
//! characters, a `../` id, a 1 MB prompt or invalid UTF-8 must never reach the
//! terminal as anything but plain text, write outside the store, or panic.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");

/// Clear screen, write "hacked" to the clipboard (OSC 52), set the window
/// title, a C1 CSI (U+009B) colour, a bare bell and backspace, a reset.
const NASTY: &str =
    "\u{1b}[2J\u{1b}]52;c;aGFja2Vk\u{7}\u{1b}]0;pwned\u{1b}\\\u{9b}31m\u{7}\u{8}\u{1b}c";

/// A deck with the nasty sequences in every text a learner sees.
fn hostile_deck(prompt_bytes: usize) -> serde_json::Value {
    let mut prompt = format!("Is this safe{NASTY}?");
    while prompt.len() < prompt_bytes {
        prompt.push_str(" filler ≥ é");
        prompt.push_str(NASTY);
    }
    let n = |s: &str| format!("{s}{NASTY}");
    json!({
        "format": 1,
        "id": "hostile",
        "title": n("Hostile deck"),
        "cards": [
            {
                "id": "tf", "kind": "truefalse", "tags": [n("design")],
                "explanation": n("Because."), "note": n("A note."),
                "source": {"section": n("Facts"), "bullet": 1},
                "prompt": prompt, "answer": true
            },
            {
                "id": "pick", "kind": "choice", "tags": [n("safety")],
                "explanation": n("Why."),
                "source": {"section": "Facts", "bullet": 2},
                "prompt": n("Pick one"), "choices": [n("first"), n("second")],
                "answers": [n("first")]
            },
            {
                "id": "num", "kind": "numeric", "tags": ["design"],
                "explanation": n("Count."),
                "source": {"section": "Facts", "bullet": 3},
                "prompt": n("How many?"), "value": 3, "tolerance": 0, "unit": n("legs")
            }
        ]
    })
}

/// A scratch folder holding the store, the deck and the working directory,
/// so that anything written outside the store can be seen.
struct Scratch {
    root: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("work")).unwrap();
        Scratch { root }
    }

    fn store(&self) -> PathBuf {
        self.root.path().join("work").join("store")
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.root.path().join("work").join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Every path under the scratch root outside the store.
    fn outside_store(&self) -> BTreeSet<PathBuf> {
        let mut found = BTreeSet::new();
        let mut stack = vec![self.root.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.starts_with(self.store()) {
                    continue;
                }
                if path.is_dir() {
                    stack.push(path.clone());
                }
                found.insert(path);
            }
        }
        found
    }

    /// Runs trialdrill in `work/` on the store with `input`, checking that
    /// nothing was written outside the store and nothing panicked.
    fn run(&self, args: &[&str], input: &str) -> Output {
        let before = self.outside_store();
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(self.root.path().join("work"))
            .env("TRIALDRILL_HOME", self.store())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The program may exit before reading its input; that is fine.
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            self.outside_store(),
            before,
            "{args:?} wrote outside the store"
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        assert_no_deck_escapes(&output.stdout, "stdout");
        assert_no_deck_escapes(&output.stderr, "stderr");
        output
    }
}

/// The plain prompter writes no escape sequences of its own, so any ESC, C1
/// control, bell or backspace in the output came from the deck. (Messages
/// may quote a refused id with `\u{1b}` spelled out, which is harmless text.)
fn assert_no_deck_escapes(bytes: &[u8], stream: &str) {
    let text =
        String::from_utf8(bytes.to_vec()).unwrap_or_else(|e| panic!("{stream} is not UTF-8: {e}"));
    for c in text.chars() {
        assert!(
            !(c.is_control() && c != '\n' && c != '\t'),
            "{stream} carries control character {:?}: {text:?}",
            c
        );
    }
}

/// What remains of a sequence's arguments (the clipboard payload, the window
/// title) when the sequence is removed whole rather than only its ESC.
fn assert_no_sequence_leftovers(text: &str) {
    for payload in ["aGFja2Vk", "pwned", "31m"] {
        assert!(!text.contains(payload), "output carries `{payload}`");
    }
}

fn path_arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn a_hostile_deck_is_studied_as_plain_text() {
    let scratch = Scratch::new();
    let deck = scratch.write("hostile.json", hostile_deck(0).to_string().as_bytes());
    // True, Good; the choice (shuffled) by its letter, then Good or Again's
    // feedback; then quit at the numeric card.
    let output = scratch.run(
        &[
            "study",
            "--in-order",
            "--deck",
            path_arg(&deck),
            "--new",
            "3",
        ],
        "t\n\na\n\nq\nq\n",
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert_no_sequence_leftovers(&text);
    for shown in [
        "Hostile deck",
        "Is this safe?",
        "Because.",
        "A note.",
        "Pick one",
        "first",
        "second",
    ] {
        assert!(text.contains(shown), "`{shown}` not shown: {text}");
    }
    assert!(scratch.store().join("reviews.jsonl").exists());
}

#[test]
fn a_megabyte_prompt_is_shown_cleanly() {
    let scratch = Scratch::new();
    let deck = hostile_deck(1 << 20);
    let fillers = deck["cards"][0]["prompt"]
        .as_str()
        .unwrap()
        .matches("filler ≥ é")
        .count();
    let file = scratch.write("big.json", deck.to_string().as_bytes());
    let output = scratch.run(&["study", "--in-order", "--deck", path_arg(&file)], "q\n");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_no_sequence_leftovers(&text);
    assert!(fillers > 10_000);
    assert_eq!(
        text.matches("filler ≥ é").count(),
        fillers,
        "prompt cut short"
    );
}

#[test]
fn listing_and_linting_a_hostile_deck_print_no_escapes() {
    let scratch = Scratch::new();
    let deck = scratch.write("hostile.json", hostile_deck(0).to_string().as_bytes());
    for json in [false, true] {
        let mut args = vec!["deck", "lint", path_arg(&deck)];
        if json {
            args.push("--json");
        }
        let output = scratch.run(&args, "");
        assert!(matches!(output.status.code(), Some(0 | 2)), "{args:?}");
    }
}

#[test]
fn decks_that_cannot_be_loaded_fail_with_a_message_and_status_two() {
    let scratch = Scratch::new();
    let good = hostile_deck(0);
    let with = |key: &str, value: serde_json::Value| {
        let mut deck = good.clone();
        deck[key] = value;
        deck.to_string().into_bytes()
    };
    let mut bad_card = good.clone();
    bad_card["cards"][0] = json!({"id": format!("x{NASTY}"), "tags": []});
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("escape.json", with("id", json!("../../escape")), "deck id"),
        ("abs.json", with("id", json!("/tmp/evil")), "deck id"),
        (
            "esc-id.json",
            with("id", json!(format!("a{NASTY}"))),
            "deck id",
        ),
        (
            "summary.json",
            with("summary", json!("../../etc/passwd")),
            "summary",
        ),
        (
            "card.json",
            bad_card.to_string().into_bytes(),
            "needs a `kind`",
        ),
        (
            "latin1.json",
            b"{\"format\": 1, \"id\": \"caf\xe9\"}".to_vec(),
            "not valid UTF-8",
        ),
        ("empty.json", Vec::new(), "EOF"),
    ];
    for (name, bytes, expected) in cases {
        let deck = scratch.write(name, &bytes);
        for args in [
            vec!["study", "--in-order", "--deck", path_arg(&deck)],
            vec!["deck", "lint", path_arg(&deck)],
        ] {
            let output = scratch.run(&args, "");
            assert_eq!(output.status.code(), Some(2), "{name} {args:?}");
            let said = String::from_utf8_lossy(&output.stdout).to_string()
                + &String::from_utf8_lossy(&output.stderr);
            assert!(said.contains(expected), "{name}: {said}");
            assert!(
                said.contains(name),
                "{name}: the message names no file: {said}"
            );
        }
    }
    assert!(
        !scratch.store().join("reviews.jsonl").exists(),
        "a refused deck started a session"
    );
}
