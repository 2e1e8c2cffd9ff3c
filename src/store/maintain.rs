//! Looking after a store: checking it, repairing it, merging another
//! device's log into it, and upgrading older formats. Nothing here deletes a
//! user's file: damaged and replaced files are set aside under names of
//! their own (`NAME.damaged-STAMP`, then `-2`, `-3`... within one second).
//!
//! Every rewrite of the log happens under the store's write lock, and the
//! new log is locked before it takes the old one's name (see `lock`). The
//! snapshot is moved or removed before the log is replaced, so a crash at any
//! step leaves a log and either no snapshot or one that matches it.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io;
use std::path::{Path, PathBuf};

use super::cards::Cards;
use super::ids::IdFilter;
use super::line;
use super::log::{self, Header, Kind, Line};
use super::snapshot::{Coverage, Snapshot};
use super::{
    Access, Event, LEGACY_SNAPSHOT_FILE, LOG_FILE, SNAPSHOT_FILE, Store, StoreError, atomic,
    io_error, lock, new_device_id,
};
use crate::engine::schedule::Scheduler;

/// What reading a whole log found.
#[derive(Debug, Default)]
pub struct LogReport {
    /// The header, for a format-2 log whose first line is intact.
    pub header: Option<Header>,
    /// Whether the log is format 1 (no header).
    pub format1: bool,
    /// Whether the log is format 2, whose lines are in the long form.
    pub long_form: bool,
    /// Damaged complete lines: (1-based line number, reason).
    pub damaged: Vec<(u64, String)>,
    /// The line number of an incomplete last line.
    pub torn: Option<u64>,
    /// Whether the last line holds a whole event but lacks its newline (kept;
    /// the next writer adds the newline).
    pub unterminated: bool,
    /// Lines whose event repeats an id already seen.
    pub duplicates: Vec<u64>,
    /// Bytes read.
    pub len: u64,
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
/// 128-bit hashes, and no line is kept past `log::MAX_LINE`. Only a regular
/// file is read (a FIFO or a device is refused, not waited on).
pub fn visit(path: &Path, each: impl FnMut(Event)) -> Result<LogReport, StoreError> {
    visit_until(path, None, each)
}

/// The damage in the first `end` bytes of the log at `path`, read through
/// as [`visit`] reads it but keeping no ids: only the lines' soundness is
/// asked for, so a repeated event needs no telling apart.
pub(super) fn damage_until(path: &Path, end: u64) -> Result<LogReport, StoreError> {
    visit_into(path, Some(end), None, drop)
}

/// [`visit`], reading only the first `end` bytes when given.
pub fn visit_until(
    path: &Path,
    end: Option<u64>,
    each: impl FnMut(Event),
) -> Result<LogReport, StoreError> {
    visit_into(path, end, Some(&mut IdSet::default()), each)
}

/// [`visit_until`], remembering the ids read in `seen` (an id already
/// there counts as a repeat); with `None`, every event is passed on, for a
/// log already read through and found without repeats.
fn visit_into(
    path: &Path,
    end: Option<u64>,
    mut seen: Option<&mut IdSet>,
    mut each: impl FnMut(Event),
) -> Result<LogReport, StoreError> {
    let mut file = match atomic::open_regular(path, OpenOptions::new().read(true)) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(LogReport::default()),
        Err(e) => return Err(io_error("open", path)(e)),
    };
    let len = file.metadata().map_err(io_error("read", path))?.len();
    let end = end.map_or(len, |end| end.min(len));
    if let Some(seen) = seen.as_deref_mut() {
        seen.reserve_for(end);
    }
    let mut report = LogReport {
        len: end,
        ..LogReport::default()
    };
    let start = match log::kind(&mut file).map_err(io_error("read", path))? {
        Ok(Kind::Headed { header, len, .. }) => {
            if header.format > log::FORMAT {
                return Err(StoreError::Newer {
                    path: path.to_path_buf(),
                    found: header.format,
                    written_by: header.written_by,
                });
            }
            if header.format < log::LONG_FORM {
                report.damaged.push((
                    1,
                    format!(
                        "the header names format {}, which does not exist",
                        header.format
                    ),
                ));
            }
            report.long_form = header.format == log::LONG_FORM;
            report.header = Some(header);
            len.min(end)
        }
        Ok(Kind::Format1) => {
            report.format1 = true;
            0
        }
        Ok(Kind::Torn { .. }) => {
            report.torn = Some(1);
            end
        }
        Ok(Kind::Empty) | Err(_) => 0,
    };
    let mut number = u64::from(start > 0);
    let device = report.header.as_ref().map(|h| h.device.clone());
    let device = device.as_deref().unwrap_or("");
    log::read_from(path, &mut file, device, start, end, |line, _| {
        number += 1;
        let event = match line {
            Line::Event(event) => event,
            Line::Unterminated(event) => {
                report.unterminated = true;
                event
            }
            Line::Damaged(reason) => {
                report.damaged.push((number, reason));
                return Ok(());
            }
            Line::Torn => {
                report.torn = Some(number);
                return Ok(());
            }
        };
        if seen.as_mut().is_none_or(|seen| seen.insert(event.id())) {
            each(event);
        } else {
            report.duplicates.push(number);
        }
        Ok(())
    })?;
    Ok(report)
}

/// The bytes of a typical log line, a compact review's (a longer line only
/// makes [`IdSet::reserve_for`] reserve more than is used).
const TYPICAL_LINE: u64 = 100;

/// A set of ids kept as two independent 64-bit hashes each: a false match
/// needs both to collide, about one chance in 10^26 at a million ids.
#[derive(Default)]
pub(super) struct IdSet {
    keys: (RandomState, RandomState),
    seen: HashSet<u128>,
}

impl IdSet {
    /// Room for the ids of a log of `bytes` more bytes, made at once: grown
    /// by doubling instead, the set would for a while hold its old table
    /// beside the new one, half as much again at a million ids.
    pub(super) fn reserve_for(&mut self, bytes: u64) {
        self.seen
            .reserve(usize::try_from(bytes / TYPICAL_LINE).unwrap_or(usize::MAX));
    }

    /// Adds `id`; false if it was there already.
    pub(super) fn insert(&mut self, id: &str) -> bool {
        self.seen.insert(key(&self.keys, id))
    }

    /// The set, made read-only and smaller: a sorted list takes half the
    /// room of the hash set.
    fn frozen(self) -> FrozenIds {
        let mut sorted: Vec<u128> = self.seen.into_iter().collect();
        sorted.sort_unstable();
        FrozenIds {
            keys: self.keys,
            sorted,
        }
    }
}

/// An id as two independent 64-bit hashes.
fn key(keys: &(RandomState, RandomState), id: &str) -> u128 {
    u128::from(keys.0.hash_one(id)) << 64 | u128::from(keys.1.hash_one(id))
}

/// A read-only [`IdSet`].
struct FrozenIds {
    keys: (RandomState, RandomState),
    sorted: Vec<u128>,
}

impl FrozenIds {
    /// Whether `id` is in the set.
    fn contains(&self, id: &str) -> bool {
        self.sorted.binary_search(&key(&self.keys, id)).is_ok()
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

/// How often `check` starts again when a session wrote while it read.
const CHECK_ATTEMPTS: usize = 5;

/// Checks the store in `dir` without changing anything. A session may be
/// appending meanwhile: the log is read up to the length it had when the
/// check began, both ways (whole log, and snapshot plus tail), and a check
/// that saw the log or snapshot change under it starts again.
pub fn check(dir: &Path, scheduler: &Scheduler) -> Result<Health, StoreError> {
    if !dir.is_dir() {
        return Err(io_error("check the store in", dir)(io::Error::new(
            io::ErrorKind::NotFound,
            "there is no store there; check --home or $TRIALDRILL_HOME",
        )));
    }
    let log_path = dir.join(LOG_FILE);
    let log_len = || fs::metadata(&log_path).map_or(0, |m| m.len());
    let mut attempt = 0;
    loop {
        attempt += 1;
        let before = log_len();
        let health = check_until(dir, scheduler, before)?;
        let moved = log_len() != before;
        if health.problems.is_empty() || !moved || attempt == CHECK_ATTEMPTS {
            return Ok(health);
        }
    }
}

/// One pass of [`check`] over the first `end` bytes of the log.
fn check_until(dir: &Path, scheduler: &Scheduler, end: u64) -> Result<Health, StoreError> {
    let log_path = dir.join(LOG_FILE);
    let mut rebuilt = Cards::default();
    let mut reviews = 0;
    let report = visit_until(&log_path, Some(end), |event| {
        reviews += usize::from(matches!(event, Event::Review(_)));
        rebuilt.apply(scheduler, &event);
    })?;
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
    if report.unterminated {
        notes.push(format!(
            "{}: the last line lacks its newline (a write cut short right before it); it is kept, and the next session adds the newline",
            log_path.display()
        ));
    }
    if report.format1 {
        notes.push(
            "the store is format 1; the next study session upgrades it (after a backup)".into(),
        );
    }
    if report.long_form {
        notes.push(format!(
            "the review log is format {}, in the long form; the next session rewrites it in the compact form of format {}, keeping the old log beside it",
            log::LONG_FORM,
            log::FORMAT
        ));
    }
    if report.damaged.is_empty() {
        match Store::open_until(dir, scheduler.clone(), end) {
            Ok(mut store) => {
                let differs = match store.cards_as_stored() {
                    Ok(cached) => disagreement(cached, &rebuilt),
                    Err(why) => {
                        problems.push(format!(
                            "{}: the figures of `stats` cannot be read back ({why}), so `stats` replays the whole log each time; run `trialdrill store repair` to rebuild them",
                            dir.join(SNAPSHOT_FILE).display()
                        ));
                        None
                    }
                };
                problems.extend(store.damage().iter().cloned());
                if store.damage().is_empty()
                    && let Some(what) = differs
                {
                    problems.push(format!(
                        "{}: the snapshot disagrees with the review log ({what}); run `trialdrill store repair` to rebuild it",
                        dir.join(SNAPSHOT_FILE).display()
                    ));
                }
                notes.extend(
                    store
                        .warnings()
                        .iter()
                        .filter(|w| !store.damage().contains(w))
                        .cloned(),
                );
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    Ok(Health {
        problems,
        notes,
        reviews,
        cards: rebuilt.states.values().map(|cards| cards.len()).sum(),
    })
}

/// What of `cached` (a snapshot and the log's tail) differs from `replayed`
/// (the whole log), if anything.
fn disagreement(cached: &Cards, replayed: &Cards) -> Option<&'static str> {
    if cached.states != replayed.states {
        Some("card states")
    } else if cached.figures.folded() != replayed.figures.folded() {
        Some("the figures of `stats`")
    } else {
        None
    }
}

/// One file `store repair` set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// What it was, such as "the damaged review log (a copy)".
    pub what: &'static str,
    /// Where it is now.
    pub to: PathBuf,
}

/// What `store repair` did.
#[derive(Debug)]
pub struct Repair {
    /// Events kept.
    pub kept: usize,
    /// Damaged or incomplete lines left out (they stay in the set-aside copy).
    pub dropped: usize,
    /// Files set aside.
    pub moved: Vec<Moved>,
    /// Whether only the snapshot was rebuilt, the log being healthy.
    pub snapshot_only: bool,
}

impl Repair {
    /// Whether the repair changed nothing (the store was healthy).
    pub fn changed_nothing(&self) -> bool {
        self.moved.is_empty() && !self.snapshot_only
    }
}

/// Keeps every valid event of the store in `dir`. A healthy log is left as it
/// is and only the snapshot is rebuilt; a damaged one is copied aside, then
/// rewritten from its valid events, and the snapshot moved aside and rebuilt.
pub fn repair(dir: &Path, scheduler: &Scheduler) -> Result<Repair, StoreError> {
    if !dir.is_dir() {
        return Err(io_error("repair the store in", dir)(io::Error::new(
            io::ErrorKind::NotFound,
            "there is no store there; check --home or $TRIALDRILL_HOME",
        )));
    }
    let _lock = lock::take(dir)?;
    let log_path = dir.join(LOG_FILE);
    let snapshot_path = dir.join(SNAPSHOT_FILE);
    // A streamed pass first, as `check` reads, so a healthy log (the usual
    // case) is never held in memory whole.
    let mut replayed = Cards::default();
    let mut kept = 0;
    let report = visit(&log_path, |event| {
        kept += 1;
        replayed.apply(scheduler, &event);
    })?;
    let log_healthy = healthy(&report);
    if log_healthy && snapshot_agrees(dir, report.len, &replayed, scheduler) {
        // Nothing is wrong: leave every file as it is.
        return Ok(Repair {
            kept,
            dropped: 0,
            moved: Vec::new(),
            snapshot_only: false,
        });
    }
    let mut moved = Vec::new();
    if snapshot_path.exists() {
        let to = atomic::move_aside(&snapshot_path, "damaged")
            .map_err(io_error("move aside", &snapshot_path))?;
        moved.push(Moved {
            what: "the snapshot",
            to,
        });
    }
    drop(replayed);
    if log_healthy {
        // Streamed again, now with the ids the snapshot keeps: a healthy
        // log holds its header and then one event a line, as this counts,
        // and repeats no id, so this pass need not look for repeats.
        let mut folding = Folding::new(scheduler, report.len / TYPICAL_LINE);
        visit_into(&log_path, Some(report.len), None, |event| {
            folding.add(&event)
        })?;
        folding.write(dir, report.len)?;
        return Ok(Repair {
            kept,
            dropped: 0,
            moved,
            snapshot_only: true,
        });
    }
    let scan = scan(&log_path)?;
    if scan.report.len > 0 {
        // A hard link keeps the old file under its new name while the
        // rewritten log is renamed into place: the log never goes missing.
        let (to, ()) = atomic::set_aside(&log_path, "damaged", |to| fs::hard_link(&log_path, to))
            .map_err(io_error("copy aside", &log_path))?;
        moved.push(Moved {
            what: "the damaged review log (a copy of it as it was)",
            to,
        });
    }
    let header = scan
        .report
        .header
        .clone()
        .unwrap_or_else(|| Header::new(new_device_id()));
    rewrite(dir, &header, &scan.events, scheduler)?;
    Ok(Repair {
        kept: scan.events.len(),
        dropped: scan.report.damaged.len()
            + scan.report.duplicates.len()
            + usize::from(scan.report.torn.is_some()),
        moved,
        snapshot_only: false,
    })
}

/// Whether a log with this report needs no repair itself.
fn healthy(report: &LogReport) -> bool {
    report.is_clean() && !report.unterminated && report.header.is_some()
}

/// Whether the snapshot opens without complaint and holds what the whole
/// log of `len` bytes gives, `replayed`.
fn snapshot_agrees(dir: &Path, len: u64, replayed: &Cards, scheduler: &Scheduler) -> bool {
    // Without one, opening would replay the log a second time, beside
    // `replayed`, only to find it missing (an older JSON one is stale).
    if !dir.join(SNAPSHOT_FILE).exists() {
        return false;
    }
    // Opened as check does: a read-only open would write a rebuilt snapshot.
    Store::open_until(dir, scheduler.clone(), len).is_ok_and(|mut store| {
        let agrees = store
            .cards_as_stored()
            .is_ok_and(|cached| disagreement(cached, replayed).is_none());
        agrees && store.warnings().is_empty()
    })
}

/// What `store merge` did.
#[derive(Debug, PartialEq, Eq)]
pub struct Merge {
    /// Events new to this store.
    pub added: usize,
    /// Events in the merged log.
    pub total: usize,
    /// Undo records of the other store left out because the review they take
    /// back was not new with them (it is already here, or not right before
    /// the undo in the other log).
    pub refused_undos: usize,
    /// What opening this store to write noticed (a snapshot rebuilt, a torn
    /// last line set aside).
    pub warnings: Vec<String>,
}

/// Unions the review log of the store in `other` into the store in `dir`, by
/// event id, and rebuilds the state. Each log keeps its own order (so a
/// device whose clock went back never has its own reviews reordered); the
/// two are interleaved by time. An undo comes in only together with the
/// review it takes back, and stays right after it. Merging twice is the same
/// as once.
pub fn merge(dir: &Path, other: &Path, scheduler: &Scheduler) -> Result<Merge, StoreError> {
    let theirs_path = other.join(LOG_FILE);
    // Checked before anything here changes: a regular file, never a FIFO.
    match atomic::open_regular(&theirs_path, OpenOptions::new().read(true)) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(io_error("read", &theirs_path)(io::Error::new(
                io::ErrorKind::NotFound,
                "there is no review log there; name the folder of another trialdrill store",
            )));
        }
        Err(e) => return Err(io_error("open", &theirs_path)(e)),
    }
    // Opening to write takes the lock, and completes or sets aside what a
    // crash left at the end of our log.
    let store = Store::open(dir, Access::Write, scheduler.clone())?;
    let warnings = store.warnings().to_vec();
    // Only the lock is needed from here on, not the states.
    let lock = store.into_lock();
    let ours_path = dir.join(LOG_FILE);
    // Three streamed passes, so neither log is ever held whole: our ids;
    // which of their units are new; then both logs interleaved into the new
    // log and its snapshot.
    let mut ours_ids = IdSet::default();
    let mut ours = 0;
    let ours_report = visit_into(&ours_path, None, Some(&mut ours_ids), |_| ours += 1)?;
    refuse_unclean(&ours_path, &ours_report)?;
    let known = ours_ids.frozen();
    let mut fresh = Vec::new();
    let mut refused_undos = 0;
    let mut added = 0;
    let theirs_identity = identity(&theirs_path)?;
    let theirs_report = visit_units(&theirs_path, None, Some(&mut IdSet::default()), |unit| {
        let (new, refused) = judge(&unit, &known);
        fresh.push(new);
        added += if new { unit.len() } else { 0 };
        refused_undos += refused;
    })?;
    refuse_unclean(&theirs_path, &theirs_report)?;
    drop(known);
    if added == 0 {
        return Ok(Merge {
            added,
            total: ours,
            refused_undos,
            warnings,
        });
    }
    let header = ours_report
        .header
        .unwrap_or_else(|| Header::new(new_device_id()));
    let mut folding = Folding::new(scheduler, (ours + added) as u64);
    remove_snapshot(dir)?;
    let log = log::write_locked_with(&ours_path, &header, |write| {
        interleave(
            (&ours_path, ours_report.len),
            (&theirs_path, theirs_report.len),
            theirs_identity,
            &fresh,
            |event| {
                folding.add(event);
                write(event)
            },
        )
    })
    .map_err(io_error("write the merged log to", &ours_path))?;
    let bytes = log.metadata().map_err(io_error("read", &ours_path))?.len();
    // Every line but the header.
    let total = (folding.lines - 1) as usize;
    folding.write(dir, bytes)?;
    drop(lock);
    Ok(Merge {
        added,
        total,
        refused_undos,
        warnings,
    })
}

/// What [`interleave`] orders units by: the first event's time, then its id.
fn order_key(unit: &[Event]) -> Option<(jiff::Timestamp, &str)> {
    unit.first().map(|e| (e.time(), e.id()))
}

/// The device and inode of the file at `path`, to tell it was replaced.
fn identity(path: &Path) -> Result<(u64, u64), StoreError> {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(path).map_err(io_error("read", path))?;
    Ok((meta.dev(), meta.ino()))
}

/// Refuses to merge a log with damaged or repeated lines (a torn last line
/// is tolerated: what precedes it is whole).
fn refuse_unclean(path: &Path, report: &LogReport) -> Result<(), StoreError> {
    let problem = report.damaged.first().cloned().or_else(|| {
        Some((
            *report.duplicates.first()?,
            "repeats an event already in the log".into(),
        ))
    });
    match problem {
        Some((line, message)) => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            line,
            message,
        }),
        None => Ok(()),
    }
}

/// Streams the first `end` bytes (all, when `None`) of the log at `path` as
/// units that must stay together: a review with the undo right after it
/// that takes it back, or any other single event (see [`visit_into`] for
/// `seen`).
fn visit_units(
    path: &Path,
    end: Option<u64>,
    seen: Option<&mut IdSet>,
    mut each: impl FnMut(Vec<Event>),
) -> Result<LogReport, StoreError> {
    // A review waits for the next event, which may be its undo.
    let mut waiting: Option<Event> = None;
    let report = visit_into(path, end, seen, |event| {
        if let Event::Undo { undoes, .. } = &event
            && let Some(Event::Review(review)) = &waiting
            && review.id == *undoes
        {
            each(waiting.take().into_iter().chain([event]).collect());
            return;
        }
        if let Some(review) = waiting.take() {
            each(vec![review]);
        }
        match event {
            Event::Review(_) => waiting = Some(event),
            other => each(vec![other]),
        }
    })?;
    if let Some(review) = waiting {
        each(vec![review]);
    }
    Ok(report)
}

/// Whether a unit of theirs is new (none of it `known`), and how many undo
/// records of it are refused: an undo is taken only with the review it
/// takes back.
fn judge(unit: &[Event], known: &FrozenIds) -> (bool, usize) {
    match unit {
        [review, undo] if known.contains(review.id()) => {
            (false, usize::from(!known.contains(undo.id())))
        }
        [Event::Undo { id, .. }] => (false, usize::from(!known.contains(id))),
        [event] if known.contains(event.id()) => (false, 0),
        _ => (true, 0),
    }
}

/// Passes `each` every unit of our log (`ours`: path and length read) and
/// the new units of theirs (those `fresh` says are new, by their order in
/// it), each log in its own order, taking at each step the unit whose first
/// event is earlier (by time, then id, so the result does not depend on
/// which store is which). Both were read through before and found without
/// repeats, so neither is checked for them again; their log must still be
/// the file of `theirs_identity`. It is read on a thread of its own, a few
/// units ahead.
fn interleave(
    ours: (&Path, u64),
    theirs: (&Path, u64),
    theirs_identity: (u64, u64),
    fresh: &[bool],
    mut each: impl FnMut(&Event) -> io::Result<()>,
) -> io::Result<()> {
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Event>>(1024);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut n = 0;
            visit_units(theirs.0, Some(theirs.1), None, |unit| {
                // A failed send means the writer stopped; the rest is skipped.
                if fresh.get(n).copied().unwrap_or(false) {
                    let _ = send.send(unit);
                }
                n += 1;
            })
        });
        let mut next = receive.recv().ok();
        let mut failed = None;
        let mut emit = |unit: &[Event]| {
            if failed.is_none()
                && let Err(e) = unit.iter().try_for_each(&mut each)
            {
                failed = Some(e);
            }
        };
        let ours_read = visit_units(ours.0, Some(ours.1), None, |unit| {
            while let Some(theirs) = next.take_if(|t| order_key(t) < order_key(&unit)) {
                emit(&theirs);
                next = receive.recv().ok();
            }
            emit(&unit);
        });
        while let Some(theirs) = next.take() {
            emit(&theirs);
            next = receive.recv().ok();
        }
        let theirs_read = reader
            .join()
            .map_err(|_| io::Error::other("the read of the other log stopped unexpectedly"))?;
        if let Some(e) = failed {
            return Err(e);
        }
        // Both logs are read again to their first lengths, ours under the
        // lock: anything else now (an error, damage that was not there, or
        // their log replaced) stops the merge.
        let replaced = identity(theirs.0).map_err(io::Error::other)? != theirs_identity;
        for (read, (path, len)) in [(ours_read, ours), (theirs_read, theirs)] {
            let report = read.map_err(io::Error::other)?;
            if report.len != len || !report.damaged.is_empty() || replaced {
                return Err(io::Error::other(format!(
                    "{} changed during the merge",
                    path.display()
                )));
            }
        }
        Ok(())
    })
}

/// Scans a log that must be intact (a torn last line is tolerated).
fn clean_scan(path: &Path) -> Result<Scan, StoreError> {
    let scan = scan(path)?;
    refuse_unclean(path, &scan.report)?;
    Ok(scan)
}

/// Upgrades a format-1 store in `dir`, whose log `log` the caller holds
/// locked: copies its files into a backup folder, then rewrites the log with
/// a header. The log is left untouched if any line of it is damaged. Returns
/// the backup folder and the new log, locked.
pub fn migrate_format1(dir: &Path) -> Result<(PathBuf, File), StoreError> {
    let log_path = dir.join(LOG_FILE);
    let scan = clean_scan(&log_path)?;
    let (backup, ()) = atomic::claim(&dir.join("backup-format1"), |to| fs::create_dir(to))
        .map_err(io_error("create the backup folder in", dir))?;
    for name in [LOG_FILE, SNAPSHOT_FILE, LEGACY_SNAPSHOT_FILE] {
        let from = dir.join(name);
        if from.exists() {
            let to = backup.join(name);
            let copied = File::open(&from).and_then(|mut source| {
                let mut copy = atomic::create_new(&to)?;
                io::copy(&mut source, &mut copy)?;
                copy.sync_all()
            });
            copied.map_err(io_error("back up", &from))?;
        }
    }
    atomic::sync_dir(&backup.join(LOG_FILE)).map_err(io_error("sync", &backup))?;
    atomic::sync_dir(&backup).map_err(io_error("sync", dir))?;
    // The old snapshot counted bytes of the old log; it is in the backup.
    remove_snapshot(dir)?;
    let header = Header::new(new_device_id());
    let migrated = log::write_locked(&log_path, &header, &scan.events)
        .map_err(io_error("rewrite", &log_path))?;
    Ok((backup, migrated))
}

/// A long-form log rewritten in the compact form, by [`upgrade`].
pub(super) struct Upgraded {
    /// The new log, locked.
    pub log: File,
    /// All of it, as a snapshot would cover it.
    pub coverage: Coverage,
    /// Where the old log is kept.
    pub backup: PathBuf,
    /// The old log's length in bytes.
    pub before: u64,
}

/// Rewrites the format-2 log of the store in `dir` (held locked as `log`,
/// read through byte `end`, its header naming `device`) in this build's
/// compact form, event for event, duplicates included. The old file is kept
/// as `reviews.jsonl.format2-STAMP`, a second name for it that costs no
/// copy. Streams, so memory stays flat however long the log is. The
/// snapshot, which counted the old log's bytes, is removed before the new log
/// takes the name; the caller writes one for the new log. A damaged line
/// leaves the log and the snapshot as they were.
///
/// A writer rewrites rather than appending compact lines to a long-form log
/// so that a format number always tells how every line reads: an older
/// trialdrill then refuses the store by its header instead of taking the new
/// lines for damage (which its `store repair` would drop).
pub(super) fn upgrade(
    dir: &Path,
    log: &mut File,
    device: &str,
    end: u64,
) -> Result<Upgraded, StoreError> {
    let path = dir.join(LOG_FILE);
    let header_len = match log::kind(log).map_err(io_error("read", &path))? {
        Ok(Kind::Headed { len, .. }) => len,
        _ => 0,
    };
    let (backup, ()) = atomic::set_aside(&path, "format2", |to| fs::hard_link(&path, to))
        .map_err(io_error("keep a copy of", &path))?;
    let header = Header::new(device.to_string());
    let mut coverage = Coverage {
        bytes: 0,
        lines: 1,
        last_id: None,
    };
    let mut failure = None;
    let written = atomic::replace_locked(&path, |out| {
        serde_json::to_writer(&mut *out, &header)?;
        out.write_all(b"\n")?;
        let mut buf = Vec::new();
        let read = log::read_from(&path, log, device, header_len, end, |read, _| {
            let number = coverage.lines + 1;
            let event = match read {
                Line::Event(event) | Line::Unterminated(event) => event,
                Line::Damaged(message) => {
                    return Err(StoreError::Damaged {
                        path: path.clone(),
                        line: number,
                        message,
                    });
                }
                // The writer cut a torn last line off before this.
                Line::Torn => return Ok(()),
            };
            buf.clear();
            line::encode(&mut buf, device, &event)
                .map_err(|e| io_error("encode a review for", &path)(e.into()))?;
            out.write_all(&buf).map_err(io_error("rewrite", &path))?;
            coverage.lines = number;
            coverage.last_id = Some(event.id().to_string());
            Ok(())
        });
        // Read whole: the old snapshot goes before the new log takes the name.
        read.and_then(|()| remove_snapshot(dir)).map_err(|e| {
            let message = e.to_string();
            failure = Some(e);
            io::Error::other(message)
        })
    });
    let new = match written {
        Ok(new) => new,
        Err(e) => {
            // The old log is still in place: its second name is not needed.
            let _ = fs::remove_file(&backup);
            return Err(failure.unwrap_or_else(|| io_error("rewrite", &path)(e)));
        }
    };
    coverage.bytes = new.metadata().map_err(io_error("read", &path))?.len();
    Ok(Upgraded {
        log: new,
        coverage,
        backup,
        before: end,
    })
}

/// Removes the snapshot (a cache the log can rebuild), of this format and
/// the older one, before the log it describes is replaced.
fn remove_snapshot(dir: &Path) -> Result<(), StoreError> {
    for name in [SNAPSHOT_FILE, LEGACY_SNAPSHOT_FILE] {
        let path = dir.join(name);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(io_error("replace", &path)(e));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes a complete log atomically (the new file locked before it takes the
/// log's name), then a snapshot that covers all of it. The old snapshot is
/// removed first, so a crash in between leaves a log to rebuild from.
fn rewrite(
    dir: &Path,
    header: &Header,
    events: &[Event],
    scheduler: &Scheduler,
) -> Result<(), StoreError> {
    let log_path = dir.join(LOG_FILE);
    remove_snapshot(dir)?;
    let log =
        log::write_locked(&log_path, header, events).map_err(io_error("rewrite", &log_path))?;
    let bytes = log.metadata().map_err(io_error("read", &log_path))?.len();
    write_snapshot(dir, bytes, events, scheduler)
}

/// Writes a snapshot covering a log of `bytes` bytes that holds a header and
/// then `events`, one a line.
fn write_snapshot(
    dir: &Path,
    bytes: u64,
    events: &[Event],
    scheduler: &Scheduler,
) -> Result<(), StoreError> {
    let mut folding = Folding::new(scheduler, events.len() as u64);
    events.iter().for_each(|event| folding.add(event));
    folding.write(dir, bytes)
}

/// What the snapshot of a log being written holds, folded in event by event
/// as its lines are written.
struct Folding<'s> {
    scheduler: &'s Scheduler,
    cards: Cards,
    ids: IdFilter,
    /// Lines of the log, its header included.
    lines: u64,
    last_id: Option<String>,
}

impl<'s> Folding<'s> {
    /// Nothing folded in yet, for a log of about `events` events.
    fn new(scheduler: &'s Scheduler, events: u64) -> Folding<'s> {
        Folding {
            scheduler,
            cards: Cards::default(),
            ids: IdFilter::with_capacity(2 * events),
            lines: 1,
            last_id: None,
        }
    }

    /// Folds in the event on the log's next line.
    fn add(&mut self, event: &Event) {
        self.cards.apply(self.scheduler, event);
        self.ids.insert(event.id());
        self.lines += 1;
        self.last_id = Some(event.id().to_string());
    }

    /// Writes the snapshot of the store in `dir`, whose log is now `bytes`
    /// bytes long.
    fn write(self, dir: &Path, bytes: u64) -> Result<(), StoreError> {
        let coverage = Coverage {
            bytes,
            lines: self.lines,
            last_id: self.last_id,
        };
        Snapshot::write(
            &dir.join(SNAPSHOT_FILE),
            &dir.join(LEGACY_SNAPSHOT_FILE),
            &coverage,
            &self.scheduler.fingerprint(),
            &self.cards,
            &self.ids,
        )
    }
}

/// Card states, and what undo needs, from a complete history: what tests
/// compare a store with.
#[cfg(test)]
pub fn replay(scheduler: &Scheduler, events: &[Event]) -> Cards {
    let mut cards = Cards::default();
    for event in events {
        cards.apply(scheduler, event);
    }
    cards
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::Rating;
    use crate::store::{Review, States, new_id};
    use jiff::civil::{Date, date};

    #[test]
    fn an_id_set_made_for_a_log_holds_its_ids_without_growing() {
        let mut set = IdSet::default();
        set.reserve_for(100 * TYPICAL_LINE * 100);
        let room = set.seen.capacity();
        assert!(room >= 10_000, "{room}");
        for _ in 0..10_000 {
            assert!(set.insert(&new_id()));
        }
        assert_eq!(set.seen.capacity(), room);
    }

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
            Merge {
                added: 2,
                total: 4,
                refused_undos: 0,
                warnings: Vec::new(),
            }
        );
        assert_eq!(
            merge(b.path(), a2.path(), &s).unwrap(),
            Merge {
                added: 2,
                total: 4,
                refused_undos: 0,
                warnings: Vec::new(),
            }
        );
        assert_eq!(states(a.path()), states(b.path()));
        // x was reviewed on day 1 then day 4, whichever device saw it last.
        assert_eq!(states(a.path())["d"]["x"].reps, 2);
        assert_eq!(states(a.path())["d"]["x"].last_review, d4);

        let log_before = fs::read(a.path().join(LOG_FILE)).unwrap();
        let state_before = states(a.path());
        assert_eq!(
            merge(a.path(), b2.path(), &s).unwrap(),
            Merge {
                added: 0,
                total: 4,
                refused_undos: 0,
                warnings: Vec::new(),
            }
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
            .find(|m| m.to.to_string_lossy().contains("reviews.jsonl.damaged-"));
        assert_eq!(
            fs::read_to_string(&aside.unwrap().to).unwrap(),
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
        for name in [LOG_FILE, LEGACY_SNAPSHOT_FILE] {
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
        assert!(
            !dir.path().join(SNAPSHOT_FILE).exists(),
            "not even a snapshot"
        );

        let store = Store::open(dir.path(), Access::Write, Scheduler::default_params()).unwrap();
        assert!(store.warnings()[0].contains("upgraded the store from format 1 to 3"));
        assert_eq!(store.states(), &read_only);
        drop(store);
        let backup = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains("backup-format1-"))
            .unwrap();
        assert_eq!(fs::read(backup.join(LOG_FILE)).unwrap(), original);
        let migrated = fs::read_to_string(dir.path().join(LOG_FILE)).unwrap();
        assert!(migrated.starts_with("{\"type\":\"header\",\"format\":3,"));
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

    /// A copy of the format-2 fixture (written by trialdrill at 7511713: a
    /// review taken back, two sessions, and a merged device's reviews).
    fn format2_store() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-format2");
        for name in [LOG_FILE, LEGACY_SNAPSHOT_FILE] {
            fs::copy(fixture.join(name), dir.path().join(name)).unwrap();
        }
        dir
    }

    fn aside(dir: &Path, suffix: &str) -> Vec<PathBuf> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(suffix))
            .collect()
    }

    #[test]
    fn a_format2_log_is_read_as_it_is_then_rewritten_compactly_by_a_writer() {
        let dir = format2_store();
        let log = dir.path().join(LOG_FILE);
        let original = fs::read(&log).unwrap();
        let s = Scheduler::default_params();
        let read_only = states(dir.path());
        assert_eq!(read_only["mini"].len(), 3, "{read_only:?}");
        let history = crate::store::history::reviews(dir.path()).unwrap();
        assert_eq!(history.len(), 4, "the review taken back counts nowhere");
        let health = check(dir.path(), &s).unwrap();
        assert!(health.problems.is_empty(), "{:?}", health.problems);
        assert!(
            health
                .notes
                .iter()
                .any(|n| n.contains("format 2, in the long form")),
            "{:?}",
            health.notes
        );
        assert_eq!(fs::read(&log).unwrap(), original, "readers change nothing");

        let store = Store::open(dir.path(), Access::Write, s.clone()).unwrap();
        assert!(
            store.warnings()[0].contains("rewrote the review log in the compact form of format 3"),
            "{:?}",
            store.warnings()
        );
        assert_eq!(store.states(), &read_only);
        drop(store);
        let backup = aside(dir.path(), "reviews.jsonl.format2-");
        assert_eq!(
            fs::read(&backup[0]).unwrap(),
            original,
            "the old log is kept"
        );
        let rewritten = fs::read_to_string(&log).unwrap();
        assert!(
            rewritten
                .starts_with("{\"type\":\"header\",\"format\":3,\"device\":\"3f59140cc0b3f9d2\"")
        );
        assert_eq!(rewritten.lines().count(), 9, "header and every event");
        assert!(!rewritten.contains("\"type\":\"review\""), "{rewritten}");
        assert!(rewritten.len() < original.len() * 3 / 4);
        // Only the merged device's reviews name their device.
        assert_eq!(rewritten.matches("\"v\":\"dd4a4babec60445e\"").count(), 2);
        assert!(check(dir.path(), &s).unwrap().problems.is_empty());
        let reopened = Store::open(dir.path(), Access::Read, s.clone()).unwrap();
        assert!(reopened.warnings().is_empty(), "{:?}", reopened.warnings());
        assert_eq!(reopened.states(), &read_only);
        assert_eq!(crate::store::history::reviews(dir.path()).unwrap(), history);
        fs::remove_file(dir.path().join(SNAPSHOT_FILE)).unwrap();
        assert_eq!(states(dir.path()), read_only);
    }

    #[test]
    fn an_old_form_log_and_a_new_form_log_merge_to_the_same_states_both_ways() {
        let s = Scheduler::default_params();
        let old = format2_store();
        let old_copy = format2_store();
        let (new, new_copy) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let d = date(2026, 12, 3);
        let events = [
            review("water", d, "2026-12-03T08:00:00Z", Rating::Good),
            review("legs", d, "2026-12-03T08:00:30Z", Rating::Easy),
        ];
        let events = events.map(|e| match e {
            Event::Review(r) => Event::Review(Review {
                deck: "mini".into(),
                ..r
            }),
            e => e,
        });
        store_with(new.path(), &events);
        store_with(new_copy.path(), &events);
        // Ours old (upgraded as it opens), theirs new; and ours new, theirs old.
        let into_old = merge(old.path(), new_copy.path(), &s).unwrap();
        let into_new = merge(new.path(), old_copy.path(), &s).unwrap();
        assert_eq!((into_old.added, into_old.total), (2, 10));
        assert_eq!((into_new.added, into_new.total), (8, 10));
        assert_eq!(states(old.path()), states(new.path()));
        let all = crate::store::history::reviews(old.path()).unwrap();
        assert_eq!(all, crate::store::history::reviews(new.path()).unwrap());
        assert_eq!(all.len(), 6);
        let fixture = crate::store::history::reviews(old_copy.path()).unwrap();
        assert!(
            fixture.iter().all(|r| all.contains(r)),
            "devices and times kept"
        );
        for dir in [old.path(), new.path()] {
            assert!(check(dir, &s).unwrap().problems.is_empty());
            let text = fs::read_to_string(dir.join(LOG_FILE)).unwrap();
            assert!(
                text.starts_with("{\"type\":\"header\",\"format\":3,"),
                "{text}"
            );
        }
        assert_eq!(merge(old.path(), new_copy.path(), &s).unwrap().added, 0);
    }

    #[test]
    fn a_damaged_line_of_a_format2_log_stops_its_rewrite_and_changes_nothing() {
        let dir = format2_store();
        // A reader writes this build's snapshot of the format-2 log.
        states(dir.path());
        let snapshot = fs::read(dir.path().join(SNAPSHOT_FILE)).unwrap();
        let log = dir.path().join(LOG_FILE);
        let mut lines: Vec<String> = fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        // Garbage of the same length inside the part the snapshot covers:
        // opening trusts the snapshot, and the rewrite is what reads it.
        lines[2] = "x".repeat(lines[2].len());
        let damaged = lines.join("\n") + "\n";
        fs::write(&log, &damaged).unwrap();
        assert!(Store::open(dir.path(), Access::Read, Scheduler::default_params()).is_ok());
        let err = Store::open(dir.path(), Access::Write, Scheduler::default_params())
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("reviews.jsonl:3: damaged review log line"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&log).unwrap(), damaged);
        assert!(aside(dir.path(), "format2").is_empty());
        assert_eq!(
            fs::read(dir.path().join(SNAPSHOT_FILE)).unwrap(),
            snapshot,
            "the snapshot is left as it was"
        );
    }

    #[test]
    fn check_reports_figures_of_stats_that_disagree_and_repair_rebuilds_them() {
        let dir = tempfile::tempdir().unwrap();
        let d1 = date(2026, 1, 1);
        let events = [
            review("x", d1, "2026-01-01T10:00:00Z", Rating::Good),
            review("y", d1, "2026-01-01T10:01:00Z", Rating::Again),
        ];
        store_with(dir.path(), &events);
        let scheduler = Scheduler::default_params();
        assert!(check(dir.path(), &scheduler).unwrap().problems.is_empty());
        // A snapshot whose states are right but whose figures are not (as a
        // bug would leave it): sound on its own, so only check can tell.
        let log = dir.path().join(LOG_FILE);
        let mut wrong = replay(&scheduler, &events);
        wrong.figures = replay(&scheduler, &events[..1]).figures;
        let coverage = Coverage {
            bytes: fs::metadata(&log).unwrap().len(),
            lines: 3,
            last_id: Some(events[1].id().into()),
        };
        let mut ids = IdFilter::default();
        events.iter().for_each(|e| ids.insert(e.id()));
        Snapshot::write(
            &dir.path().join(SNAPSHOT_FILE),
            &dir.path().join(LEGACY_SNAPSHOT_FILE),
            &coverage,
            &scheduler.fingerprint(),
            &wrong,
            &ids,
        )
        .unwrap();
        let problems = check(dir.path(), &scheduler).unwrap().problems;
        assert!(
            problems
                .iter()
                .any(|p| p.contains("the snapshot disagrees")
                    && p.contains("the figures of `stats`")),
            "{problems:?}"
        );
        let repaired = repair(dir.path(), &scheduler).unwrap();
        assert!(repaired.snapshot_only, "{repaired:?}");
        assert!(check(dir.path(), &scheduler).unwrap().problems.is_empty());
        let mut store = Store::open(dir.path(), Access::Read, scheduler.clone()).unwrap();
        let replayed = replay(&scheduler, &events);
        assert_eq!(store.aggregates().ok(), replayed.figures.folded());
        drop(store);

        // Figures that cannot be read back at all: check says so, without
        // rebuilding them beside its own replay, and repair rebuilds them.
        let path = dir.path().join(SNAPSHOT_FILE);
        let mut damaged = fs::read(&path).unwrap();
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        fs::write(&path, &damaged).unwrap();
        let problems = check(dir.path(), &scheduler).unwrap().problems;
        assert!(
            problems.len() == 1
                && problems[0].contains("cannot be read back (the checksum of its figures")
                && problems[0].contains("store repair"),
            "{problems:?}"
        );
        assert!(repair(dir.path(), &scheduler).unwrap().snapshot_only);
        assert!(check(dir.path(), &scheduler).unwrap().problems.is_empty());
    }
}
