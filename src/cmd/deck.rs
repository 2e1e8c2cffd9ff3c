//! `trialdrill deck ...`: list decks, lint deck files.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::deck::lint::{SummaryFile, lint as lint_deck};
use crate::deck::summary::Summary;
use crate::deck::{Deck, builtin, load_file};
use crate::error::BadInput;
use crate::sanitize::clean;

/// One deck in `deck list --json`; every text is sanitised.
#[derive(Serialize)]
struct Listed {
    id: String,
    title: String,
    origin: &'static str,
    cards: usize,
    questions: usize,
    tags: Vec<String>,
}

impl Listed {
    fn of(deck: &Deck, origin: &'static str) -> Listed {
        Listed {
            id: clean(&deck.id),
            title: clean(&deck.title),
            origin,
            cards: deck.cards.len(),
            questions: deck.items().len(),
            tags: deck.tags().into_iter().map(clean).collect(),
        }
    }
}

/// Prints every deck available to study, as text or JSON.
pub fn list(json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let mut decks = Vec::new();
    for b in builtin::BUILTINS {
        let deck = b.deck().map_err(anyhow::Error::msg)?;
        decks.push(Listed::of(&deck, "built-in"));
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &decks)?;
        writeln!(out)?;
        return Ok(());
    }
    for d in &decks {
        writeln!(
            out,
            "{}  {} ({}): {} cards, {} questions\n    tags: {}",
            d.id,
            d.title,
            d.origin,
            d.cards,
            d.questions,
            d.tags.join(", ")
        )?;
    }
    Ok(())
}

/// One problem found by lint; the message is sanitised.
#[derive(Serialize)]
struct Found {
    file: String,
    line: usize,
    column: usize,
    message: String,
}

/// One linted file in `deck lint --json`.
#[derive(Serialize)]
struct Linted {
    file: String,
    problems: Vec<Found>,
}

/// Lints each file; prints `file:line:col: message` per problem, or JSON.
pub fn lint(files: &[PathBuf], json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let mut report = Vec::new();
    for file in files {
        report.push(Linted {
            file: clean(&file.display().to_string()),
            problems: lint_one(file),
        });
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        for linted in &report {
            for f in &linted.problems {
                writeln!(out, "{}:{}:{}: {}", f.file, f.line, f.column, f.message)?;
            }
            if linted.problems.is_empty() {
                writeln!(out, "{}: ok", linted.file)?;
            }
        }
    }
    let problems: usize = report.iter().map(|l| l.problems.len()).sum();
    if problems > 0 {
        return Err(BadInput(format!(
            "{problems} problem{} found; fix them and lint again",
            if problems == 1 { "" } else { "s" }
        ))
        .into());
    }
    Ok(())
}

/// The problems in one deck file, sanitised.
fn lint_one(file: &Path) -> Vec<Found> {
    let found = |file: &Path, line, column, message: &str| Found {
        file: clean(&file.display().to_string()),
        line,
        column,
        message: clean(message),
    };
    let deck = match load_file(file) {
        Ok(deck) => deck,
        Err(e) => {
            return e
                .problems
                .iter()
                .map(|p| found(file, p.position.line, p.position.column, &p.message))
                .collect();
        }
    };
    // Loading has checked that the summary is a plain file name beside the deck.
    let summary_path = deck
        .summary
        .as_ref()
        .map(|name| file.parent().unwrap_or(Path::new(".")).join(name));
    let mut problems = Vec::new();
    let summary = match &summary_path {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some(Summary::parse(&text)),
            Err(e) => {
                let message = format!(
                    "the deck names summary `{}`, which cannot be read: {e}",
                    path.display()
                );
                problems.push(found(file, 1, 1, &message));
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
        problems.push(found(
            &f.file,
            f.problem.position.line,
            f.problem.position.column,
            &f.problem.message,
        ));
    }
    problems
}
