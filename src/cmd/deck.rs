//! `trialdrill deck ...`: list, show, lint and install decks; the authoring
//! commands (build, schema, new, import, export) are in `deck_author`.

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use super::deck_author;
use crate::cli::DeckCommand;
use crate::deck::lint::lint as lint_deck;
use crate::deck::select::{Shelved, plural};
use crate::deck::sources::{self, Summaries, SummaryError, SummaryFile};
use crate::deck::{Body, Deck, DeckFile, installed, load_file};
use crate::error::BadInput;
use crate::store::{Access, States};
use crate::ui::sanitize::{clean, clean_json};

/// Runs one `deck` subcommand.
pub fn run(command: DeckCommand, home: &Path) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match command {
        DeckCommand::List { output } => list(home, output.json, &mut out),
        DeckCommand::Show { deck, output } if output.json => {
            show_json(&find(&deck, home)?, &mut out)
        }
        DeckCommand::Show { deck, .. } => show(&find(&deck, home)?, &mut out),
        DeckCommand::Lint {
            files,
            summary,
            output,
        } => lint(&files, summary.as_deref(), home, output.json, &mut out),
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
        DeckCommand::Import {
            file,
            with_history,
            output,
        } => deck_author::import(&file, with_history, &output, home),
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

/// One deck in `deck list --json`; every text is sanitised. `due` and
/// `new` count questions (a cloze card has one per deletion).
#[derive(Serialize)]
struct Listed {
    id: String,
    title: String,
    collection: Option<String>,
    origin: &'static str,
    cards: usize,
    questions: usize,
    due: usize,
    new: usize,
    tags: Vec<String>,
}

impl Listed {
    /// `deck`, with its questions due on `today` or earlier and never studied in `states`.
    fn of(shelved: &Shelved, states: &States, today: Date) -> Listed {
        let deck = &shelved.outline;
        let known = states.get(&deck.id);
        let (mut due, mut new) = (0, 0);
        for key in deck.keys.iter() {
            match known.and_then(|k| k.get(key)) {
                Some(state) if state.due <= today => due += 1,
                Some(_) => {}
                None => new += 1,
            }
        }
        Listed {
            id: clean(&deck.id),
            title: clean(&deck.title),
            collection: deck.collection.as_deref().map(clean),
            origin: shelved.origin.label(),
            cards: deck.cards,
            questions: deck.keys.len(),
            due,
            new,
            tags: deck.tags.iter().map(|t| clean(t)).collect(),
        }
    }
}

/// Prints every deck available to study (built-in and installed) by
/// collection, with what is due and new for the learner, as text or JSON.
/// An installed deck that does not load is reported and skipped.
pub fn list(home: &Path, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let super::Scheduling {
        scheduler, clock, ..
    } = super::Scheduling::load(home, None)?;
    let (library, store) = super::library_and_store(home, Access::Read, scheduler)?;
    for warning in store.warnings() {
        super::note(&format!("warning: {}", clean(warning)));
    }
    let today = clock.day_of(jiff::Timestamp::now());
    let collections = library.collections();
    let shelved: Vec<&Shelved> = collections
        .iter()
        .flat_map(|c| c.decks.iter().copied())
        .collect();
    // Counting a large collection's due cards is a good share of the list:
    // the decks are split among the cores.
    let mut listed = crate::parallel::map(
        &shelved,
        |s| s.outline.keys.len(),
        crate::parallel::WORTH_CARDS,
        |s| Listed::of(s, store.states(), today),
    )
    .into_iter();
    let groups: Vec<(Option<&str>, Vec<Listed>)> = collections
        .iter()
        .map(|c| (c.name, listed.by_ref().take(c.decks.len()).collect()))
        .collect();
    super::leave(store);
    if json {
        let decks: Vec<&Listed> = groups.iter().flat_map(|(_, decks)| decks).collect();
        serde_json::to_writer_pretty(&mut *out, &decks)?;
        writeln!(out)?;
        return Ok(());
    }
    for (name, decks) in &groups {
        let sum = |f: fn(&Listed) -> usize| decks.iter().map(f).sum::<usize>();
        writeln!(
            out,
            "{}: {}, {}, {} · {} due, {} new",
            name.map_or("No collection".into(), clean),
            plural(decks.len(), "deck"),
            plural(sum(|d| d.cards), "card"),
            plural(sum(|d| d.questions), "question"),
            sum(|d| d.due),
            sum(|d| d.new)
        )?;
        for d in decks {
            writeln!(
                out,
                "  {}  {} ({}): {}, {} · {} due, {} new",
                d.id,
                d.title,
                d.origin,
                plural(d.cards, "card"),
                plural(d.questions, "question"),
                d.due,
                d.new
            )?;
            writeln!(out, "    tags: {}", d.tags.join(", "))?;
        }
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
        let sources: Vec<String> = card
            .sources()
            .map(|s| {
                let of = s
                    .other_deck(&deck.id)
                    .map_or(String::new(), |d| format!(" of deck {d}"));
                format!("{} #{}{of}", s.section, s.bullet)
            })
            .collect();
        writeln!(
            out,
            "\n[{}] {} ({})\n    {}{}\n    source: {}",
            card.body.kind(),
            clean(&card.id),
            clean(&card.tags.join(", ")),
            clean(card.prompt()),
            clean(&answer),
            clean(&sources.join("; also "))
        )?;
    }
    Ok(())
}

/// Prints a deck in the deck file shape, every text sanitised.
fn show_json(deck: &Deck, out: &mut impl Write) -> anyhow::Result<()> {
    let value = clean_json(serde_json::to_value(DeckFile::from(deck))?);
    // Encoded first, so a closed pipe stays an io::Error.
    let text = serde_json::to_string_pretty(&value)?;
    writeln!(out, "{text}")?;
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

/// Lints each file, against `summary` when given (else the summary each deck
/// names) and the summaries of the decks its cards cite (beside it, built in
/// or installed in `home`); prints `file:line:col: message` per problem, or JSON.
pub fn lint(
    files: &[PathBuf],
    summary: Option<&Path>,
    home: &Path,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut report = Vec::new();
    for file in files {
        report.push(Linted {
            file: clean(&file.display().to_string()),
            problems: lint_one(file, summary, home),
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
            "{problems} problem{} found; fix {} and lint again",
            if problems == 1 { "" } else { "s" },
            if problems == 1 { "it" } else { "them" }
        ))
        .into());
    }
    Ok(())
}

/// The problems in one deck file, sanitised.
fn lint_one(file: &Path, summary: Option<&Path>, home: &Path) -> Vec<Found> {
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
    let folder = file.parent().unwrap_or(Path::new("."));
    // Loading has checked that a named summary is a plain file name beside the deck.
    let summary_path = match summary {
        Some(path) => Some(path.to_path_buf()),
        None => deck.summary.as_ref().map(|name| folder.join(name)),
    };
    let mut problems = Vec::new();
    let summary = match &summary_path {
        Some(path) => match sources::read_summary(path) {
            Ok(summary) => Some(summary),
            Err(SummaryError::NotASummary(e)) => {
                let message = format!("the deck's summary is not a trial summary: {}", e.message);
                problems.push(found(path, e.position.line, e.position.column, &message));
                None
            }
            Err(e) => {
                let message = format!("the deck names summary `{}`, which {e}", path.display());
                problems.push(found(file, 1, 1, &message));
                None
            }
        },
        None => None,
    };
    let summaries = Summaries {
        own: summary_path
            .zip(summary)
            .map(|(path, summary)| SummaryFile { path, summary }),
        cited: sources::cited(&deck, folder, home),
    };
    for f in lint_deck(&deck, file, &summaries) {
        problems.push(found(
            &f.file,
            f.problem.position.line,
            f.problem.position.column,
            &f.problem.message,
        ));
    }
    problems
}
