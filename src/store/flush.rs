//! Background flushing of the review log to disk.
//!
//! An answer is written to the log (so it survives a crash of trialdrill)
//! before the next card is shown; the `fdatasync` that makes it survive a
//! power cut runs on this thread, so the learner never waits on the disk.
//! Requests coalesce: one sync covers every write before it.

use std::fs::File;
use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;

#[derive(Default)]
struct Progress {
    /// The highest write number known to be on disk.
    synced: u64,
    /// The first sync failure, reported to the next caller.
    error: Option<io::Error>,
}

type Shared = Arc<(Mutex<Progress>, Condvar)>;

/// A thread that syncs a file whenever asked.
pub struct Flusher {
    requests: Option<Sender<u64>>,
    shared: Shared,
    thread: Option<JoinHandle<()>>,
}

impl Flusher {
    /// Starts flushing `file` (a handle to the log).
    pub fn start(file: File) -> io::Result<Flusher> {
        let (requests, receiver) = mpsc::channel();
        let shared: Shared = Arc::default();
        let worker = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("log-flusher".into())
            .spawn(move || run(&file, &receiver, &worker))?;
        Ok(Flusher {
            requests: Some(requests),
            shared,
            thread: Some(thread),
        })
    }

    /// Asks for everything up to write number `written` to reach the disk.
    /// Returns an error from an earlier sync, if one failed.
    pub fn request(&self, written: u64) -> io::Result<()> {
        self.take_error()?;
        if let Some(requests) = &self.requests {
            // The thread only stops when the flusher is dropped.
            let _ = requests.send(written);
        }
        Ok(())
    }

    /// Waits until write number `written` is on disk.
    pub fn wait(&self, written: u64) -> io::Result<()> {
        let (lock, ready) = &*self.shared;
        let mut progress = lock.lock().unwrap_or_else(PoisonError::into_inner);
        while progress.synced < written && progress.error.is_none() {
            progress = ready.wait(progress).unwrap_or_else(PoisonError::into_inner);
        }
        progress.error.take().map_or(Ok(()), Err)
    }

    fn take_error(&self) -> io::Result<()> {
        let (lock, _) = &*self.shared;
        let mut progress = lock.lock().unwrap_or_else(PoisonError::into_inner);
        progress.error.take().map_or(Ok(()), Err)
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        // Closing the channel lets the thread finish its last sync and stop.
        self.requests = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(file: &File, requests: &Receiver<u64>, shared: &Shared) {
    while let Ok(mut upto) = requests.recv() {
        while let Ok(later) = requests.try_recv() {
            upto = upto.max(later);
        }
        let result = file.sync_data();
        let (lock, ready) = &**shared;
        let mut progress = lock.lock().unwrap_or_else(PoisonError::into_inner);
        match result {
            Ok(()) => progress.synced = progress.synced.max(upto),
            Err(e) => progress.error = Some(e),
        }
        ready.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn waiting_returns_once_the_write_is_synced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let mut file = File::create(&path).unwrap();
        let flusher = Flusher::start(file.try_clone().unwrap()).unwrap();
        for n in 1..=20 {
            file.write_all(b"line\n").unwrap();
            flusher.request(n).unwrap();
        }
        flusher.wait(20).unwrap();
        let (lock, _) = &*flusher.shared;
        assert_eq!(lock.lock().unwrap().synced, 20);
    }
}
