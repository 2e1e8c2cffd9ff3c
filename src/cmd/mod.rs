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

use crate::cli::{Cli, Command, DeckChoice};
use crate::deck::Deck;
use crate::deck::index::Outline;
use crate::deck::select::Library;
use crate::store::home;

/// Runs the command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let home = home::resolve(cli.home)?;
    // Refused once, up front, rather than a clock out of range anywhere later.
    crate::store::check_clock()?;
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

/// The system's time zone: read at this edge, so the engine's clock is
/// always handed its zone (see [`crate::clock`]: without listing zoneinfo).
pub fn local_time_zone() -> jiff::tz::TimeZone {
    crate::clock::local_zone()
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
        let clock = crate::engine::schedule::DayClock::in_zone(local_time_zone())
            .with_rollover_hour(config.rollover_hour());
        Ok(Scheduling {
            config,
            params,
            scheduler,
            clock,
        })
    }
}

/// The built-in and installed decks, and the store in `home`, read at once
/// on two threads: at a large collection's size each is a good share of a
/// start. Installed decks that do not load are reported on stderr and left
/// out. A library that cannot be read is reported before a store
/// that cannot be opened.
fn library_and_store(
    home: &Path,
    access: crate::store::Access,
    scheduler: crate::engine::schedule::Scheduler,
) -> anyhow::Result<(Library, crate::store::Store)> {
    let (library, store) = crate::parallel::both(
        || Library::load(home),
        || crate::store::Store::open(home, access, scheduler),
    );
    let (library, broken) = library?;
    skipping(broken);
    Ok((library, store?))
}

/// Leaves `held` to the process's exit, which is near: freeing a large
/// collection's card states and cards one by one costs more than a
/// command's end otherwise does. (A store's lock goes with the process.)
fn leave<T>(held: T) {
    std::mem::forget(held);
}

/// Reports installed decks that do not load, on stderr.
fn skipping(broken: Vec<crate::deck::LoadError>) {
    for e in broken {
        note(&format!(
            "trialdrill: skipping an installed deck that does not load:\n{}",
            crate::ui::sanitize::clean(&e.to_string())
        ));
    }
}

/// The decks and cards `--deck` and `--tag` choose (see
/// [`crate::deck::select`]); without `--deck`, every deck. Only the chosen
/// decks are loaded.
fn select_decks(choice: &DeckChoice, home: &Path) -> anyhow::Result<Vec<Deck>> {
    let (decks, broken) = Library::choose(home, &choice.decks, &choice.tags)?;
    skipping(broken);
    Ok(decks)
}

/// The outlines of the decks [`select_decks`] chooses, narrowed alike, with
/// no card loaded for a deck the library index outlines.
fn select_outlines(choice: &DeckChoice, home: &Path) -> anyhow::Result<Vec<Outline>> {
    let (outlines, broken) = Library::choose_outlines(home, &choice.decks, &choice.tags)?;
    skipping(broken);
    Ok(outlines)
}
