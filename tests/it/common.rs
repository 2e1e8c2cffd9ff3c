//! Running the real binary from integration tests.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `trialdrill --home HOME`, with colour off.
pub fn trialdrill(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trialdrill"));
    command.arg("--home").arg(home).env("NO_COLOR", "1");
    command
}

/// Runs `command` with `input` on stdin and waits for it. A command refused
/// before it reads its input closes the pipe early; that alone is no failure.
pub fn output(command: &mut Command, input: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let written = child.stdin.take().unwrap().write_all(input.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

/// Writes `deck.json` in `dir`: a deck `faults` of `n` true/false cards whose answer is always true.
pub fn true_false_deck(dir: &Path, n: usize) -> PathBuf {
    let cards: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"id": "c{i}", "kind": "truefalse", "tags": ["t"], "explanation": "e",
                "source": {{"section": "S", "bullet": {bullet}}}, "prompt": "Statement {i}.", "answer": true}}"#,
                // One bullet each: cards of one bullet are siblings, buried after the first.
                bullet = i + 1
            )
        })
        .collect();
    let path = dir.join("deck.json");
    let text = format!(
        r#"{{"format": 1, "id": "faults", "title": "Faults", "cards": [{}]}}"#,
        cards.join(",\n")
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Every event in the review log of the store `home`, in the long form
/// (`{"type":"review",...}`) whatever form the log holds it in.
pub fn logged(home: &Path) -> Vec<serde_json::Value> {
    let path = home.join(trialdrill::store::LOG_FILE);
    trialdrill::store::maintain::scan(&path)
        .unwrap()
        .events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect()
}
