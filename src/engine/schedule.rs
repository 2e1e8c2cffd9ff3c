//! Scheduling through the `fsrs` crate. The crate gives memory states and raw
//! intervals; this module adds what it leaves out: study days that roll over
//! at 4 a.m. local time, whole-day intervals, hard < good < easy, fuzz and a
//! maximum interval.

use fsrs::{FSRS, MemoryState, NextStates};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// The learner's judgement of a review, as in Anki.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Rating {
    /// Forgot: the card comes back in this session.
    Again = 1,
    /// Recalled with difficulty.
    Hard = 2,
    /// Recalled.
    Good = 3,
    /// Recalled effortlessly.
    Easy = 4,
}

impl Rating {
    /// All ratings, Again first.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The button label.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }
}

impl From<Rating> for u8 {
    fn from(r: Rating) -> u8 {
        r as u8
    }
}

impl TryFrom<u8> for Rating {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        match n {
            1 => Ok(Rating::Again),
            2 => Ok(Rating::Hard),
            3 => Ok(Rating::Good),
            4 => Ok(Rating::Easy),
            _ => Err(format!("rating {n} is not 1 (Again) to 4 (Easy)")),
        }
    }
}

/// The default hour at which a new study day begins, as in Anki.
pub const ROLLOVER_HOUR: u32 = 4;

/// Turns instants into study days: the local calendar date, rolling over at
/// a set hour ([`ROLLOVER_HOUR`] unless changed) rather than midnight.
#[derive(Debug, Clone)]
pub struct DayClock {
    tz: TimeZone,
    rollover_hour: u32,
}

impl DayClock {
    /// A clock in a given time zone ([`crate::clock::local_zone`] for the
    /// system's).
    pub fn in_zone(tz: TimeZone) -> DayClock {
        DayClock {
            tz,
            rollover_hour: ROLLOVER_HOUR,
        }
    }

    /// The same clock with a new study day beginning at `hour` (0-23,
    /// checked by the settings) local time.
    pub fn with_rollover_hour(self, hour: u32) -> DayClock {
        DayClock {
            rollover_hour: hour,
            ..self
        }
    }

    /// The study day an instant falls on.
    pub fn day_of(&self, at: Timestamp) -> Date {
        let shifted = at
            .checked_sub(SignedDuration::from_hours(i64::from(self.rollover_hour)))
            .unwrap_or(at);
        shifted.to_zoned_datetime(self.tz.clone()).date()
    }
}

/// Whole days from `from` to `to` (negative if `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// `day` moved by `days`, saturating at the calendar's ends.
pub fn add_days(day: Date, days: i64) -> Date {
    day.checked_add(jiff::Span::new().days(days))
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// A card's scheduling state, derived from its reviews.
///
/// Serialised compactly, as `[stability, difficulty, introduced, last_review,
/// due, reps, lapses, learned]` with dates as `YYYYMMDD` numbers and `learned`
/// as 0 or 1: the snapshot holds one per card, and this form halves its size
/// and parse time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(into = "PackedState", try_from = "PackedState")]
pub struct CardState {
    /// FSRS stability in days.
    pub stability: f32,
    /// FSRS difficulty, 1 to 10.
    pub difficulty: f32,
    /// The study day of the first review.
    pub introduced: Date,
    /// The study day of the latest review.
    pub last_review: Date,
    /// The study day the card is next due.
    pub due: Date,
    /// How many reviews.
    pub reps: u32,
    /// How many times the card was forgotten after it was once answered right.
    pub lapses: u32,
    /// Whether it was ever answered right (rated above Again): only then is
    /// forgetting it a lapse.
    pub learned: bool,
}

#[derive(Serialize, Deserialize)]
struct PackedState(f32, f32, u32, u32, u32, u32, u32, u8);

impl From<CardState> for PackedState {
    fn from(s: CardState) -> PackedState {
        let day = |d: Date| {
            u32::try_from(d.year()).unwrap_or(0) * 10_000
                + u32::from(d.month().unsigned_abs()) * 100
                + u32::from(d.day().unsigned_abs())
        };
        PackedState(
            s.stability,
            s.difficulty,
            day(s.introduced),
            day(s.last_review),
            day(s.due),
            s.reps,
            s.lapses,
            u8::from(s.learned),
        )
    }
}

impl TryFrom<PackedState> for CardState {
    type Error = String;
    fn try_from(p: PackedState) -> Result<CardState, String> {
        let day = |n: u32| {
            let part = |x: u32| i8::try_from(x).unwrap_or(0);
            Date::new(
                i16::try_from(n / 10_000).unwrap_or(0),
                part(n / 100 % 100),
                part(n % 100),
            )
            .map_err(|e| format!("day {n} is not a date: {e}"))
        };
        if !p.0.is_finite() || !p.1.is_finite() {
            return Err("stability and difficulty must be finite".into());
        }
        Ok(CardState {
            stability: p.0,
            difficulty: p.1,
            introduced: day(p.2)?,
            last_review: day(p.3)?,
            due: day(p.4)?,
            reps: p.5,
            lapses: p.6,
            learned: p.7 != 0,
        })
    }
}
/// Lapses at which a card is flagged as a leech, as in Anki.
pub const LEECH_THRESHOLD: u32 = 8;

impl CardState {
    /// Whether the card was forgotten `threshold` times or more.
    pub fn is_leech(&self, threshold: u32) -> bool {
        self.lapses >= threshold
    }

    /// The FSRS memory state.
    pub fn memory(&self) -> MemoryState {
        MemoryState {
            stability: self.stability,
            difficulty: self.difficulty,
        }
    }
}

/// The whole-day interval each rating would give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intervals {
    /// Again: 0, the card returns in this session.
    pub again: u32,
    /// Hard.
    pub hard: u32,
    /// Good.
    pub good: u32,
    /// Easy.
    pub easy: u32,
}

impl Intervals {
    /// The interval for `rating`.
    pub fn get(&self, rating: Rating) -> u32 {
        match rating {
            Rating::Again => self.again,
            Rating::Hard => self.hard,
            Rating::Good => self.good,
            Rating::Easy => self.easy,
        }
    }
}

/// What one review does to a card, from [`Scheduler::schedule`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scheduled {
    /// The card's state after the review.
    pub state: CardState,
    /// Whole days until it is due (0: back in this session).
    pub interval: u32,
    /// The study day it is due.
    pub due: Date,
}

/// The desired retentions allowed: the setting, `--retention` and the scheduler.
pub const RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.7..=0.99;

/// Default desired retention.
pub const DEFAULT_RETENTION: f32 = 0.9;

/// The stability, in days, below which a card is still being learned: a
/// rating that leaves it there brings the card back in the same session.
pub const LEARNING_STABILITY: f32 = 1.0;

/// The longest interval given, in days (100 years, as in Anki).
pub const MAX_INTERVAL: u32 = 36_500;

/// FSRS with the learner's parameters and target retention.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    parameters: Vec<f32>,
    retention: f32,
}

/// Why a scheduler could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    /// Desired retention outside [`RETENTION_RANGE`].
    #[error(
        "desired retention {0} is out of range; give a value from {min:.2} to {max:.2}",
        min = RETENTION_RANGE.start(),
        max = RETENTION_RANGE.end()
    )]
    Retention(f32),
    /// Parameters the crate refused.
    #[error("FSRS parameters are invalid: {0}")]
    Parameters(String),
}

impl Scheduler {
    /// A scheduler with `parameters` (empty for the defaults) and `retention`.
    pub fn new(parameters: &[f32], retention: f32) -> Result<Scheduler, ScheduleError> {
        if !RETENTION_RANGE.contains(&retention) {
            return Err(ScheduleError::Retention(retention));
        }
        let fsrs = FSRS::new(parameters).map_err(|e| ScheduleError::Parameters(e.to_string()))?;
        let parameters = if parameters.is_empty() {
            fsrs::DEFAULT_PARAMETERS.to_vec()
        } else {
            parameters.to_vec()
        };
        Ok(Scheduler {
            fsrs,
            parameters,
            retention,
        })
    }

    /// The default parameters at the default retention.
    pub fn default_params() -> Scheduler {
        Scheduler {
            fsrs: FSRS::default(),
            parameters: fsrs::DEFAULT_PARAMETERS.to_vec(),
            retention: DEFAULT_RETENTION,
        }
    }

    /// Names the parameters, so a snapshot of card states computed with them
    /// can tell when it was computed with others: FNV-1a over their bits, the
    /// same on every run and platform.
    pub fn fingerprint(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self
            .parameters
            .iter()
            .flat_map(|w| w.to_bits().to_le_bytes())
        {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{hash:016x}")
    }

    /// The target retention.
    pub fn retention(&self) -> f32 {
        self.retention
    }

    /// The memory state each rating would lead to, reviewing on `today`.
    fn next_states(&self, state: Option<&CardState>, today: Date) -> NextStates {
        let elapsed = state.map_or(0, |s| days_between(s.last_review, today).max(0));
        let elapsed = u32::try_from(elapsed).unwrap_or(u32::MAX);
        // Stored states come from the crate itself, so they are always finite;
        // a failure here could only come from a hand-edited snapshot, which
        // loading already rejects.
        self.fsrs
            .next_states(state.map(CardState::memory), self.retention, elapsed)
            .unwrap_or_else(|_| {
                self.fsrs
                    .next_states(None, self.retention, 0)
                    .expect("default FSRS states are finite")
            })
    }

    /// The interval each rating would give, with `fuzz` in [0, 1) spreading
    /// cards learned together over nearby days. A rating that leaves the
    /// memory less stable than [`LEARNING_STABILITY`] gives 0: the card comes
    /// back in this session (a learning step) rather than days later at a
    /// predicted recall far below target.
    pub fn intervals(&self, state: Option<&CardState>, today: Date, fuzz: f64) -> Intervals {
        let next = self.next_states(state, today);
        let step = |item: &fsrs::ItemState, minimum: u32| {
            if item.memory.stability < LEARNING_STABILITY {
                0
            } else {
                constrain(item.interval, fuzz, minimum)
            }
        };
        let hard = step(&next.hard, 1);
        let good = step(&next.good, hard + 1);
        let easy = step(&next.easy, good + 1);
        Intervals {
            again: 0,
            hard,
            good,
            easy,
        }
    }

    /// The one answer path: a card in `state` rated `rating` on `today`
    /// gets the interval that rating gives (with `fuzz` in [0, 1)), the due
    /// day it leads to and the state after the review. Study, `exam
    /// --reschedule` and review-history import all schedule through here.
    pub fn schedule(
        &self,
        state: Option<&CardState>,
        rating: Rating,
        today: Date,
        fuzz: f64,
    ) -> Scheduled {
        let interval = self.intervals(state, today, fuzz).get(rating);
        let due = add_days(today, i64::from(interval));
        Scheduled {
            state: self.apply(state, rating, today, due),
            interval,
            due,
        }
    }

    /// The state after a review rated `rating` on `today`, due on `due`: how
    /// a logged review is replayed.
    pub fn apply(
        &self,
        state: Option<&CardState>,
        rating: Rating,
        today: Date,
        due: Date,
    ) -> CardState {
        let next = self.next_states(state, today);
        let memory = match rating {
            Rating::Again => next.again.memory,
            Rating::Hard => next.hard.memory,
            Rating::Good => next.good.memory,
            Rating::Easy => next.easy.memory,
        };
        let learned = state.is_some_and(|s| s.learned);
        CardState {
            stability: memory.stability,
            difficulty: memory.difficulty,
            introduced: state.map_or(today, |s| s.introduced),
            last_review: today,
            due,
            reps: state.map_or(0, |s| s.reps) + 1,
            lapses: state.map_or(0, |s| s.lapses) + u32::from(learned && rating == Rating::Again),
            learned: learned || rating != Rating::Again,
        }
    }

    /// The probability of recalling the card on `day`.
    pub fn retrievability(&self, state: &CardState, day: Date) -> f32 {
        let elapsed = days_between(state.last_review, day).max(0) as f32;
        fsrs::current_retrievability(state.memory(), elapsed, self.parameters[20])
    }

    /// Whether the predicted recall on `day` falls below the target retention.
    pub fn below_target_on(&self, state: &CardState, day: Date) -> bool {
        self.retrievability(state, day) < self.retention
    }
}

/// Rounds a raw interval to whole days, fuzzes it, and keeps it within
/// `minimum..=MAX_INTERVAL`.
fn constrain(raw: f32, fuzz: f64, minimum: u32) -> u32 {
    let days = f64::from(raw).round().max(1.0);
    let fuzzed = fuzzed(days, fuzz);
    (fuzzed as u32).clamp(minimum.min(MAX_INTERVAL), MAX_INTERVAL)
}

/// Anki's fuzz: none below 2.5 days, then a range that grows by 15% of the
/// days from 2.5 to 7, 10% from 7 to 20 and 5% beyond.
fn fuzzed(days: f64, fuzz: f64) -> f64 {
    if days < 2.5 {
        return days;
    }
    let ranges = [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f64::MAX, 0.05)];
    let delta = 1.0
        + ranges
            .iter()
            .map(|(start, end, factor)| factor * (days.min(*end) - start).max(0.0))
            .sum::<f64>();
    let lower = (days - delta).round().max(2.0);
    let upper = (days + delta).round();
    (lower + fuzz.clamp(0.0, 0.999_999) * (upper - lower + 1.0)).floor()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const DAY0: Date = date(2026, 1, 1);

    fn close(a: f32, b: f32, eps: f32) -> bool {
        (a - b).abs() <= eps
    }

    #[test]
    fn a_new_card_gets_the_fsrs6_default_stabilities() {
        let s = Scheduler::default_params();
        let expected = [0.212, 1.2931, 2.3065, 8.2956];
        for (rating, want) in Rating::ALL.into_iter().zip(expected) {
            let state = s.apply(None, rating, DAY0, DAY0);
            assert!(
                close(state.stability, want, 1e-4),
                "{rating:?}: {}",
                state.stability
            );
        }
    }

    #[test]
    fn a_history_of_reviews_matches_the_reference_stability() {
        let s = Scheduler::default_params();
        let mut state = None;
        for (day, rating) in [
            (0, Rating::Good),
            (3, Rating::Good),
            (10, Rating::Hard),
            (20, Rating::Good),
        ] {
            let today = add_days(DAY0, day);
            state = Some(s.apply(state.as_ref(), rating, today, today));
        }
        let stability = state.unwrap().stability;
        assert!(close(stability, 53.0, 0.5), "stability {stability}");
    }

    #[test]
    fn intervals_are_whole_days_and_ordered() {
        let s = Scheduler::default_params();
        // Default stabilities 1.29, 2.31 and 8.30 days; fuzz moves only the last.
        let new = s.intervals(None, DAY0, 0.0);
        assert_eq!((new.again, new.hard, new.good), (0, 1, 2));
        assert!((6..=10).contains(&new.easy), "{new:?}");
        // A card whose hard and good intervals round alike still orders them.
        let state = s.apply(None, Rating::Again, add_days(DAY0, -3), add_days(DAY0, -3));
        let i = s.intervals(Some(&state), DAY0, 0.5);
        assert!(i.hard >= 1 && i.hard < i.good && i.good < i.easy, "{i:?}");
    }

    #[test]
    fn a_card_still_below_a_day_of_stability_comes_back_the_same_day() {
        let s = Scheduler::default_params();
        // Failed twice, then Good, all on its first day.
        let mut state = None;
        for rating in [Rating::Again, Rating::Again] {
            state = Some(s.schedule(state.as_ref(), rating, DAY0, 0.5).state);
        }
        let good = s.schedule(state.as_ref(), Rating::Good, DAY0, 0.5);
        assert!(good.state.stability < LEARNING_STABILITY, "{good:?}");
        assert_eq!((good.interval, good.due), (0, DAY0));
        // More Good answers the same day make it stable enough for FSRS to
        // give a day-scale interval.
        let mut state = good.state;
        let interval = loop {
            let next = s.schedule(Some(&state), Rating::Good, DAY0, 0.5);
            if next.interval > 0 {
                break next.interval;
            }
            state = next.state;
        };
        assert!(interval >= 1, "{interval}");
    }

    #[test]
    fn a_lapse_is_a_failure_after_the_card_was_once_answered_right() {
        let s = Scheduler::default_params();
        let mut state = None;
        for rating in [Rating::Again, Rating::Again, Rating::Again] {
            state = Some(s.apply(state.as_ref(), rating, DAY0, DAY0));
        }
        assert_eq!(state.unwrap().lapses, 0, "never learned, never lapsed");
        let learned = s.apply(state.as_ref(), Rating::Good, DAY0, add_days(DAY0, 1));
        assert!(learned.learned);
        let lapsed = s.apply(
            Some(&learned),
            Rating::Again,
            add_days(DAY0, 1),
            add_days(DAY0, 1),
        );
        assert_eq!(lapsed.lapses, 1);
    }

    #[test]
    fn scheduling_a_review_agrees_with_replaying_it() {
        let s = Scheduler::default_params();
        let first = s.schedule(None, Rating::Good, DAY0, 0.3);
        assert_eq!(first.interval, s.intervals(None, DAY0, 0.3).good);
        assert_eq!(first.due, add_days(DAY0, i64::from(first.interval)));
        assert_eq!(first.state, s.apply(None, Rating::Good, DAY0, first.due));
        let again = s.schedule(Some(&first.state), Rating::Again, first.due, 0.3);
        assert_eq!((again.interval, again.due), (0, first.due));
        assert_eq!(again.state.lapses, 1);
    }

    #[test]
    fn fuzz_spreads_long_intervals_within_ankis_range() {
        assert_eq!(fuzzed(2.0, 0.9), 2.0);
        let low = fuzzed(30.0, 0.0);
        let high = fuzzed(30.0, 0.999);
        assert!(low < 30.0 && high > 30.0, "{low}..{high}");
        assert!(low >= 30.0 - 4.0 && high <= 30.0 + 4.0, "{low}..{high}");
        assert_eq!(constrain(1e9, 0.5, 1), MAX_INTERVAL);
    }

    #[test]
    fn the_day_rolls_over_at_four_in_the_morning() {
        let clock = DayClock::in_zone(TimeZone::get("Asia/Tokyo").unwrap());
        let before: Timestamp = "2026-03-01T18:59:00Z".parse().unwrap(); // 03:59 in Tokyo
        let after: Timestamp = "2026-03-01T19:00:00Z".parse().unwrap(); // 04:00
        assert_eq!(clock.day_of(before), date(2026, 3, 1));
        assert_eq!(clock.day_of(after), date(2026, 3, 2));
    }

    #[test]
    fn a_set_rollover_hour_moves_the_start_of_the_day() {
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        let at_one: Timestamp = "2026-03-01T16:00:00Z".parse().unwrap(); // 01:00 in Tokyo
        assert_eq!(
            DayClock::in_zone(tokyo.clone()).day_of(at_one),
            date(2026, 3, 1)
        );
        let midnight = DayClock::in_zone(tokyo).with_rollover_hour(0);
        assert_eq!(midnight.day_of(at_one), date(2026, 3, 2));
    }

    #[test]
    fn the_fingerprint_names_the_parameters_not_the_retention() {
        let defaults = Scheduler::default_params();
        assert_eq!(
            defaults.fingerprint(),
            Scheduler::new(&[], 0.8).unwrap().fingerprint()
        );
        let mut other = fsrs::DEFAULT_PARAMETERS.to_vec();
        other[0] += 0.01;
        assert_ne!(
            defaults.fingerprint(),
            Scheduler::new(&other, 0.9).unwrap().fingerprint()
        );
    }

    #[test]
    fn retention_out_of_range_is_refused() {
        assert!(Scheduler::new(&[], 1.5).is_err());
        assert!(Scheduler::new(&[], 0.9).is_ok());
        assert!(Scheduler::new(&[1.0; 3], 0.9).is_err());
    }

    #[test]
    fn card_states_round_trip_in_packed_form() {
        let s = Scheduler::default_params().apply(None, Rating::Good, DAY0, date(2026, 1, 3));
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(text, "[2.3065,2.118104,20260101,20260101,20260103,1,0,1]");
        assert_eq!(serde_json::from_str::<CardState>(&text).unwrap(), s);
        assert!(
            serde_json::from_str::<CardState>("[1,1,20261301,20260101,20260101,1,0,1]").is_err()
        );
    }

    #[test]
    fn ratings_round_trip_as_numbers() {
        assert_eq!(serde_json::to_string(&Rating::Hard).unwrap(), "2");
        assert_eq!(serde_json::from_str::<Rating>("4").unwrap(), Rating::Easy);
        assert!(serde_json::from_str::<Rating>("5").is_err());
    }
}
