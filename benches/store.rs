//! The store at scale: `cargo bench --bench store`.
//!
//! Generates a collection of 100,000 cards in 50 installed decks with
//! 1,000,000 reviews (and a 1,000-card one for comparison), plus minified
//! decks of 100,000 cards on one line (true/false, and all six kinds), then
//! reports each measure beside the target of issue 15, with every command's
//! peak memory:
//! - process start (`trialdrill --version`), the baseline every command's
//!   time is also given as a multiple of, so ratios stay meaningful on a
//!   loaded machine,
//! - opening the store and counting due cards (in process),
//! - `stats --json`, over all the decks and narrowed to one tag, `deck list`,
//!   and the first card of `study` over all 50 decks and over one,
//! - the minified deck: the first card of `study` with the deck cache cold and
//!   warm, and `deck lint`, of it and of the deck of all six kinds,
//! - the end of a session: quitting `study` right after one answer, from
//!   the quit to the process's exit,
//! - `store check`, `store merge` of the large store into an empty one, and
//!   `optimize --dry-run` and `simulate` (one run each),
//! - the shipped decks on an empty store: `stats`, `deck list` and the first
//!   card, each against three times the process start,
//! - saving one answer (median and 99th percentile) at 1,000 and 100,000
//!   cards, and the log's bytes per review.
//!
//! Commands run once unmeasured first, so the deck cache is warm unless a
//! row says cold. The generated stores are kept in the target folder and
//! reused by later runs.

use std::ffi::OsStr;
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
use trialdrill::store::{
    Access, DECK_CACHE_DIR, Event, LOG_FILE, Review, SNAPSHOT_FILE, Store, new_id,
};

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");
const REVIEWS_PER_CARD: usize = 10;
const RUNS: usize = 7;
const APPENDS: usize = 1_000;
/// Every command's memory target, in MB.
const MEMORY_MB: u64 = 100;

fn main() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("store-bench");
    let today = DayClock::in_zone(trialdrill::clock::local_zone()).day_of(Timestamp::now());
    let large = prepare(&root.join("large"), 50, 2_000, today);
    let small = prepare(&root.join("small"), 1, 1_000, today);
    let minified = root.join("minified-100k.json");
    if !minified.exists() {
        write_deck(&minified, "minified-100k", 100_000, "");
    }
    let mixed = root.join("mixed-100k.json");
    if !mixed.exists() {
        write_mixed_deck(&mixed, 100_000);
    }
    let fresh = root.join("fresh");
    let minified_home = root.join("minified-home");
    for home in [&fresh, &minified_home] {
        let _ = fs::remove_dir_all(home);
        fs::create_dir_all(home).unwrap();
    }

    println!("\ntrialdrill store benchmark ({RUNS} runs each; {APPENDS} answers saved per size)");
    println!(
        "collection: 100,000 cards in 50 decks, 1,000,000 reviews; minified deck: 100,000 cards, {} MB on one line",
        fs::metadata(&minified).unwrap().len() / 1_000_000
    );
    println!(
        "targets: issue 15, for an idle machine; verdicts on the median unless the row says p99\n"
    );
    let start = runs(RUNS * 3, || run(&fresh, &["--version"]));
    let table = Table {
        start: median(&start.times),
    };
    table.header();
    table.row("process start: `--version` (the baseline)", &start, None);

    let open = runs(RUNS, || {
        let started = Instant::now();
        let store = Store::open(&large, Access::Read, Scheduler::default_params()).unwrap();
        let due = store
            .states()
            .values()
            .flat_map(|cards| cards.values())
            .filter(|s| s.due <= today)
            .count();
        assert!(due > 0);
        (started.elapsed(), None)
    });
    table.row(
        "open store + count due cards (in process)",
        &open,
        Some(60.0),
    );

    let stats = runs(RUNS, || run(&large, &["stats", "--json"]));
    table.row("stats --json", &stats, Some(100.0));
    let by_tag = runs(RUNS, || run(&large, &["stats", "--json", "--tag", "t0"]));
    table.row(
        "stats --json --tag t0 (half of every deck)",
        &by_tag,
        Some(100.0),
    );
    let list = runs(RUNS, || run(&large, &["deck", "list"]));
    table.row("deck list", &list, Some(50.0));
    let all = runs(RUNS, || first_card(&large, &[]));
    table.row("study: first card, all 50 decks", &all, Some(100.0));
    let deck_07 = large.join("decks/deck-07.json");
    let one = runs(RUNS, || first_card(&large, &[deck_07.as_os_str()]));
    table.row("study: first card, one deck", &one, Some(100.0));

    // On a store of its own, whose cache holds nothing else to lose.
    let cold = runs(RUNS, || {
        let _ = fs::remove_dir_all(minified_home.join(DECK_CACHE_DIR));
        first_card(&minified_home, &[minified.as_os_str()])
    });
    table.row(
        "study: first card, minified 100k deck, cache cold",
        &cold,
        Some(1_000.0),
    );
    let warm = runs(RUNS, || first_card(&minified_home, &[minified.as_os_str()]));
    table.row(
        "study: first card, minified 100k deck, cache warm",
        &warm,
        Some(100.0),
    );
    let lint_args = [OsStr::new("deck"), OsStr::new("lint"), minified.as_os_str()];
    let lint = runs(RUNS, || run(&minified_home, &lint_args));
    table.row("deck lint, minified 100k deck", &lint, Some(1_000.0));
    let mixed_args = [OsStr::new("deck"), OsStr::new("lint"), mixed.as_os_str()];
    let mixed_lint = runs(RUNS, || run(&minified_home, &mixed_args));
    table.row(
        "deck lint, minified 100k deck of all six kinds",
        &mixed_lint,
        Some(1_000.0),
    );
    let quit = runs(RUNS, || end_of_session(&large, &deck_07));
    table.row(
        "end of a session (quit after one answer)",
        &quit,
        Some(30.0),
    );
    let check = runs(1, || run(&large, &["store", "check"]));
    table.row("store check, 1,000,000 reviews (one run)", &check, None);
    let fit = runs(1, || run(&large, &["optimize", "--dry-run"]));
    table.row("optimize --dry-run (one run)", &fit, None);
    let simulate = runs(1, || run(&large, &["simulate", "--days", "30"]));
    table.row("simulate --days 30 (one run)", &simulate, None);
    let merged = root.join("merged");
    let merge = runs(1, || {
        let _ = fs::remove_dir_all(&merged);
        fs::create_dir_all(&merged).unwrap();
        run(
            &merged,
            &[OsStr::new("store"), OsStr::new("merge"), large.as_os_str()],
        )
    });
    let _ = fs::remove_dir_all(&merged);
    table.row(
        "store merge, 1,000,000 reviews into an empty store (one run)",
        &merge,
        None,
    );

    let shipped = 3.0 * table.start;
    let fresh_stats = runs(RUNS, || run(&fresh, &["stats"]));
    table.row(
        "shipped decks: stats (≤ 3× start)",
        &fresh_stats,
        Some(shipped),
    );
    let fresh_list = runs(RUNS, || run(&fresh, &["deck", "list"]));
    table.row(
        "shipped decks: deck list (≤ 3× start)",
        &fresh_list,
        Some(shipped),
    );
    let fresh_first = runs(RUNS, || first_card(&fresh, &[]));
    table.row(
        "shipped decks: study first card (≤ 3× start)",
        &fresh_first,
        Some(shipped),
    );

    for (label, dir) in [("1,000 cards", &small), ("100,000 cards", &large)] {
        let saved = Measure {
            times: appends(dir, today),
            peak_kb: None,
        };
        table.p99_row(
            &format!("save one answer (write + fdatasync), {label}"),
            &saved,
            2.0,
        );
    }

    let log_bytes = fs::metadata(large.join(LOG_FILE)).unwrap().len();
    let per_review = log_bytes as f64 / (50 * 2_000 * REVIEWS_PER_CARD) as f64;
    println!(
        "\nlog: {per_review:.0} bytes a review ({} MB for 1,000,000 reviews); target ≤ 120: {}",
        log_bytes / 1_000_000,
        verdict(per_review <= 120.0)
    );
}

/// One row's samples, and the largest peak memory (KiB) among them.
struct Measure {
    times: Vec<Duration>,
    peak_kb: Option<u64>,
}

/// Runs `once` after one unmeasured run (which warms the deck cache), `n`
/// times; each run gives its time and peak memory.
fn runs(n: usize, mut once: impl FnMut() -> (Duration, Option<u64>)) -> Measure {
    once();
    let (times, peaks): (Vec<Duration>, Vec<Option<u64>>) = (0..n).map(|_| once()).unzip();
    Measure {
        times,
        peak_kb: peaks.into_iter().flatten().max(),
    }
}

/// GNU time, which measures a finished command's peak memory.
const GNU_TIME: &str = "/usr/bin/time";

/// Runs the binary on the store `home` with `args` to its end: its time from
/// spawn to exit, and its peak memory when GNU time is installed to measure
/// it. (wait4's figure for a child of this benchmark would not do: on Linux
/// it starts at the benchmark's own peak, which exec passes on.)
fn run<S: AsRef<OsStr>>(home: &Path, args: &[S]) -> (Duration, Option<u64>) {
    let report = std::env::temp_dir().join(format!("trialdrill-bench-{}.kb", std::process::id()));
    let timed = Path::new(GNU_TIME).exists();
    let mut command = if timed {
        let mut time = Command::new(GNU_TIME);
        time.args(["--format=%M", "--output"]).arg(&report).arg(BIN);
        time
    } else {
        Command::new(BIN)
    };
    command
        .args(args)
        .env("TRIALDRILL_HOME", home)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let started = Instant::now();
    let status = command.status().unwrap();
    let elapsed = started.elapsed();
    assert!(status.success(), "{command:?}: {status}");
    let peak = timed.then(|| {
        let kb = fs::read_to_string(&report).unwrap();
        kb.trim().parse().unwrap()
    });
    (elapsed, peak)
}

/// Starts `study` on the store `home` (on the deck file `deck` when given,
/// else on every deck) and returns the time from spawn to the first card on
/// screen, and the peak memory then.
fn first_card(home: &Path, deck: &[&OsStr]) -> (Duration, Option<u64>) {
    let started = Instant::now();
    let mut command = Command::new(BIN);
    command.arg("study");
    if let Some(deck) = deck.first() {
        command.arg("--deck").arg(deck);
    }
    let mut child = command
        .env("TRIALDRILL_HOME", home)
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
    let elapsed = started.elapsed();
    let peak = vm_hwm(child.id());
    child.kill().unwrap();
    child.wait().unwrap();
    (elapsed, Some(peak))
}

/// Starts `study` on the store `home` over the deck file `deck`, answers
/// the first card and rates it, then quits: the time from the quit to the
/// process's exit (the session's record, the snapshot when due, teardown).
/// The session's lines are cut back off afterwards while the snapshot does
/// not cover them, so runs stay comparable and the day's review limit is not
/// used up.
fn end_of_session(home: &Path, deck: &Path) -> (Duration, Option<u64>) {
    let log = home.join(LOG_FILE);
    let length = fs::metadata(&log).unwrap().len();
    let snapshot = fs::read(home.join(SNAPSHOT_FILE)).unwrap();
    let mut child = Command::new(BIN)
        .arg("study")
        .arg("--deck")
        .arg(deck)
        .env("TRIALDRILL_HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let mut wait_for = |prefix: &str| {
        while !line.trim_start().starts_with(prefix) {
            line.clear();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "study ended before {prefix}"
            );
        }
    };
    wait_for("[1/");
    // A true/false card: answer it, take the offered rating.
    stdin.write_all(b"t\n\n").unwrap();
    wait_for("→ ");
    let started = Instant::now();
    // Quitting, or the end of a one-card session: either way the session ends.
    let _ = stdin.write_all(b"q\n");
    drop(stdin);
    let status = child.wait().unwrap();
    let elapsed = started.elapsed();
    assert!(status.success(), "study: {status}");
    if fs::read(home.join(SNAPSHOT_FILE)).unwrap() == snapshot {
        File::options()
            .write(true)
            .open(&log)
            .unwrap()
            .set_len(length)
            .unwrap();
    }
    (elapsed, None)
}

/// Builds (once) a store of `decks` decks × `cards` cards with ten reviews
/// per card, the last ones around `today`.
fn prepare(dir: &Path, decks: usize, cards: usize, today: Date) -> PathBuf {
    let marker = dir.join(format!("ready-{today}"));
    // A snapshot of an older build's format is replayed past on every open
    // without a word, so a reused store gets this build's snapshot first.
    let reused = marker.exists()
        && Store::open(dir, Access::Write, Scheduler::default_params())
            .is_ok_and(|mut store| store.warnings().is_empty() && store.save_snapshot().is_ok());
    if reused {
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
    let mut line = Vec::new();
    for d in 0..decks {
        let deck_id = format!("deck-{d:02}");
        write_deck(
            &dir.join("decks").join(format!("{deck_id}.json")),
            &deck_id,
            cards,
            "\n",
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
                line.clear();
                trialdrill::store::line::encode(&mut line, "bench", &event).unwrap();
                log.write_all(&line).unwrap();
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

/// Writes a minified deck of `cards` cards of the six kinds in turn, with
/// two accepted answers to each typed card and four options to each choice
/// card: the kinds lint grades answers for cost most to check.
fn write_mixed_deck(path: &Path, cards: usize) {
    let mut out = BufWriter::new(File::create(path).unwrap());
    write!(
        out,
        r#"{{"format": 1, "id": "mixed-100k", "title": "Bench mixed", "cards": ["#
    )
    .unwrap();
    for c in 0..cards {
        let body = match c % 6 {
            0 => format!(
                r#""kind": "typed", "prompt": "What was the primary outcome of trial {c}?", "answers": ["mRS 0-{}", "modified Rankin 0-{}"]"#,
                c % 4 + 1,
                c % 4 + 1
            ),
            1 => format!(
                r#""kind": "choice", "prompt": "Which drug did trial {c} compare?", "choices": ["drug {c}a", "drug {c}b", "drug {c}c", "drug {c}d"], "answers": ["drug {c}a"]"#
            ),
            2 => {
                format!(r#""kind": "truefalse", "prompt": "Statement {c} holds.", "answer": true"#)
            }
            3 => format!(
                r#""kind": "numeric", "prompt": "How many patients were in trial {c}?", "value": {c}, "tolerance": 0, "unit": "patients""#
            ),
            4 => format!(
                r#""kind": "cloze", "text": "Trial {c} enrolled {{{{c1::{c} patients}}}} over {{{{c2::{} years}}}}.""#,
                c % 9 + 1
            ),
            _ => format!(
                r#""kind": "basic", "front": "What did trial {c} show?", "back": "Benefit {c}.""#
            ),
        };
        let comma = if c + 1 < cards { "," } else { "" };
        write!(
            out,
            r#"{{"id": "c{c}", "tags": ["t{}"], "explanation": "Because trial {c} said so.", "source": {{"section": "Major Points", "bullet": {}}}, {body}}}{comma}"#,
            c % 7,
            c % 5 + 1
        )
        .unwrap();
    }
    write!(out, "]}}").unwrap();
}

/// Writes a deck of `cards` true/false cards, `between` each card (a line
/// break, or nothing for a minified deck on one line).
fn write_deck(path: &Path, id: &str, cards: usize, between: &str) {
    let mut out = BufWriter::new(File::create(path).unwrap());
    write!(
        out,
        r#"{{"format": 1, "id": "{id}", "title": "Bench {id}", "cards": ["#
    )
    .unwrap();
    for c in 0..cards {
        let comma = if c + 1 < cards { "," } else { "" };
        write!(
            out,
            r#"{{"id": "c{c}", "kind": "truefalse", "tags": ["t{}"], "explanation": "Because.", "source": {{"section": "Major Points", "bullet": 1}}, "prompt": "Statement {c} of {id}.", "answer": true}}{comma}{between}"#,
            c % 7
        )
        .unwrap();
    }
    write!(out, "]}}").unwrap();
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

/// Prints measures as rows beside their targets.
struct Table {
    /// The median process start, in ms.
    start: f64,
}

impl Table {
    fn header(&self) {
        println!(
            "{:<52} {:>10} {:>10} {:>8}  {:<22} {:>8}",
            "measure", "median ms", "p99/max", "× start", "target", "peak MB"
        );
    }

    /// A row judged on its median.
    fn row(&self, label: &str, m: &Measure, target_ms: Option<f64>) {
        self.print(label, m, target_ms.map(|t| (t, false)));
    }

    /// A row judged on its 99th percentile.
    fn p99_row(&self, label: &str, m: &Measure, target_ms: f64) {
        self.print(label, m, Some((target_ms, true)));
    }

    fn print(&self, label: &str, m: &Measure, target: Option<(f64, bool)>) {
        let (median, p99) = (median(&m.times), p99(&m.times));
        let judged = match target {
            Some((ms, on_p99)) => {
                let value = if on_p99 { p99 } else { median };
                let what = if on_p99 { "p99 " } else { "" };
                format!("{what}≤ {ms:.0} ms: {}", verdict(value <= ms))
            }
            None => String::new(),
        };
        let peak = m.peak_kb.map_or(String::new(), |kb| {
            let mb = kb / 1024;
            format!("{mb} {}", if mb <= MEMORY_MB { "ok" } else { "OVER" })
        });
        println!(
            "{label:<52} {median:>10.2} {p99:>10.2} {:>8.1}  {judged:<22} {peak:>8}",
            median / self.start
        );
    }
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

/// The median of `samples`, in ms.
fn median(samples: &[Duration]) -> f64 {
    sorted_ms(samples)[samples.len() / 2]
}

/// The 99th percentile of `samples` (their maximum when there are few), in ms.
fn p99(samples: &[Duration]) -> f64 {
    let ms = sorted_ms(samples);
    ms[((ms.len() as f64 * 0.99).ceil() as usize).min(ms.len()) - 1]
}

fn sorted_ms(samples: &[Duration]) -> Vec<f64> {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    ms
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
