//! The store at scale: `cargo bench --bench store`.
//!
//! Generates a collection of 100,000 cards in 50 decks with 1,000,000 reviews
//! (and a 1,000-card one for comparison), then reports:
//! - opening the store and counting due cards,
//! - start to first card shown by `trialdrill study` (plain prompter),
//! - saving one answer (median and 99th percentile) at 1,000 and 100,000 cards,
//! - peak memory of `study` and of `store check`.
//!
//! The generated stores are kept in the target folder and reused by later runs.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::civil::Date;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use trialdrill::engine::schedule::{DayClock, Rating, Scheduler, add_days};
use trialdrill::store::log::Header;
use trialdrill::store::{Access, Event, LOG_FILE, Review, Store, new_id};

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");
const REVIEWS_PER_CARD: usize = 10;
const RUNS: usize = 7;
const APPENDS: usize = 1_000;

fn main() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("store-bench");
    let today = DayClock::in_zone(trialdrill::clock::local_zone()).day_of(Timestamp::now());
    let large = prepare(&root.join("large"), 50, 2_000, today);
    let small = prepare(&root.join("small"), 1, 1_000, today);

    println!("\ntrialdrill store benchmark ({RUNS} runs each; {APPENDS} answers saved per size)");
    println!("collection: 100,000 cards in 50 decks, 1,000,000 reviews\n");

    let open = timings(RUNS, || {
        let store = Store::open(&large, Access::Read, Scheduler::default_params()).unwrap();
        let due = store
            .states()
            .values()
            .flat_map(|cards| cards.values())
            .filter(|s| s.due <= today)
            .count();
        assert!(due > 0);
    });
    report("open store + count due cards", &open, 100.0);

    let mut peak_study = 0;
    let first = timings(RUNS, || {
        peak_study = peak_study.max(first_card(&large));
    });
    report("study: start to first card shown", &first, 150.0);

    for (label, dir) in [("1,000 cards", &small), ("100,000 cards", &large)] {
        let saved = appends(dir, today);
        report(
            &format!("save one answer (write + fdatasync), {label}"),
            &saved,
            2.0,
        );
    }

    let peak_check = peak_of(
        Command::new(BIN)
            .args(["store", "check"])
            .env("TRIALDRILL_HOME", &large),
    );
    println!(
        "\npeak memory (VmHWM): study {} MB (target ≤ 100 MB); store check on 1,000,000 reviews {} MB",
        peak_study / 1024,
        peak_check / 1024
    );
}

/// Builds (once) a store of `decks` decks × `cards` cards with ten reviews
/// per card, the last ones around `today`.
fn prepare(dir: &Path, decks: usize, cards: usize, today: Date) -> PathBuf {
    let marker = dir.join(format!("ready-{today}"));
    let reusable = marker.exists()
        && Store::open(dir, Access::Read, Scheduler::default_params())
            .is_ok_and(|store| store.warnings().is_empty());
    if reusable {
        return dir.to_path_buf();
    }
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir.join("decks")).unwrap();
    let started = Instant::now();
    let scheduler = Scheduler::default_params();
    let mut rng = StdRng::seed_from_u64(7);
    let mut log = BufWriter::new(File::create(dir.join(LOG_FILE)).unwrap());
    serde_json::to_writer(&mut log, &Header::new("bench".into())).unwrap();
    log.write_all(b"\n").unwrap();
    for d in 0..decks {
        let deck_id = format!("deck-{d:02}");
        write_deck(
            &dir.join("decks").join(format!("{deck_id}.json")),
            &deck_id,
            cards,
        );
        for c in 0..cards {
            let mut state = None;
            // Ten reviews at most a month apart, the last ones around today.
            let mut day = add_days(today, -(REVIEWS_PER_CARD as i64 * 30) + (c % 45) as i64);
            for _ in 0..REVIEWS_PER_CARD {
                let rating = if rng.random_bool(0.1) {
                    Rating::Again
                } else {
                    Rating::Good
                };
                let interval = scheduler
                    .intervals(state.as_ref(), day, rng.random())
                    .get(rating);
                let due = add_days(day, i64::from(interval.max(1)));
                state = Some(scheduler.apply(state.as_ref(), rating, day, due));
                let event = Event::Review(Review {
                    id: new_id(),
                    device: "bench".into(),
                    deck: deck_id.clone(),
                    card: format!("c{c}"),
                    time: day.in_tz("UTC").unwrap().timestamp(),
                    day,
                    rating,
                    correct: Some(rating != Rating::Again),
                    answer: "true".into(),
                    seconds: 4.2,
                    overruled: false,
                    due,
                });
                serde_json::to_writer(&mut log, &event).unwrap();
                log.write_all(b"\n").unwrap();
                day = add_days(day, i64::from(interval.clamp(1, 30)));
            }
        }
    }
    log.into_inner().unwrap().sync_all().unwrap();
    let mut store = Store::open(dir, Access::Write, Scheduler::default_params()).unwrap();
    store.save_snapshot().unwrap();
    drop(store);
    File::create(marker).unwrap();
    println!("generated {} in {:.1?}", dir.display(), started.elapsed());
    dir.to_path_buf()
}

fn write_deck(path: &Path, id: &str, cards: usize) {
    let mut out = BufWriter::new(File::create(path).unwrap());
    write!(
        out,
        r#"{{"format": 1, "id": "{id}", "title": "Bench {id}", "cards": ["#
    )
    .unwrap();
    for c in 0..cards {
        let comma = if c + 1 < cards { "," } else { "" };
        writeln!(
            out,
            r#"{{"id": "c{c}", "kind": "truefalse", "tags": ["t{}"], "explanation": "Because.", "source": {{"section": "Major Points", "bullet": 1}}, "prompt": "Statement {c} of {id}.", "answer": true}}{comma}"#,
            c % 7
        )
        .unwrap();
    }
    write!(out, "]}}").unwrap();
}

/// Starts `study` on one deck of the store and returns its peak memory in KiB
/// once the first card is on screen.
fn first_card(store: &Path) -> u64 {
    let mut child = Command::new(BIN)
        .args(["study", "--deck"])
        .arg(store.join("decks/deck-07.json"))
        .env("TRIALDRILL_HOME", store)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("[1/") {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "study ended before a card"
        );
    }
    let peak = vm_hwm(child.id());
    child.kill().unwrap();
    child.wait().unwrap();
    peak
}

/// Times saving `APPENDS` answers; the log is cut back afterwards so runs
/// stay comparable.
fn appends(dir: &Path, today: Date) -> Vec<Duration> {
    let log = dir.join(LOG_FILE);
    let length = fs::metadata(&log).unwrap().len();
    let mut store = Store::open(dir, Access::Write, Scheduler::default_params()).unwrap();
    let mut saved = Vec::with_capacity(APPENDS);
    for i in 0..APPENDS {
        let event = Event::Review(Review {
            id: new_id(),
            device: "bench".into(),
            deck: "deck-00".into(),
            card: format!("c{}", i % 1_000),
            time: Timestamp::now(),
            day: today,
            rating: Rating::Good,
            correct: Some(true),
            answer: "true".into(),
            seconds: 3.0,
            overruled: false,
            due: add_days(today, 3),
        });
        let started = Instant::now();
        store.append(&event).unwrap();
        saved.push(started.elapsed());
    }
    drop(store);
    File::options()
        .write(true)
        .open(&log)
        .unwrap()
        .set_len(length)
        .unwrap();
    saved
}

fn timings(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect()
}

fn report(label: &str, samples: &[Duration], target_ms: f64) {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let p99 = ms[((ms.len() as f64 * 0.99).ceil() as usize).min(ms.len()) - 1];
    let verdict = if target_ms.is_finite() {
        format!(
            "target ≤ {target_ms} ms: {}",
            if p99 <= target_ms { "met" } else { "MISSED" }
        )
    } else {
        String::new()
    };
    println!("{label:<60} median {median:>8.3} ms   p99/max {p99:>8.3} ms   {verdict}");
}

/// Peak resident memory of a running process, in KiB.
fn vm_hwm(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Runs a command to completion and returns its peak resident memory in KiB.
fn peak_of(command: &mut Command) -> u64 {
    // Reaped by wait4 below, which std's Child cannot do while returning rusage.
    #[allow(clippy::zombie_processes)]
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: `usage` is a plain C struct that wait4 fills in; the pid is our child's.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    u64::try_from(usage.ru_maxrss).unwrap()
}
