//! One writer at a time: an exclusive OS lock (`flock`) on the review log
//! itself, so the lock cannot be lost by deleting a file beside it. A file
//! that replaces the log (repair, merge, migration) is locked before it takes
//! the log's name (`atomic::replace_locked`), and a writer that locked a log
//! that was replaced meanwhile notices and locks the new one.
//!
//! `DIR/lock` only records the holder's process id, for the message a second
//! session gets; it is written like every other file (a new temporary file,
//! renamed), so a link planted there is replaced, never written through.
//!
//! Settings and installed decks are edited under their own lock files
//! ([`exclusive`]), so `config set` works while a session runs.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

use super::atomic;
use super::{LOCK_FILE, LOG_FILE, StoreError, io_error};

/// How often a writer retries when the log it locked was replaced meanwhile.
const ATTEMPTS: usize = 8;

/// Takes the store's write lock: opens (creating it empty if need be) and
/// locks the review log, and records this process id in `DIR/lock`. The lock
/// is held while the returned file is open and released when it closes, even
/// by a crash. The file is open for reading and appending.
pub fn take(dir: &Path) -> Result<File, StoreError> {
    let path = dir.join(LOG_FILE);
    for _ in 0..ATTEMPTS {
        let file = open_log(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Busy {
                    dir: dir.to_path_buf(),
                    pid: holder(dir),
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_error("lock", &path)(e)),
        }
        // Locked: but is it still the file named reviews.jsonl?
        let held = file.metadata().map_err(io_error("read", &path))?;
        match fs::symlink_metadata(&path) {
            Ok(now) if now.dev() == held.dev() && now.ino() == held.ino() => {
                // The process id is only for a second session's message, so
                // failing to record it does not stop this one.
                let _ = atomic::replace(
                    &dir.join(LOCK_FILE),
                    std::process::id().to_string().as_bytes(),
                );
                return Ok(file);
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error("read", &path)(e)),
        }
    }
    Err(io_error("lock", &path)(io::Error::other(
        "the review log keeps being replaced by another process; try again",
    )))
}

/// Opens the log to lock it: never through a symbolic link, never waiting on
/// a FIFO, and only a regular file.
fn open_log(path: &Path) -> Result<File, StoreError> {
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is a symbolic link; keep the review log itself in the store folder",
            ),
            _ => e,
        })
        .map_err(io_error("open", path))?;
    let is_file = file.metadata().map_err(io_error("read", path))?.is_file();
    if !is_file {
        return Err(io_error("open", path)(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        )));
    }
    Ok(file)
}

/// The process id recorded in `DIR/lock`, or `unknown`.
fn holder(dir: &Path) -> String {
    let mut pid = String::new();
    let read = atomic::open_regular(&dir.join(LOCK_FILE), OpenOptions::new().read(true))
        .and_then(|f| f.take(64).read_to_string(&mut pid));
    match read {
        Ok(_) if !pid.trim().is_empty() => pid.trim().to_string(),
        _ => "unknown".into(),
    }
}

/// Waits for an exclusive lock on the lock file at `path` (created empty if
/// need be, never through a symbolic link) and holds it while the returned
/// file is open: for read-modify-write edits such as `config set`.
pub fn exclusive(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    file.lock()?;
    Ok(file)
}
