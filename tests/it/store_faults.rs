//! The store under faults, through the real binary: killed at random moments,
//! two sessions at once, and a write that fails part-way.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use trialdrill::engine::schedule::Scheduler;
use trialdrill::store::maintain::scan;
use trialdrill::store::{Access, Event, LOG_FILE, Store};

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");

/// A deck of `n` true/false cards whose answer is always true.
fn write_deck(dir: &Path, n: usize) -> std::path::PathBuf {
    let cards: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": "c{i}", "kind": "truefalse", "tags": ["t"], "explanation": "e",
                "source": {{"section": "S", "bullet": {bullet}}}, "prompt": "Statement {i}.", "answer": true}}"#,
                // One bullet each: cards of one bullet are siblings, buried after the first.
                bullet = i + 1
            )
        })
        .collect();
    let path = dir.join("deck.json");
    let text = format!(
        r#"{{"format": 1, "id": "faults", "title": "Faults", "cards": [{}]}}"#,
        cards.join(",\n")
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn study(home: &Path, deck: &Path) -> Child {
    Command::new(BIN)
        .args(["study", "--in-order", "--new", "100000", "--deck"])
        .arg(deck)
        .env("TRIALDRILL_HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn reviews_in_log(home: &Path) -> (usize, usize) {
    let scan = scan(&home.join(LOG_FILE)).unwrap();
    assert!(
        scan.report.damaged.is_empty(),
        "damaged lines: {:?}",
        scan.report.damaged
    );
    let reviews = scan
        .events
        .iter()
        .filter(|e| matches!(e, Event::Review(_)))
        .count();
    (reviews, scan.report.duplicates.len())
}

/// Kills a session at 200 random moments (seeded: set TRIALDRILL_FAULT_SEED
/// to replay a failure) and checks after each kill that the store opens,
/// every acknowledged review is in the log, and none appears twice.
#[test]
fn sigkill_at_random_moments_never_loses_an_acknowledged_review() {
    let seed = std::env::var("TRIALDRILL_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_125_u64);
    let mut rng = StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = write_deck(dir.path(), 400);
    let mut acknowledged = 0;
    for kill in 0..200 {
        let mut child = study(&home, &deck);
        let mut stdin = child.stdin.take().unwrap();
        // Right answers (rated with Enter) and wrong ones, alternately.
        let feeder = std::thread::spawn(move || while stdin.write_all(b"t\n\nf\n").is_ok() {});
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let acks_to_wait = rng.random_range(0..4);
        let extra_bytes = rng.random_range(0..400);
        let (mut acks, mut pending_wrong) = (0, false);
        let mut line = String::new();
        while acks < acks_to_wait {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                break;
            }
            if line.starts_with('✗') {
                // A wrong answer is saved before its feedback is printed.
                acks += 1;
                pending_wrong = true;
            } else if line.starts_with("  → ") {
                if !pending_wrong {
                    acks += 1;
                }
                pending_wrong = false;
            }
        }
        // Read on a little into the next card, so kills land anywhere.
        let mut rest = vec![0; extra_bytes];
        let _ = out.read(&mut rest);
        child.kill().unwrap();
        child.wait().unwrap();
        let _ = feeder.join();
        acknowledged += acks;

        let store = Store::open(&home, Access::Read, Scheduler::default_params());
        assert!(
            store.is_ok(),
            "kill {kill} (seed {seed}): {:?}",
            store.err()
        );
        let (reviews, duplicates) = reviews_in_log(&home);
        assert!(
            reviews >= acknowledged,
            "kill {kill} (seed {seed}): {reviews} reviews in the log, {acknowledged} acknowledged"
        );
        assert_eq!(duplicates, 0, "kill {kill} (seed {seed})");
    }
    // A final writer opens cleanly after all that.
    assert!(Store::open(&home, Access::Write, Scheduler::default_params()).is_ok());
}

#[test]
fn a_second_session_is_refused_and_the_first_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = write_deck(dir.path(), 5);
    let mut first = study(&home, &deck);
    let mut first_out = BufReader::new(first.stdout.take().unwrap());
    let mut line = String::new();
    // Wait for the first card: the first session now holds the lock.
    while !line.contains("Statement") {
        line.clear();
        assert!(first_out.read_line(&mut line).unwrap() > 0);
    }

    let second = Command::new(BIN)
        .args(["study", "--in-order", "--deck"])
        .arg(&deck)
        .env("TRIALDRILL_HOME", &home)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    let message = String::from_utf8_lossy(&second.stderr);
    assert!(message.contains("already running"), "{message}");
    assert!(
        message.contains(&format!("process {}", first.id())),
        "{message}"
    );

    // Read-only commands still work while the session runs.
    let check = Command::new(BIN)
        .args(["store", "check"])
        .env("TRIALDRILL_HOME", &home)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    let mut stdin = first.stdin.take().unwrap();
    stdin.write_all(b"t\n\nf\nq\n").unwrap();
    drop(stdin);
    assert!(first.wait().unwrap().success());
    assert_eq!(reviews_in_log(&home), (2, 0));
}

#[test]
fn a_write_that_fails_part_way_keeps_every_saved_review_intact() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = write_deck(dir.path(), 50);
    // File sizes are capped at 2 KiB (ulimit -f counts 1 KiB blocks in bash),
    // so the log fills up after a few answers, as on a full disk.
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 2; exec {BIN} study --new 50 --deck {}",
            deck.display()
        ))
        .env("TRIALDRILL_HOME", &home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all("t\n\n".repeat(50).as_bytes())?;
            drop(stdin);
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("cannot save the answer to") && message.contains("reviews.jsonl"),
        "{message}"
    );
    assert!(
        message.contains("nothing already stored was changed"),
        "{message}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let acknowledged = stdout.matches("  → Good").count();
    assert!(acknowledged > 0, "{stdout}");

    let log = std::fs::read(home.join(LOG_FILE)).unwrap();
    assert_eq!(log.last(), Some(&b'\n'), "no partial line is left behind");
    let store = Store::open(&home, Access::Read, Scheduler::default_params()).unwrap();
    assert!(store.warnings().iter().all(|w| !w.contains("incomplete")));
    assert_eq!(reviews_in_log(&home), (acknowledged, 0));
}
