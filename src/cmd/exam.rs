//! `trialdrill exam`: a scored test over auto-graded cards, optionally timed,
//! with a report at the end. The schedule is left alone unless asked.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use dialoguer::console::Term;

use super::exam_json::{self, Asked};
use super::{Scheduling, select_decks};
use crate::cli::ExamArgs;
use crate::deck::Deck;
use crate::deck::select::Library;
use crate::engine::exam::draw::Draw;
use crate::engine::exam::{Exam, Plan};
use crate::engine::prompt::{Offers, Prompter, Reply};
use crate::history::stats::Tally;
use crate::store::{Access, Event, ExamRecord, Store};
use crate::ui::deadline::{DeadlineReader, is_time_up};
use crate::ui::sanitize::clean;
use crate::ui::{self, Plain, Terminal};

/// Runs an exam on the terminal, or on stdin lines when stdin is not one. A
/// timed exam reads lines on both, so the deadline can end a waiting prompt.
/// With `--json` the exam is drawn on stderr and stdout gets only the result
/// (`null` when nothing was recorded).
pub fn run(args: &ExamArgs, home: &Path) -> anyhow::Result<()> {
    // A wrong choice of decks or tags is refused before the store is
    // touched. With --weak, the figures are read through the decks'
    // outlines before any card is loaded, and let go: a large collection's
    // cards and its history's figures are never held at once.
    let (outlines, loaded) = match args.weak {
        // Decks that cannot be read are reported once, as the cards load.
        true => {
            let (outlines, _) =
                Library::choose_outlines(home, &args.decks.decks, &args.decks.tags)?;
            (Some(outlines), None)
        }
        false => (None, Some(select_decks(&args.decks, home)?)),
    };
    let Scheduling {
        scheduler, clock, ..
    } = Scheduling::load(home, None)?;
    let today = clock.day_of(crate::store::now());
    let mut store = Store::open(home, Access::Write, scheduler)?;
    let weak = match outlines {
        Some(outlines) => Some(
            store.read_aggregates(|figures| Tally::of(&outlines, today, figures).tag_accuracy())?,
        ),
        None => None,
    };
    let decks = match loaded {
        Some(decks) => decks,
        None => select_decks(&args.decks, home)?,
    };
    // After the figures are read: reading them can add a warning.
    for warning in store.warnings() {
        super::note(&format!("warning: {}", clean(warning)));
    }
    let plan = Plan {
        draw: Draw {
            count: args.count as usize,
            weak,
        },
        seed: args.seed.unwrap_or_else(rand::random),
        limit: args.minutes.map(|m| Duration::from_secs(u64::from(m) * 60)),
        tutor: args.tutor,
        reschedule: args.reschedule,
        day: today,
        learner: args.learner.clone(),
    };
    let json = args.output.json;
    // With --json, stdout carries the result alone.
    let screen = || -> Box<dyn Write> {
        if json {
            Box::new(io::stderr().lock())
        } else {
            Box::new(io::stdout().lock())
        }
    };
    if json {
        // Bold and colours follow the screen the exam is drawn on, not the
        // file stdout may be.
        dialoguer::console::set_colors_enabled(dialoguer::console::colors_enabled_stderr());
    }
    // Menus read keys only while the screen they draw on is a terminal.
    let menus = io::stdin().is_terminal() && (!json || io::stderr().is_terminal());
    ui::install_interrupt_handler()?;
    let start = Instant::now();
    let elapsed = move || start.elapsed();
    // The width to wrap lines to, when the screen is a terminal.
    let width = {
        let term = if json { Term::stderr() } else { Term::stdout() };
        term.is_term().then(|| usize::from(term.size().1))
    };
    let result = match plan.limit {
        Some(limit) => {
            let reader = DeadlineReader::stdin(start + limit);
            let mut plain = wrapped(Plain::new(reader, screen()), width);
            drive(&decks, &mut store, &mut plain, &plan, &elapsed)
        }
        None if menus => {
            let mut terminal = if json {
                Terminal::stderr()
            } else {
                Terminal::default()
            };
            drive(&decks, &mut store, &mut terminal, &plan, &elapsed)
        }
        None => {
            let mut plain = wrapped(Plain::new(io::stdin().lock(), screen()), width);
            drive(&decks, &mut store, &mut plain, &plan, &elapsed)
        }
    };
    let saved = store.save_snapshot();
    let taken = result?;
    saved?;
    if json {
        let value = taken.map_or(serde_json::Value::Null, |(_, json)| json);
        // Encoded first, so a closed pipe stays an io::Error (quietly ignored).
        let text = serde_json::to_string_pretty(&value)?;
        writeln!(io::stdout().lock(), "{text}")?;
    }
    Ok(())
}

/// `plain`, wrapping to `width` when there is one.
fn wrapped<R: io::BufRead, W: Write>(plain: Plain<R, W>, width: Option<usize>) -> Plain<R, W> {
    match width {
        Some(width) => plain.wrapped_to(width),
        None => plain,
    }
}

/// Runs one exam over `decks` with `prompter`, keeping its result in
/// `store`; `elapsed` tells the time since the exam started. Gives the record
/// the log keeps and the result for `--json` (every deck text sanitised), or
/// `None` when nothing was asked or answered, so nothing was recorded.
pub fn drive(
    decks: &[Deck],
    store: &mut Store,
    prompter: &mut impl Prompter,
    plan: &Plan,
    elapsed: &dyn Fn() -> Duration,
) -> anyhow::Result<Option<(ExamRecord, serde_json::Value)>> {
    let mut exam = Exam::new(
        decks,
        store.states(),
        store.scheduler().clone(),
        plan.clone(),
        store.device().to_string(),
    );
    match exam.opening() {
        Ok(line) => prompter.say(&line)?,
        Err(why) => {
            prompter.say(&why)?;
            return Ok(None);
        }
    }
    while let Some(shown) = exam.current(elapsed(), crate::store::now()) {
        prompter.say(&shown.heading)?;
        let asked_at = elapsed();
        prompter.offer(shown.offers);
        let reply = prompter.ask(&shown.question);
        prompter.offer(Offers::default());
        let response = match reply {
            Ok(Reply::Answer(response)) => response,
            Ok(Reply::Overrule) => {
                if let Some(events) = exam.overrule(crate::store::now()) {
                    store.append_all(&events)?;
                    prompter.say("  ✓ Counted your last answer as right.")?;
                }
                continue;
            }
            // Undo is never offered in an exam.
            Ok(Reply::Quit | Reply::Undo) => break,
            Err(e) if is_time_up(&e) => break,
            Err(e) => return Err(e.into()),
        };
        let now = elapsed();
        let seconds = now.saturating_sub(asked_at).as_secs_f64();
        let answered = exam.answer(response, seconds, now, crate::store::now());
        if answered.too_late {
            prompter.say("Time is up: that answer came too late to count.")?;
            break;
        }
        if let Some(review) = answered.review {
            store.append(&Event::Review(review))?;
        }
        for line in &answered.feedback {
            prompter.say(line)?;
        }
    }
    let Some(finished) = exam.finish(elapsed(), crate::store::now()) else {
        prompter.say("Exam left before the first answer; nothing was recorded.")?;
        return Ok(None);
    };
    store.append(&Event::Exam(finished.record.clone()))?;
    prompter.say(&finished.report)?;
    let asked: Vec<Asked<'_, '_>> = finished
        .asked
        .iter()
        .map(|(item, right_answer)| Asked {
            item,
            right_answer: right_answer.clone(),
        })
        .collect();
    let json = exam_json::report(&finished.record, &asked, &finished.tags, finished.time_up)?;
    Ok(Some((finished.record, json)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;
    use crate::engine::schedule::CardState;
    use crate::store::ExamQuestion;
    use crate::ui::deadline::DeadlineReader;
    use std::cell::Cell;
    use std::collections::HashMap as Map;
    use std::sync::mpsc::channel;

    const MINI: &str = include_str!("../../tests/fixtures/mini.json");

    fn plan(seed: u64, limit: Option<Duration>) -> Plan {
        Plan {
            draw: Draw {
                count: 3,
                ..Draw::default()
            },
            seed,
            limit,
            tutor: false,
            reschedule: false,
            day: jiff::civil::date(2026, 5, 1),
            learner: None,
        }
    }

    fn store(dir: &Path) -> Store {
        Store::open(
            dir,
            Access::Write,
            crate::engine::schedule::Scheduler::default_params(),
        )
        .unwrap()
    }

    /// Runs an exam answering every prompt with `answer`, the clock at
    /// `seconds` (advanced by `step` after each answer).
    fn run_exam(
        store: &mut Store,
        plan: &Plan,
        answer: &str,
        step: u64,
    ) -> (Option<ExamRecord>, String) {
        let decks = [parse(MINI).unwrap()];
        let input = format!("{answer}\n").repeat(3);
        let mut out = Vec::new();
        let seconds = Cell::new(0);
        let result = {
            let mut prompter = Plain::new(input.as_bytes(), &mut out);
            let elapsed = || {
                let now = seconds.get();
                seconds.set(now + step);
                Duration::from_secs(now)
            };
            drive(&decks, store, &mut prompter, plan, &elapsed)
                .unwrap()
                .map(|(record, _)| record)
        };
        (result, String::from_utf8(out).unwrap())
    }

    fn cards(record: &ExamRecord) -> Vec<&str> {
        record.questions.iter().map(|q| q.card.as_str()).collect()
    }

    #[test]
    fn a_fixed_seed_asks_the_same_questions_in_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let (first, first_out) = run_exam(&mut store, &plan(11, None), "q", 1);
        let (again, again_out) = run_exam(&mut store, &plan(11, None), "q", 1);
        // Quitting at once records nothing, but the question (with its
        // shuffled options) is the same.
        assert!(first.is_none() && again.is_none());
        assert_eq!(first_out, again_out);
        let (a, _) = run_exam(&mut store, &plan(11, None), "1", 1);
        let (b, _) = run_exam(&mut store, &plan(11, None), "1", 1);
        assert_eq!(cards(&a.unwrap()), cards(&b.unwrap()));
        let orders: std::collections::HashSet<Vec<String>> = (0..20)
            .map(|seed| {
                let (r, _) = run_exam(&mut store, &plan(seed, None), "1", 1);
                cards(&r.unwrap()).into_iter().map(String::from).collect()
            })
            .collect();
        assert!(orders.len() > 1, "different seeds give different orders");
    }

    #[test]
    fn time_running_out_between_questions_ends_and_scores_the_exam() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        // Each reading of the clock moves it 35 s; the limit is one minute.
        let (record, out) = run_exam(&mut store, &plan(3, Some(Duration::from_secs(60))), "t", 35);
        let record = record.unwrap();
        assert!(out.contains("Time is up"), "{out}");
        assert!(out.contains("left"), "the countdown is shown: {out}");
        let answered = record
            .questions
            .iter()
            .filter(|q| q.answer.is_some())
            .count();
        assert!(answered < 3, "{out}");
        assert_eq!(
            record.correct as usize,
            record.questions.iter().filter(|q| q.correct).count()
        );
        assert!(
            record
                .questions
                .iter()
                .all(|q| q.answer.is_some() || !q.correct)
        );
        assert_eq!(record.minutes, Some(1));
    }

    #[test]
    fn time_running_out_at_a_waiting_prompt_ends_and_scores_the_exam() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let decks = [parse(MINI).unwrap()];
        // The learner never answers; the deadline has already passed.
        let (_typing, lines) = channel();
        let reader = DeadlineReader::new(lines, Instant::now());
        let mut out = Vec::new();
        let mut prompter = Plain::new(reader, &mut out);
        let limit = Duration::from_secs(60);
        let record = drive(
            &decks,
            &mut store,
            &mut prompter,
            &plan(3, Some(limit)),
            &|| limit,
        )
        .unwrap()
        .unwrap()
        .0;
        assert_eq!(record.correct, 0);
        assert_eq!(record.questions.len(), 3);
        assert!(record.questions.iter().all(|q| q.answer.is_none()));
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("Time is up: 0 of 3 right (0%)"), "{out}");
        assert!(out.contains("(not answered)"), "{out}");
    }

    #[test]
    fn the_report_gives_tags_times_and_each_missed_question_explained() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        // "1" answers every kind: true, the first option, the number 1.
        let (record, out) = run_exam(&mut store, &plan(3, None), "1", 4);
        let record = record.unwrap();
        let missed = record.questions.iter().filter(|q| !q.correct).count();
        assert!(out.contains(&format!("Missed ({missed}):")), "{out}");
        assert!(out.contains("By tag, weakest first:\n  design"), "{out}");
        assert!(out.contains("Why: Spiders have eight legs."), "{out}");
        assert!(out.contains("The answer: 8 legs"), "{out}");
        assert!(out.contains("Seed 3"), "{out}");
        assert!(out.contains("Time per question:\n   1."), "{out}");
        for q in &record.questions {
            assert!(q.seconds > 0.0);
            let line = format!("{:>5.0}s  {}", q.seconds, q.card);
            assert!(out.contains(&line), "{line:?} in {out}");
        }
    }

    #[test]
    fn the_record_keeps_the_learner_the_options_shown_and_the_options_picked() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let plan = Plan {
            learner: Some("Ann Lee".into()),
            ..plan(3, None)
        };
        let (record, out) = run_exam(&mut store, &plan, "1", 1);
        let record = record.unwrap();
        assert_eq!(record.learner.as_deref(), Some("Ann Lee"));
        for q in &record.questions {
            match q.card.as_str() {
                "colour" => {
                    let options = q.options.clone().unwrap();
                    let mut sorted = options.clone();
                    sorted.sort();
                    assert_eq!(sorted, ["Azure", "Crimson", "Emerald"]);
                    // In the order shown: "1" picked the first.
                    assert!(out.contains(&format!("  1) {}", options[0])), "{out}");
                    assert_eq!(q.picked, Some(vec![options[0].clone()]));
                }
                "water" => {
                    assert_eq!(q.options, Some(vec!["True".into(), "False".into()]));
                    assert_eq!(q.picked, Some(vec!["True".into()]));
                }
                _ => assert_eq!((&q.options, &q.picked), (&None, &None)),
            }
        }
        let logged = std::fs::read_to_string(dir.path().join("reviews.jsonl")).unwrap();
        assert!(logged.contains(r#""learner":"Ann Lee""#), "{logged}");
    }

    #[test]
    fn exams_leave_the_schedule_alone_unless_asked_to_reschedule() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let (record, _) = run_exam(&mut store, &plan(5, None), "t", 1);
        assert!(record.is_some());
        assert_eq!(
            store.states(),
            &Map::<String, Map<String, CardState>>::new()
        );
        let tutor = Plan {
            reschedule: true,
            tutor: true,
            ..plan(5, None)
        };
        let (record, out) = run_exam(&mut store, &tutor, "t", 1);
        let record = record.unwrap();
        let answered: Vec<&ExamQuestion> = record
            .questions
            .iter()
            .filter(|q| q.answer.is_some())
            .collect();
        assert!(!answered.is_empty());
        for q in &answered {
            let state = store.state("mini", &q.card).unwrap();
            assert_eq!(state.reps, 1);
        }
        // Tutor mode explains each answer before the report.
        let report_at = out.find("Exam").unwrap_or(0);
        assert!(out.find("Why:").unwrap() < out.rfind("By tag").unwrap());
        assert!(report_at < out.rfind("By tag").unwrap());
    }
}
