//! Which decks and cards a command works on. `--deck` names a deck file, a
//! built-in or installed deck id, or a collection (`stroke/large-core`, or
//! `stroke` for every `stroke/...` collection), any number of times; `--tag`
//! narrows the chosen decks to the cards of a topic, in any case. Study,
//! exam, stats and simulate all choose their decks here.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::builtin::Builtin;
use super::cache::FileKey;
use super::index::{Index, Outline};
use super::{Deck, LoadError, builtin, cache, installed, load_file};
use crate::error::FileError;
use crate::store::States;

/// The deck a new learner starts with: it, and then its collection, come
/// first in the library.
pub const FIRST: &str = "rescue-japan-limit";

/// Why decks could not be chosen.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    /// A `--deck` that is no file, deck id or collection.
    #[error(
        "no deck `{name}`: it is neither a deck file, a deck id nor a collection; the collections are {}; the decks are {} (`trialdrill deck list` shows them)",
        list(.collections),
        list(.decks)
    )]
    Unknown {
        /// What was asked for.
        name: String,
        /// The library's collections.
        collections: Vec<String>,
        /// The library's deck ids.
        decks: Vec<String>,
    },
    /// A `--tag` that no card of the chosen decks has.
    #[error("no card has the tag `{tag}`; the tags are: {}", .tags.join(", "))]
    UnknownTag {
        /// The tag as given.
        tag: String,
        /// Every tag of the chosen decks.
        tags: Vec<String>,
    },
    /// Two different decks chosen at once share an id, so their scheduling
    /// histories could not be told apart.
    #[error(
        "two different decks have the id `{0}` (a deck file and a built-in or installed deck?); choose one of them"
    )]
    SameId(String),
    /// A deck file named by `--deck` does not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The installed decks folder could not be read.
    #[error(transparent)]
    File(#[from] FileError),
    /// A built-in deck does not load: the binary was built from a broken deck.
    #[error("{0}")]
    Builtin(String),
}

impl SelectError {
    /// Whether the learner can fix it (exit status 2).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, SelectError::File(_) | SelectError::Builtin(_))
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// Where a deck of the library comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary.
    Builtin,
    /// Installed in the store by `deck add`.
    Installed,
}

impl Origin {
    /// How `deck list` names it.
    pub fn label(self) -> &'static str {
        match self {
            Origin::Builtin => "built-in",
            Origin::Installed => "installed",
        }
    }
}

/// A deck of the library: its outline, where it comes from and how to load
/// it whole.
#[derive(Debug, Clone)]
pub struct Shelved {
    /// Its id, title, collection, tags, card count and item keys.
    pub outline: Outline,
    /// Built-in or installed.
    pub origin: Origin,
    held: Held,
}

/// Where a shelved deck's cards are.
#[derive(Debug, Clone)]
enum Held {
    /// Built into the binary.
    Builtin(&'static Builtin),
    /// In a deck file, as the library's index found it: its cache entry is
    /// used while the file is unchanged since then.
    File(PathBuf, FileKey),
    /// Already in memory (a library made in code).
    Loaded(Box<Deck>),
}

/// A deck chosen, before its cards or its outline are taken.
#[derive(Debug)]
enum Picked {
    /// The deck at this place in the library.
    Shelved(usize),
    /// A deck loaded whole: a deck file, or a built-in deck named while the
    /// library was left unread.
    Loaded(Deck),
}

impl Shelved {
    /// `deck`, already loaded, from `origin`.
    pub fn of(deck: Deck, origin: Origin) -> Shelved {
        Shelved {
            outline: Outline::of(&deck),
            origin,
            held: Held::Loaded(Box::new(deck)),
        }
    }
}

/// A collection and its decks, in library order. `name` is `None` for the
/// decks that belong to no collection.
#[derive(Debug)]
pub struct Collection<'l> {
    /// The collection's name.
    pub name: Option<&'l str>,
    /// Its decks.
    pub decks: Vec<&'l Shelved>,
}

/// Something a new learner may start with, as `--deck` would name it: a
/// collection, or a deck that belongs to none.
#[derive(Debug)]
pub struct Start<'l> {
    /// The collection name or the deck id.
    pub name: &'l str,
    /// Whether `name` is a collection.
    pub collection: bool,
    /// Its decks.
    pub decks: Vec<&'l Shelved>,
}

/// A word shell completion offers for `--deck`, with what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word.
    pub word: String,
    /// What it stands for.
    pub help: String,
}

/// Every deck that can be named by id: [`FIRST`], then the other built-in
/// decks by id, then the installed ones by id. It holds each deck's
/// [`Outline`]; cards are loaded only for the decks a command chooses.
#[derive(Debug, Clone, Default)]
pub struct Library {
    shelved: Vec<Shelved>,
    /// The store whose deck cache decks come through, when loaded from one.
    store: Option<PathBuf>,
}

impl Library {
    /// A library of `shelved`, in that order but [`FIRST`] first. A deck
    /// whose id an earlier one has is left out.
    pub fn new(shelved: Vec<Shelved>) -> Library {
        let mut seen = HashSet::new();
        let mut shelved: Vec<Shelved> = shelved
            .into_iter()
            .filter(|s| seen.insert(s.outline.id.clone()))
            .collect();
        shelved.sort_by_key(|s| s.outline.id != FIRST);
        Library {
            shelved,
            store: None,
        }
    }

    /// The built-in decks.
    pub fn builtin() -> Result<Library, SelectError> {
        let shelved = builtin::BUILTINS
            .iter()
            .map(|b| {
                let deck = b.deck().map_err(SelectError::Builtin)?;
                Ok(Shelved {
                    outline: Outline::of(&deck),
                    origin: Origin::Builtin,
                    held: Held::Builtin(b),
                })
            })
            .collect::<Result<_, SelectError>>()?;
        Ok(Library::new(shelved))
    }

    /// The built-in decks and those installed in the store at `home`, with
    /// the problems of installed deck files that do not load (left out). An
    /// installed deck with a built-in deck's id is left out too: `deck add`
    /// refuses one, so only a file put there by hand can have it. Outlines
    /// come from the store's library [`Index`], cards (when a deck is
    /// chosen) through its deck [`cache`], a deck file named later too.
    pub fn load(home: &Path) -> Result<(Library, Vec<LoadError>), SelectError> {
        let mut index = Index::open(home);
        let mut shelved = Vec::new();
        for b in builtin::BUILTINS {
            shelved.push(Shelved {
                outline: index.builtin(b).map_err(SelectError::Builtin)?,
                origin: Origin::Builtin,
                held: Held::Builtin(b),
            });
        }
        let mut broken = Vec::new();
        for path in installed::paths(home)? {
            match index.file(&path) {
                Ok((outline, key)) => shelved.push(Shelved {
                    outline,
                    origin: Origin::Installed,
                    held: Held::File(path, key),
                }),
                Err(e) => broken.push(e),
            }
        }
        index.save(shelved.iter().map(|s| &s.outline));
        let mut library = Library::new(shelved);
        library.store = Some(home.to_path_buf());
        Ok((library, broken))
    }

    /// The decks `names` choose in the store at `home`, as
    /// [`Library::select`] gives them, without reading the library when
    /// every name is a deck file or a built-in deck id (so naming one deck
    /// costs that deck only). The problems of installed decks that do not
    /// load come back when the library had to be read.
    pub fn choose(
        home: &Path,
        names: &[String],
        tags: &[String],
    ) -> Result<(Vec<Deck>, Vec<LoadError>), SelectError> {
        let (library, picked, broken) = Library::pick(home, names)?;
        Ok((library.decks_of(picked, tags)?, broken))
    }

    /// The outlines of the decks [`Library::choose`] would give, narrowed
    /// the same way, loading no card of a deck the library index outlines.
    pub fn choose_outlines(
        home: &Path,
        names: &[String],
        tags: &[String],
    ) -> Result<(Vec<Outline>, Vec<LoadError>), SelectError> {
        let (library, picked, broken) = Library::pick(home, names)?;
        Ok((library.outlines_of(picked, tags)?, broken))
    }

    /// The library `names` choose from in the store at `home`, the decks
    /// they choose and the problems of installed decks that do not load.
    /// When every name is a deck file or a built-in deck id the library is
    /// left unread, and those decks are loaded from the deck cache.
    fn pick(
        home: &Path,
        names: &[String],
    ) -> Result<(Library, Vec<Picked>, Vec<LoadError>), SelectError> {
        let direct = !names.is_empty()
            && names
                .iter()
                .all(|n| Path::new(n).is_file() || builtin::find(n).is_some());
        if !direct {
            let (library, broken) = Library::load(home)?;
            let picked = library.picked(names)?;
            return Ok((library, picked, broken));
        }
        let files = Library {
            shelved: Vec::new(),
            store: Some(home.to_path_buf()),
        };
        let decks = names.iter().map(|name| match builtin::find(name) {
            Some(b) if !Path::new(name).is_file() => cache::builtin(home, b)
                .map(Picked::Loaded)
                .map_err(SelectError::Builtin),
            _ => files.file(Path::new(name)).map(Picked::Loaded),
        });
        let picked = files.distinct(decks)?;
        Ok((files, picked, Vec::new()))
    }

    /// Every deck, in library order.
    pub fn shelved(&self) -> &[Shelved] {
        &self.shelved
    }

    /// The deck `shelved`, cards and all.
    pub fn deck(&self, shelved: &Shelved) -> Result<Deck, SelectError> {
        match (&shelved.held, &self.store) {
            (Held::Builtin(b), Some(home)) => cache::builtin(home, b),
            (Held::Builtin(b), None) => b.deck(),
            (Held::File(path, key), Some(home)) => return Ok(cache::file_from(home, path, key)?.0),
            (Held::File(path, _), None) => return Ok(load_file(path)?),
            (Held::Loaded(deck), _) => return Ok(Deck::clone(deck)),
        }
        .map_err(SelectError::Builtin)
    }

    /// The deck file at `path`, through the store's cache when there is one.
    fn file(&self, path: &Path) -> Result<Deck, SelectError> {
        Ok(match &self.store {
            Some(home) => cache::file(home, path)?,
            None => load_file(path)?,
        })
    }

    /// The decks `shelved`, cards and all, in the order given. Decoding a
    /// large library is most of a session's start, so it is split among the
    /// machine's cores.
    pub fn decks<'l>(
        &self,
        shelved: impl IntoIterator<Item = &'l Shelved>,
    ) -> Result<Vec<Deck>, SelectError> {
        let shelved: Vec<&Shelved> = shelved.into_iter().collect();
        crate::parallel::map(
            &shelved,
            |s| s.outline.cards,
            crate::parallel::WORTH_CARDS,
            |s| self.deck(s),
        )
        .into_iter()
        .collect()
    }

    /// The decks `names` choose (each a deck file, a deck id or a
    /// collection; none: every deck of the library), in the order named and
    /// each once, narrowed to the cards with one of `tags` (see [`narrow`]).
    pub fn select(&self, names: &[String], tags: &[String]) -> Result<Vec<Deck>, SelectError> {
        self.decks_of(self.picked(names)?, tags)
    }

    /// `picked`, cards and all, narrowed to the cards with one of `tags`.
    fn decks_of(&self, picked: Vec<Picked>, tags: &[String]) -> Result<Vec<Deck>, SelectError> {
        let decks = picked
            .into_iter()
            .map(|p| self.whole(p))
            .collect::<Result<_, _>>()?;
        narrow(decks, tags)
    }

    /// The outlines of `picked`, narrowed to the cards with one of `tags`.
    fn outlines_of(
        &self,
        picked: Vec<Picked>,
        tags: &[String],
    ) -> Result<Vec<Outline>, SelectError> {
        let outlines = picked
            .into_iter()
            .map(|p| match p {
                Picked::Shelved(at) => self.shelved[at].outline.clone(),
                Picked::Loaded(deck) => Outline::of(&deck),
            })
            .collect();
        narrow_outlines(outlines, tags)
    }

    /// The deck `picked`, cards and all.
    fn whole(&self, picked: Picked) -> Result<Deck, SelectError> {
        match picked {
            Picked::Shelved(at) => self.deck(&self.shelved[at]),
            Picked::Loaded(deck) => Ok(deck),
        }
    }

    /// The decks `names` choose, in the order named and each once; none:
    /// every deck of the library.
    fn picked(&self, names: &[String]) -> Result<Vec<Picked>, SelectError> {
        if names.is_empty() {
            return Ok((0..self.shelved.len()).map(Picked::Shelved).collect());
        }
        let mut chosen = Vec::new();
        for name in names {
            chosen.extend(self.resolve(name)?);
        }
        self.distinct(chosen.into_iter().map(Ok))
    }

    /// `picked` in order, each once; two different decks with one id are
    /// refused. Only a deck loaded whole can share an id with another, as
    /// the library holds each id once; only then are decks compared whole.
    fn distinct(
        &self,
        picked: impl IntoIterator<Item = Result<Picked, SelectError>>,
    ) -> Result<Vec<Picked>, SelectError> {
        let mut chosen: Vec<Picked> = Vec::new();
        for p in picked {
            let p = p?;
            let id = self.id(&p);
            let Some(same) = chosen.iter().find(|c| self.id(c) == id) else {
                chosen.push(p);
                continue;
            };
            let equal = match (same, &p) {
                (Picked::Shelved(_), Picked::Shelved(_)) => true,
                (Picked::Loaded(a), Picked::Loaded(b)) => a == b,
                (Picked::Shelved(at), Picked::Loaded(deck))
                | (Picked::Loaded(deck), Picked::Shelved(at)) => {
                    self.deck(&self.shelved[*at])? == *deck
                }
            };
            if !equal {
                return Err(SelectError::SameId(id.to_string()));
            }
        }
        Ok(chosen)
    }

    /// The id of the deck `picked`.
    fn id<'a>(&'a self, picked: &'a Picked) -> &'a str {
        match picked {
            Picked::Shelved(at) => &self.shelved[*at].outline.id,
            Picked::Loaded(deck) => &deck.id,
        }
    }

    /// The decks one `--deck` names: a deck file (as before collections
    /// existed, a path wins), a deck id, else a collection or a parent of
    /// collections.
    fn resolve(&self, name: &str) -> Result<Vec<Picked>, SelectError> {
        let path = Path::new(name);
        if path.is_file() {
            return Ok(vec![Picked::Loaded(self.file(path)?)]);
        }
        if let Some(at) = self.shelved.iter().position(|s| s.outline.id == name) {
            return Ok(vec![Picked::Shelved(at)]);
        }
        let within: Vec<Picked> = self
            .shelved
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.outline
                    .collection
                    .as_deref()
                    .is_some_and(|c| within(c, name))
            })
            .map(|(at, _)| Picked::Shelved(at))
            .collect();
        if within.is_empty() {
            return Err(SelectError::Unknown {
                name: name.to_string(),
                collections: self
                    .collections()
                    .iter()
                    .filter_map(|c| c.name.map(str::to_string))
                    .collect(),
                decks: self.shelved.iter().map(|s| s.outline.id.clone()).collect(),
            });
        }
        Ok(within)
    }

    /// The collections, in the order their first deck comes (so the one of
    /// [`FIRST`] leads), then the decks of none.
    pub fn collections(&self) -> Vec<Collection<'_>> {
        let mut collections: Vec<Collection<'_>> = Vec::new();
        let mut loose = Vec::new();
        for s in &self.shelved {
            let Some(name) = s.outline.collection.as_deref() else {
                loose.push(s);
                continue;
            };
            match collections.iter_mut().find(|c| c.name == Some(name)) {
                Some(c) => c.decks.push(s),
                None => collections.push(Collection {
                    name: Some(name),
                    decks: vec![s],
                }),
            }
        }
        if !loose.is_empty() {
            collections.push(Collection {
                name: None,
                decks: loose,
            });
        }
        collections
    }

    /// What a new learner may start with: each collection, then each deck of
    /// none, [`FIRST`]'s collection first.
    pub fn starts(&self) -> Vec<Start<'_>> {
        let mut starts = Vec::new();
        for c in self.collections() {
            match c.name {
                Some(name) => starts.push(Start {
                    name,
                    collection: true,
                    decks: c.decks,
                }),
                None => starts.extend(c.decks.iter().map(|&s| Start {
                    name: &s.outline.id,
                    collection: false,
                    decks: vec![s],
                })),
            }
        }
        starts
    }

    /// The decks the learner has started (any card state in `states`), then
    /// the other decks of their collections: a collection begun is studied
    /// whole, not only the decks whose cards happened to come first. Empty
    /// on a first run. Only these decks are loaded.
    pub fn started(&self, states: &States) -> Result<Vec<Deck>, SelectError> {
        let begun = |s: &&Shelved| states.get(&s.outline.id).is_some_and(|d| !d.is_empty());
        let started: Vec<&Shelved> = self.shelved.iter().filter(begun).collect();
        let collections: HashSet<&str> = started
            .iter()
            .filter_map(|s| s.outline.collection.as_deref())
            .collect();
        let rest = self.shelved.iter().filter(|s| {
            !begun(s)
                && s.outline
                    .collection
                    .as_deref()
                    .is_some_and(|c| collections.contains(c))
        });
        self.decks(started.into_iter().chain(rest))
    }

    /// The words `--deck` completes to: each deck id, each collection and
    /// each parent of collections.
    pub fn words(&self) -> Vec<Word> {
        let mut words: Vec<Word> = self
            .shelved
            .iter()
            .map(|s| Word {
                word: s.outline.id.clone(),
                help: s.outline.title.clone(),
            })
            .collect();
        let collections = self.collections();
        let names: Vec<&str> = collections.iter().filter_map(|c| c.name).collect();
        let mut parents: Vec<&str> = names
            .iter()
            .flat_map(|n| n.match_indices('/').map(|(at, _)| &n[..at]))
            .filter(|p| !names.contains(p))
            .collect();
        parents.sort_unstable();
        parents.dedup();
        for c in &collections {
            if let Some(name) = c.name {
                words.push(Word {
                    word: name.to_string(),
                    help: format!("collection of {}", plural(c.decks.len(), "deck")),
                });
            }
        }
        words.extend(parents.into_iter().map(|p| Word {
            word: p.to_string(),
            help: format!("every {p}/... collection"),
        }));
        words
    }
}

/// Whether collection `name` is `wanted` or lies under it (`stroke` holds
/// `stroke/large-core`).
fn within(name: &str, wanted: &str) -> bool {
    name.strip_prefix(wanted)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// `1 deck`, `2 decks`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `decks` narrowed to the cards with at least one of `tags`, compared
/// without regard to case; decks left with no card are dropped. No tags:
/// `decks` as they are. A tag no card has is refused, with every tag there is.
pub fn narrow(decks: Vec<Deck>, tags: &[String]) -> Result<Vec<Deck>, SelectError> {
    if tags.is_empty() {
        return Ok(decks);
    }
    let wanted = wanted(tags, decks.iter().flat_map(Deck::tags))?;
    Ok(decks
        .into_iter()
        .filter_map(|mut deck| {
            deck.cards
                .retain(|c| c.tags.iter().any(|t| is_wanted(&wanted, t)));
            (!deck.cards.is_empty()).then_some(deck)
        })
        .collect())
}

/// `outlines` narrowed as [`narrow`] narrows their decks.
fn narrow_outlines(outlines: Vec<Outline>, tags: &[String]) -> Result<Vec<Outline>, SelectError> {
    if tags.is_empty() {
        return Ok(outlines);
    }
    let known = outlines
        .iter()
        .flat_map(|o| o.tags.iter().map(String::as_str));
    let wanted = wanted(tags, known)?;
    Ok(outlines
        .iter()
        .filter_map(|o| o.narrowed(|t| is_wanted(&wanted, t)))
        .collect())
}

/// `tags` in lower case, when each is one of `known` (every tag of the
/// chosen cards) without regard to case; else the first that is not is
/// refused, with `known` sorted.
fn wanted<'t>(
    tags: &[String],
    known: impl Iterator<Item = &'t str> + Clone,
) -> Result<Vec<String>, SelectError> {
    let wanted: Vec<String> = tags.iter().map(|t| t.to_lowercase()).collect();
    for (tag, lower) in tags.iter().zip(&wanted) {
        if !known.clone().any(|t| t.to_lowercase() == *lower) {
            let mut known: Vec<String> = known.map(str::to_string).collect();
            known.sort_unstable();
            known.dedup();
            return Err(SelectError::UnknownTag {
                tag: tag.clone(),
                tags: known,
            });
        }
    }
    Ok(wanted)
}

/// Whether `tag` is one of `wanted` (in lower case) without regard to case.
fn is_wanted(wanted: &[String], tag: &str) -> bool {
    let lower = tag.to_lowercase();
    wanted.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;
    use crate::engine::schedule::{Rating, Scheduler};

    /// A deck `id` in `collection` with one true/false card per tag list.
    fn deck(id: &str, collection: Option<&str>, cards: &[&[&str]]) -> Shelved {
        let cards: Vec<String> = cards
            .iter()
            .enumerate()
            .map(|(i, tags)| {
                format!(
                    r#"{{"id": "c{i}", "kind": "truefalse", "tags": {tags:?}, "explanation": "e",
                       "source": {{"section": "S", "bullet": 1}}, "prompt": "p{i}", "answer": true}}"#
                )
            })
            .collect();
        let collection = collection.map_or(String::new(), |c| format!(r#""collection": "{c}","#));
        let json = format!(
            r#"{{"format": 1, "id": "{id}", "title": "T {id}", {collection} "cards": [{}]}}"#,
            cards.join(",")
        );
        Shelved::of(parse(&json).unwrap(), Origin::Installed)
    }

    fn library() -> Library {
        Library::new(vec![
            deck(
                "a",
                Some("stroke/thrombectomy"),
                &[&["design"], &["safety"]],
            ),
            deck("b", Some("stroke/thrombectomy"), &[&["Safety", "design"]]),
            deck("c", None, &[&["design"]]),
            deck(
                FIRST,
                Some("stroke/large-core"),
                &[&["design"], &["SAFETY"]],
            ),
            deck("d", Some("heart/failure"), &[&["design"]]),
        ])
    }

    #[test]
    fn a_large_library_decodes_on_several_threads_in_its_own_order() {
        let tags: Vec<&[&str]> = vec![&["t"]; crate::parallel::WORTH_CARDS / 5 + 1];
        let names: Vec<String> = (0..7).map(|i| format!("deck-{i}")).collect();
        let library = Library::new(names.iter().map(|n| deck(n, None, &tags)).collect());
        let picked: Vec<&Shelved> = library.shelved().iter().rev().collect();
        let decks = library.decks(picked).unwrap();
        let order: Vec<&str> = decks.iter().map(|d| d.id.as_str()).collect();
        let expected: Vec<&str> = names.iter().rev().map(String::as_str).collect();
        assert_eq!(order, expected);
        assert!(decks.iter().all(|d| d.cards.len() == tags.len()));
    }

    fn ids(decks: &[Deck]) -> Vec<(String, Vec<String>)> {
        decks
            .iter()
            .map(|d| (d.id.clone(), d.cards.iter().map(|c| c.id.clone()).collect()))
            .collect()
    }

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn the_first_deck_and_its_collection_lead() {
        let library = library();
        let order: Vec<&str> = library
            .shelved()
            .iter()
            .map(|s| s.outline.id.as_str())
            .collect();
        assert_eq!(order, [FIRST, "a", "b", "c", "d"]);
        let collections: Vec<Option<&str>> = library.collections().iter().map(|c| c.name).collect();
        assert_eq!(
            collections,
            [
                Some("stroke/large-core"),
                Some("stroke/thrombectomy"),
                Some("heart/failure"),
                None
            ]
        );
        // The decks of no collection are offered one by one.
        let starts: Vec<&str> = library.starts().iter().map(|s| s.name).collect();
        assert_eq!(
            starts,
            [
                "stroke/large-core",
                "stroke/thrombectomy",
                "heart/failure",
                "c"
            ]
        );
    }

    #[test]
    fn ids_collections_and_parents_each_choose_their_decks_once() {
        let library = library();
        let chosen = |names: &[&str]| {
            let decks = library.select(&strings(names), &[]).unwrap();
            decks.iter().map(|d| d.id.clone()).collect::<Vec<_>>()
        };
        assert_eq!(chosen(&["c", "a"]), ["c", "a"]);
        assert_eq!(chosen(&["stroke/thrombectomy"]), ["a", "b"]);
        assert_eq!(chosen(&["stroke"]), [FIRST, "a", "b"]);
        assert_eq!(chosen(&["b", "stroke/thrombectomy", "b"]), ["b", "a"]);
        assert_eq!(chosen(&[]), [FIRST, "a", "b", "c", "d"]);
        // `stro` is no collection's parent: segments match whole.
        let error = library.select(&strings(&["stro"]), &[]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no deck `stro`: it is neither a deck file, a deck id nor a collection; \
             the collections are stroke/large-core, stroke/thrombectomy, heart/failure; \
             the decks are rescue-japan-limit, a, b, c, d (`trialdrill deck list` shows them)"
        );
        assert!(error.is_bad_input());
    }

    #[test]
    fn a_tag_narrows_every_chosen_deck_in_any_case() {
        let library = library();
        let decks = library.select(&[], &strings(&["safety"])).unwrap();
        assert_eq!(
            ids(&decks),
            [
                (FIRST.to_string(), strings(&["c1"])),
                ("a".to_string(), strings(&["c1"])),
                ("b".to_string(), strings(&["c0"])),
            ]
        );
        let decks = library
            .select(
                &strings(&["stroke/thrombectomy"]),
                &strings(&["SAFETY", "Design"]),
            )
            .unwrap();
        assert_eq!(
            ids(&decks),
            [
                ("a".to_string(), strings(&["c0", "c1"])),
                ("b".to_string(), strings(&["c0"])),
            ]
        );
    }

    #[test]
    fn the_outlines_chosen_are_those_of_the_decks_chosen() {
        let library = library();
        let choices: [(&[&str], &[&str]); 6] = [
            (&[], &[]),
            (&[], &["safety"]),
            (&["stroke/thrombectomy"], &["SAFETY", "Design"]),
            (&["c", "a"], &["design"]),
            (&["c"], &["design", "safety"]),
            (&["stro"], &[]),
        ];
        for (names, tags) in choices {
            let (names, tags) = (strings(names), strings(tags));
            let decks = library.select(&names, &tags);
            let outlines = library
                .picked(&names)
                .and_then(|picked| library.outlines_of(picked, &tags));
            match (decks, outlines) {
                (Ok(decks), Ok(outlines)) => {
                    let whole: Vec<Outline> = decks.iter().map(Outline::of).collect();
                    assert_eq!(outlines, whole, "{names:?} {tags:?}");
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{names:?} {tags:?}: {a:?} but {b:?}"),
            }
        }
    }

    #[test]
    fn a_tag_no_chosen_card_has_is_refused_with_the_tags_there_are() {
        let library = library();
        let error = library
            .select(&strings(&["c"]), &strings(&["design", "safety"]))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "no card has the tag `safety`; the tags are: design"
        );
        assert!(error.is_bad_input());
    }

    #[test]
    fn two_different_decks_with_one_id_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.json");
        std::fs::write(
            &file,
            r#"{"format": 1, "id": "a", "title": "Other", "cards": [
              {"id": "x", "kind": "truefalse", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 1}, "prompt": "p", "answer": true}]}"#,
        )
        .unwrap();
        let names = vec![file.display().to_string(), "a".to_string()];
        let error = library().select(&names, &[]).unwrap_err();
        assert!(
            matches!(error, SelectError::SameId(ref id) if id == "a"),
            "{error}"
        );
    }

    #[test]
    fn started_decks_come_first_then_the_rest_of_their_collections() {
        let library = library();
        let mut states = States::new();
        assert!(library.started(&states).unwrap().is_empty(), "a first run");
        let state = Scheduler::default_params().apply(
            None,
            Rating::Good,
            jiff::civil::date(2026, 1, 1),
            jiff::civil::date(2026, 1, 3),
        );
        states
            .entry("b".into())
            .or_default()
            .insert("c0".into(), state);
        states
            .entry("c".into())
            .or_default()
            .insert("c0".into(), state);
        // A deck of the log that is no longer in the library counts nowhere.
        states
            .entry("gone".into())
            .or_default()
            .insert("x".into(), state);
        let started: Vec<String> = library
            .started(&states)
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(started, ["b", "c", "a"]);
    }

    #[test]
    fn completion_offers_ids_collections_and_their_parents() {
        let words: Vec<String> = library().words().into_iter().map(|w| w.word).collect();
        assert_eq!(
            words,
            [
                FIRST,
                "a",
                "b",
                "c",
                "d",
                "stroke/large-core",
                "stroke/thrombectomy",
                "heart/failure",
                "heart",
                "stroke"
            ]
        );
    }
}
