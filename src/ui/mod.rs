//! Talking to the learner: the [`Prompter`] trait and its two
//! implementations, the dialoguer terminal UI and a line-based one for pipes.

pub mod deadline;
mod plain;
mod terminal;

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

pub use plain::Plain;
pub use terminal::Terminal;

use crate::grade::Response;
use crate::schedule::Rating;

/// A question, ready to show. All text is already sanitised.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Pick one option, or several when `multiple`.
    Choice {
        /// The question.
        prompt: String,
        /// The options, in the order shown.
        options: Vec<String>,
        /// Whether several may be right.
        multiple: bool,
    },
    /// True or false.
    TrueFalse {
        /// The statement.
        prompt: String,
    },
    /// A typed answer.
    Text {
        /// The question.
        prompt: String,
        /// What to type, such as "a number, in %".
        hint: String,
    },
    /// A flashcard front, revealed on request.
    Reveal {
        /// The front.
        front: String,
    },
}

/// A rating button with the interval it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateOption {
    /// The rating.
    pub rating: Rating,
    /// Its label, such as "Good (3 days)".
    pub label: String,
}

/// The learner's reply: an answer, a wish to stop, or to take back the last answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<T> {
    /// An answer.
    Answer(T),
    /// `q`, Ctrl-C or end of input.
    Quit,
    /// `u`: take back the last answer (only while [`Prompter::offer_undo`] is on).
    Undo,
}

impl<T> Reply<T> {
    /// The answer mapped by `f`; quit and undo pass through.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        match self {
            Reply::Answer(t) => Reply::Answer(f(t)),
            Reply::Quit => Reply::Quit,
            Reply::Undo => Reply::Undo,
        }
    }
}

/// Everything the study loop needs from a user interface.
pub trait Prompter {
    /// Shows a line of text (progress, feedback).
    fn say(&mut self, text: &str) -> io::Result<()>;
    /// Asks a question.
    fn ask(&mut self, question: &Question) -> io::Result<Reply<Response>>;
    /// Asks for a rating among `options`, `default` preselected.
    fn rate(&mut self, options: &[RateOption], default: Rating) -> io::Result<Reply<Rating>>;
    /// Whether the next questions offer `u` to take back the last answer.
    fn offer_undo(&mut self, offered: bool);
}

/// The menu entry that takes back the last answer.
pub const UNDO_ENTRY: &str = "↶ Undo the last answer";

/// Whether a typed line asks to take back the last answer.
fn is_undo(line: &str) -> bool {
    line.trim().eq_ignore_ascii_case("u")
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static READING_LINE: AtomicBool = AtomicBool::new(false);

/// Catches Ctrl-C so an interrupted session ends through the normal path:
/// answers saved, terminal restored. Call once, early.
pub fn install_interrupt_handler() -> anyhow::Result<()> {
    ctrlc::set_handler(|| {
        if READING_LINE.load(Ordering::SeqCst) {
            // Blocked reading a line: every answer before this one is already
            // on disk, and nothing else is pending, so leave at once.
            std::process::exit(130);
        }
        INTERRUPTED.store(true, Ordering::SeqCst);
    })?;
    Ok(())
}

/// Whether Ctrl-C was pressed since the program started.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Marks the span of a blocking line read, for the interrupt handler.
fn reading_line<T>(read: impl FnOnce() -> T) -> T {
    READING_LINE.store(true, Ordering::SeqCst);
    let result = read();
    READING_LINE.store(false, Ordering::SeqCst);
    result
}
