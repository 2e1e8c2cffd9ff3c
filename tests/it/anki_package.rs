//! `deck import` of Anki packages built here with rusqlite, in both schemas
//! Anki writes: cards per notetype, decks, tags, media markers, the review
//! history and due dates, re-imports, and damaged or hostile packages.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rusqlite::{Connection, params};
use trialdrill::engine::schedule::{DayClock, add_days};

/// When the collection was created (Unix seconds).
const CRT: i64 = 1_700_000_000;
/// The first review, in milliseconds.
const T0: i64 = 1_700_500_000_000;
const DAY_MS: i64 = 86_400_000;

#[derive(Clone, Copy, PartialEq)]
enum Schema {
    /// collection.anki2: JSON notetypes and decks in `col`.
    Legacy,
    /// collection.anki21b: zstd, notetypes and decks in their own tables.
    Latest,
}

struct Notetype {
    id: i64,
    name: &'static str,
    cloze: bool,
    stock: u64,
    fields: &'static [&'static str],
    templates: &'static [&'static str],
}

const NOTETYPES: &[Notetype] = &[
    Notetype {
        id: 1,
        name: "Basic",
        cloze: false,
        stock: 1,
        fields: &["Front", "Back"],
        templates: &["{{Front}}"],
    },
    Notetype {
        id: 2,
        name: "Basic (and reversed card)",
        cloze: false,
        stock: 2,
        fields: &["Front", "Back"],
        templates: &["{{Front}}", "{{Back}}"],
    },
    Notetype {
        id: 3,
        name: "Basic (optional reversed card)",
        cloze: false,
        stock: 3,
        fields: &["Front", "Back", "Add Reverse"],
        templates: &["{{Front}}", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}"],
    },
    Notetype {
        id: 4,
        name: "Basic (type in the answer)",
        cloze: false,
        stock: 4,
        fields: &["Front", "Back"],
        templates: &["{{Front}}\n\n{{type:Back}}"],
    },
    Notetype {
        id: 5,
        name: "Cloze",
        cloze: true,
        stock: 5,
        fields: &["Text", "Back Extra"],
        templates: &["{{cloze:Text}}"],
    },
    Notetype {
        id: 6,
        name: "Japanese (recognition)",
        cloze: false,
        stock: 0,
        fields: &["Expression", "Meaning", "Reading"],
        templates: &["{{Expression}}<br>{{Reading}}"],
    },
];

/// (note id, notetype, tags, fields, deck of its cards, card ordinals)
type NoteSpec = (
    i64,
    i64,
    &'static str,
    &'static [&'static str],
    i64,
    &'static [i64],
);

const NOTES: &[NoteSpec] = &[
    (
        1000,
        1,
        " stroke dose ",
        &[
            "Alteplase dose?<br>In mg/kg",
            "0.9&nbsp;mg/kg &ge; max 90&#160;mg",
        ],
        2,
        &[0],
    ),
    (1001, 2, "", &["Heart", "Coeur"], 2, &[0, 1]),
    (1002, 3, "", &["One", "Un", "y"], 3, &[0, 1]),
    (1003, 3, "", &["Two", "Deux", ""], 3, &[0]),
    (1004, 4, "typing", &["NIHSS max?", "42"], 3, &[0]),
    (
        1005,
        5,
        "cloze",
        &[
            "{{c1::Alteplase::drug}} within {{c2::4.5}} h",
            "NINDS &amp; ECASS III",
        ],
        2,
        &[0, 1],
    ),
    (1006, 6, "", &["猫", "cat", "ねこ"], 1, &[0]),
    (
        1007,
        1,
        "",
        &[
            "<div>CT:</div><img src=\"ct scan.png\">",
            "[sound:bleed.mp3]",
        ],
        1,
        &[0],
    ),
];

const DECKS: &[(i64, &str)] = &[
    (1, "Default"),
    (2, "Stroke::Thrombolysis"),
    (3, "Cardiology"),
];

/// The guid of note `nid`: one came from `deck export --format anki`.
fn guid(nid: i64) -> String {
    if nid == 1003 {
        "td:cardio:two".into()
    } else {
        format!("guid{nid}")
    }
}

/// Anki card id of note `nid`, ordinal `ord`.
fn cid(nid: i64, ord: i64) -> i64 {
    nid * 10 + ord
}

/// The review log: (card, ease, interval, factor, kind) at T0 + i days.
fn revlog() -> Vec<(i64, i64, i64, i64, i64, i64)> {
    let c = cid(1000, 0);
    vec![
        // id, cid, ease, ivl, factor, type
        (T0, c, 3, -600, 2500, 0),
        (T0 + DAY_MS, c, 3, 3, 2500, 1),
        (T0 + 4 * DAY_MS, c, 0, 9, 2500, 4), // set due date
        (T0 + 5 * DAY_MS, c, 1, -600, 2300, 2),
        (T0 + 5 * DAY_MS + 700_000, c, 3, 2, 2300, 2),
        // reversed card: reviewed, then reset
        (T0 + DAY_MS + 1000, cid(1001, 1), 3, 2, 2500, 1),
        (T0 + 2 * DAY_MS + 1000, cid(1001, 1), 0, 0, 0, 4),
        // cloze c2
        (T0 + 2 * DAY_MS + 2000, cid(1005, 1), 4, 4, 2650, 1),
        // a card not in the package
        (T0 + 3 * DAY_MS, 999_999, 3, 3, 2500, 1),
    ]
}

/// Anki's day number (days since creation) for when card 1000's is due.
const DUE_1000: i64 = 20;

fn protobuf_varint(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn notetype_config(nt: &Notetype) -> Vec<u8> {
    let mut out = Vec::new();
    if nt.cloze {
        out.extend([0x08, 0x01]);
    }
    out.extend([0x1a, 0x00]); // css: empty string
    if nt.stock != 0 {
        out.push(0x48);
        protobuf_varint(nt.stock, &mut out);
    }
    out
}

fn template_config(qfmt: &str) -> Vec<u8> {
    let mut out = vec![0x0a];
    protobuf_varint(qfmt.len() as u64, &mut out);
    out.extend(qfmt.as_bytes());
    out
}

/// A collection database with the notes above.
fn collection(schema: Schema, notes: &[NoteSpec]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let db = Connection::open(&path).unwrap();
    db.create_collation("unicase", |a: &str, b: &str| {
        a.to_lowercase().cmp(&b.to_lowercase())
    })
    .unwrap();
    db.execute_batch(
        "CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
         CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
         CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
         CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);
         CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);",
    )
    .unwrap();
    let (models, decks) = match schema {
        Schema::Legacy => {
            let models: serde_json::Map<String, serde_json::Value> = NOTETYPES
                .iter()
                .map(|nt| {
                    (
                        nt.id.to_string(),
                        serde_json::json!({
                            "id": nt.id, "name": nt.name, "type": i32::from(nt.cloze),
                            "flds": nt.fields.iter().enumerate().map(|(i, f)| serde_json::json!({"name": f, "ord": i})).collect::<Vec<_>>(),
                            "tmpls": nt.templates.iter().enumerate().map(|(i, t)| serde_json::json!({"name": format!("Card {}", i + 1), "ord": i, "qfmt": t, "afmt": ""})).collect::<Vec<_>>(),
                        }),
                    )
                })
                .collect();
            let decks: serde_json::Map<String, serde_json::Value> = DECKS
                .iter()
                .map(|(id, name)| (id.to_string(), serde_json::json!({"id": id, "name": name})))
                .collect();
            (
                serde_json::Value::Object(models).to_string(),
                serde_json::Value::Object(decks).to_string(),
            )
        }
        Schema::Latest => {
            db.execute_batch(
                "CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
                 CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
                 CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
                 CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
                 CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
                 CREATE UNIQUE INDEX idx_decks_name ON decks (name);",
            )
            .unwrap();
            for nt in NOTETYPES {
                db.execute(
                    "INSERT INTO notetypes VALUES (?1, ?2, 0, 0, ?3)",
                    params![nt.id, nt.name, notetype_config(nt)],
                )
                .unwrap();
                for (i, f) in nt.fields.iter().enumerate() {
                    db.execute(
                        "INSERT INTO fields VALUES (?1, ?2, ?3, x'')",
                        params![nt.id, i as i64, f],
                    )
                    .unwrap();
                }
                for (i, t) in nt.templates.iter().enumerate() {
                    db.execute(
                        "INSERT INTO templates VALUES (?1, ?2, ?3, 0, 0, ?4)",
                        params![
                            nt.id,
                            i as i64,
                            format!("Card {}", i + 1),
                            template_config(t)
                        ],
                    )
                    .unwrap();
                }
            }
            for (id, name) in DECKS {
                db.execute(
                    "INSERT INTO decks VALUES (?1, ?2, 0, 0, x'', x'')",
                    params![id, name.replace("::", "\x1f")],
                )
                .unwrap();
            }
            ("{}".to_string(), "{}".to_string())
        }
    };
    let ver = if schema == Schema::Latest { 18 } else { 11 };
    db.execute(
        "INSERT INTO col VALUES (1, ?1, 0, 0, ?2, 0, 0, 0, '{}', ?3, ?4, '{}', '{}')",
        params![CRT, ver, models, decks],
    )
    .unwrap();
    for (nid, mid, tags, fields, did, ords) in notes {
        db.execute(
            "INSERT INTO notes VALUES (?1, ?2, ?3, 0, 0, ?4, ?5, '', 0, 0, '')",
            params![nid, guid(*nid), mid, tags, fields.join("\x1f")],
        )
        .unwrap();
        for ord in *ords {
            let (kind, queue, due) = match cid(*nid, *ord) {
                c if c == cid(1000, 0) => (2, 2, DUE_1000),
                c if c == cid(1005, 1) => (2, 2, 30),
                _ => (0, 0, *nid),
            };
            db.execute(
                "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, 0, 0, ?5, ?6, ?7, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                params![cid(*nid, *ord), nid, did, ord, kind, queue, due],
            )
            .unwrap();
        }
    }
    for (id, c, ease, ivl, factor, kind) in revlog() {
        db.execute(
            "INSERT INTO revlog VALUES (?1, ?2, 0, ?3, ?4, 0, ?5, 5000, ?6)",
            params![id, c, ease, ivl, factor, kind],
        )
        .unwrap();
    }
    drop(db);
    std::fs::read(path).unwrap()
}

/// A zip with `entries`.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        out.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The package Anki writes for `schema`; the latest one has a stub
/// collection.anki2 beside the real one, as Anki's own has.
fn package(schema: Schema) -> Vec<u8> {
    match schema {
        Schema::Legacy => zip(&[
            ("collection.anki2", &collection(Schema::Legacy, NOTES)),
            ("media", b"{}"),
        ]),
        Schema::Latest => {
            let real = zstd::encode_all(collection(Schema::Latest, NOTES).as_slice(), 3).unwrap();
            let stub = collection(
                Schema::Legacy,
                &[(
                    1,
                    1,
                    "",
                    &["Please update to the latest Anki version", ""],
                    1,
                    &[0],
                )],
            );
            zip(&[
                ("meta", &[0x08, 0x03]),
                ("collection.anki21b", &real),
                ("collection.anki2", &stub),
            ])
        }
    }
}

struct Run {
    dir: tempfile::TempDir,
}

impl Run {
    fn new() -> Run {
        Run {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn run(&self, args: &[&str]) -> Output {
        common::output(common::trialdrill(&self.home()).args(args), "")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn deck_files(dir: &Path) -> Vec<serde_json::Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
        .collect()
}

fn cards_of<'a>(decks: &'a [serde_json::Value], title: &str) -> &'a Vec<serde_json::Value> {
    decks
        .iter()
        .find(|d| d["title"] == title)
        .unwrap_or_else(|| panic!("no deck {title}"))["cards"]
        .as_array()
        .unwrap()
}

fn card<'a>(decks: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    decks
        .iter()
        .flat_map(|d| d["cards"].as_array().unwrap())
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no card {id}"))
}

#[test]
fn both_schemas_give_the_same_cards_per_notetype() {
    for schema in [Schema::Legacy, Schema::Latest] {
        let run = Run::new();
        let apkg = run.file("shared.apkg", &package(schema));
        let out_dir = run.path("decks");
        let o = run.run(&[
            "deck",
            "import",
            apkg.to_str().unwrap(),
            "-o",
            out_dir.to_str().unwrap(),
        ]);
        let err = text(&o.stderr);
        assert!(o.status.success(), "{err}");
        let decks = deck_files(&out_dir);
        let titles: Vec<&str> = decks.iter().map(|d| d["title"].as_str().unwrap()).collect();
        assert_eq!(titles.len(), 3, "{titles:?}");
        for title in ["Cardiology", "Default", "Stroke::Thrombolysis"] {
            assert!(titles.contains(&title), "{title} in {titles:?}");
        }
        assert_eq!(
            cards_of(&decks, "Stroke::Thrombolysis").len(),
            4,
            "basic, 2 reversed, cloze"
        );
        assert_eq!(
            cards_of(&decks, "Cardiology").len(),
            4,
            "2 + 1 optional reversed, typed"
        );
        assert_eq!(
            cards_of(&decks, "Default").len(),
            2,
            "unknown notetype, media"
        );

        let basic = card(&decks, "anki-1000-0");
        assert_eq!(basic["kind"], "basic");
        assert_eq!(basic["front"], "Alteplase dose?\nIn mg/kg");
        assert_eq!(basic["back"], "0.9 mg/kg ≥ max 90 mg");
        assert_eq!(basic["tags"], serde_json::json!(["stroke", "dose"]));
        // The two cards of one note are siblings: the same source bullet.
        assert_eq!(
            card(&decks, "anki-1001-0")["source"],
            card(&decks, "anki-1001-1")["source"]
        );
        assert_ne!(
            card(&decks, "anki-1000-0")["source"],
            card(&decks, "anki-1001-0")["source"]
        );
        let reverse = card(&decks, "anki-1001-1");
        assert_eq!(
            (&reverse["front"], &reverse["back"]),
            (&"Coeur".into(), &"Heart".into())
        );
        assert_eq!(card(&decks, "anki-1002-1")["front"], "Un");
        assert!(
            decks
                .iter()
                .flat_map(|d| d["cards"].as_array().unwrap())
                .all(|c| c["id"] != "anki-1003-1"),
            "no reverse card without Add Reverse"
        );
        // A note trialdrill exported keeps its card id and deck id.
        assert_eq!(card(&decks, "two")["front"], "Two");
        let cardiology = decks.iter().find(|d| d["title"] == "Cardiology").unwrap();
        assert_eq!(cardiology["id"], "cardio");
        let typed = card(&decks, "anki-1004-0");
        assert_eq!(typed["kind"], "typed");
        assert_eq!(typed["answers"], serde_json::json!(["42"]));
        let cloze = card(&decks, "anki-1005");
        assert_eq!(cloze["kind"], "cloze");
        assert_eq!(
            cloze["text"],
            "{{c1::Alteplase::drug}} within {{c2::4.5}} h"
        );
        assert_eq!(cloze["explanation"], "NINDS & ECASS III");
        let unknown = card(&decks, "anki-1006-0");
        assert_eq!(
            (&unknown["front"], &unknown["back"]),
            (&"猫".into(), &"cat".into())
        );
        let media = card(&decks, "anki-1007-0");
        assert_eq!(media["front"], "CT:\n[image: ct scan.png]");
        assert_eq!(media["back"], "[sound: bleed.mp3]");

        assert!(err.contains("notetype `Japanese (recognition)`"), "{err}");
        assert!(err.contains("1 card refers to images or sounds"), "{err}");
        assert!(err.contains("the package holds 9 reviews"), "{err}");
        assert!(
            !err.contains("Please update"),
            "the stub collection is not read: {err}"
        );
        // Every deck file loads and lints clean of structure problems.
        for entry in std::fs::read_dir(&out_dir).unwrap() {
            let path = entry.unwrap().path();
            trialdrill::deck::load_file(&path).unwrap();
        }
    }
}

#[test]
fn a_reimport_gives_the_same_decks_and_a_bare_collection_reads_too() {
    let run = Run::new();
    let apkg = run.file("shared.apkg", &package(Schema::Latest));
    let (a, b) = (run.path("a"), run.path("b"));
    for out in [&a, &b] {
        let o = run.run(&[
            "deck",
            "import",
            apkg.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", text(&o.stderr));
    }
    assert_eq!(deck_files(&a), deck_files(&b));

    let bare = run.file("collection.anki2", &collection(Schema::Legacy, NOTES));
    let c = run.path("c");
    let o = run.run(&[
        "deck",
        "import",
        bare.to_str().unwrap(),
        "-o",
        c.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(deck_files(&c), deck_files(&a));
}

fn store_reviews(home: &Path) -> Vec<serde_json::Value> {
    crate::common::logged(home)
        .into_iter()
        .filter(|v| v["type"] == "review")
        .collect()
}

#[test]
fn the_history_comes_with_its_cards_and_due_dates_and_only_once() {
    let run = Run::new();
    let apkg = run.file("shared.apkg", &package(Schema::Legacy));
    let out = run.path("decks");
    let o = run.run(&[
        "deck",
        "import",
        apkg.to_str().unwrap(),
        "--with-history",
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    // 9 entries: 5 imported, 2 manual, 1 before a reset, 1 of a card not imported.
    assert!(
        err.contains("history: 5 of 9 review-log entries imported for 2 cards"),
        "{err}"
    );
    assert!(err.contains("2 manual reschedules and resets"), "{err}");
    assert!(err.contains("1 before the card was reset"), "{err}");
    assert!(err.contains("1 of cards not imported"), "{err}");

    let reviews = store_reviews(&run.home());
    assert_eq!(reviews.len(), 5);
    let decks = deck_files(&out);
    let stroke = decks
        .iter()
        .find(|d| d["title"] == "Stroke::Thrombolysis")
        .unwrap();
    assert!(
        reviews.iter().all(|r| r["deck"] == stroke["id"]),
        "{reviews:?}"
    );
    let of = |item: &str| -> Vec<&serde_json::Value> {
        reviews.iter().filter(|r| r["card"] == item).collect()
    };
    let basic = of("anki-1000-0");
    let ratings: Vec<i64> = basic
        .iter()
        .map(|r| r["rating"].as_i64().unwrap())
        .collect();
    assert_eq!(ratings, [3, 3, 1, 3], "Good, Good, Again, Good");
    assert_eq!(basic[0]["seconds"], 5.0);
    assert_eq!(
        basic[0]["time"].as_str().unwrap(),
        Timestamp::from_millisecond(T0).unwrap().to_string()
    );
    let clock = DayClock::in_zone(TimeZone::system());
    let day = |ms: i64| clock.day_of(Timestamp::from_millisecond(ms).unwrap());
    assert_eq!(basic[1]["due"], add_days(day(T0 + DAY_MS), 3).to_string());
    let created = clock.day_of(Timestamp::from_second(CRT + 43_200).unwrap());
    assert_eq!(
        basic[3]["due"],
        add_days(created, DUE_1000).to_string(),
        "the last review is due when Anki has the card due"
    );
    assert_eq!(of("anki-1005:c2").len(), 1, "a cloze deletion's history");
    assert_eq!(
        of("anki-1005:c2")[0]["due"],
        add_days(created, 30).to_string()
    );

    // The store's schedule follows: the card is due on Anki's day.
    let deck_path = out.join(format!("{}.json", stroke["id"].as_str().unwrap()));
    let o = run.run(&["stats", "--deck", deck_path.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let stats: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cards = &stats["decks"][0]["cards"];
    assert_eq!(cards["new"], 3, "{stats}");
    assert_eq!(
        cards["review"].as_i64().unwrap() + cards["learning"].as_i64().unwrap(),
        2,
        "{stats}"
    );

    let again = run.path("again");
    let o = run.run(&[
        "deck",
        "import",
        apkg.to_str().unwrap(),
        "--with-history",
        "-o",
        again.to_str().unwrap(),
    ]);
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("history: 0 of 9"), "{err}");
    assert!(err.contains("5 already in the store"), "{err}");
    assert_eq!(store_reviews(&run.home()).len(), 5, "nothing added twice");
}

#[test]
fn text_files_carry_no_history() {
    let run = Run::new();
    let tsv = run.file("cards.tsv", b"front\tback\n");
    let o = run.run(&["deck", "import", tsv.to_str().unwrap(), "--with-history"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--with-history needs an Anki package"));
}

#[test]
fn an_export_with_guids_imports_back_with_the_same_ids() {
    let run = Run::new();
    let export = run.path("rjl.txt");
    let o = run.run(&[
        "deck",
        "export",
        "rescue-japan-limit",
        "--format",
        "anki",
        "-o",
        export.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let exported = std::fs::read_to_string(&export).unwrap();
    assert!(
        exported.contains("#guid column:5\n#deck column:6\n"),
        "{exported}"
    );
    let back = run.path("back.json");
    let o = run.run(&[
        "deck",
        "import",
        export.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let original = trialdrill::deck::builtin::find("rescue-japan-limit")
        .unwrap()
        .deck()
        .unwrap();
    let again = trialdrill::deck::load_file(&back).unwrap();
    assert_eq!(again.id, original.id);
    assert_eq!(again.title, original.title);
    let ids = |d: &trialdrill::deck::Deck| d.cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&again), ids(&original));
}

#[test]
fn standard_input_and_a_byte_order_mark_are_read() {
    let run = Run::new();
    let mut command = common::trialdrill(&run.home());
    command.args(["deck", "import", "-"]);
    let o = common::output(&mut command, "\u{feff}Q: What?\nA: That.\n");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let deck: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(deck["cards"][0]["front"], "What?");
}

#[test]
fn several_decks_need_a_folder() {
    let run = Run::new();
    let apkg = run.file("shared.apkg", &package(Schema::Legacy));
    let o = run.run(&["deck", "import", apkg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("holds 3 decks") && err.contains("-o FOLDER"),
        "{err}"
    );
    let file = run.path("shared.json");
    let o = run.run(&[
        "deck",
        "import",
        apkg.to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!file.exists(), "no folder named like a deck file");
}

/// Imports `bytes` as a package and returns the failure message.
fn refused(bytes: &[u8]) -> String {
    let run = Run::new();
    let apkg = run.file("bad.apkg", bytes);
    let o = run.run(&[
        "deck",
        "import",
        apkg.to_str().unwrap(),
        "-o",
        run.path("out").to_str().unwrap(),
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.apkg"), "names the file: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn damaged_and_hostile_packages_are_refused_with_a_message() {
    let whole = package(Schema::Latest);
    for cut in [10, whole.len() / 3, whole.len() - 30] {
        let err = refused(&whole[..cut]);
        assert!(
            err.contains("damaged") || err.contains("cannot"),
            "{cut}: {err}"
        );
    }
    assert!(refused(&zip(&[("media", b"{}")])).contains("holds no collection"));
    assert!(
        refused(&zip(&[
            ("meta", &[0x08, 0x09]),
            ("collection.anki21b", b"x")
        ]))
        .contains("newer Anki")
    );
    assert!(
        refused(&zip(&[("collection.anki21b", b"not zstd")])).contains("cannot be decompressed")
    );
    assert!(
        refused(&zip(&[("collection.anki2", b"SQLite format 3\0garbage")]))
            .contains("cannot be read")
    );

    // A notes "table" that is a view running forever.
    let dir = tempfile::tempdir().unwrap();
    let db = Connection::open(dir.path().join("v.db")).unwrap();
    db.execute_batch(
        "CREATE TABLE col (crt, models, decks); INSERT INTO col VALUES (0, '{}', '{}');
         CREATE TABLE cards (id); CREATE TABLE revlog (id);
         CREATE VIEW notes AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x AS id FROM n;",
    )
    .unwrap();
    drop(db);
    let view = std::fs::read(dir.path().join("v.db")).unwrap();
    let err = refused(&zip(&[("collection.anki2", &view)]));
    assert!(err.contains("table notes") && err.contains("view"), "{err}");

    // Values of the wrong type name their table and row.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    std::fs::write(&path, collection(Schema::Legacy, NOTES)).unwrap();
    let db = Connection::open(&path).unwrap();
    db.execute(
        "UPDATE cards SET ord = 'first' WHERE id = ?1",
        [cid(1001, 0)],
    )
    .unwrap();
    drop(db);
    let err = refused(&zip(&[(
        "collection.anki2",
        &std::fs::read(&path).unwrap(),
    )]));
    assert!(
        err.contains(&format!("table cards, row id {}", cid(1001, 0))),
        "{err}"
    );

    // A zstd bomb: tiny package, enormous collection.
    let mut bomb = zstd::stream::write::Encoder::new(Vec::new(), 19).unwrap();
    let zeros = vec![0u8; 1 << 20];
    bomb.write_all(b"SQLite format 3\0").unwrap();
    for _ in 0..300 {
        bomb.write_all(&zeros).unwrap();
    }
    let bomb = bomb.finish().unwrap();
    assert!(
        refused(&zip(&[
            ("meta", &[0x08, 0x03]),
            ("collection.anki21b", &bomb)
        ]))
        .contains("decompresses to more than")
    );
}
