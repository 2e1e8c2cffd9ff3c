//! One module per subcommand; [`run`] dispatches.

mod deck;
mod exam;
mod stats;
mod store;
mod study;

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::cli::{Cli, Command, DeckCommand};
use crate::deck::{Deck, builtin};
use crate::error::BadInput;
use crate::store::home;

/// Runs the command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let home = home::resolve(cli.home)?;
    match cli.command {
        None => overview(&home),
        Some(Command::Study(args)) => study::run(&args, &home),
        Some(Command::Exam(args)) => exam::run(&args, &home),
        Some(Command::Stats(args)) => stats::run(&args, &home, &mut std::io::stdout().lock()),
        Some(Command::Deck(DeckCommand::List)) => deck::list(&mut std::io::stdout().lock()),
        Some(Command::Deck(DeckCommand::Lint { files })) => {
            deck::lint(&files, &mut std::io::stdout().lock())
        }
        Some(Command::Store(command)) => store::run(command, &home, &mut std::io::stdout().lock()),
    }
}

/// `trialdrill` alone: what it does and where its data is.
fn overview(home: &Path) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "trialdrill {}: drill landmark clinical trials with spaced repetition.\n\n\
         Commands:\n  \
         study        study due cards, then new ones (start here)\n  \
         exam         a scored test, optionally timed\n  \
         stats        progress, forecast, weak tags, leeches\n  \
         deck list    the decks you can study\n  \
         deck lint    check deck files\n  \
         store        where your progress is kept; check, repair, merge\n\n\
         Data folder: {}\n\
         Run `trialdrill help COMMAND` for a command's options and examples.",
        env!("CARGO_PKG_VERSION"),
        home.display()
    )?;
    Ok(())
}

/// The decks a `--deck` option names: a deck file, a built-in deck id, or
/// (without the option) every built-in deck.
fn select_decks(selector: Option<&str>) -> anyhow::Result<Vec<Deck>> {
    let Some(selector) = selector else {
        return builtin::BUILTINS
            .iter()
            .map(|b| b.deck().map_err(anyhow::Error::msg))
            .collect();
    };
    let path = Path::new(selector);
    if path.is_file() {
        return Ok(vec![crate::deck::load_file(path)?]);
    }
    match builtin::find(selector) {
        Some(b) => Ok(vec![b.deck().map_err(anyhow::Error::msg)?]),
        None => Err(BadInput(format!(
            "no deck `{selector}`: it is neither a deck file nor a built-in deck id; `trialdrill deck list` shows the decks"
        )))
        .context("cannot choose the deck to study"),
    }
}
