//! Embeds every deck of `decks/` (its JSON, and its summary when it has one)
//! into the binary, so a deck added there is built in without another edit.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read at run time: a build script compiled in one checkout may run for another.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("decks");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .expect("the decks folder is readable")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    ids.sort();
    let mut table = String::from("&[\n");
    for id in &ids {
        let json = dir.join(format!("{id}.json"));
        let summary = dir.join(format!("{id}.summary.md"));
        println!("cargo:rerun-if-changed={}", json.display());
        println!("cargo:rerun-if-changed={}", summary.display());
        let summary = if summary.is_file() {
            format!("Some(include_str!({:?}))", summary.display().to_string())
        } else {
            "None".into()
        };
        writeln!(
            table,
            "    Builtin {{ id: {id:?}, json: include_str!({:?}), summary: {summary} }},",
            json.display().to_string()
        )
        .expect("writing to a string cannot fail");
    }
    table.push(']');
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_decks.rs");
    std::fs::write(out, table).expect("OUT_DIR is writable");
}
