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
    #[command(
        after_help = "Examples:\n  trialdrill study\n  trialdrill study --deck rescue-japan-limit --new 10\n  trialdrill study < answers.txt    # one line answers one prompt"
    )]
    Study(StudyArgs),
    /// Work with decks: list them, lint deck files
    #[command(subcommand)]
    Deck(DeckCommand),
    /// Look after the store: where it is, check, repair, merge another device's
    #[command(subcommand)]
    Store(StoreCommand),
    /// Read and change settings kept in the store (config.json)
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  trialdrill completions bash > ~/.local/share/bash-completion/completions/trialdrill\n  trialdrill completions zsh > ~/.zfunc/_trialdrill\n  trialdrill completions fish > ~/.config/fish/completions/trialdrill.fish\n  trialdrill completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell to complete in
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on standard output
    #[command(
        after_help = "Example:\n  trialdrill man > ~/.local/share/man/man1/trialdrill.1 && man trialdrill"
    )]
    Man,
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
}

/// The `--json` switch of commands that report data.
#[derive(Debug, Clone, Copy, Args)]
pub struct Output {
    /// Print JSON for programs instead of text (shapes in the README, "Machine output")
    #[arg(long)]
    pub json: bool,
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

/// Options of `study`.
#[derive(Debug, Args)]
pub struct StudyArgs {
    /// A built-in deck id or a deck file [default: every built-in deck]
    #[arg(long, value_name = "ID|PATH")]
    pub deck: Option<String>,
    /// New cards per day [default: the new_per_day setting, else 20]
    #[arg(long, value_name = "N")]
    pub new: Option<usize>,
    /// Most due cards in one session [default: the review_limit setting, else 200]
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Desired retention, the recall probability reviews are timed for
    /// (0.70-0.99) [default: the desired_retention setting, else 0.9]
    #[arg(long, value_name = "R")]
    pub retention: Option<f32>,
}

/// `deck` subcommands.
#[derive(Debug, Subcommand)]
pub enum DeckCommand {
    /// List the decks available to study
    #[command(after_help = "Examples:\n  trialdrill deck list\n  trialdrill deck list --json")]
    List {
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
    /// Check deck files: structure, then meaning and agreement with their summary
    #[command(
        after_help = "Exit status: 0 when every file is clean, 2 otherwise.\n\nExamples:\n  trialdrill deck lint decks/rescue-japan-limit.json\n  trialdrill deck lint --json my-deck.json"
    )]
    Lint {
        /// Deck files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
}

/// `store` subcommands.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Print the store folder
    #[command(
        after_help = "Examples:\n  trialdrill store path\n  trialdrill --home ~/td store path --json"
    )]
    Path {
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
    /// Report what is wrong with the store, changing nothing
    #[command(
        after_help = "Exit status: 0 when healthy, 1 when `store repair` is needed.\n\nExamples:\n  trialdrill store check\n  trialdrill store check --json"
    )]
    Check {
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
    /// Keep every valid review, move damaged files aside, rebuild the state
    #[command(after_help = "Example:\n  trialdrill store repair")]
    Repair,
    /// Add another store's reviews to this one (for example another device's)
    #[command(
        after_help = "Merging is safe to repeat, and two stores merged into each other end up alike.\n\nExample:\n  trialdrill store merge ~/Sync/laptop-trialdrill"
    )]
    Merge {
        /// The other store's folder
        #[arg(value_name = "DIR")]
        dir: std::path::PathBuf,
    },
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

/// `config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Show every setting, its value and whether it is a default
    #[command(after_help = "Examples:\n  trialdrill config list\n  trialdrill config list --json")]
    List {
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
    /// Show one setting's value
    #[command(after_help = "Example:\n  trialdrill config get desired_retention")]
    Get {
        /// The setting
        #[arg(value_enum, value_name = "KEY")]
        key: crate::config::Key,
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
    /// Change a setting; a value out of range is refused with the valid range
    #[command(
        after_help = "Settings:\n  new_per_day        new cards per study day (0-9999, default 20)\n  review_limit       most due cards in one session (0-9999, default 200)\n  desired_retention  recall probability reviews are timed for (0.7-0.99, default 0.9)\n  leech_threshold    failures after which a card is a leech (1-99, default 8)\n  rollover_hour      local hour a new study day begins (0-23, default 4)\n\nCommand-line flags such as `study --new` override a setting for one run.\n\nExamples:\n  trialdrill config set new_per_day 10\n  trialdrill config set desired_retention 0.85"
    )]
    Set {
        /// The setting
        #[arg(value_enum, value_name = "KEY")]
        key: crate::config::Key,
        /// Its new value
        #[arg(value_name = "VALUE")]
        value: String,
    },
}
