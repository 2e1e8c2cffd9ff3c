//! The integration tests, as one binary so the library links once: the real
//! binary driven through pipes and pseudo-terminals, the shipped decks, the
//! store under faults.

mod common;

mod anki_package;
mod bad_options;
mod class_report;
mod cli;
mod deck_authoring;
mod deck_cache;
mod deck_cli;
mod deck_select;
mod exam_json;
mod exam_pty;
mod grading_decks;
mod hostile_deck;
mod json_output;
mod optimize;
mod shell;
mod shipped_deck;
mod startup;
mod stats_json;
mod store_faults;
mod store_recovery;
mod study_pty;
mod study_stdin;
mod terminal_safety;
