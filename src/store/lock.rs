//! One writer at a time: an exclusive OS lock on `DIR/lock`, which also
//! records the holder's process id for the message a second session gets.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;

use super::{LOCK_FILE, StoreError, io_error};

/// Takes the store's exclusive lock and records this process id in it. The
/// lock is released when the returned file is closed, even by a crash.
pub fn take(dir: &Path) -> Result<File, StoreError> {
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
    file.set_len(0)
        .and_then(|()| file.write_all(std::process::id().to_string().as_bytes()))
        .map_err(io_error("write the lock file", &path))?;
    Ok(file)
}
