//! `trialdrill deck ...`: list, show, lint and install decks; the authoring
//! commands (build, schema, new, import, export) are in `deck_author`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::deck_author;
use crate::cli::DeckCommand;
use crate::deck::lint::{SummaryFile, lint as lint_deck};
use crate::deck::summary::Summary;
use crate::deck::{Body, Deck, builtin, installed, load_file};
use crate::error::BadInput;
use crate::sanitize::clean;

/// Runs one `deck` subcommand.
pub fn run(command: DeckCommand, home: &Path) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match command {
        DeckCommand::List => list(home, &mut out),
        DeckCommand::Show { deck } => show(&find(&deck, home)?, &mut out),
        DeckCommand::Lint { files, summary } => lint(&files, summary.as_deref(), &mut out),
        DeckCommand::Add { file, replace } => {
            let done = installed::install(home, &file, replace)?;
            writeln!(
                out,
                "installed `{}` ({} cards) as {}; study it with `trialdrill study --deck {}`",
                clean(&done.deck.id),
                done.deck.cards.len(),
                done.path.display(),
                clean(&done.deck.id)
            )?;
            Ok(())
        }
        DeckCommand::Build { summary, output } => deck_author::build(&summary, &output),
        DeckCommand::Schema => deck_author::schema(&mut out),
        DeckCommand::New { id, output } => deck_author::new(&id, &output),
        DeckCommand::Import { file, output } => deck_author::import(&file, &output),
        DeckCommand::Export {
            deck,
            format,
            output,
        } => deck_author::export(&find(&deck, home)?, format, &output),
    }
}

/// A deck named by a file path or by a built-in or installed id.
pub fn find(selector: &str, home: &Path) -> anyhow::Result<Deck> {
    let path = Path::new(selector);
    if path.is_file() {
        return Ok(load_file(path)?);
    }
    installed::find_any(home, selector)?.ok_or_else(|| {
        BadInput(format!(
            "no deck `{selector}`: it is neither a deck file nor a built-in or installed deck id; `trialdrill deck list` shows the decks"
        ))
        .into()
    })
}

/// Prints every deck available to study: built-in, then installed.
pub fn list(home: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    for b in builtin::BUILTINS {
        let deck = b.deck().map_err(anyhow::Error::msg)?;
        describe(out, &deck, "built-in")?;
    }
    let (decks, broken) = installed::list(home)?;
    for i in decks {
        describe(out, &i.deck, "installed")?;
    }
    for e in broken {
        eprintln!(
            "trialdrill: an installed deck does not load:\n{}",
            clean(&e.to_string())
        );
    }
    Ok(())
}

/// Prints a deck's cards: kind, id, tags, question, answer and source.
fn show(deck: &Deck, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "{} ({}), {} cards",
        clean(&deck.title),
        clean(&deck.id),
        deck.cards.len()
    )?;
    for card in &deck.cards {
        let answer = match &card.body {
            Body::Choice {
                choices, answers, ..
            } => format!(
                "{}\n    answer: {}",
                choices
                    .iter()
                    .map(|c| format!("\n    - {c}"))
                    .collect::<String>(),
                answers.join("; ")
            ),
            Body::TrueFalse { answer, .. } => format!("\n    answer: {answer}"),
            Body::Numeric {
                value,
                tolerance,
                unit,
                ..
            } => format!("\n    answer: {value} {unit} (± {tolerance})"),
            Body::Typed { answers, .. } => format!("\n    answer: {}", answers.join(" / ")),
            Body::Basic { back, .. } => format!("\n    back: {back}"),
            Body::Cloze { .. } => String::new(),
        };
        writeln!(
            out,
            "\n[{}] {} ({})\n    {}{}\n    source: {} #{}",
            card.body.kind(),
            clean(&card.id),
            clean(&card.tags.join(", ")),
            clean(card.prompt()),
            clean(&answer),
            clean(&card.source.section),
            card.source.bullet
        )?;
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

/// Lints each file, against `summary` when given (else the summary each deck
/// names); prints `file:line:col: message` per problem.
pub fn lint(files: &[PathBuf], summary: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    let mut problems = 0;
    for file in files {
        let found = lint_one(file, summary)?;
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
fn lint_one(file: &Path, summary: Option<&Path>) -> anyhow::Result<Vec<String>> {
    let deck = match load_file(file) {
        Ok(deck) => deck,
        Err(e) => return Ok(e.to_string().lines().map(String::from).collect()),
    };
    let summary_path = match summary {
        Some(path) => Some(path.to_path_buf()),
        None => deck
            .summary
            .as_ref()
            .map(|name| file.parent().unwrap_or(Path::new(".")).join(name)),
    };
    let mut lines = Vec::new();
    let summary = match &summary_path {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some(Summary::parse(&text)),
            Err(e) => {
                lines.push(format!(
                    "{}:1:1: summary `{}` cannot be read: {e}",
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
