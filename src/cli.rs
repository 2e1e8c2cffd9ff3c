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
        after_help = "Examples:\n  trialdrill study                             # the first time: choose a collection\n  trialdrill study --deck stroke/thrombectomy --new 10\n  trialdrill study --deck dawn --deck defuse-3 --tag imaging\n  trialdrill study < answers.txt    # one line answers one prompt"
    )]
    Study(StudyArgs),
    /// Take a scored exam: feedback at the end, optionally timed
    #[command(
        after_help = "Examples:\n  trialdrill exam --count 20\n  trialdrill exam --minutes 15 --weak\n  trialdrill exam --deck stroke/large-core --tag safety --tutor --seed 42\n  trialdrill exam --count 10 --json > result.json    # questions on stderr, the result as JSON"
    )]
    Exam(ExamArgs),
    /// Analyse a class's results of one exam: scores, reliability, which questions work
    #[command(subcommand)]
    Class(ClassCommand),
    /// Show progress: cards, forecast, retention, weak tags, exams, leeches
    #[command(
        after_help = "Examples:\n  trialdrill stats\n  trialdrill stats --deck stroke/large-core --tag Safety\n  trialdrill stats --until 2026-12-01\n  trialdrill stats --json    # the shape is documented in README.md"
    )]
    Stats(StatsArgs),
    /// Work with decks: build, lint, import, export, install, list and show them
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
    /// Print the manual page (roff) on standard output: the whole program, or one subcommand's
    #[command(
        after_help = "Examples:\n  trialdrill man > ~/.local/share/man/man1/trialdrill.1 && man trialdrill\n  trialdrill man deck import > ~/.local/share/man/man1/trialdrill-deck-import.1"
    )]
    Man {
        /// The subcommand, such as `deck import` [default: the whole program]
        #[arg(value_name = "SUBCOMMAND")]
        command: Vec<String>,
    },
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

/// Which decks and cards `study`, `exam`, `stats` and `simulate` work on,
/// resolved by [`crate::deck::select`].
#[derive(Debug, Default, Args)]
pub struct DeckChoice {
    /// A deck id, a collection (such as stroke/large-core, or stroke for all of
    /// stroke/...) or a deck file; repeat for several [default: every deck;
    /// for study, the decks you have started]
    #[arg(
        long = "deck",
        value_name = "ID|COLLECTION|PATH",
        value_parser = DeckWords,
        hide_possible_values = true
    )]
    pub decks: Vec<String>,
    /// Only cards with this tag, in any case (repeat for several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
}

/// Takes any `--deck` as it is, and offers shell completion the built-in
/// deck ids and collections. (Static scripts cannot know installed decks;
/// completing them would need the shell to run trialdrill at each Tab.)
#[derive(Debug, Clone, Copy)]
struct DeckWords;

impl clap::builder::TypedValueParser for DeckWords {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        // A built-in deck that does not load fails every test; offering no
        // words then is better than failing a completion script.
        let words = crate::deck::select::Library::builtin()
            .map(|library| library.words())
            .unwrap_or_default();
        Some(Box::new(words.into_iter().map(|w| {
            clap::builder::PossibleValue::new(w.word).help(w.help)
        })))
    }
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
    /// Text or JSON.
    #[command(flatten)]
    pub output: Output,
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
    /// The decks whose unstudied cards count as new.
    #[command(flatten)]
    pub decks: DeckChoice,
    /// Text or JSON.
    #[command(flatten)]
    pub output: Output,
}

/// Options of `study`.
#[derive(Debug, Args)]
pub struct StudyArgs {
    /// Which decks and cards.
    #[command(flatten)]
    pub decks: DeckChoice,
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
    /// Exam date: also study every card whose predicted recall on that day
    /// would be below the desired retention
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<jiff::civil::Date>,
    /// Drill only the leeches: cards forgotten --leech-threshold times or more
    #[arg(long)]
    pub leeches: bool,
    /// New cards in the order their decks list them, not shuffled (to read a
    /// deck through as written)
    #[arg(long)]
    pub in_order: bool,
    /// Lapses that make a card a leech [default: the leech_threshold setting, else 8]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub leech_threshold: Option<u32>,
}

/// Options of `exam`.
#[derive(Debug, Args)]
pub struct ExamArgs {
    /// Which decks and cards.
    #[command(flatten)]
    pub decks: DeckChoice,
    /// Questions to ask
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub count: u32,
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
    /// Who takes the exam, kept in the result and the log for `class report`
    #[arg(long, value_name = "NAME", value_parser = learner_name)]
    pub learner: Option<String>,
    /// Text or JSON (with JSON, the questions are drawn on stderr).
    #[command(flatten)]
    pub output: Output,
}

/// A `--learner` name: trimmed, 1 to 100 characters, no control characters.
fn learner_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err("a learner's name has 1 to 100 characters".into());
    }
    if name.chars().any(char::is_control) {
        return Err("a learner's name cannot hold control characters".into());
    }
    Ok(name.to_string())
}

/// `class` subcommands.
#[derive(Debug, Subcommand)]
pub enum ClassCommand {
    /// Report on the learners' results of one exam: the class, each question, tag and learner
    #[command(
        after_help = "Each learner takes the same exam and hands in its result:\n  trialdrill exam --seed 42 --count 20 --learner \"Ann Lee\" --json > ann.json\n\nResults of another exam (another seed, decks or count) are refused; a learner with several results keeps the latest.\nExit status: 2 when a file is not a result of the same exam.\n\nExamples:\n  trialdrill class report results/*.json\n  trialdrill class report results/*.json --html class.html\n  trialdrill class report results/*.json --json"
    )]
    Report(ClassReportArgs),
}

/// Options of `class report`.
#[derive(Debug, Args)]
pub struct ClassReportArgs {
    /// Result files of `trialdrill exam --json`, one per learner
    #[arg(required = true, value_name = "RESULT.json")]
    pub files: Vec<PathBuf>,
    /// Also write the report to FILE as one self-contained HTML page (kept if it exists, unless --force)
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Overwrite the --html file if it exists
    #[arg(long, requires = "html")]
    pub force: bool,
    /// Text or JSON.
    #[command(flatten)]
    pub output: Output,
}

/// Options of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Which decks and cards.
    #[command(flatten)]
    pub decks: DeckChoice,
    /// Print the figures as JSON (shape documented in README.md)
    #[arg(long)]
    pub json: bool,
    /// Also predict recall on this day, such as an exam date
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<jiff::civil::Date>,
    /// Lapses that make a card a leech [default: the leech_threshold setting, else 8]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub leech_threshold: Option<u32>,
}

/// `deck` subcommands.
#[derive(Debug, Subcommand)]
pub enum DeckCommand {
    /// List the decks by collection, with how many cards are due and new
    #[command(after_help = "Examples:\n  trialdrill deck list\n  trialdrill deck list --json")]
    List {
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
    /// Print a deck's cards
    #[command(
        after_help = "Examples:\n  trialdrill deck show rescue-japan-limit\n  trialdrill deck show my-deck.json --json"
    )]
    Show {
        /// A deck id or a deck file
        #[arg(value_name = "ID|PATH")]
        deck: String,
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
    /// Build a draft deck from a trial summary and report which cards came from each bullet
    #[command(
        after_help = "The coverage report and warnings go to stderr; the deck to FILE or stdout.\nExit status: 2 only when nothing could be read as a trial summary.\n\nExample:\n  trialdrill deck build summary.txt -o my-trial.json"
    )]
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
    #[command(
        after_help = "Without -o the deck goes to standard output.\n\nExample:\n  trialdrill deck new my-trial -o my-trial.json"
    )]
    New {
        /// The new deck's id (a-z, 0-9, - and _)
        id: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Import an Anki package (.apkg, .colpkg, collection.anki2), Anki text (TSV/CSV) or Markdown Q:/A:/C: cards as decks
    #[command(
        after_help = "One deck file per Anki deck: with several decks, -o names a folder (created if need be) that receives ID.json for each.\nCards that show images or sounds keep a marker such as [image: scan.png]; the media files are not imported.\nExit status: 0 when imported, 2 when the input cannot be read.\n\nExamples:\n  trialdrill deck import shared.apkg -o shared.json\n  trialdrill deck import collection.colpkg --with-history -o decks/\n  trialdrill deck import cards.tsv -o cards.json\n  cat cards.md | trialdrill deck import - > cards.json"
    )]
    Import {
        /// The file to import, or - for standard input (.apkg/.colpkg/.anki2: Anki package; .tsv/.csv/.txt: Anki text; .md: Markdown cards)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Also bring the package's review history into the store, so each card's schedule continues where Anki left it (importing again adds nothing twice)
        #[arg(long)]
        with_history: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Export a deck as Anki text, Markdown or deck JSON
    #[command(
        after_help = "Examples:\n  trialdrill deck export rescue-japan-limit --format anki -o rjl.txt\n  trialdrill deck export my-deck.json --format markdown"
    )]
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
    #[command(
        after_help = "Exit status: 0 when every file is clean, 2 otherwise.\n\nExamples:\n  trialdrill deck lint decks/rescue-japan-limit.json\n  trialdrill deck lint --json my-deck.json"
    )]
    Lint {
        /// Deck files to check (- for standard input)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Check against this trial summary (plain text or Markdown) instead of the one each deck names
        #[arg(long, value_name = "FILE")]
        summary: Option<PathBuf>,
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
    #[command(
        after_help = "Examples:\n  trialdrill store repair\n  trialdrill store repair --json"
    )]
    Repair {
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
    /// Add another store's reviews to this one (for example another device's)
    #[command(
        after_help = "Merging is safe to repeat, and two stores merged into each other end up alike.\n\nExample:\n  trialdrill store merge ~/Sync/laptop-trialdrill"
    )]
    Merge {
        /// The other store's folder
        #[arg(value_name = "DIR")]
        dir: std::path::PathBuf,
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
    /// Import a review history (FSRS CSV: card_id,review_rating,review_time,review_duration)
    #[command(
        name = "import-revlog",
        after_help = "The cards go into a deck named `imported`. Importing the same file again adds nothing twice.\nExit status: 0 when every row was imported, 2 when some rows were malformed (the others are imported).\n\nExample:\n  trialdrill store import-revlog revlog.csv"
    )]
    ImportRevlog {
        /// The CSV file, or - for standard input
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
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
        key: crate::store::config::Key,
        /// Text or JSON.
        #[command(flatten)]
        output: Output,
    },
    /// Change a setting; a value out of range is refused with the valid range
    #[command(
        after_help = crate::store::config::help()
    )]
    Set {
        /// The setting
        #[arg(value_enum, value_name = "KEY")]
        key: crate::store::config::Key,
        /// Its new value
        #[arg(value_name = "VALUE")]
        value: String,
    },
}

/// Where a command writes a file.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write to FILE instead of stdout (- for stdout; an existing file is kept unless --force)
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
