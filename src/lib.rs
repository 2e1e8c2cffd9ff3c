//! trialdrill: a terminal quiz and flashcard trainer for landmark clinical
//! trials. The binary is a thin client of this library.
//!
//! Data flows from a [`deck`] through the pure [`session`] engine to a
//! [`ui::Prompter`]; each answer is checked by [`grade`], scheduled by
//! [`schedule`] and appended to the [`store`].

pub mod atomic;
pub mod build;
pub mod chart;
pub mod cli;
pub mod cmd;
pub mod deck;
pub mod engine;
pub mod error;
pub mod grade;
pub mod import;
pub mod optimize;
pub mod revlog;
pub mod sanitize;
pub mod simulate;
pub mod stats;
pub mod store;
pub mod ui;
