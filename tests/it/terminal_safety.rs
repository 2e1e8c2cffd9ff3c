//! The real binary in a pseudo-terminal: a hostile deck draws nothing but
//! plain text, and Ctrl-C in a menu or a typed answer leaves the terminal as
//! it found it, with every earlier answer saved.

use std::path::Path;
use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};
use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");
const MINI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini.json");
const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const CTRL_C: &str = "\x03";
const SHOW_CURSOR: &str = "\x1b[?25h";
const HIDE_CURSOR: &str = "\x1b[?25l";
const COLOURS: [&str; 3] = ["Crimson", "Azure", "Emerald"];

/// Clear screen, OSC 52 clipboard write, window title, C1 CSI, bell, backspace, reset.
const NASTY: &str =
    "\u{1b}[2J\u{1b}]52;c;aGFja2Vk\u{7}\u{1b}]0;pwned\u{1b}\\\u{9b}31m\u{7}\u{8}\u{1b}c";

/// A pseudo-terminal session that keeps everything the program wrote.
/// (rexpect hands output back one byte a char, as Latin-1.)
struct Screen {
    session: PtySession,
    seen: String,
}

impl Screen {
    /// Runs `script` under `sh` in a fresh pseudo-terminal, `$0` and `$1` bound to `args`.
    fn shell(home: &Path, script: &str, args: &[&str]) -> Screen {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(script)
            .args(args)
            .env("TRIALDRILL_HOME", home)
            .env("TERM", "xterm")
            .env_remove("NO_COLOR");
        Screen {
            session: spawn_command(command, Some(30_000)).unwrap(),
            seen: String::new(),
        }
    }

    fn expect(&mut self, needle: &str) -> String {
        let before = self.session.exp_string(needle).unwrap();
        self.seen.push_str(&before);
        self.seen.push_str(needle);
        before
    }

    fn keys(&mut self, keys: &[&str]) {
        for key in keys {
            self.session.send(key).unwrap();
            self.session.flush().unwrap();
        }
    }

    /// Where `wanted` is in the shuffled colour menu, from the top.
    fn menu_position(&mut self, wanted: &str) -> usize {
        let alternatives = COLOURS.join("|");
        let (before, menu) = self
            .session
            .exp_regex(&format!(
                "({alternatives})[\\s\\S]*?({alternatives})[\\s\\S]*?({alternatives})"
            ))
            .unwrap();
        self.seen.push_str(&before);
        self.seen.push_str(&menu);
        let mut shown: Vec<(usize, &str)> = COLOURS
            .iter()
            .map(|c| (menu.find(c).unwrap(), *c))
            .collect();
        shown.sort_unstable();
        shown.iter().position(|(_, c)| *c == wanted).unwrap()
    }

    /// Reads to the end and returns the shell's exit code.
    fn finish(&mut self) -> i32 {
        let rest = self.session.exp_eof().unwrap();
        self.seen.push_str(&rest);
        match self.session.process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("did not exit normally: {other:?}"),
        }
    }
}

/// The `stty -a` report printed between `start` and `end` markers.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap() + start.len();
    let to = from + text[from..].find(end).unwrap();
    text[from..to].trim()
}

fn reviewed_cards(home: &Path) -> Vec<String> {
    crate::common::logged(home)
        .into_iter()
        .filter(|e| e["type"] == "review")
        .map(|r| r["card"].as_str().unwrap().to_string())
        .collect()
}

/// Terminal modes before, the session, its exit status, terminal modes after.
const AROUND: &str = "stty -a; echo '<<before'; \"$0\" study --in-order --deck \"$1\"; echo \"<<exit=$?\"; stty -a; echo '<<after'";

/// Answers the first two cards of the mini deck (choice, true/false) right.
fn answer_two(screen: &mut Screen) {
    screen.expect("What colour is a clear daytime sky?");
    let downs = screen.menu_position("Azure");
    let mut keys = vec![DOWN; downs];
    keys.push(ENTER);
    screen.keys(&keys);
    screen.expect("How well did you know it?");
    screen.expect("Easy");
    screen.keys(&[ENTER]);
    screen.expect("True or false? Water is wet.");
    screen.expect("False");
    screen.keys(&[ENTER]);
    screen.expect("How well did you know it?");
    screen.expect("Easy");
    screen.keys(&[ENTER]);
}

/// After Ctrl-C: the session ended normally, the terminal modes are those
/// from before, the cursor was shown again, and `answered` are on disk.
fn assert_restored(screen: &mut Screen, home: &Path, answered: &[&str]) {
    screen.expect(&format!("Session over: {} answered", answered.len()));
    screen.expect("<<exit=0");
    assert_eq!(screen.finish(), 0);
    let before = between(&screen.seen, "", "<<before").to_string();
    let after = between(&screen.seen, "<<exit=0", "<<after");
    assert_eq!(after, before, "terminal modes changed");
    assert!(
        before.contains(" icanon") && before.contains(" echo "),
        "the pty did not start in cooked mode: {before}"
    );
    let program = &screen.seen[..screen.seen.find("<<exit=").unwrap()];
    assert!(
        program.rfind(SHOW_CURSOR) > program.rfind(HIDE_CURSOR),
        "cursor left hidden"
    );
    assert_eq!(reviewed_cards(home), answered);
}

#[test]
fn ctrl_c_in_a_typed_answer_restores_the_terminal_and_keeps_earlier_answers() {
    let home = tempfile::tempdir().unwrap();
    let mut screen = Screen::shell(
        home.path(),
        &format!("stty echo icanon; {AROUND}"),
        &[BIN, MINI],
    );
    answer_two(&mut screen);
    screen.expect("How many legs has a spider?");
    screen.expect("q quits");
    screen.keys(&["4", CTRL_C]);
    assert_restored(&mut screen, home.path(), &["colour", "water"]);
}

#[test]
fn ctrl_c_in_a_menu_restores_the_terminal_and_keeps_earlier_answers() {
    let home = tempfile::tempdir().unwrap();
    let mut screen = Screen::shell(
        home.path(),
        &format!("stty echo icanon; {AROUND}"),
        &[BIN, MINI],
    );
    screen.expect("What colour is a clear daytime sky?");
    let downs = screen.menu_position("Azure");
    let mut keys = vec![DOWN; downs];
    keys.push(ENTER);
    screen.keys(&keys);
    screen.expect("How well did you know it?");
    screen.expect("Easy");
    // Ctrl-C in the rating menu: the answer is graded right, so it is kept at Good.
    screen.keys(&[DOWN, CTRL_C]);
    assert_restored(&mut screen, home.path(), &["colour"]);
}

#[test]
fn a_hostile_deck_draws_only_plain_text_on_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let n = |s: &str| format!("{s}{NASTY}");
    let deck = json!({
        "format": 1, "id": "hostile", "title": n("Hostile deck"),
        "cards": [
            {"id": "tf", "kind": "truefalse", "tags": [n("design")],
             "explanation": n("Because"), "note": n("Careful"),
             "source": {"section": n("Facts"), "bullet": 1},
             "prompt": n("Is this safe"), "answer": true},
            {"id": "num", "kind": "numeric", "tags": ["design"], "explanation": "x",
             "source": {"section": "Facts", "bullet": 2},
             "prompt": n("How many"), "value": 3, "tolerance": 0, "unit": n("legs")}
        ]
    });
    let file = home.path().join("hostile.json");
    std::fs::write(&file, deck.to_string()).unwrap();
    let mut screen = Screen::shell(
        home.path(),
        "\"$0\" study --in-order --deck \"$1\"",
        &[BIN, file.to_str().unwrap()],
    );
    screen.expect("Hostile deck");
    screen.expect("Is this safe");
    screen.expect("False");
    screen.keys(&[ENTER]);
    screen.expect("Right: True");
    screen.expect("Because");
    screen.expect("Careful");
    screen.expect("How well did you know it?");
    screen.expect("Easy");
    screen.keys(&[ENTER]);
    screen.expect("How many");
    screen.expect("in legs");
    screen.expect("q quits");
    screen.keys(&["q", ENTER]);
    screen.expect("Session over: 1 answered");
    assert_eq!(screen.finish(), 0);

    let screen = &screen.seen;
    for (what, sequence) in [
        ("clear screen", "\x1b[2J"),
        ("OSC (clipboard, title)", "\x1b]"),
        ("clipboard payload", "aGFja2Vk"),
        ("window title", "pwned"),
        ("reset", "\x1bc"),
        ("bell", "\x07"),
        ("backspace", "\x08"),
        ("C1 CSI", "\u{9b}"),
    ] {
        assert!(
            !screen.contains(sequence),
            "the deck's {what} reached the terminal: {screen:?}"
        );
    }
    // The C1 CSI's arguments went with it: any `31m` left belongs to an ESC [ sequence.
    for (at, _) in screen.match_indices("31m") {
        let start = screen[..at].rfind("\x1b[").unwrap_or(0);
        assert!(
            screen[start..at].len() <= 12
                && screen[start + 2..at]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ';'),
            "a stray `31m` reached the terminal: {:?}",
            &screen[start..at + 3]
        );
    }
}

/// `text` without CSI escape sequences (colours, cursor moves).
fn without_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn at_sixty_columns_no_word_is_split_across_lines() {
    let dir = tempfile::tempdir().unwrap();
    let long = "In the large-core thrombectomy trials, patients with ASPECTS 3-5 \
                who were randomised within 24 hours and given alteplase at 0.6 mg/kg \
                were compared on the ordinal modified Rankin scale at ninety days";
    let deck = json!({"format": 1, "id": "wide", "title": "Wide", "cards": [{
        "id": "w", "kind": "truefalse", "tags": ["design"],
        "explanation": format!("Explanation: {long}."),
        "source": {"section": "Major Points", "bullet": 1},
        "prompt": format!("{long}."), "answer": true}]});
    let file = dir.path().join("wide.json");
    std::fs::write(&file, deck.to_string()).unwrap();
    let home = dir.path().join("home");
    let mut screen = Screen::shell(
        &home,
        "stty cols 60 rows 60; \"$0\" study --in-order --deck \"$1\"",
        &[BIN, file.to_str().unwrap()],
    );
    screen.expect("Your answer");
    screen.keys(&[ENTER]);
    screen.expect("How well did you know it?");
    screen.keys(&[ENTER]);
    assert_eq!(screen.finish(), 0);
    // rexpect gives one char a byte: turn it back into UTF-8 text.
    let bytes: Vec<u8> = screen.seen.chars().map(|c| c as u8).collect();
    let text = without_escapes(&String::from_utf8_lossy(&bytes));
    for line in text.split('\n').map(|l| l.trim_end_matches('\r')) {
        // What a redrawn menu leaves on a line before a carriage return.
        let shown = line.rsplit('\r').next().unwrap_or(line);
        assert!(
            shown.chars().count() <= 60,
            "{shown:?} is wider than 60 columns"
        );
    }
    for word in [
        "large-core",
        "thrombectomy",
        "3-5",
        "randomised",
        "0.6",
        "mg/kg",
        "Explanation:",
    ] {
        assert!(text.contains(word), "{word} split or missing in:\n{text}");
    }
    assert!(text.contains("ninety days."), "{text}");
}
