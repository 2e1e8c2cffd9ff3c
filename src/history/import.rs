//! Turning an imported review history into review-log records, with ids
//! derived from each review so a second import adds nothing. A review either
//! brings its due day (an Anki package says when each card was due next) or
//! gets one from replaying the scheduler over its card's history. Plain
//! review histories (`store import-revlog`) go into one deck of imported
//! cards; a package's reviews go to the cards they belong to.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use crate::engine::schedule::{CardState, Scheduler};
use crate::history::revlog::Row;
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

/// One review to import, placed on a deck's item.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The review-log id it gets; the same review always gets the same one.
    pub id: String,
    /// The deck id.
    pub deck: String,
    /// The item key within the deck.
    pub card: String,
    /// Rating, time, offset and duration.
    pub row: Row,
    /// The day it made the card due, when the source says; else the
    /// scheduler's interval from the card's replayed history.
    pub due: Option<Date>,
}

impl Placed {
    /// A row of a plain history: card `card_id` of the deck `imported`.
    pub fn plain(row: &Row) -> Placed {
        Placed {
            id: review_id(row),
            deck: IMPORTED_DECK.into(),
            card: row.card_id.to_string(),
            row: row.clone(),
            due: None,
        }
    }
}

/// What an import would add.
#[derive(Debug, Default)]
pub struct Plan {
    /// New reviews, in time order.
    pub reviews: Vec<Review>,
    /// Rows already in the log (or repeated in the file), left out.
    pub already: usize,
}

/// The reviews a plain history's `rows` add to a log that already holds
/// `existing`, in the deck `imported`.
pub fn plan(rows: &[Row], existing: &[Review], scheduler: &Scheduler) -> Plan {
    let placed: Vec<Placed> = rows.iter().map(Placed::plain).collect();
    plan_placed(&placed, existing, scheduler)
}

/// The reviews `placed` add to a log that already holds `existing`. A review
/// without a due day gets one from replaying `scheduler` over its card's
/// whole history, the reviews already logged included.
pub fn plan_placed(placed: &[Placed], existing: &[Review], scheduler: &Scheduler) -> Plan {
    let known: HashSet<&str> = existing.iter().map(|r| r.id.as_str()).collect();
    let mut by_card: Vec<((&str, &str), Vec<&Placed>)> = Vec::new();
    let mut slot: HashMap<(&str, &str), usize> = HashMap::new();
    for p in placed {
        let key = (p.deck.as_str(), p.card.as_str());
        let at = *slot.entry(key).or_insert_with(|| {
            by_card.push((key, Vec::new()));
            by_card.len() - 1
        });
        by_card[at].1.push(p);
    }
    let mut earlier: HashMap<(&str, &str), Vec<&Review>> = HashMap::new();
    for r in existing {
        let key = (r.deck.as_str(), r.card.as_str());
        if slot.contains_key(&key) {
            earlier.entry(key).or_default().push(r);
        }
    }
    let mut plan = Plan::default();
    let mut seen = HashSet::new();
    for (key, reviews) in by_card {
        let mut history: Vec<Step<'_>> = earlier
            .get(&key)
            .into_iter()
            .flatten()
            .map(|r| Step::Logged(r))
            .collect();
        for p in reviews {
            if known.contains(p.id.as_str()) || !seen.insert(p.id.as_str()) {
                plan.already += 1;
            } else {
                history.push(Step::New(p));
            }
        }
        history.sort_by_key(Step::time);
        let mut state: Option<CardState> = None;
        for step in history {
            state = Some(match step {
                Step::Logged(r) => scheduler.apply(state.as_ref(), r.rating, r.day, r.due),
                Step::New(p) => {
                    let row = &p.row;
                    let day = row.study_day();
                    let (due, after) = match p.due {
                        Some(due) => (due, scheduler.apply(state.as_ref(), row.rating, day, due)),
                        None => {
                            let next =
                                scheduler.schedule(state.as_ref(), row.rating, day, fuzz_of(row));
                            (next.due, next.state)
                        }
                    };
                    let answer = Answer {
                        deck: p.deck.clone(),
                        card: p.card.clone(),
                        text: String::new(),
                        correct: None,
                        seconds: row.duration_ms as f64 / 1000.0,
                        overruled: false,
                    };
                    plan.reviews.push(Review::new(
                        p.id.clone(),
                        IMPORT_DEVICE.into(),
                        answer,
                        row.time,
                        day,
                        row.rating,
                        due,
                    ));
                    after
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
    New(&'a Placed),
}

impl Step<'_> {
    fn time(&self) -> jiff::Timestamp {
        match self {
            Step::Logged(r) => r.time,
            Step::New(p) => p.row.time,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::{Rating, add_days};
    use crate::history::revlog;
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
