//! A package's review log placed on the imported cards, every entry
//! accounted for: imported, or left out with its reason (a manual change of
//! schedule, cramming that changed nothing, a review before the card was
//! reset, a card not imported, or a value out of range).
//!
//! Each review keeps Anki's rating, time and duration; the day it made the
//! card due comes from Anki's interval, and a card's last review is due when
//! the card itself says, so the schedule continues where Anki left it.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::apkg::Target;
use super::collection::{Card, Collection, Review};
use crate::engine::schedule::{DayClock, Rating, add_days};
use crate::history::import::Placed;
use crate::history::revlog::Row;

/// Revlog kinds (Anki's `revlog.type`).
const MANUAL: i64 = 4;
const FILTERED: i64 = 3;

/// Card kinds (Anki's `cards.type`).
const NEW: i64 = 0;
#[cfg(test)]
const REVIEW: i64 = 2;

/// Due values above this are Unix times in seconds, below it day numbers.
const TIMESTAMP_FLOOR: i64 = 1_000_000_000;

/// The review log of a package, placed.
#[derive(Debug, Default)]
pub struct History {
    /// The reviews to import, in time order.
    pub reviews: Vec<Placed>,
    /// Entries with no rating: set due date, reschedules and resets.
    pub manual: usize,
    /// Reviews in a filtered deck that did not reschedule the card.
    pub cramming: usize,
    /// Reviews before the card's last reset, or of a card Anki has as new.
    pub before_reset: usize,
    /// Reviews of cards not imported (absent from the package, or cards of a
    /// notetype imported as one card per note).
    pub unmatched: usize,
    /// Entries whose rating or time is out of range.
    pub unreadable: usize,
    /// Every entry of the log.
    pub total: usize,
}

/// Places the review log of `col` on the imported cards: `targets` by Anki
/// card id, `deck_of` the deck id of each trialdrill card id.
pub fn place(
    col: &Collection,
    targets: &HashMap<i64, Target>,
    deck_of: &HashMap<&str, &str>,
) -> History {
    let clock = DayClock::in_zone(TimeZone::system());
    let created = Timestamp::from_second(col.created)
        .ok()
        .and_then(|t| t.checked_add(SignedDuration::from_hours(12)).ok())
        .map(|t| clock.day_of(t));
    let cards: HashMap<i64, &Card> = col.cards.iter().map(|c| (c.id, c)).collect();
    let mut history = History {
        total: col.reviews.len(),
        ..History::default()
    };
    let mut by_card: HashMap<i64, Vec<&Review>> = HashMap::new();
    for review in &col.reviews {
        by_card.entry(review.card).or_default().push(review);
    }
    let mut order: Vec<i64> = by_card.keys().copied().collect();
    order.sort_unstable();
    for cid in order {
        let reviews = &by_card[&cid];
        let placed_on = targets.get(&cid).and_then(|t| {
            deck_of
                .get(t.card.as_str())
                .map(|deck| (deck.to_string(), t.item.clone()))
        });
        let (Some((deck, item)), Some(card)) = (placed_on, cards.get(&cid)) else {
            history.unmatched += reviews.len();
            continue;
        };
        let last_reset = reviews
            .iter()
            .rposition(|r| r.kind == MANUAL && r.ease == 0 && r.factor == 0);
        let mut kept = Vec::new();
        for (i, r) in reviews.iter().enumerate() {
            if r.ease == 0 {
                history.manual += 1;
            } else if card.kind == NEW || last_reset.is_some_and(|reset| i < reset) {
                history.before_reset += 1;
            } else if r.kind == FILTERED && r.factor == 0 {
                history.cramming += 1;
            } else if let Some(row) = row(r) {
                let due = interval_due(&row, r.interval);
                kept.push(Placed {
                    id: format!("anki-{cid}-{}", r.id),
                    deck: deck.clone(),
                    card: item.clone(),
                    row,
                    due: Some(due),
                });
            } else {
                history.unreadable += 1;
            }
        }
        if let (Some(last), Some(due)) = (kept.last_mut(), card_due(card, created, &clock)) {
            last.due = Some(due);
        }
        history.reviews.append(&mut kept);
    }
    history.reviews.sort_by_key(|p| p.row.time);
    history
}

/// A revlog entry as a review row, or `None` when out of range.
fn row(r: &Review) -> Option<Row> {
    let rating = u8::try_from(r.ease)
        .ok()
        .and_then(|e| Rating::try_from(e).ok())?;
    let time = Timestamp::from_millisecond(r.id).ok()?;
    Some(Row {
        line: 0,
        card_id: r.card,
        rating,
        time,
        offset: TimeZone::system().to_offset(time),
        duration_ms: u64::try_from(r.taken_ms).unwrap_or(0),
    })
}

/// The day a review's interval made the card due: days when positive,
/// seconds (a learning step) when negative.
fn interval_due(row: &Row, interval: i64) -> Date {
    let day = row.study_day();
    if interval > 0 {
        return add_days(day, interval);
    }
    let later = row
        .time
        .checked_add(SignedDuration::from_secs(interval.saturating_neg()))
        .map_or(day, |t| {
            DayClock::in_zone(TimeZone::fixed(row.offset)).day_of(t)
        });
    later.max(day)
}

/// When the card is due in Anki, if it is in learning or review: learning
/// steps within a day are Unix times, the rest day numbers.
fn card_due(card: &Card, created: Option<Date>, clock: &DayClock) -> Option<Date> {
    if card.kind == NEW {
        return None;
    }
    if card.due > TIMESTAMP_FLOOR {
        return Timestamp::from_second(card.due)
            .ok()
            .map(|t| clock.day_of(t));
    }
    // Review cards and cards learning across days count days from creation.
    created.map(|day| add_days(day, card.due))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(id: i64, ease: i64, kind: i64, factor: i64, interval: i64) -> Review {
        Review {
            id,
            card: 10,
            ease,
            interval,
            factor,
            taken_ms: 3000,
            kind,
        }
    }

    fn collection(reviews: Vec<Review>, card_kind: i64, due: i64) -> Collection {
        Collection {
            created: 1_700_000_000,
            cards: vec![Card {
                id: 10,
                note: 1,
                deck: 1,
                ord: 0,
                kind: card_kind,
                queue: 2,
                due,
            }],
            reviews,
            ..Collection::default()
        }
    }

    fn placed(col: &Collection) -> History {
        let targets = HashMap::from([(
            10,
            Target {
                card: "anki-1-0".into(),
                item: "anki-1-0".into(),
            },
        )]);
        let deck_of = HashMap::from([("anki-1-0", "d")]);
        place(col, &targets, &deck_of)
    }

    const DAY_MS: i64 = 86_400_000;
    const T0: i64 = 1_700_100_000_000;

    #[test]
    fn every_entry_is_imported_or_counted_and_the_last_due_is_the_cards() {
        let col = collection(
            vec![
                review(T0, 3, 0, 2500, -600),
                review(T0 + 2 * DAY_MS, 0, MANUAL, 0, 0),
                review(T0 + 3 * DAY_MS, 3, 0, 2500, 1),
                review(T0 + 4 * DAY_MS, 0, MANUAL, 2500, 9),
                review(T0 + 5 * DAY_MS, 4, FILTERED, 0, 0),
                review(T0 + 6 * DAY_MS, 9, 1, 2500, 3),
                review(T0 + 7 * DAY_MS, 2, 1, 2500, 4),
            ],
            REVIEW,
            40,
        );
        let h = placed(&col);
        assert_eq!(h.total, 7);
        assert_eq!(
            (h.manual, h.before_reset, h.cramming, h.unreadable),
            (2, 1, 1, 1)
        );
        assert_eq!(h.reviews.len(), 2);
        let r = &h.reviews[0];
        assert_eq!((r.deck.as_str(), r.card.as_str()), ("d", "anki-1-0"));
        assert_eq!(r.row.rating, Rating::Good);
        assert_eq!(r.row.duration_ms, 3000);
        assert_eq!(r.id, format!("anki-10-{}", T0 + 3 * DAY_MS));
        assert_eq!(r.due, Some(add_days(r.row.study_day(), 1)));
        let created = DayClock::in_zone(TimeZone::system())
            .day_of(Timestamp::from_second(1_700_000_000 + 43_200).unwrap());
        assert_eq!(h.reviews[1].due, Some(add_days(created, 40)));
    }

    #[test]
    fn a_card_new_again_keeps_no_history_and_unknown_cards_are_counted() {
        let mut col = collection(vec![review(T0, 3, 1, 2500, 5)], NEW, 0);
        assert_eq!(placed(&col).before_reset, 1);
        col.reviews[0].card = 99;
        let h = placed(&col);
        assert_eq!((h.unmatched, h.reviews.len()), (1, 0));
    }
}
