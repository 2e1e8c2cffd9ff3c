//! The snapshot: card states and how much of the log they cover, replaced
//! atomically (write a temporary file, fsync, rename, fsync the folder).

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Event, States, StoreError, io_error};

/// The snapshot format this build writes (2: card states in packed form).
const FORMAT: u32 = 2;

/// How much of the log a snapshot covers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Bytes of the log, always ending at a line end.
    pub bytes: u64,
    /// Lines of the log.
    pub lines: u64,
    /// The id of the last covered event, to check the log was not replaced.
    pub last_id: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub struct Snapshot {
    pub format: u32,
    pub coverage: Coverage,
    pub cards: States,
}

impl Snapshot {
    /// Reads the snapshot at `path` and checks it against the log. `Ok(None)`
    /// when there is none; `Err` with the reason when it cannot be trusted.
    pub fn read(path: &Path, log: &mut File, log_len: u64) -> Result<Option<Snapshot>, String> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let snapshot: Snapshot = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        if snapshot.format != FORMAT {
            return Err(format!(
                "snapshot format {} is not {FORMAT}",
                snapshot.format
            ));
        }
        let covered = &snapshot.coverage;
        if covered.bytes > log_len {
            return Err("it covers more of the review log than there is".into());
        }
        if last_event_id(log, covered.bytes).map_err(|e| e.to_string())? != covered.last_id {
            return Err("it does not match the review log".into());
        }
        Ok(Some(snapshot))
    }

    /// Atomically replaces the snapshot at `path`.
    pub fn write(path: &Path, coverage: &Coverage, cards: &States) -> Result<(), StoreError> {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            format: u32,
            coverage: &'a Coverage,
            cards: &'a States,
        }
        let body = serde_json::to_vec(&Borrowed {
            format: FORMAT,
            coverage,
            cards,
        })
        .map_err(|e| io_error("encode", path)(e.into()))?;
        crate::atomic::replace(path, &body).map_err(io_error("replace", path))?;
        Ok(())
    }
}

/// The id of the event on the line that ends at byte `end` of the log.
fn last_event_id(log: &mut File, end: u64) -> io::Result<Option<String>> {
    if end == 0 {
        return Ok(None);
    }
    // A line is far shorter than this, even with a long typed answer; a
    // window that holds no whole line reads as a mismatch and a rebuild.
    let window = end.min(1 << 16);
    log.seek(SeekFrom::Start(end - window))?;
    let mut buf = vec![0; usize::try_from(window).unwrap_or(usize::MAX)];
    log.read_exact(&mut buf)?;
    if buf.last() != Some(&b'\n') {
        return Ok(None);
    }
    let body = &buf[..buf.len() - 1];
    let start = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    Ok(serde_json::from_slice::<Event>(&body[start..])
        .ok()
        .map(|e| e.id().to_string()))
}
