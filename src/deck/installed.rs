//! Decks installed in the store's `decks/` folder by `deck add`.
//!
//! A file's name comes only from its deck id, checked against a safe alphabet,
//! so no deck can make trialdrill write outside that folder.

use std::path::{Path, PathBuf};

use super::{Deck, LoadError, builtin, cache, load_bytes};
use crate::error::{BadInput, FileError};

/// Why a deck could not be installed or found.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// The deck or its id was refused; the message says why and what to do.
    #[error(transparent)]
    Refused(#[from] BadInput),
    /// The deck file does not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A file of the decks folder could not be read or written.
    #[error(transparent)]
    File(#[from] FileError),
    /// A built-in deck does not load: the binary was built from a broken deck.
    #[error("{0}")]
    Builtin(String),
}

impl InstallError {
    /// Whether the learner can fix it (exit status 2).
    pub fn is_bad_input(&self) -> bool {
        matches!(self, InstallError::Refused(_) | InstallError::Load(_))
    }
}

/// The folder, inside the store, that holds installed decks.
pub const FOLDER: &str = "decks";

/// An installed deck and the file it was read from.
#[derive(Debug, Clone)]
pub struct Installed {
    /// The file in the decks folder.
    pub path: PathBuf,
    /// The loaded deck.
    pub deck: Deck,
}

/// The decks folder of the store at `home`.
pub fn folder(home: &Path) -> PathBuf {
    home.join(FOLDER)
}

/// The file name for deck `id`: the id itself plus `.json`, accepted only when
/// every character is in a-z, 0-9, `-` or `_` and it starts with a letter or
/// digit (so `..`, `/` and hidden names cannot occur).
pub fn file_name(id: &str) -> Result<String, BadInput> {
    let safe = !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if safe {
        Ok(format!("{id}.json"))
    } else {
        Err(BadInput(format!(
            "deck id `{}` cannot name a file: use 1-64 characters of a-z, 0-9, - and _, starting with a letter or digit",
            id.escape_debug()
        )))
    }
}

/// The lock file that `deck add` holds while it installs, so two at once
/// never both install the same id (hidden, and not a `.json` file, so
/// listing skips it).
const LOCK: &str = ".lock";

/// Installs the deck file at `source` into the store at `home`, keeping its
/// text as written. The source is read once, and the bytes validated are the
/// bytes installed (so a pipe such as `/dev/stdin` works). Refuses a deck
/// that does not load, an id that a built-in deck uses, and (unless
/// `replace`) an id already installed; the check and the write happen under
/// the decks folder's lock.
pub fn install(home: &Path, source: &Path, replace: bool) -> Result<Installed, InstallError> {
    let text = std::fs::read(source).map_err(FileError::of("read", source))?;
    let deck = load_bytes(source, text.clone())?;
    let name = file_name(&deck.id)?;
    if builtin::find(&deck.id).is_some() {
        return Err(BadInput(format!(
            "deck id `{}` is the id of a built-in deck; give your deck another id",
            deck.id
        ))
        .into());
    }
    let dir = folder(home);
    std::fs::create_dir_all(&dir).map_err(FileError::of("create the decks folder", &dir))?;
    let lock = dir.join(LOCK);
    let _lock = crate::store::lock::exclusive(&lock).map_err(FileError::of("lock", &lock))?;
    let target = dir.join(&name);
    if target.exists() && !replace {
        return Err(BadInput(format!(
            "a deck `{}` is already installed ({}); pass --replace to overwrite it",
            deck.id,
            target.display()
        ))
        .into());
    }
    crate::store::atomic::replace(&target, &text).map_err(FileError::of("write", &target))?;
    Ok(Installed { path: target, deck })
}

/// The file of every installed deck, sorted (loaded or not). A store
/// without a decks folder has none.
pub fn paths(home: &Path) -> Result<Vec<PathBuf>, FileError> {
    let dir = folder(home);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(FileError::of("read the decks folder", &dir)(e)),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// The installed deck with this id, if there is one.
pub fn find(home: &Path, id: &str) -> Result<Option<Installed>, LoadError> {
    let Ok(name) = file_name(id) else {
        return Ok(None);
    };
    let path = folder(home).join(name);
    if !path.is_file() {
        return Ok(None);
    }
    let deck = cache::file(home, &path)?;
    Ok(Some(Installed { path, deck }))
}

/// A deck by id: built-in first, then installed.
pub fn find_any(home: &Path, id: &str) -> Result<Option<Deck>, InstallError> {
    if let Some(b) = builtin::find(id) {
        return Ok(Some(
            cache::builtin(home, b).map_err(InstallError::Builtin)?,
        ));
    }
    Ok(find(home, id)?.map(|i| i.deck))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECK: &str = r#"{"format": 1, "id": "my-deck", "title": "Mine", "cards": [
      {"id": "a", "kind": "truefalse", "tags": ["t"], "explanation": "e",
       "source": {"section": "S", "bullet": 1}, "prompt": "p", "answer": true}]}"#;

    #[test]
    fn unsafe_ids_never_become_file_names() {
        for id in ["..", "../x", "a/b", ".hidden", "-x", "", "A", "a\\b", "a b"] {
            assert!(file_name(id).is_err(), "{id:?} accepted");
        }
        assert_eq!(file_name("my-deck_2").unwrap(), "my-deck_2.json");
    }

    #[test]
    fn an_installed_deck_is_listed_and_found_by_id() {
        let home = tempfile::tempdir().unwrap();
        let source = home.path().join("in.json");
        std::fs::write(&source, DECK).unwrap();
        let installed = install(home.path(), &source, false).unwrap();
        assert_eq!(installed.path, home.path().join("decks/my-deck.json"));
        assert_eq!(
            paths(home.path()).unwrap(),
            std::slice::from_ref(&installed.path)
        );
        assert_eq!(
            find(home.path(), "my-deck").unwrap().unwrap().deck.title,
            "Mine"
        );
        assert!(find(home.path(), "../in").unwrap().is_none());
    }

    #[test]
    fn installing_twice_needs_replace_and_builtin_ids_are_refused() {
        let home = tempfile::tempdir().unwrap();
        let source = home.path().join("in.json");
        std::fs::write(&source, DECK).unwrap();
        install(home.path(), &source, false).unwrap();
        let again = install(home.path(), &source, false).unwrap_err();
        assert!(again.to_string().contains("--replace"), "{again}");
        install(home.path(), &source, true).unwrap();
        std::fs::write(&source, DECK.replace("my-deck", "rescue-japan-limit")).unwrap();
        let clash = install(home.path(), &source, false).unwrap_err();
        assert!(clash.to_string().contains("built-in"), "{clash}");
    }

    #[test]
    fn a_broken_installed_file_is_reported_not_hidden() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(folder(home.path())).unwrap();
        std::fs::write(folder(home.path()).join("bad.json"), "{").unwrap();
        let (library, broken) = crate::deck::select::Library::load(home.path()).unwrap();
        assert!(
            library
                .shelved()
                .iter()
                .all(|s| s.origin == crate::deck::select::Origin::Builtin)
        );
        assert_eq!(broken.len(), 1);
    }
}
