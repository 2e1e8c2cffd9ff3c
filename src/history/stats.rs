//! Statistics per deck, computed from the card states and the history's
//! figures that the store keeps ([`Aggregates`], folded in as events are
//! saved): by day for a whole deck, or, for a deck narrowed to some of the
//! cards those figures count, from the reviews of those cards in their
//! index. [`Tally::of`] gathers them; then [`Tally::report`] adds what the
//! card states say. The tests check both ways against a pass over the log
//! (time is summed in whole microseconds).
//!
//! Every figure here is documented, with its JSON name, in README.md
//! ("Statistics as JSON"); change both together.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use crate::deck::index::Outline;
use crate::engine::schedule::{Scheduler, add_days};
use crate::store::States;
use crate::store::aggregates::{Aggregates, Day, DayCounts, ExamSummary};
use crate::store::review_index::Brief;

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

/// What the history says about one deck.
#[derive(Debug, Default)]
struct DeckTally {
    retention_7: Ratio,
    retention_30: Ratio,
    /// Accuracy of each of the deck's tags, by position in its outline.
    tags: Vec<Ratio>,
    /// Accuracy of tags exam questions had that the deck's cards no longer have.
    former_tags: HashMap<String, Ratio>,
    /// Every day with a review, as `YYYYMMDD` numbers.
    days: BTreeSet<u32>,
    /// The day of the last review added from the index, which is mostly
    /// the day of the next.
    last_day: Option<u32>,
    /// Time, in microseconds.
    micros_today: i128,
    micros_7: i128,
    micros_total: i128,
    exams: Vec<ExamEntry>,
}

/// The windows of the figures, as `YYYYMMDD` numbers.
struct Window {
    today: u32,
    /// The day before the last 7 days.
    week: u32,
    /// The day before the last 30 days.
    month: u32,
}

impl Window {
    fn of(today: Date) -> Window {
        let number = |days| u32::from(Day(add_days(today, days)));
        Window {
            today: number(0),
            week: number(-7),
            month: number(-30),
        }
    }
}

impl DeckTally {
    /// Adds the deck's figures by day.
    fn add_days(&mut self, days: &BTreeMap<Day, DayCounts>, window: &Window) {
        for (&day, n) in days {
            let day = u32::from(day);
            self.days.insert(day);
            self.add(day, n.mature, n.recalled, n.micros, window);
        }
    }

    /// Adds one review of a card first studied on `first`.
    fn add_brief(&mut self, brief: &Brief, first: u32, window: &Window) {
        let day = brief.day;
        if self.last_day != Some(day) {
            self.days.insert(day);
            self.last_day = Some(day);
        }
        // True retention: reviews of cards already studied on an earlier day.
        let mature = first < day;
        let recalled = mature && brief.recalled;
        let micros = i128::from(brief.micros);
        self.add(day, u32::from(mature), u32::from(recalled), micros, window);
    }

    /// Adds reviews on `day`, `mature` of them of cards studied on an
    /// earlier day and `recalled` of those not rated Again, that took
    /// `micros`: to the windows that hold the day.
    fn add(&mut self, day: u32, mature: u32, recalled: u32, micros: i128, window: &Window) {
        self.micros_total += micros;
        if day > window.today {
            return;
        }
        if day == window.today {
            self.micros_today += micros;
        }
        if day > window.week {
            self.micros_7 += micros;
            self.retention_7.add_many(recalled, mature);
        }
        if day > window.month {
            self.retention_30.add_many(recalled, mature);
        }
    }

    /// Adds `hits` of `total` to the deck's tag at position `p`.
    fn add_at(&mut self, p: u32, hits: u32, total: u32) {
        if let Some(ratio) = self.tags.get_mut(p as usize) {
            ratio.add_many(hits, total);
        }
    }

    /// Adds `hits` of `total` to the tag named `tag`, one of `outline`'s or not.
    fn add_to_tag(&mut self, outline: &Outline, tag: &str, hits: u32, total: u32) {
        match outline.tags.binary_search_by(|t| t.as_str().cmp(tag)) {
            Ok(p) => self.tags[p].add_many(hits, total),
            Err(_) => self
                .former_tags
                .entry(tag.to_string())
                .or_default()
                .add_many(hits, total),
        }
    }

    /// Every tag with its accuracy.
    fn tag_ratios<'t>(&'t self, outline: &'t Outline) -> impl Iterator<Item = (&'t str, Ratio)> {
        let own = outline
            .tags
            .iter()
            .map(String::as_str)
            .zip(self.tags.iter().copied());
        let former = self.former_tags.iter().map(|(t, r)| (t.as_str(), *r));
        // A tag has a figure once one of its answers counted.
        own.chain(former).filter(|(_, r)| r.total > 0)
    }
}

/// One deck of a [`Tally`]: its outline and, once a review or an exam
/// needs it, the tags of each of its items by key.
#[derive(Debug)]
struct Own<'d> {
    outline: &'d Outline,
    items: OnceCell<HashMap<&'d str, &'d [u32]>>,
}

impl<'d> Own<'d> {
    /// The outline's copy of the item key `key`, with the item's tags as
    /// positions in the outline's tags, when it is one of the deck's.
    fn item(&self, key: &str) -> Option<(&'d str, &'d [u32])> {
        let items = self.items.get_or_init(|| self.outline.items().collect());
        items.get_key_value(key).map(|(&key, &tags)| (key, tags))
    }
}

/// The history's figures for some decks, from their outlines
/// ([`Tally::of`]).
#[derive(Debug)]
pub struct Tally<'d> {
    decks: Vec<Own<'d>>,
    today: Date,
    tallies: Vec<DeckTally>,
}

impl<'d> Tally<'d> {
    /// A tally for the decks of `outlines`, with windows ending on `today`,
    /// nothing added yet.
    fn new(outlines: &'d [Outline], today: Date) -> Tally<'d> {
        Tally {
            decks: outlines
                .iter()
                .map(|outline| Own {
                    outline,
                    items: OnceCell::new(),
                })
                .collect(),
            today,
            tallies: outlines
                .iter()
                .map(|o| DeckTally {
                    tags: vec![Ratio::default(); o.tags.len()],
                    ..DeckTally::default()
                })
                .collect(),
        }
    }

    /// The tally of the decks of `outlines` from the history's figures: a
    /// deck with every card they count is read from its figures by day; a
    /// deck with fewer (narrowed by `--tag`, or a card since removed) from
    /// the reviews of its cards in the figures' index, as the figures of a
    /// day cannot be split by card.
    pub fn of(outlines: &'d [Outline], today: Date, aggregates: &Aggregates) -> Tally<'d> {
        let mut tally = Tally::new(outlines, today);
        let window = Window::of(today);
        // By card number: the position of the narrowed deck it is in, and
        // its first study day.
        let mut narrowed: Vec<Option<(usize, u32)>> = Vec::new();
        for (d, (outline, sums)) in outlines.iter().zip(&mut tally.tallies).enumerate() {
            let Some(counts) = aggregates.decks.get(&outline.id) else {
                continue;
            };
            let mut counted = Vec::new();
            for (key, tags) in outline.items() {
                let Some(c) = counts.cards.get(key) else {
                    continue;
                };
                counted.push(c);
                // A tag has a figure once one of its cards was graded.
                if c.graded > 0 {
                    for &p in tags {
                        sums.add_at(p, c.right, c.graded);
                    }
                }
            }
            // Item keys are distinct, so all counted cards are the deck's
            // when each was matched.
            if counted.len() == counts.cards.len() {
                sums.add_days(&counts.days, &window);
                continue;
            }
            if narrowed.is_empty() {
                narrowed = vec![None; aggregates.numbered() as usize];
            }
            for c in counted {
                if let Some(slot) = narrowed.get_mut(c.number as usize) {
                    *slot = Some((d, u32::from(c.first_day)));
                }
            }
        }
        if !narrowed.is_empty() {
            for brief in aggregates.reviews.iter() {
                if let Some(&Some((d, first))) = narrowed.get(brief.card as usize) {
                    tally.tallies[d].add_brief(&brief, first, &window);
                }
            }
        }
        for exam in &aggregates.exams {
            tally.exam(exam);
        }
        tally
    }

    fn exam(&mut self, exam: &ExamSummary) {
        for (own, tally) in self.decks.iter().zip(&mut self.tallies) {
            let outline = own.outline;
            if !exam.decks.contains(&outline.id) {
                continue;
            }
            for q in exam
                .questions
                .iter()
                .filter(|q| q.deck == outline.id && own.item(&q.card).is_some())
            {
                for tag in &q.tags {
                    tally.add_to_tag(outline, tag, u32::from(q.correct), 1);
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
        for (own, tally) in self.decks.iter().zip(&self.tallies) {
            for (tag, ratio) in tally.tag_ratios(own.outline) {
                let sum = all.entry(tag).or_default();
                sum.0 += ratio.hits;
                sum.1 += ratio.total;
            }
        }
        all.into_iter()
            .filter(|(_, (_, total))| *total > 0)
            .map(|(tag, (hits, total))| (tag.to_string(), f64::from(hits) / f64::from(total)))
            .collect()
    }

    /// The report, adding what the current card `states` say.
    pub fn report(self, states: &States, scheduler: &Scheduler, options: &Options) -> Report {
        let today = self.today;
        let decks: Vec<(&Outline, DeckTally)> = self
            .decks
            .iter()
            .map(|own| own.outline)
            .zip(self.tallies)
            .collect();
        // At a large collection's size each deck's figures are a good share
        // of `stats`: the decks are split among the cores.
        let decks = crate::parallel::map(
            &decks,
            |(outline, _)| outline.keys.len(),
            crate::parallel::WORTH_CARDS,
            |(outline, tally)| deck_stats(outline, tally, states, scheduler, today, options),
        );
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
    outline: &Outline,
    tally: &DeckTally,
    states: &States,
    scheduler: &Scheduler,
    today: Date,
    options: &Options,
) -> DeckStats {
    let empty = HashMap::new();
    let cards = states.get(&outline.id).unwrap_or(&empty);
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
    // The sum and count of studied items' recall on the `--until` day, and
    // how many of them are below the target.
    let (mut recall_sum, mut recalled, mut below_target) = (0.0, 0usize, 0);
    for key in outline.keys.iter() {
        let Some(state) = cards.get(key) else {
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
                card: key.to_string(),
                lapses: state.lapses,
            });
        }
        if let Some(day) = options.until {
            let r = scheduler.retrievability(state, day);
            recall_sum += f64::from(r);
            recalled += 1;
            below_target += usize::from(r < scheduler.retention());
        }
    }
    let mut tags: Vec<TagAccuracy> = tally
        .tag_ratios(outline)
        .map(|(tag, ratio)| TagAccuracy {
            tag: tag.to_string(),
            ratio,
        })
        .collect();
    tags.sort_by(|a, b| {
        let rate = |t: &TagAccuracy| t.ratio.rate.unwrap_or(0.0);
        rate(a).total_cmp(&rate(b)).then_with(|| a.tag.cmp(&b.tag))
    });
    let best = tally.exams.iter().map(|e| e.score).reduce(f64::max);
    let trend = match tally.exams.as_slice() {
        [.., before, last] => Some(last.score - before.score),
        _ => None,
    };
    DeckStats {
        id: outline.id.clone(),
        title: outline.title.clone(),
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
            best,
            trend,
            history: tally.exams.clone(),
        },
        leeches,
        until: options.until.map(|date| Until {
            date,
            mean_recall: (recalled > 0).then(|| recall_sum / recalled as f64),
            below_target,
            new: counts.new,
        }),
    }
}

/// Microseconds as seconds.
fn seconds(micros: i128) -> f64 {
    micros as f64 / 1e6
}

/// Consecutive study days ending today, or yesterday when today has none
/// yet, of `days` (`YYYYMMDD` numbers).
fn streak(days: &BTreeSet<u32>, today: Date) -> usize {
    let has = |day: Date| days.contains(&u32::from(Day(day)));
    let mut day = if has(today) {
        today
    } else {
        add_days(today, -1)
    };
    let mut count = 0;
    while has(day) {
        count += 1;
        day = add_days(day, -1);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Deck, parse};
    use crate::engine::schedule::Rating;
    use crate::store::Review;
    use crate::store::aggregates::micros;
    use crate::store::history::{self, Learned};
    use jiff::civil::date;

    /// The reference the figures are checked against: a tally from one pass
    /// over the history (undo already applied), worked out from each event
    /// as the log says it.
    struct Replay<'d> {
        tally: Tally<'d>,
        /// Each deck's cards' first study days.
        first_day: HashMap<(usize, &'d str), Date>,
    }

    impl<'d> Replay<'d> {
        fn new(outlines: &'d [Outline], today: Date) -> Replay<'d> {
            Replay {
                tally: Tally::new(outlines, today),
                first_day: HashMap::new(),
            }
        }

        /// The tally of the whole history of the store at `dir`.
        fn of_log(outlines: &'d [Outline], today: Date, dir: &std::path::Path) -> Tally<'d> {
            let mut replay = Replay::new(outlines, today);
            history::visit(dir, |e| replay.event(e)).unwrap();
            replay.tally
        }

        fn event(&mut self, event: Learned) {
            match event {
                Learned::Review(review) => self.review(&review),
                Learned::Exam(exam) => self.tally.exam(&ExamSummary::from(&exam)),
                Learned::Session(_) => {}
            }
        }

        fn review(&mut self, r: &Review) {
            let decks = &self.tally.decks;
            // Only the deck's own cards count: a deck narrowed by `--tag` has
            // only that topic's, and a card since removed has no figures.
            let Some(d) = decks.iter().position(|d| d.outline.id == r.deck) else {
                return;
            };
            let Some((key, tags)) = decks[d].item(&r.card) else {
                return;
            };
            let today = self.tally.today;
            let tally = &mut self.tally.tallies[d];
            let first = *self.first_day.entry((d, key)).or_insert(r.day);
            if first < r.day && r.day <= today {
                let recalled = r.rating != Rating::Again;
                if r.day > add_days(today, -7) {
                    tally.retention_7.add_many(u32::from(recalled), 1);
                }
                if r.day > add_days(today, -30) {
                    tally.retention_30.add_many(u32::from(recalled), 1);
                }
            }
            if let Some(correct) = r.correct {
                for &p in tags {
                    tally.add_at(p, u32::from(correct), 1);
                }
            }
            tally.days.insert(u32::from(Day(r.day)));
            let spent = i128::from(micros(r.seconds));
            tally.micros_total += spent;
            if r.day == today {
                tally.micros_today += spent;
            }
            if r.day > add_days(today, -7) && r.day <= today {
                tally.micros_7 += spent;
            }
        }
    }

    const TODAY: Date = date(2026, 5, 10);

    fn deck(id: &str) -> Outline {
        Outline::of(
            &parse(&format!(
                r#"{{"format": 1, "id": "{id}", "title": "T", "cards": [
              {{"id": "x", "kind": "truefalse", "tags": ["safety"], "explanation": "e",
                "source": {{"section": "S", "bullet": 1}}, "prompt": "P", "answer": true}}]}}"#
            ))
            .unwrap(),
        )
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
        let days: BTreeSet<u32> = [-5, -3, -2, -1]
            .map(|d| u32::from(Day(add_days(TODAY, d))))
            .into();
        assert_eq!(streak(&days, TODAY), 3);
        let mut with_today = days.clone();
        with_today.insert(u32::from(Day(TODAY)));
        assert_eq!(streak(&with_today, TODAY), 4);
        assert_eq!(streak(&days, add_days(TODAY, 2)), 0);
    }

    #[test]
    fn tag_accuracy_adds_up_every_deck() {
        let decks = [deck("one"), deck("two")];
        let mut replay = Replay::new(&decks, TODAY);
        replay.event(review("one", true));
        replay.event(review("two", false));
        replay.event(review("two", true));
        assert_eq!(
            replay.tally.tag_accuracy(),
            HashMap::from([("safety".into(), 2.0 / 3.0)])
        );
    }

    /// Deck `id`: `cards` true/false cards `cN` (tags `tN mod 2` and `all`),
    /// then the cloze card `z` (tags `cloze` and `all`) with two deletions.
    fn three_cards(id: &str, cards: usize) -> Deck {
        let mut cards: Vec<String> = (0..cards)
            .map(|c| {
                format!(
                    r#"{{"id": "c{c}", "kind": "truefalse", "tags": ["t{}", "all"], "explanation": "e",
                      "source": {{"section": "S", "bullet": 1}}, "prompt": "P{c}", "answer": true}}"#,
                    c % 2
                )
            })
            .collect();
        cards.push(
            r#"{"id": "z", "kind": "cloze", "tags": ["cloze", "all"], "explanation": "e",
                "source": {"section": "S", "bullet": 1}, "text": "{{c1::a}} and {{c2::b}}"}"#
                .into(),
        );
        parse(&format!(
            r#"{{"format": 1, "id": "{id}", "title": "T", "cards": [{}]}}"#,
            cards.join(",")
        ))
        .unwrap()
    }

    /// The item keys the generated history draws from; the last is no card's.
    const KEYS: [&str; 6] = ["c0", "c1", "c2", "z:c1", "z:c2", "gone"];

    /// An exam on deck `d` on `TODAY`, its questions' cards picked from
    /// [`KEYS`], each with the tags `all` and `old` (a tag no card has now).
    fn exam(questions: &[(u8, bool)]) -> crate::store::ExamRecord {
        let now = crate::store::now();
        crate::store::ExamRecord {
            id: crate::store::new_id(),
            device: "test".into(),
            started: now,
            ended: now,
            day: TODAY,
            decks: vec!["d".into()],
            seed: 1,
            minutes: None,
            correct: questions.iter().filter(|q| q.1).count() as u32,
            questions: questions
                .iter()
                .map(|&(card, correct)| crate::store::ExamQuestion {
                    deck: "d".into(),
                    card: KEYS[usize::from(card)].into(),
                    tags: vec!["all".into(), "old".into()],
                    answer: None,
                    correct,
                    seconds: 1.0,
                    options: None,
                    picked: None,
                    overruled: false,
                })
                .collect(),
            learner: None,
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// The report from the store's figures is the report from a pass over
        /// the whole history, for the whole deck, for a deck that lost cards
        /// and for a deck narrowed by a tag. The outlines the figures are
        /// read through, narrowed by a tag or not, are those of the whole
        /// decks.
        #[test]
        fn the_report_from_the_stores_figures_equals_a_pass_over_the_log(
            answers in proptest::collection::vec(
                (0u8..5, 0i64..40, 1u8..=4, proptest::option::of(proptest::bool::ANY), 0u16..900, proptest::bool::ANY),
                0..25,
            ),
            exam_questions in proptest::option::of(
                proptest::collection::vec((0u8..6, proptest::bool::ANY), 1..5),
            ),
            tag in proptest::sample::select(vec!["T0", "t1", "CLOZE", "all"]),
        ) {
            use crate::deck::select::narrow;
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
                    ..Review::sample(KEYS[usize::from(card)], day, Rating::try_from(rating).unwrap())
                };
                let id = review.id.clone();
                store.append(&Event::Review(review)).unwrap();
                if undo {
                    store
                        .append(&Event::Undo { id: new_id(), undoes: id, time: crate::store::now() })
                        .unwrap();
                }
            }
            if let Some(questions) = &exam_questions {
                store.append(&Event::Exam(exam(questions))).unwrap();
            }
            store.save_snapshot().unwrap();
            drop(store);
            let mut store = Store::open(dir.path(), Access::Read, scheduler.clone()).unwrap();
            let options = Options { leech_threshold: 2, until: Some(add_days(TODAY, 3)) };
            let whole = three_cards("d", 3);
            let decks = [Outline::of(&whole)];
            let figures = store.aggregates().unwrap().clone();
            let report = |tally: Tally| tally.report(store.states(), &scheduler, &options);
            proptest::prop_assert_eq!(
                report(Tally::of(&decks, TODAY, &figures)),
                report(Replay::of_log(&decks, TODAY, dir.path()))
            );
            let fewer = [Outline::of(&three_cards("d", 1))];
            proptest::prop_assert_eq!(
                report(Tally::of(&fewer, TODAY, &figures)),
                report(Replay::of_log(&fewer, TODAY, dir.path()))
            );
            let lower = tag.to_lowercase();
            let by_tag: Vec<Outline> = decks
                .iter()
                .filter_map(|o| o.narrowed(|t| t.to_lowercase() == lower))
                .collect();
            let whole_by_tag = narrow(vec![whole], &[tag.to_string()]).unwrap();
            proptest::prop_assert_eq!(&by_tag, &whole_by_tag.iter().map(Outline::of).collect::<Vec<_>>());
            proptest::prop_assert_eq!(
                report(Tally::of(&by_tag, TODAY, &figures)),
                report(Replay::of_log(&by_tag, TODAY, dir.path()))
            );
        }
    }
}
