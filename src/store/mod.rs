//! The learner's store: an append-only review log that is the source of
//! truth, and a snapshot of per-card state that caches how much of the log it
//! covers.
//!
//! ```text
//! DIR/reviews.jsonl   one event a line, appended and fsynced per answer
//! DIR/state.json      snapshot: card states + the log length they cover
//! DIR/lock            held by the one process that writes
//! ```

mod event;
pub mod home;
mod read;
mod snapshot;

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub use event::{Event, Review, SessionRecord, new_id};
pub use read::read_reviews;
use snapshot::Snapshot;

use crate::schedule::{CardState, Scheduler};

/// The review log's file name.
pub const LOG_FILE: &str = "reviews.jsonl";
/// The snapshot's file name.
pub const SNAPSHOT_FILE: &str = "state.json";
/// The lock file's name.
pub const LOCK_FILE: &str = "lock";

/// What went wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the write lock.
    #[error(
        "another trialdrill session is already running on {dir} (process {pid}); finish it first, or wait for it to exit"
    )]
    Busy {
        /// The store folder.
        dir: PathBuf,
        /// The holder's process id, as it wrote it.
        pid: String,
    },
    /// A line of the log cannot be read.
    #[error(
        "{path}:{line}: damaged review log line: {message}; the store was left untouched (run `trialdrill store repair` once available, or fix the line by hand)"
    )]
    Damaged {
        /// The log file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// A file operation failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done, as a verb phrase.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError + use<> {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        action,
        path,
        source,
    }
}

/// Whether the store is opened to write (locked) or only to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Take the lock; appends allowed.
    Write,
    /// No lock, no writes; works while a session runs.
    Read,
}

/// Card states by deck id, then by item key.
pub type States = HashMap<String, HashMap<String, CardState>>;

/// An open store.
pub struct Store {
    dir: PathBuf,
    log: Option<File>,
    _lock: Option<File>,
    covered: snapshot::Coverage,
    cards: States,
    scheduler: Scheduler,
    warnings: Vec<String>,
    dirty: bool,
}

impl Store {
    /// Opens the store in `dir`, replaying the log past the snapshot with
    /// `scheduler` (whose parameters give memory states).
    pub fn open(dir: &Path, access: Access, scheduler: Scheduler) -> Result<Store, StoreError> {
        let lock = match access {
            Access::Write => {
                fs::create_dir_all(dir).map_err(io_error("create the store folder", dir))?;
                Some(take_lock(dir)?)
            }
            Access::Read => None,
        };
        let mut store = Store {
            dir: dir.to_path_buf(),
            log: None,
            _lock: lock,
            covered: snapshot::Coverage::default(),
            cards: States::new(),
            scheduler,
            warnings: Vec::new(),
            dirty: false,
        };
        store.load()?;
        if access == Access::Write {
            store.open_log_for_append()?;
        }
        Ok(store)
    }

    /// The store folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Things noticed while opening that the user should hear about.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Every card state.
    pub fn states(&self) -> &States {
        &self.cards
    }

    /// The state of one item, if it was ever reviewed.
    pub fn state(&self, deck: &str, card: &str) -> Option<&CardState> {
        self.cards.get(deck)?.get(card)
    }

    /// The scheduler the store replays with.
    pub fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }

    fn log_path(&self) -> PathBuf {
        self.dir.join(LOG_FILE)
    }

    fn snapshot_path(&self) -> PathBuf {
        self.dir.join(SNAPSHOT_FILE)
    }

    /// Reads the snapshot, then replays the log past it.
    fn load(&mut self) -> Result<(), StoreError> {
        let log_path = self.log_path();
        let mut log = match File::open(&log_path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if self.snapshot_path().exists() {
                    self.warnings.push(format!(
                        "{} exists but the review log {} does not; starting from an empty log",
                        self.snapshot_path().display(),
                        log_path.display()
                    ));
                }
                return Ok(());
            }
            Err(e) => return Err(io_error("open", &log_path)(e)),
        };
        let log_len = log
            .metadata()
            .map_err(io_error("read", &log_path))?
            .len();
        match Snapshot::read(&self.snapshot_path(), &mut log, log_len) {
            Ok(Some(snapshot)) => {
                self.covered = snapshot.coverage;
                self.cards = snapshot.cards;
            }
            Ok(None) => {
                if log_len > 0 {
                    self.warnings.push(format!(
                        "no snapshot at {}; rebuilt it from the review log",
                        self.snapshot_path().display()
                    ));
                    self.dirty = true;
                }
            }
            Err(why) => {
                self.warnings.push(format!(
                    "{} is unusable ({why}); rebuilt it from the review log",
                    self.snapshot_path().display()
                ));
                self.dirty = true;
            }
        }
        log.seek(SeekFrom::Start(self.covered.bytes))
            .map_err(io_error("read", &log_path))?;
        let mut tail = Vec::new();
        log.read_to_end(&mut tail)
            .map_err(io_error("read", &log_path))?;
        self.replay(&tail, &log_path)
    }

    /// Applies the complete lines of `tail`; an incomplete last line is a torn
    /// write from a crash and is skipped.
    fn replay(&mut self, tail: &[u8], log_path: &Path) -> Result<(), StoreError> {
        let complete = tail.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let mut line_no = self.covered.lines;
        for line in tail[..complete].split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            line_no += 1;
            let event: Event =
                serde_json::from_slice(line).map_err(|e| StoreError::Damaged {
                    path: log_path.to_path_buf(),
                    line: line_no,
                    message: e.to_string(),
                })?;
            self.apply(&event);
            self.covered.last_id = Some(event.id().to_string());
            self.dirty = true;
        }
        self.covered.lines = line_no;
        self.covered.bytes += complete as u64;
        if complete < tail.len() {
            self.warnings.push(format!(
                "{}:{}: skipped an incomplete last line (a write cut short by a crash); it will be cut off",
                log_path.display(),
                line_no + 1
            ));
        }
        Ok(())
    }

    fn apply(&mut self, event: &Event) {
        if let Event::Review(r) = event {
            let cards = self.cards.entry(r.deck.clone()).or_default();
            let previous = cards.get(&r.card);
            let next = self.scheduler.apply(previous, r.rating, r.day, r.due);
            cards.insert(r.card.clone(), next);
        }
    }

    /// Opens the log for appending, first cutting off a torn last line.
    fn open_log_for_append(&mut self) -> Result<(), StoreError> {
        let path = self.log_path();
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(io_error("open for writing", &path))?;
        let len = file.metadata().map_err(io_error("read", &path))?.len();
        if len > self.covered.bytes {
            file.set_len(self.covered.bytes)
                .map_err(io_error("cut the incomplete last line off", &path))?;
        }
        self.log = Some(file);
        Ok(())
    }

    /// Appends `event` to the log and flushes it to disk before returning, so
    /// an acknowledged answer survives a crash.
    pub fn append(&mut self, event: &Event) -> Result<(), StoreError> {
        let path = self.log_path();
        let Some(log) = self.log.as_mut() else {
            return Err(io_error("write to", &path)(io::Error::other(
                "the store was opened read-only",
            )));
        };
        let mut line = serde_json::to_vec(event).map_err(|e| io_error("encode a review for", &path)(e.into()))?;
        line.push(b'\n');
        let written = log.write_all(&line).and_then(|()| log.sync_data());
        if let Err(e) = written {
            // Leave no partial line behind; the next open would see it as torn.
            let _ = log.set_len(self.covered.bytes);
            return Err(io_error("append to", &path)(e));
        }
        self.covered.bytes += line.len() as u64;
        self.covered.lines += 1;
        self.covered.last_id = Some(event.id().to_string());
        self.apply(event);
        self.dirty = true;
        Ok(())
    }

    /// Replaces the snapshot atomically if anything changed since it was read.
    pub fn save_snapshot(&mut self) -> Result<(), StoreError> {
        if !self.dirty || self.log.is_none() {
            return Ok(());
        }
        Snapshot::write(&self.snapshot_path(), &self.covered, &self.cards)?;
        self.dirty = false;
        Ok(())
    }
}

/// Takes the store's exclusive lock and records this process id in it.
fn take_lock(dir: &Path) -> Result<File, StoreError> {
    let path = dir.join(LOCK_FILE);
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(io_error("open the lock file", &path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let mut pid = String::new();
            let _ = file.read_to_string(&mut pid);
            return Err(StoreError::Busy {
                dir: dir.to_path_buf(),
                pid: pid.trim().to_string(),
            });
        }
        Err(fs::TryLockError::Error(e)) => return Err(io_error("lock", &path)(e)),
    }
    let record = file
        .set_len(0)
        .and_then(|()| file.write_all(std::process::id().to_string().as_bytes()));
    record.map_err(io_error("write the lock file", &path))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Rating;
    use jiff::civil::date;

    fn review(card: &str, day: jiff::civil::Date, due: jiff::civil::Date) -> Event {
        Event::Review(Review {
            id: new_id(),
            deck: "d".into(),
            card: card.into(),
            time: "2026-01-01T10:00:00Z".parse().unwrap(),
            day,
            rating: Rating::Good,
            correct: Some(true),
            answer: "x".into(),
            seconds: 2.5,
            due,
        })
    }

    fn open(dir: &Path, access: Access) -> Store {
        Store::open(dir, access, Scheduler::default_params()).unwrap()
    }

    #[test]
    fn reviews_round_trip_through_log_and_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path(), Access::Write);
        store.append(&review("a", date(2026, 1, 1), date(2026, 1, 3))).unwrap();
        store.append(&review("b", date(2026, 1, 1), date(2026, 1, 4))).unwrap();
        store.save_snapshot().unwrap();
        let before = store.states().clone();
        drop(store);

        let reopened = open(dir.path(), Access::Read);
        assert_eq!(reopened.states(), &before);
        assert_eq!(reopened.state("d", "a").unwrap().due, date(2026, 1, 3));
        assert!(reopened.warnings().is_empty());

        // Without the snapshot, the log alone gives the same state.
        fs::remove_file(dir.path().join(SNAPSHOT_FILE)).unwrap();
        let rebuilt = open(dir.path(), Access::Read);
        assert_eq!(rebuilt.states(), &before);
        assert_eq!(rebuilt.warnings().len(), 1);
    }

    #[test]
    fn the_log_tail_past_the_snapshot_is_replayed() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path(), Access::Write);
        store.append(&review("a", date(2026, 1, 1), date(2026, 1, 3))).unwrap();
        store.save_snapshot().unwrap();
        store.append(&review("a", date(2026, 1, 3), date(2026, 1, 9))).unwrap();
        drop(store);
        let reopened = open(dir.path(), Access::Read);
        assert_eq!(reopened.state("d", "a").unwrap().reps, 2);
        assert_eq!(reopened.state("d", "a").unwrap().due, date(2026, 1, 9));
    }

    #[test]
    fn a_second_writer_is_refused_with_the_holders_pid() {
        let dir = tempfile::tempdir().unwrap();
        let _first = open(dir.path(), Access::Write);
        let err = Store::open(dir.path(), Access::Write, Scheduler::default_params())
            .err()
            .unwrap();
        let message = err.to_string();
        assert!(message.contains("already running"), "{message}");
        assert!(message.contains(&std::process::id().to_string()), "{message}");
        // Readers are not blocked.
        assert!(Store::open(dir.path(), Access::Read, Scheduler::default_params()).is_ok());
    }

    #[test]
    fn a_torn_last_line_is_skipped_then_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path(), Access::Write);
        store.append(&review("a", date(2026, 1, 1), date(2026, 1, 3))).unwrap();
        drop(store);
        let log = dir.path().join(LOG_FILE);
        let good = fs::read(&log).unwrap();
        let mut torn = good.clone();
        torn.extend_from_slice(b"{\"type\":\"review\",\"id\":\"x");
        fs::write(&log, &torn).unwrap();

        let reader = open(dir.path(), Access::Read);
        assert_eq!(reader.state("d", "a").unwrap().reps, 1);
        assert!(
            reader
                .warnings()
                .iter()
                .any(|w| w.contains("reviews.jsonl:2: skipped an incomplete last line")),
            "{:?}",
            reader.warnings()
        );
        assert_eq!(fs::read(&log).unwrap(), torn, "readers change nothing");

        let mut writer = open(dir.path(), Access::Write);
        writer.append(&review("b", date(2026, 1, 1), date(2026, 1, 3))).unwrap();
        let text = fs::read_to_string(&log).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with(std::str::from_utf8(&good).unwrap()));
    }

    #[test]
    fn a_damaged_middle_line_is_an_error_and_nothing_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path(), Access::Write);
        store.append(&review("a", date(2026, 1, 1), date(2026, 1, 3))).unwrap();
        drop(store);
        let log = dir.path().join(LOG_FILE);
        let mut text = fs::read_to_string(&log).unwrap();
        text.push_str("garbage\n");
        text.push_str(&fs::read_to_string(&log).unwrap());
        fs::write(&log, &text).unwrap();
        let err = Store::open(dir.path(), Access::Write, Scheduler::default_params())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("reviews.jsonl:2: damaged review log line"), "{err}");
        assert_eq!(fs::read_to_string(&log).unwrap(), text);
        assert!(!dir.path().join(SNAPSHOT_FILE).exists());
    }
}
