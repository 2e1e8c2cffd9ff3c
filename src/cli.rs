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
    /// Work with decks: build, lint, import, export, install, list and show them
    #[command(subcommand)]
    Deck(DeckCommand),
}

/// Options of `study`.
#[derive(Debug, Args)]
pub struct StudyArgs {
    /// A deck id (built-in or installed) or a deck file [default: every built-in and installed deck]
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
    /// List the decks available to study: built-in and installed
    #[command(after_help = "Example:\n  trialdrill deck list")]
    List,
    /// Print a deck's cards
    #[command(after_help = "Example:\n  trialdrill deck show rescue-japan-limit")]
    Show {
        /// A deck id or a deck file
        #[arg(value_name = "ID|PATH")]
        deck: String,
    },
    /// Build a draft deck from a trial summary and report which cards came from each bullet
    #[command(after_help = "The coverage report and warnings go to stderr; the deck to FILE or stdout.\nExit status: 2 only when nothing could be read as a trial summary.\n\nExample:\n  trialdrill deck build summary.txt -o my-trial.json")]
    Build {
        /// The trial summary (plain text or our Markdown layout)
        #[arg(value_name = "SUMMARY")]
        summary: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Print the JSON Schema of deck files, for editors
    #[command(after_help = "Example:\n  trialdrill deck schema > deck.schema.json")]
    Schema,
    /// Write a starter deck with one card of each kind
    #[command(after_help = "Example:\n  trialdrill deck new my-trial -o my-trial.json")]
    New {
        /// The new deck's id (a-z, 0-9, - and _)
        id: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Import Anki text (TSV/CSV) or Markdown Q:/A:/C: cards as a deck
    #[command(after_help = "Example:\n  trialdrill deck import cards.tsv -o cards.json")]
    Import {
        /// The file to import (.tsv, .csv, .txt: Anki text; .md: Markdown cards)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Export a deck as Anki text, Markdown or deck JSON
    #[command(after_help = "Examples:\n  trialdrill deck export rescue-japan-limit --format anki -o rjl.txt\n  trialdrill deck export my-deck.json --format markdown")]
    Export {
        /// A deck id or a deck file
        #[arg(value_name = "ID|PATH")]
        deck: String,
        /// The output format
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Install a deck file into the store so `study --deck ID` finds it
    #[command(after_help = "Example:\n  trialdrill deck add my-trial.json")]
    Add {
        /// The deck file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replace an installed deck with the same id
        #[arg(long)]
        replace: bool,
    },
    /// Check deck files: structure, then meaning and agreement with their summary
    #[command(after_help = "Exit status: 0 when every file is clean, 2 otherwise.\n\nExample:\n  trialdrill deck lint decks/rescue-japan-limit.json")]
    Lint {
        /// Deck files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Check against this Markdown summary instead of the one each deck names
        #[arg(long, value_name = "FILE")]
        summary: Option<PathBuf>,
    },
}

/// Where a command writes a file.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write to FILE instead of stdout (an existing file is kept unless --force)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// Formats of `deck export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Anki text: Basic and Cloze notes with tags
    Anki,
    /// Markdown Q:/A:/C: cards, readable for printing and review
    Markdown,
    /// Deck JSON
    Json,
}
