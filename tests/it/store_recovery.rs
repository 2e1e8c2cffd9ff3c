//! The store's recovery paths, locking and file opening, through the real
//! binary: logs shorter than their snapshot, last lines cut short, edits at
//! the same moment, planted links and FIFOs, merges across clock skew.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{MetadataExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use trialdrill::engine::schedule::Scheduler;
use trialdrill::store::maintain::scan;
use trialdrill::store::{Access, Event, LOG_FILE, SNAPSHOT_FILE, Store};

use crate::common;

fn run(home: &Path, args: &[&str], input: &str) -> Output {
    common::output(common::trialdrill(home).args(args), input)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Studies `answers` new cards of `deck` right (each rated with Enter).
fn study(home: &Path, deck: &Path, answers: usize) -> Output {
    let input = "t\n\n".repeat(answers) + "q\n";
    run(
        home,
        &["study", "--new", "1000", "--deck", deck.to_str().unwrap()],
        &input,
    )
}

fn reviews(home: &Path) -> usize {
    let scan = scan(&home.join(LOG_FILE)).unwrap();
    assert!(scan.report.is_clean(), "{:?}", scan.report);
    scan.events
        .iter()
        .filter(|e| matches!(e, Event::Review(_)))
        .count()
}

fn files_named(dir: &Path, part: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(part))
        .collect();
    found.sort();
    found
}

/// A store with 10 studied cards, and its deck.
fn studied_store(dir: &Path) -> (PathBuf, PathBuf) {
    let home = dir.join("store");
    let deck = common::true_false_deck(dir, 10);
    let out = study(&home, &deck, 10);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(reviews(&home), 10);
    (home, deck)
}

#[test]
fn a_missing_empty_or_short_log_under_a_snapshot_is_damage_and_the_snapshot_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (home, deck) = studied_store(dir.path());
    let snapshot = std::fs::read(home.join(SNAPSHOT_FILE)).unwrap();
    let log = std::fs::read(home.join(LOG_FILE)).unwrap();
    let header_and_three: usize = log
        .split_inclusive(|&b| b == b'\n')
        .take(4)
        .map(<[u8]>::len)
        .sum();
    for (name, damage) in [
        ("missing", None),
        ("empty", Some(0)),
        ("short", Some(header_and_three)),
    ] {
        let case = dir.path().join(name);
        std::fs::create_dir(&case).unwrap();
        std::fs::write(case.join(SNAPSHOT_FILE), &snapshot).unwrap();
        if let Some(len) = damage {
            std::fs::write(case.join(LOG_FILE), &log[..len]).unwrap();
        }
        let check = run(&case, &["store", "check"], "");
        assert_eq!(
            check.status.code(),
            Some(1),
            "{name}: {}",
            text(&check.stdout)
        );
        assert!(
            text(&check.stdout).contains("shorter than the snapshot says"),
            "{name}: {}",
            text(&check.stdout)
        );
        let session = run(&case, &["study", "--deck", deck.to_str().unwrap()], "q\n");
        assert!(
            session.status.success(),
            "{name}: {}",
            text(&session.stderr)
        );
        let aside = files_named(&case, "state.bin.ahead-of-log-");
        assert_eq!(aside.len(), 1, "{name}: {aside:?}");
        assert_eq!(
            std::fs::read(&aside[0]).unwrap(),
            snapshot,
            "{name}: the only record of the 10 card states is kept"
        );
        let warning = text(&session.stderr);
        assert!(
            warning.contains(&aside[0].display().to_string()),
            "{name}: {warning}"
        );
    }
}

#[test]
fn a_last_line_cut_right_before_its_newline_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (home, _) = studied_store(dir.path());
    let log = home.join(LOG_FILE);
    // The header and the ten reviews, the last one without its newline (the
    // session record after it left out).
    let text_before = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text_before.lines().take(11).collect();
    std::fs::write(&log, lines.join("\n")).unwrap();
    std::fs::remove_file(home.join(SNAPSHOT_FILE)).unwrap();
    let check = run(&home, &["store", "check"], "");
    assert!(check.status.success(), "{}", text(&check.stdout));
    // A deck with one card more, so one new review follows.
    let more = dir.path().join("more");
    std::fs::create_dir(&more).unwrap();
    let out = study(&home, &common::true_false_deck(&more, 11), 1);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        reviews(&home),
        11,
        "the ten earlier reviews and the new one"
    );
}

#[test]
fn a_header_without_its_newline_gets_it_before_the_next_append() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    std::fs::create_dir(&home).unwrap();
    std::fs::write(
        home.join(LOG_FILE),
        r#"{"type":"header","format":2,"device":"0123456789abcdef","written_by":"trialdrill 0.1.0"}"#,
    )
    .unwrap();
    let deck = common::true_false_deck(dir.path(), 3);
    let out = study(&home, &deck, 1);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(reviews(&home), 1);
    let check = run(&home, &["store", "check"], "");
    assert!(check.status.success(), "{}", text(&check.stdout));
}

#[test]
fn a_torn_fragment_is_moved_aside_before_it_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let (home, deck) = studied_store(dir.path());
    let log = home.join(LOG_FILE);
    let fragment = br#"{"type":"review","id":"half-writ"#;
    let mut bytes = std::fs::read(&log).unwrap();
    let intact = bytes.clone();
    bytes.extend_from_slice(fragment);
    std::fs::write(&log, &bytes).unwrap();
    let out = run(&home, &["study", "--deck", deck.to_str().unwrap()], "q\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let aside = files_named(&home, "reviews.jsonl.torn-");
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), fragment);
    assert!(text(&out.stderr).contains(&aside[0].display().to_string()));
    assert!(std::fs::read(&log).unwrap().starts_with(&intact));
    assert_eq!(reviews(&home), 10);
}

/// Starts `args` on the store at `home` without waiting.
fn spawn(home: &Path, args: &[&str]) -> Child {
    common::trialdrill(home)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_config_sets_at_once_never_lose_an_update_or_corrupt_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    for i in 1..=40 {
        let value = i.to_string();
        let a = spawn(&home, &["config", "set", "new_per_day", &value]);
        let b = spawn(&home, &["config", "set", "review_limit", &value]);
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "pair {i}: {}", text(&out.stderr));
        }
        for key in ["new_per_day", "review_limit"] {
            let got = run(&home, &["config", "get", key], "");
            assert!(got.status.success(), "pair {i}: {}", text(&got.stderr));
            assert_eq!(text(&got.stdout).trim(), value, "pair {i}: {key} lost");
        }
    }
    assert!(files_named(&home, ".tmp").is_empty(), "no temporary left");
}

fn deck_titled(dir: &Path, file: &str, title: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(
        &path,
        format!(
            r#"{{"format": 1, "id": "mine", "title": "{title}", "cards": [
      {{"id": "a", "kind": "truefalse", "tags": ["t"], "explanation": "e",
       "source": {{"section": "S", "bullet": 1}}, "prompt": "p", "answer": true}}]}}"#
        ),
    )
    .unwrap();
    path
}

#[test]
fn two_deck_adds_at_once_install_one_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let a = deck_titled(dir.path(), "a.json", &"A".repeat(200_000));
    let b = deck_titled(dir.path(), "b.json", "B");
    let installed = home.join("decks/mine.json");
    let texts = [std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap()];
    for round in 0..20 {
        let _ = std::fs::remove_file(&installed);
        let children = [&a, &b].map(|deck| spawn(&home, &["deck", "add", deck.to_str().unwrap()]));
        let succeeded = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.success())
            .filter(|&ok| ok)
            .count();
        assert_eq!(succeeded, 1, "round {round}: exactly one add wins");
        let got = std::fs::read(&installed).unwrap();
        assert!(texts.contains(&got), "round {round}: a whole deck file");
        let children = [&a, &b]
            .map(|deck| spawn(&home, &["deck", "add", "--replace", deck.to_str().unwrap()]));
        for child in children {
            assert!(child.wait_with_output().unwrap().status.success());
        }
        let got = std::fs::read(&installed).unwrap();
        assert!(texts.contains(&got), "round {round}: a whole deck file");
    }
    assert!(files_named(&home.join("decks"), ".tmp").is_empty());
}

#[test]
fn deck_add_installs_the_bytes_it_read_from_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = deck_titled(dir.path(), "in.json", "Piped");
    let text_in = std::fs::read_to_string(&deck).unwrap();
    let out = run(&home, &["deck", "add", "/dev/stdin"], &text_in);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(home.join("decks/mine.json")).unwrap(),
        text_in
    );
    let show = run(&home, &["deck", "show", "mine"], "");
    assert!(show.status.success(), "{}", text(&show.stderr));
}

/// Starts a session and waits for its first card: it then holds the lock.
fn session_holding_the_lock(home: &Path, deck: &Path) -> Child {
    let mut child = common::trialdrill(home)
        .args(["study", "--new", "100000", "--deck"])
        .arg(deck)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("Statement") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0);
    }
    // Keep reading so the session never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    child
}

#[test]
fn deleting_the_lock_file_does_not_let_a_second_writer_in() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = common::true_false_deck(dir.path(), 5);
    let mut first = session_holding_the_lock(&home, &deck);
    let _ = std::fs::remove_file(home.join("lock"));
    let second = run(
        &home,
        &["study", "--deck", deck.to_str().unwrap()],
        "t\n\nq\n",
    );
    assert_eq!(second.status.code(), Some(1), "{}", text(&second.stderr));
    assert!(text(&second.stderr).contains("already running"));
    let mut stdin = first.stdin.take().unwrap();
    stdin.write_all(b"t\n\nq\n").unwrap();
    drop(stdin);
    assert!(first.wait().unwrap().success());
    assert_eq!(reviews(&home), 1);
}

#[test]
fn a_card_id_that_is_another_cards_cloze_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = dir.path().join("clash.json");
    std::fs::write(
        &deck,
        r#"{"format": 1, "id": "clash", "title": "Clash", "cards": [
  {"id": "x", "kind": "cloze", "tags": ["t"], "explanation": "e",
   "source": {"section": "S", "bullet": 1}, "text": "The {{c1::answer}} is here."},
  {"id": "x:c1", "kind": "truefalse", "tags": ["t"], "explanation": "e",
   "source": {"section": "S", "bullet": 1}, "prompt": "p", "answer": true}]}"#,
    )
    .unwrap();
    let lint = run(&home, &["deck", "lint", deck.to_str().unwrap()], "");
    assert_eq!(lint.status.code(), Some(2), "{}", text(&lint.stdout));
    assert!(
        text(&lint.stdout).contains("clash.json:4:3: card `x:c1` gives the item key `x:c1`"),
        "{}",
        text(&lint.stdout)
    );
    let session = run(&home, &["study", "--deck", deck.to_str().unwrap()], "q\n");
    assert_eq!(session.status.code(), Some(2), "{}", text(&session.stderr));
}

/// A review line of card `card` at `time`, rated `rating`, due `due`.
fn review_line(id: &str, device: &str, card: &str, time: &str, rating: u8, due: &str) -> String {
    let day = &time[..10];
    format!(
        r#"{{"type":"review","id":"{id}","device":"{device}","deck":"d","card":"{card}","time":"{time}","day":"{day}","rating":{rating},"correct":true,"answer":"","seconds":1.0,"due":"{due}"}}"#
    )
}

fn write_log(home: &Path, device: &str, lines: &[String]) {
    std::fs::create_dir_all(home).unwrap();
    let mut text = format!(
        r#"{{"type":"header","format":2,"device":"{device}","written_by":"trialdrill 0.1.0"}}"#
    );
    text.push('\n');
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(home.join(LOG_FILE), text).unwrap();
}

fn states(home: &Path) -> trialdrill::store::States {
    Store::open(home, Access::Read, Scheduler::default_params())
        .unwrap()
        .states()
        .clone()
}

#[test]
fn a_merge_keeps_each_devices_own_order_across_clock_skew() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    // Device a's clock went back between its two reviews of x.
    write_log(
        &a,
        "aaaa",
        &[
            review_line("r1", "aaaa", "x", "2026-01-05T10:00:00Z", 3, "2026-01-09"),
            review_line("r2", "aaaa", "x", "2026-01-05T09:00:00Z", 1, "2026-01-05"),
        ],
    );
    write_log(
        &b,
        "bbbb",
        &[review_line(
            "r3",
            "bbbb",
            "y",
            "2026-01-05T09:30:00Z",
            3,
            "2026-01-08",
        )],
    );
    let before = states(&a)["d"]["x"];
    let out = run(&a, &["store", "merge", b.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(states(&a)["d"]["x"], before, "x was last rated Again on a");
    assert_eq!(states(&a)["d"].len(), 2);
}

#[test]
fn a_merge_takes_an_undo_only_together_with_its_review() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let taken_back = review_line("r1", "bbbb", "x", "2026-01-05T10:00:00Z", 3, "2026-01-09");
    // a merged b's review before b took it back, then reviewed y.
    write_log(
        &a,
        "aaaa",
        &[
            taken_back.clone(),
            review_line("r2", "aaaa", "y", "2026-01-05T10:05:00Z", 3, "2026-01-08"),
        ],
    );
    write_log(
        &b,
        "bbbb",
        &[
            taken_back,
            r#"{"type":"undo","id":"u1","undoes":"r1","time":"2026-01-05T10:10:00Z"}"#.into(),
        ],
    );
    let before = states(&a);
    let out = run(&a, &["store", "merge", b.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("left out 1 undo record"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(states(&a), before);
    let check = run(&a, &["store", "check"], "");
    assert!(check.status.success(), "{}", text(&check.stdout));
}

/// Runs `args` and kills it if it has not finished within `limit`.
fn run_within(home: &Path, args: &[&str], limit: Duration) -> Option<Output> {
    let mut child = spawn(home, args);
    let started = Instant::now();
    while started.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    None
}

#[test]
fn a_merge_refuses_a_fifo_a_device_and_an_endless_line() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    write_log(&home, "aaaa", &[]);
    let fifo = dir.path().join("fifo");
    std::fs::create_dir(&fifo).unwrap();
    let made = Command::new("mkfifo")
        .arg(fifo.join(LOG_FILE))
        .status()
        .unwrap();
    assert!(made.success());
    let device = dir.path().join("device");
    std::fs::create_dir(&device).unwrap();
    symlink("/dev/zero", device.join(LOG_FILE)).unwrap();
    let endless = dir.path().join("endless");
    write_log(&endless, "bbbb", &[]);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(endless.join(LOG_FILE))
        .unwrap();
    file.write_all(&vec![b'{'; 17 << 20]).unwrap();
    file.write_all(b"\n").unwrap();
    for (other, expected) in [
        (&fifo, "not a regular file"),
        (&device, "symbolic link"),
        (&endless, "longer than"),
    ] {
        let out = run_within(
            &home,
            &["store", "merge", other.to_str().unwrap()],
            Duration::from_secs(20),
        )
        .expect("merge returns instead of hanging");
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(expected),
            "{}",
            text(&out.stderr)
        );
    }
    // The lock was released each time.
    assert!(run(&home, &["config", "list"], "").status.success());
    let out = run(&home, &["store", "check"], "");
    assert!(out.status.success(), "{}", text(&out.stdout));
}

#[test]
fn repairing_a_healthy_log_without_a_snapshot_only_rebuilds_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (home, _) = studied_store(dir.path());
    let log = home.join(LOG_FILE);
    // Hand-edited spacing: a rewrite would change these bytes.
    let spaced = std::fs::read_to_string(&log)
        .unwrap()
        .replace("\"rating\":", "\"rating\": ");
    std::fs::write(&log, &spaced).unwrap();
    std::fs::remove_file(home.join(SNAPSHOT_FILE)).unwrap();
    let inode = std::fs::metadata(&log).unwrap().ino();
    let out = run(&home, &["store", "repair"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("was left as it is; the snapshot was rebuilt"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(std::fs::read_to_string(&log).unwrap(), spaced);
    assert_eq!(std::fs::metadata(&log).unwrap().ino(), inode);
    assert!(home.join(SNAPSHOT_FILE).exists());
    let check = run(&home, &["store", "check"], "");
    assert!(check.status.success(), "{}", text(&check.stdout));
    assert!(
        !text(&check.stdout).contains("note:"),
        "{}",
        text(&check.stdout)
    );
}

#[test]
fn repairing_twice_within_a_second_keeps_both_copies_and_says_what_moved() {
    let dir = tempfile::tempdir().unwrap();
    let (home, _) = studied_store(dir.path());
    let log = home.join(LOG_FILE);
    let mut copies = Vec::new();
    for garbage in ["garbage one", "garbage two"] {
        let mut lines: Vec<String> = std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        lines.insert(2, garbage.into());
        let damaged = lines.join("\n") + "\n";
        std::fs::write(&log, &damaged).unwrap();
        let out = run(&home, &["store", "repair"], "");
        assert!(out.status.success(), "{}", text(&out.stderr));
        let said = text(&out.stdout);
        assert!(said.contains("set aside the snapshot: "), "{said}");
        assert!(
            said.contains("set aside the damaged review log (a copy"),
            "{said}"
        );
        copies.push(damaged);
    }
    let kept: Vec<String> = files_named(&home, "reviews.jsonl.damaged-")
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(kept.len(), 2);
    for copy in copies {
        assert!(kept.contains(&copy));
    }
    assert_eq!(files_named(&home, "state.bin.damaged-").len(), 2);
    assert_eq!(reviews(&home), 10);
}

#[test]
fn damage_inside_the_part_the_snapshot_covers_is_noticed_by_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let (home, deck) = studied_store(dir.path());
    let log = home.join(LOG_FILE);
    let mut bytes = std::fs::read(&log).unwrap();
    // The third line's opening brace: that line no longer parses.
    let third = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .unwrap()
        .0
        + 1;
    bytes[third] = b'#';
    std::fs::write(&log, &bytes).unwrap();
    let out = run(&home, &["study", "--deck", deck.to_str().unwrap()], "q\n");
    let warning = text(&out.stderr);
    assert!(
        warning.contains(
            "reviews.jsonl:3: damaged line inside the part of the log the snapshot covers"
        ),
        "{warning}"
    );
}

#[test]
fn store_check_during_a_session_raises_no_false_alarm() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = common::true_false_deck(dir.path(), 400);
    let mut session = session_holding_the_lock(&home, &deck);
    let mut stdin = session.stdin.take().unwrap();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop = done.clone();
    // Right and wrong answers alternately (a wrong one comes back), until
    // every check has run.
    let feeder = std::thread::spawn(move || {
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            if stdin.write_all(b"t\n\nf\n").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = stdin.write_all(b"q\n");
    });
    for i in 0..40 {
        let check = run(&home, &["store", "check"], "");
        assert!(check.status.success(), "check {i}: {}", text(&check.stdout));
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    feeder.join().unwrap();
    assert!(session.wait().unwrap().success());
}

#[test]
fn a_long_exam_line_leaves_the_snapshot_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = common::true_false_deck(dir.path(), 900);
    let out = run(
        &home,
        &["exam", "--count", "900", "--deck", deck.to_str().unwrap()],
        &"t\n".repeat(900),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let log = std::fs::read_to_string(home.join(LOG_FILE)).unwrap();
    assert!(
        log.lines().last().unwrap().len() > 1 << 16,
        "a long exam line"
    );
    let stats = run(&home, &["stats", "--deck", deck.to_str().unwrap()], "");
    assert!(stats.status.success(), "{}", text(&stats.stderr));
    assert!(
        !text(&stats.stderr).contains("rebuilt"),
        "{}",
        text(&stats.stderr)
    );
}

#[test]
fn planted_links_at_temporary_and_lock_names_are_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let (home, deck) = studied_store(dir.path());
    let outside = dir.path().join("outside");
    std::fs::write(&outside, "precious").unwrap();
    std::fs::create_dir_all(home.join("decks")).unwrap();
    for name in [
        "lock",
        "state.bin.tmp",
        "config.json.tmp",
        "config.lock",
        "decks/mine.json.tmp",
        "decks/.lock",
    ] {
        let _ = std::fs::remove_file(home.join(name));
        symlink(&outside, home.join(name)).unwrap();
    }
    let _ = study(&home, &deck, 2);
    let _ = run(&home, &["config", "set", "new_per_day", "5"], "");
    let added = deck_titled(dir.path(), "mine.json", "Mine");
    let _ = run(&home, &["deck", "add", added.to_str().unwrap()], "");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
}

#[test]
fn stats_json_sanitises_deck_titles_and_tags() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = dir.path().join("hostile.json");
    std::fs::write(
        &deck,
        r#"{"format": 1, "id": "hostile", "title": "Evil\u001b]52;c;aGk=\u0007 \u001b[2J", "cards": [
  {"id": "a", "kind": "truefalse", "tags": ["\u001b[31mred"], "explanation": "e",
   "source": {"section": "S", "bullet": 1}, "prompt": "p", "answer": true}]}"#,
    )
    .unwrap();
    let out = study(&home, &deck, 1);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stats = run(
        &home,
        &["stats", "--json", "--deck", deck.to_str().unwrap()],
        "",
    );
    assert!(stats.status.success(), "{}", text(&stats.stderr));
    let json = text(&stats.stdout);
    assert!(
        !json.contains("\\u001b") && !json.contains("\\u0007"),
        "{json}"
    );
    assert!(json.contains("Evil"), "{json}");
}

#[test]
fn a_line_of_piped_input_that_is_not_utf8_does_not_lose_the_answer_waiting_for_its_rating() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = common::true_false_deck(dir.path(), 2);
    let mut child = common::trialdrill(&home)
        .args(["study", "--deck"])
        .arg(&deck)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"t\n\xff\xfe\n3\nq\n").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(reviews(&home), 1);
}

#[test]
fn importing_many_identical_questions_takes_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let cards = dir.path().join("cards.md");
    std::fs::write(&cards, "Q: Same?\nA: Yes\n---\n".repeat(40_000)).unwrap();
    let out_file = dir.path().join("cards.json");
    let started = Instant::now();
    let out = run_within(
        &home,
        &[
            "deck",
            "import",
            cards.to_str().unwrap(),
            "-o",
            out_file.to_str().unwrap(),
        ],
        Duration::from_secs(60),
    )
    .expect("the import finishes");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_header_naming_a_format_that_does_not_exist_is_damage() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    for format in [0, 1] {
        std::fs::create_dir_all(&home).unwrap();
        std::fs::write(
            home.join(LOG_FILE),
            format!(
                "{{\"type\":\"header\",\"format\":{format},\"device\":\"x\",\"written_by\":\"trialdrill 0.1.0\"}}\n"
            ),
        )
        .unwrap();
        let check = run(&home, &["store", "check"], "");
        assert_eq!(check.status.code(), Some(1), "{}", text(&check.stdout));
        assert!(
            text(&check.stdout).contains(&format!("the header names format {format}")),
            "{}",
            text(&check.stdout)
        );
        let session = run(&home, &["stats"], "");
        assert_eq!(session.status.code(), Some(1), "{}", text(&session.stderr));
    }
}

#[test]
fn checking_a_folder_that_does_not_exist_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("nowhere");
    let check = run(&home, &["store", "check"], "");
    assert_eq!(check.status.code(), Some(1));
    assert!(
        text(&check.stderr).contains("there is no store there"),
        "{}",
        text(&check.stderr)
    );
    assert!(!home.exists());
}
