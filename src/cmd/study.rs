//! `trialdrill study`: the daily spaced-repetition session.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use dialoguer::console::style;
use jiff::Timestamp;
use jiff::civil::Date;
use rand::seq::SliceRandom;
use rand::{Rng, RngExt};

use super::{Scheduling, select_decks};
use crate::cli::StudyArgs;
use crate::deck::{Body, Deck, Item, cloze};
use crate::error::BadInput;
use crate::grade::{Response, Verdict, grade};
use crate::sanitize::clean;
use crate::schedule::{DayClock, Intervals, Rating, add_days, days_between};
use crate::session::{Candidate, Limits, Score, Session, build_queue};
use crate::store::{Access, Event, Review, SessionRecord, Store, new_id};
use crate::ui::{self, Plain, Prompter, Question, RateOption, Reply, Terminal};

/// Runs a study session on the terminal, or on stdin lines when stdin is not one.
pub fn run(args: &StudyArgs, home: &Path) -> anyhow::Result<()> {
    let decks = select_decks(args.deck.as_deref(), home)?;
    // A flag overrides the setting for this run; the setting overrides the default.
    let Scheduling {
        config,
        scheduler,
        clock,
        ..
    } = Scheduling::load(home, args.retention)?;
    let today = clock.day_of(Timestamp::now());
    if let Some(until) = args.until
        && until < today
    {
        return Err(BadInput(format!(
            "--until {until} is in the past (today is {today}); give the exam date, today or later"
        ))
        .into());
    }
    let mut store = Store::open(home, Access::Write, scheduler)?;
    for warning in store.warnings() {
        super::note(&format!("warning: {}", clean(warning)));
    }
    ui::install_interrupt_handler()?;
    let plan = Plan {
        limits: Limits {
            new: args.new.unwrap_or(config.new_per_day()),
            reviews: args.limit.unwrap_or(config.review_limit()),
        },
        until: args.until,
        leeches_only: args.leeches,
        leech_threshold: args.leech_threshold.unwrap_or(config.leech_threshold()),
    };
    let mut rng = rand::rng();
    let result = if std::io::stdin().is_terminal() {
        drive(
            &decks,
            &mut store,
            &mut Terminal::default(),
            &clock,
            &mut rng,
            &plan,
        )
    } else {
        let mut plain = Plain::new(std::io::stdin().lock(), std::io::stdout().lock());
        drive(&decks, &mut store, &mut plain, &clock, &mut rng, &plan)
    };
    // Save the snapshot even when the session failed part-way: the log holds
    // every acknowledged answer, and the snapshot only speeds up the next start.
    let saved = store.save_snapshot();
    result?;
    saved?;
    Ok(())
}

/// An item's place: (deck index, item index within the deck).
type Key = (usize, usize);

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
}

/// Runs one session over `decks` with `prompter`, recording into `store`.
pub fn drive(
    decks: &[Deck],
    store: &mut Store,
    prompter: &mut impl Prompter,
    clock: &DayClock,
    rng: &mut impl Rng,
    plan: &Plan,
) -> anyhow::Result<()> {
    let started = Timestamp::now();
    let today = clock.day_of(started);
    let items: Vec<Vec<Item<'_>>> = decks.iter().map(Deck::items).collect();
    let mut session = Session::new(queue(decks, &items, store, today, plan));
    // The review the learner may take back with `u`.
    let mut undoable: Option<String> = None;
    if session.current().is_none() && plan.leeches_only {
        prompter.say(&format!(
            "No leeches: no card was forgotten {} times or more.",
            plan.leech_threshold
        ))?;
        return Ok(());
    }
    if session.current().is_none() {
        prompter.say(&format!(
            "Nothing to study now. {}",
            next_due(decks, store, today)
        ))?;
        return Ok(());
    }
    while let Some(&(d, i)) = session.current() {
        if ui::interrupted() {
            break;
        }
        let (deck, item) = (&decks[d], &items[d][i]);
        let (position, total) = session.progress();
        prompter.say(&format!(
            "\n[{position}/{total}] {} · {}",
            clean(&deck.title),
            clean(&item.card.tags.join(", "))
        ))?;
        let asked_at = Instant::now();
        prompter.offer_undo(undoable.is_some());
        let reply = prompter.ask(&question(item, rng))?;
        prompter.offer_undo(false);
        let response = match reply {
            Reply::Answer(response) => response,
            Reply::Quit => break,
            Reply::Undo => {
                if let Some(review) = undoable.take() {
                    store.append(&Event::Undo {
                        id: new_id(),
                        undoes: review,
                        time: Timestamp::now(),
                    })?;
                    session.undo();
                    prompter.say("  ↶ Took back the last answer; here is that card again.")?;
                }
                continue;
            }
        };
        let answered = Answered {
            deck,
            item,
            seconds: asked_at.elapsed().as_secs_f64(),
            verdict: grade(item, &response),
            response,
        };
        let state = store.state(&deck.id, &item.key()).copied();
        let intervals = store
            .scheduler()
            .intervals(state.as_ref(), today, rng.random());
        if answered.verdict.correct == Some(false) {
            // Saved before the feedback, so feedback always means saved.
            undoable = Some(record(store, &answered, Rating::Again, 0, today)?);
            show_feedback(prompter, &answered)?;
            acknowledge(prompter, Rating::Again, 0, today)?;
            session.record(Rating::Again, Some(false));
            continue;
        }
        show_feedback(prompter, &answered)?;
        let (rating, quit) = match choose_rating(prompter, answered.verdict.correct, &intervals)? {
            Some(choice) => choice,
            None => break,
        };
        let interval = intervals.get(rating);
        undoable = Some(record(store, &answered, rating, interval, today)?);
        acknowledge(prompter, rating, interval, today)?;
        session.record(rating, answered.verdict.correct);
        if quit {
            break;
        }
    }
    let ended = Timestamp::now();
    let score = session.score();
    if score.answered > 0 {
        store.append(&Event::Session(SessionRecord {
            id: new_id(),
            started,
            ended,
            answered: score.answered,
            correct: score.correct,
            graded: score.graded,
        }))?;
    }
    prompter.say(&summary(
        score,
        started,
        ended,
        &next_due(decks, store, today),
    ))?;
    if let Some(list) = leeches(decks, store, plan.leech_threshold) {
        prompter.say(&list)?;
    }
    Ok(())
}

/// The leeches of `decks` as closing lines, if there are any.
fn leeches(decks: &[Deck], store: &Store, threshold: u32) -> Option<String> {
    let mut lines = Vec::new();
    for deck in decks {
        for item in deck.items() {
            if let Some(state) = store.state(&deck.id, &item.key())
                && state.is_leech(threshold)
            {
                lines.push(format!(
                    "  {} ({} lapses): {}",
                    clean(&item.key()),
                    state.lapses,
                    clean(&item.prompt())
                ));
            }
        }
    }
    (!lines.is_empty()).then(|| {
        format!(
            "Leeches, forgotten {threshold} times or more ({}); drill them with `trialdrill study --leeches`:\n{}",
            lines.len(),
            lines.join("\n")
        )
    })
}

/// One answered card, before it is rated.
pub(super) struct Answered<'a, 'd> {
    pub(super) deck: &'a Deck,
    pub(super) item: &'a Item<'d>,
    pub(super) response: Response,
    pub(super) verdict: Verdict,
    pub(super) seconds: f64,
}

/// Asks for a rating after a right answer (Hard, Good or Easy) or a revealed
/// flashcard (all four). `None` when the learner quit a self-rated card, which
/// is then not recorded; a graded answer is kept at Good, then the session
/// ends (`true`).
fn choose_rating(
    prompter: &mut impl Prompter,
    correct: Option<bool>,
    intervals: &Intervals,
) -> std::io::Result<Option<(Rating, bool)>> {
    let offered: &[Rating] = if correct.is_some() {
        &[Rating::Hard, Rating::Good, Rating::Easy]
    } else {
        &Rating::ALL
    };
    let options: Vec<RateOption> = offered
        .iter()
        .map(|&rating| RateOption {
            rating,
            label: format!(
                "{} ({})",
                rating.label(),
                interval_label(intervals.get(rating))
            ),
        })
        .collect();
    // Undo is not offered while rating, so it cannot come back here.
    Ok(match prompter.rate(&options, Rating::Good)? {
        Reply::Answer(rating) => Some((rating, false)),
        Reply::Quit | Reply::Undo if correct.is_some() => Some((Rating::Good, true)),
        Reply::Quit | Reply::Undo => None,
    })
}

/// Appends the review to the store and returns its id.
pub(super) fn record(
    store: &mut Store,
    answered: &Answered<'_, '_>,
    rating: Rating,
    interval: u32,
    today: Date,
) -> anyhow::Result<String> {
    let device = store.device().to_string();
    let id = new_id();
    store.append(&Event::Review(Review {
        id: id.clone(),
        device,
        deck: answered.deck.id.clone(),
        card: answered.item.key(),
        time: Timestamp::now(),
        day: today,
        rating,
        correct: answered.verdict.correct,
        answer: response_text(&answered.response),
        seconds: answered.seconds,
        due: add_days(today, i64::from(interval)),
    }))?;
    Ok(id)
}

/// Confirms a saved review and says when the card comes back.
fn acknowledge(
    prompter: &mut impl Prompter,
    rating: Rating,
    interval: u32,
    today: Date,
) -> std::io::Result<()> {
    let next = if interval == 0 {
        "back later in this session".to_string()
    } else {
        format!(
            "next review in {} ({})",
            interval_label(interval),
            add_days(today, i64::from(interval))
        )
    };
    prompter.say(&format!("  → {} · {next}", rating.label()))
}

/// The session's cards: due ones first (with `until`, also those whose recall
/// would fall below target by then), then new ones within today's allowance;
/// or only the leeches.
fn queue(
    decks: &[Deck],
    items: &[Vec<Item<'_>>],
    store: &Store,
    today: Date,
    plan: &Plan,
) -> Vec<Key> {
    let scheduler = store.scheduler();
    let mut candidates = Vec::new();
    let mut introduced_today = 0;
    for (d, deck) in decks.iter().enumerate() {
        for (i, item) in items[d].iter().enumerate() {
            let state = store.state(&deck.id, &item.key());
            if state.is_some_and(|s| s.introduced == today) {
                introduced_today += 1;
            }
            if plan.leeches_only && !state.is_some_and(|s| s.is_leech(plan.leech_threshold)) {
                continue;
            }
            let due = state.map(|s| {
                let forward = plan.leeches_only
                    || plan
                        .until
                        .is_some_and(|day| scheduler.below_target_on(s, day));
                if forward { s.due.min(today) } else { s.due }
            });
            candidates.push(Candidate {
                key: (d, i),
                due,
                retrievability: state.map_or(1.0, |s| scheduler.retrievability(s, today)),
            });
        }
    }
    let limits = Limits {
        new: plan.limits.new.saturating_sub(introduced_today),
        ..plan.limits
    };
    build_queue(candidates, today, limits)
}

/// The question for an item, sanitised, with choices shuffled.
pub(super) fn question(item: &Item<'_>, rng: &mut impl Rng) -> Question {
    let card = item.card;
    match &card.body {
        Body::Basic { front, .. } => Question::Reveal {
            front: clean(front),
        },
        Body::Choice {
            prompt,
            choices,
            answers,
        } => {
            let mut options: Vec<String> = choices.iter().map(|c| clean(c)).collect();
            options.shuffle(rng);
            Question::Choice {
                prompt: clean(prompt),
                options,
                multiple: answers.len() > 1,
            }
        }
        Body::TrueFalse { prompt, .. } => Question::TrueFalse {
            prompt: format!("True or false? {}", clean(prompt)),
        },
        Body::Numeric { prompt, unit, .. } => Question::Text {
            prompt: clean(prompt),
            hint: if unit.is_empty() {
                "a number".into()
            } else {
                format!("a number, in {}", clean(unit))
            },
        },
        Body::Cloze { text } => {
            let number = item.cloze.unwrap_or(1);
            let blanks = cloze::parse(text).map_or(1, |c| c.answers(number).len());
            Question::Text {
                prompt: clean(&item.prompt()),
                hint: if blanks == 1 {
                    "fill the blank".into()
                } else {
                    format!("fill the {blanks} blanks, in order")
                },
            }
        }
        Body::Typed { prompt, .. } => Question::Text {
            prompt: clean(prompt),
            hint: "a short answer".into(),
        },
    }
}

/// Right or wrong, the answer, the explanation and where the fact comes from.
pub(super) fn show_feedback(
    prompter: &mut impl Prompter,
    answered: &Answered<'_, '_>,
) -> std::io::Result<()> {
    let (deck, card, verdict) = (answered.deck, answered.item.card, &answered.verdict);
    let headline = match verdict.correct {
        Some(true) => format!("{} Right: {}", style("✓").green(), clean(&verdict.expected)),
        Some(false) => format!(
            "{} Not quite. You answered: {}\n  The answer: {}",
            style("✗").red(),
            clean(&response_text(&answered.response)),
            clean(&verdict.expected)
        ),
        None => format!("Answer: {}", clean(&verdict.expected)),
    };
    prompter.say(&headline)?;
    prompter.say(&format!("  Why: {}", clean(&card.explanation)))?;
    let summary = deck
        .summary
        .as_deref()
        .map_or(String::new(), |s| format!(" of {}", clean(s)));
    prompter.say(&format!(
        "  Source: {}, bullet {}{summary}",
        clean(&card.source.section),
        card.source.bullet
    ))?;
    if let Some(note) = &card.note {
        prompter.say(&format!("  Note: {}", clean(note)))?;
    }
    Ok(())
}

/// The answer as recorded in the log.
pub(super) fn response_text(response: &Response) -> String {
    match response {
        Response::Choices(picked) => picked.join("; "),
        Response::Bool(b) => if *b { "true" } else { "false" }.into(),
        Response::Text(t) => t.clone(),
        Response::Revealed => String::new(),
    }
}

/// "this session", "1 day", "12 days", "3.2 months", "1.5 years".
fn interval_label(days: u32) -> String {
    match days {
        0 => "this session".into(),
        1 => "1 day".into(),
        2..=59 => format!("{days} days"),
        60..=364 => format!("{:.1} months", f64::from(days) / 30.4),
        _ => format!("{:.1} years", f64::from(days) / 365.25),
    }
}

/// When the next cards of `decks` are due, as a sentence.
fn next_due(decks: &[Deck], store: &Store, today: Date) -> String {
    let mut due_now = 0;
    let mut next: Option<(Date, usize)> = None;
    for deck in decks {
        for item in deck.items() {
            let Some(state) = store.state(&deck.id, &item.key()) else {
                continue;
            };
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The closing lines of a session.
fn summary(score: Score, started: Timestamp, ended: Timestamp, next: &str) -> String {
    let seconds = ended.duration_since(started).as_secs().max(0);
    let time = format!("{}m {:02}s", seconds / 60, seconds % 60);
    let right = match score.percent() {
        Some(p) => format!(", {} of {} right ({p:.0}%)", score.correct, score.graded),
        None => String::new(),
    };
    format!(
        "\nSession over: {} answered{right}, {time}.\n{next}",
        score.answered
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;
    use jiff::civil::date;
    use jiff::tz::TimeZone;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    const MINI: &str = include_str!("../../tests/fixtures/mini.json");

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
        }
    }

    const LEECH: u32 = 8;

    fn open_store(dir: &Path) -> Store {
        Store::open(
            dir,
            Access::Write,
            crate::schedule::Scheduler::default_params(),
        )
        .unwrap()
    }

    /// Writes one review of `card` on `day`, due `interval` days later.
    fn review(store: &mut Store, card: &str, day: Date, rating: Rating, interval: i64) {
        store
            .append(&Event::Review(Review {
                deck: "mini".into(),
                time: Timestamp::now(),
                due: add_days(day, interval),
                ..Review::sample(card, day, rating)
            }))
            .unwrap();
    }

    fn keys(decks: &[Deck], store: &Store, today: Date, plan: &Plan) -> Vec<String> {
        let items: Vec<Vec<Item<'_>>> = decks.iter().map(Deck::items).collect();
        queue(decks, &items, store, today, plan)
            .into_iter()
            .map(|(d, i)| items[d][i].key())
            .collect()
    }

    #[test]
    fn until_brings_forward_exactly_the_cards_below_target_on_the_date() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open_store(dir.path());
        let day0 = date(2026, 3, 1);
        // colour: one Good review on day 19 (stability 2.3 days), due day 21;
        // water: Easy on days 0, 3 and 13 (stability far above 17 days);
        // legs: one Easy review on day 15 (stability 8.3 days), due day 24.
        for (offset, interval) in [(0, 3), (3, 10), (13, 30)] {
            review(
                &mut store,
                "water",
                add_days(day0, offset),
                Rating::Easy,
                interval,
            );
        }
        review(&mut store, "legs", add_days(day0, 15), Rating::Easy, 9);
        review(&mut store, "colour", add_days(day0, 19), Rating::Good, 2);
        let today = add_days(day0, 20);
        let until = add_days(day0, 30);
        let decks = [deck()];
        // By day 30, colour (11 days past a 2.3-day stability) and legs (15
        // days past 8.3) fall below 0.9; water (17 days after its third Easy)
        // does not.
        let s = store.scheduler();
        let below: Vec<&str> = ["colour", "legs", "water"]
            .into_iter()
            .filter(|c| s.below_target_on(store.state("mini", c).unwrap(), until))
            .collect();
        assert_eq!(below, ["colour", "legs"]);
        let mut got = keys(
            &decks,
            &store,
            today,
            &Plan {
                until: Some(until),
                ..plan()
            },
        );
        got.sort();
        assert_eq!(got, below);
        // Without --until nothing is due yet.
        assert!(keys(&decks, &store, today, &plan()).is_empty());
    }

    #[test]
    fn leeches_are_cards_forgotten_as_often_as_the_threshold() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open_store(dir.path());
        let day0 = date(2026, 3, 1);
        // A first Again is no lapse (the card was not learned yet).
        for (card, lapses) in [("colour", LEECH), ("water", LEECH - 1)] {
            review(&mut store, card, day0, Rating::Good, 1);
            for n in 1..=lapses {
                review(&mut store, card, add_days(day0, n.into()), Rating::Again, 0);
            }
        }
        assert_eq!(store.state("mini", "colour").unwrap().lapses, LEECH);
        let decks = [deck()];
        let leeches_only = Plan {
            leeches_only: true,
            ..plan()
        };
        assert_eq!(
            keys(&decks, &store, date(2026, 4, 1), &leeches_only),
            vec!["colour"]
        );
        let lower = Plan {
            leech_threshold: LEECH - 1,
            ..leeches_only
        };
        let mut both = keys(&decks, &store, date(2026, 4, 1), &lower);
        both.sort();
        assert_eq!(both, vec!["colour", "water"]);
        let listed = leeches(&decks, &store, LEECH).unwrap();
        assert!(listed.contains("colour (8 lapses)"), "{listed}");
        assert!(!listed.contains("water"), "{listed}");
    }

    #[test]
    fn u_takes_back_the_last_answer_and_shows_the_card_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open_store(dir.path());
        let decks = [deck()];
        let clock = DayClock::in_zone(TimeZone::UTC);
        let today = clock.day_of(Timestamp::now());
        // A history for `water`, so undo has a state to go back to.
        review(&mut store, "water", add_days(today, -3), Rating::Good, 3);
        let water_before = *store.state("mini", "water").unwrap();
        // water is due first; answer it wrong, undo, answer it right, quit.
        let input = "f\nu\nt\n\nq\n";
        let mut out = Vec::new();
        let mut prompter = Plain::new(input.as_bytes(), &mut out);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        drive(&decks, &mut store, &mut prompter, &clock, &mut rng, &plan()).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out.matches("True or false? Water is wet.").count(),
            2,
            "{out}"
        );
        assert!(out.contains("Took back the last answer"), "{out}");
        assert!(
            out.contains("Session over: 1 answered, 1 of 1 right"),
            "{out}"
        );
        // The state is water_before followed by one Good review today only.
        let s = store.scheduler();
        let good_only = s.apply(
            Some(&water_before),
            Rating::Good,
            today,
            store.state("mini", "water").unwrap().due,
        );
        assert_eq!(store.state("mini", "water"), Some(&good_only));
        let mut kinds = Vec::new();
        crate::store::maintain::visit(&dir.path().join(crate::store::LOG_FILE), |e| {
            kinds.push(match e {
                Event::Review(r) => format!("review {:?}", r.rating),
                Event::Undo { .. } => "undo".into(),
                Event::Session(_) => "session".into(),
                Event::Exam(_) => "exam".into(),
            })
        })
        .unwrap();
        assert_eq!(
            kinds,
            [
                "review Good",
                "review Again",
                "undo",
                "review Good",
                "session"
            ]
        );
    }
}
