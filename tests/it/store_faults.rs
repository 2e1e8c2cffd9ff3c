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

use crate::common;

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");

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
    let deck = common::true_false_deck(dir.path(), 400);
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
    let deck = common::true_false_deck(dir.path(), 5);
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
    let deck = common::true_false_deck(dir.path(), 50);
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

/// The snapshot's temporary file cannot be created (`ulimit -n` lets the
/// process open no more files than it holds at its first card): the session
/// fails at the end, and neither an answer nor the old snapshot is lost.
#[test]
fn a_snapshot_that_cannot_be_saved_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("store");
    let deck = common::true_false_deck(dir.path(), 5);
    let mut first = study(&home, &deck);
    first.stdin.take().unwrap().write_all(b"t\n\nq\n").unwrap();
    assert!(first.wait().unwrap().success());
    // A snapshot of an older format, which the next session's end replaces.
    let snapshot = home.join(trialdrill::store::SNAPSHOT_FILE);
    let snapshot_before = [&b"trialdrill snapshot\n\x03\0\0\0older"[..], &[0; 8]].concat();
    std::fs::write(&snapshot, &snapshot_before).unwrap();
    let log_before = std::fs::read(home.join(LOG_FILE)).unwrap();

    // How many files a session holds open once it shows a card.
    let mut probe = study(&home, &deck);
    let mut out = BufReader::new(probe.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("Statement") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0);
    }
    // The limit counts descriptor numbers: the lowest one free is the next.
    let open: Vec<u32> = std::fs::read_dir(format!("/proc/{}/fd", probe.id()))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    let open_files = (0..).find(|fd| !open.contains(fd)).unwrap();
    probe.kill().unwrap();
    probe.wait().unwrap();

    let output = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -n {open_files}; exec {BIN} study --deck {}",
            deck.display()
        ))
        .env("TRIALDRILL_HOME", &home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(b"t\n\nq\n")?;
            child.wait_with_output()
        })
        .unwrap();
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("cannot replace") && message.contains("state.bin.tmp-"),
        "{message}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("  → Good"));
    assert_eq!(
        std::fs::read(&snapshot).unwrap(),
        snapshot_before,
        "old snapshot intact"
    );
    let log_after = std::fs::read(home.join(LOG_FILE)).unwrap();
    assert!(log_after.starts_with(&log_before) && log_after.len() > log_before.len());
    assert_eq!(reviews_in_log(&home), (2, 0), "the answer is in the log");
    let store = Store::open(&home, Access::Read, Scheduler::default_params()).unwrap();
    assert_eq!(store.states()["faults"].len(), 2);
}

/// Copies the folder `from` into `to`, files and folders.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs trialdrill with `args` on the store at `home`, `input` on stdin.
fn start(home: &Path, args: &[String], input: &str) -> Child {
    let mut child = Command::new(BIN)
        .args(args)
        .env("TRIALDRILL_HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child
}

/// `store check` on `home`: its exit code and report.
fn check(home: &Path) -> (Option<i32>, String) {
    let out = Command::new(BIN)
        .args(["store", "check"])
        .env("TRIALDRILL_HOME", home)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A maintenance command to kill at random moments.
struct Operation<'a> {
    name: &'a str,
    /// A store folder, copied afresh for each kill.
    setup: &'a Path,
    args: Vec<String>,
    input: &'a str,
    /// Whether `store check` may find problems right after a kill (the store
    /// was damaged to begin with, as for repair).
    damaged_before: bool,
    /// What must hold after a kill, before the retry.
    after_kill: &'a dyn Fn(&Path),
    /// What must hold once the retry has run.
    after_retry: &'a dyn Fn(&Path),
}

/// Kills `op` at `rounds` random moments, each on a fresh copy of its setup,
/// then checks the store, runs the same command again at once and checks
/// again: the retry succeeds, and the store is healthy.
fn kill_then_retry(op: &Operation<'_>, rounds: usize, rng: &mut StdRng) {
    let dir = tempfile::tempdir().unwrap();
    // How long the command takes when left alone.
    let timing = dir.path().join("timing");
    copy_dir(op.setup, &timing);
    let began = std::time::Instant::now();
    let out = start(&timing, &op.args, op.input)
        .wait_with_output()
        .unwrap();
    let span = began.elapsed();
    assert!(
        out.status.success(),
        "{}: {}",
        op.name,
        String::from_utf8_lossy(&out.stderr)
    );
    for round in 0..rounds {
        let home = dir.path().join(format!("round-{round}"));
        copy_dir(op.setup, &home);
        let mut child = start(&home, &op.args, op.input);
        std::thread::sleep(span.mul_f64(rng.random_range(0.0..1.2)));
        let _ = child.kill();
        child.wait().unwrap();
        let (code, report) = check(&home);
        let allowed: &[i32] = if op.damaged_before { &[0, 1] } else { &[0] };
        assert!(
            code.is_some_and(|c| allowed.contains(&c)),
            "{} round {round}: check after the kill: {code:?}\n{report}",
            op.name
        );
        (op.after_kill)(&home);
        let retry = start(&home, &op.args, op.input).wait_with_output().unwrap();
        assert!(
            retry.status.success(),
            "{} round {round}: the retry: {}",
            op.name,
            String::from_utf8_lossy(&retry.stderr)
        );
        let (code, report) = check(&home);
        assert_eq!(code, Some(0), "{} round {round}: {report}", op.name);
        (op.after_retry)(&home);
    }
}

fn seeded() -> StdRng {
    let seed = std::env::var("TRIALDRILL_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_202_u64);
    StdRng::seed_from_u64(seed)
}

/// A review history of a synthetic learner, as a revlog CSV file.
fn revlog_file(dir: &Path, cards: usize, days: usize) -> (std::path::PathBuf, usize) {
    use trialdrill::history::optimize::synthetic::{self, Learner, TRUE_PARAMETERS};
    let learner = Learner {
        cards,
        days,
        new_per_day: 10,
        seed: 7,
    };
    let rows = synthetic::history(learner, &TRUE_PARAMETERS).unwrap();
    let mut csv = Vec::new();
    trialdrill::history::revlog::write(&rows, &mut csv).unwrap();
    let path = dir.join("revlog.csv");
    std::fs::write(&path, csv).unwrap();
    (path, rows.len())
}

#[test]
fn kills_during_import_revlog_leave_all_or_none_and_the_retry_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let setup = dir.path().join("setup");
    let deck = common::true_false_deck(dir.path(), 3);
    let mut session = study(&setup, &deck);
    session
        .stdin
        .take()
        .unwrap()
        .write_all(b"t\n\nq\n")
        .unwrap();
    assert!(session.wait().unwrap().success());
    let (csv, rows) = revlog_file(dir.path(), 200, 60);
    let all = 1 + rows;
    let op = Operation {
        name: "import-revlog",
        setup: &setup,
        args: vec![
            "store".into(),
            "import-revlog".into(),
            csv.display().to_string(),
        ],
        input: "",
        damaged_before: false,
        after_kill: &|home| {
            let (reviews, duplicates) = reviews_in_log(home);
            assert!(
                reviews == 1 || reviews == all,
                "{reviews} of {all}: all or none"
            );
            assert_eq!(duplicates, 0);
        },
        after_retry: &|home| assert_eq!(reviews_in_log(home), (all, 0)),
    };
    kill_then_retry(&op, 25, &mut seeded());
}

#[test]
fn kills_during_optimize_repair_merge_and_migration_are_checked_then_retried() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = seeded();
    // A store with enough history to fit parameters.
    let fitted = dir.path().join("fitted");
    let (csv, rows) = revlog_file(dir.path(), 120, 60);
    let imported = Command::new(BIN)
        .args(["store", "import-revlog"])
        .arg(&csv)
        .env("TRIALDRILL_HOME", &fitted)
        .output()
        .unwrap();
    assert!(imported.status.success());
    let count = |n: usize| move |home: &Path| assert_eq!(reviews_in_log(home).0, n);
    let optimize = Operation {
        name: "optimize",
        setup: &fitted,
        args: vec!["optimize".into()],
        input: "",
        damaged_before: false,
        after_kill: &count(rows),
        after_retry: &|home| {
            assert_eq!(reviews_in_log(home).0, rows);
            assert!(trialdrill::store::params::load(home).is_ok());
        },
    };
    kill_then_retry(&optimize, 12, &mut rng);

    // A damaged line in the middle of the same history.
    let damaged = dir.path().join("damaged");
    copy_dir(&fitted, &damaged);
    let log = damaged.join(LOG_FILE);
    let text = std::fs::read_to_string(&log).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(lines.len() / 2, "{\"type\":\"review\", damaged");
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    let repair = Operation {
        name: "repair",
        setup: &damaged,
        args: vec!["store".into(), "repair".into()],
        input: "",
        damaged_before: true,
        after_kill: &|home| assert!(scan(&home.join(LOG_FILE)).unwrap().events.len() >= rows),
        after_retry: &count(rows),
    };
    kill_then_retry(&repair, 12, &mut rng);

    // Another device's store to merge in.
    let other = dir.path().join("other");
    let deck = common::true_false_deck(dir.path(), 20);
    let mut session = study(&other, &deck);
    session
        .stdin
        .take()
        .unwrap()
        .write_all("t\n\n".repeat(20).as_bytes())
        .unwrap();
    assert!(session.wait().unwrap().success());
    let merge = Operation {
        name: "merge",
        setup: &fitted,
        args: vec!["store".into(), "merge".into(), other.display().to_string()],
        input: "",
        damaged_before: false,
        after_kill: &|home| {
            let n = reviews_in_log(home).0;
            assert!(n == rows || n == rows + 20, "{n}");
        },
        after_retry: &count(rows + 20),
    };
    kill_then_retry(&merge, 12, &mut rng);

    let format1 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-format1");
    let in_fixture = scan(&format1.join(LOG_FILE))
        .unwrap()
        .events
        .iter()
        .filter(|e| matches!(e, Event::Review(_)))
        .count();
    let migration = Operation {
        name: "migration",
        setup: &format1,
        args: vec!["study".into(), "--deck".into(), "rescue-japan-limit".into()],
        input: "q\n",
        damaged_before: false,
        after_kill: &count(in_fixture),
        after_retry: &|home| {
            assert_eq!(reviews_in_log(home).0, in_fixture);
            let backups = std::fs::read_dir(home)
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .starts_with("backup-format1-")
                })
                .count();
            assert!(backups >= 1);
        },
    };
    kill_then_retry(&migration, 12, &mut rng);
}
