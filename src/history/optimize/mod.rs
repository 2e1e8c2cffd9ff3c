//! Fitting the learner's own FSRS parameters to their review log, and
//! measuring how well parameters predict it, through the `fsrs` crate.
//!
//! Training items are built the way the crate (and Anki) expects: one item
//! per review made on a later study day than the card's previous review,
//! holding all the card's reviews up to it in order, same-day ones included,
//! with `delta_t` in study days.

pub mod synthetic;

use std::sync::{Arc, Mutex};

use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

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

/// An estimate of the bytes one training item takes while parameters are
/// fitted or measured, besides 8 for each of its reviews: its vector in the
/// crate's input, the crate's weighted copy and card grouping, and this
/// set's own record. Not measured item by item: [`BUDGET`] with it was
/// checked whole, `optimize --dry-run` peaking at 93 MB (GNU time) on the
/// benchmark's million reviews, where reading the log sets the peak.
const ITEM_BYTES: usize = 150;

/// The most memory the training items may take while fitted. A log whose
/// items would take more is fitted on a fixed sample of its cards, so
/// `optimize` stays within 100 MB however long the log, and a card with a
/// long history (its items hold every earlier review, so they grow with
/// the square of its reviews) cannot take more than this.
pub const BUDGET: usize = 48 << 20;

/// The training items of a review log, held compactly: each card's reviews
/// once, and each item as the run of them it holds. [`TrainingSet::items`]
/// makes the crate's items for each use, so they are never held twice.
#[derive(Debug, Clone, Default)]
pub struct TrainingSet {
    /// The cards' reviews as the crate takes them, card after card.
    steps: Vec<FSRSReview>,
    /// One per review on a later day than the card's previous one, in the
    /// time order of those reviews.
    items: Vec<Item>,
    /// How many cards the items come from.
    pub cards: usize,
    /// The whole log's items, when the set is a sample of them.
    pub sampled_from: Option<Whole>,
}

/// What a whole log has to learn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Whole {
    /// Reviews made on a later day than the card's previous one.
    pub reviews: usize,
    /// Cards with such a review.
    pub cards: usize,
}

/// One training item: `steps[start..start + len]`, of card `card`.
#[derive(Debug, Clone, Copy)]
struct Item {
    start: usize,
    len: usize,
    card: i64,
}

impl TrainingSet {
    /// How many reviews the set can learn from.
    pub fn reviews(&self) -> usize {
        self.items.len()
    }

    /// The items as the crate takes them, each holding all its card's
    /// reviews up to it, with the card of each as a number.
    pub fn items(&self) -> (Vec<FSRSItem>, Vec<i64>) {
        self.items
            .iter()
            .map(|item| {
                let reviews = self.steps[item.start..item.start + item.len].to_vec();
                (FSRSItem { reviews }, item.card)
            })
            .unzip()
    }
}

/// The card's reviews as the crate takes them, `delta_t` in study days.
fn crate_reviews(history: &[Step]) -> impl Iterator<Item = FSRSReview> + '_ {
    history.iter().enumerate().map(|(i, r)| FSRSReview {
        rating: u32::from(u8::from(r.rating)),
        delta_t: match i {
            0 => 0,
            _ => u32::try_from(days_between(history[i - 1].day, r.day).max(0)).unwrap_or(u32::MAX),
        },
    })
}

/// Builds the training items of the cards' `histories` within [`BUDGET`].
pub fn training_items(histories: &CardHistories) -> TrainingSet {
    training_items_within(histories, BUDGET)
}

/// Builds the training items of the cards' `histories`: of every card when
/// they take at most `budget` bytes, else of the cards a fixed order (a
/// hash of deck and card) reaches first within it, each card whole.
pub fn training_items_within(histories: &CardHistories, budget: usize) -> TrainingSet {
    let mut cards: Vec<(&str, &str, &[Step])> = histories.iter().collect();
    // A stable card numbering, in the order of first reviews.
    cards.sort_by_key(|(deck, card, steps)| (steps.first().map(Step::when), *deck, *card));
    // Each card's reviews as the crate takes them, worked out once.
    let reviews: Vec<Vec<FSRSReview>> = cards
        .iter()
        .map(|(_, _, history)| crate_reviews(history).collect())
        .collect();
    // A card's items: the positions of its reviews on a later day.
    let later = |n: usize| {
        let reviews = &reviews[n];
        (1..reviews.len()).filter(move |&i| reviews[i].delta_t > 0)
    };
    let cost = |n: usize| -> usize { later(n).map(|i| ITEM_BYTES + 8 * (i + 1)).sum() };
    let whole = Whole {
        reviews: (0..cards.len()).map(|n| later(n).count()).sum(),
        cards: (0..cards.len())
            .filter(|&n| later(n).next().is_some())
            .count(),
    };
    let mut chosen = vec![true; cards.len()];
    if (0..cards.len()).map(cost).sum::<usize>() > budget {
        chosen.fill(false);
        let mut order: Vec<usize> = (0..cards.len()).collect();
        order.sort_by_cached_key(|&n| {
            let (deck, card, _) = cards[n];
            (xxh3_64(format!("{deck}\0{card}").as_bytes()), n)
        });
        let mut left = budget;
        for n in order {
            let bytes = cost(n);
            if bytes <= left {
                left -= bytes;
                chosen[n] = true;
            }
        }
    }

    let mut steps = Vec::new();
    let mut timed = Vec::new();
    let mut used = 0;
    for (number, (_, _, history)) in cards.iter().enumerate() {
        if !chosen[number] || later(number).next().is_none() {
            continue;
        }
        let start = steps.len();
        steps.extend_from_slice(&reviews[number]);
        for i in later(number) {
            let item = Item {
                start,
                len: i + 1,
                card: number as i64,
            };
            timed.push((history[i].when(), item));
        }
        used += 1;
    }
    // The crate weights later items more, so they go in time order.
    timed.sort_by_key(|(time, item)| (*time, item.card));
    let items: Vec<Item> = timed.into_iter().map(|(_, item)| item).collect();
    TrainingSet {
        sampled_from: (items.len() < whole.reviews).then_some(whole),
        steps,
        items,
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
    let (train_set, card_ids) = set.items();
    fsrs::compute_parameters(ComputeParametersInput {
        train_set,
        card_ids: Some(card_ids),
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
    let (items, card_ids) = set.items();
    model
        .evaluate_with_card_ids(items, card_ids, |_| true)
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
        assert_eq!(set.sampled_from, None);
        let (items, card_ids) = set.items();
        assert_eq!(steps(&items[0]), [(1, 0), (3, 0), (2, 1)]);
        assert_eq!(steps(&items[1]), [(1, 0), (3, 0), (2, 1), (3, 3)]);
        assert_eq!(card_ids, [card_ids[0]; 2]);
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
        let (items, card_ids) = set.items();
        let lasts: Vec<u32> = items
            .iter()
            .map(|i| i.reviews.last().unwrap().delta_t)
            .collect();
        assert_eq!(lasts, [1, 2, 2]);
        assert_eq!(set.cards, 2);
        assert_ne!(card_ids[0], card_ids[1]);
        assert_eq!(card_ids[0], card_ids[2]);
    }

    #[test]
    fn past_the_budget_a_fixed_sample_of_whole_cards_is_kept() {
        // 40 cards of 5 reviews a day apart: 4 items each, holding 2 to 5
        // reviews.
        let reviews: Vec<Review> = (0..40)
            .flat_map(|c| {
                (1..=5).map(move |d| review(&format!("c{c}"), date(2026, 1, d), 9, Rating::Good))
            })
            .collect();
        let histories = CardHistories::of(&reviews);
        let card = 4 * ITEM_BYTES + 8 * (2 + 3 + 4 + 5);
        let all = training_items_within(&histories, 40 * card);
        assert_eq!(
            (all.reviews(), all.cards, all.sampled_from),
            (160, 40, None)
        );
        let some = training_items_within(&histories, 10 * card + card / 2);
        let whole = Whole {
            reviews: 160,
            cards: 40,
        };
        assert_eq!(
            (some.reviews(), some.cards, some.sampled_from),
            (40, 10, Some(whole))
        );
        // The same cards on every run, each with all its items.
        let (items, ids) = some.items();
        let (again, again_ids) = training_items_within(&histories, 10 * card + card / 2).items();
        assert_eq!(items, again);
        assert_eq!(ids, again_ids);
        for id in &ids {
            assert_eq!(ids.iter().filter(|i| *i == id).count(), 4);
        }
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
