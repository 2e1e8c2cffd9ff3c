//! `trialdrill deck ...`: list decks, lint deck files.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::deck::lint::{SummaryFile, lint as lint_deck};
use crate::deck::summary::Summary;
use crate::deck::{Deck, builtin, load_file};
use crate::error::BadInput;
use crate::sanitize::clean;

/// Prints every deck available to study.
pub fn list(out: &mut impl Write) -> anyhow::Result<()> {
    for b in builtin::BUILTINS {
        let deck = b.deck().map_err(anyhow::Error::msg)?;
        describe(out, &deck, "built-in")?;
    }
    Ok(())
}

fn describe(out: &mut impl Write, deck: &Deck, origin: &str) -> anyhow::Result<()> {
    writeln!(
        out,
        "{}  {} ({origin}): {} cards, {} questions\n    tags: {}",
        clean(&deck.id),
        clean(&deck.title),
        deck.cards.len(),
        deck.items().len(),
        clean(&deck.tags().join(", "))
    )?;
    Ok(())
}

/// Lints each file; prints `file:line:col: message` per problem.
pub fn lint(files: &[PathBuf], out: &mut impl Write) -> anyhow::Result<()> {
    let mut problems = 0;
    for file in files {
        let found = lint_one(file)?;
        for line in &found {
            writeln!(out, "{}", clean(line))?;
        }
        if found.is_empty() {
            writeln!(out, "{}: ok", file.display())?;
        }
        problems += found.len();
    }
    if problems > 0 {
        return Err(BadInput(format!(
            "{problems} problem{} found; fix them and lint again",
            if problems == 1 { "" } else { "s" }
        ))
        .into());
    }
    Ok(())
}

/// The problems in one deck file, as printable lines.
fn lint_one(file: &Path) -> anyhow::Result<Vec<String>> {
    let deck = match load_file(file) {
        Ok(deck) => deck,
        Err(e) => return Ok(e.to_string().lines().map(String::from).collect()),
    };
    let summary_path = deck
        .summary
        .as_ref()
        .map(|name| file.parent().unwrap_or(Path::new(".")).join(name));
    let mut lines = Vec::new();
    let summary = match &summary_path {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some(Summary::parse(&text)),
            Err(e) => {
                lines.push(format!(
                    "{}:1:1: the deck names summary `{}`, which cannot be read: {e}",
                    file.display(),
                    path.display()
                ));
                None
            }
        },
        None => None,
    };
    let summary_file = match (&summary_path, &summary) {
        (Some(path), Some(summary)) => Some(SummaryFile { path, summary }),
        _ => None,
    };
    for f in lint_deck(&deck, file, summary_file) {
        lines.push(format!(
            "{}:{}:{}: {}",
            f.file.display(),
            f.problem.position.line,
            f.problem.position.column,
            f.problem.message
        ));
    }
    Ok(lines)
}
