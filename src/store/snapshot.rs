//! The snapshot: card states, the figures `stats` reads, the ids of the
//! events they count, and how much of the log they cover; replaced
//! atomically (write a temporary file, fsync, rename, fsync the folder).
//!
//! The file is binary: a magic line, the format, the body in postcard, then
//! an XXH3 checksum of format and body, so damage anywhere is noticed and the
//! snapshot rebuilt rather than trusted. Snapshots before format 4 were JSON
//! under another name (`state.json`): read only to tell an older snapshot
//! from one that covers more of the log than there is.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::cards::Cards;
use super::ids::IdFilter;
use super::{StoreError, atomic, io_error, log};

/// The snapshot format this build writes (2: card states in packed form;
/// 3: each state also says whether the card was ever answered right; 4:
/// binary, with the figures of `stats`, the last review for undo and the
/// covered ids).
const FORMAT: u32 = 4;

/// What every snapshot file starts with.
const MAGIC: &[u8; 20] = b"trialdrill snapshot\n";

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
    /// How much of the log the states cover.
    pub coverage: Coverage,
    /// The fingerprint of the FSRS parameters that computed the states
    /// (`Scheduler::fingerprint`).
    pub parameters: String,
    /// Card states, figures and the last review, as of the coverage's end.
    pub cards: Cards,
    /// The ids of every event covered.
    pub ids: IdFilter,
}

/// How much of the log an older JSON snapshot covered (the same shape in
/// every JSON format), to tell a stale one from one ahead of the log.
#[derive(Deserialize)]
struct Version {
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
    /// Reads the snapshot at `path` (or, when there is none, the older JSON
    /// one at `legacy`) and checks it against the log (`None` when there is
    /// none) of `log_len` bytes and the `parameters` fingerprint in use.
    /// `Ok(None)` when there is no snapshot; `Err` with the reason when it
    /// cannot be used.
    pub fn read(
        path: &Path,
        legacy: &Path,
        log: Option<&mut File>,
        log_len: u64,
        parameters: &str,
    ) -> Result<Option<Snapshot>, Unusable> {
        let damaged = |why: String| Unusable::Damaged(why);
        let bytes = match read_file(path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                return match read_file(legacy) {
                    Ok(Some(old)) => Err(match serde_json::from_slice::<Version>(&old) {
                        Ok(v) => v.unusable(log_len),
                        Err(_) => Unusable::Stale,
                    }),
                    _ => Ok(None),
                };
            }
            Err(e) => return Err(damaged(e.to_string())),
        };
        let snapshot = decode(&bytes)?;
        // Checked first: a log shorter than any snapshot says is damage.
        let covered = &snapshot.coverage;
        if covered.bytes > log_len {
            if covered.last_id.is_some() || !snapshot.cards.states.is_empty() {
                return Err(Unusable::Ahead {
                    lines: covered.lines,
                });
            }
            return Err(damaged(
                "it covers more of the review log than there is".into(),
            ));
        }
        let last = match log {
            Some(log) => last_event_id(log, covered.bytes).map_err(|e| damaged(e.to_string()))?,
            None => None,
        };
        if last != covered.last_id {
            return Err(damaged("it does not match the review log".into()));
        }
        if snapshot.parameters != parameters {
            return Err(Unusable::Stale);
        }
        Ok(Some(snapshot))
    }

    /// Atomically replaces the snapshot at `path` with `cards` and `ids`,
    /// computed with the FSRS parameters whose fingerprint is `parameters`,
    /// then removes the older JSON snapshot at `legacy`, replaced now (one
    /// ahead of the log was moved aside before).
    pub fn write(
        path: &Path,
        legacy: &Path,
        coverage: &Coverage,
        parameters: &str,
        cards: &Cards,
        ids: &IdFilter,
    ) -> Result<(), StoreError> {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            coverage: &'a Coverage,
            parameters: &'a str,
            cards: &'a Cards,
            ids: &'a IdFilter,
        }
        let mut body = MAGIC.to_vec();
        body.extend_from_slice(&FORMAT.to_le_bytes());
        let body = postcard::to_extend(
            &Borrowed {
                coverage,
                parameters,
                cards,
                ids,
            },
            body,
        )
        .map_err(|e| io_error("encode", path)(io::Error::other(e)))?;
        let sum = xxh3_64(&body[MAGIC.len()..]);
        atomic::replace_with(path, |out| {
            out.write_all(&body)?;
            out.write_all(&sum.to_le_bytes())
        })
        .map_err(io_error("replace", path))?;
        match std::fs::remove_file(legacy) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                Err(io_error("remove the older snapshot", legacy)(e))
            }
            _ => Ok(()),
        }
    }
}

/// The whole file at `path`; `None` when there is none.
fn read_file(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    match atomic::open_regular(path, OpenOptions::new().read(true))
        .and_then(|mut f| f.read_to_end(&mut bytes))
    {
        Ok(_) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// A snapshot file's content, checked: magic, format and checksum.
fn decode(bytes: &[u8]) -> Result<Snapshot, Unusable> {
    let damaged = |why: &str| Unusable::Damaged(why.into());
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or_else(|| damaged("it is not a trialdrill snapshot"))?;
    let Some((checked, sum)) = rest.split_last_chunk::<8>() else {
        return Err(damaged("it is cut short"));
    };
    let Some((format, body)) = checked.split_first_chunk::<4>() else {
        return Err(damaged("it is cut short"));
    };
    let format = u32::from_le_bytes(*format);
    if format < FORMAT {
        return Err(Unusable::Stale);
    }
    if format != FORMAT {
        return Err(Unusable::Damaged(format!(
            "snapshot format {format} is not {FORMAT}"
        )));
    }
    if xxh3_64(checked) != u64::from_le_bytes(*sum) {
        return Err(damaged("its checksum does not match its content"));
    }
    postcard::from_bytes(body).map_err(|e| Unusable::Damaged(e.to_string()))
}

/// The id of the event on the line that ends at byte `end` of the log.
fn last_event_id(log: &mut File, end: u64) -> io::Result<Option<String>> {
    Ok(log::line_before(log, end)?
        .and_then(|line| super::line::decode(&line, "").ok())
        .map(|e| e.id().to_string()))
}
