//! What a desired retention costs: the `fsrs` crate's simulator run over the
//! learner's own cards, with their parameters, rating habits and answer
//! times, for the days ahead.

use std::sync::Arc;

use fsrs::{Card, SimulatorConfig};
use jiff::civil::Date;

use crate::engine::schedule::{CardState, MAX_INTERVAL, Rating, days_between};
use crate::store::States;
use crate::store::history::CardHistories;

/// Simulations averaged per retention, each with its own seed, to smooth the
/// chance in who forgets what.
const RUNS: u64 = 5;

/// Fewer answers than this in a class (say, first answers rated Hard) and
/// the crate's population figure stands in for the learner's own.
const MIN_SAMPLES: usize = 20;

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The FSRS parameters (21).
    pub parameters: Vec<f32>,
    /// Days ahead.
    pub days: usize,
    /// Cards not yet studied, introduced at `new_per_day`.
    pub new_cards: usize,
    /// New cards a day.
    pub new_per_day: usize,
}

/// The learner's habits, from their review log.
#[derive(Debug, Clone, PartialEq)]
pub struct Habits {
    /// Probability of Again, Hard, Good, Easy on a card's first answer.
    pub first_rating: [f32; 4],
    /// Probability of Hard, Good, Easy when a review on a later day is recalled.
    pub recalled_rating: [f32; 3],
    /// Median seconds per answer: [first answers, later-day reviews,
    /// same-day repeats], each by rating.
    pub seconds: [[f32; 4]; 3],
    /// How many of the twelve figures of `seconds` and the two rating mixes
    /// came from the learner rather than the crate's population defaults.
    pub own_figures: usize,
}

/// The learner's habits from the cards' `histories`, falling back to the
/// crate's population figures where the log holds too few answers.
pub fn habits(histories: &CardHistories) -> Habits {
    let defaults = SimulatorConfig::default();
    // [kind][rating] -> seconds taken; kind 0 first, 1 later day, 2 same day.
    let mut seconds: [[Vec<f32>; 4]; 3] = Default::default();
    for (_, _, history) in histories.iter() {
        for (i, r) in history.iter().enumerate() {
            let kind = match i {
                0 => 0,
                _ if r.day > history[i - 1].day => 1,
                _ => 2,
            };
            seconds[kind][usize::from(u8::from(r.rating)) - 1].push(r.seconds);
        }
    }
    let mut own = 0;
    let mut cost = defaults.state_rating_costs;
    for (kind, ratings) in seconds.iter_mut().enumerate() {
        for (rating, taken) in ratings.iter_mut().enumerate() {
            if taken.len() >= MIN_SAMPLES {
                taken.sort_by(f32::total_cmp);
                cost[kind][rating] = taken[taken.len() / 2];
                own += 1;
            }
        }
    }
    let counts = |kind: usize, from: usize| -> Vec<f32> {
        seconds[kind][from..]
            .iter()
            .map(|v| v.len() as f32)
            .collect()
    };
    let mix = |counts: Vec<f32>| -> Option<Vec<f32>> {
        let total: f32 = counts.iter().sum();
        (total >= MIN_SAMPLES as f32).then(|| counts.iter().map(|c| c / total).collect())
    };
    let mut first_rating = defaults.first_rating_prob;
    if let Some(p) = mix(counts(0, 0)) {
        first_rating.copy_from_slice(&p);
        own += 1;
    }
    let mut recalled_rating = defaults.review_rating_prob;
    if let Some(p) = mix(counts(1, usize::from(u8::from(Rating::Hard)) - 1)) {
        recalled_rating.copy_from_slice(&p);
        own += 1;
    }
    Habits {
        first_rating,
        recalled_rating,
        seconds: cost,
        own_figures: own,
    }
}

/// The simulated workload at one desired retention.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    /// The desired retention.
    pub retention: f32,
    /// Expected answers each day (reviews and new cards).
    pub reviews_per_day: Vec<f32>,
    /// Expected minutes each day.
    pub minutes_per_day: Vec<f32>,
    /// Expected cards remembered on the last day.
    pub remembered_at_end: f32,
}

impl Workload {
    /// The mean answers a day.
    pub fn mean_reviews(&self) -> f32 {
        mean(&self.reviews_per_day)
    }

    /// The mean minutes a day.
    pub fn mean_minutes(&self) -> f32 {
        mean(&self.minutes_per_day)
    }
}

fn mean(values: &[f32]) -> f32 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f32>() / values.len() as f32
    }
}

/// The cards of `states` as the simulator sees them, counted from `today`
/// (day 0): when last reviewed (negative), when due (0 if overdue).
pub fn cards(
    states: &States,
    today: Date,
    parameters: &Arc<Vec<f32>>,
    retention: f32,
) -> Vec<Card> {
    // In a fixed order: the simulator draws its random numbers card by card,
    // and a map's order changes from run to run.
    let mut sorted: Vec<(&String, &String, &CardState)> = states
        .iter()
        .flat_map(|(deck, cards)| cards.iter().map(move |(card, s)| (deck, card, s)))
        .collect();
    sorted.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut cards: Vec<Card> = sorted
        .into_iter()
        .map(|(_, _, s)| Card {
            id: 0,
            difficulty: s.difficulty,
            stability: s.stability,
            last_date: days_between(today, s.last_review) as f32,
            due: days_between(today, s.due).max(0) as f32,
            interval: days_between(s.last_review, s.due).max(0) as f32,
            lapses: s.lapses,
            desired_retention: retention,
            parameters: Arc::clone(parameters),
        })
        .collect();
    // Ids only feed the crate's hooks, but distinct ones keep them meaningful.
    for (i, card) in cards.iter_mut().enumerate() {
        card.id = i as i64 + 1;
    }
    cards
}

/// Simulates `plan` at each of `retentions`, over the learner's `states` as of
/// `today`.
pub fn run(
    plan: &Plan,
    habits: &Habits,
    states: &States,
    today: Date,
    retentions: &[f32],
) -> Result<Vec<Workload>, fsrs::FSRSError> {
    let parameters = Arc::new(fsrs::check_and_fill_parameters(&plan.parameters)?);
    retentions
        .iter()
        .map(|&retention| {
            let existing = cards(states, today, &parameters, retention);
            let config = SimulatorConfig {
                deck_size: existing.len() + plan.new_cards,
                learn_span: plan.days,
                // The question is what the work costs, so no daily cap.
                max_cost_perday: f32::INFINITY,
                max_ivl: MAX_INTERVAL as f32,
                first_rating_prob: habits.first_rating,
                review_rating_prob: habits.recalled_rating,
                learn_limit: plan.new_per_day,
                state_rating_costs: habits.seconds,
                // trialdrill brings a failed card back once in the session.
                learning_step_count: 1,
                relearning_step_count: 1,
                ..SimulatorConfig::default()
            };
            let mut total = Workload {
                retention,
                reviews_per_day: vec![0.0; plan.days],
                minutes_per_day: vec![0.0; plan.days],
                remembered_at_end: 0.0,
            };
            for seed in 1..=RUNS {
                let result = fsrs::simulate(
                    &config,
                    &plan.parameters,
                    retention,
                    Some(seed),
                    Some(existing.clone()),
                )?;
                for day in 0..plan.days {
                    total.reviews_per_day[day] +=
                        (result.review_cnt_per_day[day] + result.learn_cnt_per_day[day]) as f32
                            / RUNS as f32;
                    total.minutes_per_day[day] += result.cost_per_day[day] / 60.0 / RUNS as f32;
                }
                total.remembered_at_end +=
                    result.memorized_cnt_per_day.last().copied().unwrap_or(0.0) / RUNS as f32;
            }
            Ok(total)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schedule::Scheduler;
    use crate::store::Review;
    use jiff::civil::date;

    fn review(card: &str, day: Date, rating: Rating, seconds: f64) -> Review {
        Review {
            time: day
                .at(9, 0, 0, 0)
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .unwrap()
                .timestamp(),
            correct: None,
            seconds,
            ..Review::sample(card, day, rating)
        }
    }

    #[test]
    fn habits_come_from_the_log_where_it_has_enough_answers() {
        let mut reviews = Vec::new();
        for i in 0..30 {
            let card = format!("c{i}");
            let rating = if i < 6 { Rating::Again } else { Rating::Good };
            reviews.push(review(&card, date(2026, 1, 1), rating, 10.0));
            reviews.push(review(
                &card,
                date(2026, 1, 4),
                Rating::Good,
                4.0 + f64::from(i % 3),
            ));
        }
        let h = habits(&CardHistories::of(&reviews));
        assert_eq!(h.first_rating, [0.2, 0.0, 0.8, 0.0]);
        assert_eq!(h.recalled_rating, [0.0, 1.0, 0.0]);
        assert_eq!(h.seconds[1][2], 5.0, "median of later-day Good answers");
        assert_eq!(h.seconds[0][2], 10.0);
        let defaults = SimulatorConfig::default().state_rating_costs;
        assert_eq!(
            h.seconds[0][0], defaults[0][0],
            "only 6 first Again answers"
        );
        assert_eq!(h.own_figures, 4);
    }

    #[test]
    fn the_same_cards_give_the_same_forecast_every_run() {
        let s = Scheduler::default_params();
        // Two maps with the same cards iterate in different orders.
        let build = || {
            let mut states = States::new();
            let deck = states.entry("d".into()).or_default();
            for i in 0..200 {
                let day = date(2026, 1, 1 + (i % 20) as i8);
                let rating = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy][i % 4];
                deck.insert(
                    format!("c{i}"),
                    s.apply(None, rating, day, date(2026, 1, 22)),
                );
            }
            states
        };
        let plan = Plan {
            parameters: fsrs::DEFAULT_PARAMETERS.to_vec(),
            days: 30,
            new_cards: 0,
            new_per_day: 0,
        };
        let today = date(2026, 1, 21);
        let typical = habits(&CardHistories::default());
        let first = run(&plan, &typical, &build(), today, &[0.9]).unwrap();
        let second = run(&plan, &typical, &build(), today, &[0.9]).unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn a_higher_retention_costs_more_reviews() {
        let s = Scheduler::default_params();
        let mut states = States::new();
        let deck = states.entry("d".into()).or_default();
        for i in 0..50 {
            let day = date(2026, 1, 1);
            deck.insert(
                format!("c{i}"),
                s.apply(None, Rating::Good, day, date(2026, 1, 3)),
            );
        }
        let plan = Plan {
            parameters: fsrs::DEFAULT_PARAMETERS.to_vec(),
            days: 60,
            new_cards: 100,
            new_per_day: 10,
        };
        let work = run(
            &plan,
            &habits(&CardHistories::default()),
            &states,
            date(2026, 1, 2),
            &[0.8, 0.95],
        )
        .unwrap();
        assert_eq!(work.len(), 2);
        assert_eq!(work[0].reviews_per_day.len(), 60);
        assert!(
            work[1].mean_reviews() > work[0].mean_reviews() * 1.3,
            "{work:?}"
        );
        assert!(work[1].mean_minutes() > work[0].mean_minutes());
        assert!(work[1].remembered_at_end > work[0].remembered_at_end);
        // Day 1 holds the 50 cards due then, and 10 new ones.
        assert!(
            work[0].reviews_per_day[1] >= 59.0,
            "{:?}",
            &work[0].reviews_per_day[..3]
        );
    }
}
