//! The study session as pure logic: which card comes next, what a failed
//! card does, the rating policy, undo, leeches and `--until`. No terminal, no
//! disk, no clock: the caller passes each answer with the time it took and the
//! current time, shows what the session returns and records its reviews.
//!
//! One answer goes: [`Study::current`] gives the question; [`Study::answer`]
//! grades the reply. A wrong auto-graded answer is rated Again at once and
//! its review comes back with the feedback, to be saved before the feedback
//! is shown; a right one (or a revealed flashcard) asks for a rating, and
//! [`Study::rate`] gives its review. [`Study::undo`] takes the last one back.

use std::collections::{HashMap, VecDeque};

use jiff::Timestamp;
use jiff::civil::Date;
use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{Rng, RngExt, SeedableRng};

use super::present::{self, acknowledgement, interval_label, plural};
use super::prompt::{Offers, Question, RateOption};
use super::schedule::{CardState, Intervals, Rating, Scheduler, days_between};
use crate::deck::{Card, Deck, Item};
use crate::engine::grade::{Grader, Response, Verdict};
use crate::store::{Answer, Event, Review, SessionRecord, States, new_id};
use crate::ui::sanitize::clean;

/// What the queue needs to know of one item.
#[derive(Debug, Clone)]
pub struct Candidate<K> {
    /// The item's identity.
    pub key: K,
    /// When it is due; `None` for a card never studied.
    pub due: Option<Date>,
    /// Predicted recall today (1.0 for new cards); the least likely come first.
    pub retrievability: f32,
}

/// How many cards a session may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// New cards allowed per study day.
    pub new: usize,
    /// Due cards allowed in this session.
    pub reviews: usize,
}

/// Orders a session: due cards first (earliest due, then least likely to be
/// recalled, then as listed), then new cards as listed, each within its
/// limit.
pub fn build_queue<K>(candidates: Vec<Candidate<K>>, today: Date, limits: Limits) -> Vec<K> {
    let (mut due, new): (Vec<_>, Vec<_>) = candidates
        .into_iter()
        .filter(|c| c.due.is_none_or(|d| d <= today))
        .enumerate()
        .partition(|(_, c)| c.due.is_some());
    // The place listed breaks ties, so ordering only the first `reviews` of
    // many due cards gives what sorting them all stably would.
    let order = |(a, x): &(usize, Candidate<K>), (b, y): &(usize, Candidate<K>)| {
        x.due
            .cmp(&y.due)
            .then(x.retrievability.total_cmp(&y.retrievability))
            .then(a.cmp(b))
    };
    if limits.reviews == 0 {
        due.clear();
    } else if limits.reviews < due.len() {
        due.select_nth_unstable_by(limits.reviews - 1, order);
        due.truncate(limits.reviews);
    }
    due.sort_unstable_by(order);
    due.into_iter()
        .chain(new.into_iter().take(limits.new))
        .map(|(_, c)| c.key)
        .collect()
}

/// How many cards later a failed card comes back.
pub const RELEARN_GAP: usize = 3;

/// What a session studies.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// New and due cards allowed.
    pub limits: Limits,
    /// An exam date: cards whose recall would fall below target by then count as due.
    pub until: Option<Date>,
    /// Study only leeches.
    pub leeches_only: bool,
    /// Lapses that make a card a leech.
    pub leech_threshold: u32,
    /// Once a card is shown, its siblings (other gaps of a cloze card, cards
    /// from the same summary bullet) wait for the next day.
    pub bury_siblings: bool,
    /// Seeds the shuffled order of new cards (the same seed, the same
    /// order); `None` keeps the order the decks list them in.
    pub seed: Option<u64>,
}

/// A running score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Cards answered, counting each showing.
    pub answered: u32,
    /// Auto-graded answers that were right.
    pub correct: u32,
    /// Auto-graded answers in all.
    pub graded: u32,
}

impl Score {
    /// Percent of graded answers that were right, if any were graded.
    pub fn percent(&self) -> Option<f64> {
        (self.graded > 0).then(|| 100.0 * f64::from(self.correct) / f64::from(self.graded))
    }
}

/// The card to show now.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// `[3/20] Deck title · tags`.
    pub heading: String,
    /// The question.
    pub question: Question,
    /// What the prompt offers besides an answer: `u` takes back the
    /// previous answer; `o` overrules its verdict when it was graded wrong.
    pub offers: Offers,
}

/// What an answer leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum Answered {
    /// A wrong auto-graded answer, rated Again: save `review`, then show
    /// `feedback` and `acknowledgement`.
    Recorded {
        /// The review to save before anything is shown.
        review: Review,
        /// Right or wrong, the answer, why, the source.
        feedback: Vec<String>,
        /// When the card comes back.
        acknowledgement: String,
    },
    /// A right answer or a revealed flashcard: show `feedback`, then ask for a
    /// rating among `options` and pass it to [`Study::rate`].
    Rate {
        /// Right or wrong, the answer, why, the source.
        feedback: Vec<String>,
        /// The ratings offered, with the interval each gives.
        options: Vec<RateOption>,
        /// The rating preselected.
        default: Rating,
    },
}

/// The learner said a wrong-graded answer was right: save `undo` (it takes
/// back the review rated Again), then ask for a rating among `options` and
/// pass it to [`Study::rate`], which records the answer as right.
#[derive(Debug, Clone, PartialEq)]
pub struct Overruled {
    /// Takes back the review the automatic verdict made.
    pub undo: Event,
    /// The ratings offered, with the interval each gives.
    pub options: Vec<RateOption>,
    /// The rating preselected.
    pub default: Rating,
}

/// A review made by [`Study::rate`], with the line confirming it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rated {
    /// The review to save.
    pub review: Review,
    /// When the card comes back.
    pub acknowledgement: String,
}

/// The end of a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Closing {
    /// The session's score, to log; `None` when nothing was answered.
    pub record: Option<SessionRecord>,
    /// The closing lines: score, time, what is due next, leeches.
    pub lines: Vec<String>,
}

/// One item of the session and its deck.
struct Entry<'d> {
    deck: &'d Deck,
    item: Item<'d>,
}

/// The summary bullet a card was built from: deck, section and number.
type Bullet<'d> = (&'d str, &'d str, u32);

/// One deck's share of a session, worked out apart from the other decks'
/// (on another core, in a large library): its entries, and in place beside
/// them their states; then their sibling groups, numbered within the deck.
struct DeckPart<'p, 'd> {
    deck: &'d Deck,
    entries: &'p [Entry<'d>],
    states: &'p mut [Option<CardState>],
    siblings: Siblings<'d>,
}

impl<'d> DeckPart<'_, 'd> {
    /// Fills in the part, its states looked up in `states`.
    fn work_out(&mut self, states: &States) {
        let known = states.get(&self.deck.id);
        for (entry, state) in self.entries.iter().zip(self.states.iter_mut()) {
            *state = known.and_then(|k| k.get(&*entry.item.key())).copied();
        }
        self.siblings = Siblings::of(self.deck, self.entries.iter().map(|e| &e.item));
    }
}

/// Whether `card`, of `deck`, draws on another deck's summary (a card of a
/// comparison deck, or one setting a trial beside its sibling): it is best
/// met once the trials it compares are.
fn comparing(deck: &Deck, card: &Card) -> bool {
    std::iter::once(&card.source)
        .chain(&card.also)
        .any(|source| source.deck.as_deref().is_some_and(|d| d != deck.id))
}

/// Each item's sibling group: the summary bullet its card was built from
/// (the gaps of one cloze card share their card's bullet), numbered from 0
/// in order of first appearance. Siblings answer each other, so a session
/// keeps them apart.
#[derive(Default)]
struct Siblings<'d> {
    /// Each item's group.
    of: Vec<usize>,
    /// The bullet of each group.
    bullets: Vec<Bullet<'d>>,
}

impl<'d> Siblings<'d> {
    /// The sibling groups of `items`, of `deck`.
    fn of<'i>(deck: &'d Deck, items: impl Iterator<Item = &'i Item<'d>>) -> Siblings<'d>
    where
        'd: 'i,
    {
        let mut numbers: HashMap<Bullet<'d>, usize> = HashMap::new();
        let mut bullets = Vec::new();
        // Cards of one bullet mostly stand together: the last one's group is
        // looked up only when the bullet changes.
        let mut last: Option<(Bullet<'d>, usize)> = None;
        let of = items
            .map(|item| {
                let source = &item.card.source;
                let bullet = (
                    source.deck.as_deref().unwrap_or(&deck.id),
                    source.section.as_str(),
                    source.bullet,
                );
                if let Some((_, group)) = last.filter(|(b, _)| *b == bullet) {
                    return group;
                }
                let group = *numbers.entry(bullet).or_insert_with(|| {
                    bullets.push(bullet);
                    bullets.len() - 1
                });
                last = Some((bullet, group));
                group
            })
            .collect();
        Siblings { of, bullets }
    }
}

/// The groups of decks' siblings taken together, in order: a bullet two
/// decks cite (a comparison deck's card citing a trial's) is one group.
fn joined_groups<'d, 'p>(parts: impl IntoIterator<Item = &'p Siblings<'d>>) -> Vec<usize>
where
    'd: 'p,
{
    let mut numbers: HashMap<Bullet<'d>, usize> = HashMap::new();
    let mut groups = Vec::new();
    for part in parts {
        let number: Vec<usize> = part
            .bullets
            .iter()
            .map(|bullet| {
                let next = numbers.len();
                *numbers.entry(*bullet).or_insert(next)
            })
            .collect();
        groups.extend(part.of.iter().map(|group| number[*group]));
    }
    groups
}

/// An answer waiting for its rating.
struct Pending {
    entry: usize,
    answer: Answer,
    fuzz: f64,
}

/// What taking back the last answer restores.
struct Taken {
    review: String,
    /// The answer as recorded, to record it again when overruled.
    answer: Answer,
    fuzz: f64,
    entry: usize,
    state: Option<CardState>,
    queue: VecDeque<usize>,
    score: Score,
}

/// A study session in progress.
pub struct Study<'d> {
    entries: Vec<Entry<'d>>,
    /// Each entry's scheduling state, kept as the store keeps it.
    states: Vec<Option<CardState>>,
    /// Each entry's sibling group.
    groups: Vec<usize>,
    /// Grades every answer, knowing the words and names of all the decks.
    grader: Grader<'d>,
    scheduler: Scheduler,
    today: Date,
    device: String,
    leech_threshold: u32,
    queue: VecDeque<usize>,
    score: Score,
    pending: Option<Pending>,
    last: Option<Taken>,
}

impl<'d> Study<'d> {
    /// A session over `decks` on study day `today`: due cards first (with
    /// `until`, also those whose recall would fall below target by then),
    /// then new ones within today's allowance; or only the leeches. `states`
    /// are the store's card states; reviews are stamped with `device`.
    pub fn new(
        decks: &'d [Deck],
        states: &States,
        scheduler: Scheduler,
        today: Date,
        plan: &Plan,
        device: String,
    ) -> Study<'d> {
        // Every deck's entries, in order; their states and what else orders
        // them are then worked out in place, deck by deck: at a large
        // library's size that is a good share of a start, so the decks are
        // split among the cores.
        let mut entries: Vec<Entry<'d>> =
            Vec::with_capacity(decks.iter().map(|d| d.cards.len()).sum());
        let mut sizes = Vec::with_capacity(decks.len());
        for deck in decks {
            let before = entries.len();
            entries.extend(deck.items().into_iter().map(|item| Entry { deck, item }));
            sizes.push(entries.len() - before);
        }
        let mut known = vec![None; entries.len()];
        let groups = {
            let mut parts = Vec::with_capacity(decks.len());
            let (mut entries, mut known) = (entries.as_slice(), known.as_mut_slice());
            for (deck, &size) in decks.iter().zip(&sizes) {
                let (own, entries_rest) = entries.split_at(size);
                let (states, known_rest) = known.split_at_mut(size);
                (entries, known) = (entries_rest, known_rest);
                parts.push(DeckPart {
                    deck,
                    entries: own,
                    states,
                    siblings: Siblings::default(),
                });
            }
            crate::parallel::each(
                &mut parts,
                |p| p.entries.len(),
                crate::parallel::WORTH_CARDS,
                |p| p.work_out(states),
            );
            joined_groups(parts.iter().map(|part| &part.siblings))
        };
        let states = known;
        // Asked only of the new cards a shuffled queue orders.
        let compares = |i: usize| comparing(entries[i].deck, entries[i].item.card);
        let queue = queue(&states, &groups, compares, &scheduler, today, plan).into();
        Study {
            entries,
            states,
            groups,
            grader: Grader::for_decks(decks),
            scheduler,
            today,
            device,
            leech_threshold: plan.leech_threshold,
            queue,
            score: Score::default(),
            pending: None,
            last: None,
        }
    }

    /// The card to show now, with its options shuffled by `rng`; `None` when
    /// the session is over (or a rating is still awaited).
    pub fn current(&self, rng: &mut impl Rng) -> Option<Shown> {
        if self.pending.is_some() {
            return None;
        }
        let entry = &self.entries[*self.queue.front()?];
        let done = self.score.answered as usize;
        Some(Shown {
            heading: format!(
                "\n[{}/{}] {} · {}",
                done + 1,
                done + self.queue.len(),
                clean(&entry.deck.title),
                clean(&entry.item.card.tags.join(", "))
            ),
            question: present::question(&entry.item, rng),
            offers: Offers {
                undo: self.last.is_some(),
                overrule: self
                    .last
                    .as_ref()
                    .is_some_and(|t| t.answer.correct == Some(false)),
            },
        })
    }

    /// Grades `response` to the current card, answered in `seconds`, at
    /// `now`. `rng` gives the fuzz that spreads cards learned together.
    pub fn answer(
        &mut self,
        response: Response,
        seconds: f64,
        now: Timestamp,
        rng: &mut impl Rng,
    ) -> Option<Answered> {
        let index = *self.queue.front()?;
        let entry = &self.entries[index];
        let verdict: Verdict = self.grader.grade(&entry.item, &response);
        let feedback = present::feedback(entry.deck, &entry.item, &verdict, &response);
        let answer = Answer {
            deck: entry.deck.id.clone(),
            card: entry.item.key().into_owned(),
            text: present::response_text(&response),
            correct: verdict.correct,
            seconds,
            overruled: false,
        };
        let fuzz: f64 = rng.random();
        let intervals = self
            .scheduler
            .intervals(self.states[index].as_ref(), self.today, fuzz);
        self.pending = Some(Pending {
            entry: index,
            answer,
            fuzz,
        });
        if verdict.correct == Some(false) {
            let rated = self.rate(Rating::Again, now)?;
            return Some(Answered::Recorded {
                review: rated.review,
                feedback,
                acknowledgement: rated.acknowledgement,
            });
        }
        // A right answer is rated Hard, Good or Easy; a flashcard any of four.
        let offered: &[Rating] = if verdict.correct.is_some() {
            &[Rating::Hard, Rating::Good, Rating::Easy]
        } else {
            &Rating::ALL
        };
        Some(Answered::Rate {
            feedback,
            options: rate_options(offered, &intervals),
            default: Rating::Good,
        })
    }

    /// The learner says the last answer, graded wrong, was right ("I was
    /// right"), at `now`: its review is taken back and the card is rated
    /// again as answered right. `None` when the last answer was not graded
    /// wrong or cannot be taken back.
    pub fn overrule(&mut self, now: Timestamp) -> Option<Overruled> {
        let taken = self
            .last
            .as_ref()
            .filter(|t| t.answer.correct == Some(false))?;
        let answer = Answer {
            correct: Some(true),
            overruled: true,
            ..taken.answer.clone()
        };
        let fuzz = taken.fuzz;
        let undo = self.undo(now)?;
        let index = *self.queue.front()?;
        let intervals = self
            .scheduler
            .intervals(self.states[index].as_ref(), self.today, fuzz);
        self.pending = Some(Pending {
            entry: index,
            answer,
            fuzz,
        });
        Some(Overruled {
            undo,
            options: rate_options(&[Rating::Hard, Rating::Good, Rating::Easy], &intervals),
            default: Rating::Good,
        })
    }

    /// Rates the answer awaiting a rating, at `now`: the card's next state
    /// and due day, its review, and its place in the queue (a card rated Again
    /// comes back [`RELEARN_GAP`] cards later).
    pub fn rate(&mut self, rating: Rating, now: Timestamp) -> Option<Rated> {
        let pending = self.pending.take()?;
        let index = pending.entry;
        let before = self.states[index];
        let next = self
            .scheduler
            .schedule(before.as_ref(), rating, self.today, pending.fuzz);
        let correct = pending.answer.correct;
        let review = Review::new(
            new_id(),
            self.device.clone(),
            pending.answer.clone(),
            now,
            self.today,
            rating,
            next.due,
        );
        self.last = Some(Taken {
            review: review.id.clone(),
            answer: pending.answer,
            fuzz: pending.fuzz,
            entry: index,
            state: before,
            queue: self.queue.clone(),
            score: self.score,
        });
        self.states[index] = Some(next.state);
        self.queue.pop_front();
        self.score.answered += 1;
        if let Some(right) = correct {
            self.score.graded += 1;
            self.score.correct += u32::from(right);
        }
        // Rated Again, or still below a day of stability: a learning step.
        if next.interval == 0 {
            let at = self.relearn_position(index);
            self.queue.insert(at, index);
        }
        Some(Rated {
            review,
            acknowledgement: acknowledgement(rating, next.interval, self.today),
        })
    }

    /// Where a card back for relearning goes: [`RELEARN_GAP`] cards on (or
    /// last, if fewer remain), moved further until it sits beside no sibling.
    fn relearn_position(&self, index: usize) -> usize {
        let group = self.groups[index];
        let sibling = |at: usize| {
            self.queue
                .get(at)
                .is_some_and(|&i| i != index && self.groups[i] == group)
        };
        (RELEARN_GAP.min(self.queue.len())..=self.queue.len())
            .find(|&at| !(sibling(at) || (at > 0 && sibling(at - 1))))
            .unwrap_or(self.queue.len())
    }

    /// The learner quit while a rating was awaited: a graded answer is kept
    /// at Good; a flashcard's reveal is not recorded.
    pub fn rate_on_quit(&mut self, now: Timestamp) -> Option<Rated> {
        match &self.pending {
            Some(p) if p.answer.correct.is_some() => self.rate(Rating::Good, now),
            _ => {
                self.pending = None;
                None
            }
        }
    }

    /// Takes back the last answer at `now`: its card is current again, with
    /// the state and score before it. Gives the undo record to save; `None`
    /// when there is nothing to take back (only the last answer can be).
    pub fn undo(&mut self, now: Timestamp) -> Option<Event> {
        let taken = self.last.take()?;
        self.pending = None;
        self.states[taken.entry] = taken.state;
        self.queue = taken.queue;
        self.score = taken.score;
        Some(Event::Undo {
            id: new_id(),
            undoes: taken.review,
            time: now,
        })
    }

    /// The score so far.
    pub fn score(&self) -> Score {
        self.score
    }

    /// Why there is nothing to study, when the session is empty from the start.
    pub fn nothing_to_study(&self, plan: &Plan) -> Option<String> {
        if !self.queue.is_empty() {
            return None;
        }
        Some(if plan.leeches_only {
            format!(
                "No leeches: no card was forgotten {} times or more.",
                plan.leech_threshold
            )
        } else {
            format!("Nothing to study now. {}", self.next_due())
        })
    }

    /// The end of the session that ran from `started` to `ended`.
    pub fn closing(&self, started: Timestamp, ended: Timestamp) -> Closing {
        let score = self.score;
        let record = (score.answered > 0).then(|| SessionRecord {
            id: new_id(),
            started,
            ended,
            answered: score.answered,
            correct: score.correct,
            graded: score.graded,
        });
        let seconds = ended.duration_since(started).as_secs().max(0);
        let right = match score.percent() {
            Some(p) => format!(", {} of {} right ({p:.0}%)", score.correct, score.graded),
            None => String::new(),
        };
        let mut lines = vec![format!(
            "\nSession over: {} answered{right}, {}m {:02}s.\n{}",
            score.answered,
            seconds / 60,
            seconds % 60,
            self.next_due()
        )];
        lines.extend(self.leeches());
        Closing { record, lines }
    }

    /// The leeches of the session's decks as closing lines, if there are any.
    fn leeches(&self) -> Option<String> {
        let threshold = self.leech_threshold;
        let lines: Vec<String> = self
            .entries
            .iter()
            .zip(&self.states)
            .filter_map(|(entry, state)| {
                let state = state.as_ref().filter(|s| s.is_leech(threshold))?;
                Some(format!(
                    "  {} ({} lapses): {}",
                    clean(&entry.item.key()),
                    state.lapses,
                    clean(&entry.item.prompt())
                ))
            })
            .collect();
        (!lines.is_empty()).then(|| {
            format!(
                "Leeches, forgotten {threshold} times or more ({}); drill them with `trialdrill study --leeches`:\n{}",
                lines.len(),
                lines.join("\n")
            )
        })
    }

    /// When the next cards are due, as a sentence.
    fn next_due(&self) -> String {
        let today = self.today;
        let mut due_now = 0;
        let mut next: Option<(Date, usize)> = None;
        for state in self.states.iter().flatten() {
            if state.due <= today {
                due_now += 1;
            } else {
                next = match next {
                    Some((day, n)) if day == state.due => Some((day, n + 1)),
                    Some((day, n)) if day < state.due => Some((day, n)),
                    _ => Some((state.due, 1)),
                };
            }
        }
        let later = match next {
            Some((day, n)) => {
                let when = match days_between(today, day) {
                    1 => format!("tomorrow ({day})"),
                    d => format!("in {d} days ({day})"),
                };
                format!("Next: {n} card{} due {when}.", plural(n))
            }
            None => "No reviews scheduled yet.".into(),
        };
        if due_now > 0 {
            format!("{due_now} card{} still due today. {later}", plural(due_now))
        } else {
            later
        }
    }
}

/// The rating buttons for `ratings`, each with the interval it gives.
fn rate_options(ratings: &[Rating], intervals: &Intervals) -> Vec<RateOption> {
    ratings
        .iter()
        .map(|&rating| RateOption {
            rating,
            label: format!(
                "{} ({})",
                rating.label(),
                interval_label(intervals.get(rating))
            ),
        })
        .collect()
}

/// The session's queue, as indices into `states`: due cards first (with
/// `until`, also those whose recall would fall below target by then, unless
/// already reviewed today), then new ones within today's allowance in a
/// seeded shuffle, cards that [compare trials](comparing) after the
/// trials' own; or only the leeches. With `bury_siblings`, a group a card of which was reviewed
/// today, or is already queued, sends no other card. Siblings never stand
/// side by side.
fn queue(
    states: &[Option<CardState>],
    groups: &[usize],
    compares: impl Fn(usize) -> bool,
    scheduler: &Scheduler,
    today: Date,
    plan: &Plan,
) -> Vec<usize> {
    let introduced_today = states
        .iter()
        .flatten()
        .filter(|s| s.introduced == today)
        .count();
    // The group of each card reviewed today, to bury its siblings.
    let mut reviewed_today: HashMap<usize, usize> = HashMap::new();
    if plan.bury_siblings {
        for (i, state) in states.iter().enumerate() {
            if state.is_some_and(|s| s.last_review == today) {
                reviewed_today.entry(groups[i]).or_insert(i);
            }
        }
    }
    let buried = |i: usize| {
        reviewed_today
            .get(&groups[i])
            .is_some_and(|&shown| shown != i)
    };
    let studied = |i: usize, state: &Option<CardState>| {
        !buried(i)
            && (!plan.leeches_only || state.is_some_and(|s| s.is_leech(plan.leech_threshold)))
    };
    let mut candidates: Vec<Candidate<usize>> = Vec::new();
    let mut new: Vec<usize> = Vec::new();
    for (i, state) in states.iter().enumerate() {
        if !studied(i, state) {
            continue;
        }
        let Some(s) = state else {
            new.push(i);
            continue;
        };
        let forward = plan.leeches_only
            || plan
                .until
                .is_some_and(|day| s.last_review < today && scheduler.below_target_on(s, day));
        let due = if forward { s.due.min(today) } else { s.due };
        // A card due later is never queued: its recall is not worked out.
        if due <= today {
            candidates.push(Candidate {
                key: i,
                due: Some(due),
                retrievability: scheduler.retrievability(s, today),
            });
        }
    }
    // New cards in a seeded shuffle, so one card's explanation does not
    // answer the next card of the deck.
    if let Some(seed) = plan.seed {
        new.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    }
    let limits = Limits {
        new: plan.limits.new.saturating_sub(introduced_today),
        ..plan.limits
    };
    // Only the new cards the queue can take become candidates; in the
    // shuffled order, the trials' own before cards comparing them.
    let taken = match plan.seed {
        Some(_) => trials_first(new, limits.new, compares),
        None => new.into_iter().take(limits.new).collect(),
    };
    candidates.extend(taken.into_iter().map(|key| Candidate {
        key,
        due: None,
        retrievability: 1.0,
    }));
    let mut queued = build_queue(candidates, today, limits);
    if plan.bury_siblings {
        let mut sent = std::collections::HashSet::new();
        queued.retain(|&i| sent.insert(groups[i]));
    }
    apart(queued, groups)
}

/// The first `wanted` of `new` (in their order) with the cards that
/// [compare trials](comparing) put after all the others: what a stable
/// partition would give, asking `compares` only until enough are found (a
/// large deck's new cards lie in shuffled order, each card a fresh read).
fn trials_first(new: Vec<usize>, wanted: usize, compares: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut taken = Vec::with_capacity(wanted.min(new.len()));
    let mut comparisons = Vec::new();
    for i in new {
        if taken.len() == wanted {
            break;
        }
        if compares(i) {
            comparisons.push(i);
        } else {
            taken.push(i);
        }
    }
    // Too few of the trials' own: those comparing them fill the rest.
    let rest = wanted - taken.len();
    taken.extend(comparisons.into_iter().take(rest));
    taken
}

/// `queue` reordered so that no two neighbours are siblings, keeping its
/// order as far as it can: each place takes the first waiting card of
/// another group than the card before it; a card that only siblings would
/// follow goes back into the earliest gap between two cards of other groups.
fn apart(queue: Vec<usize>, groups: &[usize]) -> Vec<usize> {
    let mut waiting: VecDeque<usize> = queue.into();
    let mut placed: Vec<usize> = Vec::with_capacity(waiting.len());
    while !waiting.is_empty() {
        let last = placed.last().map(|&i| groups[i]);
        match waiting.iter().position(|&i| Some(groups[i]) != last) {
            Some(at) => placed.extend(waiting.remove(at)),
            None => {
                let Some(card) = waiting.pop_front() else {
                    break;
                };
                let group = groups[card];
                let fits = |at: usize| {
                    (at == 0 || groups[placed[at - 1]] != group)
                        && placed.get(at).is_none_or(|&next| groups[next] != group)
                };
                let at = (0..=placed.len())
                    .find(|&at| fits(at))
                    .unwrap_or(placed.len());
                placed.insert(at, card);
            }
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;
    use crate::engine::schedule::add_days;
    use jiff::civil::date;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    const MINI: &str = include_str!("../../tests/fixtures/mini.json");
    const TODAY: Date = date(2026, 3, 10);
    const LEECH: u32 = 8;

    fn deck() -> Deck {
        parse(MINI).unwrap()
    }

    fn plan() -> Plan {
        Plan {
            limits: Limits {
                new: 20,
                reviews: 200,
            },
            until: None,
            leeches_only: false,
            leech_threshold: LEECH,
            bury_siblings: true,
            seed: None,
        }
    }

    fn now() -> Timestamp {
        "2026-03-10T09:00:00Z".parse().unwrap()
    }

    fn due(key: &'static str, day: Date, r: f32) -> Candidate<&'static str> {
        Candidate {
            key,
            due: Some(day),
            retrievability: r,
        }
    }

    fn new(key: &'static str) -> Candidate<&'static str> {
        Candidate {
            key,
            due: None,
            retrievability: 1.0,
        }
    }

    /// Card states after `reviews` of the mini deck: (card, day, rating, interval).
    fn states(reviews: &[(&str, Date, Rating, i64)]) -> States {
        let s = Scheduler::default_params();
        let mut states = States::new();
        for &(card, day, rating, interval) in reviews {
            let cards = states.entry("mini".into()).or_default();
            let before = cards.get(card).copied();
            let next = s.apply(before.as_ref(), rating, day, add_days(day, interval));
            cards.insert(card.into(), next);
        }
        states
    }

    fn study<'d>(decks: &'d [Deck], states: &States, today: Date, plan: &Plan) -> Study<'d> {
        Study::new(
            decks,
            states,
            Scheduler::default_params(),
            today,
            plan,
            "device".into(),
        )
    }

    fn keys(study: &Study<'_>) -> Vec<String> {
        study
            .queue
            .iter()
            .map(|&i| study.entries[i].item.key().into_owned())
            .collect()
    }

    /// The queue of a first session over `decks` with `plan`, its new cards
    /// shuffled by `seed`.
    fn seeded(decks: &[Deck], plan: &Plan, seed: u64) -> Vec<String> {
        let plan = Plan {
            seed: Some(seed),
            ..*plan
        };
        keys(&study(decks, &States::new(), TODAY, &plan))
    }

    /// Answers the current card with `response` and, when asked, rates it Good.
    fn answer(study: &mut Study<'_>, response: Response, rng: &mut ChaCha8Rng) -> Review {
        match study.answer(response, 2.0, now(), rng).unwrap() {
            Answered::Recorded { review, .. } => review,
            Answered::Rate { default, .. } => study.rate(default, now()).unwrap().review,
        }
    }

    #[test]
    fn due_cards_come_first_then_new_ones_within_limits() {
        let candidates = vec![
            new("n1"),
            due("later", date(2026, 3, 11), 0.9),
            due("d-weak", TODAY, 0.5),
            new("n2"),
            due("overdue", date(2026, 3, 1), 0.95),
            due("d-strong", TODAY, 0.8),
            new("n3"),
        ];
        let limits = Limits {
            new: 2,
            reviews: 10,
        };
        assert_eq!(
            build_queue(candidates.clone(), TODAY, limits),
            vec!["overdue", "d-weak", "d-strong", "n1", "n2"]
        );
        let tight = Limits { new: 0, reviews: 2 };
        assert_eq!(
            build_queue(candidates, TODAY, tight),
            vec!["overdue", "d-weak"]
        );
    }

    proptest::proptest! {
        #[test]
        fn the_queue_orders_due_cards_as_a_stable_sort_of_them_all_would(
            cards in proptest::collection::vec((proptest::option::of(-3i64..3), 0u8..3), 0..60),
            reviews in 0usize..70,
            new_limit in 0usize..5,
        ) {
            // Few days and recalls, so ties are common.
            let candidates: Vec<Candidate<usize>> = cards
                .iter()
                .enumerate()
                .map(|(key, &(day, r))| Candidate {
                    key,
                    due: day.map(|d| add_days(TODAY, d)),
                    retrievability: f32::from(r) / 4.0,
                })
                .collect();
            let (mut due, new): (Vec<_>, Vec<_>) = candidates
                .iter()
                .filter(|c| c.due.is_none_or(|d| d <= TODAY))
                .partition(|c| c.due.is_some());
            due.sort_by(|a, b| {
                a.due
                    .cmp(&b.due)
                    .then(a.retrievability.total_cmp(&b.retrievability))
            });
            let expected: Vec<usize> = due
                .into_iter()
                .take(reviews)
                .chain(new.into_iter().take(new_limit))
                .map(|c| c.key)
                .collect();
            let limits = Limits { new: new_limit, reviews };
            proptest::prop_assert_eq!(build_queue(candidates, TODAY, limits), expected);
        }
    }

    #[test]
    fn a_failed_card_comes_back_later_in_the_session() {
        let decks = [deck()];
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut s = study(&decks, &States::new(), TODAY, &plan());
        assert_eq!(keys(&s), ["colour", "water", "legs"]);
        // colour wrong: back after RELEARN_GAP cards, or last if fewer remain.
        let review = answer(&mut s, Response::Choices(vec!["Crimson".into()]), &mut rng);
        assert_eq!(
            (review.rating, review.correct),
            (Rating::Again, Some(false))
        );
        assert_eq!(review.due, TODAY);
        assert_eq!(keys(&s), ["water", "legs", "colour"]);
        answer(&mut s, Response::Bool(true), &mut rng);
        answer(&mut s, Response::Text("8".into()), &mut rng);
        // Right now, colour stays in the session until it is a day stable.
        let mut steps = 0;
        while s.current(&mut rng).is_some() {
            let again = answer(&mut s, Response::Choices(vec!["Azure".into()]), &mut rng);
            assert_eq!(again.rating, Rating::Good);
            steps += 1;
        }
        assert!(steps >= 1, "{steps}");
        assert_eq!(
            s.score(),
            Score {
                answered: 3 + steps,
                correct: 2 + steps,
                graded: 3 + steps
            }
        );
    }

    #[test]
    fn a_session_never_forgives_a_typo_into_a_name_of_another_of_its_decks() {
        let typed = parse(
            r#"{"format": 1, "id": "a", "title": "A", "cards": [
              {"id": "device", "kind": "typed", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 1},
               "prompt": "Which stent retriever was used?", "answers": ["Trevo"]}]}"#,
        )
        .unwrap();
        let other = parse(
            r#"{"format": 1, "id": "b", "title": "B", "cards": [
              {"id": "other", "kind": "choice", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 1},
               "prompt": "Which device did another trial use?",
               "choices": ["Treva", "Solitaire"], "answers": ["Solitaire"]}]}"#,
        )
        .unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let alone = [typed.clone()];
        let mut s = study(&alone, &States::new(), TODAY, &plan());
        let Some(Answered::Rate { feedback, .. }) =
            s.answer(Response::Text("Treva".into()), 2.0, now(), &mut rng)
        else {
            panic!("alone, the deck forgives the slip");
        };
        assert!(
            feedback[0].contains("Right (spelling: Trevo)"),
            "{feedback:?}"
        );
        let both = [typed, other];
        let mut s = study(&both, &States::new(), TODAY, &plan());
        assert_eq!(s.entries[*s.queue.front().unwrap()].item.key(), "device");
        let answered = s.answer(Response::Text("Treva".into()), 2.0, now(), &mut rng);
        assert!(
            matches!(answered, Some(Answered::Recorded { ref review, .. }) if review.correct == Some(false)),
            "{answered:?}"
        );
    }

    #[test]
    fn reviews_carry_the_answer_the_time_and_the_scheduled_day() {
        let decks = [deck()];
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut s = study(&decks, &States::new(), TODAY, &plan());
        let Some(Answered::Rate { options, .. }) = s.answer(
            Response::Choices(vec!["Azure".into()]),
            4.5,
            now(),
            &mut rng,
        ) else {
            panic!("a right answer asks for a rating");
        };
        let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(labels, ["Hard (1 day)", "Good (2 days)", "Easy (8 days)"]);
        let rated = s.rate(Rating::Good, now()).unwrap();
        let r = rated.review;
        assert_eq!((r.deck.as_str(), r.card.as_str()), ("mini", "colour"));
        assert_eq!((r.answer.as_str(), r.seconds), ("Azure", 4.5));
        assert_eq!((r.time, r.day, r.due), (now(), TODAY, add_days(TODAY, 2)));
        assert_eq!(r.device, "device");
        assert_eq!(
            rated.acknowledgement,
            "  → Good · next review in 2 days (2026-03-12)"
        );
    }

    #[test]
    fn undo_shows_the_last_card_again_with_the_state_and_score_before_it() {
        let decks = [deck()];
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let history = states(&[("water", add_days(TODAY, -3), Rating::Good, 3)]);
        let mut s = study(&decks, &history, TODAY, &plan());
        assert_eq!(keys(&s)[0], "water");
        let before = s.states.clone();
        let wrong = answer(&mut s, Response::Bool(false), &mut rng);
        assert!(s.current(&mut rng).unwrap().offers.undo);
        let Some(Event::Undo { undoes, time, .. }) = s.undo(now()) else {
            panic!("the last answer can be taken back");
        };
        assert_eq!((undoes, time), (wrong.id, now()));
        assert_eq!(s.states, before);
        assert_eq!(s.score(), Score::default());
        assert_eq!(keys(&s)[0], "water");
        assert!(!s.current(&mut rng).unwrap().offers.undo);
        assert!(
            s.undo(now()).is_none(),
            "only the last answer can be taken back"
        );
        // The failed card is no longer queued for relearning.
        answer(&mut s, Response::Bool(true), &mut rng);
        assert_eq!(keys(&s), ["colour", "legs"]);
    }

    #[test]
    fn quitting_at_the_rating_keeps_a_graded_answer_at_good_but_not_a_reveal() {
        let decks = [parse(
            r#"{"format": 1, "id": "b", "title": "B", "cards": [
              {"id": "f", "kind": "basic", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 1}, "front": "F", "back": "B"}]}"#,
        )
        .unwrap()];
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut s = study(&decks, &States::new(), TODAY, &plan());
        s.answer(Response::Revealed, 1.0, now(), &mut rng).unwrap();
        assert!(s.rate_on_quit(now()).is_none());
        let minis = [deck()];
        let mut s = study(&minis, &States::new(), TODAY, &plan());
        s.answer(
            Response::Choices(vec!["Azure".into()]),
            1.0,
            now(),
            &mut rng,
        )
        .unwrap();
        assert_eq!(s.rate_on_quit(now()).unwrap().review.rating, Rating::Good);
    }

    #[test]
    fn until_brings_forward_exactly_the_cards_below_target_on_the_date() {
        let day0 = date(2026, 3, 1);
        // colour: one Good review on day 19 (stability 2.3 days), due day 21;
        // water: Easy on days 0, 3 and 13 (stability far above 17 days);
        // legs: one Easy review on day 15 (stability 8.3 days), due day 24.
        let history = states(&[
            ("water", day0, Rating::Easy, 3),
            ("water", add_days(day0, 3), Rating::Easy, 10),
            ("water", add_days(day0, 13), Rating::Easy, 30),
            ("legs", add_days(day0, 15), Rating::Easy, 9),
            ("colour", add_days(day0, 19), Rating::Good, 2),
        ]);
        let today = add_days(day0, 20);
        let until = add_days(day0, 30);
        let decks = [deck()];
        // By day 30, colour (11 days past a 2.3-day stability) and legs (15
        // days past 8.3) fall below 0.9; water (17 days after its third Easy)
        // does not.
        let s = Scheduler::default_params();
        let below: Vec<&str> = ["colour", "legs", "water"]
            .into_iter()
            .filter(|c| s.below_target_on(&history["mini"][*c], until))
            .collect();
        assert_eq!(below, ["colour", "legs"]);
        let with_until = Plan {
            until: Some(until),
            ..plan()
        };
        let mut got = keys(&study(&decks, &history, today, &with_until));
        got.sort();
        assert_eq!(got, below);
        // Without --until nothing is due yet.
        assert!(keys(&study(&decks, &history, today, &plan())).is_empty());
    }

    #[test]
    fn leeches_are_cards_forgotten_as_often_as_the_threshold() {
        let day0 = date(2026, 3, 1);
        // A first Again is no lapse (the card was not learned yet).
        let mut reviews = Vec::new();
        for (card, lapses) in [("colour", LEECH), ("water", LEECH - 1)] {
            reviews.push((card, day0, Rating::Good, 1));
            for n in 1..=lapses {
                reviews.push((card, add_days(day0, n.into()), Rating::Again, 0));
            }
        }
        let history = states(&reviews);
        assert_eq!(history["mini"]["colour"].lapses, LEECH);
        let decks = [deck()];
        let leeches_only = Plan {
            leeches_only: true,
            ..plan()
        };
        let later = date(2026, 4, 1);
        assert_eq!(
            keys(&study(&decks, &history, later, &leeches_only)),
            ["colour"]
        );
        let lower = Plan {
            leech_threshold: LEECH - 1,
            ..leeches_only
        };
        let mut both = keys(&study(&decks, &history, later, &lower));
        both.sort();
        assert_eq!(both, ["colour", "water"]);
        let closing = study(&decks, &history, later, &plan()).closing(now(), now());
        let listed = closing.lines.join("\n");
        assert!(listed.contains("colour (8 lapses)"), "{listed}");
        assert!(!listed.contains("water"), "{listed}");
        assert!(closing.record.is_none(), "nothing answered, nothing logged");
    }

    #[test]
    fn new_cards_already_introduced_today_count_against_the_allowance() {
        let decks = [deck()];
        let history = states(&[("colour", TODAY, Rating::Good, 2)]);
        let one_new = Plan {
            limits: Limits {
                new: 2,
                reviews: 200,
            },
            ..plan()
        };
        assert_eq!(keys(&study(&decks, &history, TODAY, &one_new)), ["water"]);
    }

    #[test]
    fn progress_counts_relearning_cards() {
        let decks = [deck()];
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut s = study(&decks, &States::new(), TODAY, &plan());
        assert!(s.current(&mut rng).unwrap().heading.contains("[1/3]"));
        answer(&mut s, Response::Choices(vec!["Crimson".into()]), &mut rng);
        assert!(s.current(&mut rng).unwrap().heading.contains("[2/4]"));
        assert_eq!(s.score().percent(), Some(0.0));
    }

    /// A deck of `bullets` summary bullets with `per_bullet` true/false
    /// cards each, plus a two-gap cloze card on bullet 1.
    fn siblings_deck(bullets: u32, per_bullet: u32) -> Deck {
        let mut cards = Vec::new();
        for b in 1..=bullets {
            for n in 0..per_bullet {
                cards.push(format!(
                    r#"{{"id": "b{b}-{n}", "kind": "truefalse", "tags": ["t"], "explanation": "e",
                       "source": {{"section": "S", "bullet": {b}}}, "prompt": "P{b}-{n}", "answer": true}}"#
                ));
            }
        }
        cards.push(
            r#"{"id": "cz", "kind": "cloze", "tags": ["t"], "explanation": "e",
                "source": {"section": "S", "bullet": 1}, "text": "{{c1::a}} and {{c2::b}}"}"#
                .into(),
        );
        deck_of("sib", &cards)
    }

    /// A deck `id` of the cards' JSON.
    fn deck_of(id: &str, cards: &[String]) -> Deck {
        parse(&format!(
            r#"{{"format": 1, "id": "{id}", "title": "T", "cards": [{}]}}"#,
            cards.join(",")
        ))
        .unwrap()
    }

    /// A true/false card's JSON, from the bullet `source` (JSON too).
    fn card(id: &str, source: &str) -> String {
        format!(
            r#"{{"id": "{id}", "kind": "truefalse", "tags": ["t"], "explanation": "e",
               "source": {source}, "prompt": "P{id}", "answer": true}}"#
        )
    }

    #[test]
    fn cards_of_one_bullet_share_a_group_wherever_they_stand() {
        let one = r#"{"section": "S", "bullet": 1}"#;
        let two = r#"{"section": "S", "bullet": 2}"#;
        let own_two = r#"{"deck": "sib", "section": "S", "bullet": 2}"#;
        let other_two = r#"{"deck": "other", "section": "S", "bullet": 2}"#;
        let other_section = r#"{"section": "T", "bullet": 1}"#;
        let cards = [
            card("a", one),
            card("b", one),
            card("c", two),
            card("d", one),
            card("e", own_two),
            card("f", other_two),
            card("g", other_section),
            card("h", two),
        ];
        let sib = deck_of("sib", &cards);
        let alone = Siblings::of(&sib, sib.items().iter());
        assert_eq!(alone.of, [0, 0, 1, 0, 1, 2, 3, 1]);
        // Another deck citing `other`'s bullet 2 and its own: the first joins
        // `sib`'s group for it, the second is a group of its own.
        let other = deck_of("other", &[card("x", two), card("y", other_section)]);
        let parts = [alone, Siblings::of(&other, other.items().iter())];
        assert_eq!(joined_groups(&parts), [0, 0, 1, 0, 1, 2, 3, 1, 2, 4]);
    }

    fn bullet_of(key: &str) -> &str {
        if key.starts_with("cz") {
            "b1"
        } else {
            key.split('-').next().unwrap()
        }
    }

    #[test]
    fn siblings_are_never_side_by_side_and_buried_by_default() {
        let decks = [siblings_deck(4, 3)];
        let open = Plan {
            bury_siblings: false,
            seed: Some(3),
            ..plan()
        };
        for seed in 0..20 {
            let order = seeded(&decks, &open, seed);
            assert_eq!(order.len(), 14, "{order:?}");
            for pair in order.windows(2) {
                assert_ne!(bullet_of(&pair[0]), bullet_of(&pair[1]), "{order:?}");
            }
        }
        // Buried: one card per bullet today.
        let buried = keys(&study(
            &decks,
            &States::new(),
            TODAY,
            &Plan {
                bury_siblings: true,
                ..open
            },
        ));
        let mut bullets: Vec<&str> = buried.iter().map(|k| bullet_of(k)).collect();
        bullets.sort_unstable();
        assert_eq!(bullets, ["b1", "b2", "b3", "b4"]);
        // A card of bullet 2 reviewed today buries the rest of bullet 2, but
        // not itself (it may be due again today).
        let history = States::from([(
            "sib".to_string(),
            HashMap::from([(
                "b2-0".to_string(),
                Scheduler::default_params().apply(None, Rating::Again, TODAY, TODAY),
            )]),
        )]);
        let later = keys(&study(
            &decks,
            &history,
            TODAY,
            &Plan {
                bury_siblings: true,
                ..open
            },
        ));
        assert!(later.contains(&"b2-0".to_string()), "{later:?}");
        assert!(
            !later.iter().any(|k| k.starts_with("b2-") && k != "b2-0"),
            "{later:?}"
        );
    }

    #[test]
    fn a_relearning_card_is_not_put_beside_its_sibling() {
        let decks = [siblings_deck(3, 3)];
        let open = Plan {
            bury_siblings: false,
            ..plan()
        };
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut s = study(&decks, &States::new(), TODAY, &open);
        // Fail the first three cards: each comes back RELEARN_GAP cards on, or
        // further, but never beside a card of its own bullet.
        for _ in 0..3 {
            let failed = keys(&s)[0].clone();
            answer(&mut s, Response::Bool(false), &mut rng);
            let order = keys(&s);
            let at = order.iter().position(|k| *k == failed).unwrap();
            assert!(at >= RELEARN_GAP, "{order:?}");
            for neighbour in [at.checked_sub(1), Some(at + 1)].into_iter().flatten() {
                if let Some(next) = order.get(neighbour) {
                    assert_ne!(bullet_of(next), bullet_of(&failed), "{order:?}");
                }
            }
        }
    }

    #[test]
    fn new_cards_come_in_a_seeded_shuffle() {
        let decks = [siblings_deck(12, 1)];
        let open = Plan {
            bury_siblings: false,
            ..plan()
        };
        let in_order = keys(&study(&decks, &States::new(), TODAY, &open));
        let seeded = |seed| seeded(&decks, &open, seed);
        assert_eq!(seeded(5), seeded(5));
        assert_ne!(seeded(5), in_order);
        assert_ne!(seeded(5), seeded(6));
        let mut sorted = seeded(5);
        sorted.sort();
        let mut all = in_order.clone();
        all.sort();
        assert_eq!(sorted, all, "the same cards, in another order");
    }

    #[test]
    fn new_cards_comparing_trials_come_after_the_trials_own() {
        let bullet = |n: u32| format!(r#"{{"section": "S", "bullet": {n}}}"#);
        let cited = |n: u32| format!(r#"{{"deck": "trial", "section": "S", "bullet": {n}}}"#);
        // Listed first, the comparison deck; its last card cites its own
        // bullet but sets the trial beside it through `also`.
        let also = format!(
            r#"{{"id": "x3", "kind": "truefalse", "tags": ["t"], "explanation": "e",
               "source": {}, "also": [{}], "prompt": "Px3", "answer": true}}"#,
            bullet(9),
            cited(3)
        );
        let decks = [
            deck_of(
                "both",
                &[card("x1", &cited(1)), card("x2", &cited(2)), also],
            ),
            deck_of(
                "trial",
                &(1..=6)
                    .map(|n| card(&format!("t{n}"), &bullet(n)))
                    .collect::<Vec<_>>(),
            ),
        ];
        let open = Plan {
            bury_siblings: false,
            ..plan()
        };
        for seed in 1..=8 {
            let queued = seeded(&decks, &open, seed);
            let comparing: Vec<bool> = queued.iter().map(|k| k.starts_with('x')).collect();
            assert_eq!(
                comparing,
                [false; 6]
                    .iter()
                    .chain(&[true; 3])
                    .copied()
                    .collect::<Vec<_>>(),
                "{queued:?}"
            );
            // Within today's allowance, the trial's own cards are taken first.
            let four = Plan {
                limits: Limits {
                    new: 4,
                    ..open.limits
                },
                seed: Some(seed),
                ..open
            };
            assert!(
                keys(&study(&decks, &States::new(), TODAY, &four))
                    .iter()
                    .all(|k| k.starts_with('t'))
            );
        }
        // In order, the decks' own order stands.
        assert_eq!(
            keys(&study(&decks, &States::new(), TODAY, &open))[..3],
            ["x1", "x2", "x3"]
        );
    }

    #[test]
    fn trials_first_keeps_the_order_and_asks_only_until_enough_are_found() {
        let compares = |i: usize| i.is_multiple_of(3);
        assert_eq!(
            trials_first(vec![0, 1, 2, 3, 4, 5], 10, compares),
            [1, 2, 4, 5, 0, 3]
        );
        assert_eq!(trials_first(vec![0, 1, 2, 3, 4, 5], 3, compares), [1, 2, 4]);
        let asked = std::cell::Cell::new(0);
        let counted = |i| {
            asked.set(asked.get() + 1);
            compares(i)
        };
        assert_eq!(trials_first((0..100_000).collect(), 2, counted), [1, 2]);
        assert_eq!(asked.get(), 3);
    }

    #[test]
    fn until_skips_cards_already_reviewed_today() {
        let decks = [deck()];
        // colour: reviewed today, due in two days, below target by the exam.
        let history = states(&[("colour", TODAY, Rating::Hard, 2)]);
        let until = Plan {
            until: Some(add_days(TODAY, 30)),
            ..plan()
        };
        let s = Scheduler::default_params();
        assert!(s.below_target_on(&history["mini"]["colour"], add_days(TODAY, 30)));
        assert!(!keys(&study(&decks, &history, TODAY, &until)).contains(&"colour".to_string()));
        // The next day it is brought forward.
        let tomorrow = add_days(TODAY, 1);
        assert!(keys(&study(&decks, &history, tomorrow, &until)).contains(&"colour".to_string()));
    }

    #[test]
    fn a_card_failed_twice_then_rated_good_on_its_first_day_comes_back_the_same_day() {
        let decks = [deck()];
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut s = study(&decks, &States::new(), TODAY, &plan());
        let wrong = || Response::Choices(vec!["Crimson".into()]);
        answer(&mut s, wrong(), &mut rng); // colour: Again
        answer(&mut s, Response::Bool(true), &mut rng); // water
        answer(&mut s, Response::Text("8".into()), &mut rng); // legs
        answer(&mut s, wrong(), &mut rng); // colour again: Again
        assert_eq!(keys(&s), ["colour"]);
        let good = answer(&mut s, Response::Choices(vec!["Azure".into()]), &mut rng);
        assert_eq!((good.rating, good.due), (Rating::Good, TODAY));
        assert_eq!(keys(&s), ["colour"], "back later in the same session");
    }

    #[test]
    fn i_was_right_takes_the_again_back_and_records_the_answer_as_right() {
        let decks = [deck()];
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut s = study(&decks, &States::new(), TODAY, &plan());
        let before = s.states.clone();
        let again = answer(&mut s, Response::Choices(vec!["Emerald".into()]), &mut rng);
        assert_eq!(again.rating, Rating::Again);
        let shown = s.current(&mut rng).unwrap();
        assert!(shown.offers.overrule && shown.offers.undo);
        let overruled = s.overrule(now()).unwrap();
        let Event::Undo { undoes, .. } = &overruled.undo else {
            panic!("the Again review is taken back");
        };
        assert_eq!(undoes, &again.id);
        assert_eq!(overruled.default, Rating::Good);
        assert_eq!(s.states, before);
        let rated = s.rate(Rating::Good, now()).unwrap().review;
        assert_eq!(
            (rated.card.as_str(), rated.rating),
            ("colour", Rating::Good)
        );
        assert_eq!((rated.correct, rated.overruled), (Some(true), true));
        assert_eq!(rated.answer, "Emerald", "the answer as given is kept");
        assert_eq!(
            s.score(),
            Score {
                answered: 1,
                correct: 1,
                graded: 1
            }
        );
        assert_eq!(keys(&s), ["water", "legs"], "not back for relearning");
        // Only a wrong-graded answer can be overruled, and only once.
        assert!(s.overrule(now()).is_none());
        answer(&mut s, Response::Bool(true), &mut rng);
        assert!(!s.current(&mut rng).unwrap().offers.overrule);
        assert!(s.overrule(now()).is_none());
    }
}
