//! Reading the rows an import needs from an Anki collection, in either
//! schema: 11 (notetypes and decks as JSON in the `col` row) or 18
//! (`notetypes`, `fields`, `templates` and `decks` tables, deck names with
//! `\x1f` between levels, notetype kinds in protobuf blobs). Only the
//! columns used are read; a value of the wrong type names its table and row.

use std::collections::HashMap;

use rusqlite::{Connection, Row};
use serde::Deserialize;

use super::package::PackageError;
use super::protobuf;

/// A notetype: what decides how its notes become cards.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notetype {
    /// Its name, as the user sees it.
    pub name: String,
    /// Whether it is a cloze notetype.
    pub cloze: bool,
    /// Anki's record of the stock notetype it was made from (0: none kept).
    pub original_stock_kind: u64,
    /// Field names in order.
    pub fields: Vec<String>,
    /// Each template's question format, in order.
    pub templates: Vec<String>,
}

/// One note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The note id (its creation time in milliseconds).
    pub id: i64,
    /// Its globally unique id; trialdrill's exports write `td:DECK:CARD`.
    pub guid: String,
    /// The notetype id.
    pub notetype: i64,
    /// Space-separated tags.
    pub tags: String,
    /// The fields, as HTML.
    pub fields: Vec<String>,
}

/// One card: a note's template (or cloze number) with its schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Card {
    /// The card id.
    pub id: i64,
    /// Its note.
    pub note: i64,
    /// Its deck; for a card in a filtered deck, its home deck.
    pub deck: i64,
    /// Template index, or cloze number minus one.
    pub ord: i64,
    /// 0 new, 1 learning, 2 review, 3 relearning.
    pub kind: i64,
    /// The queue: 1 and 4 learning by time, 3 learning by day, negative when suspended or buried.
    pub queue: i64,
    /// When it is due: a day number for review and day-learning cards, a
    /// Unix time in seconds for learning cards.
    pub due: i64,
}

/// One review-log entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    /// When, in milliseconds since 1970 (the entry's id).
    pub id: i64,
    /// The card.
    pub card: i64,
    /// The button: 1 Again to 4 Easy, 0 for a manual change.
    pub ease: i64,
    /// The interval after it: days when positive, seconds when negative.
    pub interval: i64,
    /// Ease factor (or FSRS difficulty); 0 marks resets and cramming.
    pub factor: i64,
    /// Milliseconds taken.
    pub taken_ms: i64,
    /// 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled.
    pub kind: i64,
}

/// Everything read from a collection.
#[derive(Debug, Default)]
pub struct Collection {
    /// When the collection was created (Unix seconds); day numbers count from it.
    pub created: i64,
    /// Notetypes by id.
    pub notetypes: HashMap<i64, Notetype>,
    /// Deck names by id, levels joined with `::`.
    pub decks: HashMap<i64, String>,
    /// Notes in id order.
    pub notes: Vec<Note>,
    /// Cards in id order.
    pub cards: Vec<Card>,
    /// The review log in time order.
    pub reviews: Vec<Review>,
}

/// Reads the collection open in `db`.
pub fn read(db: &Connection) -> Result<Collection, PackageError> {
    let (created, models, decks): (i64, String, String) = db
        .query_row("SELECT crt, models, decks FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(|e| PackageError::sql("table col", &e))?;
    let schema18 = has_table(db, "notetypes")?;
    let (notetypes, decks) = if schema18 {
        (notetypes18(db)?, decks18(db)?)
    } else {
        (notetypes11(&models)?, decks11(&decks)?)
    };
    Ok(Collection {
        created,
        notetypes,
        decks,
        notes: rows(
            db,
            "notes",
            "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id",
            |r| {
                let fields: String = r.get(4)?;
                Ok(Note {
                    id: r.get(0)?,
                    guid: r.get(1)?,
                    notetype: r.get(2)?,
                    tags: r.get(3)?,
                    fields: fields.split('\x1f').map(String::from).collect(),
                })
            },
        )?,
        cards: rows(
            db,
            "cards",
            "SELECT id, nid, CASE WHEN odid != 0 THEN odid ELSE did END, ord, type, queue, CASE WHEN odid != 0 THEN odue ELSE due END FROM cards ORDER BY id",
            |r| {
                Ok(Card {
                    id: r.get(0)?,
                    note: r.get(1)?,
                    deck: r.get(2)?,
                    ord: r.get(3)?,
                    kind: r.get(4)?,
                    queue: r.get(5)?,
                    due: r.get(6)?,
                })
            },
        )?,
        reviews: rows(
            db,
            "revlog",
            "SELECT id, cid, ease, ivl, factor, time, type FROM revlog ORDER BY id",
            |r| {
                Ok(Review {
                    id: r.get(0)?,
                    card: r.get(1)?,
                    ease: r.get(2)?,
                    interval: r.get(3)?,
                    factor: r.get(4)?,
                    taken_ms: r.get(5)?,
                    kind: r.get(6)?,
                })
            },
        )?,
    })
}

fn has_table(db: &Connection, name: &str) -> Result<bool, PackageError> {
    db.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
    .map_err(|e| PackageError::sql("its list of tables", &e))
}

/// Every row of `sql` through `each`; an error names `table` and, where it
/// can, the row's id (the first column).
fn rows<T>(
    db: &Connection,
    table: &str,
    sql: &str,
    each: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, PackageError> {
    let context = |row: Option<&Row<'_>>| match row.and_then(|r| r.get::<_, i64>(0).ok()) {
        Some(id) => format!("table {table}, row id {id}"),
        None => format!("table {table}"),
    };
    let mut statement = db
        .prepare(sql)
        .map_err(|e| PackageError::sql(context(None), &e))?;
    let mut found = statement
        .query([])
        .map_err(|e| PackageError::sql(context(None), &e))?;
    let mut out = Vec::new();
    loop {
        match found.next() {
            Ok(Some(row)) => {
                out.push(each(row).map_err(|e| PackageError::sql(context(Some(row)), &e))?)
            }
            Ok(None) => return Ok(out),
            Err(e) => return Err(PackageError::sql(context(None), &e)),
        }
    }
}

/// Schema 18: notetypes with their fields and templates.
fn notetypes18(db: &Connection) -> Result<HashMap<i64, Notetype>, PackageError> {
    let mut notetypes = HashMap::new();
    for (id, name, config) in rows(
        db,
        "notetypes",
        "SELECT id, name, config FROM notetypes",
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        },
    )? {
        let fields = protobuf::fields(&config).ok_or_else(|| PackageError::Sql {
            context: format!("table notetypes, row id {id}"),
            message: "its config is not a valid protobuf message".into(),
        })?;
        notetypes.insert(
            id,
            Notetype {
                name,
                cloze: protobuf::varint_field(&fields, 1) == 1,
                original_stock_kind: protobuf::varint_field(&fields, 9),
                ..Notetype::default()
            },
        );
    }
    for (id, name) in rows(
        db,
        "fields",
        "SELECT ntid, name FROM fields ORDER BY ntid, ord",
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
    )? {
        if let Some(nt) = notetypes.get_mut(&id) {
            nt.fields.push(name);
        }
    }
    for (id, config) in rows(
        db,
        "templates",
        "SELECT ntid, config FROM templates ORDER BY ntid, ord",
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)),
    )? {
        // Template config field 1 is the question format.
        let question = protobuf::fields(&config)
            .and_then(|f| {
                protobuf::bytes_field(&f, 1).map(|b| String::from_utf8_lossy(b).into_owned())
            })
            .unwrap_or_default();
        if let Some(nt) = notetypes.get_mut(&id) {
            nt.templates.push(question);
        }
    }
    Ok(notetypes)
}

/// Schema 18: deck names, `\x1f` between levels.
fn decks18(db: &Connection) -> Result<HashMap<i64, String>, PackageError> {
    Ok(rows(db, "decks", "SELECT id, name FROM decks", |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?.replace('\x1f', "::"),
        ))
    })?
    .into_iter()
    .collect())
}

/// A schema-11 notetype as the `col.models` JSON keeps it.
#[derive(Deserialize)]
struct Model11 {
    name: String,
    #[serde(rename = "type", default)]
    kind: i64,
    #[serde(default)]
    flds: Vec<Named11>,
    #[serde(default)]
    tmpls: Vec<Template11>,
    #[serde(rename = "originalStockKind", default)]
    original_stock_kind: u64,
}

#[derive(Deserialize)]
struct Named11 {
    name: String,
    #[serde(default)]
    ord: i64,
}

#[derive(Deserialize)]
struct Template11 {
    #[serde(default)]
    qfmt: String,
    #[serde(default)]
    ord: i64,
}

fn notetypes11(models: &str) -> Result<HashMap<i64, Notetype>, PackageError> {
    let bad = |e: serde_json::Error| PackageError::Sql {
        context: "table col, column models".into(),
        message: format!("the notetypes are not valid JSON: {e}"),
    };
    let models: HashMap<String, Model11> = serde_json::from_str(models).map_err(bad)?;
    let mut out = HashMap::new();
    for (id, mut m) in models {
        let id = id.parse::<i64>().map_err(|_| PackageError::Sql {
            context: "table col, column models".into(),
            message: format!("notetype id `{id}` is not a number"),
        })?;
        m.flds.sort_by_key(|f| f.ord);
        m.tmpls.sort_by_key(|t| t.ord);
        out.insert(
            id,
            Notetype {
                name: m.name,
                cloze: m.kind == 1,
                original_stock_kind: m.original_stock_kind,
                fields: m.flds.into_iter().map(|f| f.name).collect(),
                templates: m.tmpls.into_iter().map(|t| t.qfmt).collect(),
            },
        );
    }
    Ok(out)
}

#[derive(Deserialize)]
struct Deck11 {
    name: String,
}

fn decks11(decks: &str) -> Result<HashMap<i64, String>, PackageError> {
    let decks: HashMap<String, Deck11> =
        serde_json::from_str(decks).map_err(|e| PackageError::Sql {
            context: "table col, column decks".into(),
            message: format!("the decks are not valid JSON: {e}"),
        })?;
    Ok(decks
        .into_iter()
        .filter_map(|(id, d)| Some((id.parse::<i64>().ok()?, d.name)))
        .collect())
}
