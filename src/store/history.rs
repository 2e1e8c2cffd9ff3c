//! The log as learning data: every event in log order, with undo already
//! applied. Every command that learns from the whole history (stats,
//! optimize, simulate, review-history import, exam `--weak`) reads the log
//! through here and nowhere else, so an undone review counts nowhere.
//!
//! The log's invariant: an undo directly follows the review it takes back.
//! The study loop writes it so (only the last answer can be taken back, before
//! the next one is saved) and a merge keeps it so (see `maintain::merge`: a
//! review and its undo move as one, and an undo never comes in alone).
//! An undo anywhere else names no review it can take back and is ignored here,
//! as it is by the card states.

use std::path::Path;

use super::maintain::visit as visit_log;
use super::{Event, ExamRecord, LOG_FILE, Review, SessionRecord, StoreError};

/// One event of the history, undo applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Learned {
    /// A review that was not taken back.
    Review(Review),
    /// A study session's score.
    Session(SessionRecord),
    /// An exam's result.
    Exam(ExamRecord),
}

/// Streams the history of the store at `dir` into `each`, in log order. A
/// missing log is empty; a torn last line (a write cut short by a crash) is
/// left out, as when the store opens; any other unreadable line is an error
/// naming it.
pub fn visit(dir: &Path, mut each: impl FnMut(Learned)) -> Result<(), StoreError> {
    let path = dir.join(LOG_FILE);
    let mut pending: Option<Review> = None;
    let report = visit_log(&path, |event| match event {
        Event::Undo { undoes, .. } if pending.as_ref().is_some_and(|r| r.id == undoes) => {
            pending = None;
        }
        event => {
            if let Some(review) = pending.take() {
                each(Learned::Review(review));
            }
            match event {
                Event::Review(review) => pending = Some(review),
                Event::Session(s) => each(Learned::Session(s)),
                Event::Exam(e) => each(Learned::Exam(e)),
                Event::Undo { .. } => {}
            }
        }
    })?;
    if let Some((line, message)) = report.damaged.into_iter().next() {
        return Err(StoreError::Damaged {
            path,
            line,
            message,
        });
    }
    if let Some(review) = pending {
        each(Learned::Review(review));
    }
    Ok(())
}

/// Every review of the store at `dir` that was not taken back, in log order.
pub fn reviews(dir: &Path) -> Result<Vec<Review>, StoreError> {
    let mut reviews = Vec::new();
    visit(dir, |event| {
        if let Learned::Review(review) = event {
            reviews.push(review);
        }
    })?;
    Ok(reviews)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::{Rating, Scheduler};
    use crate::store::{Access, Store, new_id};
    use jiff::civil::date;
    use std::fs;

    fn review(card: &str) -> Review {
        Review {
            correct: None,
            due: date(2026, 1, 3),
            ..Review::sample(card, date(2026, 1, 1), Rating::Good)
        }
    }

    #[test]
    fn reviews_come_back_in_log_order_without_session_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(dir.path(), Access::Write, Scheduler::default_params()).unwrap();
        let (a, b) = (review("a"), review("b"));
        store.append(&Event::Review(a.clone())).unwrap();
        store
            .append(&Event::Session(SessionRecord {
                id: new_id(),
                started: a.time,
                ended: a.time,
                answered: 1,
                correct: 0,
                graded: 0,
            }))
            .unwrap();
        store.append(&Event::Review(b.clone())).unwrap();
        drop(store);
        let log = dir.path().join(LOG_FILE);
        fs::write(
            &log,
            [fs::read(&log).unwrap(), b"{\"type\":".to_vec()].concat(),
        )
        .unwrap();
        assert_eq!(reviews(dir.path()).unwrap(), vec![a, b]);
    }

    #[test]
    fn a_missing_log_has_no_reviews_and_a_damaged_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert!(reviews(dir.path()).unwrap().is_empty());
        let mut store =
            Store::open(dir.path(), Access::Write, Scheduler::default_params()).unwrap();
        store.append(&Event::Review(review("a"))).unwrap();
        drop(store);
        let log = dir.path().join(LOG_FILE);
        fs::write(
            &log,
            [fs::read(&log).unwrap(), b"garbage\n".to_vec()].concat(),
        )
        .unwrap();
        let err = reviews(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("reviews.jsonl:3: damaged review log line"),
            "{err}"
        );
    }

    #[test]
    fn an_undone_review_and_its_undo_are_not_in_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(dir.path(), Access::Write, Scheduler::default_params()).unwrap();
        let (kept, undone, last) = (review("a"), review("b"), review("c"));
        for r in [&kept, &undone] {
            store.append(&Event::Review(r.clone())).unwrap();
        }
        store
            .append(&Event::Undo {
                id: new_id(),
                undoes: undone.id.clone(),
                time: undone.time,
            })
            .unwrap();
        // An undo that does not follow its review takes nothing back.
        store.append(&Event::Review(last.clone())).unwrap();
        store
            .append(&Event::Undo {
                id: new_id(),
                undoes: kept.id.clone(),
                time: kept.time,
            })
            .unwrap();
        drop(store);
        assert_eq!(reviews(dir.path()).unwrap(), vec![kept, last]);
    }
}
