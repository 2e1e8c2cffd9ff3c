//! The learner's store: an append-only review log that is the source of
//! truth, and a snapshot of per-card state and of the figures `stats` reads,
//! that caches how much of the log it covers.
//!
//! ```text
//! DIR/reviews.jsonl   a header line, then one event a line (see `line`); append-only;
//!                     locked (flock) by the one process that writes
//! DIR/state.bin       snapshot: card states, the figures of `stats` (every
//!                     review in brief among them), the ids of the events
//!                     they count, the log length they
//!                     cover and the FSRS parameters that computed them;
//!                     rewritten once the log has grown [`TAIL_BOUND`] past
//!                     it (state.json: the JSON snapshot of older versions)
//! DIR/lock            the process id of that writer, for messages
//! DIR/config.json     the learner's settings (config)
//! DIR/config.lock     held while the settings are changed
//! DIR/params.json     FSRS parameters fitted by `optimize` (params)
//! DIR/decks/          installed decks
//! DIR/deck-cache/     every deck's parsed cards, so unchanged JSON is not
//!                     reparsed (deck::cache); safe to delete
//! ```
//!
//! Only this module knows these names.

pub mod aggregates;
pub mod atomic;
pub mod cards;
pub mod config;
mod event;
pub mod history;
pub mod home;
mod ids;
pub mod line;
pub mod lock;
pub mod log;
pub mod maintain;
pub mod params;
pub mod review_index;
mod snapshot;

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use aggregates::Aggregates;
use cards::Cards;
pub use event::{
    Answer, Event, ExamQuestion, ExamRecord, Review, SessionRecord, new_device_id, new_id,
};
use ids::IdFilter;
use log::{Header, Kind, Line};
use maintain::IdSet;
use snapshot::{Coverage, Snapshot, Unusable};

use crate::engine::schedule::{CardState, Scheduler};

/// The review log's file name.
pub const LOG_FILE: &str = "reviews.jsonl";
/// The snapshot's file name.
pub const SNAPSHOT_FILE: &str = "state.bin";
/// The snapshot's file name before format 4 (JSON), removed once a newer
/// snapshot replaces it.
pub const LEGACY_SNAPSHOT_FILE: &str = "state.json";
/// How far the log may grow past the snapshot, in bytes, before the end of a
/// session rewrites the snapshot: a session's end costs one rewrite in many,
/// and opening replays at most this much of the log's tail (plus the last
/// session's) on top of the snapshot.
pub const TAIL_BOUND: u64 = 256 * 1024;
/// The file recording the writing process's id (the lock is on the log).
pub const LOCK_FILE: &str = "lock";
/// The settings file's name.
pub const CONFIG_FILE: &str = "config.json";
/// The lock file held while the settings are changed.
pub const CONFIG_LOCK_FILE: &str = "config.lock";
/// The fitted FSRS parameters' file name.
pub const PARAMS_FILE: &str = "params.json";
/// The folder of parsed decks (one entry a deck; see `deck::cache`).
pub const DECK_CACHE_DIR: &str = "deck-cache";

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

/// The system clock reads a time a timestamp cannot hold.
#[derive(Debug, thiserror::Error)]
#[error(
    "the system clock reads a time outside -9999-01-02 to 9999-12-30, which trialdrill cannot record; set the clock right"
)]
pub struct ClockOutOfRange;

/// Refuses a system clock outside the range of a timestamp (past
/// 9999-12-30), where every recorded time would be wrong.
pub fn check_clock() -> Result<(), ClockOutOfRange> {
    timestamp_of(std::time::SystemTime::now()).map(drop)
}

/// The current time, to the millisecond (the log's compact form counts whole
/// milliseconds; a finer time takes it three times the room); never panics:
/// a clock out of range (refused up front by [`check_clock`]) reads as the
/// nearest end of the range.
pub fn now() -> jiff::Timestamp {
    let time = clamped(std::time::SystemTime::now());
    jiff::Timestamp::from_millisecond(time.as_millisecond()).unwrap_or(time)
}

/// `time` as a timestamp, if one can hold it.
fn timestamp_of(time: std::time::SystemTime) -> Result<jiff::Timestamp, ClockOutOfRange> {
    jiff::Timestamp::try_from(time).map_err(|_| ClockOutOfRange)
}

/// `time` as a timestamp, or the nearest end of the range.
fn clamped(time: std::time::SystemTime) -> jiff::Timestamp {
    timestamp_of(time).unwrap_or(if time < std::time::UNIX_EPOCH {
        jiff::Timestamp::MIN
    } else {
        jiff::Timestamp::MAX
    })
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
    device: String,
    /// The log's format, from its header (0 for a log without one).
    format: u32,
    /// The locked log, open for appending, of a writable store.
    writer: Option<File>,
    /// Whether the store is opened to write (set before it loads).
    writing: bool,
    covered: Coverage,
    /// The log's length when it was read: everything up to here was seen.
    seen: u64,
    /// A last line that is neither an event nor complete: (offset, length).
    torn: Option<(u64, u64)>,
    /// Whether the last event's line lacks its newline.
    unterminated: bool,
    /// The end of the part of the log the snapshot covers, when the states
    /// came from it: that part was trusted, not read.
    trusted: Option<u64>,
    /// How much of the log the snapshot file covers, when it is usable.
    on_disk: Option<Coverage>,
    /// Whether the snapshot covers more of the log than there is (kept).
    ahead: bool,
    cards: Cards,
    /// The ids of every event folded in.
    ids: IdFilter,
    scheduler: Scheduler,
    warnings: Vec<String>,
    damage: Vec<String>,
}

/// How long the end of a session waits for an [`Audit`] still reading.
pub const AUDIT_GRACE: std::time::Duration = std::time::Duration::from_millis(10);

/// A read, on a thread of its own, of the part of the log that opening
/// trusted to the snapshot without reading it (see [`Store::audit`]).
pub struct Audit {
    path: PathBuf,
    read: Option<std::thread::JoinHandle<Result<maintain::LogReport, StoreError>>>,
}

impl Audit {
    /// What the read found wrong, one message a line, once it is done. A
    /// session that ends more than [`AUDIT_GRACE`] before the read does is
    /// not kept waiting (the read is left unfinished, quietly, and the next
    /// session starts it again; `store check` reads everything): quitting
    /// costs what the session changed, not a read of the whole log.
    pub fn finish(self) -> Vec<String> {
        let Some(read) = self.read else {
            return Vec::new();
        };
        let deadline = std::time::Instant::now() + AUDIT_GRACE;
        while !read.is_finished() {
            if std::time::Instant::now() >= deadline {
                return Vec::new();
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        match read.join() {
            Ok(Ok(report)) => report
                .damaged
                .iter()
                .map(|(line, reason)| {
                    format!(
                        "{}:{line}: damaged line inside the part of the log the snapshot covers ({reason}); run `trialdrill store check`, then `trialdrill store repair`",
                        self.path.display()
                    )
                })
                .collect(),
            Ok(Err(e)) => vec![format!("could not read the review log through: {e}")],
            Err(_) => vec!["the read of the review log stopped unexpectedly".into()],
        }
    }
}

impl Store {
    /// Opens the store in `dir`, replaying the log past the snapshot with
    /// `scheduler` (whose parameters give memory states). Opening to write
    /// takes the lock, migrates an older format (after a backup), completes
    /// a last line cut short and sets aside a torn one; opening to read
    /// changes nothing on disk.
    pub fn open(dir: &Path, access: Access, scheduler: Scheduler) -> Result<Store, StoreError> {
        let mut store = Store::empty(dir, scheduler);
        match access {
            Access::Write => {
                fs::create_dir_all(dir).map_err(io_error("create the store folder", dir))?;
                store.writing = true;
                let lock = lock::take(dir)?;
                let mut log = store.prepare_log(lock)?;
                let end = log
                    .metadata()
                    .map_err(io_error("read", &store.log_path()))?
                    .len();
                store.load(Some(&mut log), end)?;
                store.open_writer(log)?;
                if store.format == log::LONG_FORM {
                    store.upgrade()?;
                }
            }
            Access::Read => {
                let path = store.log_path();
                match atomic::open_regular(&path, OpenOptions::new().read(true)) {
                    Ok(mut log) => {
                        let end = log.metadata().map_err(io_error("read", &path))?.len();
                        store.load(Some(&mut log), end)?;
                        store.write_back(&log);
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => store.load(None, 0)?,
                    Err(e) => return Err(io_error("open", &path)(e)),
                }
            }
        }
        Ok(store)
    }

    /// Opens the store in `dir` to read only the first `end` bytes of its
    /// log: what `store check` compares while a session may be appending.
    pub(crate) fn open_until(
        dir: &Path,
        scheduler: Scheduler,
        end: u64,
    ) -> Result<Store, StoreError> {
        let mut store = Store::empty(dir, scheduler);
        let path = store.log_path();
        match atomic::open_regular(&path, OpenOptions::new().read(true)) {
            Ok(mut log) => store.load(Some(&mut log), end)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => store.load(None, 0)?,
            Err(e) => return Err(io_error("open", &path)(e)),
        }
        Ok(store)
    }

    fn empty(dir: &Path, scheduler: Scheduler) -> Store {
        Store {
            dir: dir.to_path_buf(),
            device: String::new(),
            format: 0,
            writer: None,
            writing: false,
            covered: Coverage::default(),
            seen: 0,
            torn: None,
            unterminated: false,
            trusted: None,
            on_disk: None,
            ahead: false,
            cards: Cards::default(),
            ids: IdFilter::default(),
            scheduler,
            warnings: Vec::new(),
            damage: Vec::new(),
        }
    }

    /// Gives up the card states and keeps only what holds the write lock
    /// (the locked log, for a store opened to write), for a command that
    /// rewrites the log itself.
    pub(crate) fn into_lock(self) -> Option<File> {
        self.writer
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

    /// Damage noticed while opening that `store check` reports as a problem
    /// (a review log shorter than its snapshot says).
    pub fn damage(&self) -> &[String] {
        &self.damage
    }

    /// Starts reading the part of the log the snapshot covers on another
    /// thread, to notice damage there that opening (which trusted the
    /// snapshot instead of reading it) could not: a session starts as fast,
    /// and hears of it at its end through [`Audit::finish`].
    pub fn audit(&self) -> Audit {
        let path = self.log_path();
        let read = self.trusted.map(|end| {
            let path = path.clone();
            std::thread::spawn(move || maintain::damage_until(&path, end))
        });
        Audit { path, read }
    }

    /// Every card state.
    pub fn states(&self) -> &States {
        &self.cards.states
    }

    /// The figures of the whole history that `stats` reads, undo applied.
    /// Opening leaves them in the snapshot (a study session never needs
    /// them); the first call reads them from there and folds in the events
    /// since, or, when the snapshot no longer holds them as opened (another
    /// process replaced it, or it is damaged), replays the log for them and
    /// says so in [`Store::warnings`].
    pub fn aggregates(&mut self) -> Result<&Aggregates, StoreError> {
        let snapshot = self.snapshot_path();
        let log = self.log_path();
        let (on_disk, covered) = (&mut self.on_disk, self.covered.bytes);
        let warnings = &mut self.warnings;
        self.cards.figures.settle(|since| {
            let why = match stored_figures(&snapshot, on_disk.as_ref(), since) {
                Ok(stats) => return Ok(stats),
                Err(why) => why,
            };
            warnings.push(format!(
                "{}: the figures of `stats` could not be read back ({why}); rebuilt them from the review log",
                snapshot.display()
            ));
            // The next writer rewrites the snapshot whole.
            *on_disk = None;
            let mut stats = Aggregates::default();
            maintain::visit_until(&log, Some(covered), |event| stats.apply(&event))?;
            Ok(stats)
        })
    }

    /// `f` of the figures [`Store::aggregates`] gives, which are left in the
    /// snapshot when they were still there: for a command that needs them
    /// once, beside much else it holds. (Figures that cannot be read back
    /// are rebuilt and kept, as [`Store::aggregates`] does.)
    pub fn read_aggregates<R>(
        &mut self,
        f: impl FnOnce(&Aggregates) -> R,
    ) -> Result<R, StoreError> {
        if let Some(stats) = self.cards.figures.folded() {
            return Ok(f(stats));
        }
        let since = self.cards.figures.since();
        if let Ok(stats) = stored_figures(&self.snapshot_path(), self.on_disk.as_ref(), since) {
            return Ok(f(&stats));
        }
        Ok(f(self.aggregates()?))
    }

    /// Card states and figures as the snapshot holds them (and the log
    /// past it), to compare with a replay of the whole log; or why the
    /// figures cannot be read back, which rebuilds nothing: the replay to
    /// compare with is already at hand.
    pub(crate) fn cards_as_stored(&mut self) -> Result<&Cards, String> {
        let snapshot = self.snapshot_path();
        let on_disk = &self.on_disk;
        self.cards
            .figures
            .settle(|since| stored_figures(&snapshot, on_disk.as_ref(), since))?;
        Ok(&self.cards)
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

    fn legacy_snapshot_path(&self) -> PathBuf {
        self.dir.join(LEGACY_SNAPSHOT_FILE)
    }

    /// Before a writer loads, with the lock held on `log`: gives a new store
    /// its header, completes a header whose newline is missing, sets aside a
    /// first line cut short, and migrates a format-1 log. Returns the locked
    /// log, which a migration replaces.
    fn prepare_log(&mut self, mut log: File) -> Result<File, StoreError> {
        let path = self.log_path();
        match read_kind(&path, &mut log)? {
            Kind::Empty => {
                write_header(&path, &mut log)?;
            }
            Kind::Torn { len } => {
                let aside = set_aside_bytes(&path, &mut log, 0, len)?;
                self.warnings.push(format!(
                    "{}:1: the only line was cut short by a crash; it was moved to {} and the log started afresh",
                    path.display(),
                    aside.display()
                ));
                log.set_len(0)
                    .map_err(io_error("cut the incomplete line off", &path))?;
                write_header(&path, &mut log)?;
            }
            Kind::Headed {
                terminated: false, ..
            } => {
                // A header whose newline was never written: add it, so the
                // next event does not join the header's line.
                log.write_all(b"\n")
                    .and_then(|()| log.sync_data())
                    .map_err(io_error("complete the header of", &path))?;
            }
            Kind::Headed { .. } => {}
            Kind::Format1 => {
                let (backup, migrated) = maintain::migrate_format1(&self.dir)?;
                // The old log's lock is released as `log` closes; the new
                // one was locked before it took the name.
                drop(log);
                self.warnings.push(format!(
                    "upgraded the store from format 1 to {}; the old files are kept in {}",
                    log::FORMAT,
                    backup.display()
                ));
                return Ok(migrated);
            }
        }
        Ok(log)
    }

    /// Reads the snapshot, then replays the log (`None`: there is none) past
    /// it, up to byte `end`.
    fn load(&mut self, mut log: Option<&mut File>, end: u64) -> Result<(), StoreError> {
        let log_path = self.log_path();
        let header_len = match log.as_deref_mut() {
            None => 0,
            Some(file) => match read_kind(&log_path, file)? {
                Kind::Headed { header, len, .. } => {
                    self.device = header.device;
                    self.format = header.format;
                    len.min(end)
                }
                Kind::Torn { .. } => {
                    self.warnings.push(format!(
                        "{}:1: skipped an incomplete first line (a write cut short by a crash); the next session sets it aside",
                        log_path.display()
                    ));
                    self.torn = Some((0, end));
                    end
                }
                Kind::Empty | Kind::Format1 => 0,
            },
        };
        self.seen = end;
        let start = Coverage {
            bytes: header_len,
            lines: u64::from(header_len > 0),
            last_id: None,
        };
        self.covered = start.clone();
        let parameters = self.scheduler.fingerprint();
        match Snapshot::read(
            &self.snapshot_path(),
            &self.legacy_snapshot_path(),
            log.as_deref_mut(),
            end,
            &parameters,
        ) {
            Ok(Some(snapshot)) if snapshot.coverage.bytes >= header_len => {
                self.covered = snapshot.coverage;
                self.on_disk = Some(self.covered.clone());
                self.cards = snapshot.cards;
                self.ids = snapshot.ids;
            }
            Ok(None) if end <= header_len => {}
            // The parameters changed (a fit, or params.json removed) or
            // trialdrill was upgraded: the states are recomputed, as expected.
            Err(Unusable::Stale) => {}
            Err(Unusable::Ahead { lines }) => {
                // The log lost lines the snapshot covered: damage. A writer
                // keeps the snapshot aside before it writes a new one.
                self.ahead = true;
                let aside = match self.writing {
                    true => {
                        let path = match self.snapshot_path().exists() {
                            true => self.snapshot_path(),
                            false => self.legacy_snapshot_path(),
                        };
                        Some(
                            atomic::move_aside(&path, "ahead-of-log")
                                .map_err(io_error("move aside", &path))?,
                        )
                    }
                    false => None,
                };
                let message = lost_reviews(&log_path, lines, aside.as_deref());
                self.damage.push(message.clone());
                self.warnings.push(message);
            }
            unusable => {
                let why = match unusable {
                    Err(Unusable::Damaged(why)) => format!("is unusable ({why})"),
                    _ => "is missing".into(),
                };
                self.warnings.push(format!(
                    "{} {why}; rebuilt it from the review log",
                    self.snapshot_path().display()
                ));
            }
        }
        let Some(file) = log else {
            return Ok(());
        };
        if self.torn.is_some() {
            return Ok(());
        }
        let from_snapshot = self.covered.bytes > header_len;
        let warned = self.warnings.len();
        let snapshot_end = self.covered.bytes;
        if self.replay_tail(&log_path, file, end, from_snapshot)? {
            // An event past the snapshot may repeat one it covers (applied
            // once, as `store check` does), which only the whole history can
            // tell: replay all of it. The snapshot itself is still sound.
            self.cards = Cards::default();
            self.ids = IdFilter::default();
            self.covered = start;
            self.torn = None;
            self.unterminated = false;
            self.warnings.truncate(warned);
            self.replay_tail(&log_path, file, end, false)?;
        } else if from_snapshot {
            self.trusted = Some(snapshot_end);
        }
        Ok(())
    }

    /// Applies every line past the covered part up to byte `end`, each event
    /// id once; a last line cut short is skipped (a line whose event is whole
    /// but whose newline is missing is kept). With `filtered`, an event whose
    /// id the snapshot's filter may hold stops the replay: returns true when
    /// that happened (the whole log must be replayed instead).
    fn replay_tail(
        &mut self,
        path: &Path,
        log: &mut File,
        end: u64,
        filtered: bool,
    ) -> Result<bool, StoreError> {
        let start = self.covered.bytes;
        let mut seen = IdSet::default();
        seen.reserve_for(end.saturating_sub(start));
        let mut repeated = false;
        let mut torn = None;
        let device = self.device.clone();
        log::read_from(path, log, &device, start, end, |line, len| {
            if repeated {
                return Ok(());
            }
            let number = self.covered.lines + 1;
            let event = match line {
                Line::Event(event) => event,
                Line::Unterminated(event) => {
                    self.unterminated = true;
                    event
                }
                Line::Damaged(message) => {
                    return Err(StoreError::Damaged {
                        path: path.to_path_buf(),
                        line: number,
                        message,
                    });
                }
                Line::Torn => {
                    torn = Some((self.covered.bytes, len));
                    return Ok(());
                }
            };
            if seen.insert(event.id()) {
                if filtered && self.ids.may_contain(event.id()) {
                    repeated = true;
                    return Ok(());
                }
                self.cards.apply(&self.scheduler, &event);
                self.ids.insert(event.id());
            }
            self.covered.bytes += len;
            self.covered.lines = number;
            self.covered.last_id = Some(event.id().to_string());
            Ok(())
        })?;
        if repeated {
            return Ok(true);
        }
        if let Some(fragment) = torn {
            self.torn = Some(fragment);
            self.warnings.push(format!(
                "{}:{}: skipped an incomplete last line (a write cut short by a crash); the next session moves it aside and cuts it off",
                path.display(),
                self.covered.lines + 1
            ));
        }
        Ok(false)
    }

    /// Makes `log` (locked, read for the load) this store's writer: sets a
    /// torn last line aside and cuts it off, and completes a last line whose
    /// newline is missing. Refuses a log that grew since it was read, so no
    /// writer ever cuts off bytes it did not see.
    fn open_writer(&mut self, mut log: File) -> Result<(), StoreError> {
        let path = self.log_path();
        let len = log.metadata().map_err(io_error("read", &path))?.len();
        if len != self.seen {
            return Err(changed_under_us(&path));
        }
        if let Some((offset, fragment)) = self.torn.take() {
            let aside = set_aside_bytes(&path, &mut log, offset, fragment)?;
            log.set_len(offset)
                .and_then(|()| log.sync_data())
                .map_err(io_error("cut the incomplete last line off", &path))?;
            if let Some(w) = self.warnings.iter_mut().find(|w| w.contains("incomplete")) {
                *w = format!(
                    "{}:{}: an incomplete last line (a write cut short by a crash) was moved to {} and cut off",
                    path.display(),
                    self.covered.lines + 1,
                    aside.display()
                );
            }
            self.seen = offset;
        }
        if self.unterminated {
            log.write_all(b"\n")
                .and_then(|()| log.sync_data())
                .map_err(io_error("complete the last line of", &path))?;
            self.covered.bytes += 1;
            self.seen += 1;
            self.unterminated = false;
        }
        self.writer = Some(log);
        Ok(())
    }

    /// Rewrites a log of the long form (format 2) in the compact form,
    /// keeping the old file beside it, and saves a snapshot of the new one
    /// at once: the card states are those just loaded, so nothing is
    /// replayed twice.
    fn upgrade(&mut self) -> Result<(), StoreError> {
        let Some(mut old) = self.writer.take() else {
            return Ok(());
        };
        // Read while the snapshot still covers the old log's bytes.
        self.aggregates()?;
        let upgraded = maintain::upgrade(&self.dir, &mut old, &self.device, self.seen)?;
        // The old file's lock goes as it closes; the new one holds it already.
        self.writer = Some(upgraded.log);
        self.covered = upgraded.coverage;
        self.seen = self.covered.bytes;
        self.format = log::FORMAT;
        self.trusted = None;
        self.write_snapshot()?;
        self.warnings.push(format!(
            "rewrote the review log in the compact form of format {} ({} MB, was {} MB); the old log is kept as {}, to delete once this version suits you",
            log::FORMAT,
            self.covered.bytes.div_ceil(1_000_000),
            upgraded.before.div_ceil(1_000_000),
            upgraded.backup.display()
        ));
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
        let lines = encode(&path, &self.device, events)?;
        // Under the lock nobody else appends; if the file grew anyway, refuse
        // rather than cut another writer's bytes off after a failed write.
        let len = writer.metadata().map_err(io_error("read", &path))?.len();
        if len != self.covered.bytes {
            return Err(changed_under_us(&path));
        }
        let written = writer.write_all(&lines).and_then(|()| writer.sync_data());
        if let Err(e) = written {
            // Leave no partial line behind; the next open would see it as torn.
            let _ = writer.set_len(self.covered.bytes);
            return Err(io_error("save the answer to", &path)(e));
        }
        self.record_written(lines.len(), events);
        Ok(())
    }

    /// Counts `events`, just written to the log as `bytes` bytes, as covered
    /// and folds them into the card states.
    fn record_written(&mut self, bytes: usize, events: &[Event]) {
        self.covered.bytes += bytes as u64;
        self.covered.lines += events.len() as u64;
        self.seen = self.covered.bytes;
        for event in events {
            self.cards.apply(&self.scheduler, event);
            self.ids.insert(event.id());
        }
        if let Some(last) = events.last() {
            self.covered.last_id = Some(last.id().to_string());
        }
    }

    /// Appends `events` so that the log holds all of them or none even if
    /// the process is killed part-way (one large write can be cut short and
    /// leave some of its lines): the log and the events are written to a new
    /// file that then replaces it, locked before it takes the name. This
    /// copies the log, so it is for imports, not for answers.
    pub fn append_all_or_none(&mut self, events: &[Event]) -> Result<(), StoreError> {
        if events.len() <= 1 {
            return self.append_all(events);
        }
        // Imports add many events: fold them into the figures as they come
        // rather than keep them all until the figures are read.
        self.aggregates()?;
        let path = self.log_path();
        let Some(writer) = self.writer.as_ref() else {
            return Err(io_error("write to", &path)(io::Error::other(
                "the store was opened read-only",
            )));
        };
        let lines = encode(&path, &self.device, events)?;
        let len = writer.metadata().map_err(io_error("read", &path))?.len();
        if len != self.covered.bytes {
            return Err(changed_under_us(&path));
        }
        let mut old = writer;
        let kept = self.covered.bytes;
        let new = atomic::replace_locked(&path, |out| {
            old.seek(SeekFrom::Start(0))?;
            let copied = io::copy(&mut old.take(kept), out)?;
            if copied != kept {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the review log ended early",
                ));
            }
            out.write_all(&lines)
        })
        .map_err(io_error("save the imported reviews to", &path))?;
        // The old file's lock goes as it closes; the new one holds it already.
        self.writer = Some(new);
        self.record_written(lines.len(), events);
        Ok(())
    }

    /// At the end of a session: replaces the snapshot atomically when it
    /// was unusable or missing, or when the log has grown more than
    /// [`TAIL_BOUND`] past it; otherwise leaves it, and the next open
    /// replays the log's tail on top of it. The log alone keeps every answer
    /// safe either way: the snapshot is a cache of it.
    pub fn save_snapshot(&mut self) -> Result<(), StoreError> {
        let due = match &self.on_disk {
            None => self.covered.last_id.is_some(),
            Some(disk) => self.covered.bytes.saturating_sub(disk.bytes) > TAIL_BOUND,
        };
        if !due || self.writer.is_none() {
            return Ok(());
        }
        self.write_snapshot()
    }

    fn write_snapshot(&mut self) -> Result<(), StoreError> {
        self.aggregates()?;
        Snapshot::write(
            &self.snapshot_path(),
            &self.legacy_snapshot_path(),
            &self.covered,
            &self.scheduler.fingerprint(),
            &self.cards,
            &self.ids,
        )?;
        self.on_disk = Some(self.covered.clone());
        Ok(())
    }

    /// After a read-only open that found the snapshot stale, damaged or
    /// missing: writes the one it rebuilt, so the next command does not
    /// replay the whole log again. Any command may, without the lock: the
    /// snapshot is replaced atomically and names the part of the log it
    /// covers, which every reader checks. Skipped when the log (`log`, as
    /// read) was replaced meanwhile, ended in a torn line, is format 1, or
    /// lost lines a snapshot covered; a failure to write changes nothing and is not
    /// reported (the next writer writes it).
    fn write_back(&mut self, log: &File) {
        use std::os::unix::fs::MetadataExt;
        // A log without a header (format 1) is upgraded by the next writer,
        // which rebuilds the snapshot then.
        if self.on_disk.is_some()
            || self.device.is_empty()
            || self.ahead
            || self.torn.is_some()
            || self.covered.last_id.is_none()
        {
            return;
        }
        let same = match (log.metadata(), fs::metadata(self.log_path())) {
            (Ok(read), Ok(now)) => read.dev() == now.dev() && read.ino() == now.ino(),
            _ => false,
        };
        if same {
            let _ = self.write_snapshot();
        }
    }
}

/// `events` as log lines of a log whose header names `device`, each refused
/// if it would be longer than [`log::MAX_LINE`] (readers would take it for
/// damage).
fn encode(path: &Path, device: &str, events: &[Event]) -> Result<Vec<u8>, StoreError> {
    let mut lines = Vec::new();
    for event in events {
        let start = lines.len();
        line::encode(&mut lines, device, event)
            .map_err(|e| io_error("encode a review for", path)(e.into()))?;
        if lines.len() - start > log::MAX_LINE + 1 {
            return Err(io_error("save the answer to", path)(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("the record is longer than {} bytes", log::MAX_LINE),
            )));
        }
    }
    Ok(lines)
}

/// The message for a log that holds fewer lines than its snapshot covered.
fn lost_reviews(log: &Path, lines: u64, aside: Option<&Path>) -> String {
    let kept = match aside {
        Some(aside) => format!(
            "the snapshot, the only record of their card states, was moved to {}",
            aside.display()
        ),
        None => "the snapshot was left as it is".into(),
    };
    format!(
        "{} is shorter than the snapshot says (it covered {lines} lines): reviews were lost from the log; {kept}. Restore the log from a backup if you have one, or run `trialdrill store repair`",
        log.display()
    )
}

/// The error for a log that changed while the lock was held.
fn changed_under_us(path: &Path) -> StoreError {
    io_error("write to", path)(io::Error::other(
        "it changed while this session held the lock (another program wrote to it); nothing more was written, run `trialdrill store check`",
    ))
}

/// Writes the header of a new log into `log`, which is empty and locked.
fn write_header(path: &Path, log: &mut File) -> Result<(), StoreError> {
    let mut line = serde_json::to_vec(&Header::new(new_device_id()))
        .map_err(|e| io_error("encode the header of", path)(e.into()))?;
    line.push(b'\n');
    log.write_all(&line)
        .and_then(|()| log.sync_data())
        .and_then(|()| atomic::sync_dir(path))
        .map_err(io_error("create the review log", path))
}

/// Copies bytes `offset..offset + len` of `log` into a new file beside it
/// (`reviews.jsonl.torn-STAMP`), synced, before they are cut off.
fn set_aside_bytes(
    path: &Path,
    log: &mut File,
    offset: u64,
    len: u64,
) -> Result<PathBuf, StoreError> {
    let mut bytes = vec![0; usize::try_from(len).unwrap_or(usize::MAX)];
    log.seek(SeekFrom::Start(offset))
        .and_then(|_| log.read_exact(&mut bytes))
        .map_err(io_error("read", path))?;
    let (aside, ()) = atomic::set_aside(path, "torn", |to| {
        let mut file = atomic::create_new(to)?;
        file.write_all(&bytes)?;
        file.sync_all()
    })
    .map_err(io_error("set aside the incomplete line of", path))?;
    atomic::sync_dir(&aside).map_err(io_error("sync", &aside))?;
    Ok(aside)
}

/// The log's format, with a damaged first line, a newer format or a header
/// format that does not exist as errors.
pub(crate) fn read_kind(path: &Path, file: &mut File) -> Result<Kind, StoreError> {
    let damaged = |message: String| StoreError::Damaged {
        path: path.to_path_buf(),
        line: 1,
        message,
    };
    let kind = log::kind(file)
        .map_err(io_error("read", path))?
        .map_err(damaged)?;
    match kind {
        Kind::Headed { header, .. } if header.format > log::FORMAT => Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: header.format,
            written_by: header.written_by,
        }),
        // Format 1 had no header: a header names format 2 or later.
        Kind::Headed { header, .. } if header.format < log::LONG_FORM => Err(damaged(format!(
            "the header names format {}, which does not exist; this trialdrill writes format {}",
            header.format,
            log::FORMAT
        ))),
        kind => Ok(kind),
    }
}

/// The figures the snapshot at `path` holds, as it was when the store was
/// opened (`coverage`; `None` when there was none), with the events `since`
/// folded in; else why not.
fn stored_figures(
    path: &Path,
    coverage: Option<&Coverage>,
    since: &[Event],
) -> Result<Aggregates, String> {
    let mut stats = Snapshot::figures(path, coverage.ok_or("the store holds no snapshot")?)?;
    since.iter().for_each(|event| stats.apply(event));
    Ok(stats)
}

#[cfg(test)]
mod tests {
    /// The store's card states and figures, rebuilt when they cannot be
    /// read back.
    fn cards(store: &mut Store) -> &Cards {
        store.aggregates().unwrap();
        &store.cards
    }

    use super::*;
    use crate::engine::schedule::Rating;
    use jiff::civil::date;

    const MAGIC_LEN: usize = "trialdrill snapshot\n".len();

    fn review(card: &str, day: jiff::civil::Date, due: jiff::civil::Date) -> Event {
        Event::Review(Review {
            time: "2026-01-01T10:00:00Z".parse().unwrap(),
            answer: "x".into(),
            seconds: 2.5,
            due,
            ..Review::sample(card, day, Rating::Good)
        })
    }

    /// A store in `dir` holding one review, covered by its snapshot.
    fn snapshotted(dir: &Path) {
        let mut store = open(dir, Access::Write);
        store
            .append(&review("a", date(2026, 1, 1), date(2026, 1, 3)))
            .unwrap();
        store.save_snapshot().unwrap();
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
        // The snapshot covers the review but not the undo: it keeps what the
        // undo needs, so only the tail is replayed, quietly.
        let reopened = open(dir.path(), Access::Read);
        assert_eq!(reopened.state("d", "a"), Some(&before));
        assert!(reopened.trusted.is_some(), "the snapshot was used");
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
    fn a_clock_past_the_last_timestamp_is_refused_not_a_panic() {
        use std::time::{Duration, UNIX_EPOCH};
        // 9999-12-31T00:00Z: past 9999-12-30T22:00Z, the last instant every
        // time zone can show.
        let late = UNIX_EPOCH + Duration::from_secs(253_402_214_400);
        assert!(timestamp_of(late).is_err());
        assert_eq!(clamped(late), jiff::Timestamp::MAX);
        let message = ClockOutOfRange.to_string();
        assert!(message.contains("set the clock right"), "{message}");
        assert!(timestamp_of(UNIX_EPOCH + Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn a_line_repeated_past_the_snapshot_is_applied_once_as_check_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path(), Access::Write);
        store
            .append(&review("a", date(2026, 1, 1), date(2026, 1, 3)))
            .unwrap();
        store.save_snapshot().unwrap();
        store
            .append(&review("a", date(2026, 1, 3), date(2026, 1, 9)))
            .unwrap();
        let once = store.states().clone();
        drop(store);
        let log = dir.path().join(LOG_FILE);
        let text = fs::read_to_string(&log).unwrap();
        let last = text.lines().last().unwrap().to_string();
        fs::write(&log, format!("{text}{last}\n")).unwrap();
        for access in [Access::Read, Access::Write] {
            assert_eq!(open(dir.path(), access).states(), &once);
        }
        let rebuilt = maintain::replay(
            &Scheduler::default_params(),
            &maintain::scan(&log).unwrap().events,
        );
        assert_eq!(rebuilt.states, once);
    }

    #[test]
    fn a_writer_never_appends_to_or_cuts_a_log_that_grew_under_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(dir.path(), Access::Write);
        store
            .append(&review("a", date(2026, 1, 1), date(2026, 1, 3)))
            .unwrap();
        let log = dir.path().join(LOG_FILE);
        // Another program appends behind the lock's back.
        let mut grown = fs::read(&log).unwrap();
        grown.extend_from_slice(b"{\"type\":\"undo\",\"id\":\"u\",\"undoes\":\"x\",\"time\":\"2026-01-01T10:00:00Z\"}\n");
        fs::write(&log, &grown).unwrap();
        let err = crate::error::message(
            &store
                .append(&review("b", date(2026, 1, 1), date(2026, 1, 3)))
                .unwrap_err(),
        );
        assert!(
            err.contains("changed while this session held the lock"),
            "{err}"
        );
        assert_eq!(fs::read(&log).unwrap(), grown, "nothing cut, nothing added");
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

    /// The card states and figures of the store at `dir`, opened to read,
    /// and those of a replay of its whole log.
    fn cached_and_replayed(dir: &Path) -> (Cards, Cards) {
        let mut store = open(dir, Access::Read);
        let events = maintain::scan(&dir.join(LOG_FILE)).unwrap().events;
        let replayed = maintain::replay(&Scheduler::default_params(), &events);
        (cards(&mut store).clone(), replayed)
    }

    #[test]
    fn a_session_end_leaves_the_snapshot_until_the_tail_outgrows_its_bound() {
        let dir = tempfile::tempdir().unwrap();
        let snapshot = dir.path().join(SNAPSHOT_FILE);
        let mut store = open(dir.path(), Access::Write);
        store
            .append(&review("a", date(2026, 1, 1), date(2026, 1, 3)))
            .unwrap();
        store.save_snapshot().unwrap();
        let first = fs::read(&snapshot).unwrap();
        drop(store);
        // A short session: its end writes nothing but the log.
        let mut store = open(dir.path(), Access::Write);
        let answer = Event::Review(Review {
            answer: "x".repeat(1000),
            ..Review::sample("b", date(2026, 1, 2), Rating::Good)
        });
        store.append(&answer).unwrap();
        store.save_snapshot().unwrap();
        drop(store);
        assert_eq!(fs::read(&snapshot).unwrap(), first);
        let mut reopened = open(dir.path(), Access::Read);
        assert!(reopened.trusted.is_some(), "the snapshot and the tail");
        assert_eq!(reopened.state("d", "b").unwrap().reps, 1);
        assert_eq!(cards(&mut reopened), &cached_and_replayed(dir.path()).1);
        // Past the bound, the session's end rewrites it.
        let mut store = open(dir.path(), Access::Write);
        let line = 1100;
        for _ in 0..=TAIL_BOUND / line {
            store
                .append(&Event::Review(Review {
                    answer: "x".repeat(line as usize),
                    ..Review::sample("c", date(2026, 1, 2), Rating::Good)
                }))
                .unwrap();
        }
        store.save_snapshot().unwrap();
        let covered = store.covered.bytes;
        drop(store);
        assert_ne!(fs::read(&snapshot).unwrap(), first);
        let on_disk = open(dir.path(), Access::Read).on_disk;
        assert_eq!(on_disk.map(|c| c.bytes), Some(covered));
    }

    #[test]
    fn a_stale_or_older_snapshot_is_rebuilt_quietly_and_written_by_the_first_reader() {
        let dir = tempfile::tempdir().unwrap();
        snapshotted(dir.path());
        let snapshot = dir.path().join(SNAPSHOT_FILE);
        let legacy = dir.path().join(LEGACY_SNAPSHOT_FILE);
        let mut other = fsrs::DEFAULT_PARAMETERS.to_vec();
        other[0] += 0.01;
        let fitted = Scheduler::new(&other, 0.9).unwrap();
        // Other parameters, then a JSON snapshot of an older trialdrill.
        for case in ["parameters", "older"] {
            let scheduler = match case {
                "parameters" => fitted.clone(),
                _ => {
                    fs::remove_file(&snapshot).unwrap();
                    fs::write(&legacy, r#"{"format":3,"coverage":{"bytes":9,"lines":1}}"#).unwrap();
                    Scheduler::default_params()
                }
            };
            let reader = Store::open(dir.path(), Access::Read, scheduler.clone()).unwrap();
            assert!(
                reader.warnings().is_empty(),
                "{case}: {:?}",
                reader.warnings()
            );
            assert!(reader.trusted.is_none(), "{case}: replayed, not trusted");
            assert!(!legacy.exists(), "{case}: the older snapshot is replaced");
            let again = Store::open(dir.path(), Access::Read, scheduler).unwrap();
            assert!(again.trusted.is_some(), "{case}: the reader wrote it");
            assert_eq!(again.states(), reader.states());
        }
    }

    #[test]
    fn a_damaged_snapshot_is_rebuilt_with_a_warning_never_trusted() {
        let dir = tempfile::tempdir().unwrap();
        snapshotted(dir.path());
        let snapshot = dir.path().join(SNAPSHOT_FILE);
        let good = fs::read(&snapshot).unwrap();
        let core = u64::from_le_bytes(good[MAGIC_LEN + 4..MAGIC_LEN + 12].try_into().unwrap());
        let figures = MAGIC_LEN + 12 + core as usize + 8;
        // One bit of the core flipped, anywhere: its checksum tells at once.
        for at in [
            MAGIC_LEN + 5,
            MAGIC_LEN + 12 + core as usize / 2,
            figures - 1,
        ] {
            let mut bad = good.clone();
            bad[at] ^= 1;
            fs::write(&snapshot, &bad).unwrap();
            let mut store =
                Store::open(dir.path(), Access::Read, Scheduler::default_params()).unwrap();
            assert!(store.trusted.is_none());
            assert!(
                store.warnings()[0].contains("is unusable")
                    && store.warnings()[0].contains("rebuilt it"),
                "{:?}",
                store.warnings()
            );
            let (cached, replayed) = cached_and_replayed(dir.path());
            assert_eq!(cached, replayed);
            assert_eq!(cards(&mut store), &replayed);
            fs::write(&snapshot, &good).unwrap();
        }
        // One bit of the figures flipped: the states are used, and the
        // figures, read only when asked for, are rebuilt from the log.
        for at in [figures, (figures + good.len()) / 2, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 1;
            fs::write(&snapshot, &bad).unwrap();
            let mut store =
                Store::open(dir.path(), Access::Read, Scheduler::default_params()).unwrap();
            assert!(store.trusted.is_some() && store.warnings().is_empty());
            let (_, replayed) = cached_and_replayed(dir.path());
            assert_eq!(cards(&mut store), &replayed);
            assert!(
                store.warnings()[0].contains("figures of `stats` could not be read back")
                    && store.warnings()[0].contains("rebuilt them"),
                "{:?}",
                store.warnings()
            );
            fs::write(&snapshot, &good).unwrap();
        }
        // A review index without its one record, under a checksum that
        // matches: it is not what the figures say, so they are rebuilt too.
        let length = u64::from_le_bytes(good[figures..figures + 8].try_into().unwrap());
        let mut short = good[..figures + 8 + length as usize].to_vec();
        assert!(short.len() < good.len() - 8, "the index has a record");
        let sum = xxhash_rust::xxh3::xxh3_64(&short[figures..]);
        short.extend_from_slice(&sum.to_le_bytes());
        fs::write(&snapshot, &short).unwrap();
        let mut store = Store::open(dir.path(), Access::Read, Scheduler::default_params()).unwrap();
        let (_, replayed) = cached_and_replayed(dir.path());
        assert_eq!(cards(&mut store), &replayed);
        assert!(
            store.warnings()[0].contains("its review index is cut short"),
            "{:?}",
            store.warnings()
        );
    }

    #[test]
    fn figures_read_after_the_snapshot_was_replaced_are_rebuilt_not_mixed_up() {
        let dir = tempfile::tempdir().unwrap();
        snapshotted(dir.path());
        let mut reader = open(dir.path(), Access::Read);
        // Another writer adds a review and replaces the snapshot meanwhile.
        let mut writer = open(dir.path(), Access::Write);
        writer
            .append(&review("b", date(2026, 1, 2), date(2026, 1, 4)))
            .unwrap();
        writer.write_snapshot().unwrap();
        drop(writer);
        let figures = reader.aggregates().unwrap();
        assert_eq!(figures.decks["d"].cards.len(), 1, "only what it opened");
        assert!(
            reader.warnings()[0].contains("replaced since"),
            "{:?}",
            reader.warnings()
        );
    }

    #[test]
    fn figures_read_once_are_the_figures_and_stay_in_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        snapshotted(dir.path());
        let mut store = open(dir.path(), Access::Write);
        store
            .append(&review("b", date(2026, 1, 2), date(2026, 1, 4)))
            .unwrap();
        let once = store.read_aggregates(Aggregates::clone).unwrap();
        assert!(store.cards.figures.folded().is_none(), "let go");
        assert_eq!(once.decks["d"].cards.len(), 2, "the event since included");
        assert_eq!(store.aggregates().unwrap(), &once);
        // Once they are held, they are what is read.
        assert_eq!(store.read_aggregates(|a| a.reviews.count()).unwrap(), 2);
    }

    #[test]
    fn a_session_that_never_reads_the_figures_still_writes_them_right() {
        let dir = tempfile::tempdir().unwrap();
        snapshotted(dir.path());
        let mut store = open(dir.path(), Access::Write);
        assert!(store.cards.figures.folded().is_none(), "left in the file");
        for card in ["b", "c"] {
            store
                .append(&review(card, date(2026, 1, 2), date(2026, 1, 4)))
                .unwrap();
        }
        store.write_snapshot().unwrap();
        drop(store);
        let (cached, replayed) = cached_and_replayed(dir.path());
        assert_eq!(cached, replayed);
        assert_eq!(replayed.figures.folded().unwrap().decks["d"].cards.len(), 3);
    }

    /// One step of a random history.
    #[derive(Debug, Clone)]
    enum Step {
        Review {
            card: u8,
            day: i8,
            rating: u8,
            graded: Option<bool>,
            tenths: u16,
        },
        /// Takes back the review just saved (if the last step was one).
        Undo,
        /// An undo of an older review, which takes nothing back.
        StrayUndo(u8),
        Exam {
            cards: Vec<(u8, bool)>,
        },
        Session,
        /// The session ends (saving the snapshot when due) and another opens.
        Reopen,
        /// The snapshot is rewritten right now.
        Snapshot,
    }

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        prop_oneof![
            6 => (0u8..4, 1i8..20, 1u8..=4, proptest::option::of(any::<bool>()), 0u16..300)
                .prop_map(|(card, day, rating, graded, tenths)| Step::Review { card, day, rating, graded, tenths }),
            2 => Just(Step::Undo),
            1 => any::<u8>().prop_map(Step::StrayUndo),
            1 => proptest::collection::vec((0u8..4, any::<bool>()), 0..4).prop_map(|cards| Step::Exam { cards }),
            1 => Just(Step::Session),
            2 => Just(Step::Reopen),
            2 => Just(Step::Snapshot),
        ]
    }

    /// Plays `steps` into the store at `dir` as device `device`.
    fn play(dir: &Path, steps: &[Step], device: &str) {
        let mut store = open(dir, Access::Write);
        let mut reviews: Vec<String> = Vec::new();
        let mut last_was_review = false;
        for (i, step) in steps.iter().enumerate() {
            let minute = i as i64;
            let time = jiff::Timestamp::from_second(1_767_261_600 + 60 * minute).unwrap();
            let event = match step {
                Step::Review {
                    card,
                    day,
                    rating,
                    graded,
                    tenths,
                } => {
                    let day = date(2026, 1, *day);
                    let rating = Rating::try_from(*rating).unwrap();
                    Some(Event::Review(Review {
                        device: device.into(),
                        time,
                        correct: *graded,
                        seconds: f64::from(*tenths) / 10.0,
                        due: day,
                        ..Review::sample(&format!("c{card}"), day, rating)
                    }))
                }
                Step::Undo if last_was_review => Some(Event::Undo {
                    id: new_id(),
                    undoes: reviews.last().unwrap().clone(),
                    time,
                }),
                Step::StrayUndo(n) if !reviews.is_empty() => Some(Event::Undo {
                    id: new_id(),
                    undoes: reviews[usize::from(*n) % reviews.len()].clone(),
                    time,
                }),
                Step::Exam { cards } => Some(Event::Exam(ExamRecord {
                    id: new_id(),
                    device: device.into(),
                    started: time,
                    ended: time,
                    day: date(2026, 1, 20),
                    decks: vec!["d".into()],
                    seed: 1,
                    minutes: None,
                    questions: cards
                        .iter()
                        .map(|&(card, correct)| ExamQuestion {
                            deck: "d".into(),
                            card: format!("c{card}"),
                            tags: vec![format!("t{}", card % 2)],
                            answer: None,
                            correct,
                            seconds: 1.0,
                            options: None,
                            picked: None,
                            overruled: false,
                        })
                        .collect(),
                    correct: cards.iter().filter(|c| c.1).count() as u32,
                    learner: None,
                })),
                Step::Session => Some(Event::Session(SessionRecord {
                    id: new_id(),
                    started: time,
                    ended: time,
                    answered: 1,
                    correct: 1,
                    graded: 1,
                })),
                Step::Reopen => {
                    store.save_snapshot().unwrap();
                    drop(store);
                    store = open(dir, Access::Write);
                    None
                }
                Step::Snapshot => {
                    store.write_snapshot().unwrap();
                    None
                }
                Step::Undo | Step::StrayUndo(_) => None,
            };
            match event {
                Some(event) => {
                    last_was_review = matches!(event, Event::Review(_));
                    if let Event::Review(r) = &event {
                        reviews.push(r.id.clone());
                    }
                    store.append(&event).unwrap();
                }
                None => last_was_review &= matches!(step, Step::Snapshot | Step::Reopen),
            }
        }
        store.save_snapshot().unwrap();
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// The figures kept in the snapshot and folded in from the log's tail
        /// equal a replay of the whole log, with undos, exams, reopened
        /// sessions, snapshots at any point and a merge of another device.
        #[test]
        fn cached_figures_equal_a_full_replay(
            ours in proptest::collection::vec(step(), 0..30),
            theirs in proptest::collection::vec(step(), 0..15),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let (mine, other) = (dir.path().join("mine"), dir.path().join("other"));
            play(&mine, &ours, "a");
            let (cached, replayed) = cached_and_replayed(&mine);
            proptest::prop_assert_eq!(cached.figures.folded(), replayed.figures.folded());
            proptest::prop_assert_eq!(&cached.states, &replayed.states);
            play(&other, &theirs, "b");
            maintain::merge(&mine, &other, &Scheduler::default_params()).unwrap();
            let (cached, replayed) = cached_and_replayed(&mine);
            proptest::prop_assert_eq!(cached.figures.folded(), replayed.figures.folded());
            proptest::prop_assert_eq!(&cached.states, &replayed.states);
            // And more sessions on top of the merged store.
            play(&mine, &ours, "a");
            let (cached, replayed) = cached_and_replayed(&mine);
            proptest::prop_assert_eq!(cached.figures.folded(), replayed.figures.folded());
            proptest::prop_assert_eq!(&cached, &replayed);
        }
    }
}
