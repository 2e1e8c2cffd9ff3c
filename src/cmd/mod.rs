//! One module per subcommand; [`run`] dispatches.

mod deck;
mod deck_author;
mod study;

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::cli::{Cli, Command};
use crate::deck::{Deck, builtin, installed};
use crate::error::BadInput;
use crate::store::home;

/// Runs the command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let home = home::resolve(cli.home)?;
    match cli.command {
        None => overview(&home),
        Some(Command::Study(args)) => study::run(&args, &home),
        Some(Command::Deck(command)) => deck::run(command, &home),
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
         deck list    the decks you can study\n  \
         deck build   a draft deck from a trial summary\n  \
         deck lint    check deck files\n\n\
         Data folder: {}\n\
         Run `trialdrill help COMMAND` for a command's options and examples.",
        env!("CARGO_PKG_VERSION"),
        home.display()
    )?;
    Ok(())
}

/// The decks a `--deck` option names: a deck file, a built-in or installed
/// deck id, or (without the option) every built-in and installed deck.
/// Installed decks that do not load are reported on stderr and skipped.
fn select_decks(selector: Option<&str>, home: &Path) -> anyhow::Result<Vec<Deck>> {
    let Some(selector) = selector else {
        let mut decks: Vec<Deck> = builtin::BUILTINS
            .iter()
            .map(|b| b.deck().map_err(anyhow::Error::msg))
            .collect::<anyhow::Result<_>>()?;
        let (installed, broken) = installed::list(home)?;
        for e in broken {
            eprintln!(
                "trialdrill: skipping an installed deck that does not load:\n{}",
                crate::sanitize::clean(&e.to_string())
            );
        }
        decks.extend(
            installed
                .into_iter()
                .map(|i| i.deck)
                .filter(|d| builtin::find(&d.id).is_none()),
        );
        return Ok(decks);
    };
    let path = Path::new(selector);
    if path.is_file() {
        return Ok(vec![crate::deck::load_file(path)?]);
    }
    match installed::find_any(home, selector)? {
        Some(deck) => Ok(vec![deck]),
        None => Err(BadInput(format!(
            "no deck `{selector}`: it is neither a deck file nor a built-in or installed deck id; `trialdrill deck list` shows the decks"
        )))
        .context("cannot choose the deck to study"),
    }
}
