//! Reading every review of the log, for commands that learn from the whole
//! history (optimize, simulate, import) rather than from per-card state.

use std::path::Path;

use super::maintain::visit;
use super::{Event, LOG_FILE, Review, StoreError};

/// Every review in the log at `dir`, in log order. A missing log is empty; a
/// torn last line (a write cut short by a crash) is left out, as when the
/// store opens; any other unreadable line is an error naming it.
pub fn read_reviews(dir: &Path) -> Result<Vec<Review>, StoreError> {
    let path = dir.join(LOG_FILE);
    let mut reviews = Vec::new();
    let report = visit(&path, |event| {
        if let Event::Review(review) = event {
            reviews.push(review);
        }
    })?;
    match report.damaged.into_iter().next() {
        Some((line, message)) => Err(StoreError::Damaged {
            path,
            line,
            message,
        }),
        None => Ok(reviews),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Rating, Scheduler};
    use crate::store::{Access, SessionRecord, Store, new_id};
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
        assert_eq!(read_reviews(dir.path()).unwrap(), vec![a, b]);
    }

    #[test]
    fn a_missing_log_has_no_reviews_and_a_damaged_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_reviews(dir.path()).unwrap().is_empty());
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
        let err = read_reviews(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("reviews.jsonl:3: damaged review log line"),
            "{err}"
        );
    }
}
