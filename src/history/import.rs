//! Turning an imported review history into review-log records: one deck of
//! imported cards, ids derived from each row so a second import adds
//! nothing, and due days from replaying the scheduler over each card.

use std::collections::{HashMap, HashSet};

use crate::engine::schedule::{CardState, Scheduler};
use crate::history::revlog::{self, Row};
use crate::store::{Answer, Review};

/// The deck id imported cards are filed under.
pub const IMPORTED_DECK: &str = "imported";

/// The device id stamped on imported reviews: they were made elsewhere.
pub const IMPORT_DEVICE: &str = "import";

/// The review-log id of a row: the card and the instant, which a history
/// never repeats.
pub fn review_id(row: &Row) -> String {
    format!("revlog-{}-{}", row.card_id, row.time.as_millisecond())
}

/// What an import would add.
#[derive(Debug, Default)]
pub struct Plan {
    /// New reviews, in time order.
    pub reviews: Vec<Review>,
    /// Rows already in the log (or repeated in the file), left out.
    pub already: usize,
}

/// The reviews `rows` add to a log that already holds `existing`. Each card's
/// due days come from replaying `scheduler` over its whole history, the
/// earlier imports included.
pub fn plan(rows: &[Row], existing: &[Review], scheduler: &Scheduler) -> Plan {
    let known: HashSet<&str> = existing.iter().map(|r| r.id.as_str()).collect();
    let mut earlier: HashMap<&str, Vec<&Review>> = HashMap::new();
    for r in existing.iter().filter(|r| r.deck == IMPORTED_DECK) {
        earlier.entry(r.card.as_str()).or_default().push(r);
    }
    let mut plan = Plan::default();
    let mut seen = HashSet::new();
    for (card_id, rows) in revlog::by_card(rows) {
        let card = card_id.to_string();
        let mut history: Vec<Step<'_>> = earlier
            .get(card.as_str())
            .into_iter()
            .flatten()
            .map(|r| Step::Logged(r))
            .collect();
        for row in rows {
            let id = review_id(row);
            if known.contains(id.as_str()) || !seen.insert(id.clone()) {
                plan.already += 1;
            } else {
                history.push(Step::New(row, id));
            }
        }
        history.sort_by_key(Step::time);
        let mut state: Option<CardState> = None;
        for step in history {
            state = Some(match step {
                Step::Logged(r) => scheduler.apply(state.as_ref(), r.rating, r.day, r.due),
                Step::New(row, id) => {
                    let day = row.study_day();
                    let next = scheduler.schedule(state.as_ref(), row.rating, day, fuzz_of(row));
                    let answer = Answer {
                        deck: IMPORTED_DECK.into(),
                        card: card.clone(),
                        text: String::new(),
                        correct: None,
                        seconds: row.duration_ms as f64 / 1000.0,
                        overruled: false,
                    };
                    plan.reviews.push(Review::new(
                        id,
                        IMPORT_DEVICE.into(),
                        answer,
                        row.time,
                        day,
                        row.rating,
                        next.due,
                    ));
                    next.state
                }
            });
        }
    }
    plan.reviews.sort_by_key(|r| r.time);
    plan
}

/// A fuzz in [0, 1) drawn from the row's instant (Fibonacci hashing), so a
/// re-import gives the same due days and cards reviewed together still spread.
fn fuzz_of(row: &Row) -> f64 {
    let hashed = (row.time.as_millisecond() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (hashed >> 11) as f64 / (1u64 << 53) as f64
}

/// One review of a card's history: already in the log, or to be added.
enum Step<'a> {
    Logged(&'a Review),
    New(&'a Row, String),
}

impl Step<'_> {
    fn time(&self) -> jiff::Timestamp {
        match self {
            Step::Logged(r) => r.time,
            Step::New(row, _) => row.time,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::{Rating, add_days};
    use jiff::civil::date;

    fn rows() -> Vec<Row> {
        revlog::parse(
            "card_id,review_rating,review_time,review_duration\n\
             7,3,2024-03-01T10:00:00+00:00,4000\n\
             8,1,2024-03-01T10:01:00+00:00,9000\n\
             7,3,2024-03-03T10:00:00.123+00:00,3000\n\
             8,3,2024-03-01T10:05:00+00:00,2000\n"
                .as_bytes(),
        )
        .unwrap()
        .rows
    }

    #[test]
    fn reviews_keep_rating_time_duration_and_card() {
        let plan = plan(&rows(), &[], &Scheduler::default_params());
        assert_eq!(plan.already, 0);
        let r = &plan.reviews;
        assert_eq!(r.len(), 4);
        let cards: Vec<&str> = r.iter().map(|r| r.card.as_str()).collect();
        assert_eq!(cards, ["7", "8", "8", "7"], "time order");
        assert!(r.iter().all(|r| r.deck == IMPORTED_DECK));
        assert_eq!(r[1].rating, Rating::Again);
        assert_eq!(r[1].seconds, 9.0);
        assert_eq!(r[3].time, "2024-03-03T10:00:00.123Z".parse().unwrap());
        assert_eq!(r[3].day, date(2024, 3, 3));
        assert_eq!(r[3].id, "revlog-7-1709460000123");
    }

    #[test]
    fn due_days_follow_the_scheduler_over_each_cards_history() {
        let s = Scheduler::default_params();
        let plan = plan(&rows(), &[], &s);
        let r = &plan.reviews;
        // A new card rated Good is due after the Good interval (2 days by default).
        assert_eq!(r[0].due, date(2024, 3, 3));
        // Again keeps the card due the same day; then Good schedules from that state.
        assert_eq!(r[1].due, date(2024, 3, 1));
        let after_again = s.apply(None, Rating::Again, date(2024, 3, 1), date(2024, 3, 1));
        let good = s.intervals(Some(&after_again), date(2024, 3, 1), 0.0).good;
        assert_eq!(r[2].due, add_days(date(2024, 3, 1), i64::from(good)));
        assert!(r[3].due > date(2024, 3, 5), "{}", r[3].due);
    }

    #[test]
    fn a_second_import_adds_nothing_and_a_longer_history_only_its_new_rows() {
        let s = Scheduler::default_params();
        let first = plan(&rows(), &[], &s);
        let again = plan(&rows(), &first.reviews, &s);
        assert!(again.reviews.is_empty());
        assert_eq!(again.already, 4);

        let mut longer = rows();
        longer.extend(
            revlog::parse(
                "card_id,review_rating,review_time,review_duration\n7,2,2024-03-20T10:00:00+00:00,5000\n"
                    .as_bytes(),
            )
            .unwrap()
            .rows,
        );
        let more = plan(&longer, &first.reviews, &s);
        assert_eq!(more.already, 4);
        assert_eq!(more.reviews.len(), 1);
        let whole = plan(&longer, &[], &s);
        assert_eq!(
            more.reviews[0], whole.reviews[4],
            "replayed over the earlier import"
        );
    }
}
