//! The exam as pure logic: the questions drawn, asked one by one with the
//! time passed in, graded, optionally rescheduled, then scored and reported.
//! No terminal, no disk, no clock.

pub mod draw;
pub mod paper;

use std::collections::HashMap;
use std::time::Duration;

use dialoguer::console::style;
use jiff::Timestamp;
use jiff::civil::Date;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::present;
use super::prompt::{Offers, Question};
use super::schedule::{CardState, Rating, Scheduler};
use crate::deck::{Deck, Item};
use crate::engine::grade::{Grader, Response, Verdict, expected_answer};
use crate::store::{Answer, Event, ExamQuestion, ExamRecord, Review, States, new_id};
use crate::ui::sanitize::clean;
use draw::{Candidate, Draw, select};
use paper::{End, Outcome, Paper};

/// What an exam asks and how.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Which questions.
    pub draw: Draw,
    /// Seeds the choice of questions, their order and the order of options.
    pub seed: u64,
    /// The time limit.
    pub limit: Option<Duration>,
    /// Feedback after each question rather than only at the end.
    pub tutor: bool,
    /// Record answers as reviews too.
    pub reschedule: bool,
    /// The study day.
    pub day: Date,
    /// Who takes it, for a class report (`--learner`).
    pub learner: Option<String>,
}

/// One auto-graded item that may be asked, and its deck.
struct Entry<'d> {
    deck: &'d Deck,
    item: Item<'d>,
}

/// The question to ask now.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// `[3/20] tags · 12:05 left`, in bold.
    pub heading: String,
    /// The question.
    pub question: Question,
    /// What the prompt offers besides an answer: with `--tutor`, `o` says
    /// the previous answer, graded wrong, was right.
    pub offers: Offers,
}

/// The last answer, graded wrong, that the learner may still overrule.
struct Overrulable {
    /// Its question number, from 0.
    number: usize,
    /// Its entry.
    index: usize,
    /// The card's state before it, and the review it made (`--reschedule`).
    review: Option<(Option<CardState>, Review)>,
}

/// What an answer leads to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answered {
    /// The answer came after the time limit: it does not count, and the exam ends.
    pub too_late: bool,
    /// With `--reschedule`, the review to record.
    pub review: Option<Review>,
    /// With `--tutor`, the feedback to show.
    pub feedback: Vec<String>,
}

/// A finished exam: what the log keeps and what the learner is shown.
pub struct Finished<'e, 'd> {
    /// The record for the log.
    pub record: ExamRecord,
    /// The closing report, as text.
    pub report: String,
    /// Whether the time limit ended it.
    pub time_up: bool,
    /// The score per tag, weakest first.
    pub tags: Vec<TagScore>,
    /// Each question's item and its right answer, in the order asked.
    pub asked: Vec<(&'e Item<'d>, String)>,
}

/// An exam in progress.
pub struct Exam<'d> {
    entries: Vec<Entry<'d>>,
    /// Grades every answer, knowing the words and names of all the decks.
    grader: Grader<'d>,
    paper: Paper<usize>,
    plan: Plan,
    rng: ChaCha8Rng,
    decks: Vec<String>,
    scheduler: Scheduler,
    device: String,
    /// Each rescheduled item's state, as the store keeps it.
    states: HashMap<usize, Option<CardState>>,
    /// By question number (from 0): the answer given and its verdict.
    verdicts: HashMap<usize, (String, Verdict)>,
    /// By question number: the options shown, for choice and true/false.
    offered: HashMap<usize, Vec<String>>,
    /// By question number: the options picked.
    picked: HashMap<usize, Vec<String>>,
    /// Question numbers whose verdict the learner overruled.
    overruled: std::collections::HashSet<usize>,
    /// The last answer, if it was graded wrong in a tutored exam.
    overrulable: Option<Overrulable>,
    /// The question on screen and its number, so asking it again (after "I
    /// was right") shows the same options without drawing from the seed.
    on_screen: Option<(usize, Question)>,
    started: Option<Timestamp>,
}

impl<'d> Exam<'d> {
    /// An exam over the auto-graded cards of `decks`, drawn by `plan` with
    /// its seed. `states` are the store's card states (for `--reschedule`);
    /// reviews are stamped with `device`.
    pub fn new(
        decks: &'d [Deck],
        states: &States,
        scheduler: Scheduler,
        plan: Plan,
        device: String,
    ) -> Exam<'d> {
        let entries: Vec<Entry<'d>> = decks
            .iter()
            .flat_map(|deck| {
                deck.items()
                    .into_iter()
                    .filter(Item::is_auto_graded)
                    .map(move |item| Entry { deck, item })
            })
            .collect();
        let pool: Vec<Candidate<usize>> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| Candidate {
                key: i,
                tags: e.item.card.tags.clone(),
            })
            .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(plan.seed);
        let questions = select(&pool, &plan.draw, &mut rng);
        let states = questions
            .iter()
            .map(|&i| {
                let e = &entries[i];
                (
                    i,
                    states
                        .get(&e.deck.id)
                        .and_then(|d| d.get(&*e.item.key()))
                        .copied(),
                )
            })
            .collect();
        Exam {
            paper: Paper::new(questions, plan.limit),
            entries,
            grader: Grader::for_decks(decks),
            plan,
            rng,
            decks: decks.iter().map(|d| d.id.clone()).collect(),
            scheduler,
            device,
            states,
            verdicts: HashMap::new(),
            offered: HashMap::new(),
            picked: HashMap::new(),
            overruled: std::collections::HashSet::new(),
            overrulable: None,
            on_screen: None,
            started: None,
        }
    }

    /// The line that opens the exam, or why there is nothing to ask.
    pub fn opening(&self) -> Result<String, String> {
        let count = self.paper.outcomes().len();
        if count == 0 {
            return Err("No auto-graded cards to ask: choose other decks or tags.".into());
        }
        Ok(format!(
            "Exam: {count} questions{}{}. q ends the exam early.",
            self.plan
                .limit
                .map_or(String::new(), |l| match l.as_secs() / 60 {
                    1 => ", 1 minute".into(),
                    m => format!(", {m} minutes"),
                }),
            if self.plan.tutor {
                ", answers shown as you go"
            } else {
                ", answers shown at the end"
            }
        ))
    }

    /// The question to ask at `elapsed` since the exam began (`now` on the
    /// wall clock, kept as the exam's start), or `None` once it has ended.
    pub fn current(&mut self, elapsed: Duration, now: Timestamp) -> Option<Shown> {
        let index = *self.paper.current(elapsed)?;
        self.started.get_or_insert(now);
        let (position, total) = self.paper.progress();
        let clock = self
            .paper
            .remaining(elapsed)
            .map_or(String::new(), |left| format!(" · {} left", mm_ss(left)));
        let item = &self.entries[index].item;
        let question = match &self.on_screen {
            Some((number, question)) if *number == position - 1 => question.clone(),
            _ => {
                let question = present::question(item, &mut self.rng);
                self.on_screen = Some((position - 1, question.clone()));
                question
            }
        };
        if let Some(options) = offered(&question) {
            self.offered.insert(position - 1, options);
        }
        Some(Shown {
            heading: format!(
                "\n{}",
                style(format!(
                    "[{position}/{total}] {}{clock}",
                    clean(&item.card.tags.join(", "))
                ))
                .bold()
            ),
            question,
            offers: Offers {
                undo: false,
                overrule: self.overrulable.is_some(),
            },
        })
    }

    /// The learner says the last answer, graded wrong, was right ("I was
    /// right", `--tutor` only) at `now`: it counts as right. With
    /// `--reschedule`, gives the events to record: the undo of the review
    /// rated Again, and the review rated Good in its place.
    pub fn overrule(&mut self, now: Timestamp) -> Option<Vec<Event>> {
        let last = self.overrulable.take()?;
        if !self.paper.overrule(last.number) {
            return None;
        }
        self.overruled.insert(last.number);
        let Some((before, again)) = last.review else {
            return Some(Vec::new());
        };
        let next =
            self.scheduler
                .schedule(before.as_ref(), Rating::Good, self.plan.day, rand::random());
        self.states.insert(last.index, Some(next.state));
        let answer = Answer {
            deck: again.deck.clone(),
            card: again.card.clone(),
            text: again.answer.clone(),
            correct: Some(true),
            seconds: again.seconds,
            overruled: true,
        };
        let good = Review::new(
            new_id(),
            self.device.clone(),
            answer,
            now,
            self.plan.day,
            Rating::Good,
            next.due,
        );
        Some(vec![
            Event::Undo {
                id: new_id(),
                undoes: again.id,
                time: now,
            },
            Event::Review(good),
        ])
    }

    /// Grades `response` to the current question, given at `elapsed` after
    /// `seconds` of thought, at `now`.
    pub fn answer(
        &mut self,
        response: Response,
        seconds: f64,
        elapsed: Duration,
        now: Timestamp,
    ) -> Answered {
        let Some(&index) = self.paper.current(elapsed) else {
            return Answered {
                too_late: true,
                ..Answered::default()
            };
        };
        let number = self.paper.progress().0 - 1;
        self.overrulable = None;
        let entry = &self.entries[index];
        let verdict = self.grader.grade(&entry.item, &response);
        let correct = verdict.correct == Some(true);
        let text = present::response_text(&response);
        self.paper.answer(text.clone(), correct, elapsed);
        if self.paper.outcomes()[number].answer.is_none() {
            return Answered {
                too_late: true,
                ..Answered::default()
            };
        }
        let feedback = if self.plan.tutor {
            present::feedback(entry.deck, &entry.item, &verdict, &response)
        } else {
            Vec::new()
        };
        let before = self.states.get(&index).copied().flatten();
        let review = self.plan.reschedule.then(|| {
            let rating = if correct { Rating::Good } else { Rating::Again };
            let state = before;
            let next =
                self.scheduler
                    .schedule(state.as_ref(), rating, self.plan.day, rand::random());
            self.states.insert(index, Some(next.state));
            let answer = Answer {
                deck: entry.deck.id.clone(),
                card: entry.item.key().into_owned(),
                text: text.clone(),
                correct: verdict.correct,
                seconds,
                overruled: false,
            };
            Review::new(
                new_id(),
                self.device.clone(),
                answer,
                now,
                self.plan.day,
                rating,
                next.due,
            )
        });
        if self.plan.tutor && verdict.correct == Some(false) {
            self.overrulable = Some(Overrulable {
                number,
                index,
                review: review.clone().map(|r| (before, r)),
            });
        }
        self.verdicts.insert(number, (text, verdict));
        if let Some(options) = picked(&response) {
            self.picked.insert(number, options);
        }
        Answered {
            too_late: false,
            review,
            feedback,
        }
    }

    /// Ends the exam at `elapsed` (`now` on the wall clock): its record, report
    /// and score, or `None` when it was left before the first answer with time
    /// to spare, which is no result.
    pub fn finish(&mut self, elapsed: Duration, now: Timestamp) -> Option<Finished<'_, 'd>> {
        self.paper.stop(elapsed);
        let outcome = self.paper.end().unwrap_or(End::Stopped);
        let outcomes = self.paper.outcomes();
        let answered = outcomes.iter().filter(|o| o.answer.is_some()).count();
        if answered == 0 && outcome == End::Stopped {
            return None;
        }
        let entries = &self.entries;
        let record = ExamRecord {
            id: new_id(),
            device: self.device.clone(),
            started: self.started.unwrap_or(now),
            ended: now,
            day: self.plan.day,
            decks: self.decks.clone(),
            seed: self.plan.seed,
            minutes: self
                .plan
                .limit
                .map(|l| u32::try_from(l.as_secs() / 60).unwrap_or(u32::MAX)),
            questions: outcomes
                .iter()
                .enumerate()
                .map(|(n, o)| {
                    let e = &entries[o.key];
                    ExamQuestion {
                        deck: e.deck.id.clone(),
                        card: e.item.key().into_owned(),
                        tags: e.item.card.tags.clone(),
                        answer: o.answer.clone(),
                        correct: o.correct,
                        seconds: o.seconds,
                        options: self.offered.get(&n).cloned(),
                        picked: self.picked.get(&n).cloned(),
                        overruled: self.overruled.contains(&n),
                    }
                })
                .collect(),
            correct: u32::try_from(self.paper.correct()).unwrap_or(u32::MAX),
            learner: self.plan.learner.clone(),
        };
        let tags = by_tag(outcomes, |&i| entries[i].item.card.tags.clone());
        let asked: Vec<(&Item<'d>, String)> = outcomes
            .iter()
            .enumerate()
            .map(|(n, o)| {
                let item = &entries[o.key].item;
                (item, self.right_answer(n, item))
            })
            .collect();
        let report = self.report(&tags, outcome);
        Some(Finished {
            record,
            report,
            time_up: outcome == End::TimeUp,
            tags,
            asked,
        })
    }

    /// The right answer to question `n` (from 0): as graded when it was
    /// answered, else the card's.
    fn right_answer(&self, n: usize, item: &Item<'_>) -> String {
        self.verdicts.get(&n).map_or_else(
            || expected_answer(item),
            |(_, verdict)| verdict.expected.clone(),
        )
    }

    /// The closing report: score, per tag, time per question, then every
    /// missed question with the answer given, the right answer and the
    /// explanation.
    fn report(&self, tags: &[TagScore], outcome: End) -> String {
        let outcomes = self.paper.outcomes();
        let total = outcomes.len();
        let correct = self.paper.correct();
        let percent = 100.0 * correct as f64 / total.max(1) as f64;
        let why = match outcome {
            End::Finished => "Exam over",
            End::TimeUp => "Time is up",
            End::Stopped => "Exam ended early",
        };
        let mut lines = vec![format!(
            "\n{}: {correct} of {total} right ({percent:.0}%){}",
            style(why).bold(),
            if outcome == End::Finished {
                String::new()
            } else {
                "; unanswered questions count as wrong".into()
            }
        )];
        lines.push(style("By tag, weakest first:").bold().to_string());
        for score in tags {
            lines.push(format!(
                "  {:<24} {:>3}/{:<3} {:>4.0}%",
                clean(&score.tag),
                score.correct,
                score.total,
                score.percent()
            ));
        }
        lines.push(style("Time per question:").bold().to_string());
        for (n, o) in outcomes.iter().enumerate() {
            let mark = match (&o.answer, o.correct) {
                (None, _) => style("–").dim(),
                (Some(_), true) => style("✓").green(),
                (Some(_), false) => style("✗").red(),
            };
            lines.push(format!(
                "  {:>2}. {mark} {:>5.0}s  {}",
                n + 1,
                o.seconds,
                clean(&self.entries[o.key].item.key())
            ));
        }
        let missed: Vec<(usize, &Outcome<usize>)> = outcomes
            .iter()
            .enumerate()
            .filter(|(_, o)| !o.correct)
            .collect();
        if !missed.is_empty() {
            lines.push(
                style(format!("Missed ({}):", missed.len()))
                    .bold()
                    .to_string(),
            );
        }
        for (n, o) in missed {
            let item = &self.entries[o.key].item;
            let given = self
                .verdicts
                .get(&n)
                .map_or_else(|| "(not answered)".into(), |(given, _)| clean(given));
            let expected = clean(&self.right_answer(n, item));
            lines.push(format!("  {}. {}", n + 1, clean(&item.prompt())));
            lines.push(format!("     You answered: {given}"));
            lines.push(format!("     The answer: {}", style(expected).green()));
            if let Some((_, verdict)) = self.verdicts.get(&n) {
                lines.extend(
                    present::difference(item, verdict)
                        .into_iter()
                        .map(|l| format!("     {l}")),
                );
            }
            lines.push(format!("     Why: {}", clean(&item.card.explanation)));
            if let Some(note) = &item.card.note {
                lines.push(format!("     Note: {}", clean(note)));
            }
        }
        lines.push(format!(
            "Seed {0}: the same options with --seed {0} ask the same questions again.",
            self.plan.seed
        ));
        lines.join("\n")
    }
}

/// The options `question` offers, in the order shown: a choice's, or
/// `True` and `False`; `None` for a typed question.
fn offered(question: &Question) -> Option<Vec<String>> {
    match question {
        Question::Choice { options, .. } => Some(options.clone()),
        Question::TrueFalse { .. } => Some(vec![TRUE.into(), FALSE.into()]),
        Question::Text { .. } | Question::Reveal { .. } => None,
    }
}

/// The options `response` picked, in the words of [`offered`].
fn picked(response: &Response) -> Option<Vec<String>> {
    match response {
        Response::Choices(options) => Some(options.clone()),
        Response::Bool(b) => Some(vec![if *b { TRUE } else { FALSE }.into()]),
        Response::Text(_) | Response::Revealed => None,
    }
}

/// How a true/false question's options are recorded.
pub const TRUE: &str = "True";
/// See [`TRUE`].
pub const FALSE: &str = "False";

/// `12:05` for 12 minutes 5 seconds; part of a second counts as a whole one,
/// so a full minute left shows as `1:00`.
fn mm_ss(duration: Duration) -> String {
    let seconds = duration.as_secs() + u64::from(duration.subsec_nanos() > 0);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Right answers out of questions for one tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagScore {
    /// The tag.
    pub tag: String,
    /// Questions answered right.
    pub correct: usize,
    /// Questions asked.
    pub total: usize,
}

impl TagScore {
    /// Percent right.
    pub fn percent(&self) -> f64 {
        100.0 * self.correct as f64 / self.total.max(1) as f64
    }
}

/// The score per tag, weakest first (then by name); a question counts for
/// each of its tags.
pub fn by_tag<K>(outcomes: &[Outcome<K>], tags: impl Fn(&K) -> Vec<String>) -> Vec<TagScore> {
    let mut scores: HashMap<String, (usize, usize)> = HashMap::new();
    for outcome in outcomes {
        for tag in tags(&outcome.key) {
            let entry = scores.entry(tag).or_default();
            entry.0 += usize::from(outcome.correct);
            entry.1 += 1;
        }
    }
    let mut scores: Vec<TagScore> = scores
        .into_iter()
        .map(|(tag, (correct, total))| TagScore {
            tag,
            correct,
            total,
        })
        .collect();
    scores.sort_by(|a, b| {
        a.percent()
            .total_cmp(&b.percent())
            .then_with(|| a.tag.cmp(&b.tag))
    });
    scores
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse;

    fn tutored(reschedule: bool) -> Plan {
        Plan {
            draw: Draw {
                count: 3,
                ..Draw::default()
            },
            seed: 4,
            limit: None,
            tutor: true,
            reschedule,
            day: jiff::civil::date(2026, 5, 1),
            learner: None,
        }
    }

    /// Answers every question of `exam` wrong, overruling the first verdict.
    fn wrong_then_overrule(exam: &mut Exam<'_>) -> Vec<Event> {
        let now: Timestamp = "2026-05-01T09:00:00Z".parse().unwrap();
        let mut events = Vec::new();
        let mut second = Duration::ZERO;
        let mut overruled = false;
        while let Some(shown) = exam.current(second, now) {
            if shown.offers.overrule && !overruled {
                events.extend(exam.overrule(now).unwrap());
                overruled = true;
                assert_eq!(
                    exam.current(second, now).unwrap().question,
                    shown.question,
                    "asked again as shown"
                );
                continue;
            }
            let wrong = match shown.question {
                Question::TrueFalse { .. } => Response::Bool(false),
                Question::Text { .. } => Response::Text("999".into()),
                Question::Choice { options, .. } => Response::Choices(vec![
                    options.iter().find(|o| *o != "Azure").unwrap().clone(),
                ]),
                Question::Reveal { .. } => Response::Revealed,
            };
            second += Duration::from_secs(5);
            let answered = exam.answer(wrong, 5.0, second, now);
            events.extend(answered.review.map(Event::Review));
        }
        events
    }

    #[test]
    fn tutor_feedback_and_the_report_say_where_wrong_answers_differ() {
        let decks = [parse(
            r#"{"format": 1, "id": "fb", "title": "F", "cards": [
              {"id": "arms", "kind": "choice", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 1},
               "prompt": "Which were given?",
               "choices": ["aspirin", "clopidogrel", "heparin"],
               "answers": ["aspirin", "clopidogrel"]},
              {"id": "outcome", "kind": "typed", "tags": ["t"], "explanation": "e",
               "source": {"section": "S", "bullet": 2},
               "prompt": "What was the primary outcome?", "answers": ["mRS 0-2 at 90 days"]}]}"#,
        )
        .unwrap()];
        let plan = Plan {
            draw: Draw {
                count: 2,
                ..Draw::default()
            },
            ..tutored(false)
        };
        let mut exam = Exam::new(
            &decks,
            &States::new(),
            Scheduler::default_params(),
            plan,
            "d".into(),
        );
        let now: Timestamp = "2026-05-01T09:00:00Z".parse().unwrap();
        let mut feedback = Vec::new();
        let mut second = Duration::ZERO;
        while let Some(shown) = exam.current(second, now) {
            let wrong = match shown.question {
                Question::Choice { .. } => {
                    Response::Choices(vec!["aspirin".into(), "heparin".into()])
                }
                _ => Response::Text("mRS 0-3 at 90 days".into()),
            };
            second += Duration::from_secs(5);
            feedback.extend(exam.answer(wrong, 5.0, second, now).feedback);
        }
        let plain = |text: &str| dialoguer::console::strip_ansi_codes(text).into_owned();
        let feedback: Vec<String> = feedback.iter().map(|l| plain(l)).collect();
        for line in [
            "  Missed: clopidogrel",
            "  Extra, not right: heparin",
            "  Where it differs: mRS «0-2» (not «0-3») at 90 days",
        ] {
            assert!(
                feedback.iter().any(|l| l == line),
                "{line:?} in {feedback:?}"
            );
        }
        let finished = exam.finish(second, now).unwrap();
        let report = plain(&finished.report);
        for line in [
            "     Missed: clopidogrel",
            "     Extra, not right: heparin",
            "     Where it differs: mRS «0-2» (not «0-3») at 90 days",
        ] {
            assert!(report.lines().any(|l| l == line), "{line:?} in\n{report}");
        }
    }

    #[test]
    fn i_was_right_in_a_tutored_exam_counts_the_answer_right() {
        let decks = [parse(include_str!("../../../tests/fixtures/mini.json")).unwrap()];
        let mut exam = Exam::new(
            &decks,
            &States::new(),
            Scheduler::default_params(),
            tutored(false),
            "d".into(),
        );
        assert!(
            wrong_then_overrule(&mut exam).is_empty(),
            "nothing rescheduled"
        );
        let finished = exam
            .finish(
                Duration::from_secs(60),
                "2026-05-01T09:01:00Z".parse().unwrap(),
            )
            .unwrap();
        let verdicts: Vec<(bool, bool)> = finished
            .record
            .questions
            .iter()
            .map(|q| (q.correct, q.overruled))
            .collect();
        assert_eq!(verdicts, [(true, true), (false, false), (false, false)]);
        assert_eq!(finished.record.correct, 1);
        // Without --tutor no feedback is shown, so nothing can be overruled.
        let mut quiet = Exam::new(
            &decks,
            &States::new(),
            Scheduler::default_params(),
            Plan {
                tutor: false,
                ..tutored(false)
            },
            "d".into(),
        );
        quiet.answer(
            Response::Bool(false),
            1.0,
            Duration::ZERO,
            "2026-05-01T09:00:00Z".parse().unwrap(),
        );
        assert!(
            quiet
                .overrule("2026-05-01T09:00:00Z".parse().unwrap())
                .is_none()
        );
    }

    #[test]
    fn i_was_right_with_reschedule_takes_the_again_back_and_records_good() {
        let decks = [parse(include_str!("../../../tests/fixtures/mini.json")).unwrap()];
        let mut exam = Exam::new(
            &decks,
            &States::new(),
            Scheduler::default_params(),
            tutored(true),
            "d".into(),
        );
        let events = wrong_then_overrule(&mut exam);
        // Again (first question), its undo, Good overruled, then two Agains.
        let Event::Review(first) = &events[0] else {
            panic!("{events:?}")
        };
        assert_eq!(first.rating, Rating::Again);
        assert!(matches!(&events[1], Event::Undo { undoes, .. } if undoes == &first.id));
        let Event::Review(good) = &events[2] else {
            panic!("{events:?}")
        };
        assert_eq!(
            (
                good.card.as_str(),
                good.rating,
                good.correct,
                good.overruled
            ),
            (first.card.as_str(), Rating::Good, Some(true), true)
        );
        assert_eq!(events.len(), 5);
    }

    #[test]
    fn the_countdown_rounds_part_of_a_second_up() {
        assert_eq!(mm_ss(Duration::from_secs(60)), "1:00");
        assert_eq!(mm_ss(Duration::from_millis(59_001)), "1:00");
        assert_eq!(mm_ss(Duration::from_secs(725)), "12:05");
    }

    #[test]
    fn tag_scores_put_the_weakest_first() {
        let outcome = |key, correct| Outcome {
            key,
            answer: Some(String::new()),
            correct,
            seconds: 1.0,
        };
        let outcomes = [
            outcome(0, false),
            outcome(1, true),
            outcome(3, true),
            outcome(6, false),
        ];
        let tags = |k: &usize| {
            vec![
                if k.is_multiple_of(3) {
                    "safety"
                } else {
                    "design"
                }
                .to_string(),
            ]
        };
        let scores = by_tag(&outcomes, tags);
        assert_eq!(
            scores,
            vec![
                TagScore {
                    tag: "safety".into(),
                    correct: 1,
                    total: 3
                },
                TagScore {
                    tag: "design".into(),
                    correct: 1,
                    total: 1
                },
            ]
        );
    }
}
