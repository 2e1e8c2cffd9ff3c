//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Drill landmark clinical trials with spaced repetition.
#[derive(Debug, Parser)]
#[command(name = "trialdrill", version, about, long_about = None)]
pub struct Cli {
    /// The store folder [default: $TRIALDRILL_HOME, else the platform data folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Study due cards, then new ones, with spaced repetition
    #[command(after_help = "Examples:\n  trialdrill study\n  trialdrill study --deck rescue-japan-limit --new 10\n  trialdrill study < answers.txt    # one line answers one prompt")]
    Study(StudyArgs),
    /// Work with decks: list them, lint deck files
    #[command(subcommand)]
    Deck(DeckCommand),
    /// Fit FSRS parameters to your own reviews, so scheduling predicts your memory better
    #[command(
        after_help = "Examples:\n  trialdrill optimize\n  trialdrill optimize --dry-run   # fit and compare, save nothing\n  trialdrill optimize --show      # which parameters are in use"
    )]
    Optimize(OptimizeArgs),
    /// Show the daily work each desired retention would cost over the days ahead
    #[command(
        after_help = "Examples:\n  trialdrill simulate\n  trialdrill simulate --days 180 --retention 0.85 --retention 0.9"
    )]
    Simulate(SimulateArgs),
    /// Work with the store: import review histories
    #[command(subcommand)]
    Store(StoreCommand),
}

/// Options of `optimize`.
#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// Fit and compare, but save nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Only say which parameters are in use
    #[arg(long, conflicts_with = "dry_run")]
    pub show: bool,
}

/// Options of `simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Days ahead to simulate
    #[arg(long, value_name = "D", default_value_t = 90, value_parser = clap::value_parser!(u16).range(1..=3650))]
    pub days: u16,
    /// A desired retention to compare (0.70-0.99); repeat for several
    #[arg(long, value_name = "R", default_values_t = [0.80, 0.85, 0.90, 0.95])]
    pub retention: Vec<f32>,
    /// New cards per day
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub new: usize,
    /// The decks whose unstudied cards count as new: a built-in deck id or a deck file [default: every built-in deck]
    #[arg(long, value_name = "ID|PATH")]
    pub deck: Option<String>,
}

/// `store` subcommands.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Import a review history (FSRS CSV: card_id,review_rating,review_time,review_duration)
    #[command(
        name = "import-revlog",
        after_help = "The cards go into a deck named `imported`. Importing the same file again adds nothing twice.\nExit status: 0 when every row was imported, 2 when some rows were malformed (the others are imported).\n\nExample:\n  trialdrill store import-revlog revlog.csv"
    )]
    ImportRevlog {
        /// The CSV file
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

/// Options of `study`.
#[derive(Debug, Args)]
pub struct StudyArgs {
    /// A built-in deck id or a deck file [default: every built-in deck]
    #[arg(long, value_name = "ID|PATH")]
    pub deck: Option<String>,
    /// New cards per day
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub new: usize,
    /// Most due cards in one session
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub limit: usize,
    /// Desired retention, the recall probability reviews are timed for (0.70-0.99)
    #[arg(long, value_name = "R", default_value_t = crate::schedule::DEFAULT_RETENTION)]
    pub retention: f32,
}

/// `deck` subcommands.
#[derive(Debug, Subcommand)]
pub enum DeckCommand {
    /// List the decks available to study
    #[command(after_help = "Example:\n  trialdrill deck list")]
    List,
    /// Check deck files: structure, then meaning and agreement with their summary
    #[command(after_help = "Exit status: 0 when every file is clean, 2 otherwise.\n\nExample:\n  trialdrill deck lint decks/rescue-japan-limit.json")]
    Lint {
        /// Deck files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}
