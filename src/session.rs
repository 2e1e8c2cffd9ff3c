//! The study session as pure logic: which card comes next, what happens to a
//! failed card, and the running score. No terminal, no disk.

use std::collections::VecDeque;

use jiff::civil::Date;

use crate::schedule::Rating;

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
    /// New cards still allowed today.
    pub new: usize,
    /// Due cards allowed in this session.
    pub reviews: usize,
}

/// Orders a session: due cards first (earliest due, then least likely to be
/// recalled), then new cards in deck order, each within its limit.
pub fn build_queue<K>(candidates: Vec<Candidate<K>>, today: Date, limits: Limits) -> Vec<K> {
    let (mut due, new): (Vec<_>, Vec<_>) = candidates
        .into_iter()
        .filter(|c| c.due.is_none_or(|d| d <= today))
        .partition(|c| c.due.is_some());
    due.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then(a.retrievability.total_cmp(&b.retrievability))
    });
    due.into_iter()
        .take(limits.reviews)
        .chain(new.into_iter().take(limits.new))
        .map(|c| c.key)
        .collect()
}

/// How many cards later a failed card comes back.
pub const RELEARN_GAP: usize = 3;

/// A session in progress.
#[derive(Debug, Clone)]
pub struct Session<K> {
    queue: VecDeque<K>,
    score: Score,
    /// The queue and score before the last answer, to take it back.
    before_last: Option<(VecDeque<K>, Score)>,
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

impl<K: Clone> Session<K> {
    /// A session over `queue`, in order.
    pub fn new(queue: Vec<K>) -> Session<K> {
        Session {
            queue: queue.into(),
            score: Score::default(),
            before_last: None,
        }
    }

    /// The card to show now, if any remain.
    pub fn current(&self) -> Option<&K> {
        self.queue.front()
    }

    /// Position of the current card and the total, for `[3/20]`.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.score.answered as usize;
        (done + 1, done + self.queue.len())
    }

    /// The score so far.
    pub fn score(&self) -> Score {
        self.score
    }

    /// Records the answer to the current card. A card rated Again comes back
    /// [`RELEARN_GAP`] cards later (or last, if fewer remain).
    pub fn record(&mut self, rating: Rating, correct: Option<bool>) {
        let before = (self.queue.clone(), self.score);
        let Some(card) = self.queue.pop_front() else {
            return;
        };
        self.before_last = Some(before);
        self.score.answered += 1;
        if let Some(right) = correct {
            self.score.graded += 1;
            self.score.correct += u32::from(right);
        }
        if rating == Rating::Again {
            let at = RELEARN_GAP.min(self.queue.len());
            self.queue.insert(at, card);
        }
    }

    /// Takes back the last answer: its card is current again and the score
    /// is as before it. Only one answer can be taken back; false when there
    /// is none.
    pub fn undo(&mut self) -> bool {
        match self.before_last.take() {
            Some((queue, score)) => {
                self.queue = queue;
                self.score = score;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 3, 10);

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

    #[test]
    fn a_failed_card_comes_back_later_in_the_session() {
        let mut s = Session::new(vec!["a", "b", "c", "d", "e"]);
        s.record(Rating::Again, Some(false));
        assert_eq!(s.current(), Some(&"b"));
        let order: Vec<&str> = std::iter::from_fn(|| {
            let k = *s.current()?;
            s.record(Rating::Good, Some(true));
            Some(k)
        })
        .collect();
        assert_eq!(order, vec!["b", "c", "d", "a", "e"]);
        assert_eq!(
            s.score(),
            Score {
                answered: 6,
                correct: 5,
                graded: 6
            }
        );
    }

    #[test]
    fn undo_shows_the_last_card_again_with_the_score_before_it() {
        let mut s = Session::new(vec!["a", "b", "c", "d", "e"]);
        s.record(Rating::Good, Some(true));
        let before = s.clone();
        s.record(Rating::Again, Some(false));
        assert!(s.undo());
        assert_eq!(s.current(), Some(&"b"));
        assert_eq!(s.score(), before.score());
        assert_eq!(s.progress(), before.progress());
        // The failed card is no longer queued for relearning.
        let rest: Vec<&str> = std::iter::from_fn(|| {
            let k = *s.current()?;
            s.record(Rating::Good, Some(true));
            Some(k)
        })
        .collect();
        assert_eq!(rest, vec!["b", "c", "d", "e"]);
        assert!(s.undo());
        assert!(!s.undo(), "only the last answer can be taken back");
    }

    #[test]
    fn progress_counts_relearning_cards() {
        let mut s = Session::new(vec!["a", "b"]);
        assert_eq!(s.progress(), (1, 2));
        s.record(Rating::Again, None);
        assert_eq!(s.progress(), (2, 3));
        s.record(Rating::Good, None);
        s.record(Rating::Good, None);
        assert_eq!(s.current(), None);
        assert_eq!(s.score().percent(), None);
    }
}
