//! Decks parsed once: a cache in the store of every deck's parsed cards, so a
//! command reads a compact binary copy instead of reparsing unchanged JSON.
//!
//! Each deck has one entry, a file in the store's cache folder
//! ([`crate::store::DECK_CACHE_DIR`]): a magic line, a checksum, then in
//! postcard the build that wrote it, what it was made from and the deck. An
//! entry is used only when all of these still hold: the same program (version
//! and executable), and for a deck file the same absolute path, size,
//! modification time and content hash; for a built-in deck the same id and
//! JSON hash. Anything else (missing, damaged, stale, written by another
//! build) is rebuilt from the JSON, never trusted. The cache only saves time:
//! failing to write it changes nothing else, and a store folder that does not
//! exist yet is not created for it. Like every store file, an entry is read
//! only when it is a regular file (never through a link, never a FIFO) and
//! written through a temporary file of its own, created new; a cache folder
//! that is not a real folder is left alone.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use super::builtin::Builtin;
use super::load::cannot_read;
use super::{Body, Card, Deck, LoadError, Position, Source, load_bytes};
use crate::store::{DECK_CACHE_DIR, atomic};

/// The first bytes of every entry.
const MAGIC: &[u8] = b"trialdrill deck cache\n";
/// The entry layout; a change to it, or to what loading yields, bumps it.
const FORMAT: u32 = 2;
/// Entries kept at most; past it the least recently written go.
const MAX_ENTRIES: usize = 256;

/// The built-in deck `deck`, from the cache of the store at `home` when it
/// holds this build's copy, else parsed (and cached).
pub fn builtin(home: &Path, deck: &Builtin) -> Result<Deck, String> {
    let origin = builtin_origin(deck);
    let entry = entry_path(home, "builtin", deck.id.as_bytes());
    if let Some(cached) = read_entry(&entry, &origin) {
        return Ok(cached);
    }
    Ok(write_entry(home, &entry, &origin, deck.deck()?))
}

/// What an entry of the built-in deck `deck` is made from.
pub(super) fn builtin_origin(deck: &Builtin) -> Origin {
    Origin::Builtin {
        id: deck.id.to_string(),
        json: xxh3_64(deck.json.as_bytes()),
    }
}

/// The deck file at `path`, from the cache of the store at `home` when the
/// file is unchanged since it was cached, else loaded (and cached when it
/// loads). Errors are those of [`super::load_file`].
pub fn file(home: &Path, path: &Path) -> Result<Deck, LoadError> {
    let key = file_key(home, path).map_err(|e| cannot_read(path, &e))?;
    Ok(file_from(home, path, &key)?.0)
}

/// The entry of a deck file and what the file must be for it to be used.
#[derive(Debug, Clone)]
pub(super) struct FileKey {
    /// The entry's path.
    entry: PathBuf,
    /// The file it must have been made from.
    pub(super) origin: Origin,
}

/// The deck file at `path`, from its entry when that was made from the file
/// as `key` found it, else loaded (and cached); with the key of what it was
/// made from (on a load, the file as read then, which may have changed
/// since `key` was made).
pub(super) fn file_from(
    home: &Path,
    path: &Path,
    key: &FileKey,
) -> Result<(Deck, FileKey), LoadError> {
    if let Some(cached) = read_entry(&key.entry, &key.origin) {
        return Ok((cached, key.clone()));
    }
    let (bytes, modified) = read_file(path).map_err(|e| cannot_read(path, &e))?;
    let key = key_of(home, path, bytes.len(), modified, xxh3_64(&bytes));
    let deck = load_bytes(path, bytes)?;
    Ok((write_entry(home, &key.entry, &key.origin, deck), key))
}

/// The entry of the deck file at `path`, and what it must have been made
/// from to be used: the file's size, modification time and content hash,
/// from one open. The file is hashed as it is read, so a deck found in the
/// cache is never held in memory as JSON.
pub(super) fn file_key(home: &Path, path: &Path) -> std::io::Result<FileKey> {
    let mut file = File::open(path)?;
    let modified = modified(&file.metadata()?);
    let mut hasher = Xxh3Default::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut size = 0;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buffer[..n]);
                size += n;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(key_of(home, path, size, modified, hasher.digest()))
}

/// The key of the deck file at `path`, from the file's `size` in bytes,
/// modification time and `content` hash.
fn key_of(home: &Path, path: &Path, size: usize, modified: Option<u128>, content: u64) -> FileKey {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let name = absolute.as_os_str().as_encoded_bytes();
    let origin = Origin::File {
        path: name.to_vec(),
        size: size as u64,
        modified,
        content,
    };
    FileKey {
        entry: entry_path(home, "file", name),
        origin,
    }
}

/// A file's bytes and modification time, both from one open, so they
/// describe the same file.
fn read_file(path: &Path) -> std::io::Result<(Vec<u8>, Option<u128>)> {
    let mut file = File::open(path)?;
    let metadata = file.metadata()?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok((bytes, modified(&metadata)))
}

/// A file's modification time, nanoseconds since 1970, when known.
fn modified(metadata: &fs::Metadata) -> Option<u128> {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
}

/// What an entry was made from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(super) enum Origin {
    /// A deck built into the binary.
    Builtin {
        /// Its id.
        id: String,
        /// The hash of its JSON.
        json: u64,
    },
    /// A deck file.
    File {
        /// Its absolute path, as the platform encodes it.
        path: Vec<u8>,
        /// Its length in bytes.
        size: u64,
        /// Its modification time, nanoseconds since 1970, when known.
        modified: Option<u128>,
        /// The hash of its content.
        content: u64,
    },
}

/// The program that wrote an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Build {
    /// The cache layout, [`FORMAT`].
    pub(super) format: u32,
    /// The program's version.
    pub(super) version: String,
    /// The executable's size and modification time: a rebuild of the same
    /// version (whose loader may differ) does not trust an older entry.
    executable: Option<(u64, Option<u128>)>,
}

/// This process's [`Build`], worked out once.
pub(super) fn this_build() -> &'static Build {
    static BUILD: OnceLock<Build> = OnceLock::new();
    BUILD.get_or_init(|| Build {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").to_string(),
        executable: std::env::current_exe()
            .and_then(fs::metadata)
            .ok()
            .map(|m| (m.len(), modified(&m))),
    })
}

/// The header that precedes an entry's deck.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    build: Build,
    origin: Origin,
}

/// The entry of a deck of `kind` named by `key`: a file name from a hash, so
/// any path or id gives a safe name.
pub(super) fn entry_path(home: &Path, kind: &str, key: &[u8]) -> PathBuf {
    home.join(DECK_CACHE_DIR)
        .join(format!("{kind}-{:016x}.bin", xxh3_64(key)))
}

/// The cached deck at `entry` if it is intact, from this build and made from
/// `origin`; `None` means it must be rebuilt.
fn read_entry(entry: &Path, origin: &Origin) -> Option<Deck> {
    read_checked(entry, MAGIC, |body| {
        let (header, deck) = postcard::take_from_bytes::<Header>(body).ok()?;
        if header.build != *this_build() || header.origin != *origin {
            return None;
        }
        let deck: CachedDeck = postcard::from_bytes(deck).ok()?;
        Some(deck.into())
    })
}

/// `decode` of the body of the cache file at `path` when it is a regular
/// file that starts with `magic` and whose checksum matches; `None` otherwise.
pub(super) fn read_checked<T>(
    path: &Path,
    magic: &[u8],
    decode: impl FnOnce(&[u8]) -> Option<T>,
) -> Option<T> {
    let mut bytes = Vec::new();
    atomic::open_regular(path, OpenOptions::new().read(true))
        .and_then(|mut file| file.read_to_end(&mut bytes))
        .ok()?;
    let rest = bytes.strip_prefix(magic)?;
    let (sum, body) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*sum) != xxh3_64(body) {
        return None;
    }
    decode(body)
}

/// Writes `deck` as the entry at `entry` and gives it back (moved into the
/// cache's form and out again, so no copy of the deck is made). The entry is
/// replaced whole: a temporary file renamed over it, so a reader sees the
/// old entry or the new one. Failures are ignored: the next command parses
/// again.
fn write_entry(home: &Path, entry: &Path, origin: &Origin, deck: Deck) -> Deck {
    let header = Header {
        build: this_build().clone(),
        origin: origin.clone(),
    };
    let cached = (header, CachedDeck::from(deck));
    if let Ok(body) = postcard::to_stdvec(&cached)
        && write_checked(home, entry, MAGIC, &body)
        && let Some(dir) = entry.parent()
    {
        prune(dir);
    }
    cached.1.into()
}

/// Writes `magic`, the checksum of `body` and `body` as the cache file at
/// `path`, through a temporary file renamed over it, creating the cache
/// folder when the store at `home` exists; whether it was written.
pub(super) fn write_checked(home: &Path, path: &Path, magic: &[u8], body: &[u8]) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    let usable = match fs::symlink_metadata(dir) {
        Ok(meta) => meta.is_dir(),
        Err(_) => home.is_dir() && fs::create_dir(dir).is_ok(),
    };
    if !usable {
        return false;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{:016x}", rand::random::<u64>()));
    let temp = path.with_file_name(name);
    let written = atomic::create_new(&temp).and_then(|mut out| {
        out.write_all(magic)?;
        out.write_all(&xxh3_64(body).to_le_bytes())?;
        out.write_all(body)
    });
    match written.and_then(|()| fs::rename(&temp, path)) {
        Ok(()) => true,
        Err(_) => {
            let _ = fs::remove_file(&temp);
            false
        }
    }
}

/// Removes the least recently written entries past [`MAX_ENTRIES`], so deck
/// files studied once and since moved do not pile up.
fn prune(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut found: Vec<(SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        // The library index is one file, rewritten only when a deck changes.
        .filter(|e| e.file_name() != super::index::INDEX)
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if found.len() <= MAX_ENTRIES {
        return;
    }
    found.sort();
    for (_, path) in &found[..found.len() - MAX_ENTRIES] {
        let _ = fs::remove_file(path);
    }
}

/// A deck as the cache stores it. The deck model's serde form is its JSON
/// file form (flattened and tagged), which a compact format without field
/// names cannot carry, so the cache has its own; every conversion below
/// names every field, so a field added to the model fails to compile here
/// rather than being dropped from the cache.
#[derive(Serialize, Deserialize)]
struct CachedDeck {
    id: String,
    title: String,
    collection: Option<String>,
    summary: Option<String>,
    #[serde(deserialize_with = "exactly")]
    cards: Vec<CachedCard>,
}

/// Cards decoded beyond it grow their vector as they come.
const MAX_RESERVED: usize = 1 << 20;

/// The cards, in a vector made for exactly their number, which postcard
/// gives up front: serde's own vector starts from a cautious size and
/// doubles, so a deck of 100,000 cards would be copied several times and
/// end a sixth larger than it needs. The number is capped at
/// [`MAX_RESERVED`], so a corrupt entry cannot reserve without bound.
fn exactly<'de, D: Deserializer<'de>>(cards: D) -> Result<Vec<CachedCard>, D::Error> {
    struct Exactly;
    impl<'de> Visitor<'de> for Exactly {
        type Value = Vec<CachedCard>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence of cards")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<CachedCard>, A::Error> {
            let mut cards = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_RESERVED));
            while let Some(card) = seq.next_element()? {
                cards.push(card);
            }
            Ok(cards)
        }
    }
    cards.deserialize_seq(Exactly)
}

#[derive(Serialize, Deserialize)]
struct CachedCard {
    id: String,
    tags: Vec<String>,
    explanation: String,
    source: CachedSource,
    also: Vec<CachedSource>,
    note: Option<String>,
    body: CachedBody,
    line: u64,
    column: u64,
}

#[derive(Serialize, Deserialize)]
struct CachedSource {
    section: String,
    bullet: u32,
    deck: Option<String>,
    quote: Option<String>,
}

#[derive(Serialize, Deserialize)]
enum CachedBody {
    Basic {
        front: String,
        back: String,
    },
    Choice {
        prompt: String,
        choices: Vec<String>,
        answers: Vec<String>,
    },
    TrueFalse {
        prompt: String,
        answer: bool,
    },
    Numeric {
        prompt: String,
        value: f64,
        tolerance: f64,
        unit: String,
    },
    Cloze {
        text: String,
    },
    Typed {
        prompt: String,
        answers: Vec<String>,
    },
}

impl From<Deck> for CachedDeck {
    fn from(deck: Deck) -> CachedDeck {
        let Deck {
            id,
            title,
            collection,
            summary,
            cards,
        } = deck;
        CachedDeck {
            id,
            title,
            collection,
            summary,
            cards: cards.into_iter().map(CachedCard::from).collect(),
        }
    }
}

impl From<CachedDeck> for Deck {
    fn from(deck: CachedDeck) -> Deck {
        let CachedDeck {
            id,
            title,
            collection,
            summary,
            cards,
        } = deck;
        Deck {
            id,
            title,
            collection,
            summary,
            cards: cards.into_iter().map(Card::from).collect(),
        }
    }
}

impl From<Card> for CachedCard {
    fn from(card: Card) -> CachedCard {
        let Card {
            id,
            tags,
            explanation,
            source,
            also,
            note,
            body,
            position: Position { line, column },
        } = card;
        CachedCard {
            id,
            tags,
            explanation,
            source: source.into(),
            also: also.into_iter().map(CachedSource::from).collect(),
            note,
            body: body.into(),
            line: line as u64,
            column: column as u64,
        }
    }
}

impl From<CachedCard> for Card {
    fn from(card: CachedCard) -> Card {
        let CachedCard {
            id,
            tags,
            explanation,
            source,
            also,
            note,
            body,
            line,
            column,
        } = card;
        Card {
            id,
            tags,
            explanation,
            source: source.into(),
            also: also.into_iter().map(Source::from).collect(),
            note,
            body: body.into(),
            position: Position {
                line: usize::try_from(line).unwrap_or(usize::MAX),
                column: usize::try_from(column).unwrap_or(usize::MAX),
            },
        }
    }
}

impl From<Source> for CachedSource {
    fn from(source: Source) -> CachedSource {
        let Source {
            section,
            bullet,
            deck,
            quote,
        } = source;
        CachedSource {
            section,
            bullet,
            deck,
            quote,
        }
    }
}

impl From<CachedSource> for Source {
    fn from(source: CachedSource) -> Source {
        let CachedSource {
            section,
            bullet,
            deck,
            quote,
        } = source;
        Source {
            section,
            bullet,
            deck,
            quote,
        }
    }
}

impl From<Body> for CachedBody {
    fn from(body: Body) -> CachedBody {
        match body {
            Body::Basic { front, back } => CachedBody::Basic { front, back },
            Body::Choice {
                prompt,
                choices,
                answers,
            } => CachedBody::Choice {
                prompt,
                choices,
                answers,
            },
            Body::TrueFalse { prompt, answer } => CachedBody::TrueFalse { prompt, answer },
            Body::Numeric {
                prompt,
                value,
                tolerance,
                unit,
            } => CachedBody::Numeric {
                prompt,
                value,
                tolerance,
                unit,
            },
            Body::Cloze { text } => CachedBody::Cloze { text },
            Body::Typed { prompt, answers } => CachedBody::Typed { prompt, answers },
        }
    }
}

impl From<CachedBody> for Body {
    fn from(body: CachedBody) -> Body {
        match body {
            CachedBody::Basic { front, back } => Body::Basic { front, back },
            CachedBody::Choice {
                prompt,
                choices,
                answers,
            } => Body::Choice {
                prompt,
                choices,
                answers,
            },
            CachedBody::TrueFalse { prompt, answer } => Body::TrueFalse { prompt, answer },
            CachedBody::Numeric {
                prompt,
                value,
                tolerance,
                unit,
            } => Body::Numeric {
                prompt,
                value,
                tolerance,
                unit,
            },
            CachedBody::Cloze { text } => Body::Cloze { text },
            CachedBody::Typed { prompt, answers } => Body::Typed { prompt, answers },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::deck::builtin::BUILTINS;
    use crate::deck::parse;

    /// Rewrites the file at `path` with `text`, its modification time kept,
    /// as an editor that keeps times would.
    fn rewrite_keeping_time(path: &Path, text: &str) {
        let modified = fs::metadata(path).unwrap().modified().unwrap();
        fs::write(path, text).unwrap();
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
    }

    /// A deck with every card kind and every optional field.
    const DECK: &str = r#"{"format": 1, "id": "every-kind", "title": "Every kind",
      "collection": "test/all", "summary": "every-kind.summary.md", "cards": [
      {"id": "b", "kind": "basic", "tags": ["t"], "explanation": "e",
       "source": {"section": "S", "bullet": 1, "quote": "q"}, "front": "f", "back": "k",
       "note": "errata"},
      {"id": "c", "kind": "choice", "tags": ["t", "u"], "explanation": "e",
       "source": {"deck": "other", "section": "S", "bullet": 2},
       "also": [{"section": "T", "bullet": 3}],
       "prompt": "p", "choices": ["x", "y"], "answers": ["y"]},
      {"id": "tf", "kind": "truefalse", "tags": ["t"], "explanation": "e",
       "source": {"section": "S", "bullet": 1}, "prompt": "p", "answer": false},
      {"id": "n", "kind": "numeric", "tags": ["t"], "explanation": "e",
       "source": {"section": "S", "bullet": 1}, "prompt": "p", "value": 0.25,
       "tolerance": 0.01, "unit": "%"},
      {"id": "z", "kind": "cloze", "tags": ["t"], "explanation": "e",
       "source": {"section": "S", "bullet": 1}, "text": "{{c1::a}} and {{c2::b}}"},
      {"id": "y", "kind": "typed", "tags": ["t"], "explanation": "e",
       "source": {"section": "S", "bullet": 1}, "prompt": "p", "answers": ["a", "b"]}]}"#;

    /// A store folder with `DECK` written beside it.
    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let home = root.path().join("store");
        fs::create_dir(&home).unwrap();
        let path = root.path().join("every-kind.json");
        fs::write(&path, DECK).unwrap();
        (root, home, path)
    }

    /// The entry and origin `file` would use for `path` now.
    fn key(home: &Path, path: &Path) -> (PathBuf, Origin) {
        let key = file_key(home, path).unwrap();
        (key.entry, key.origin)
    }

    #[test]
    fn a_cached_deck_is_the_parsed_deck_positions_and_all() {
        let (_root, home, path) = setup();
        let parsed = parse(DECK).unwrap();
        assert_eq!(file(&home, &path).unwrap(), parsed);
        let (entry, origin) = key(&home, &path);
        assert_eq!(read_entry(&entry, &origin), Some(parsed.clone()));
        assert_eq!(file(&home, &path).unwrap(), parsed);
        for b in BUILTINS {
            let fresh = b.deck().unwrap();
            assert_eq!(builtin(&home, b).unwrap(), fresh, "{}", b.id);
            assert_eq!(builtin(&home, b).unwrap(), fresh, "{}", b.id);
        }
    }

    #[test]
    fn a_large_deck_comes_back_in_a_vector_of_exactly_its_cards() {
        let (_root, home, path) = setup();
        // More cards than serde reserves for up front.
        let cards: Vec<String> = (0..5_000)
            .map(|i| {
                format!(
                    r#"{{"id": "c{i}", "kind": "truefalse", "tags": ["t"], "explanation": "e",
                       "source": {{"section": "S", "bullet": 1}}, "prompt": "p{i}", "answer": true}}"#
                )
            })
            .collect();
        let json = format!(
            r#"{{"format": 1, "id": "large", "title": "Large", "cards": [{}]}}"#,
            cards.join(",")
        );
        fs::write(&path, json).unwrap();
        let parsed = file(&home, &path).unwrap();
        let cached = file(&home, &path).unwrap();
        assert_eq!(cached, parsed);
        assert_eq!(cached.cards.capacity(), 5_000);
    }

    #[test]
    fn an_intact_entry_is_used_without_parsing() {
        let (_root, home, path) = setup();
        file(&home, &path).unwrap();
        let (entry, origin) = key(&home, &path);
        let mut other = parse(DECK).unwrap();
        other.title = "From the cache".into();
        write_entry(&home, &entry, &origin, other);
        assert_eq!(file(&home, &path).unwrap().title, "From the cache");
    }

    #[test]
    fn a_changed_file_is_reparsed_even_with_its_size_and_time_kept() {
        let (_root, home, path) = setup();
        file(&home, &path).unwrap();
        rewrite_keeping_time(&path, &DECK.replace("Every kind", "Every_kind"));
        assert_eq!(file(&home, &path).unwrap().title, "Every_kind");
        fs::write(&path, DECK.replace("Every kind", "Longer title")).unwrap();
        assert_eq!(file(&home, &path).unwrap().title, "Longer title");
    }

    #[test]
    fn a_change_past_the_first_read_of_a_large_file_is_seen() {
        let (_root, home, path) = setup();
        // Leading blanks put the title past the first buffer the hash reads.
        let padded = format!("{}{DECK}", " ".repeat(200_000));
        fs::write(&path, &padded).unwrap();
        assert_eq!(file(&home, &path).unwrap().title, "Every kind");
        let (_, origin) = key(&home, &path);
        let Origin::File { content, .. } = origin else {
            unreachable!()
        };
        assert_eq!(content, xxh3_64(padded.as_bytes()));
        rewrite_keeping_time(&path, &padded.replace("Every kind", "Every_kind"));
        assert_eq!(file(&home, &path).unwrap().title, "Every_kind");
    }

    #[test]
    fn a_damaged_entry_is_rebuilt_not_trusted() {
        let (_root, home, path) = setup();
        file(&home, &path).unwrap();
        let (entry, origin) = key(&home, &path);
        let good = fs::read(&entry).unwrap();
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        let mut resummed = good.clone();
        resummed.truncate(good.len() - 3);
        let body = resummed.split_off(MAGIC.len() + 8);
        resummed.truncate(MAGIC.len());
        resummed.extend(xxh3_64(&body).to_le_bytes());
        resummed.extend(body);
        let damaged: [&[u8]; 6] = [
            b"",
            b"not a cache",
            &good[..good.len() / 2],
            &flipped,
            &resummed,
            &good[MAGIC.len()..],
        ];
        for bytes in damaged {
            fs::write(&entry, bytes).unwrap();
            assert_eq!(read_entry(&entry, &origin), None, "{bytes:?}");
            assert_eq!(file(&home, &path).unwrap(), parse(DECK).unwrap());
            assert_eq!(fs::read(&entry).unwrap(), good, "the entry is rewritten");
        }
    }

    #[test]
    fn an_entry_of_another_build_or_origin_is_not_used() {
        let (_root, home, path) = setup();
        let (entry, origin) = key(&home, &path);
        let mut other = parse(DECK).unwrap();
        other.title = "Stale".into();
        let other = write_entry(&home, &entry, &origin, other);
        let mut bytes = fs::read(&entry).unwrap();
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        let at = bytes
            .windows(version.len())
            .position(|w| w == version)
            .unwrap();
        bytes[at] ^= 1;
        let body = bytes.split_off(MAGIC.len() + 8);
        bytes.truncate(MAGIC.len());
        bytes.extend(xxh3_64(&body).to_le_bytes());
        bytes.extend(body);
        fs::write(&entry, &bytes).unwrap();
        assert_eq!(file(&home, &path).unwrap().title, "Every kind");
        let Origin::File {
            path: p,
            size,
            modified,
            content,
        } = origin
        else {
            unreachable!()
        };
        let moved = Origin::File {
            path: p,
            size,
            modified: modified.map(|m| m + 1),
            content,
        };
        write_entry(&home, &entry, &moved, other);
        assert_eq!(file(&home, &path).unwrap().title, "Every kind");
    }

    #[test]
    fn a_linked_cache_folder_or_entry_is_neither_followed_nor_waited_on() {
        let (root, home, path) = setup();
        let elsewhere = root.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, home.join(DECK_CACHE_DIR)).unwrap();
        assert_eq!(file(&home, &path).unwrap(), parse(DECK).unwrap());
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        fs::remove_file(home.join(DECK_CACHE_DIR)).unwrap();
        let (entry, _) = key(&home, &path);
        fs::create_dir(home.join(DECK_CACHE_DIR)).unwrap();
        let fifo = std::ffi::CString::new(entry.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert_eq!(file(&home, &path).unwrap(), parse(DECK).unwrap());
    }

    #[test]
    fn without_a_store_folder_nothing_is_written() {
        let (root, _home, path) = setup();
        let missing = root.path().join("no-store");
        assert_eq!(file(&missing, &path).unwrap(), parse(DECK).unwrap());
        assert!(!missing.exists());
    }

    #[test]
    fn the_oldest_entries_go_past_the_limit() {
        let (_root, home, path) = setup();
        let dir = home.join(DECK_CACHE_DIR);
        fs::create_dir(&dir).unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        for i in 0..MAX_ENTRIES {
            let stale = dir.join(format!("file-{i:016x}.bin"));
            File::create(&stale).unwrap().set_modified(old).unwrap();
        }
        file(&home, &path).unwrap();
        let (entry, _) = key(&home, &path);
        assert_eq!(fs::read_dir(&dir).unwrap().count(), MAX_ENTRIES);
        assert!(entry.exists());
    }
}
