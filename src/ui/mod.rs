//! Talking to the learner: the two implementations of the engine's
//! [`Prompter`](crate::engine::prompt::Prompter) port, the dialoguer terminal
//! UI and a line-based one for pipes.

pub mod chart;
pub mod deadline;
mod plain;
pub mod sanitize;
mod terminal;
pub mod wrap;

use std::sync::atomic::{AtomicBool, Ordering};

pub use plain::Plain;
pub use terminal::Terminal;

/// The menu entry that takes back the last answer.
pub const UNDO_ENTRY: &str = "↶ Undo the last answer";

/// The menu entry that counts a wrong-graded answer as right.
pub const OVERRULE_ENTRY: &str = "✓ I was right: count my last answer as right";

/// Whether a typed line asks to take back the last answer.
fn is_undo(line: &str) -> bool {
    line.trim().eq_ignore_ascii_case("u")
}

/// Whether a typed line says the last answer was right after all.
fn is_overrule(line: &str) -> bool {
    line.trim().eq_ignore_ascii_case("o")
}

/// What a typed line asks for beyond an answer, among `offers`.
fn typed_offer<T>(
    line: &str,
    offers: crate::engine::prompt::Offers,
) -> Option<crate::engine::prompt::Reply<T>> {
    use crate::engine::prompt::Reply;
    if offers.undo && is_undo(line) {
        Some(Reply::Undo)
    } else if offers.overrule && is_overrule(line) {
        Some(Reply::Overrule)
    } else {
        None
    }
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static READING_LINE: AtomicBool = AtomicBool::new(false);

/// Catches Ctrl-C so an interrupted session ends through the normal path:
/// answers saved, terminal restored. Call once, early.
pub fn install_interrupt_handler() -> Result<(), ctrlc::Error> {
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
