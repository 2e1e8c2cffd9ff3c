//! The snapshot: card states and how much of the log they cover, replaced
//! atomically (write a temporary file, fsync, rename, fsync the folder).

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{States, StoreError, atomic, io_error, log};

/// The snapshot format this build writes (2: card states in packed form;
/// 3: each state also says whether the card was ever answered right).
const FORMAT: u32 = 3;

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

/// The snapshot file's content.
#[derive(Serialize, Deserialize)]
pub struct Snapshot {
    /// [`FORMAT`].
    pub format: u32,
    /// How much of the log the states cover.
    pub coverage: Coverage,
    /// The fingerprint of the FSRS parameters that computed the states
    /// (`Scheduler::fingerprint`); absent in snapshots from before it was kept.
    #[serde(default)]
    pub parameters: Option<String>,
    /// Card states by deck and item.
    pub cards: States,
}

/// Only the format of a snapshot, to tell an older one from a damaged one,
/// and how much of the log it covered (the same shape in every format).
#[derive(Deserialize)]
struct Version {
    format: u32,
    #[serde(default)]
    coverage: Option<Coverage>,
}

impl Version {
    /// Why an older snapshot is not used: stale, unless it covers more of
    /// the log than there is, which is damage to the log whatever the format.
    fn unusable(self, log_len: u64) -> Unusable {
        match self.coverage {
            Some(c) if c.bytes > log_len && c.last_id.is_some() => {
                Unusable::Ahead { lines: c.lines }
            }
            _ => Unusable::Stale,
        }
    }
}

/// Why a snapshot is not used.
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    /// It was computed with other FSRS parameters, or written by an older
    /// trialdrill: rebuilt without a warning, as a change of parameters or an
    /// upgrade is expected to do.
    Stale,
    /// It is damaged or does not match the log.
    Damaged(String),
    /// It covers more of the log than the log holds (`lines` lines, events
    /// among them): the log lost reviews, and the snapshot is the only record
    /// of their card states.
    Ahead {
        /// Lines it covered.
        lines: u64,
    },
}

impl Snapshot {
    /// Reads the snapshot at `path` and checks it against the log (`None`
    /// when there is none) of `log_len` bytes and the `parameters`
    /// fingerprint in use. `Ok(None)` when there is no snapshot; `Err` with
    /// the reason when it cannot be used.
    pub fn read(
        path: &Path,
        log: Option<&mut File>,
        log_len: u64,
        parameters: &str,
    ) -> Result<Option<Snapshot>, Unusable> {
        let damaged = |why: String| Unusable::Damaged(why);
        let mut bytes = Vec::new();
        match atomic::open_regular(path, OpenOptions::new().read(true))
            .and_then(|mut f| f.read_to_end(&mut bytes))
        {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(damaged(e.to_string())),
        }
        let snapshot: Snapshot = match serde_json::from_slice(&bytes) {
            Ok(snapshot) => snapshot,
            // An older format may not parse as this one; only that is no damage.
            Err(e) => {
                return Err(match serde_json::from_slice::<Version>(&bytes) {
                    Ok(v) if v.format < FORMAT => v.unusable(log_len),
                    _ => damaged(e.to_string()),
                });
            }
        };
        // Checked first: a log shorter than any snapshot says is damage.
        let covered = &snapshot.coverage;
        if covered.bytes > log_len {
            if covered.last_id.is_some() || !snapshot.cards.is_empty() {
                return Err(Unusable::Ahead {
                    lines: covered.lines,
                });
            }
            return Err(damaged(
                "it covers more of the review log than there is".into(),
            ));
        }
        if snapshot.format < FORMAT {
            return Err(Unusable::Stale);
        }
        if snapshot.format != FORMAT {
            return Err(damaged(format!(
                "snapshot format {} is not {FORMAT}",
                snapshot.format
            )));
        }
        let last = match log {
            Some(log) => last_event_id(log, covered.bytes).map_err(|e| damaged(e.to_string()))?,
            None => None,
        };
        if last != covered.last_id {
            return Err(damaged("it does not match the review log".into()));
        }
        if snapshot.parameters.as_deref() != Some(parameters) {
            return Err(Unusable::Stale);
        }
        Ok(Some(snapshot))
    }

    /// Atomically replaces the snapshot at `path` with `cards`, computed with
    /// the FSRS parameters whose fingerprint is `parameters`.
    pub fn write(
        path: &Path,
        coverage: &Coverage,
        parameters: &str,
        cards: &States,
    ) -> Result<(), StoreError> {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            format: u32,
            coverage: &'a Coverage,
            parameters: &'a str,
            cards: &'a States,
        }
        let body = serde_json::to_vec(&Borrowed {
            format: FORMAT,
            coverage,
            parameters,
            cards,
        })
        .map_err(|e| io_error("encode", path)(e.into()))?;
        crate::store::atomic::replace(path, &body).map_err(io_error("replace", path))?;
        Ok(())
    }
}

/// The id of the event on the line that ends at byte `end` of the log.
fn last_event_id(log: &mut File, end: u64) -> io::Result<Option<String>> {
    Ok(log::line_before(log, end)?
        .and_then(|line| super::line::decode(&line, "").ok())
        .map(|e| e.id().to_string()))
}
