//! The store's deck cache, through the binary: decks parsed once, and an
//! entry that no longer matches its deck, or is damaged, never used.

use std::fs;
use std::path::Path;

use crate::common::{output, trialdrill};

const DECK: &str = r#"{"format": 1, "id": "cached", "title": "TITLE", "cards": [
  {"id": "a", "kind": "truefalse", "tags": ["t"], "explanation": "e",
   "source": {"section": "S", "bullet": 1}, "prompt": "p", "answer": true}]}"#;

/// `deck list`'s line for the installed deck.
fn listed(home: &Path) -> String {
    let out = output(trialdrill(home).args(["deck", "list"]), "");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find(|l| l.trim_start().starts_with("cached "))
        .unwrap()
        .to_string()
}

fn entries(home: &Path) -> Vec<std::path::PathBuf> {
    fs::read_dir(home.join(trialdrill::store::DECK_CACHE_DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

#[test]
fn an_installed_deck_is_cached_and_an_edit_or_damage_rebuilds_it() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let source = home.join("in.json");
    fs::write(&source, DECK).unwrap();
    let added = output(trialdrill(home).args(["deck", "add"]).arg(&source), "");
    assert!(added.status.success(), "{added:?}");
    assert!(listed(home).contains("TITLE (installed)"));
    let cached = entries(home);
    assert!(cached.len() > 1, "built-in and installed decks: {cached:?}");

    let installed = home.join("decks/cached.json");
    fs::write(&installed, DECK.replace("TITLE", "EDITED")).unwrap();
    assert!(listed(home).contains("EDITED (installed)"));

    for entry in entries(home) {
        let mut bytes = fs::read(&entry).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x55;
        fs::write(&entry, bytes).unwrap();
    }
    assert!(listed(home).contains("EDITED (installed)"));
    let all = output(trialdrill(home).args(["deck", "list", "--json"]), "");
    let decks: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let fresh_home = tempfile::tempdir().unwrap();
    let fresh = output(
        trialdrill(fresh_home.path()).args(["deck", "list", "--json"]),
        "",
    );
    let builtins: serde_json::Value = serde_json::from_slice(&fresh.stdout).unwrap();
    let without_installed: Vec<_> = decks
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["origin"] == "built-in")
        .collect();
    let expected: Vec<_> = builtins.as_array().unwrap().iter().collect();
    assert_eq!(without_installed, expected);
}

#[test]
fn naming_a_deck_file_loads_that_deck_and_no_other() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    fs::create_dir_all(home.join("decks")).unwrap();
    // An installed deck that does not load: reading the library would say so.
    fs::write(home.join("decks/broken.json"), "{").unwrap();
    let file = home.join("named.json");
    fs::write(&file, DECK).unwrap();
    for command in ["study", "stats"] {
        let out = output(trialdrill(home).args([command, "--deck"]).arg(&file), "q\n");
        assert!(out.status.success(), "{out:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains("skipping"), "{command}: {stderr}");
        // One cache entry, the named deck's: no built-in deck was loaded.
        assert_eq!(entries(home).len(), 1, "{command}: {:?}", entries(home));
    }
}
