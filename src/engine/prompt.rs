//! The port a user interface implements for the engine: questions to show,
//! replies to read. All text handed over is already sanitised.

use std::io;

use crate::engine::grade::Response;
use crate::engine::schedule::Rating;

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

/// What the next prompts offer besides an answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Offers {
    /// `u`: take back the last answer.
    pub undo: bool,
    /// `o`: the last answer, graded wrong, was right ("I was right").
    pub overrule: bool,
}

/// The learner's reply: an answer, a wish to stop, to take back the last
/// answer, or to overrule its verdict.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<T> {
    /// An answer.
    Answer(T),
    /// `q`, Ctrl-C or end of input.
    Quit,
    /// `u`: take back the last answer (only while [`Offers::undo`] is on).
    Undo,
    /// `o`: the last answer was right after all (only while
    /// [`Offers::overrule`] is on).
    Overrule,
}

impl<T> Reply<T> {
    /// The answer mapped by `f`; quit and undo pass through.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        match self {
            Reply::Answer(t) => Reply::Answer(f(t)),
            Reply::Quit => Reply::Quit,
            Reply::Undo => Reply::Undo,
            Reply::Overrule => Reply::Overrule,
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
    /// What the next questions offer besides an answer.
    fn offer(&mut self, offers: Offers);
}
