//! `trialdrill study`: the daily spaced-repetition session. The rules live in
//! [`crate::engine::study`]; this file chooses the prompter, wires the engine
//! to the store and prints.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use dialoguer::console::Term;
use rand::Rng;

use super::Scheduling;
use crate::cli::StudyArgs;
use crate::deck::Deck;
use crate::deck::select::{Library, Start, plural};
use crate::engine::prompt::{Offers, Prompter, RateOption, Reply};
use crate::engine::schedule::Rating;
use crate::engine::study::{Answered, Limits, Plan, Study};
use crate::error::BadInput;
use crate::store::{Access, Audit, Event, States, Store};
use crate::ui::sanitize::clean;
use crate::ui::{self, Plain, Terminal};

/// Runs a study session on the terminal, or on stdin lines when stdin is not one.
pub fn run(args: &StudyArgs, home: &Path) -> anyhow::Result<()> {
    let choice = &args.decks;
    // Decks and tags named are resolved first, so a wrong one is refused
    // before the store is touched; naming decks loads only those.
    let named = if choice.decks.is_empty() && choice.tags.is_empty() {
        None
    } else {
        Some(super::select_decks(choice, home)?)
    };
    // A flag overrides the setting for this run; the setting overrides the default.
    let Scheduling {
        config,
        scheduler,
        clock,
        ..
    } = Scheduling::load(home, args.retention)?;
    let today = clock.day_of(crate::store::now());
    if let Some(until) = args.until
        && until < today
    {
        return Err(BadInput(format!(
            "--until {until} is in the past (today is {today}); give the exam date, today or later"
        ))
        .into());
    }
    // None named: the learner's own decks, from the library.
    let (library, mut store) = match named {
        Some(_) => (None, Store::open(home, Access::Write, scheduler)?),
        None => {
            let (library, store) = super::library_and_store(home, Access::Write, scheduler)?;
            (Some(library), store)
        }
    };
    for warning in store.warnings() {
        super::note(&format!("warning: {}", clean(warning)));
    }
    let chosen = match library {
        Some(library) => own_decks(&library, store.states(), args.leeches)?,
        None => named,
    };
    let Some(decks) = chosen else {
        // The learner left the first run's choice: no session.
        store.save_snapshot()?;
        return Ok(());
    };
    ui::install_interrupt_handler()?;
    let plan = Plan {
        limits: Limits {
            new: args.new.unwrap_or(config.new_per_day()),
            reviews: args.limit.unwrap_or(config.review_limit()),
        },
        until: args.until,
        leeches_only: args.leeches,
        leech_threshold: args.leech_threshold.unwrap_or(config.leech_threshold()),
        bury_siblings: config.bury_siblings(),
        // The same order of new cards all day, another the next day.
        seed: (!args.in_order).then(|| day_number(today)),
    };
    let mut rng = rand::rng();
    let mut audit = None;
    let result = if std::io::stdin().is_terminal() {
        drive(
            &decks,
            &mut store,
            &mut Terminal::default(),
            &mut rng,
            &plan,
            &clock,
            &mut audit,
        )
    } else {
        let mut plain = Plain::new(std::io::stdin().lock(), std::io::stdout().lock());
        if std::io::stdout().is_terminal() {
            plain = plain.wrapped_to(usize::from(Term::stdout().size().1));
        }
        drive(
            &decks, &mut store, &mut plain, &mut rng, &plan, &clock, &mut audit,
        )
    };
    // Save the snapshot even when the session failed part-way: the log holds
    // every acknowledged answer, and the snapshot only speeds up the next start.
    let saved = store.save_snapshot();
    for warning in audit.map(Audit::finish).unwrap_or_default() {
        super::note(&format!("warning: {}", clean(&warning)));
    }
    super::leave((store, decks));
    result?;
    saved?;
    Ok(())
}

/// The decks of a session given no `--deck` or `--tag`: those the learner
/// has started and the rest of their collections. A first run studies one
/// collection rather than every deck's new cards: on a terminal the learner
/// picks it (the first offered is preselected); otherwise the first is taken
/// and one line says how to choose another. `None`: the learner left the
/// choice.
fn own_decks(
    library: &Library,
    states: &States,
    leeches: bool,
) -> anyhow::Result<Option<Vec<Deck>>> {
    let started = library.started(states)?;
    // Every leech has a state, so its deck has been started.
    if !started.is_empty() || leeches {
        return Ok(Some(started));
    }
    let starts = library.starts();
    let Some(first) = starts.first() else {
        return Ok(Some(Vec::new()));
    };
    let start = if std::io::stdin().is_terminal() {
        let mut terminal = Terminal::default();
        terminal.say(&format!(
            "{} to study. Which would you like to start with? (Later, `trialdrill study --deck NAME` adds another.)",
            plural(library.shelved().len(), "deck"),
        ))?;
        let labels: Vec<String> = starts.iter().map(label).collect();
        match terminal.choose("Start with", &labels)? {
            Some(i) => &starts[i],
            None => return Ok(None),
        }
    } else {
        super::note(&format!(
            "First run: studying the {} {}. To choose another, run `trialdrill study --deck NAME` (`trialdrill deck list` names the collections).",
            if first.collection {
                "collection"
            } else {
                "deck"
            },
            label(first)
        ));
        first
    };
    Ok(Some(library.decks(start.decks.iter().copied())?))
}

/// How a first run names a collection or a deck of none.
fn label(start: &Start<'_>) -> String {
    let cards = plural(start.decks.iter().map(|s| s.outline.cards).sum(), "card");
    match start.decks.as_slice() {
        [deck] if !start.collection => {
            format!(
                "{} ({}, {cards})",
                clean(start.name),
                clean(&deck.outline.title)
            )
        }
        decks => format!(
            "{} ({}, {cards})",
            clean(start.name),
            plural(decks.len(), "deck")
        ),
    }
}

/// Runs one session over `decks` with `prompter`, recording into `store`.
fn drive(
    decks: &[Deck],
    store: &mut Store,
    prompter: &mut impl Prompter,
    rng: &mut impl Rng,
    plan: &Plan,
    clock: &crate::engine::schedule::DayClock,
    audit: &mut Option<Audit>,
) -> anyhow::Result<()> {
    let started = crate::store::now();
    let today = clock.day_of(started);
    let mut study = Study::new(
        decks,
        store.states(),
        store.scheduler().clone(),
        today,
        plan,
        store.device().to_string(),
    );
    // Reads what the snapshot vouched for while the learner answers; started
    // once the queue is built, which it would otherwise slow.
    *audit = Some(store.audit());
    if let Some(why) = study.nothing_to_study(plan) {
        prompter.say(&why)?;
        return Ok(());
    }
    while let Some(shown) = study.current(rng) {
        if ui::interrupted() {
            break;
        }
        prompter.say(&shown.heading)?;
        let asked_at = Instant::now();
        prompter.offer(shown.offers);
        let reply = prompter.ask(&shown.question)?;
        prompter.offer(Offers::default());
        let response = match reply {
            Reply::Answer(response) => response,
            Reply::Quit => break,
            Reply::Undo => {
                if let Some(undo) = study.undo(crate::store::now()) {
                    store.append(&undo)?;
                    prompter.say("  ↶ Took back the last answer; here is that card again.")?;
                }
                continue;
            }
            Reply::Overrule => {
                let Some(overruled) = study.overrule(crate::store::now()) else {
                    continue;
                };
                store.append(&overruled.undo)?;
                prompter.say("  ✓ Counted your last answer as right.")?;
                if rate(
                    prompter,
                    &mut study,
                    store,
                    &overruled.options,
                    overruled.default,
                )? {
                    break;
                }
                continue;
            }
        };
        let seconds = asked_at.elapsed().as_secs_f64();
        let Some(answered) = study.answer(response, seconds, crate::store::now(), rng) else {
            break;
        };
        match answered {
            Answered::Recorded {
                review,
                feedback,
                acknowledgement,
            } => {
                // Saved before the feedback, so feedback always means saved.
                store.append(&Event::Review(review))?;
                say_all(prompter, &feedback)?;
                prompter.say(&acknowledgement)?;
            }
            Answered::Rate {
                feedback,
                options,
                default,
            } => {
                say_all(prompter, &feedback)?;
                if rate(prompter, &mut study, store, &options, default)? {
                    break;
                }
            }
        }
    }
    let closing = study.closing(started, crate::store::now());
    if let Some(record) = closing.record {
        store.append(&Event::Session(record))?;
    }
    say_all(prompter, &closing.lines)?;
    Ok(())
}

/// Asks for the rating of the answer awaiting one and records it; true when
/// the learner quit there (a graded answer is then kept at Good).
fn rate(
    prompter: &mut impl Prompter,
    study: &mut Study<'_>,
    store: &mut Store,
    options: &[RateOption],
    default: Rating,
) -> anyhow::Result<bool> {
    // Nothing but a rating is offered here, so only Quit can come back besides it.
    let (rated, quit) = match prompter.rate(options, default)? {
        Reply::Answer(rating) => (study.rate(rating, crate::store::now()), false),
        _ => (study.rate_on_quit(crate::store::now()), true),
    };
    if let Some(rated) = rated {
        store.append(&Event::Review(rated.review))?;
        prompter.say(&rated.acknowledgement)?;
    }
    Ok(quit)
}

/// `today` as a number (20261201), to seed the day's order of new cards.
fn day_number(today: jiff::civil::Date) -> u64 {
    let (y, m, d) = (today.year(), today.month(), today.day());
    u64::try_from(i64::from(y) * 10_000 + i64::from(m) * 100 + i64::from(d)).unwrap_or(0)
}

/// Shows each line.
fn say_all(prompter: &mut impl Prompter, lines: &[String]) -> std::io::Result<()> {
    lines.iter().try_for_each(|line| prompter.say(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;
    use crate::engine::schedule::{DayClock, Rating, Scheduler, add_days};
    use crate::store::{Review, maintain};
    use jiff::tz::TimeZone;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    #[test]
    fn u_takes_back_the_last_answer_and_the_log_keeps_both() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::open(dir.path(), Access::Write, Scheduler::default_params()).unwrap();
        let decks = [parse(include_str!("../../tests/fixtures/mini.json")).unwrap()];
        let clock = DayClock::in_zone(TimeZone::UTC);
        let today = clock.day_of(crate::store::now());
        // A history for `water`, so undo has a state to go back to.
        let day = add_days(today, -3);
        store
            .append(&Event::Review(Review {
                deck: "mini".into(),
                due: today,
                ..Review::sample("water", day, Rating::Good)
            }))
            .unwrap();
        let water_before = *store.state("mini", "water").unwrap();
        // water is due first; answer it wrong, undo, answer it right, quit.
        let input = "f\nu\nt\n\nq\n";
        let mut out = Vec::new();
        let mut prompter = Plain::new(input.as_bytes(), &mut out);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let plan = Plan {
            limits: Limits {
                new: 20,
                reviews: 200,
            },
            until: None,
            leeches_only: false,
            leech_threshold: 8,
            bury_siblings: true,
            seed: Some(1),
        };
        drive(
            &decks,
            &mut store,
            &mut prompter,
            &mut rng,
            &plan,
            &clock,
            &mut None,
        )
        .unwrap();
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
        maintain::visit(&dir.path().join(crate::store::LOG_FILE), |e| {
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
