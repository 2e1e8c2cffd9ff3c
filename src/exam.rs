//! The exam as pure logic: which questions, in what order, the time limit and
//! the score. No terminal, no disk, no clock: callers pass the time elapsed
//! since the exam started, so a time limit is tested without waiting.

use std::collections::HashMap;
use std::time::Duration;

use rand::{Rng, RngExt};

/// An item that may be asked, with its tags.
#[derive(Debug, Clone)]
pub struct Candidate<K> {
    /// The item's identity.
    pub key: K,
    /// Its topics.
    pub tags: Vec<String>,
}

/// How questions are drawn.
#[derive(Debug, Clone, Default)]
pub struct Draw {
    /// How many questions.
    pub count: usize,
    /// Only items with at least one of these tags; empty for all.
    pub tags: Vec<String>,
    /// With `Some`, the share of right answers per tag: items of weaker tags
    /// are drawn more often (see [`weak_weight`]).
    pub weak: Option<HashMap<String, f64>>,
}

/// The accuracy assumed for a tag never answered: neither weak nor strong.
pub const UNSEEN_ACCURACY: f64 = 0.5;

/// How much more likely an item is drawn with `--weak`: 1 plus 4 times the
/// error rate of its weakest tag, so a tag never answered right is drawn five
/// times as often as one always answered right.
pub fn weak_weight(tags: &[String], accuracy: &HashMap<String, f64>) -> f64 {
    let worst = tags
        .iter()
        .map(|t| accuracy.get(t).copied().unwrap_or(UNSEEN_ACCURACY))
        .fold(1.0_f64, f64::min);
    1.0 + 4.0 * (1.0 - worst.clamp(0.0, 1.0))
}

/// Draws up to `draw.count` distinct items in random order. The same `rng`
/// state gives the same questions in the same order.
pub fn select<K: Clone>(pool: &[Candidate<K>], draw: &Draw, rng: &mut impl Rng) -> Vec<K> {
    // Weighted sampling without replacement (Efraimidis and Spirakis): each
    // item gets the key u^(1/w) and the largest keys win; with equal weights
    // this is a uniform shuffle.
    let mut keyed: Vec<(f64, usize)> = pool
        .iter()
        .enumerate()
        .filter(|(_, c)| draw.tags.is_empty() || c.tags.iter().any(|t| draw.tags.contains(t)))
        .map(|(i, c)| {
            let weight = draw.weak.as_ref().map_or(1.0, |a| weak_weight(&c.tags, a));
            let u: f64 = rng.random();
            (u.powf(1.0 / weight), i)
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    keyed
        .into_iter()
        .take(draw.count)
        .map(|(_, i)| pool[i].key.clone())
        .collect()
}

/// How one question went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<K> {
    /// The item asked.
    pub key: K,
    /// The answer given, or `None` if the exam ended first.
    pub answer: Option<String>,
    /// Right or wrong; unanswered is wrong.
    pub correct: bool,
    /// Seconds spent on it.
    pub seconds: f64,
}

/// Why an exam ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Every question was answered.
    Finished,
    /// The time limit passed.
    TimeUp,
    /// The learner stopped.
    Stopped,
}

/// An exam in progress.
#[derive(Debug, Clone)]
pub struct Exam<K> {
    outcomes: Vec<Outcome<K>>,
    next: usize,
    limit: Option<Duration>,
    /// When the previous answer was given, to time the current question.
    last: Duration,
    end: Option<End>,
}

impl<K: Clone> Exam<K> {
    /// An exam over `questions`, in order, with an optional time limit.
    pub fn new(questions: Vec<K>, limit: Option<Duration>) -> Exam<K> {
        let end = questions.is_empty().then_some(End::Finished);
        Exam {
            outcomes: questions
                .into_iter()
                .map(|key| Outcome {
                    key,
                    answer: None,
                    correct: false,
                    seconds: 0.0,
                })
                .collect(),
            next: 0,
            limit,
            last: Duration::ZERO,
            end,
        }
    }

    /// The question to ask at `elapsed`, ending the exam if time is up.
    pub fn current(&mut self, elapsed: Duration) -> Option<&K> {
        self.check_time(elapsed);
        if self.end.is_some() {
            return None;
        }
        self.outcomes.get(self.next).map(|o| &o.key)
    }

    /// Position of the current question and the total, for `[3/20]`.
    pub fn progress(&self) -> (usize, usize) {
        (self.next + 1, self.outcomes.len())
    }

    /// Time left at `elapsed`, if there is a limit.
    pub fn remaining(&self, elapsed: Duration) -> Option<Duration> {
        self.limit.map(|limit| limit.saturating_sub(elapsed))
    }

    /// Records the answer to the current question, given at `elapsed`. An
    /// answer after the time limit does not count: the exam ends instead.
    pub fn answer(&mut self, answer: String, correct: bool, elapsed: Duration) {
        self.check_time(elapsed);
        if self.end.is_some() {
            return;
        }
        let Some(outcome) = self.outcomes.get_mut(self.next) else {
            return;
        };
        outcome.answer = Some(answer);
        outcome.correct = correct;
        outcome.seconds = elapsed.saturating_sub(self.last).as_secs_f64();
        self.last = elapsed;
        self.next += 1;
        if self.next == self.outcomes.len() {
            self.end = Some(End::Finished);
        }
    }

    /// Ends the exam at `elapsed`: time is up, or the learner stopped. The
    /// question on screen gets the time spent on it.
    pub fn stop(&mut self, elapsed: Duration) {
        self.check_time(elapsed);
        if self.end.is_none() {
            self.end = Some(End::Stopped);
        }
    }

    /// Why the exam ended, once it has.
    pub fn end(&self) -> Option<End> {
        self.end
    }

    /// Every question and how it went, in the order asked.
    pub fn outcomes(&self) -> &[Outcome<K>] {
        &self.outcomes
    }

    /// Questions answered right.
    pub fn correct(&self) -> usize {
        self.outcomes.iter().filter(|o| o.correct).count()
    }

    fn check_time(&mut self, elapsed: Duration) {
        if self.end.is_some() {
            return;
        }
        let Some(limit) = self.limit else {
            return;
        };
        if elapsed >= limit {
            // The question on screen ran until the limit.
            if let Some(outcome) = self.outcomes.get_mut(self.next) {
                outcome.seconds = limit.saturating_sub(self.last).as_secs_f64();
            }
            self.end = Some(End::TimeUp);
        }
    }
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
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    fn pool() -> Vec<Candidate<usize>> {
        (0..30_usize)
            .map(|i| Candidate {
                key: i,
                tags: vec![
                    if i.is_multiple_of(3) {
                        "safety"
                    } else {
                        "design"
                    }
                    .to_string(),
                ],
            })
            .collect()
    }

    fn draw(count: usize) -> Draw {
        Draw {
            count,
            ..Draw::default()
        }
    }

    const FROZEN: [usize; 10] = [9, 29, 26, 7, 21, 3, 2, 4, 15, 12];

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn the_same_seed_draws_the_same_questions_in_the_same_order() {
        let pick = |seed| select(&pool(), &draw(10), &mut ChaCha8Rng::seed_from_u64(seed));
        let first = pick(7);
        assert_eq!(first, pick(7));
        assert_ne!(first, pick(8));
        assert_eq!(first.len(), 10);
        let mut distinct = first.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 10, "no question twice");
        // Frozen: ChaCha8 is specified, so the order is the same on every
        // platform and build; a learner can share a seed.
        assert_eq!(first, FROZEN);
    }

    #[test]
    fn a_tag_filter_keeps_only_items_with_that_tag() {
        let only = Draw {
            count: 50,
            tags: vec!["safety".into()],
            ..Draw::default()
        };
        let mut picked = select(&pool(), &only, &mut ChaCha8Rng::seed_from_u64(1));
        picked.sort_unstable();
        assert_eq!(picked, (0..30).step_by(3).collect::<Vec<_>>());
    }

    #[test]
    fn weak_tags_are_drawn_more_often() {
        let accuracy = HashMap::from([("safety".to_string(), 0.0), ("design".to_string(), 1.0)]);
        assert_eq!(weak_weight(&["safety".into()], &accuracy), 5.0);
        assert_eq!(weak_weight(&["design".into()], &accuracy), 1.0);
        assert_eq!(weak_weight(&["new".into()], &accuracy), 3.0);
        let weak = Draw {
            count: 5,
            weak: Some(accuracy),
            ..Draw::default()
        };
        // Safety is a third of the pool: a third of a plain draw, but weighted
        // five to one, about two thirds of a weak draw (across many seeds).
        let (mut safety, mut plain_safety) = (0, 0);
        for seed in 0..200 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            safety += select(&pool(), &weak, &mut rng)
                .iter()
                .filter(|k| k.is_multiple_of(3))
                .count();
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            plain_safety += select(&pool(), &draw(5), &mut rng)
                .iter()
                .filter(|k| k.is_multiple_of(3))
                .count();
        }
        assert!(2 * safety > 3 * plain_safety, "{safety} vs {plain_safety}");
    }

    #[test]
    fn answers_are_timed_and_scored() {
        let mut exam = Exam::new(vec!["a", "b"], None);
        assert_eq!(exam.current(Duration::ZERO), Some(&"a"));
        exam.answer("x".into(), true, 12 * SECOND);
        assert_eq!(exam.progress(), (2, 2));
        exam.answer("y".into(), false, 30 * SECOND);
        assert_eq!(exam.current(30 * SECOND), None);
        assert_eq!(exam.end(), Some(End::Finished));
        let seconds: Vec<f64> = exam.outcomes().iter().map(|o| o.seconds).collect();
        assert_eq!(seconds, [12.0, 18.0]);
        assert_eq!(exam.correct(), 1);
    }

    #[test]
    fn time_running_out_ends_the_exam_and_scores_the_rest_wrong() {
        let mut exam = Exam::new(vec!["a", "b", "c"], Some(60 * SECOND));
        assert_eq!(exam.remaining(20 * SECOND), Some(40 * SECOND));
        exam.answer("x".into(), true, 20 * SECOND);
        // The answer to b comes after the limit: it does not count.
        exam.answer("y".into(), true, 61 * SECOND);
        assert_eq!(exam.end(), Some(End::TimeUp));
        assert_eq!(exam.current(61 * SECOND), None);
        assert_eq!(exam.correct(), 1);
        let o = exam.outcomes();
        assert_eq!((o[1].answer.as_deref(), o[1].correct), (None, false));
        assert_eq!(o[1].seconds, 40.0, "b was on screen until the limit");
        assert_eq!((o[2].answer.as_deref(), o[2].seconds), (None, 0.0));
        assert_eq!(exam.remaining(90 * SECOND), Some(Duration::ZERO));
    }

    #[test]
    fn a_prompt_left_waiting_past_the_limit_ends_the_exam_when_it_returns() {
        let mut exam = Exam::new(vec!["a"], Some(10 * SECOND));
        exam.stop(10 * SECOND);
        assert_eq!(exam.end(), Some(End::TimeUp));
        let mut early = Exam::new(vec!["a"], Some(10 * SECOND));
        early.stop(3 * SECOND);
        assert_eq!(early.end(), Some(End::Stopped));
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
