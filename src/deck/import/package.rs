//! Opening an Anki package (`.apkg`, `.colpkg`) or a bare collection file as
//! a read-only SQLite database in a temporary folder.
//!
//! A package is a zip holding `collection.anki21b` (zstd-compressed, schema
//! 18: what current Anki writes), `collection.anki21` or `collection.anki2`
//! (plain SQLite, schema 11: older Anki, and "support older Anki versions").
//! Current Anki also puts a stub `collection.anki2` beside the real
//! collection, so the newest one present is read. The `meta` entry says
//! which version wrote the package; a version newer than this reader knows
//! is refused rather than read as the stub.
//!
//! Every input is untrusted: the decompressed collection is capped in
//! proportion to the package, the tables read must be tables (not views),
//! and SQLite's work is bounded in proportion to the database's size.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use super::protobuf;

/// The collection entries a package may hold, newest first.
const COLLECTIONS: [&str; 3] = [
    "collection.anki21b",
    "collection.anki21",
    "collection.anki2",
];

/// The newest package version this reader knows (`collection.anki21b`).
const LATEST_VERSION: u64 = 3;

/// Decompressed collections may be this much larger than their package
/// entry, plus [`SIZE_ALLOWANCE`]; SQLite files rarely compress beyond 10:1.
const SIZE_RATIO: u64 = 64;

/// Bytes any collection may take whatever its compressed size.
const SIZE_ALLOWANCE: u64 = 256 << 20;

/// SQLite virtual-machine steps allowed per byte of database, and how
/// often the budget is checked.
const STEPS_PER_BYTE: u64 = 400;
const STEPS_PER_CHECK: i32 = 10_000;

/// The tables the importer reads; each must be a real table.
pub const TABLES: [&str; 4] = ["col", "notes", "cards", "revlog"];

/// Why a package cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// Reading the input failed.
    #[error("cannot read it: {0}")]
    Io(#[from] io::Error),
    /// Neither a zip, a SQLite file nor zstd data.
    #[error(
        "it is not an Anki package: expected a .apkg or .colpkg (a zip) or a collection.anki2 file"
    )]
    NotAPackage,
    /// The zip is damaged.
    #[error("the package is damaged: {0}")]
    Zip(String),
    /// No collection inside the zip.
    #[error(
        "the package holds no collection (collection.anki21b, collection.anki21 or collection.anki2)"
    )]
    NoCollection,
    /// Written by a newer Anki.
    #[error(
        "the package was written by a newer Anki (package version {0}); export it again with \"Support older Anki versions\" ticked"
    )]
    TooNew(u64),
    /// Decompressing gave more than the cap.
    #[error(
        "{entry} decompresses to more than {limit} bytes, far more than a collection of its size; it is damaged or hostile"
    )]
    TooLarge {
        /// The entry.
        entry: String,
        /// The cap.
        limit: u64,
    },
    /// The compressed collection is damaged.
    #[error("{entry} cannot be decompressed: {message}")]
    Decompress {
        /// The entry.
        entry: String,
        /// What zstd said.
        message: String,
    },
    /// SQLite refused the collection or a query on it.
    #[error("the collection cannot be read ({context}): {message}")]
    Sql {
        /// Which table or step.
        context: String,
        /// What SQLite said.
        message: String,
    },
}

impl PackageError {
    /// A [`PackageError::Sql`] about `context`.
    pub fn sql(context: impl Into<String>, error: &rusqlite::Error) -> PackageError {
        let message = match error {
            rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::OperationInterrupted => {
                "reading it took far more work than a collection of its size needs; it is damaged or hostile".to_string()
            }
            other => other.to_string(),
        };
        PackageError::Sql {
            context: context.into(),
            message,
        }
    }
}

/// An opened collection: the connection, and the temporary folder that
/// holds the database until it is dropped.
pub struct Opened {
    /// Read-only: `query_only` is on.
    pub db: rusqlite::Connection,
    _dir: tempfile::TempDir,
}

/// Opens the package or collection `input` (`size` bytes long).
pub fn open<R: Read + Seek>(mut input: R, size: u64) -> Result<Opened, PackageError> {
    let mut magic = [0u8; 16];
    let got = read_up_to(&mut input, &mut magic)?;
    input.seek(SeekFrom::Start(0))?;
    let magic = &magic[..got];
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("collection.db");
    let limit = SIZE_ALLOWANCE.saturating_add(size.saturating_mul(SIZE_RATIO));
    if magic.starts_with(b"PK\x03\x04") || magic.starts_with(b"PK\x05\x06") {
        extract_from_zip(input, &path, size)?;
    } else if magic.starts_with(b"SQLite format 3\0") {
        copy_capped(&mut input, &path, limit, "the collection")?;
    } else if magic.starts_with(&ZSTD_MAGIC) {
        decompress(input, &path, limit, "the collection")?;
    } else {
        return Err(PackageError::NotAPackage);
    }
    let db = connect(&path)?;
    Ok(Opened { db, _dir: dir })
}

const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

fn read_up_to(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Writes the newest collection in the zip to `path`.
fn extract_from_zip<R: Read + Seek>(input: R, path: &Path, size: u64) -> Result<(), PackageError> {
    let zip_error = |e: zip::result::ZipError| PackageError::Zip(e.to_string());
    let mut archive = zip::ZipArchive::new(input).map_err(zip_error)?;
    if let Ok(mut meta) = archive.by_name("meta") {
        let mut bytes = Vec::new();
        meta.by_ref().take(1 << 16).read_to_end(&mut bytes)?;
        let version = protobuf::fields(&bytes).map_or(0, |f| protobuf::varint_field(&f, 1));
        if version == 0 || version > LATEST_VERSION {
            return Err(PackageError::TooNew(version));
        }
    }
    let name = COLLECTIONS
        .into_iter()
        .find(|name| archive.index_for_name(name).is_some())
        .ok_or(PackageError::NoCollection)?;
    let mut entry = archive.by_name(name).map_err(zip_error)?;
    let compressed = entry.compressed_size().min(size);
    let limit = SIZE_ALLOWANCE.saturating_add(compressed.saturating_mul(SIZE_RATIO));
    if name.ends_with('b') {
        decompress(&mut entry, path, limit, name)
    } else {
        copy_capped(&mut entry, path, limit, name)
    }
}

/// Copies at most `limit` bytes of `input` to a new file at `path`.
fn copy_capped(
    input: &mut impl Read,
    path: &Path,
    limit: u64,
    entry: &str,
) -> Result<(), PackageError> {
    let mut file = File::create(path)?;
    let copied = io::copy(&mut input.take(limit.saturating_add(1)), &mut file).map_err(|e| {
        if e.kind() == io::ErrorKind::InvalidData || e.kind() == io::ErrorKind::Other {
            PackageError::Zip(format!("{entry}: {e}"))
        } else {
            PackageError::Io(e)
        }
    })?;
    if copied > limit {
        return Err(PackageError::TooLarge {
            entry: entry.to_string(),
            limit,
        });
    }
    Ok(())
}

/// Decompresses zstd `input` to `path`, at most `limit` bytes.
fn decompress(input: impl Read, path: &Path, limit: u64, entry: &str) -> Result<(), PackageError> {
    let bad = |e: io::Error| PackageError::Decompress {
        entry: entry.to_string(),
        message: e.to_string(),
    };
    let mut decoder = zstd::stream::read::Decoder::new(input).map_err(bad)?;
    let mut file = File::create(path)?;
    let copied =
        io::copy(&mut (&mut decoder).take(limit.saturating_add(1)), &mut file).map_err(bad)?;
    if copied > limit {
        return Err(PackageError::TooLarge {
            entry: entry.to_string(),
            limit,
        });
    }
    Ok(())
}

/// Opens the database at `path` for reading, with the work budget set and
/// the tables checked.
fn connect(path: &Path) -> Result<rusqlite::Connection, PackageError> {
    let open = |e: rusqlite::Error| PackageError::sql("opening it", &e);
    let bytes = std::fs::metadata(path)?.len();
    let mut db = rusqlite::Connection::open(path).map_err(open)?;
    // Anki declares its name columns with its own case-insensitive collation.
    db.create_collation("unicase", |a: &str, b: &str| {
        a.to_lowercase().cmp(&b.to_lowercase())
    })
    .map_err(open)?;
    db.execute_batch("PRAGMA query_only = ON; PRAGMA trusted_schema = OFF;")
        .map_err(open)?;
    let checks = STEPS_PER_BYTE
        .saturating_mul(bytes.max(1 << 16))
        .div_ceil(STEPS_PER_CHECK as u64);
    let mut done = 0u64;
    db.progress_handler(
        STEPS_PER_CHECK,
        Some(move || {
            done += 1;
            done > checks
        }),
    )
    .map_err(open)?;
    let mut kinds = db
        .prepare("SELECT name, type FROM sqlite_master WHERE name IN ('col', 'notes', 'cards', 'revlog', 'notetypes', 'fields', 'templates', 'decks')")
        .map_err(|e| PackageError::sql("its list of tables", &e))?;
    let found: Vec<(String, String)> = kinds
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .and_then(Iterator::collect)
        .map_err(|e| PackageError::sql("its list of tables", &e))?;
    drop(kinds);
    if let Some((name, kind)) = found.iter().find(|(_, kind)| kind != "table") {
        return Err(PackageError::Sql {
            context: format!("table {name}"),
            message: format!("it is a {kind}, not a table"),
        });
    }
    if let Some(missing) = TABLES
        .iter()
        .find(|t| !found.iter().any(|(name, _)| name == *t))
    {
        return Err(PackageError::Sql {
            context: format!("table {missing}"),
            message: "the collection has no such table; it is not an Anki collection".into(),
        });
    }
    Ok(db)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn what_is_not_a_package_is_said_so() {
        let err = open(Cursor::new(b"front\tback\n".to_vec()), 11)
            .err()
            .unwrap();
        assert!(matches!(err, PackageError::NotAPackage), "{err}");
        let err = open(Cursor::new(b"PK\x03\x04garbage".to_vec()), 13)
            .err()
            .unwrap();
        assert!(err.to_string().contains("damaged"), "{err}");
        let err = open(Cursor::new(b"SQLite format 3\0trailing junk".to_vec()), 30)
            .err()
            .unwrap();
        assert!(err.to_string().contains("cannot be read"), "{err}");
    }

    #[test]
    fn work_on_the_database_is_bounded_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch("CREATE TABLE col (x); CREATE TABLE notes (x); CREATE TABLE cards (x); CREATE TABLE revlog (x);")
            .unwrap();
        drop(db);
        let bytes = std::fs::read(&path).unwrap();
        let opened = open(Cursor::new(bytes.clone()), bytes.len() as u64).unwrap();
        let endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n";
        let err = opened
            .db
            .query_row(endless, [], |r| r.get::<_, i64>(0))
            .unwrap_err();
        let message = PackageError::sql("table notes", &err).to_string();
        assert!(message.contains("far more work"), "{message}");
    }

    #[test]
    fn a_zstd_bomb_stops_at_the_cap() {
        let zeros = vec![0u8; 4 << 20];
        let packed = zstd::encode_all(zeros.as_slice(), 19).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let err = decompress(packed.as_slice(), &dir.path().join("x"), 1 << 20, "x").unwrap_err();
        assert!(matches!(err, PackageError::TooLarge { .. }), "{err}");
    }
}
