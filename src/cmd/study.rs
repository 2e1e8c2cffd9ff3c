//! `trialdrill study`: the daily spaced-repetition session.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use jiff::Timestamp;
use jiff::civil::Date;
use rand::seq::SliceRandom;
use rand::{Rng, RngExt};

use super::select_decks;
use crate::cli::StudyArgs;
use crate::config::Config;
use crate::deck::{Body, Deck, Item, cloze};
use crate::grade::{Response, Verdict, grade};
use crate::sanitize::clean;
use crate::schedule::{DayClock, Intervals, Rating, Scheduler, add_days, days_between};
use crate::session::{Candidate, Limits, Score, Session, build_queue};
use crate::store::{Access, Event, Review, SessionRecord, Store, new_id};
use crate::ui::{self, Plain, Prompter, Question, RateOption, Reply, Terminal};

/// Runs a study session on the terminal, or on stdin lines when stdin is not one.
pub fn run(args: &StudyArgs, home: &Path) -> anyhow::Result<()> {
    let decks = select_decks(args.deck.as_deref(), home)?;
    // A flag overrides the setting for this run; the setting overrides the default.
    let config = Config::load(home)?;
    let scheduler = Scheduler::new(
        crate::params::load(home)?.parameters(),
        args.retention.unwrap_or(config.desired_retention()),
    )?;
    let mut store = Store::open(home, Access::Write, scheduler)?;
    for warning in store.warnings() {
        eprintln!("warning: {}", clean(warning));
    }
    ui::install_interrupt_handler()?;
    let limits = Limits {
        new: args.new.unwrap_or(config.new_per_day()),
        reviews: args.limit.unwrap_or(config.review_limit()),
    };
    let clock = DayClock::local().with_rollover_hour(config.rollover_hour());
    let mut rng = rand::rng();
    let result = if std::io::stdin().is_terminal() {
        drive(
            &decks,
            &mut store,
            &mut Terminal::default(),
            &clock,
            &mut rng,
            limits,
        )
    } else {
        let mut plain = Plain::new(std::io::stdin().lock(), std::io::stdout().lock());
        drive(&decks, &mut store, &mut plain, &clock, &mut rng, limits)
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

/// Runs one session over `decks` with `prompter`, recording into `store`.
pub fn drive(
    decks: &[Deck],
    store: &mut Store,
    prompter: &mut impl Prompter,
    clock: &DayClock,
    rng: &mut impl Rng,
    limits: Limits,
) -> anyhow::Result<()> {
    let started = Timestamp::now();
    let today = clock.day_of(started);
    let items: Vec<Vec<Item<'_>>> = decks.iter().map(Deck::items).collect();
    let mut session = Session::new(queue(decks, &items, store, today, limits));
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
        let Reply::Answer(response) = prompter.ask(&question(item, rng))? else {
            break;
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
            record(store, &answered, Rating::Again, 0, today)?;
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
        record(store, &answered, rating, interval, today)?;
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
    Ok(())
}

/// One answered card, before it is rated.
struct Answered<'a, 'd> {
    deck: &'a Deck,
    item: &'a Item<'d>,
    response: Response,
    verdict: Verdict,
    seconds: f64,
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
    Ok(match prompter.rate(&options, Rating::Good)? {
        Reply::Answer(rating) => Some((rating, false)),
        Reply::Quit if correct.is_some() => Some((Rating::Good, true)),
        Reply::Quit => None,
    })
}

/// Appends the review to the store.
fn record(
    store: &mut Store,
    answered: &Answered<'_, '_>,
    rating: Rating,
    interval: u32,
    today: Date,
) -> anyhow::Result<()> {
    let device = store.device().to_string();
    store.append(&Event::Review(Review {
        id: new_id(),
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
    Ok(())
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

/// The session's cards: due ones first, then new ones within today's allowance.
fn queue(
    decks: &[Deck],
    items: &[Vec<Item<'_>>],
    store: &Store,
    today: Date,
    limits: Limits,
) -> Vec<Key> {
    let mut candidates = Vec::new();
    let mut introduced_today = 0;
    for (d, deck) in decks.iter().enumerate() {
        for (i, item) in items[d].iter().enumerate() {
            let state = store.state(&deck.id, &item.key());
            if state.is_some_and(|s| s.introduced == today) {
                introduced_today += 1;
            }
            candidates.push(Candidate {
                key: (d, i),
                due: state.map(|s| s.due),
                retrievability: state.map_or(1.0, |s| store.scheduler().retrievability(s, today)),
            });
        }
    }
    let limits = Limits {
        new: limits.new.saturating_sub(introduced_today),
        ..limits
    };
    build_queue(candidates, today, limits)
}

/// The question for an item, sanitised, with choices shuffled.
fn question(item: &Item<'_>, rng: &mut impl Rng) -> Question {
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
            let (prompt, blanks) = cloze::parse(text)
                .map(|c| (c.question(number), c.answers(number).len()))
                .unwrap_or_else(|_| (text.clone(), 1));
            Question::Text {
                prompt: clean(&prompt),
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
fn show_feedback(prompter: &mut impl Prompter, answered: &Answered<'_, '_>) -> std::io::Result<()> {
    let (deck, card, verdict) = (answered.deck, answered.item.card, &answered.verdict);
    let headline = match verdict.correct {
        Some(true) => format!("✓ Right: {}", clean(&verdict.expected)),
        Some(false) => format!(
            "✗ Not quite. You answered: {}\n  The answer: {}",
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
fn response_text(response: &Response) -> String {
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
