//! The library index: one file in the deck cache holding each deck's
//! [`Outline`] (id, title, collection, tags, card count, item keys and each
//! card's tags), so listing, choosing, counting and `stats` decode no card.
//!
//! Each outline is kept with what its deck was made from, keyed as the deck
//! cache's entries are (see [`super::cache`]): for a deck file its absolute
//! path, size, modification time and content hash, for a built-in deck its
//! id and JSON hash, and for the whole index the build that wrote it. An
//! outline whose deck no longer matches is rebuilt from the deck (through
//! its cache entry); a damaged index, or one of another build, is rebuilt
//! whole, never trusted. Like the cache, it only saves time: failing to
//! write it changes nothing else.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::builtin::Builtin;
use super::cache::{self, Build, FileKey, Origin};
use super::load::cannot_read;
use super::{Deck, LoadError};
use crate::store::DECK_CACHE_DIR;

/// The index's file name in the deck cache folder.
pub const INDEX: &str = "library.bin";
/// The first bytes of the index.
const MAGIC: &[u8] = b"trialdrill library index\n";

/// What listing and choosing need of a deck, without its cards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outline {
    /// The deck id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its collection.
    pub collection: Option<String>,
    /// How many cards it has.
    pub cards: usize,
    /// Every tag its cards use, sorted and without repeats.
    pub tags: Vec<String>,
    /// The key of each of its items, in authored order (see
    /// [`super::Item::key`]); there are as many as it has questions.
    pub keys: Keys,
    /// Each card's tags and how many items it has, in authored order.
    pub card_tags: CardTags,
}

/// Item keys stored end to end in one string, so an outline decodes with
/// two allocations however many cards its deck has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keys {
    text: String,
    /// Where each key ends in `text`.
    ends: Vec<usize>,
}

impl Keys {
    /// Every key, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .filter_map(|(start, &end)| self.text.get(start..end))
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Keys {
    fn from_iter<I: IntoIterator<Item = S>>(keys: I) -> Keys {
        let mut out = Keys::default();
        for key in keys {
            out.text.push_str(key.as_ref());
            out.ends.push(out.text.len());
        }
        out
    }
}

/// Each card's tags, as positions in its outline's sorted [`Outline::tags`],
/// and how many items it has; stored flat, like [`Keys`], so an outline
/// decodes with a few allocations however many cards its deck has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardTags {
    /// Every card's tag positions end to end, in the card's own order.
    tags: Vec<u32>,
    /// Where each card's positions end in `tags`.
    ends: Vec<u32>,
    /// How many items each card has.
    items: Vec<u32>,
}

impl CardTags {
    /// Each card's tag positions and its number of items, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u32], usize)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(&self.items)
            .map(|((start, &end), &items)| {
                let tags = self.tags.get(start as usize..end as usize).unwrap_or(&[]);
                (tags, items as usize)
            })
    }

    /// Adds a card with tags at `positions` and `items` items.
    fn push(&mut self, positions: impl IntoIterator<Item = u32>, items: usize) {
        self.tags.extend(positions);
        // A deck's tags and items each number far fewer than u32::MAX.
        self.ends.push(self.tags.len() as u32);
        self.items.push(items as u32);
    }
}

impl Outline {
    /// The outline of `deck`.
    pub fn of(deck: &Deck) -> Outline {
        let tags = deck.tags();
        let items = deck.items();
        let mut card_tags = CardTags::default();
        let mut at = 0;
        for card in &deck.cards {
            // Items come card by card, in the cards' order.
            let count = items[at..]
                .iter()
                .take_while(|item| std::ptr::eq(item.card, card))
                .count();
            at += count;
            let positions = card
                .tags
                .iter()
                .filter_map(|tag| tags.binary_search(&tag.as_str()).ok())
                .map(|p| p as u32);
            card_tags.push(positions, count);
        }
        Outline {
            id: deck.id.clone(),
            title: deck.title.clone(),
            collection: deck.collection.clone(),
            cards: deck.cards.len(),
            tags: tags.into_iter().map(str::to_string).collect(),
            keys: items.iter().map(|item| item.key()).collect(),
            card_tags,
        }
    }

    /// Each item's key with its card's tags, as positions in [`Outline::tags`],
    /// in authored order.
    pub fn items(&self) -> impl Iterator<Item = (&str, &[u32])> {
        self.keys.iter().zip(
            self.card_tags
                .iter()
                .flat_map(|(tags, items)| std::iter::repeat_n(tags, items)),
        )
    }

    /// The outline of this deck narrowed to the cards with a tag that `keep`
    /// accepts, as [`Outline::of`] the deck so narrowed would be; `None` when
    /// no card is left.
    pub fn narrowed(&self, keep: impl Fn(&str) -> bool) -> Option<Outline> {
        let kept: Vec<bool> = self.tags.iter().map(|t| keep(t)).collect();
        let cards: Vec<bool> = self
            .card_tags
            .iter()
            .map(|(tags, _)| tags.iter().any(|&p| kept.get(p as usize) == Some(&true)))
            .collect();
        let left = || self.card_tags.iter().zip(&cards).filter(|(_, k)| **k);
        let mut used = vec![false; self.tags.len()];
        for &p in left().flat_map(|((tags, _), _)| tags) {
            if let Some(u) = used.get_mut(p as usize) {
                *u = true;
            }
        }
        // A tag's new position: how many used tags sort before it.
        let moved: Vec<u32> = used
            .iter()
            .scan(0, |next, &u| {
                let at = *next;
                *next += u32::from(u);
                Some(at)
            })
            .collect();
        let mut card_tags = CardTags::default();
        for ((tags, count), _) in left() {
            card_tags.push(
                tags.iter().filter_map(|&p| moved.get(p as usize).copied()),
                count,
            );
        }
        let kept_items = self
            .card_tags
            .iter()
            .zip(&cards)
            .flat_map(|((_, count), &k)| std::iter::repeat_n(k, count));
        let keys = self
            .keys
            .iter()
            .zip(kept_items)
            .filter(|(_, k)| *k)
            .map(|(key, _)| key)
            .collect();
        let count = left().count();
        (count > 0).then(|| Outline {
            id: self.id.clone(),
            title: self.title.clone(),
            collection: self.collection.clone(),
            cards: count,
            tags: self
                .tags
                .iter()
                .zip(&used)
                .filter(|(_, u)| **u)
                .map(|(t, _)| t.clone())
                .collect(),
            keys,
            card_tags,
        })
    }
}

/// The index as stored.
#[derive(Serialize, Deserialize)]
struct Stored {
    build: Build,
    outlines: Vec<(Origin, Outline)>,
}

/// The library index of one store, read once; outlines are looked up in it
/// (or rebuilt), then [`Index::save`] writes it back when it changed.
pub struct Index {
    home: PathBuf,
    /// The outlines read and not looked up yet.
    old: HashMap<Origin, Outline>,
    /// What each outline given out so far was made from, in order.
    given: Vec<Origin>,
    /// Whether an outline had to be rebuilt.
    rebuilt: bool,
}

impl Index {
    /// The index of the store at `home`; empty when it is missing, damaged
    /// or written by another build.
    pub fn open(home: &Path) -> Index {
        let stored = cache::read_checked(&path(home), MAGIC, |body| {
            let stored: Stored = postcard::from_bytes(body).ok()?;
            (stored.build == *cache::this_build()).then_some(stored)
        });
        Index {
            home: home.to_path_buf(),
            old: stored.map_or_else(HashMap::new, |s| s.outlines.into_iter().collect()),
            given: Vec::new(),
            rebuilt: false,
        }
    }

    /// The outline of the built-in deck `deck`.
    pub fn builtin(&mut self, deck: &Builtin) -> Result<Outline, String> {
        let origin = cache::builtin_origin(deck);
        if let Some(outline) = self.take(&origin) {
            return Ok(outline);
        }
        let outline = Outline::of(&cache::builtin(&self.home, deck)?);
        Ok(self.rebuilt(origin, outline))
    }

    /// The outline of the deck file at `path`, with the key of the file it
    /// was made from, which loads the deck whose outline it is. Errors are
    /// those of [`super::load_file`].
    pub(super) fn file(&mut self, path: &Path) -> Result<(Outline, FileKey), LoadError> {
        let key = cache::file_key(&self.home, path).map_err(|e| cannot_read(path, &e))?;
        if let Some(outline) = self.take(&key.origin) {
            return Ok((outline, key));
        }
        let (deck, key) = cache::file_from(&self.home, path, &key)?;
        Ok((self.rebuilt(key.origin.clone(), Outline::of(&deck)), key))
    }

    /// The stored outline made from `origin`, if there is one.
    fn take(&mut self, origin: &Origin) -> Option<Outline> {
        let outline = self.old.remove(origin)?;
        self.given.push(origin.clone());
        Some(outline)
    }

    /// `outline`, rebuilt from a deck made from `origin`, to be stored.
    fn rebuilt(&mut self, origin: Origin, outline: Outline) -> Outline {
        self.given.push(origin);
        self.rebuilt = true;
        outline
    }

    /// Writes the index of `outlines`, those given out since [`Index::open`]
    /// in the order given, when one was rebuilt or a stored one was not
    /// looked up (its deck is gone or changed).
    pub fn save<'o>(self, outlines: impl IntoIterator<Item = &'o Outline>) {
        if !self.rebuilt && self.old.is_empty() {
            return;
        }
        let outlines: Vec<(&Origin, &Outline)> = self.given.iter().zip(outlines).collect();
        if outlines.len() != self.given.len() {
            return;
        }
        if let Ok(body) = postcard::to_stdvec(&(cache::this_build(), outlines)) {
            cache::write_checked(&self.home, &path(&self.home), MAGIC, &body);
        }
    }
}

/// Where the index of the store at `home` is.
fn path(home: &Path) -> PathBuf {
    home.join(DECK_CACHE_DIR).join(INDEX)
}

#[cfg(test)]
mod tests {
    use std::fs::{self, File};

    use super::*;
    use crate::deck::installed;
    use crate::deck::select::Library;

    const DECK: &str = r#"{"format": 1, "id": "mine", "title": "Mine", "collection": "test/one",
      "cards": [
      {"id": "a", "kind": "truefalse", "tags": ["u", "t"], "explanation": "e",
       "source": {"section": "S", "bullet": 1}, "prompt": "p", "answer": true},
      {"id": "z", "kind": "cloze", "tags": ["t"], "explanation": "e",
       "source": {"section": "S", "bullet": 1}, "text": "{{c1::a}} and {{c2::b}}"}]}"#;

    /// A store with `DECK` installed; its deck file.
    fn setup() -> (tempfile::TempDir, PathBuf) {
        let home = tempfile::tempdir().unwrap();
        fs::create_dir(installed::folder(home.path())).unwrap();
        let file = installed::folder(home.path()).join("mine.json");
        fs::write(&file, DECK).unwrap();
        (home, file)
    }

    /// The installed deck's outline as the library gives it.
    fn mine(home: &Path) -> Outline {
        let (library, broken) = Library::load(home).unwrap();
        assert!(broken.is_empty(), "{broken:?}");
        library
            .shelved()
            .iter()
            .find(|s| s.outline.id == "mine")
            .map(|s| s.outline.clone())
            .unwrap()
    }

    /// What the index file holds, decoded.
    fn stored(home: &Path) -> Stored {
        let bytes = fs::read(path(home)).unwrap();
        postcard::from_bytes(&bytes[MAGIC.len() + 8..]).unwrap()
    }

    /// Writes `stored` as the index, checksum and all.
    fn store(home: &Path, stored: &Stored) {
        let body = postcard::to_stdvec(stored).unwrap();
        assert!(cache::write_checked(home, &path(home), MAGIC, &body));
    }

    #[test]
    fn an_outline_is_the_decks_ids_tags_and_item_keys() {
        let (home, _file) = setup();
        let outline = mine(home.path());
        assert_eq!(outline, Outline::of(&crate::deck::parse(DECK).unwrap()));
        assert_eq!(
            (outline.cards, &outline.tags),
            (2, &vec!["t".to_string(), "u".into()])
        );
        let keys: Vec<&str> = outline.keys.iter().collect();
        assert_eq!(keys, ["a", "z:c1", "z:c2"]);
        let items: Vec<(&str, Vec<&str>)> = outline
            .items()
            .map(|(key, tags)| {
                let tags = tags.iter().map(|&p| outline.tags[p as usize].as_str());
                (key, tags.collect())
            })
            .collect();
        assert_eq!(
            items,
            [
                ("a", vec!["u", "t"]),
                ("z:c1", vec!["t"]),
                ("z:c2", vec!["t"])
            ],
            "each item with its card's tags, in the card's order"
        );
        assert_eq!(
            mine(home.path()),
            Outline::of(&crate::deck::parse(DECK).unwrap())
        );
    }

    #[test]
    fn an_intact_index_is_used_without_loading_the_deck() {
        let (home, _file) = setup();
        mine(home.path());
        let mut index = stored(home.path());
        for (_, outline) in &mut index.outlines {
            outline.title = "From the index".into();
        }
        store(home.path(), &index);
        // Deck cache entries gone: only the index can give the title.
        for entry in fs::read_dir(home.path().join(DECK_CACHE_DIR)).unwrap() {
            let entry = entry.unwrap().path();
            if entry != path(home.path()) {
                fs::remove_file(entry).unwrap();
            }
        }
        assert_eq!(mine(home.path()).title, "From the index");
    }

    #[test]
    fn a_changed_deck_gets_a_new_outline_even_with_its_size_and_time_kept() {
        let (home, file) = setup();
        mine(home.path());
        let modified = fs::metadata(&file).unwrap().modified().unwrap();
        fs::write(&file, DECK.replace("\"Mine\"", "\"Nine\"")).unwrap();
        File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_eq!(mine(home.path()).title, "Nine");
        fs::write(&file, DECK.replace("\"Mine\"", "\"Longer\"")).unwrap();
        assert_eq!(mine(home.path()).title, "Longer");
        let titles: Vec<String> = stored(home.path())
            .outlines
            .into_iter()
            .filter(|(_, o)| o.id == "mine")
            .map(|(_, o)| o.title)
            .collect();
        assert_eq!(titles, ["Longer"], "the stale outline is dropped");
    }

    #[test]
    fn a_damaged_index_or_one_of_another_build_is_rebuilt_not_trusted() {
        let (home, _file) = setup();
        let fresh = mine(home.path());
        let good = fs::read(path(home.path())).unwrap();
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        // A body cut short, with a checksum that matches it.
        let mut resummed = good[..MAGIC.len()].to_vec();
        let body = &good[MAGIC.len() + 8..good.len() - 3];
        resummed.extend(xxhash_rust::xxh3::xxh3_64(body).to_le_bytes());
        resummed.extend(body);
        let mut other = stored(home.path());
        other.build.version.push_str("-other");
        for (_, outline) in &mut other.outlines {
            outline.title = "Stale".into();
        }
        store(home.path(), &other);
        let other_build = fs::read(path(home.path())).unwrap();
        let damaged: [&[u8]; 7] = [
            b"",
            b"not an index",
            &good[..good.len() / 2],
            &flipped,
            &resummed,
            &good[MAGIC.len()..],
            &other_build,
        ];
        for bytes in damaged {
            fs::write(path(home.path()), bytes).unwrap();
            assert_eq!(mine(home.path()), fresh, "{bytes:?}");
            assert_eq!(fs::read(path(home.path())).unwrap(), good, "rewritten");
        }
    }

    #[test]
    fn a_shelved_deck_loads_as_its_outline_was_made_while_its_entry_lasts() {
        let (home, file) = setup();
        mine(home.path());
        let (library, _) = Library::load(home.path()).unwrap();
        let shelved = library
            .shelved()
            .iter()
            .find(|s| s.outline.id == "mine")
            .unwrap();
        fs::write(&file, DECK.replace("\"Mine\"", "\"Nine\"")).unwrap();
        assert_eq!(library.deck(shelved).unwrap().title, "Mine");
        for entry in fs::read_dir(home.path().join(DECK_CACHE_DIR)).unwrap() {
            fs::remove_file(entry.unwrap().path()).unwrap();
        }
        assert_eq!(library.deck(shelved).unwrap().title, "Nine");
    }

    #[test]
    fn a_deck_that_no_longer_loads_is_reported_not_outlined() {
        let (home, file) = setup();
        mine(home.path());
        fs::write(&file, "{").unwrap();
        let (library, broken) = Library::load(home.path()).unwrap();
        assert_eq!(broken.len(), 1);
        assert!(library.shelved().iter().all(|s| s.outline.id != "mine"));
        assert!(
            stored(home.path())
                .outlines
                .iter()
                .all(|(_, o)| o.id != "mine")
        );
    }
}
