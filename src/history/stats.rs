//! Statistics per deck, computed from the card states and the history's
//! figures that the store keeps ([`Aggregates`], folded in as events are
//! saved), or, for a deck narrowed to some of the cards those figures count,
//! from one pass over the review log. [`Tally::of_store`] chooses; then
//! [`Tally::report`] adds what the card states say. Both ways give the same
//! figures (time is summed in whole microseconds).
//!
//! Every figure here is documented, with its JSON name, in README.md
//! ("Statistics as JSON"); change both together.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::deck::Deck;
use crate::engine::schedule::{Rating, Scheduler, add_days};
use crate::store::aggregates::{Aggregates, Day, ExamSummary, micros};
use crate::store::history::{self, Learned};
use crate::store::{Review, States, StoreError};

/// The shape version of `stats --json`.
pub const FORMAT: u32 = 1;

/// Days in the forecast.
pub const FORECAST_DAYS: i64 = 14;

/// Right answers out of answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Ratio {
    /// Successes.
    pub hits: u32,
    /// Tries.
    pub total: u32,
    /// `hits / total`, or `None` without tries.
    pub rate: Option<f64>,
}

impl Ratio {
    fn add(&mut self, hit: bool) {
        self.add_many(u32::from(hit), 1);
    }

    /// Adds `total` tries of which `hits` succeeded.
    fn add_many(&mut self, hits: u32, total: u32) {
        if total == 0 {
            return;
        }
        self.hits += hits;
        self.total += total;
        self.rate = Some(f64::from(self.hits) / f64::from(self.total));
    }
}

/// What the log says about one deck, gathered event by event.
#[derive(Debug, Default)]
struct DeckTally {
    /// Each card's first study day, to tell learned cards from new ones.
    first_day: HashMap<String, Date>,
    retention_7: Ratio,
    retention_30: Ratio,
    tags: HashMap<String, Ratio>,
    days: BTreeSet<Date>,
    /// Time, in microseconds.
    micros_today: i128,
    micros_7: i128,
    micros_total: i128,
    exams: Vec<ExamEntry>,
}

/// Gathers the log's history for some decks. Feed it the store's history
/// (undo already applied) in log order with [`Tally::event`].
#[derive(Debug)]
pub struct Tally<'d> {
    decks: &'d [Deck],
    today: Date,
    /// Tags of each deck's items, by item key.
    tags: Vec<HashMap<String, Vec<String>>>,
    tallies: Vec<DeckTally>,
}

impl<'d> Tally<'d> {
    /// A tally for `decks`, with windows ending on `today`.
    pub fn new(decks: &'d [Deck], today: Date) -> Tally<'d> {
        let tags = decks
            .iter()
            .map(|deck| {
                deck.items()
                    .iter()
                    .map(|item| (item.key(), item.card.tags.clone()))
                    .collect()
            })
            .collect();
        Tally {
            decks,
            today,
            tags,
            tallies: decks.iter().map(|_| DeckTally::default()).collect(),
        }
    }

    /// The tally of `decks` from the store at `dir`, whose history's
    /// figures are `aggregates`: read from them when every card they count
    /// for a deck is one of its cards, else (a deck narrowed by `--tag`, or a
    /// card since removed) from one pass over the log, as the figures of a
    /// day cannot be split by card.
    pub fn of_store(
        decks: &'d [Deck],
        today: Date,
        aggregates: &Aggregates,
        dir: &Path,
    ) -> Result<Tally<'d>, StoreError> {
        if let Some(tally) = Tally::from_aggregates(decks, today, aggregates) {
            return Ok(tally);
        }
        let mut tally = Tally::new(decks, today);
        history::visit(dir, |e| tally.event(e))?;
        Ok(tally)
    }

    /// The tally of `decks` from the history's figures, or `None` when one
    /// counts a card that a deck does not have.
    pub fn from_aggregates(
        decks: &'d [Deck],
        today: Date,
        aggregates: &Aggregates,
    ) -> Option<Tally<'d>> {
        let mut tally = Tally::new(decks, today);
        for (d, deck) in decks.iter().enumerate() {
            let Some(counts) = aggregates.decks.get(&deck.id) else {
                continue;
            };
            let own = &tally.tags[d];
            let sums = &mut tally.tallies[d];
            for (card, c) in &counts.cards {
                let tags = own.get(card)?;
                // A tag has a figure once one of its cards was graded.
                for tag in tags.iter().filter(|_| c.graded > 0) {
                    sums.tags
                        .entry(tag.clone())
                        .or_default()
                        .add_many(c.right, c.graded);
                }
            }
            for (&Day(day), n) in &counts.days {
                sums.days.insert(day);
                sums.micros_total += n.micros;
                if day > today {
                    continue;
                }
                if day == today {
                    sums.micros_today += n.micros;
                }
                if day > add_days(today, -7) {
                    sums.micros_7 += n.micros;
                    sums.retention_7.add_many(n.recalled, n.mature);
                }
                if day > add_days(today, -30) {
                    sums.retention_30.add_many(n.recalled, n.mature);
                }
            }
        }
        for exam in &aggregates.exams {
            tally.exam(exam);
        }
        Some(tally)
    }

    /// Takes in the next event of the history.
    pub fn event(&mut self, event: Learned) {
        match event {
            Learned::Review(review) => self.review(&review),
            Learned::Exam(exam) => self.exam(&ExamSummary::from(&exam)),
            Learned::Session(_) => {}
        }
    }

    fn deck_index(&self, id: &str) -> Option<usize> {
        self.decks.iter().position(|d| d.id == id)
    }

    fn review(&mut self, r: &Review) {
        // Only the deck's own cards count: a deck narrowed by `--tag` has
        // only that topic's, and a card since removed has no figures.
        let Some(d) = self.deck_index(&r.deck) else {
            return;
        };
        let Some(tags) = self.tags[d].get(&r.card).cloned() else {
            return;
        };
        let today = self.today;
        let tally = &mut self.tallies[d];
        let first = *tally.first_day.entry(r.card.clone()).or_insert(r.day);
        // True retention: reviews of cards already studied on an earlier day.
        if first < r.day && r.day <= today {
            let recalled = r.rating != Rating::Again;
            if r.day > add_days(today, -7) {
                tally.retention_7.add(recalled);
            }
            if r.day > add_days(today, -30) {
                tally.retention_30.add(recalled);
            }
        }
        if let Some(correct) = r.correct {
            for tag in tags {
                tally.tags.entry(tag).or_default().add(correct);
            }
        }
        tally.days.insert(r.day);
        let spent = micros(r.seconds);
        tally.micros_total += spent;
        if r.day == today {
            tally.micros_today += spent;
        }
        if r.day > add_days(today, -7) && r.day <= today {
            tally.micros_7 += spent;
        }
    }

    fn exam(&mut self, exam: &ExamSummary) {
        for (d, deck) in self.decks.iter().enumerate() {
            if !exam.decks.contains(&deck.id) {
                continue;
            }
            let tally = &mut self.tallies[d];
            let own = &self.tags[d];
            for q in exam
                .questions
                .iter()
                .filter(|q| q.deck == deck.id && own.contains_key(&q.card))
            {
                for tag in &q.tags {
                    tally.tags.entry(tag.clone()).or_default().add(q.correct);
                }
            }
            tally.exams.push(ExamEntry {
                date: exam.day.0,
                correct: exam.correct,
                questions: exam.questions.len(),
                score: exam.score,
            });
        }
    }

    /// The share of right answers per tag over all the decks (study reviews
    /// of auto-graded cards and exam questions).
    pub fn tag_accuracy(&self) -> HashMap<String, f64> {
        let mut all: HashMap<&str, (u32, u32)> = HashMap::new();
        for (tag, ratio) in self.tallies.iter().flat_map(|t| &t.tags) {
            let sum = all.entry(tag).or_default();
            sum.0 += ratio.hits;
            sum.1 += ratio.total;
        }
        all.into_iter()
            .filter(|(_, (_, total))| *total > 0)
            .map(|(tag, (hits, total))| (tag.to_string(), f64::from(hits) / f64::from(total)))
            .collect()
    }

    /// The report, adding what the current card `states` say.
    pub fn report(self, states: &States, scheduler: &Scheduler, options: &Options) -> Report {
        let today = self.today;
        let decks = self
            .decks
            .iter()
            .zip(self.tallies)
            .map(|(deck, tally)| deck_stats(deck, tally, states, scheduler, today, options))
            .collect();
        Report {
            format: FORMAT,
            today,
            target_retention: scheduler.retention(),
            decks,
        }
    }
}

/// What else a report needs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Lapses that make a card a leech.
    pub leech_threshold: u32,
    /// A day to predict recall on.
    pub until: Option<Date>,
}

/// The whole `stats --json` document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Shape version, [`FORMAT`].
    pub format: u32,
    /// The study day the figures are for.
    pub today: Date,
    /// The desired retention.
    pub target_retention: f32,
    /// One entry per deck.
    pub decks: Vec<DeckStats>,
}

/// The figures for one deck.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeckStats {
    /// Deck id.
    pub id: String,
    /// Deck title.
    pub title: String,
    /// Items by stage.
    pub cards: Counts,
    /// Studied items due today or earlier.
    pub due_today: usize,
    /// Items due on each of the next days.
    pub forecast: Vec<DayCount>,
    /// True retention over the last 7 days, today included.
    pub retention_7_days: Ratio,
    /// True retention over the last 30 days, today included.
    pub retention_30_days: Ratio,
    /// Accuracy per tag, weakest first.
    pub tags: Vec<TagAccuracy>,
    /// Consecutive study days up to today (or yesterday, if not yet today).
    pub streak_days: usize,
    /// Time spent answering.
    pub time: TimeSpent,
    /// Exams that included the deck.
    pub exams: Exams,
    /// Cards forgotten the leech threshold or more times.
    pub leeches: Vec<Leech>,
    /// Predicted recall on the `--until` day.
    pub until: Option<Until>,
}

/// Items by stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Never studied.
    pub new: usize,
    /// Last answered Again: due again the same day.
    pub learning: usize,
    /// Studied and remembered at the last review.
    pub review: usize,
}

/// Items due on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// The day.
    pub date: Date,
    /// Items due on it.
    pub cards: usize,
}

/// Accuracy for one tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagAccuracy {
    /// The tag.
    pub tag: String,
    /// Right answers out of graded answers.
    #[serde(flatten)]
    pub ratio: Ratio,
}

/// Seconds spent answering.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeSpent {
    /// Today.
    pub today_seconds: f64,
    /// The last 7 days, today included.
    pub last_7_days_seconds: f64,
    /// Ever.
    pub total_seconds: f64,
}

/// One exam.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamEntry {
    /// Its study day.
    pub date: Date,
    /// Questions right.
    pub correct: u32,
    /// Questions asked.
    pub questions: usize,
    /// Percent right.
    pub score: f64,
}

/// Exam history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exams {
    /// Every exam, oldest first.
    pub history: Vec<ExamEntry>,
    /// The best score.
    pub best: Option<f64>,
    /// The latest score minus the one before, in percentage points.
    pub trend: Option<f64>,
}

/// A leech.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leech {
    /// Item key.
    pub card: String,
    /// Times forgotten.
    pub lapses: u32,
}

/// Predicted recall on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Until {
    /// The day.
    pub date: Date,
    /// Mean FSRS retrievability of the studied items on that day.
    pub mean_recall: Option<f64>,
    /// Studied items whose recall on that day is below the target.
    pub below_target: usize,
    /// Items never studied (no prediction).
    pub new: usize,
}

fn deck_stats(
    deck: &Deck,
    tally: DeckTally,
    states: &States,
    scheduler: &Scheduler,
    today: Date,
    options: &Options,
) -> DeckStats {
    let empty = HashMap::new();
    let cards = states.get(&deck.id).unwrap_or(&empty);
    let mut counts = Counts {
        new: 0,
        learning: 0,
        review: 0,
    };
    let mut due_today = 0;
    let mut forecast: Vec<DayCount> = (1..=FORECAST_DAYS)
        .map(|i| DayCount {
            date: add_days(today, i),
            cards: 0,
        })
        .collect();
    let mut leeches = Vec::new();
    let mut recall = Vec::new();
    for item in deck.items() {
        let key = item.key();
        let Some(state) = cards.get(&key) else {
            counts.new += 1;
            continue;
        };
        if state.due <= state.last_review {
            counts.learning += 1;
        } else {
            counts.review += 1;
        }
        if state.due <= today {
            due_today += 1;
        } else if let Some(day) = forecast.iter_mut().find(|d| d.date == state.due) {
            day.cards += 1;
        }
        if state.is_leech(options.leech_threshold) {
            leeches.push(Leech {
                card: key,
                lapses: state.lapses,
            });
        }
        if let Some(day) = options.until {
            recall.push(scheduler.retrievability(state, day));
        }
    }
    let mut tags: Vec<TagAccuracy> = tally
        .tags
        .into_iter()
        .map(|(tag, ratio)| TagAccuracy { tag, ratio })
        .collect();
    tags.sort_by(|a, b| {
        let rate = |t: &TagAccuracy| t.ratio.rate.unwrap_or(0.0);
        rate(a).total_cmp(&rate(b)).then_with(|| a.tag.cmp(&b.tag))
    });
    let scores: Vec<f64> = tally.exams.iter().map(|e| e.score).collect();
    let trend = match scores.as_slice() {
        [.., before, last] => Some(last - before),
        _ => None,
    };
    DeckStats {
        id: deck.id.clone(),
        title: deck.title.clone(),
        cards: counts,
        due_today,
        forecast,
        retention_7_days: tally.retention_7,
        retention_30_days: tally.retention_30,
        tags,
        streak_days: streak(&tally.days, today),
        time: TimeSpent {
            today_seconds: seconds(tally.micros_today),
            last_7_days_seconds: seconds(tally.micros_7),
            total_seconds: seconds(tally.micros_total),
        },
        exams: Exams {
            best: scores.iter().copied().reduce(f64::max),
            trend,
            history: tally.exams,
        },
        leeches,
        until: options.until.map(|date| Until {
            date,
            mean_recall: (!recall.is_empty())
                .then(|| recall.iter().map(|&r| f64::from(r)).sum::<f64>() / recall.len() as f64),
            below_target: recall
                .iter()
                .filter(|&&r| r < scheduler.retention())
                .count(),
            new: counts.new,
        }),
    }
}

/// Microseconds as seconds.
fn seconds(micros: i128) -> f64 {
    micros as f64 / 1e6
}

/// Consecutive study days ending today, or yesterday when today has none yet.
fn streak(days: &BTreeSet<Date>, today: Date) -> usize {
    let mut day = if days.contains(&today) {
        today
    } else {
        add_days(today, -1)
    };
    let mut count = 0;
    while days.contains(&day) {
        count += 1;
        day = add_days(day, -1);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 5, 10);

    fn deck(id: &str) -> Deck {
        parse(&format!(
            r#"{{"format": 1, "id": "{id}", "title": "T", "cards": [
              {{"id": "x", "kind": "truefalse", "tags": ["safety"], "explanation": "e",
                "source": {{"section": "S", "bullet": 1}}, "prompt": "P", "answer": true}}]}}"#
        ))
        .unwrap()
    }

    fn review(deck: &str, correct: bool) -> Learned {
        let rating = if correct { Rating::Good } else { Rating::Again };
        Learned::Review(Review {
            deck: deck.into(),
            time: "2026-05-10T10:00:00Z".parse().unwrap(),
            ..Review::sample("x", TODAY, rating)
        })
    }

    #[test]
    fn streak_counts_back_from_today_or_else_yesterday() {
        let days: BTreeSet<Date> = [-5, -3, -2, -1].map(|d| add_days(TODAY, d)).into();
        assert_eq!(streak(&days, TODAY), 3);
        let mut with_today = days.clone();
        with_today.insert(TODAY);
        assert_eq!(streak(&with_today, TODAY), 4);
        assert_eq!(streak(&days, add_days(TODAY, 2)), 0);
    }

    #[test]
    fn tag_accuracy_adds_up_every_deck() {
        let decks = [deck("one"), deck("two")];
        let mut tally = Tally::new(&decks, TODAY);
        tally.event(review("one", true));
        tally.event(review("two", false));
        tally.event(review("two", true));
        assert_eq!(
            tally.tag_accuracy(),
            HashMap::from([("safety".into(), 2.0 / 3.0)])
        );
    }

    fn three_cards(id: &str, cards: usize) -> Deck {
        let cards: Vec<String> = (0..cards)
            .map(|c| {
                format!(
                    r#"{{"id": "c{c}", "kind": "truefalse", "tags": ["t{}", "all"], "explanation": "e",
                      "source": {{"section": "S", "bullet": 1}}, "prompt": "P{c}", "answer": true}}"#,
                    c % 2
                )
            })
            .collect();
        parse(&format!(
            r#"{{"format": 1, "id": "{id}", "title": "T", "cards": [{}]}}"#,
            cards.join(",")
        ))
        .unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// The report from the store's figures is the report from a pass over
        /// the whole history; a deck narrowed to fewer cards than the figures
        /// count is left to that pass.
        #[test]
        fn the_report_from_the_stores_figures_equals_a_pass_over_the_log(
            answers in proptest::collection::vec(
                (0u8..3, 0i64..40, 1u8..=4, proptest::option::of(proptest::bool::ANY), 0u16..900, proptest::bool::ANY),
                0..25,
            ),
        ) {
            use crate::engine::schedule::Scheduler;
            use crate::store::{Access, Event, Store, new_id};
            let dir = tempfile::tempdir().unwrap();
            let scheduler = Scheduler::default_params();
            let mut store = Store::open(dir.path(), Access::Write, scheduler.clone()).unwrap();
            for &(card, back, rating, correct, tenths, undo) in &answers {
                let day = add_days(TODAY, -back);
                let review = Review {
                    deck: "d".into(),
                    correct,
                    seconds: f64::from(tenths) / 10.0,
                    due: add_days(day, 2),
                    ..Review::sample(&format!("c{card}"), day, Rating::try_from(rating).unwrap())
                };
                let id = review.id.clone();
                store.append(&Event::Review(review)).unwrap();
                if undo {
                    store
                        .append(&Event::Undo { id: new_id(), undoes: id, time: crate::store::now() })
                        .unwrap();
                }
            }
            store.save_snapshot().unwrap();
            drop(store);
            let mut store = Store::open(dir.path(), Access::Read, scheduler.clone()).unwrap();
            let options = Options { leech_threshold: 2, until: Some(add_days(TODAY, 3)) };
            let decks = [three_cards("d", 3)];
            let cached = Tally::from_aggregates(&decks, TODAY, store.aggregates().unwrap()).unwrap();
            let mut replayed = Tally::new(&decks, TODAY);
            history::visit(dir.path(), |e| replayed.event(e)).unwrap();
            proptest::prop_assert_eq!(
                cached.report(store.states(), &scheduler, &options),
                replayed.report(store.states(), &scheduler, &options)
            );
            let narrowed = [three_cards("d", 1)];
            let others = answers.iter().any(|a| a.0 > 0 && !a.5);
            proptest::prop_assert_eq!(
                Tally::from_aggregates(&narrowed, TODAY, store.aggregates().unwrap()).is_none(),
                others
            );
        }
    }
}
