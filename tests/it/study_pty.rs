//! Drives the real binary in a pseudo-terminal, as a learner would: arrow keys
//! and Enter in the dialoguer menus, `q` to quit, then a second and third run
//! on the same store; and a first run's choice of collection.

use std::path::Path;
use std::process::Command;

use jiff::Timestamp;
use jiff::civil::Date;
use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};
use trialdrill::engine::schedule::{DayClock, Scheduler};
use trialdrill::store::{Access, Store};

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");
const DECK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini.json");
/// The choice card's options, in deck order; shuffled on screen.
const COLOURS: [&str; 3] = ["Crimson", "Azure", "Emerald"];
const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const SHOW_CURSOR: &str = "\x1b[?25h";

/// Starts `trialdrill study` on the test deck in a fresh pseudo-terminal.
fn study(home: &Path) -> PtySession {
    let mut command = Command::new(BIN);
    command
        .args(["study", "--in-order", "--deck", DECK])
        .env("TRIALDRILL_HOME", home)
        .env("TERM", "xterm")
        .env_remove("NO_COLOR");
    spawn_command(command, Some(30_000)).unwrap()
}

/// Sends keys and makes sure they reach the program. (rexpect reads output
/// byte by byte as Latin-1, so the tests wait only for ASCII text.)
fn keys(session: &mut PtySession, keys: &[&str]) {
    for key in keys {
        session.send(key).unwrap();
        session.flush().unwrap();
    }
}

/// Waits for the end of output and returns the exit code.
fn exit_code(session: &mut PtySession) -> i32 {
    session.exp_eof().unwrap();
    match session.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("trialdrill did not exit normally: {other:?}"),
    }
}

/// Reads the rendered menu of the choice card and returns where `wanted` is,
/// counting from the top (where the cursor starts).
fn menu_position(session: &mut PtySession, wanted: &str) -> usize {
    let alternatives = COLOURS.join("|");
    let (_, menu) = session
        .exp_regex(&format!(
            "({alternatives})[\\s\\S]*?({alternatives})[\\s\\S]*?({alternatives})"
        ))
        .unwrap();
    let mut shown: Vec<(usize, &str)> = COLOURS
        .iter()
        .map(|c| {
            (
                menu.find(c)
                    .unwrap_or_else(|| panic!("{c} missing from menu {menu:?}")),
                *c,
            )
        })
        .collect();
    shown.sort_unstable();
    shown.iter().position(|(_, c)| *c == wanted).unwrap()
}

fn today() -> Date {
    DayClock::in_zone(trialdrill::clock::local_zone()).day_of(Timestamp::now())
}

fn date(value: &serde_json::Value) -> Date {
    value.as_str().unwrap().parse().unwrap()
}

#[test]
fn answered_cards_are_scheduled_ahead_and_not_shown_again_today() {
    let home = tempfile::tempdir().unwrap();

    // First run: two cards answered with the arrow keys, then `q`.
    let mut first = study(home.path());
    first.exp_string("[1/3]").unwrap();
    first
        .exp_string("What colour is a clear daytime sky?")
        .unwrap();
    let downs = menu_position(&mut first, "Azure");
    let mut answer = vec![DOWN; downs];
    answer.push(ENTER);
    keys(&mut first, &answer);
    // The menu hid the cursor; it is shown again before the feedback.
    first.exp_string(SHOW_CURSOR).unwrap();
    first.exp_string("Right: Azure").unwrap();
    first.exp_string("How well did you know it?").unwrap();
    first.exp_string("Easy").unwrap();
    keys(&mut first, &[DOWN, ENTER]);
    first.exp_string("next review in").unwrap();

    first.exp_string("[2/3]").unwrap();
    first.exp_string("True or false? Water is wet.").unwrap();
    first.exp_string("False").unwrap();
    keys(&mut first, &[ENTER]);
    first.exp_string("Right: True").unwrap();
    first.exp_string("How well did you know it?").unwrap();
    first.exp_string("Easy").unwrap();
    keys(&mut first, &[ENTER]);
    first.exp_string("next review in").unwrap();

    first.exp_string("[3/3]").unwrap();
    first.exp_string("How many legs has a spider?").unwrap();
    first.exp_string("q quits").unwrap();
    keys(&mut first, &["q", ENTER]);
    first
        .exp_string("Session over: 2 answered, 2 of 2 right (100%)")
        .unwrap();
    let rest = first.exp_eof().unwrap();
    assert!(
        rest.contains(SHOW_CURSOR),
        "terminal left without a cursor: {rest:?}"
    );
    assert_eq!(exit_code(&mut first), 0);

    // Second run, same day: only the card not yet answered is shown.
    let mut second = study(home.path());
    let (_, progress) = second.exp_regex(r"\[\d+/\d+\]").unwrap();
    assert_eq!(progress, "[1/1]");
    second.exp_string("How many legs has a spider?").unwrap();
    second.exp_string("q quits").unwrap();
    keys(&mut second, &["8", ENTER]);
    second.exp_string("Right: 8 legs").unwrap();
    second.exp_string("How well did you know it?").unwrap();
    second.exp_string("Easy").unwrap();
    keys(&mut second, &[ENTER]);
    second.exp_string("next review in").unwrap();
    second.exp_string("Session over: 1 answered").unwrap();
    assert_eq!(exit_code(&mut second), 0);

    // Third run: nothing is due today.
    let mut third = study(home.path());
    third.exp_string("Nothing to study now.").unwrap();
    assert_eq!(exit_code(&mut third), 0);

    let today = today();
    let reviews: Vec<_> = crate::common::logged(home.path())
        .into_iter()
        .filter(|e| e["type"] == "review")
        .collect();
    let cards: Vec<&str> = reviews
        .iter()
        .map(|r| r["card"].as_str().unwrap())
        .collect();
    assert_eq!(cards, ["colour", "water", "legs"]);
    let ratings: Vec<u64> = reviews
        .iter()
        .map(|r| r["rating"].as_u64().unwrap())
        .collect();
    assert_eq!(ratings, [4, 3, 3]);
    for review in &reviews {
        assert!(
            date(&review["due"]) > date(&review["day"]),
            "not scheduled ahead: {review}"
        );
    }

    let store = Store::open(home.path(), Access::Read, Scheduler::default_params()).unwrap();
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    let states = &store.states()["mini"];
    assert_eq!(states.len(), 3);
    for (card, state) in states {
        assert!(state.due > today, "{card} is due by today: {state:?}");
    }
}

#[test]
fn ctrl_c_in_a_menu_keeps_earlier_answers_and_restores_the_cursor() {
    let home = tempfile::tempdir().unwrap();
    let mut session = study(home.path());
    session
        .exp_string("What colour is a clear daytime sky?")
        .unwrap();
    let downs = menu_position(&mut session, "Azure");
    let mut answer = vec![DOWN; downs];
    answer.push(ENTER);
    keys(&mut session, &answer);
    session.exp_string("How well did you know it?").unwrap();
    session.exp_string("Easy").unwrap();
    keys(&mut session, &[ENTER]);
    session.exp_string("True or false? Water is wet.").unwrap();
    session.exp_string("False").unwrap();
    keys(&mut session, &["\x03"]);
    session.exp_string("Session over: 1 answered").unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(
        rest.contains(SHOW_CURSOR),
        "terminal left without a cursor: {rest:?}"
    );
    assert_eq!(exit_code(&mut session), 0);

    let cards: Vec<String> = crate::common::logged(home.path())
        .iter()
        .filter(|e| e["type"] == "review")
        .map(|r| r["card"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(cards, ["colour"]);
}

/// Starts `trialdrill study` choosing no decks, as on a first run (new
/// cards in deck order, so the first card is known).
fn study_everything(home: &Path) -> PtySession {
    let mut command = Command::new(BIN);
    command
        .args(["study", "--in-order"])
        .env("TRIALDRILL_HOME", home)
        .env("TERM", "xterm")
        .env_remove("NO_COLOR");
    spawn_command(command, Some(30_000)).unwrap()
}

/// Waits for the first run's menu of collections.
fn collection_menu(session: &mut PtySession) {
    session
        .exp_string("Which would you like to start with?")
        .unwrap();
    session.exp_string("Start with").unwrap();
    session.exp_string("stroke/large-core (").unwrap();
    session.exp_string("stroke/thrombectomy (").unwrap();
}

#[test]
fn a_first_run_on_a_terminal_asks_which_collection_to_start_with() {
    // Enter takes the preselected first collection, RESCUE-Japan LIMIT's.
    let home = tempfile::tempdir().unwrap();
    let mut session = study_everything(home.path());
    collection_menu(&mut session);
    keys(&mut session, &[ENTER]);
    session.exp_regex(r"\[1/\d+\] RESCUE-Japan LIMIT").unwrap();
    keys(&mut session, &["q", ENTER]);
    session.exp_string("Session over: 0 answered").unwrap();
    assert_eq!(exit_code(&mut session), 0);

    // Nothing was answered, so the next run asks again; one down is the
    // thrombectomy collection, whose first deck is DAWN.
    let mut session = study_everything(home.path());
    collection_menu(&mut session);
    keys(&mut session, &[DOWN, ENTER]);
    session.exp_regex(r"\[1/\d+\] DAWN \(NEJM 2018\)").unwrap();
    keys(&mut session, &["q", ENTER]);
    assert_eq!(exit_code(&mut session), 0);

    // `q` in the menu leaves without a session.
    let mut session = study_everything(home.path());
    collection_menu(&mut session);
    keys(&mut session, &["q"]);
    let rest = session.exp_eof().unwrap();
    assert!(!rest.contains("[1/"), "{rest:?}");
    assert!(!rest.contains("Session over"), "{rest:?}");
    assert!(matches!(
        session.process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));
    let log = crate::common::logged(home.path());
    assert!(log.iter().all(|e| e["type"] != "review"), "{log:?}");
}
