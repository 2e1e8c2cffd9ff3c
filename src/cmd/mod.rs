//! One module per subcommand; [`run`] dispatches.

mod class;
mod config;
mod deck;
mod deck_author;
mod docs;
mod exam;
mod exam_json;
mod optimize;
mod simulate;
mod stats;
mod store;
mod study;

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

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
        Some(Command::Exam(args)) => exam::run(&args, &home),
        Some(Command::Class(command)) => class::run(&command, &mut std::io::stdout().lock()),
        Some(Command::Stats(args)) => stats::run(&args, &home, &mut std::io::stdout().lock()),
        Some(Command::Deck(command)) => deck::run(command, &home),
        Some(Command::Store(command)) => store::run(command, &home, &mut std::io::stdout().lock()),
        Some(Command::Config(command)) => {
            config::run(command, &home, &mut std::io::stdout().lock())
        }
        Some(Command::Completions { shell }) => {
            docs::completions(shell, &mut std::io::stdout().lock())
        }
        Some(Command::Man { command }) => docs::man(&command, &mut std::io::stdout().lock()),
        Some(Command::Optimize(args)) => optimize::run(&args, &home),
        Some(Command::Simulate(args)) => simulate::run(&args, &home),
    }
}

/// `trialdrill` alone: what it does, its commands (read from the clap
/// definition, so the list stays complete) and where its data is.
fn overview(home: &Path) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "trialdrill {}: drill landmark clinical trials with spaced repetition.\n\nCommands:",
        env!("CARGO_PKG_VERSION")
    )?;
    for command in Cli::command().get_subcommands() {
        let about = command.get_about().map(ToString::to_string);
        writeln!(
            out,
            "  {:<12} {}",
            command.get_name(),
            about.unwrap_or_default()
        )?;
    }
    writeln!(
        out,
        "\nStart with `trialdrill study`.\nData folder: {}\n\
         Run `trialdrill help COMMAND` for a command's options and examples.",
        home.display()
    )?;
    Ok(())
}

/// Writes a line for the user on stderr (warnings, notes). A closed stderr
/// is ignored: there is nobody left to tell, and it must not become a panic.
fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// What a command schedules with: the learner's settings, FSRS parameters
/// (fitted by `optimize`, else the defaults) and study-day clock.
struct Scheduling {
    config: crate::store::config::Config,
    params: crate::store::params::InUse,
    scheduler: crate::engine::schedule::Scheduler,
    clock: crate::engine::schedule::DayClock,
}

/// The scheduler card states are replayed with: the parameters `optimize`
/// saved, else the defaults. (Desired retention plays no part in replay.)
fn replay_scheduler(home: &Path) -> anyhow::Result<crate::engine::schedule::Scheduler> {
    Ok(crate::engine::schedule::Scheduler::new(
        crate::store::params::load(home)?.parameters(),
        crate::engine::schedule::DEFAULT_RETENTION,
    )?)
}

impl Scheduling {
    /// Loads them from the store in `home`; a `--retention` flag overrides
    /// the desired retention setting.
    fn load(home: &Path, retention: Option<f32>) -> anyhow::Result<Scheduling> {
        let config = crate::store::config::Config::load(home)?;
        let params = crate::store::params::load(home)?;
        let scheduler = crate::engine::schedule::Scheduler::new(
            params.parameters(),
            retention.unwrap_or(config.desired_retention()),
        )?;
        let clock =
            crate::engine::schedule::DayClock::local().with_rollover_hour(config.rollover_hour());
        Ok(Scheduling {
            config,
            params,
            scheduler,
            clock,
        })
    }
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
            note(&format!(
                "trialdrill: skipping an installed deck that does not load:\n{}",
                crate::ui::sanitize::clean(&e.to_string())
            ));
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
        // The message names no command: study, exam, stats and simulate all choose decks here.
        None => Err(BadInput(format!(
            "no deck `{selector}`: it is neither a deck file nor a built-in or installed deck id; `trialdrill deck list` shows the decks"
        ))
        .into()),
    }
}
