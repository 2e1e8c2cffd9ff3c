//! Looking after a store: checking it, repairing it, merging another
//! device's log into it, and upgrading older formats. Nothing here deletes a
//! user's file: damaged and replaced files are moved aside with a timestamp.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::hash::{BuildHasher, RandomState};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::cards::{Cards, merge_order};
use super::log::{self, Header, Kind, Line};
use super::snapshot::{Coverage, Snapshot};
use super::{
    Access, Event, LOG_FILE, SNAPSHOT_FILE, Store, StoreError, io_error, lock, new_device_id,
};
use crate::engine::schedule::Scheduler;

/// What reading a whole log found.
#[derive(Debug, Default)]
pub struct LogReport {
    /// The header, for a format-2 log whose first line is intact.
    pub header: Option<Header>,
    /// Whether the log is format 1 (no header).
    pub format1: bool,
    /// Damaged complete lines: (1-based line number, reason).
    pub damaged: Vec<(u64, String)>,
    /// The line number of an incomplete last line.
    pub torn: Option<u64>,
    /// Lines whose event repeats an id already seen.
    pub duplicates: Vec<u64>,
}

impl LogReport {
    /// Whether nothing is wrong with the log.
    pub fn is_clean(&self) -> bool {
        self.damaged.is_empty() && self.torn.is_none() && self.duplicates.is_empty()
    }
}

/// Every readable event of a log, with what was wrong with the rest.
#[derive(Debug, Default)]
pub struct Scan {
    /// Problems and format.
    pub report: LogReport,
    /// Every readable event, first occurrence of each id, in file order.
    pub events: Vec<Event>,
}

/// Reads the whole log at `path`, keeping every readable event in memory. A
/// missing log scans as empty.
pub fn scan(path: &Path) -> Result<Scan, StoreError> {
    let mut events = Vec::new();
    let report = visit(path, |event| events.push(event))?;
    Ok(Scan { report, events })
}

/// Streams the log at `path`, passing `each` the first occurrence of every
/// event. Memory stays small however long the log is: ids are remembered as
/// 128-bit hashes.
pub fn visit(path: &Path, mut each: impl FnMut(Event)) -> Result<LogReport, StoreError> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LogReport::default()),
        Err(e) => return Err(io_error("open", path)(e)),
    };
    let mut report = LogReport::default();
    let start = match log::kind(&mut file).map_err(io_error("read", path))? {
        Ok(Kind::Headed { header, len }) => {
            if header.format > log::FORMAT {
                return Err(StoreError::Newer {
                    path: path.to_path_buf(),
                    found: header.format,
                    written_by: header.written_by,
                });
            }
            report.header = Some(header);
            len
        }
        Ok(Kind::Format1) => {
            report.format1 = true;
            0
        }
        Ok(Kind::Empty) | Err(_) => 0,
    };
    let mut number = u64::from(start > 0);
    let mut seen = IdSet::default();
    log::read_from(path, &mut file, start, |line, _| {
        number += 1;
        match line {
            Line::Event(event) => {
                if seen.insert(event.id()) {
                    each(event);
                } else {
                    report.duplicates.push(number);
                }
            }
            Line::Damaged(reason) => report.damaged.push((number, reason)),
            Line::Torn => report.torn = Some(number),
        }
        Ok(())
    })?;
    Ok(report)
}

/// A set of ids kept as two independent 64-bit hashes each: a false match
/// needs both to collide, about one chance in 10^26 at a million ids.
#[derive(Default)]
struct IdSet {
    keys: (RandomState, RandomState),
    seen: HashSet<u128>,
}

impl IdSet {
    /// Adds `id`; false if it was there already.
    fn insert(&mut self, id: &str) -> bool {
        let high = u128::from(self.keys.0.hash_one(id));
        let low = u128::from(self.keys.1.hash_one(id));
        self.seen.insert(high << 64 | low)
    }
}

/// The health of a store, as `store check` reports it.
#[derive(Debug)]
pub struct Health {
    /// Problems that need `store repair` (or a newer trialdrill), one line each.
    pub problems: Vec<String>,
    /// Things worth knowing that need no action.
    pub notes: Vec<String>,
    /// Reviews in the log.
    pub reviews: usize,
    /// Cards with a scheduling state.
    pub cards: usize,
}

/// Checks the store in `dir` without changing anything.
pub fn check(dir: &Path, scheduler: &Scheduler) -> Result<Health, StoreError> {
    let log_path = dir.join(LOG_FILE);
    let mut rebuilt = Cards::default();
    let mut reviews = 0;
    let report = visit(&log_path, |event| {
        reviews += usize::from(matches!(event, Event::Review(_)));
        rebuilt.apply(scheduler, &event);
    })?;
    let rebuilt = rebuilt.states;
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for (line, reason) in &report.damaged {
        problems.push(format!(
            "{}:{line}: damaged line: {reason}",
            log_path.display()
        ));
    }
    if let Some(line) = report.torn {
        problems.push(format!(
            "{}:{line}: incomplete last line (a write cut short by a crash)",
            log_path.display()
        ));
    }
    for line in &report.duplicates {
        problems.push(format!(
            "{}:{line}: repeats an event already in the log",
            log_path.display()
        ));
    }
    if report.format1 {
        notes.push(
            "the store is format 1; the next study session upgrades it (after a backup)".into(),
        );
    }
    if report.damaged.is_empty() {
        match Store::open(dir, Access::Read, scheduler.clone()) {
            Ok(store) => {
                if store.states() != &rebuilt {
                    problems.push(format!(
                        "{}: the snapshot disagrees with the review log",
                        dir.join(SNAPSHOT_FILE).display()
                    ));
                }
                notes.extend(store.warnings().iter().cloned());
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    Ok(Health {
        problems,
        notes,
        reviews,
        cards: rebuilt.values().map(|cards| cards.len()).sum(),
    })
}

/// What `store repair` did.
#[derive(Debug)]
pub struct Repair {
    /// Events kept.
    pub kept: usize,
    /// Damaged or incomplete lines left out (they stay in the moved-aside file).
    pub dropped: usize,
    /// Files moved aside.
    pub moved: Vec<PathBuf>,
}

/// Keeps every valid event of the store in `dir`, moves the damaged files
/// aside and rebuilds the log and the snapshot.
pub fn repair(dir: &Path, scheduler: &Scheduler) -> Result<Repair, StoreError> {
    if !dir.is_dir() {
        return Err(io_error("repair the store in", dir)(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "there is no store there; check --home or $TRIALDRILL_HOME",
        )));
    }
    let _lock = lock::take(dir)?;
    let log_path = dir.join(LOG_FILE);
    let snapshot_path = dir.join(SNAPSHOT_FILE);
    let scan = scan(&log_path)?;
    if scan.report.is_clean()
        && scan.report.header.is_some()
        && snapshot_agrees(dir, &scan, scheduler)
    {
        // Nothing is wrong: leave every file as it is.
        return Ok(Repair {
            kept: scan.events.len(),
            dropped: 0,
            moved: Vec::new(),
        });
    }
    let stamp = stamp();
    let mut moved = Vec::new();
    if log_path.exists() && (!scan.report.is_clean() || scan.report.header.is_none()) {
        // A hard link keeps the old file under its new name while the
        // rewritten log is renamed into place: the log never goes missing.
        let aside = dir.join(format!("{LOG_FILE}.damaged-{stamp}"));
        fs::hard_link(&log_path, &aside).map_err(io_error("move aside", &log_path))?;
        moved.push(aside);
    }
    if snapshot_path.exists() {
        let aside = dir.join(format!("{SNAPSHOT_FILE}.damaged-{stamp}"));
        fs::rename(&snapshot_path, &aside).map_err(io_error("move aside", &snapshot_path))?;
        moved.push(aside);
    }
    let header = scan
        .report
        .header
        .clone()
        .unwrap_or_else(|| Header::new(new_device_id()));
    rewrite(dir, &header, &scan.events, scheduler)?;
    Ok(Repair {
        kept: scan.events.len(),
        dropped: scan.report.damaged.len() + usize::from(scan.report.torn.is_some()),
        moved,
    })
}

/// Whether the snapshot opens without complaint and holds the states the
/// whole log gives.
fn snapshot_agrees(dir: &Path, scan: &Scan, scheduler: &Scheduler) -> bool {
    let replayed = replay(scheduler, &scan.events);
    Store::open(dir, Access::Read, scheduler.clone())
        .is_ok_and(|store| store.warnings().is_empty() && store.states() == &replayed.states)
}

/// What `store merge` did.
#[derive(Debug, PartialEq, Eq)]
pub struct Merge {
    /// Events new to this store.
    pub added: usize,
    /// Events in the merged log.
    pub total: usize,
}

/// Unions the review log of the store in `other` into the store in `dir`, by
/// event id, ordered by time, and rebuilds the state. Merging twice is the
/// same as once, and A into B gives the same state as B into A.
pub fn merge(dir: &Path, other: &Path, scheduler: &Scheduler) -> Result<Merge, StoreError> {
    fs::create_dir_all(dir).map_err(io_error("create the store folder", dir))?;
    let _lock = lock::take(dir)?;
    let ours = clean_scan(&dir.join(LOG_FILE))?;
    let theirs_path = other.join(LOG_FILE);
    if !theirs_path.exists() {
        return Err(io_error("read", &theirs_path)(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "there is no review log there; name the folder of another trialdrill store",
        )));
    }
    let theirs = clean_scan(&theirs_path)?;
    let known: HashSet<&str> = ours.events.iter().map(Event::id).collect();
    let new: Vec<&Event> = theirs
        .events
        .iter()
        .filter(|e| !known.contains(e.id()))
        .collect();
    let added = new.len();
    if added == 0 && ours.report.header.is_some() {
        return Ok(Merge {
            added,
            total: ours.events.len(),
        });
    }
    let mut all: Vec<Event> = ours.events.iter().chain(new).cloned().collect();
    // Owned keys: `all` is sorted in place while they are looked up.
    let review_times: HashMap<String, jiff::Timestamp> = all
        .iter()
        .filter(|e| matches!(e, Event::Review(_)))
        .map(|e| (e.id().to_string(), e.time()))
        .collect();
    all.sort_by(|a, b| merge_order(a, b, |id| review_times.get(id).copied()));
    let header = ours
        .report
        .header
        .unwrap_or_else(|| Header::new(new_device_id()));
    rewrite(dir, &header, &all, scheduler)?;
    Ok(Merge {
        added,
        total: all.len(),
    })
}

/// Scans a log that must be intact (a torn last line is tolerated).
fn clean_scan(path: &Path) -> Result<Scan, StoreError> {
    let scan = scan(path)?;
    let problem = scan.report.damaged.first().cloned().or_else(|| {
        Some((
            *scan.report.duplicates.first()?,
            "repeats an event already in the log".into(),
        ))
    });
    match problem {
        Some((line, message)) => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            line,
            message,
        }),
        None => Ok(scan),
    }
}

/// Upgrades a format-1 store in `dir` (whose lock the caller holds): copies
/// its files into a backup folder, then rewrites the log with a header. The
/// log is left untouched if any line of it is damaged.
pub fn migrate_format1(dir: &Path) -> Result<PathBuf, StoreError> {
    let log_path = dir.join(LOG_FILE);
    let scan = clean_scan(&log_path)?;
    let backup = dir.join(format!("backup-format1-{}", stamp()));
    fs::create_dir(&backup).map_err(io_error("create the backup folder", &backup))?;
    for name in [LOG_FILE, SNAPSHOT_FILE] {
        let from = dir.join(name);
        if from.exists() {
            let to = backup.join(name);
            fs::copy(&from, &to)
                .and_then(|_| File::open(&to)?.sync_all())
                .map_err(io_error("back up", &from))?;
        }
    }
    crate::store::atomic::sync_dir(&backup.join(LOG_FILE)).map_err(io_error("sync", &backup))?;
    let header = Header::new(new_device_id());
    log::write_atomically(&log_path, &header, &scan.events)
        .map_err(io_error("rewrite", &log_path))?;
    // The old snapshot counted bytes of the old log; it is in the backup.
    match fs::remove_file(dir.join(SNAPSHOT_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(io_error("replace", &dir.join(SNAPSHOT_FILE))(e));
        }
        _ => {}
    }
    Ok(backup)
}

/// Writes a complete log atomically, then a snapshot that covers all of it.
fn rewrite(
    dir: &Path,
    header: &Header,
    events: &[Event],
    scheduler: &Scheduler,
) -> Result<(), StoreError> {
    let log_path = dir.join(LOG_FILE);
    log::write_atomically(&log_path, header, events).map_err(io_error("rewrite", &log_path))?;
    let bytes = fs::metadata(&log_path)
        .map_err(io_error("read", &log_path))?
        .len();
    let coverage = Coverage {
        bytes,
        lines: 1 + events.len() as u64,
        last_id: events.last().map(|e| e.id().to_string()),
    };
    Snapshot::write(
        &dir.join(SNAPSHOT_FILE),
        &coverage,
        &scheduler.fingerprint(),
        &replay(scheduler, events).states,
    )
}

/// Card states, and what undo needs, from a complete history.
pub fn replay(scheduler: &Scheduler, events: &[Event]) -> Cards {
    let mut cards = Cards::default();
    for event in events {
        cards.apply(scheduler, event);
    }
    cards
}

/// A timestamp for file names, such as `20261125T134501Z`.
fn stamp() -> String {
    Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::Rating;
    use crate::store::{Review, States, new_id};
    use jiff::civil::{Date, date};

    fn review(card: &str, day: Date, at: &str, rating: Rating) -> Event {
        Event::Review(Review {
            time: at.parse().unwrap(),
            answer: "x".into(),
            ..Review::sample(card, day, rating)
        })
    }

    fn store_with(dir: &Path, events: &[Event]) {
        let mut store = Store::open(dir, Access::Write, Scheduler::default_params()).unwrap();
        for e in events {
            store.append(e).unwrap();
        }
        store.save_snapshot().unwrap();
    }

    fn states(dir: &Path) -> States {
        Store::open(dir, Access::Read, Scheduler::default_params())
            .unwrap()
            .states()
            .clone()
    }

    #[test]
    fn an_undo_stays_right_after_a_merge_interleaves_another_devices_review() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let d1 = date(2026, 1, 1);
        let taken_back = review("x", d1, "2026-01-01T10:00:00Z", Rating::Again);
        store_with(
            a.path(),
            &[
                taken_back.clone(),
                Event::Undo {
                    id: new_id(),
                    undoes: taken_back.id().into(),
                    time: "2026-01-01T10:00:09Z".parse().unwrap(),
                },
            ],
        );
        // The other device reviewed x between the review and its undo.
        let between = review("x", d1, "2026-01-01T10:00:05Z", Rating::Good);
        store_with(b.path(), std::slice::from_ref(&between));
        merge(a.path(), b.path(), &Scheduler::default_params()).unwrap();
        let alone = replay(&Scheduler::default_params(), &[between]).states;
        assert_eq!(states(a.path()), alone);
        // The log alone, without the snapshot, agrees.
        fs::remove_file(a.path().join(SNAPSHOT_FILE)).unwrap();
        assert_eq!(states(a.path()), alone);
    }

    #[test]
    fn merging_is_idempotent_and_commutative() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let d1 = date(2026, 1, 1);
        let d4 = date(2026, 1, 4);
        // Both devices reviewed card x, on different days.
        store_with(
            a.path(),
            &[
                review("x", d1, "2026-01-01T10:00:00Z", Rating::Good),
                review("y", d4, "2026-01-04T10:00:00Z", Rating::Again),
            ],
        );
        store_with(
            b.path(),
            &[
                review("x", d4, "2026-01-04T09:00:00Z", Rating::Hard),
                review("z", d1, "2026-01-01T11:00:00Z", Rating::Easy),
            ],
        );
        let (a2, b2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        for (from, to) in [(a.path(), a2.path()), (b.path(), b2.path())] {
            for name in [LOG_FILE, SNAPSHOT_FILE] {
                fs::copy(from.join(name), to.join(name)).unwrap();
            }
        }
        let s = Scheduler::default_params();
        assert_eq!(
            merge(a.path(), b2.path(), &s).unwrap(),
            Merge { added: 2, total: 4 }
        );
        assert_eq!(
            merge(b.path(), a2.path(), &s).unwrap(),
            Merge { added: 2, total: 4 }
        );
        assert_eq!(states(a.path()), states(b.path()));
        // x was reviewed on day 1 then day 4, whichever device saw it last.
        assert_eq!(states(a.path())["d"]["x"].reps, 2);
        assert_eq!(states(a.path())["d"]["x"].last_review, d4);

        let log_before = fs::read(a.path().join(LOG_FILE)).unwrap();
        let state_before = states(a.path());
        assert_eq!(
            merge(a.path(), b2.path(), &s).unwrap(),
            Merge { added: 0, total: 4 }
        );
        assert_eq!(fs::read(a.path().join(LOG_FILE)).unwrap(), log_before);
        assert_eq!(states(a.path()), state_before);
    }

    #[test]
    fn merging_a_folder_without_a_store_is_an_error() {
        let (a, empty) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let err = merge(a.path(), empty.path(), &Scheduler::default_params()).unwrap_err();
        let err = crate::error::message(&err);
        assert!(err.contains("no review log there"), "{err}");
    }

    #[test]
    fn repair_keeps_every_valid_review_and_moves_the_damage_aside() {
        let dir = tempfile::tempdir().unwrap();
        let d1 = date(2026, 1, 1);
        store_with(
            dir.path(),
            &[
                review("x", d1, "2026-01-01T10:00:00Z", Rating::Good),
                review("y", d1, "2026-01-01T10:01:00Z", Rating::Good),
            ],
        );
        let log = dir.path().join(LOG_FILE);
        let mut lines: Vec<String> = fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        lines.insert(2, "{\"type\":\"review\", garbage".into());
        let damaged = lines.join("\n") + "\n";
        fs::write(&log, &damaged).unwrap();
        let s = Scheduler::default_params();

        let health = check(dir.path(), &s).unwrap();
        assert_eq!(health.problems.len(), 1, "{:?}", health.problems);
        assert!(health.problems[0].contains("reviews.jsonl:3: damaged line"));
        assert_eq!(
            fs::read_to_string(&log).unwrap(),
            damaged,
            "check changes nothing"
        );

        let repair = repair(dir.path(), &s).unwrap();
        assert_eq!((repair.kept, repair.dropped), (2, 1));
        let aside = repair
            .moved
            .iter()
            .find(|p| p.to_string_lossy().contains("reviews.jsonl.damaged-"));
        assert_eq!(
            fs::read_to_string(aside.unwrap()).unwrap(),
            damaged,
            "the damaged log is kept"
        );
        assert!(check(dir.path(), &s).unwrap().problems.is_empty());
        let repaired = states(dir.path());
        assert_eq!(repaired["d"].len(), 2);
    }

    #[test]
    fn repairing_a_healthy_store_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        store_with(
            dir.path(),
            &[review(
                "x",
                date(2026, 1, 1),
                "2026-01-01T10:00:00Z",
                Rating::Good,
            )],
        );
        let files = |dir: &Path| {
            let mut names: Vec<_> = fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            names
        };
        let (before, log) = (
            files(dir.path()),
            fs::read(dir.path().join(LOG_FILE)).unwrap(),
        );
        let repair = repair(dir.path(), &Scheduler::default_params()).unwrap();
        assert_eq!((repair.kept, repair.dropped), (1, 0));
        assert!(repair.moved.is_empty());
        assert_eq!(files(dir.path()), before);
        assert_eq!(fs::read(dir.path().join(LOG_FILE)).unwrap(), log);
    }

    #[test]
    fn a_garbage_snapshot_is_rebuilt_to_the_same_state() {
        let dir = tempfile::tempdir().unwrap();
        let d1 = date(2026, 1, 1);
        store_with(
            dir.path(),
            &[
                review("x", d1, "2026-01-01T10:00:00Z", Rating::Good),
                review("x", date(2026, 1, 3), "2026-01-03T10:00:00Z", Rating::Easy),
            ],
        );
        let before = states(dir.path());
        let snapshot = dir.path().join(SNAPSHOT_FILE);
        for garbage in [&b"{\"format\":1,\"cov"[..], b"\x00\xff garbage", b""] {
            fs::write(&snapshot, garbage).unwrap();
            let store = Store::open(dir.path(), Access::Read, Scheduler::default_params()).unwrap();
            assert_eq!(store.states(), &before);
            assert!(store.warnings()[0].contains("rebuilt it from the review log"));
        }
        // A truncated copy of a real snapshot, too.
        store_with(dir.path(), &[]);
        let real = fs::read(&snapshot).unwrap();
        fs::write(&snapshot, &real[..real.len() / 2]).unwrap();
        assert_eq!(states(dir.path()), before);
    }

    #[test]
    fn a_format1_store_is_backed_up_then_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-format1");
        for name in [LOG_FILE, SNAPSHOT_FILE] {
            fs::copy(fixture.join(name), dir.path().join(name)).unwrap();
        }
        let original = fs::read(dir.path().join(LOG_FILE)).unwrap();
        let read_only = states(dir.path());
        assert_eq!(
            read_only["rescue-japan-limit"].len(),
            2,
            "readers understand format 1"
        );
        assert_eq!(
            fs::read(dir.path().join(LOG_FILE)).unwrap(),
            original,
            "and change nothing"
        );

        let store = Store::open(dir.path(), Access::Write, Scheduler::default_params()).unwrap();
        assert!(store.warnings()[0].contains("upgraded the store from format 1 to 2"));
        assert_eq!(store.states(), &read_only);
        drop(store);
        let backup = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains("backup-format1-"))
            .unwrap();
        assert_eq!(fs::read(backup.join(LOG_FILE)).unwrap(), original);
        let migrated = fs::read_to_string(dir.path().join(LOG_FILE)).unwrap();
        assert!(migrated.starts_with("{\"type\":\"header\",\"format\":2,"));
        assert_eq!(
            migrated.lines().count(),
            1 + original
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .count()
        );
    }

    #[test]
    fn a_store_of_a_newer_format_is_refused_naming_its_writer() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join(LOG_FILE);
        let text = "{\"type\":\"header\",\"format\":9,\"device\":\"x\",\"written_by\":\"trialdrill 7.0.0\"}\n";
        fs::write(&log, text).unwrap();
        for access in [Access::Read, Access::Write] {
            let err = Store::open(dir.path(), access, Scheduler::default_params())
                .err()
                .unwrap();
            let message = err.to_string();
            assert!(message.contains("written by trialdrill 7.0.0"), "{message}");
            assert!(message.contains("upgrade trialdrill"), "{message}");
        }
        assert_eq!(fs::read_to_string(&log).unwrap(), text);
    }

    #[test]
    fn a_full_disk_while_saving_the_snapshot_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let d1 = date(2026, 1, 1);
        store_with(
            dir.path(),
            &[review("x", d1, "2026-01-01T10:00:00Z", Rating::Good)],
        );
        let snapshot = dir.path().join(SNAPSHOT_FILE);
        let (log_before, snapshot_before) = (
            fs::read(dir.path().join(LOG_FILE)).unwrap(),
            fs::read(&snapshot).unwrap(),
        );
        // The snapshot's temporary file leads to a device that is always full.
        std::os::unix::fs::symlink("/dev/full", dir.path().join("state.json.tmp")).unwrap();
        let mut store =
            Store::open(dir.path(), Access::Write, Scheduler::default_params()).unwrap();
        store
            .append(&review("y", d1, "2026-01-01T10:05:00Z", Rating::Good))
            .unwrap();
        let err = crate::error::message(&store.save_snapshot().unwrap_err());
        assert!(
            err.contains("state.json.tmp") && err.contains("No space left"),
            "{err}"
        );
        drop(store);
        assert_eq!(
            fs::read(&snapshot).unwrap(),
            snapshot_before,
            "old snapshot intact"
        );
        let log_after = fs::read(dir.path().join(LOG_FILE)).unwrap();
        assert!(log_after.starts_with(&log_before) && log_after.len() > log_before.len());
        assert_eq!(states(dir.path())["d"].len(), 2, "the answer is in the log");
    }
}
