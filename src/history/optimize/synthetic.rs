//! Synthetic learners whose memory follows known FSRS parameters, for tests
//! and measurements of fitting: a learner studies with trialdrill's default
//! schedule, and whether they recall a card is drawn from the retrievability
//! that the *true* parameters give.

use fsrs::{FSRS, MemoryState};
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::engine::schedule::{CardState, Rating, Scheduler, add_days, days_between};
use crate::history::revlog::Row;

/// The most same-session steps a synthetic learner takes on one card a day.
const LEARNING_STEPS: usize = 4;

/// Parameters of a learner whose memories start weaker, grow more slowly
/// and fade along a steeper curve than the defaults assume: far enough from
/// the defaults that fitting them must show.
pub const TRUE_PARAMETERS: [f32; 21] = [
    0.1, 0.6, 1.0, 3.0, 7.0, 0.6, 2.0, 0.01, 1.2, 0.15, 1.0, 1.8, 0.07, 0.3, 1.4, 0.5, 2.5, 0.6,
    0.1, 0.1, 0.5,
];

/// The shape of a synthetic history.
#[derive(Debug, Clone, Copy)]
pub struct Learner {
    /// Cards in the deck.
    pub cards: usize,
    /// Days of study.
    pub days: usize,
    /// New cards a day.
    pub new_per_day: usize,
    /// The random seed.
    pub seed: u64,
}

/// The review history of `learner`, whose memory follows `truth`, in time
/// order. Card ids start at 1.
pub fn history(learner: Learner, truth: &[f32]) -> Result<Vec<Row>, fsrs::FSRSError> {
    let memory = FSRS::new(truth)?;
    let app = Scheduler::default_params();
    let mut rng = StdRng::seed_from_u64(learner.seed);
    let start = Timestamp::constant(1_704_099_600, 0); // 2024-01-01 09:00 UTC
    let day0 = jiff::civil::date(2024, 1, 1);
    // Per card: the app's state and the learner's true memory.
    let mut cards: Vec<Option<(CardState, MemoryState)>> = vec![None; learner.cards];
    let mut introduced = 0;
    let mut rows = Vec::new();
    for day_index in 0..learner.days {
        let today = add_days(day0, day_index as i64);
        let mut clock = start + SignedDuration::from_hours(24 * day_index as i64);
        let due: Vec<usize> = (0..introduced)
            .filter(|&c| cards[c].is_some_and(|(s, _)| s.due <= today))
            .collect();
        let fresh = introduced..(introduced + learner.new_per_day).min(learner.cards);
        introduced = fresh.end;
        for card in due.into_iter().chain(fresh) {
            let previous = cards[card];
            let elapsed =
                previous.map_or(0, |(s, _)| days_between(s.last_review, today).max(0) as u32);
            let recall = previous.map_or(0.0, |(_, m)| {
                fsrs::current_retrievability(m, elapsed as f32, truth[20])
            });
            let rating = match previous {
                None => pick(&mut rng, [0.25, 0.10, 0.50, 0.15]),
                Some(_) if !rng.random_bool(f64::from(recall).clamp(0.0, 1.0)) => Rating::Again,
                Some(_) => pick(&mut rng, [0.0, 0.15, 0.75, 0.10]),
            };
            let mut step = |rating: Rating,
                            clock: &mut Timestamp,
                            rng: &mut StdRng|
             -> Result<jiff::civil::Date, fsrs::FSRSError> {
                let (state, mind) = match cards[card] {
                    Some((s, m)) => (Some(s), Some(m)),
                    None => (None, None),
                };
                let elapsed = state.map_or(0, |s| days_between(s.last_review, today).max(0) as u32);
                let next_mind = memory.next_states(mind, 0.9, elapsed)?;
                let mind = match rating {
                    Rating::Again => next_mind.again.memory,
                    Rating::Hard => next_mind.hard.memory,
                    Rating::Good => next_mind.good.memory,
                    Rating::Easy => next_mind.easy.memory,
                };
                let next = app.schedule(state.as_ref(), rating, today, rng.random());
                cards[card] = Some((next.state, mind));
                rows.push(Row {
                    line: 0,
                    card_id: card as i64 + 1,
                    rating,
                    time: *clock,
                    offset: Offset::UTC,
                    duration_ms: rng.random_range(3_000..15_000),
                });
                *clock += SignedDuration::from_secs(20);
                Ok(next.due)
            };
            let mut due = step(rating, &mut clock, &mut rng)?;
            // A card still being learned (rated Again, or not yet a day
            // stable) comes back in the same session, as in the app: the
            // learner gets it right then, a few times at most.
            for _ in 0..LEARNING_STEPS {
                if due != today {
                    break;
                }
                due = step(Rating::Good, &mut clock, &mut rng)?;
            }
        }
    }
    rows.sort_by_key(|r| r.time);
    Ok(rows)
}

/// A rating drawn with the probabilities of Again, Hard, Good and Easy.
fn pick(rng: &mut StdRng, weights: [f64; 4]) -> Rating {
    let mut draw = rng.random::<f64>() * weights.iter().sum::<f64>();
    for (rating, weight) in Rating::ALL.into_iter().zip(weights) {
        if draw < weight {
            return rating;
        }
        draw -= weight;
    }
    Rating::Good
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Learner {
        Learner {
            cards: 30,
            days: 40,
            new_per_day: 5,
            seed: 7,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_history() {
        let a = history(small(), &TRUE_PARAMETERS).unwrap();
        let b = history(small(), &TRUE_PARAMETERS).unwrap();
        assert_eq!(a, b);
        assert_ne!(
            a,
            history(Learner { seed: 8, ..small() }, &TRUE_PARAMETERS).unwrap()
        );
    }

    #[test]
    fn every_card_is_introduced_and_reviewed_again_later() {
        let rows = history(small(), &TRUE_PARAMETERS).unwrap();
        for card in 1..=30 {
            let days: Vec<_> = rows
                .iter()
                .filter(|r| r.card_id == card)
                .map(Row::study_day)
                .collect();
            assert!(days.len() >= 2, "card {card}: {days:?}");
            assert!(days.last() > days.first(), "card {card}: {days:?}");
        }
        assert!(rows.windows(2).all(|w| w[0].time <= w[1].time));
    }
}
