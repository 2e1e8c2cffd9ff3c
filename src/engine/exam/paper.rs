//! An exam paper in progress: the questions in order, the time limit, each
//! answer's outcome and time. No clock: callers pass the time elapsed since
//! the exam started, so a time limit is tested without waiting.

use std::time::Duration;

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

/// The questions of an exam and how each went.
#[derive(Debug, Clone)]
pub struct Paper<K> {
    outcomes: Vec<Outcome<K>>,
    next: usize,
    limit: Option<Duration>,
    /// When the previous answer was given, to time the current question.
    last: Duration,
    end: Option<End>,
}

impl<K: Clone> Paper<K> {
    /// An exam over `questions`, in order, with an optional time limit.
    pub fn new(questions: Vec<K>, limit: Option<Duration>) -> Paper<K> {
        let end = questions.is_empty().then_some(End::Finished);
        Paper {
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

    /// Counts answered question `number` (from 0) as right: the learner
    /// overruled its verdict. False when it was not answered.
    pub fn overrule(&mut self, number: usize) -> bool {
        match self.outcomes.get_mut(number) {
            Some(outcome) if outcome.answer.is_some() => {
                outcome.correct = true;
                true
            }
            _ => false,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn answers_are_timed_and_scored() {
        let mut exam = Paper::new(vec!["a", "b"], None);
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
        let mut exam = Paper::new(vec!["a", "b", "c"], Some(60 * SECOND));
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
        let mut exam = Paper::new(vec!["a"], Some(10 * SECOND));
        exam.stop(10 * SECOND);
        assert_eq!(exam.end(), Some(End::TimeUp));
        let mut early = Paper::new(vec!["a"], Some(10 * SECOND));
        early.stop(3 * SECOND);
        assert_eq!(early.end(), Some(End::Stopped));
    }
}
