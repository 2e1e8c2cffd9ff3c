//! The figures of classical item analysis over a class's right and wrong
//! answers: centre and spread of the scores, KR-20 reliability, each
//! question's facility and discrimination. Pure functions of the answers;
//! a figure that does not exist for them (one learner, a question everyone
//! got right) is an [`Undefined`] with its reason, never NaN.

use std::fmt;

/// The share of the class in each of the upper and lower groups of the
/// discrimination index (Kelley's 27%).
pub const GROUP_SHARE: f64 = 0.27;

/// Why a figure has no value for these answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// No learner at all.
    NoLearners,
    /// One learner: nothing to compare.
    OneLearner,
    /// One question: reliability needs at least two.
    OneQuestion,
    /// Every learner answered the question right.
    AllRight,
    /// Every learner answered the question wrong.
    AllWrong,
    /// Every learner has the same score.
    SameScores,
    /// Every learner has the same score on the rest of the exam.
    SameRest,
}

impl fmt::Display for Undefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Undefined::NoLearners => "no learners",
            Undefined::OneLearner => "needs at least 2 learners",
            Undefined::OneQuestion => "needs at least 2 questions",
            Undefined::AllRight => "everyone answered it right",
            Undefined::AllWrong => "everyone answered it wrong",
            Undefined::SameScores => "every learner has the same score",
            Undefined::SameRest => "every learner has the same score on the other questions",
        })
    }
}

/// A figure, or why it has none.
pub type Figure = Result<f64, Undefined>;

/// The arithmetic mean, or `None` of nothing.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The median (the mean of the middle two for an even count), or `None` of
/// nothing.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some(f64::midpoint(sorted[n / 2 - 1], sorted[n / 2])),
    }
}

/// The sample standard deviation (divided by n - 1): the spread of the
/// class's scores as an estimate for such learners in general.
pub fn sample_sd(values: &[f64]) -> Figure {
    match values.len() {
        0 => Err(Undefined::NoLearners),
        1 => Err(Undefined::OneLearner),
        n => {
            let m = mean(values).ok_or(Undefined::NoLearners)?;
            let squares: f64 = values.iter().map(|v| (v - m).powi(2)).sum();
            Ok((squares / (n - 1) as f64).sqrt())
        }
    }
}

/// How many of `scores` (questions right, out of `questions`) fall in each
/// of `bins` equal bands of percent right, the last band closed at 100%.
/// Counted in whole numbers, so 29 of 100 is in the 20-29% band.
pub fn histogram(scores: &[usize], questions: usize, bins: usize) -> Vec<usize> {
    let mut counts = vec![0; bins];
    if bins == 0 || questions == 0 {
        return counts;
    }
    for &score in scores {
        let bin = (score.min(questions) * bins / questions).min(bins - 1);
        counts[bin] += 1;
    }
    counts
}

/// The upper and lower groups of a class: row indices of the learners with
/// the highest and the lowest scores, [`GROUP_SHARE`] of the class each
/// (at least one). Equal scores at a group's edge are taken in row order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    /// The strongest learners, best first.
    pub upper: Vec<usize>,
    /// The weakest learners, weakest last.
    pub lower: Vec<usize>,
}

/// A class's answers: one row a learner, one column a question, `true` for
/// right (an unanswered question is wrong).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    questions: usize,
    rows: Vec<Vec<bool>>,
}

impl Answers {
    /// The answers of `rows`, each of `questions` columns; `None` when a
    /// row has another length.
    pub fn new(questions: usize, rows: Vec<Vec<bool>>) -> Option<Answers> {
        rows.iter()
            .all(|r| r.len() == questions)
            .then_some(Answers { questions, rows })
    }

    /// Learners.
    pub fn learners(&self) -> usize {
        self.rows.len()
    }

    /// Questions.
    pub fn questions(&self) -> usize {
        self.questions
    }

    /// Whether learner `i` answered question `j` right.
    pub fn right(&self, i: usize, j: usize) -> bool {
        self.rows[i][j]
    }

    /// Each learner's questions right.
    pub fn scores(&self) -> Vec<usize> {
        self.rows
            .iter()
            .map(|r| r.iter().filter(|&&c| c).count())
            .collect()
    }

    /// Learners who answered question `j` right.
    pub fn right_count(&self, j: usize) -> usize {
        self.rows.iter().filter(|r| r[j]).count()
    }

    /// Facility of question `j`: the share of learners who got it right.
    pub fn facility(&self, j: usize) -> Figure {
        match self.learners() {
            0 => Err(Undefined::NoLearners),
            n => Ok(self.right_count(j) as f64 / n as f64),
        }
    }

    /// The point-biserial correlation of question `j` with the rest of the
    /// exam: Pearson's r between right or wrong on `j` and the score on the
    /// other questions, so the question does not correlate with itself.
    pub fn point_biserial(&self, j: usize) -> Figure {
        let n = self.learners();
        match (n, self.right_count(j)) {
            (0, _) => return Err(Undefined::NoLearners),
            (1, _) => return Err(Undefined::OneLearner),
            (_, 0) => return Err(Undefined::AllWrong),
            (_, r) if r == n => return Err(Undefined::AllRight),
            _ => {}
        }
        // Pearson's r from whole-number sums, so its sign (and a zero) is exact:
        // r = (nΣxy - ΣxΣy) / √((nΣx² - (Σx)²)(nΣy² - (Σy)²)).
        let (mut sx, mut sy, mut sxy, mut syy) = (0i128, 0i128, 0i128, 0i128);
        for (row, &score) in self.rows.iter().zip(&self.scores()) {
            let x = i128::from(row[j]);
            let y = i128::try_from(score).unwrap_or(i128::MAX) - x;
            sx += x;
            sy += y;
            sxy += x * y;
            syy += y * y;
        }
        let n = i128::try_from(n).unwrap_or(i128::MAX);
        let covariance = n * sxy - sx * sy;
        // x is 0 or 1, so Σx² = Σx.
        let (vx, vy) = (n * sx - sx * sx, n * syy - sy * sy);
        if vy == 0 {
            return Err(Undefined::SameRest);
        }
        Ok(covariance as f64 / ((vx as f64) * (vy as f64)).sqrt())
    }

    /// The upper and lower groups by score; undefined for fewer than 2
    /// learners, whose groups would overlap.
    pub fn groups(&self) -> Result<Groups, Undefined> {
        let n = self.learners();
        match n {
            0 => return Err(Undefined::NoLearners),
            1 => return Err(Undefined::OneLearner),
            _ => {}
        }
        let size = ((n as f64 * GROUP_SHARE).round() as usize).clamp(1, n / 2);
        let scores = self.scores();
        let mut order: Vec<usize> = (0..n).collect();
        // A stable sort keeps row order among equal scores.
        order.sort_by(|&a, &b| scores[b].cmp(&scores[a]));
        Ok(Groups {
            upper: order[..size].to_vec(),
            lower: order[n - size..].to_vec(),
        })
    }

    /// The upper-minus-lower discrimination index of question `j`: its
    /// facility in the upper group minus that in the lower group, from -1
    /// to 1.
    pub fn upper_lower(&self, groups: &Groups, j: usize) -> f64 {
        let share = |group: &[usize]| {
            group.iter().filter(|&&i| self.rows[i][j]).count() as f64 / group.len().max(1) as f64
        };
        share(&groups.upper) - share(&groups.lower)
    }

    /// The exam's reliability, KR-20 (Cronbach's alpha for right/wrong
    /// questions): k/(k-1) × (1 - Σ p·q / σ²), with p each question's
    /// facility, q = 1 - p and σ² the variance of the scores (divided by n,
    /// like p·q).
    pub fn kr20(&self) -> Figure {
        let (n, k) = (self.learners(), self.questions);
        match (n, k) {
            (0, _) => return Err(Undefined::NoLearners),
            (1, _) => return Err(Undefined::OneLearner),
            (_, 0 | 1) => return Err(Undefined::OneQuestion),
            _ => {}
        }
        let scores: Vec<f64> = self.scores().iter().map(|&s| s as f64).collect();
        let m = mean(&scores).ok_or(Undefined::NoLearners)?;
        let variance = scores.iter().map(|s| (s - m).powi(2)).sum::<f64>() / n as f64;
        if scores.iter().all(|&s| s == scores[0]) {
            return Err(Undefined::SameScores);
        }
        let pq: f64 = (0..k)
            .map(|j| {
                let p = self.right_count(j) as f64 / n as f64;
                p * (1.0 - p)
            })
            .sum();
        Ok(k as f64 / (k - 1) as f64 * (1.0 - pq / variance))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five learners, four questions; by hand:
    ///
    /// ```text
    ///        q1 q2 q3 q4  score
    ///   A     1  1  1  1    4
    ///   B     1  1  1  0    3
    ///   C     1  1  0  0    2
    ///   D     1  0  0  1    2
    ///   E     1  0  0  0    1
    /// ```
    fn class() -> Answers {
        let rows = ["1111", "1110", "1100", "1001", "1000"]
            .iter()
            .map(|r| r.chars().map(|c| c == '1').collect())
            .collect();
        Answers::new(4, rows).unwrap()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} is not {b}");
    }

    #[test]
    fn centre_and_spread_match_a_hand_computation() {
        let scores = [4.0, 3.0, 2.0, 2.0, 1.0];
        close(mean(&scores).unwrap(), 2.4);
        close(median(&scores).unwrap(), 2.0);
        close(median(&[1.0, 4.0, 2.0, 3.0]).unwrap(), 2.5);
        // Squares about 2.4: 2.56 + 0.36 + 0.16 + 0.16 + 1.96 = 5.2; / 4.
        close(sample_sd(&scores).unwrap(), 1.3_f64.sqrt());
        assert_eq!(class().scores(), [4, 3, 2, 2, 1]);
    }

    #[test]
    fn centre_and_spread_of_too_few_are_undefined() {
        assert_eq!(mean(&[]), None);
        assert_eq!(median(&[]), None);
        assert_eq!(sample_sd(&[]), Err(Undefined::NoLearners));
        assert_eq!(sample_sd(&[3.0]), Err(Undefined::OneLearner));
        close(sample_sd(&[3.0, 3.0]).unwrap(), 0.0);
    }

    #[test]
    fn facility_is_the_share_right() {
        let class = class();
        let facility: Vec<f64> = (0..4).map(|j| class.facility(j).unwrap()).collect();
        assert_eq!(facility, [1.0, 0.6, 0.4, 0.4]);
        let nobody = Answers::new(2, Vec::new()).unwrap();
        assert_eq!(nobody.facility(0), Err(Undefined::NoLearners));
    }

    #[test]
    fn point_biserial_correlates_with_the_rest_of_the_exam() {
        let class = class();
        // q2 = 1 1 1 0 0, rest = 3 2 1 2 1: Σdxdy = 0.6, Σdx² = 1.2, Σdy² = 2.8.
        close(
            class.point_biserial(1).unwrap(),
            0.6 / (1.2_f64 * 2.8).sqrt(),
        );
        // q3 = 1 1 0 0 0, rest = 3 2 2 2 1: Σdxdy = 1.0, Σdx² = 1.2, Σdy² = 2.0.
        close(
            class.point_biserial(2).unwrap(),
            1.0 / (1.2_f64 * 2.0).sqrt(),
        );
        // q4 = 1 0 0 1 0, rest = 3 3 2 1 1: Σdxdy = 0.6 - 0.4 - 0.6 + 0.4 = 0.
        assert_eq!(
            class.point_biserial(3),
            Ok(0.0),
            "exactly: not flagged negative"
        );
        assert_eq!(class.point_biserial(0), Err(Undefined::AllRight));
    }

    #[test]
    fn point_biserial_is_undefined_where_nothing_varies() {
        let wrong = Answers::new(2, vec![vec![false, true], vec![false, false]]).unwrap();
        assert_eq!(wrong.point_biserial(0), Err(Undefined::AllWrong));
        // q1 varies but the rest (q2 alone) does not.
        let flat = Answers::new(2, vec![vec![true, true], vec![false, true]]).unwrap();
        assert_eq!(flat.point_biserial(0), Err(Undefined::SameRest));
        let one = Answers::new(2, vec![vec![true, false]]).unwrap();
        assert_eq!(one.point_biserial(0), Err(Undefined::OneLearner));
    }

    #[test]
    fn a_question_the_strong_miss_discriminates_negatively() {
        // q3 is right only for the two weakest learners.
        let rows = ["1101", "1101", "1100", "0010", "0010"]
            .iter()
            .map(|r| r.chars().map(|c| c == '1').collect())
            .collect();
        let class = Answers::new(4, rows).unwrap();
        assert!(class.point_biserial(2).unwrap() < -0.9);
        let groups = class.groups().unwrap();
        assert_eq!(class.upper_lower(&groups, 2), -1.0);
        assert_eq!(class.upper_lower(&groups, 0), 1.0);
    }

    #[test]
    fn the_upper_and_lower_groups_are_27_percent_of_the_class() {
        let class = class();
        // round(5 × 0.27) = 1: A on top, E at the bottom.
        let groups = class.groups().unwrap();
        assert_eq!(
            groups,
            Groups {
                upper: vec![0],
                lower: vec![4]
            }
        );
        let d: Vec<f64> = (0..4).map(|j| class.upper_lower(&groups, j)).collect();
        assert_eq!(d, [0.0, 1.0, 1.0, 1.0]);
        // 30 learners: round(8.1) = 8 in each group.
        let thirty = Answers::new(1, (0..30).map(|i| vec![i % 2 == 0]).collect()).unwrap();
        let groups = thirty.groups().unwrap();
        assert_eq!((groups.upper.len(), groups.lower.len()), (8, 8));
        // Equal scores at the edge are taken in row order.
        assert_eq!(groups.upper, [0, 2, 4, 6, 8, 10, 12, 14]);
        assert_eq!(groups.lower, [15, 17, 19, 21, 23, 25, 27, 29]);
    }

    #[test]
    fn groups_need_two_learners() {
        let one = Answers::new(1, vec![vec![true]]).unwrap();
        assert_eq!(one.groups(), Err(Undefined::OneLearner));
        let two = Answers::new(1, vec![vec![false], vec![true]]).unwrap();
        let groups = two.groups().unwrap();
        assert_eq!((groups.upper, groups.lower), (vec![1], vec![0]));
    }

    #[test]
    fn kr20_matches_a_hand_computation() {
        // Σpq = 0 + 0.24 × 3 = 0.72; σ² = 5.2 / 5 = 1.04;
        // 4/3 × (1 - 0.72/1.04) = 16/39.
        close(class().kr20().unwrap(), 16.0 / 39.0);
    }

    #[test]
    fn kr20_is_undefined_without_spread_learners_or_questions() {
        let same = Answers::new(2, vec![vec![true, false], vec![false, true]]).unwrap();
        assert_eq!(same.kr20(), Err(Undefined::SameScores));
        let one = Answers::new(1, vec![vec![true], vec![false]]).unwrap();
        assert_eq!(one.kr20(), Err(Undefined::OneQuestion));
        let alone = Answers::new(2, vec![vec![true, false]]).unwrap();
        assert_eq!(alone.kr20(), Err(Undefined::OneLearner));
    }

    #[test]
    fn histogram_bands_are_counted_in_whole_numbers() {
        // 29/100 lies in 20-29% although 100 × 0.29 is 28.999….
        assert_eq!(histogram(&[29], 100, 10)[2], 1);
        let bands = histogram(&[0, 1, 5, 9, 10, 10], 10, 10);
        assert_eq!(bands, [1, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
        assert_eq!(histogram(&[3], 0, 10), [0; 10]);
    }

    #[test]
    fn rows_of_another_length_are_refused() {
        assert_eq!(Answers::new(2, vec![vec![true]]), None);
    }
}
