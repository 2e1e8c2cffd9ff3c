//! The learner's store: an append-only review log that is the source of
//! truth, and a snapshot of per-card state that caches how much of the log it
//! covers.
//!
//! ```text
//! DIR/reviews.jsonl   a header line, then one event a line; append-only
//! DIR/state.json      snapshot: card states, the log length they cover and
//!                     the FSRS parameters that computed them
//! DIR/lock            held by the one process that writes
//! DIR/config.json     the learner's settings (config)
//! DIR/params.json     FSRS parameters fitted by `optimize` (params)
//! DIR/decks/          installed decks
//! ```
//!
//! Only this module knows these names.

pub mod atomic;
pub mod cards;
pub mod config;
mod event;
pub mod history;
pub mod home;
mod lock;
pub mod log;
pub mod maintain;
pub mod params;
mod snapshot;

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use cards::Cards;
pub use event::{
    Answer, Event, ExamQuestion, ExamRecord, Review, SessionRecord, new_device_id, new_id,
};
use log::{Header, Kind, Line};
use snapshot::{Coverage, Snapshot, Unusable};

use crate::engine::schedule::{CardState, Scheduler};

/// The review log's file name.
pub const LOG_FILE: &str = "reviews.jsonl";
/// The snapshot's file name.
pub const SNAPSHOT_FILE: &str = "state.json";
/// The lock file's name.
pub const LOCK_FILE: &str = "lock";
/// The settings file's name.
pub const CONFIG_FILE: &str = "config.json";
/// The fitted FSRS parameters' file name.
pub const PARAMS_FILE: &str = "params.json";

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
        "{path}:{line}: damaged review log line: {message}; nothing was changed. Run `trialdrill store repair` to keep every valid review and set the damaged file aside"
    )]
    Damaged {
        /// The log file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// The store was written by a newer trialdrill.
    #[error(
        "{path} has format {found}, written by {written_by}; this trialdrill ({}) reads format {}; upgrade trialdrill to use this store",
        concat!("trialdrill ", env!("CARGO_PKG_VERSION")),
        log::FORMAT
    )]
    Newer {
        /// The log file.
        path: PathBuf,
        /// Its format.
        found: u32,
        /// The program that wrote it.
        written_by: String,
    },
    /// A file operation failed.
    #[error("cannot {action} {path} (nothing already stored was changed)")]
    Io {
        /// What was being done, as a verb phrase.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
}

/// Makes a [`StoreError::Io`] for `action` on `path`.
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

/// The open log of a writable store, and the lock that makes it the only one.
struct Writer {
    file: File,
    _lock: File,
}

/// An open store.
pub struct Store {
    dir: PathBuf,
    device: String,
    writer: Option<Writer>,
    covered: Coverage,
    cards: Cards,
    scheduler: Scheduler,
    warnings: Vec<String>,
    dirty: bool,
}

impl Store {
    /// Opens the store in `dir`, replaying the log past the snapshot with
    /// `scheduler` (whose parameters give memory states). Opening to write
    /// takes the lock, migrates an older format (after a backup) and cuts off
    /// a torn last line; opening to read changes nothing on disk.
    pub fn open(dir: &Path, access: Access, scheduler: Scheduler) -> Result<Store, StoreError> {
        let lock = match access {
            Access::Write => {
                fs::create_dir_all(dir).map_err(io_error("create the store folder", dir))?;
                Some(lock::take(dir)?)
            }
            Access::Read => None,
        };
        let mut store = Store {
            dir: dir.to_path_buf(),
            device: String::new(),
            writer: None,
            covered: Coverage::default(),
            cards: Cards::default(),
            scheduler,
            warnings: Vec::new(),
            dirty: false,
        };
        if lock.is_some() {
            store.prepare_log()?;
        }
        store.load()?;
        if let Some(lock) = lock {
            store.open_writer(lock)?;
        }
        Ok(store)
    }

    /// The store folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// This store's device id, to stamp on the reviews it records.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// Things noticed while opening that the user should hear about.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Every card state.
    pub fn states(&self) -> &States {
        &self.cards.states
    }

    /// The state of one item, if it was ever reviewed.
    pub fn state(&self, deck: &str, card: &str) -> Option<&CardState> {
        self.cards.states.get(deck)?.get(card)
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

    /// Before a writer loads: gives a new store its header and migrates a
    /// format-1 log.
    fn prepare_log(&mut self) -> Result<(), StoreError> {
        let path = self.log_path();
        let kind = match File::open(&path) {
            Ok(mut file) => read_kind(&path, &mut file)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Kind::Empty,
            Err(e) => return Err(io_error("open", &path)(e)),
        };
        match kind {
            Kind::Empty => {
                let header = Header::new(new_device_id());
                log::write_atomically(&path, &header, [])
                    .map_err(io_error("create the review log", &path))?;
            }
            Kind::Format1 => {
                let backup = maintain::migrate_format1(&self.dir)?;
                self.warnings.push(format!(
                    "upgraded the store from format 1 to {}; the old files are kept in {}",
                    log::FORMAT,
                    backup.display()
                ));
            }
            Kind::Headed { .. } => {}
        }
        Ok(())
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
        let header_len = match read_kind(&log_path, &mut log)? {
            Kind::Headed { header, len } => {
                self.device = header.device;
                len
            }
            Kind::Empty | Kind::Format1 => 0,
        };
        let log_len = log.metadata().map_err(io_error("read", &log_path))?.len();
        // Without a usable snapshot, replay starts right after the header.
        self.covered = Coverage {
            bytes: header_len,
            lines: u64::from(header_len > 0),
            last_id: None,
        };
        let parameters = self.scheduler.fingerprint();
        match Snapshot::read(&self.snapshot_path(), &mut log, log_len, &parameters) {
            Ok(Some(snapshot)) if snapshot.coverage.bytes >= header_len => {
                self.covered = snapshot.coverage;
                self.cards = Cards::from_states(snapshot.cards);
            }
            Ok(None) if log_len <= header_len => {}
            // The parameters changed (a fit, or params.json removed) or
            // trialdrill was upgraded: the states are recomputed, as expected.
            Err(Unusable::Stale) => self.dirty = true,
            unusable => {
                let why = match unusable {
                    Err(Unusable::Damaged(why)) => format!("is unusable ({why})"),
                    _ => "is missing".into(),
                };
                self.warnings.push(format!(
                    "{} {why}; rebuilt it from the review log",
                    self.snapshot_path().display()
                ));
                self.dirty = true;
            }
        }
        let from_snapshot = self.covered.bytes > header_len;
        let warned = self.warnings.len();
        let complete = self.replay_tail(&log_path, &mut log)?;
        if !complete && from_snapshot {
            // The tail undoes a review the snapshot covers, whose prior state
            // only the whole history holds: replay all of it (rare).
            self.cards = Cards::default();
            self.covered = Coverage {
                bytes: header_len,
                lines: u64::from(header_len > 0),
                last_id: None,
            };
            self.warnings.truncate(warned);
            self.replay_tail(&log_path, &mut log)?;
        }
        Ok(())
    }

    /// Applies every complete line past the covered part; an incomplete last
    /// line is a write cut short by a crash and is skipped. False when an
    /// undo named a review not replayed here.
    fn replay_tail(&mut self, path: &Path, log: &mut File) -> Result<bool, StoreError> {
        let start = self.covered.bytes;
        let mut torn = false;
        let mut complete = true;
        log::read_from(path, log, start, |line, len| {
            let number = self.covered.lines + 1;
            match line {
                Line::Event(event) => {
                    complete &= self.cards.apply(&self.scheduler, &event);
                    self.covered.bytes += len;
                    self.covered.lines = number;
                    self.covered.last_id = Some(event.id().to_string());
                    self.dirty = true;
                    Ok(())
                }
                Line::Damaged(message) => Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    line: number,
                    message,
                }),
                Line::Torn => {
                    torn = true;
                    Ok(())
                }
            }
        })?;
        if torn {
            self.warnings.push(format!(
                "{}:{}: skipped an incomplete last line (a write cut short by a crash); it is cut off before the next answer is saved",
                path.display(),
                self.covered.lines + 1
            ));
        }
        Ok(complete)
    }

    /// Opens the log for appending, first cutting off a torn last line.
    fn open_writer(&mut self, lock: File) -> Result<(), StoreError> {
        let path = self.log_path();
        let file = OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(io_error("open for writing", &path))?;
        let len = file.metadata().map_err(io_error("read", &path))?.len();
        if len > self.covered.bytes {
            file.set_len(self.covered.bytes)
                .map_err(io_error("cut the incomplete last line off", &path))?;
        }
        self.writer = Some(Writer { file, _lock: lock });
        Ok(())
    }

    /// Appends `event` to the log and flushes it to the disk before
    /// returning, so an acknowledged answer survives a crash or a power cut.
    pub fn append(&mut self, event: &Event) -> Result<(), StoreError> {
        self.append_all(std::slice::from_ref(event))
    }

    /// Appends `events` with one write and one flush: all of them are saved,
    /// or none (a failed write is cut back off).
    pub fn append_all(&mut self, events: &[Event]) -> Result<(), StoreError> {
        let path = self.log_path();
        let Some(writer) = self.writer.as_mut() else {
            return Err(io_error("write to", &path)(io::Error::other(
                "the store was opened read-only",
            )));
        };
        let mut lines = Vec::new();
        for event in events {
            serde_json::to_writer(&mut lines, event)
                .map_err(|e| io_error("encode a review for", &path)(e.into()))?;
            lines.push(b'\n');
        }
        let written = writer
            .file
            .write_all(&lines)
            .and_then(|()| writer.file.sync_data());
        if let Err(e) = written {
            // Leave no partial line behind; the next open would see it as torn.
            let _ = writer.file.set_len(self.covered.bytes);
            return Err(io_error("save the answer to", &path)(e));
        }
        self.covered.bytes += lines.len() as u64;
        self.covered.lines += events.len() as u64;
        for event in events {
            self.cards.apply(&self.scheduler, event);
        }
        if let Some(last) = events.last() {
            self.covered.last_id = Some(last.id().to_string());
            self.dirty = true;
        }
        Ok(())
    }

    /// Replaces the snapshot atomically if anything changed since it was read.
    pub fn save_snapshot(&mut self) -> Result<(), StoreError> {
        if !self.dirty || self.writer.is_none() {
            return Ok(());
        }
        Snapshot::write(
            &self.snapshot_path(),
            &self.covered,
            &self.scheduler.fingerprint(),
            &self.cards.states,
        )?;
        self.dirty = false;
        Ok(())
    }
}

/// The log's format, with a damaged first line or a newer format as errors.
fn read_kind(path: &Path, file: &mut File) -> Result<Kind, StoreError> {
    let kind = log::kind(file)
        .map_err(io_error("read", path))?
        .map_err(|message| StoreError::Damaged {
            path: path.to_path_buf(),
            line: 1,
            message,
        })?;
    match kind {
        Kind::Headed { header, .. } if header.format > log::FORMAT => Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: header.format,
            written_by: header.written_by,
        }),
        kind => Ok(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::Rating;
    use jiff::civil::date;

    fn review(card: &str, day: jiff::civil::Date, due: jiff::civil::Date) -> Event {
        Event::Review(Review {
            time: "2026-01-01T10:00:00Z".parse().unwrap(),
            answer: "x".into(),
            seconds: 2.5,
            due,
            ..Review::sample(card, day, Rating::Good)
        })
    }

    fn open(dir: &Path, access: Access) -> Store {
        Store::open(dir, access, Scheduler::default_params()).unwrap()
    }

    #[test]
    fn reviews_round_trip_through_log_and_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path(), Access::Write);
        store
            .append(&review("a", date(2026, 1, 1), date(2026, 1, 3)))
            .unwrap();
        store
            .append(&review("b", date(2026, 1, 1), date(2026, 1, 4)))
            .unwrap();
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
        store
            .append(&review("a", date(2026, 1, 1), date(2026, 1, 3)))
            .unwrap();
        store.save_snapshot().unwrap();
        store
            .append(&review("a", date(2026, 1, 3), date(2026, 1, 9)))
            .unwrap();
        drop(store);
        let reopened = open(dir.path(), Access::Read);
        assert_eq!(reopened.state("d", "a").unwrap().reps, 2);
        assert_eq!(reopened.state("d", "a").unwrap().due, date(2026, 1, 9));
    }

    #[test]
    fn an_undo_in_the_log_tail_replays_from_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path(), Access::Write);
        store
            .append(&review("a", date(2026, 1, 1), date(2026, 1, 3)))
            .unwrap();
        let before = *store.state("d", "a").unwrap();
        let second = review("a", date(2026, 1, 3), date(2026, 1, 9));
        store.append(&second).unwrap();
        store.save_snapshot().unwrap();
        store
            .append(&Event::Undo {
                id: new_id(),
                undoes: second.id().into(),
                time: "2026-01-03T10:00:00Z".parse().unwrap(),
            })
            .unwrap();
        assert_eq!(store.state("d", "a"), Some(&before));
        drop(store);
        // The snapshot covers the review but not the undo: the whole log is
        // replayed, quietly.
        let reopened = open(dir.path(), Access::Read);
        assert_eq!(reopened.state("d", "a"), Some(&before));
        assert!(reopened.warnings().is_empty(), "{:?}", reopened.warnings());
        fs::remove_file(dir.path().join(SNAPSHOT_FILE)).unwrap();
        assert_eq!(
            open(dir.path(), Access::Read).state("d", "a"),
            Some(&before)
        );
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
        assert!(
            message.contains(&std::process::id().to_string()),
            "{message}"
        );
        // Readers are not blocked.
        assert!(Store::open(dir.path(), Access::Read, Scheduler::default_params()).is_ok());
    }

    #[test]
    fn a_torn_last_line_is_skipped_then_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path(), Access::Write);
        store
            .append(&review("a", date(2026, 1, 1), date(2026, 1, 3)))
            .unwrap();
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
                .any(|w| w.contains("reviews.jsonl:3: skipped an incomplete last line")),
            "{:?}",
            reader.warnings()
        );
        assert_eq!(fs::read(&log).unwrap(), torn, "readers change nothing");

        let mut writer = open(dir.path(), Access::Write);
        writer
            .append(&review("b", date(2026, 1, 1), date(2026, 1, 3)))
            .unwrap();
        let text = fs::read_to_string(&log).unwrap();
        assert_eq!(text.lines().count(), 3, "header and two reviews");
        assert!(text.starts_with(std::str::from_utf8(&good).unwrap()));
    }

    #[test]
    fn a_damaged_middle_line_is_an_error_and_nothing_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path(), Access::Write);
        store
            .append(&review("a", date(2026, 1, 1), date(2026, 1, 3)))
            .unwrap();
        drop(store);
        let log = dir.path().join(LOG_FILE);
        let mut text = fs::read_to_string(&log).unwrap();
        text.push_str("garbage\n");
        text.push_str(fs::read_to_string(&log).unwrap().lines().last().unwrap());
        text.push('\n');
        fs::write(&log, &text).unwrap();
        let err = Store::open(dir.path(), Access::Write, Scheduler::default_params())
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("reviews.jsonl:3: damaged review log line"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&log).unwrap(), text);
        assert!(!dir.path().join(SNAPSHOT_FILE).exists());
    }
}
