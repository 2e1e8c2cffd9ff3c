//! The rules of studying, as pure logic: no terminal, no disk, no clock.
//! Callers pass the answer, the time it took and the current time; the engine
//! says what to show and which review to record.
//!
//! - [`schedule`]: FSRS through the `fsrs` crate, and the one call that turns
//!   a card's state and a rating into its next state and due day.
//! - [`prompt`]: the port a user interface implements (questions, replies).
//! - [`present`]: a card as a question, and the feedback on an answer.
//! - [`study`]: the study session (queue, relearning, ratings, undo, leeches).
//! - [`exam`]: the exam (draw, time limit, score, report).
//! - [`grade`]: judging an answer against its card, by meaning rather than
//!   by spelling.

pub mod exam;
pub mod grade;
pub mod present;
pub mod prompt;
pub mod schedule;
pub mod study;
