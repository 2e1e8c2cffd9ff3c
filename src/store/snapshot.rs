//! The snapshot: card states, the figures `stats` reads, the ids of the
//! events they count, and how much of the log they cover; replaced
//! atomically (write a temporary file, fsync, rename, fsync the folder).
//!
//! The file is binary, in two sections so that opening a store reads only
//! the first:
//!
//! ```text
//! magic line · format (u32) · core length (u64) · core · XXH3 of format, length and core (u64)
//! figures length (u64) · figures · review index · XXH3 of the three (u64)
//! ```
//!
//! The core is a run of blocks, each its length (u64) and postcard: the
//! covered ids; the coverage, the parameters' fingerprint, the last review
//! for undo and the number of decks; then one block a deck with its card
//! states. It is read block by block up to the deck blocks, which are read
//! together (and decoded on the machine's cores once their checksum
//! matches), so it never needs a copy of the whole file in memory beside
//! what it decodes to. The figures
//! (postcard) hold the figures of `stats` with the coverage again, so
//! figures read later from a file replaced meanwhile are told apart; the
//! review index (`review_index`) follows them as its records are, read
//! straight into its own buffer. Damage
//! anywhere is noticed by a checksum and the snapshot rebuilt rather than
//! trusted. Snapshots before format 4 were JSON under another name
//! (`state.json`): read only to tell an older snapshot from one that covers
//! more of the log than there is.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use super::States;
use super::aggregates::Aggregates;
use super::cards::{Cards, Figures, LastReview};
use super::ids::IdFilter;
use super::{StoreError, atomic, io_error, log};
use crate::engine::schedule::CardState;

/// The snapshot format this build writes (2: card states in packed form;
/// 3: each state also says whether the card was ever answered right; 4:
/// binary, with the figures of `stats`, the last review for undo and the
/// covered ids; 5: the figures in a section of their own; 6: the figures
/// with every review in brief, in fixed-size records, written by one
/// development build only; 7: in LEB128 records, decoded only when read).
const FORMAT: u32 = 7;

/// What every snapshot file starts with.
const MAGIC: &[u8; 20] = b"trialdrill snapshot\n";
/// Bytes before the core: magic, format and the core's length.
const HEAD: usize = MAGIC.len() + 4 + 8;
/// Bytes of a checksum.
const SUM: usize = 8;
/// Bytes of a length.
const LENGTH: usize = 8;
/// The fewest bytes of deck blocks worth decoding on more than one thread
/// (about 4,000 card states).
const PARALLEL_BYTES: usize = 128 * 1024;

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

/// The snapshot file's core: what opening a store reads.
pub struct Snapshot {
    /// How much of the log the states cover.
    pub coverage: Coverage,
    /// Card states and the last review, as of the coverage's end; the
    /// figures are deferred (see [`Snapshot::figures`]).
    pub cards: Cards,
    /// The ids of every event covered.
    pub ids: IdFilter,
}

/// The core section, as read.
struct Core {
    coverage: Coverage,
    parameters: String,
    states: States,
    last: Option<LastReview>,
    ids: IdFilter,
}

/// The core's block after the ids. (Serialize and Deserialize see the same
/// fields: borrowed to be written, owned when read.)
#[derive(Serialize, Deserialize)]
struct Prefix<C, P, L> {
    coverage: C,
    parameters: P,
    last: L,
    /// How many deck blocks follow.
    decks: u64,
}

/// The figures section: the figures of `stats` and the coverage they are
/// of. (Serialize and Deserialize see the same fields; the coverage comes
/// first so a mismatch is told before the figures are used.)
#[derive(Serialize, Deserialize)]
struct FiguresOf<C, S> {
    coverage: C,
    stats: S,
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
    /// Reads the snapshot's core at `path` (or, when there is none, the
    /// older JSON one at `legacy`) and checks it against the log (`None` when
    /// there is none) of `log_len` bytes and the `parameters` fingerprint in
    /// use. `Ok(None)` when there is no snapshot; `Err` with the reason when
    /// it cannot be used. The figures are left in the file, for
    /// [`Snapshot::figures`].
    pub fn read(
        path: &Path,
        legacy: &Path,
        log: Option<&mut File>,
        log_len: u64,
        parameters: &str,
    ) -> Result<Option<Snapshot>, Unusable> {
        let damaged = |why: String| Unusable::Damaged(why);
        let core = match read_core(path)? {
            Some(core) => core,
            None => {
                return match read_file(legacy) {
                    Ok(Some(old)) => Err(match serde_json::from_slice::<Version>(&old) {
                        Ok(v) => v.unusable(log_len),
                        Err(_) => Unusable::Stale,
                    }),
                    _ => Ok(None),
                };
            }
        };
        // Checked first: a log shorter than any snapshot says is damage.
        let covered = &core.coverage;
        if covered.bytes > log_len {
            if covered.last_id.is_some() || !core.states.is_empty() {
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
        if core.parameters != parameters {
            return Err(Unusable::Stale);
        }
        Ok(Some(Snapshot {
            coverage: core.coverage,
            cards: Cards {
                states: core.states,
                last: core.last,
                figures: Figures::deferred(),
            },
            ids: core.ids,
        }))
    }

    /// The figures of `stats` in the snapshot at `path`, when it still is
    /// the one that covers the log as far as `coverage`; else why not.
    pub fn figures(path: &Path, coverage: &Coverage) -> Result<Aggregates, String> {
        let mut file =
            atomic::open_regular(path, OpenOptions::new().read(true)).map_err(|e| e.to_string())?;
        let core = read_head(&mut file).map_err(|why| match why {
            Unusable::Damaged(why) => why,
            _ => "it was replaced by another version's".into(),
        })?;
        let start = (HEAD + core + SUM) as u64;
        let cut = |_| "it is cut short".to_string();
        let section = file.metadata().map_err(|e| e.to_string())?.len();
        let section = section.checked_sub(start).ok_or("it is cut short")?;
        file.seek(SeekFrom::Start(start))
            .map_err(|e| e.to_string())?;
        let mut length = [0; LENGTH];
        file.read_exact(&mut length).map_err(cut)?;
        // Both parts' lengths are checked against the file's before either
        // is read.
        let figures = u64::from_le_bytes(length);
        let Some(reviews) = section
            .checked_sub((LENGTH + SUM) as u64)
            .and_then(|rest| rest.checked_sub(figures))
        else {
            return Err("its figures are longer than the file".into());
        };
        let mut read = |bytes: u64| -> Result<Vec<u8>, String> {
            let mut part = vec![0; usize::try_from(bytes).map_err(|e| e.to_string())?];
            file.read_exact(&mut part).map_err(cut)?;
            Ok(part)
        };
        let (figures, reviews, sum) = (read(figures)?, read(reviews)?, read(SUM as u64)?);
        let mut hash = Xxh3Default::new();
        for part in [&length[..], &figures, &reviews] {
            hash.update(part);
        }
        if sum != hash.digest().to_le_bytes() {
            return Err("the checksum of its figures does not match them".into());
        }
        let figures: FiguresOf<Coverage, Aggregates> =
            postcard::from_bytes(&figures).map_err(|e| e.to_string())?;
        if figures.coverage != *coverage {
            return Err("it was replaced since the store was opened".into());
        }
        figures.stats.with_reviews(reviews)
    }

    /// Atomically replaces the snapshot at `path` with `cards` (whose
    /// figures must be folded in) and `ids`, computed with the FSRS
    /// parameters whose fingerprint is `parameters`, then removes the older
    /// JSON snapshot at `legacy`, replaced now (one ahead of the log was
    /// moved aside before).
    pub fn write(
        path: &Path,
        legacy: &Path,
        coverage: &Coverage,
        parameters: &str,
        cards: &Cards,
        ids: &IdFilter,
    ) -> Result<(), StoreError> {
        let encoding = |e: postcard::Error| io_error("encode", path)(io::Error::other(e));
        let Some(stats) = cards.figures.folded() else {
            return Err(io_error("write", path)(io::Error::other(
                "the figures of `stats` were not read from the snapshot first",
            )));
        };
        let mut core = MAGIC.to_vec();
        core.extend_from_slice(&FORMAT.to_le_bytes());
        // The core's length, filled in once it is known.
        core.extend_from_slice(&0u64.to_le_bytes());
        let mut core = block(core, ids).map_err(encoding)?;
        let prefix = Prefix {
            coverage,
            parameters,
            last: &cards.last,
            decks: cards.states.len() as u64,
        };
        core = block(core, &prefix).map_err(encoding)?;
        for deck in &cards.states {
            core = block(core, &deck).map_err(encoding)?;
        }
        let length = (core.len() - HEAD) as u64;
        core[MAGIC.len() + 4..HEAD].copy_from_slice(&length.to_le_bytes());
        let core_sum = xxh3_64(&core[MAGIC.len()..]);
        let figures = postcard::to_stdvec(&FiguresOf { coverage, stats }).map_err(encoding)?;
        let length = (figures.len() as u64).to_le_bytes();
        let reviews = stats.reviews.as_bytes();
        let mut figures_sum = Xxh3Default::new();
        for part in [&length[..], &figures, reviews] {
            figures_sum.update(part);
        }
        atomic::replace_with(path, |out| {
            out.write_all(&core)?;
            out.write_all(&core_sum.to_le_bytes())?;
            out.write_all(&length)?;
            out.write_all(&figures)?;
            out.write_all(reviews)?;
            out.write_all(&figures_sum.digest().to_le_bytes())
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

/// Reads a snapshot file's head, checked (magic and format), up to its
/// core, and returns the core's length, which the file is long enough for.
fn read_head(file: &mut File) -> Result<usize, Unusable> {
    let damaged = |why: &str| Unusable::Damaged(why.into());
    let size = file
        .metadata()
        .map_err(|e| Unusable::Damaged(e.to_string()))?
        .len();
    let mut head = Vec::with_capacity(HEAD);
    (&mut *file)
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(|e| Unusable::Damaged(e.to_string()))?;
    if !head.starts_with(&MAGIC[..head.len().min(MAGIC.len())]) {
        return Err(damaged("it is not a trialdrill snapshot"));
    }
    let Some(format) = head.get(MAGIC.len()..MAGIC.len() + 4) else {
        return Err(damaged("it is cut short"));
    };
    let format = u32::from_le_bytes(format.try_into().unwrap_or_default());
    if format < FORMAT {
        return Err(Unusable::Stale);
    }
    if format != FORMAT {
        return Err(Unusable::Damaged(format!(
            "snapshot format {format} is not {FORMAT}"
        )));
    }
    let Some(length) = head.get(MAGIC.len() + 4..HEAD) else {
        return Err(damaged("it is cut short"));
    };
    let length = u64::from_le_bytes(length.try_into().unwrap_or_default());
    // Checked against the file's size first, so damage never asks for more
    // memory than the file holds.
    match length.checked_add((HEAD + SUM) as u64) {
        Some(needed) if needed <= size => Ok(length as usize),
        _ => Err(damaged("it is cut short")),
    }
}

/// `out` with one block of the core appended: `value`'s length and postcard.
fn block(mut out: Vec<u8>, value: &impl Serialize) -> postcard::Result<Vec<u8>> {
    let start = out.len();
    out.extend_from_slice(&0u64.to_le_bytes());
    let mut out = postcard::to_extend(value, out)?;
    let length = (out.len() - start - 8) as u64;
    out[start..start + 8].copy_from_slice(&length.to_le_bytes());
    Ok(out)
}

/// Reads the blocks of a core, hashing every byte read.
struct Blocks<R> {
    reader: R,
    /// Core bytes not read yet.
    left: u64,
    hasher: Xxh3Default,
    /// The last block's bytes (reused).
    bytes: Vec<u8>,
}

impl<R: Read> Blocks<R> {
    /// The next block, decoded.
    fn next<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, Unusable> {
        let cut = || Unusable::Damaged("it is cut short".into());
        let mut length = [0; 8];
        self.read(&mut length).map_err(|_| cut())?;
        let length = u64::from_le_bytes(length);
        // Checked against what is left, so damage never asks for more
        // memory than the file holds.
        if length > self.left {
            return Err(cut());
        }
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.resize(length as usize, 0);
        self.read(&mut bytes).map_err(|_| cut())?;
        let value = postcard::from_bytes(&bytes).map_err(|e| Unusable::Damaged(e.to_string()));
        self.bytes = bytes;
        value
    }

    /// The rest of the core, whole.
    fn rest(&mut self) -> Result<Vec<u8>, Unusable> {
        // `left` is within the file's size (see `read_head`).
        let mut bytes = vec![0; self.left as usize];
        self.read(&mut bytes)
            .map_err(|_| Unusable::Damaged("it is cut short".into()))?;
        Ok(bytes)
    }

    fn read(&mut self, into: &mut [u8]) -> io::Result<()> {
        self.reader.read_exact(into)?;
        self.hasher.update(into);
        self.left -= into.len() as u64;
        Ok(())
    }
}

/// The `decks` deck blocks that `bytes` (the rest of a core) must consist
/// of, each without its length.
fn deck_blocks(mut bytes: &[u8], decks: u64) -> Result<Vec<&[u8]>, Unusable> {
    let cut = || Unusable::Damaged("it is cut short".into());
    let mut blocks = Vec::new();
    // Each block takes at least its length's 8 bytes, so a damaged count
    // ends here, at the end of the bytes, not in a loop as long as it says.
    for _ in 0..decks {
        let (length, rest) = bytes.split_first_chunk::<8>().ok_or_else(cut)?;
        let length = usize::try_from(u64::from_le_bytes(*length))
            .ok()
            .filter(|length| *length <= rest.len())
            .ok_or_else(cut)?;
        let (block, rest) = rest.split_at(length);
        blocks.push(block);
        bytes = rest;
    }
    if !bytes.is_empty() {
        return Err(Unusable::Damaged(
            "its core is longer than its blocks".into(),
        ));
    }
    Ok(blocks)
}

/// The core of the snapshot file at `path`, checked; `None` when there is
/// none.
fn read_core(path: &Path) -> Result<Option<Core>, Unusable> {
    let damaged = |why: &str| Unusable::Damaged(why.into());
    let mut file = match atomic::open_regular(path, OpenOptions::new().read(true)) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Unusable::Damaged(e.to_string())),
    };
    let length = read_head(&mut file)? as u64;
    let mut hasher = Xxh3Default::new();
    hasher.update(&FORMAT.to_le_bytes());
    hasher.update(&length.to_le_bytes());
    let mut blocks = Blocks {
        reader: io::BufReader::new((&mut file).take(length)),
        left: length,
        hasher,
        bytes: Vec::new(),
    };
    // The ids first: their block is the largest, and its buffer is let go
    // before the states are read.
    let ids: IdFilter = blocks.next()?;
    blocks.bytes = Vec::new();
    let prefix: Prefix<Coverage, String, Option<LastReview>> = blocks.next()?;
    let decks = blocks.rest()?;
    let digest = blocks.hasher.digest();
    drop(blocks);
    let mut sum = [0; SUM];
    file.read_exact(&mut sum)
        .map_err(|e| Unusable::Damaged(e.to_string()))?;
    if digest != u64::from_le_bytes(sum) {
        return Err(damaged("its checksum does not match its content"));
    }
    // Checked whole first, the deck blocks are decoded on the machine's
    // cores: at a large collection's size they are most of opening a store.
    let decoded = crate::parallel::map(
        &deck_blocks(&decks, prefix.decks)?,
        |block| block.len(),
        PARALLEL_BYTES,
        |block| postcard::from_bytes(block),
    );
    let mut states = States::with_capacity(decoded.len());
    for deck in decoded {
        let (deck, cards): (String, std::collections::HashMap<String, CardState>) =
            deck.map_err(|e| Unusable::Damaged(e.to_string()))?;
        states.insert(deck, cards);
    }
    Ok(Some(Core {
        coverage: prefix.coverage,
        parameters: prefix.parameters,
        states,
        last: prefix.last,
        ids,
    }))
}

/// The id of the event on the line that ends at byte `end` of the log.
fn last_event_id(log: &mut File, end: u64) -> io::Result<Option<String>> {
    Ok(log::line_before(log, end)?
        .and_then(|line| super::line::decode(&line, "").ok())
        .map(|e| e.id().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `blocks` laid out as a core's deck blocks: each its length and bytes.
    fn laid_out(blocks: &[&[u8]]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for block in blocks {
            bytes.extend_from_slice(&(block.len() as u64).to_le_bytes());
            bytes.extend_from_slice(block);
        }
        bytes
    }

    #[test]
    fn deck_blocks_are_split_exactly_and_a_wrong_count_or_length_is_damage() {
        let bytes = laid_out(&[b"one", b"", b"three"]);
        assert_eq!(
            deck_blocks(&bytes, 3).unwrap(),
            [&b"one"[..], &b""[..], &b"three"[..]]
        );
        let damaged = |why: &str| Err(Unusable::Damaged(why.into()));
        assert_eq!(
            deck_blocks(&bytes, 2),
            damaged("its core is longer than its blocks")
        );
        // A count far past what the bytes hold ends at their end.
        assert_eq!(deck_blocks(&bytes, u64::MAX), damaged("it is cut short"));
        let mut long = laid_out(&[b"one"]);
        long[0] = 200;
        assert_eq!(deck_blocks(&long, 1), damaged("it is cut short"));
        assert_eq!(deck_blocks(&[], 0).unwrap(), Vec::<&[u8]>::new());
    }
}
