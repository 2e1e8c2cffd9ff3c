//! Fitting the learner's own FSRS parameters to their review log, and
//! measuring how well parameters predict it, through the `fsrs` crate.
//!
//! Training items are built the way the crate (and Anki) expects: one item
//! per review made on a later study day than the card's previous review,
//! holding all the card's reviews up to it in order, same-day ones included,
//! with `delta_t` in study days.

pub mod synthetic;

use std::sync::{Arc, Mutex};

use fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSError, FSRSItem, FSRSReview,
    ModelEvaluation,
};

use crate::engine::schedule::days_between;
use crate::store::history::{CardHistories, Step};

/// Fewer training items than this and `compute_parameters` fits only the
/// four initial stabilities (below 8 it returns the defaults unchanged), so
/// trialdrill asks for at least this many before fitting.
pub const MIN_ITEMS: usize = 64;

/// The training items of a review log.
#[derive(Debug, Clone, Default)]
pub struct TrainingSet {
    /// One item per review on a later day than the card's previous one, in
    /// the time order of those reviews.
    pub items: Vec<FSRSItem>,
    /// The card of each item, as a number, aligned with `items`.
    pub card_ids: Vec<i64>,
    /// How many cards the items come from.
    pub cards: usize,
}

impl TrainingSet {
    /// How many reviews the set can learn from.
    pub fn reviews(&self) -> usize {
        self.items.len()
    }
}

/// Builds the training items of the cards' `histories`.
pub fn training_items(histories: &CardHistories) -> TrainingSet {
    let mut cards: Vec<(&str, &str, &[Step])> = histories.iter().collect();
    // A stable card numbering, in the order of first reviews.
    cards.sort_by_key(|(deck, card, steps)| (steps.first().map(Step::when), *deck, *card));

    let mut timed = Vec::new();
    let mut used = 0;
    for (number, (_, _, history)) in cards.iter().enumerate() {
        let steps: Vec<FSRSReview> = history
            .iter()
            .enumerate()
            .map(|(i, r)| FSRSReview {
                rating: u32::from(u8::from(r.rating)),
                delta_t: match i {
                    0 => 0,
                    _ => u32::try_from(days_between(history[i - 1].day, r.day).max(0))
                        .unwrap_or(u32::MAX),
                },
            })
            .collect();
        let before = timed.len();
        for (i, step) in steps.iter().enumerate().skip(1) {
            if step.delta_t > 0 {
                let item = FSRSItem {
                    reviews: steps[..=i].to_vec(),
                };
                timed.push((history[i].when(), number as i64, item));
            }
        }
        used += usize::from(timed.len() > before);
    }
    // The crate weights later items more, so they go in time order.
    timed.sort_by_key(|(time, number, _)| (*time, *number));
    let (card_ids, items) = timed
        .into_iter()
        .map(|(_, number, item)| (number, item))
        .unzip();
    TrainingSet {
        items,
        card_ids,
        cards: used,
    }
}

/// Why parameters could not be fitted or measured.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    /// Too few reviews to fit.
    #[error(
        "not enough reviews to fit your own parameters: {have} review{} made on a later day than the card's previous review, and fitting needs {need}; study {} more such review{} and run `trialdrill optimize` again. The default parameters stay in use.",
        plural(*have), need - have, plural(need - have)
    )]
    NotEnough {
        /// Usable reviews in the log.
        have: usize,
        /// Reviews needed.
        need: usize,
    },
    /// The crate found the reviews too thin to fit from.
    #[error(
        "not enough reviews to fit your own parameters: the fsrs crate needs at least six cards whose second review came the same number of days after a first review with the same rating; study more and run `trialdrill optimize` again. The default parameters stay in use."
    )]
    TooThin,
    /// Any other failure of the crate.
    #[error("the fsrs crate could not {action}")]
    Fsrs {
        /// What was being done.
        action: &'static str,
        /// The crate's error.
        source: FSRSError,
    },
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Fits parameters to `set`, reporting progress through `progress`.
pub fn fit(
    set: &TrainingSet,
    progress: Option<Arc<Mutex<CombinedProgressState>>>,
) -> Result<Vec<f32>, OptimizeError> {
    if set.reviews() < MIN_ITEMS {
        return Err(OptimizeError::NotEnough {
            have: set.reviews(),
            need: MIN_ITEMS,
        });
    }
    fsrs::compute_parameters(ComputeParametersInput {
        train_set: set.items.clone(),
        card_ids: Some(set.card_ids.clone()),
        progress,
        ..ComputeParametersInput::default()
    })
    .map_err(|source| match source {
        FSRSError::NotEnoughData => OptimizeError::TooThin,
        source => OptimizeError::Fsrs {
            action: "fit parameters",
            source,
        },
    })
}

/// How well `parameters` (empty for the defaults) predict the reviews of `set`.
pub fn evaluate(parameters: &[f32], set: &TrainingSet) -> Result<ModelEvaluation, OptimizeError> {
    let failed = |source| OptimizeError::Fsrs {
        action: "evaluate parameters",
        source,
    };
    let model = FSRS::new(parameters).map_err(failed)?;
    model
        .evaluate_with_card_ids(set.items.clone(), set.card_ids.clone(), |_| true)
        .map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::Rating;
    use crate::store::Review;
    use jiff::civil::{Date, date};

    fn review(card: &str, day: Date, hour: i8, rating: Rating) -> Review {
        Review {
            time: day
                .at(hour, 0, 0, 0)
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .unwrap()
                .timestamp(),
            correct: None,
            seconds: 3.0,
            ..Review::sample(card, day, rating)
        }
    }

    fn steps(item: &FSRSItem) -> Vec<(u32, u32)> {
        item.reviews.iter().map(|r| (r.rating, r.delta_t)).collect()
    }

    #[test]
    fn one_item_per_later_day_review_holding_the_earlier_ones_in_order() {
        let reviews = vec![
            review("a", date(2026, 1, 5), 9, Rating::Good),
            review("a", date(2026, 1, 1), 9, Rating::Again),
            review("a", date(2026, 1, 1), 10, Rating::Good),
            review("b", date(2026, 1, 2), 9, Rating::Easy),
            review("b", date(2026, 1, 2), 11, Rating::Good),
            review("a", date(2026, 1, 2), 9, Rating::Hard),
        ];
        let set = training_items(&CardHistories::of(&reviews));
        assert_eq!(set.cards, 1, "card b has no review on a later day");
        assert_eq!(set.reviews(), 2);
        assert_eq!(steps(&set.items[0]), [(1, 0), (3, 0), (2, 1)]);
        assert_eq!(steps(&set.items[1]), [(1, 0), (3, 0), (2, 1), (3, 3)]);
        assert_eq!(set.card_ids, [set.card_ids[0]; 2]);
    }

    #[test]
    fn items_of_different_cards_interleave_in_time_order() {
        let reviews = vec![
            review("a", date(2026, 1, 1), 9, Rating::Good),
            review("b", date(2026, 1, 1), 9, Rating::Good),
            review("b", date(2026, 1, 3), 9, Rating::Good),
            review("a", date(2026, 1, 4), 9, Rating::Good),
            review("a", date(2026, 1, 2), 9, Rating::Good),
        ];
        let set = training_items(&CardHistories::of(&reviews));
        let lasts: Vec<u32> = set
            .items
            .iter()
            .map(|i| i.reviews.last().unwrap().delta_t)
            .collect();
        assert_eq!(lasts, [1, 2, 2]);
        assert_eq!(set.cards, 2);
        assert_ne!(set.card_ids[0], set.card_ids[1]);
        assert_eq!(set.card_ids[0], set.card_ids[2]);
    }

    #[test]
    fn too_few_reviews_say_how_many_more_are_needed() {
        let reviews = vec![
            review("a", date(2026, 1, 1), 9, Rating::Good),
            review("a", date(2026, 1, 3), 9, Rating::Good),
        ];
        let err = fit(&training_items(&CardHistories::of(&reviews)), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("1 review made on a later day"), "{err}");
        assert!(err.contains("study 63 more such reviews"), "{err}");
        assert!(err.contains("default parameters stay in use"), "{err}");
    }
}
