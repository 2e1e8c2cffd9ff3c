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
    /// Take a scored exam: feedback at the end, optionally timed
    #[command(
        after_help = "Examples:\n  trialdrill exam --count 20\n  trialdrill exam --minutes 15 --weak\n  trialdrill exam --tag safety --tutor --seed 42"
    )]
    Exam(ExamArgs),
    /// Show progress: cards, forecast, retention, weak tags, exams, leeches
    #[command(
        after_help = "Examples:\n  trialdrill stats\n  trialdrill stats --until 2026-12-01\n  trialdrill stats --json    # the shape is documented in README.md"
    )]
    Stats(StatsArgs),
    /// Work with decks: list them, lint deck files
    #[command(subcommand)]
    Deck(DeckCommand),
    /// Look after the store: where it is, check, repair, merge another device's
    #[command(subcommand)]
    Store(StoreCommand),
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
    /// Exam date: also study every card whose predicted recall on that day
    /// would be below the desired retention
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<jiff::civil::Date>,
    /// Drill only the leeches: cards forgotten --leech-threshold times or more
    #[arg(long)]
    pub leeches: bool,
    /// Lapses that make a card a leech
    #[arg(long, value_name = "N", default_value_t = crate::schedule::LEECH_THRESHOLD,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub leech_threshold: u32,
}

/// Options of `exam`.
#[derive(Debug, Args)]
pub struct ExamArgs {
    /// A built-in deck id or a deck file [default: every built-in deck]
    #[arg(long, value_name = "ID|PATH")]
    pub deck: Option<String>,
    /// Questions to ask
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub count: u32,
    /// Ask only cards with this tag (repeat for several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Time limit: the exam ends when it runs out; unanswered questions count as wrong
    #[arg(long, value_name = "M", value_parser = clap::value_parser!(u32).range(1..=600))]
    pub minutes: Option<u32>,
    /// Show the answer and explanation after each question
    #[arg(long)]
    pub tutor: bool,
    /// Draw more questions from your weakest tags
    #[arg(long)]
    pub weak: bool,
    /// Same seed, same questions in the same order [default: random, shown in the report]
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Also record each answer as a spaced-repetition review
    #[arg(long)]
    pub reschedule: bool,
}

/// Options of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// A built-in deck id or a deck file [default: every built-in deck]
    #[arg(long, value_name = "ID|PATH")]
    pub deck: Option<String>,
    /// Print the figures as JSON (shape documented in README.md)
    #[arg(long)]
    pub json: bool,
    /// Also predict recall on this day, such as an exam date
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<jiff::civil::Date>,
    /// Lapses that make a card a leech
    #[arg(long, value_name = "N", default_value_t = crate::schedule::LEECH_THRESHOLD,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub leech_threshold: u32,
}

/// `deck` subcommands.
#[derive(Debug, Subcommand)]
pub enum DeckCommand {
    /// List the decks available to study
    #[command(after_help = "Example:\n  trialdrill deck list")]
    List,
    /// Check deck files: structure, then meaning and agreement with their summary
    #[command(
        after_help = "Exit status: 0 when every file is clean, 2 otherwise.\n\nExample:\n  trialdrill deck lint decks/rescue-japan-limit.json"
    )]
    Lint {
        /// Deck files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// `store` subcommands.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Print the store folder
    #[command(after_help = "Example:\n  trialdrill store path")]
    Path,
    /// Report what is wrong with the store, changing nothing
    #[command(
        after_help = "Exit status: 0 when healthy, 1 when `store repair` is needed.\n\nExample:\n  trialdrill store check"
    )]
    Check,
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
}
