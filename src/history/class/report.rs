//! A class's results of one exam (`exam --json` files), read back and
//! analysed: the class's scores, each question's facility, discrimination
//! and options, each tag, each learner. Results are untrusted input: every
//! text in the [`Report`] is sanitised.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::stats::{self, Answers, Figure, GROUP_SHARE, Groups, Undefined};
use crate::ui::sanitize::clean;

/// The shape version of `class report --json`.
pub const FORMAT: u32 = 1;

/// A question with a facility above this is too easy.
pub const TOO_EASY: f64 = 0.9;
/// A question with a facility below this is too hard.
pub const TOO_HARD: f64 = 0.2;
/// A question whose point-biserial is below this discriminates poorly.
pub const POOR_DISCRIMINATION: f64 = 0.2;
/// Bands of the score histogram (0-9%, 10-19%, …, 90-100%).
pub const BANDS: usize = 10;
/// Weak tags listed per learner.
pub const WEAKEST_TAGS: usize = 3;

/// Why results cannot be reported on. Every variant is bad input.
#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    /// A file is not JSON of a result's shape.
    #[error("{file}:{line}:{column}: {message}")]
    Json {
        /// The file, as given.
        file: String,
        /// Line of the error, from 1.
        line: usize,
        /// Column of the error, from 1.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// A file is a result, but not one a report can use.
    #[error("{file}: {why}")]
    Invalid {
        /// The file, as given.
        file: String,
        /// What is wrong with it.
        why: String,
    },
    /// A file is the result of another exam than the first one.
    #[error(
        "{file} is not a result of the same exam as {first}: {why}; a class report reads the results of one exam (the same --seed, decks and --count)"
    )]
    OtherExam {
        /// The file refused.
        file: String,
        /// The file it was compared with.
        first: String,
        /// How they differ.
        why: String,
    },
    /// No file was given.
    #[error("no results to report on")]
    NoResults,
}

/// A result file of `exam --json`, as far as a report needs it. Fields
/// added since the first version are optional, so older files are read.
#[derive(Debug, Deserialize)]
struct ResultFile {
    #[serde(default)]
    learner: Option<String>,
    seed: u64,
    decks: Vec<String>,
    started: Timestamp,
    ended: Timestamp,
    questions: Vec<QuestionFile>,
}

#[derive(Debug, Deserialize)]
struct QuestionFile {
    deck: String,
    card: String,
    /// Absent in files of older versions, which record no options.
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    prompt: String,
    #[serde(default)]
    answer: Option<String>,
    correct: bool,
    #[serde(default)]
    options: Option<Vec<String>>,
    #[serde(default)]
    picked: Option<Vec<String>>,
    #[serde(default)]
    correct_options: Option<Vec<String>>,
}

/// One learner's result, read from a file.
#[derive(Debug)]
pub struct Sitting {
    file: String,
    result: ResultFile,
}

/// Reads one result file's `bytes`; `file` names it in errors and notes.
pub fn read(file: &str, bytes: &[u8]) -> Result<Sitting, ClassError> {
    let result: Option<ResultFile> =
        serde_json::from_slice(bytes).map_err(|e| json_error(file, &e))?;
    let invalid = |why: String| ClassError::Invalid {
        file: file.into(),
        why,
    };
    let Some(result) = result else {
        return Err(invalid(
            "holds no result (`null`: the exam was left before the first answer)".into(),
        ));
    };
    if result.questions.is_empty() {
        return Err(invalid("holds no questions".into()));
    }
    if result.ended < result.started {
        return Err(invalid("the exam ends before it starts".into()));
    }
    for (n, q) in result.questions.iter().enumerate() {
        check_options(q).map_err(|why| invalid(format!("question {}: {why}", n + 1)))?;
    }
    Ok(Sitting {
        file: file.into(),
        result,
    })
}

/// A serde error as `file:line:column: message`, the position said once.
fn json_error(file: &str, e: &serde_json::Error) -> ClassError {
    let text = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    ClassError::Json {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        message: text.strip_suffix(&position).unwrap_or(&text).to_string(),
    }
}

/// Refuses options picked or keyed right that the question did not offer.
fn check_options(q: &QuestionFile) -> Result<(), String> {
    let offered: HashSet<&str> = q.options.iter().flatten().map(String::as_str).collect();
    for (what, list) in [("picked", &q.picked), ("keyed right", &q.correct_options)] {
        let Some(list) = list else { continue };
        if q.options.is_none() {
            return Err(format!("has options {what} but none offered"));
        }
        if let Some(other) = list.iter().find(|o| !offered.contains(o.as_str())) {
            return Err(format!(
                "{what} `{}`, which it does not offer",
                clean(other)
            ));
        }
    }
    Ok(())
}

/// Right answers, and the upper and lower groups' share, of one option.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Learners in the class.
    pub all: usize,
    /// Learners in the upper group.
    pub upper: usize,
    /// Learners in the lower group.
    pub lower: usize,
}

/// How often one option was picked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionCount {
    /// The option, as shown.
    pub option: String,
    /// Whether it is keyed right.
    pub correct: bool,
    /// Learners who picked it.
    pub picked: Counts,
}

/// The options of a choice or true/false question and who picked each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choices {
    /// Learners whose picks the results record (older results do not).
    pub recorded: usize,
    /// Each option, in the order shown.
    pub options: Vec<OptionCount>,
    /// Learners, of those recorded, who picked nothing (the exam ended first).
    pub no_answer: Counts,
}

/// Something an instructor should look at in a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Facility above [`TOO_EASY`].
    TooEasy,
    /// Facility below [`TOO_HARD`].
    TooHard,
    /// Point-biserial from 0 up to [`POOR_DISCRIMINATION`].
    PoorDiscrimination,
    /// Point-biserial below 0: the weaker learners did better on it.
    NegativeDiscrimination,
    /// A wrong option of a choice question nobody picked.
    UnusedDistractors,
}

impl Flag {
    /// What the flag means, for the instructor.
    pub fn describe(self) -> &'static str {
        match self {
            Flag::TooEasy => "too easy: facility above 0.9",
            Flag::TooHard => "too hard: facility below 0.2",
            Flag::PoorDiscrimination => "discriminates poorly: point-biserial below 0.2",
            Flag::NegativeDiscrimination => {
                "negative discrimination: the strong did worse; check key and wording"
            }
            Flag::UnusedDistractors => "a wrong option nobody chose",
        }
    }
}

/// The figures of one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionReport {
    /// Its place in the exam, from 1.
    pub number: usize,
    /// The deck id.
    pub deck: String,
    /// The card key.
    pub card: String,
    /// The card kind, when the results record it.
    pub kind: Option<String>,
    /// The question as shown.
    pub prompt: String,
    /// The card's tags.
    pub tags: Vec<String>,
    /// Learners who answered it right.
    pub right: usize,
    /// Learners who answered it at all.
    pub answered: usize,
    /// Share of the class right.
    pub facility: f64,
    /// Point-biserial correlation with the rest of the exam, or `None`.
    pub point_biserial: Option<f64>,
    /// Upper-group minus lower-group facility, or `None`.
    pub upper_lower: Option<f64>,
    /// Why a figure above is `None`, by its name.
    pub undefined: BTreeMap<&'static str, String>,
    /// For a choice or true/false question, who picked each option.
    pub choices: Option<Choices>,
    /// What to look at.
    pub flags: Vec<Flag>,
    /// The wrong options of a choice question that nobody picked.
    pub unused_distractors: Vec<String>,
}

/// One band of the score histogram.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// Lowest percent right in it.
    pub from: usize,
    /// Highest percent right in it (below the next band's `from`; 100 for the last).
    pub to: usize,
    /// Learners whose score is in it.
    pub learners: usize,
}

/// How long the learners took.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Seconds {
    /// The mean.
    pub mean: f64,
    /// The median.
    pub median: f64,
    /// The shortest.
    pub shortest: f64,
    /// The longest.
    pub longest: f64,
}

/// The class as a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    /// Learners reported on.
    pub learners: usize,
    /// Questions in the exam.
    pub questions: usize,
    /// Mean questions right.
    pub mean: f64,
    /// `mean` as percent of the questions.
    pub mean_percent: f64,
    /// Median questions right.
    pub median: f64,
    /// `median` as percent of the questions.
    pub median_percent: f64,
    /// Sample standard deviation of the questions right, or `None`.
    pub sd: Option<f64>,
    /// `sd` as percent of the questions.
    pub sd_percent: Option<f64>,
    /// Fewest questions right.
    pub lowest: usize,
    /// Most questions right.
    pub highest: usize,
    /// Learners per band of percent right.
    pub histogram: Vec<Band>,
    /// Time taken, from the first question shown to the end.
    pub seconds: Seconds,
    /// KR-20 reliability (Cronbach's alpha), or `None`.
    pub kr20: Option<f64>,
    /// Learners in each of the upper and lower groups, or `None`.
    pub group_size: Option<usize>,
    /// Why a figure above is `None`, by its name.
    pub undefined: BTreeMap<&'static str, String>,
}

/// Facility of a tag across the class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagReport {
    /// The tag.
    pub tag: String,
    /// Questions with it.
    pub questions: usize,
    /// Right answers to them, over all learners.
    pub right: usize,
    /// Answers to them: questions × learners.
    pub asked: usize,
    /// `right / asked`.
    pub facility: f64,
}

/// One learner's right answers of a tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnerTag {
    /// The tag.
    pub tag: String,
    /// Right answers.
    pub right: usize,
    /// Questions with it.
    pub asked: usize,
}

/// One learner's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnerReport {
    /// The name given with `--learner`, else the file's name.
    pub learner: String,
    /// The result file.
    pub file: String,
    /// Questions right.
    pub right: usize,
    /// Questions asked.
    pub asked: usize,
    /// Percent right.
    pub percent: f64,
    /// Time taken.
    pub seconds: f64,
    /// Up to [`WEAKEST_TAGS`] tags not all right, weakest first.
    pub weakest_tags: Vec<LearnerTag>,
}

/// Which exam the results are of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamReport {
    /// Its seed.
    pub seed: u64,
    /// Its decks.
    pub decks: Vec<String>,
    /// Its questions.
    pub questions: usize,
    /// When the first learner started.
    pub first_started: Timestamp,
    /// When the last learner finished.
    pub last_ended: Timestamp,
}

/// The limits the flags use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    /// [`TOO_EASY`].
    pub too_easy: f64,
    /// [`TOO_HARD`].
    pub too_hard: f64,
    /// [`POOR_DISCRIMINATION`].
    pub poor_discrimination: f64,
    /// [`GROUP_SHARE`].
    pub group_share: f64,
}

/// The whole analysis; every text in it sanitised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// [`FORMAT`].
    pub format: u32,
    /// The exam.
    pub exam: ExamReport,
    /// What was noticed on reading (unnamed results, duplicates, older files).
    pub notes: Vec<String>,
    /// The class.
    pub class: ClassReport,
    /// Each question, in exam order.
    pub questions: Vec<QuestionReport>,
    /// Each tag, weakest first.
    pub tags: Vec<TagReport>,
    /// Each learner, weakest first.
    pub learners: Vec<LearnerReport>,
    /// The limits of the flags.
    pub thresholds: Thresholds,
}

/// What every result agrees on about one question: its options, keyed
/// options and kind, from the first result that records them.
#[derive(Default)]
struct Shared<'a> {
    options: Option<(&'a [String], &'a str)>,
    keyed: Option<(&'a [String], &'a str)>,
    kind: Option<&'a str>,
}

/// Analyses the results of one exam. The first result fixes the exam; a
/// result of another one is refused. A learner with several results keeps
/// the latest, with a note.
pub fn analyse(sittings: &[Sitting]) -> Result<Report, ClassError> {
    let first = sittings.first().ok_or(ClassError::NoResults)?;
    let shared = check_same_exam(first, sittings)?;
    let mut notes = Vec::new();
    let kept = keep_latest(sittings, &mut notes);
    let k = first.result.questions.len();
    let rows = kept
        .iter()
        .map(|(_, s)| s.result.questions.iter().map(|q| q.correct).collect())
        .collect();
    let answers = Answers::new(k, rows).ok_or_else(|| ClassError::Invalid {
        file: clean(&first.file),
        why: "its questions differ in number from another result's".into(),
    })?;
    let groups = answers.groups();
    let unrecorded = kept
        .iter()
        .filter(|(_, s)| s.result.questions.iter().all(|q| q.kind.is_none()))
        .count();
    if unrecorded > 0 {
        notes.push(format!(
            "{unrecorded} of {} results record no options picked (written by an older trialdrill): the option counts are of the others",
            kept.len()
        ));
    }
    let questions: Vec<QuestionReport> = (0..k)
        .map(|j| question(first, &kept, &answers, &groups, &shared[j], j))
        .collect();
    Ok(Report {
        format: FORMAT,
        exam: ExamReport {
            seed: first.result.seed,
            decks: first.result.decks.iter().map(|d| clean(d)).collect(),
            questions: k,
            first_started: kept
                .iter()
                .map(|(_, s)| s.result.started)
                .min()
                .unwrap_or(first.result.started),
            last_ended: kept
                .iter()
                .map(|(_, s)| s.result.ended)
                .max()
                .unwrap_or(first.result.ended),
        },
        notes,
        class: class(&kept, &answers, &groups),
        tags: tags(&questions, &answers),
        learners: learners(&kept, &answers, &questions),
        questions,
        thresholds: Thresholds {
            too_easy: TOO_EASY,
            too_hard: TOO_HARD,
            poor_discrimination: POOR_DISCRIMINATION,
            group_share: GROUP_SHARE,
        },
    })
}

/// Refuses a result of another exam than `first`'s: another seed, other
/// decks, another number of questions, other questions, or the same
/// question with other options or another key. Gives each question's
/// shared options, key and kind.
fn check_same_exam<'a>(
    first: &'a Sitting,
    sittings: &'a [Sitting],
) -> Result<Vec<Shared<'a>>, ClassError> {
    let base = &first.result;
    let mut shared: Vec<Shared<'a>> = base.questions.iter().map(|_| Shared::default()).collect();
    for sitting in sittings {
        let other = |why: String| ClassError::OtherExam {
            file: clean(&sitting.file),
            first: clean(&first.file),
            why,
        };
        let r = &sitting.result;
        if r.seed != base.seed {
            return Err(other(format!("its seed is {}, not {}", r.seed, base.seed)));
        }
        if r.decks != base.decks {
            return Err(other(format!(
                "its decks are {}, not {}",
                clean(&r.decks.join(", ")),
                clean(&base.decks.join(", "))
            )));
        }
        if r.questions.len() != base.questions.len() {
            return Err(other(format!(
                "it has {} questions, not {}",
                r.questions.len(),
                base.questions.len()
            )));
        }
        for (n, (q, b)) in r.questions.iter().zip(&base.questions).enumerate() {
            if (&q.deck, &q.card) != (&b.deck, &b.card) {
                return Err(other(format!(
                    "question {} is {}/{}, not {}/{} (an exam taken with --weak or another --tag, or from another version of a deck, asks other questions)",
                    n + 1,
                    clean(&q.deck),
                    clean(&q.card),
                    clean(&b.deck),
                    clean(&b.card)
                )));
            }
            let s = &mut shared[n];
            for (what, mine, theirs) in [
                ("other options", q.options.as_deref(), &mut s.options),
                ("another key", q.correct_options.as_deref(), &mut s.keyed),
            ] {
                let Some(mine) = mine else { continue };
                match theirs {
                    None => *theirs = Some((mine, &sitting.file)),
                    Some((seen, file)) if *seen != mine => {
                        return Err(ClassError::OtherExam {
                            file: clean(&sitting.file),
                            first: clean(file),
                            why: format!(
                                "question {} has {what} (was the deck changed between them?)",
                                n + 1
                            ),
                        });
                    }
                    Some(_) => {}
                }
            }
            s.kind = s.kind.or(q.kind.as_deref());
        }
    }
    Ok(shared)
}

/// The learner's name: the one given with `--learner`, else the file's name.
fn name_of(sitting: &Sitting) -> Option<String> {
    sitting
        .result
        .learner
        .as_deref()
        .map(|l| clean(l).trim().to_string())
        .filter(|l| !l.is_empty())
}

/// Each learner once, by name (then file): the latest of their results.
fn keep_latest<'a>(sittings: &'a [Sitting], notes: &mut Vec<String>) -> Vec<(String, &'a Sitting)> {
    let mut by_name: BTreeMap<String, Vec<&Sitting>> = BTreeMap::new();
    for sitting in sittings {
        let name = name_of(sitting).unwrap_or_else(|| {
            let stem = std::path::Path::new(&sitting.file)
                .file_stem()
                .map_or_else(|| sitting.file.clone(), |s| s.to_string_lossy().into_owned());
            let stem = clean(&stem);
            notes.push(format!(
                "{} names no learner (taken without --learner, or by an older trialdrill): counted as `{stem}`",
                clean(&sitting.file)
            ));
            stem
        });
        by_name.entry(name).or_default().push(sitting);
    }
    by_name
        .into_iter()
        .map(|(name, results)| {
            // The latest end wins; of equal ends, the one given last.
            let latest = results
                .iter()
                .copied()
                .max_by_key(|s| s.result.ended)
                .unwrap_or(results[0]);
            if results.len() > 1 {
                let files: Vec<String> = results.iter().map(|s| clean(&s.file)).collect();
                notes.push(format!(
                    "{name}: {} results ({}); kept {}, the latest",
                    results.len(),
                    files.join(", "),
                    clean(&latest.file)
                ));
            }
            (name, latest)
        })
        .collect()
}

/// Seconds from a result's first question to its end.
fn seconds(sitting: &Sitting) -> f64 {
    sitting
        .result
        .ended
        .duration_since(sitting.result.started)
        .as_secs_f64()
}

/// The figure's value, or `None` with its reason kept under `name`.
fn figure(
    undefined: &mut BTreeMap<&'static str, String>,
    name: &'static str,
    value: Figure,
) -> Option<f64> {
    value
        .map_err(|why| undefined.insert(name, why.to_string()))
        .ok()
}

fn class(
    kept: &[(String, &Sitting)],
    answers: &Answers,
    groups: &Result<Groups, Undefined>,
) -> ClassReport {
    let k = answers.questions();
    let scores = answers.scores();
    let values: Vec<f64> = scores.iter().map(|&s| s as f64).collect();
    let times: Vec<f64> = kept.iter().map(|(_, s)| seconds(s)).collect();
    let percent = |v: f64| 100.0 * v / k.max(1) as f64;
    let mut undefined = BTreeMap::new();
    let sd = figure(&mut undefined, "sd", stats::sample_sd(&values));
    let kr20 = figure(&mut undefined, "kr20", answers.kr20());
    let group_size = match groups {
        Ok(g) => Some(g.upper.len()),
        Err(why) => {
            undefined.insert("group_size", why.to_string());
            None
        }
    };
    let mean = stats::mean(&values).unwrap_or(0.0);
    let median = stats::median(&values).unwrap_or(0.0);
    let bands = stats::histogram(&scores, k, BANDS);
    ClassReport {
        learners: answers.learners(),
        questions: k,
        mean,
        mean_percent: percent(mean),
        median,
        median_percent: percent(median),
        sd,
        sd_percent: sd.map(percent),
        lowest: scores.iter().copied().min().unwrap_or(0),
        highest: scores.iter().copied().max().unwrap_or(0),
        histogram: bands
            .iter()
            .enumerate()
            .map(|(b, &learners)| Band {
                from: b * 100 / BANDS,
                to: if b + 1 == BANDS {
                    100
                } else {
                    (b + 1) * 100 / BANDS - 1
                },
                learners,
            })
            .collect(),
        seconds: Seconds {
            mean: stats::mean(&times).unwrap_or(0.0),
            median: stats::median(&times).unwrap_or(0.0),
            shortest: times.iter().copied().reduce(f64::min).unwrap_or(0.0),
            longest: times.iter().copied().reduce(f64::max).unwrap_or(0.0),
        },
        kr20,
        group_size,
        undefined,
    }
}

fn question(
    first: &Sitting,
    kept: &[(String, &Sitting)],
    answers: &Answers,
    groups: &Result<Groups, Undefined>,
    shared: &Shared<'_>,
    j: usize,
) -> QuestionReport {
    let base = &first.result.questions[j];
    let mut undefined = BTreeMap::new();
    let facility = answers.facility(j).unwrap_or(0.0);
    let point_biserial = figure(&mut undefined, "point_biserial", answers.point_biserial(j));
    let upper_lower = figure(
        &mut undefined,
        "upper_lower",
        groups
            .as_ref()
            .map(|g| answers.upper_lower(g, j))
            .map_err(|&why| why),
    );
    let choices = shared.options.map(|(options, _)| {
        choices(
            kept,
            groups.as_ref().ok(),
            options,
            shared.keyed.map(|k| k.0),
            j,
        )
    });
    let unused_distractors: Vec<String> = match (&choices, shared.kind, shared.keyed) {
        (Some(c), Some("choice"), Some(_)) if c.recorded > 0 => c
            .options
            .iter()
            .filter(|o| !o.correct && o.picked.all == 0)
            .map(|o| o.option.clone())
            .collect(),
        _ => Vec::new(),
    };
    let mut flags = Vec::new();
    if facility > TOO_EASY {
        flags.push(Flag::TooEasy);
    }
    if facility < TOO_HARD {
        flags.push(Flag::TooHard);
    }
    match point_biserial {
        Some(r) if r < 0.0 => flags.push(Flag::NegativeDiscrimination),
        Some(r) if r < POOR_DISCRIMINATION => flags.push(Flag::PoorDiscrimination),
        _ => {}
    }
    if !unused_distractors.is_empty() {
        flags.push(Flag::UnusedDistractors);
    }
    let tags: BTreeSet<String> = base.tags.iter().map(|t| clean(t)).collect();
    QuestionReport {
        number: j + 1,
        deck: clean(&base.deck),
        card: clean(&base.card),
        kind: shared.kind.map(clean),
        prompt: clean(&base.prompt),
        tags: tags.into_iter().collect(),
        right: answers.right_count(j),
        answered: kept
            .iter()
            .filter(|(_, s)| s.result.questions[j].answer.is_some())
            .count(),
        facility,
        point_biserial,
        upper_lower,
        undefined,
        choices,
        flags,
        unused_distractors,
    }
}

/// Who picked each of `options` for question `j`, among the results that
/// record picks; the upper and lower groups are rows of `kept`.
fn choices(
    kept: &[(String, &Sitting)],
    groups: Option<&Groups>,
    options: &[String],
    keyed: Option<&[String]>,
    j: usize,
) -> Choices {
    let index: HashMap<&str, usize> = options
        .iter()
        .enumerate()
        .map(|(i, o)| (o.as_str(), i))
        .collect();
    let keyed: HashSet<&str> = keyed.into_iter().flatten().map(String::as_str).collect();
    let upper: HashSet<usize> = groups
        .map(|g| g.upper.iter().copied().collect())
        .unwrap_or_default();
    let lower: HashSet<usize> = groups
        .map(|g| g.lower.iter().copied().collect())
        .unwrap_or_default();
    let mut counts = vec![Counts::default(); options.len()];
    let mut no_answer = Counts::default();
    let mut recorded = 0;
    let add = |c: &mut Counts, i: usize| {
        c.all += 1;
        c.upper += usize::from(upper.contains(&i));
        c.lower += usize::from(lower.contains(&i));
    };
    for (i, (_, sitting)) in kept.iter().enumerate() {
        let q = &sitting.result.questions[j];
        if q.kind.is_none() {
            continue;
        }
        recorded += 1;
        let picked: BTreeSet<usize> = q
            .picked
            .iter()
            .flatten()
            .filter_map(|p| index.get(p.as_str()).copied())
            .collect();
        if picked.is_empty() {
            add(&mut no_answer, i);
        }
        for o in picked {
            add(&mut counts[o], i);
        }
    }
    Choices {
        recorded,
        options: options
            .iter()
            .zip(counts)
            .map(|(o, picked)| OptionCount {
                option: clean(o),
                correct: keyed.contains(o.as_str()),
                picked,
            })
            .collect(),
        no_answer,
    }
}

fn tags(questions: &[QuestionReport], answers: &Answers) -> Vec<TagReport> {
    let mut by_tag: BTreeMap<&str, TagReport> = BTreeMap::new();
    for q in questions {
        for tag in &q.tags {
            let t = by_tag.entry(tag).or_insert_with(|| TagReport {
                tag: tag.clone(),
                questions: 0,
                right: 0,
                asked: 0,
                facility: 0.0,
            });
            t.questions += 1;
            t.right += q.right;
            t.asked += answers.learners();
        }
    }
    let mut tags: Vec<TagReport> = by_tag
        .into_values()
        .map(|t| TagReport {
            facility: t.right as f64 / t.asked.max(1) as f64,
            ..t
        })
        .collect();
    // Stable: equal facilities stay in name order.
    tags.sort_by(|a, b| a.facility.total_cmp(&b.facility));
    tags
}

fn learners(
    kept: &[(String, &Sitting)],
    answers: &Answers,
    questions: &[QuestionReport],
) -> Vec<LearnerReport> {
    let k = answers.questions();
    let mut learners: Vec<LearnerReport> = kept
        .iter()
        .enumerate()
        .map(|(i, (name, sitting))| {
            let mut by_tag: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
            for (j, q) in questions.iter().enumerate() {
                for tag in &q.tags {
                    let t = by_tag.entry(tag).or_default();
                    t.0 += usize::from(answers.right(i, j));
                    t.1 += 1;
                }
            }
            let mut weak: Vec<LearnerTag> = by_tag
                .into_iter()
                .filter(|(_, (right, asked))| right < asked)
                .map(|(tag, (right, asked))| LearnerTag {
                    tag: tag.to_string(),
                    right,
                    asked,
                })
                .collect();
            weak.sort_by(|a, b| share(a).total_cmp(&share(b)));
            weak.truncate(WEAKEST_TAGS);
            let right = (0..k).filter(|&j| answers.right(i, j)).count();
            LearnerReport {
                learner: name.clone(),
                file: clean(&sitting.file),
                right,
                asked: k,
                percent: 100.0 * right as f64 / k.max(1) as f64,
                seconds: seconds(sitting),
                weakest_tags: weak,
            }
        })
        .collect();
    // Stable: equal scores stay in name order.
    learners.sort_by_key(|l| l.right);
    learners
}

fn share(t: &LearnerTag) -> f64 {
    t.right as f64 / t.asked.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A result of a two-question exam, seed 1, by `learner`, right or
    /// wrong as `correct` says; the first question a choice.
    fn result(learner: Option<&str>, correct: [bool; 2], picked: &str) -> String {
        let learner = serde_json::to_string(&learner).unwrap();
        format!(
            r#"{{"learner": {learner}, "seed": 1, "decks": ["d"],
                "started": "2026-05-01T10:00:00Z", "ended": "2026-05-01T10:05:00Z",
                "questions": [
                  {{"deck": "d", "card": "c", "kind": "choice", "tags": ["t"], "prompt": "P?",
                    "answer": "{picked}", "correct": {}, "options": ["a", "b", "c"],
                    "picked": ["{picked}"], "correct_options": ["a"]}},
                  {{"deck": "d", "card": "n", "kind": "numeric", "tags": ["t", "u"],
                    "prompt": "N?", "answer": "1", "correct": {}}}]}}"#,
            correct[0], correct[1]
        )
    }

    fn sitting(file: &str, text: &str) -> Sitting {
        read(file, text.as_bytes()).unwrap()
    }

    #[test]
    fn one_learner_gets_every_figure_that_exists_and_the_reason_for_the_others() {
        let report =
            analyse(&[sitting("a.json", &result(Some("Ann"), [true, false], "a"))]).unwrap();
        let c = &report.class;
        assert_eq!(
            (c.learners, c.mean, c.median, c.mean_percent),
            (1, 1.0, 1.0, 50.0)
        );
        assert_eq!((c.sd, c.kr20, c.group_size), (None, None, None));
        for figure in ["sd", "kr20", "group_size"] {
            assert_eq!(c.undefined[figure], "needs at least 2 learners", "{figure}");
        }
        assert_eq!(c.seconds.median, 300.0);
        let q = &report.questions[0];
        assert_eq!(
            (q.facility, q.point_biserial, q.upper_lower),
            (1.0, None, None)
        );
        assert_eq!(q.undefined["point_biserial"], "needs at least 2 learners");
        assert_eq!(q.flags, [Flag::TooEasy, Flag::UnusedDistractors]);
        assert_eq!(q.unused_distractors, ["b", "c"]);
        assert_eq!(report.questions[1].flags, [Flag::TooHard]);
        let tags: Vec<(&str, f64)> = report
            .tags
            .iter()
            .map(|t| (t.tag.as_str(), t.facility))
            .collect();
        assert_eq!(tags, [("u", 0.0), ("t", 0.5)]);
        let weak = &report.learners[0].weakest_tags;
        assert_eq!(
            weak.iter().map(|t| t.tag.as_str()).collect::<Vec<_>>(),
            ["u", "t"]
        );
    }

    #[test]
    fn options_are_counted_by_group() {
        let sittings = [
            sitting("a.json", &result(Some("Ann"), [true, true], "a")),
            sitting("b.json", &result(Some("Bo"), [false, true], "b")),
            sitting("c.json", &result(Some("Cy"), [false, false], "b")),
        ];
        let report = analyse(&sittings).unwrap();
        // round(3 × 0.27) = 1: Ann above, Cy below.
        assert_eq!(report.class.group_size, Some(1));
        let choices = report.questions[0].choices.as_ref().unwrap();
        let counts: Vec<(&str, bool, Counts)> = choices
            .options
            .iter()
            .map(|o| (o.option.as_str(), o.correct, o.picked))
            .collect();
        let c = |all, upper, lower| Counts { all, upper, lower };
        assert_eq!(
            counts,
            [
                ("a", true, c(1, 1, 0)),
                ("b", false, c(2, 0, 1)),
                ("c", false, c(0, 0, 0))
            ]
        );
        assert_eq!(report.questions[0].unused_distractors, ["c"]);
        assert_eq!(report.questions[0].upper_lower, Some(1.0));
    }

    #[test]
    fn a_result_of_another_exam_is_refused_naming_both_files() {
        let other = result(Some("Bo"), [true, true], "a").replace(r#""seed": 1"#, r#""seed": 2"#);
        let sittings = [
            sitting("a.json", &result(Some("Ann"), [true, true], "a")),
            sitting("b.json", &other),
        ];
        let err = analyse(&sittings).unwrap_err().to_string();
        assert!(
            err.starts_with(
                "b.json is not a result of the same exam as a.json: its seed is 2, not 1"
            ),
            "{err}"
        );
        let reordered = result(Some("Bo"), [true, true], "a")
            .replace(r#"["a", "b", "c"]"#, r#"["a", "c", "b"]"#);
        let sittings = [
            sitting("a.json", &result(Some("Ann"), [true, true], "a")),
            sitting("b.json", &reordered),
        ];
        let err = analyse(&sittings).unwrap_err().to_string();
        assert!(err.contains("question 1 has other options"), "{err}");
    }

    #[test]
    fn the_same_learner_twice_keeps_the_latest_and_an_unnamed_result_is_named_by_its_file() {
        let later = result(Some("Ann"), [false, false], "b").replace("10:05:00", "11:00:00");
        let sittings = [
            sitting("late.json", &later),
            sitting("early.json", &result(Some("Ann"), [true, true], "a")),
            sitting("dir/anon.json", &result(None, [true, false], "a")),
        ];
        let report = analyse(&sittings).unwrap();
        let names: Vec<(&str, &str, usize)> = report
            .learners
            .iter()
            .map(|l| (l.learner.as_str(), l.file.as_str(), l.right))
            .collect();
        assert_eq!(
            names,
            [("Ann", "late.json", 0), ("anon", "dir/anon.json", 1)]
        );
        assert_eq!(
            report.notes,
            [
                "dir/anon.json names no learner (taken without --learner, or by an older trialdrill): counted as `anon`",
                "Ann: 2 results (late.json, early.json); kept late.json, the latest",
            ]
        );
    }

    #[test]
    fn a_damaged_or_inconsistent_file_is_refused_with_where() {
        let err = read("r.json", b"{\n  \"seed\": 1,\n  oops")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "r.json:3:3: key must be a string");
        let err = read("r.json", b"[1]").unwrap_err().to_string();
        assert!(err.starts_with("r.json:1:2: invalid type"), "{err}");
        let picked = result(Some("A"), [true, true], "z");
        let err = read("r.json", picked.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            err,
            "r.json: question 1: picked `z`, which it does not offer"
        );
        let hostile = result(Some("A\u{1b}[2J"), [true, true], "a");
        let report = analyse(&[sitting("r.json", &hostile)]).unwrap();
        assert_eq!(report.learners[0].learner, "A");
    }
}
