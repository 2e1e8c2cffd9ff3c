//! The question around an answer: words a response may repeat from it
//! (`ASPECTS 3-5` for "defined as ASPECTS [...]", `IV alteplase` when it says
//! IV), figures it shows, the comparison it states ("less than [...] hours")
//! and, for a cloze gap, the unit and scale written beside the gap.

use std::collections::HashSet;

use super::answer::{Analysis, Lexeme, lexemes};
use super::number::Unit;
use super::range::{
    self, Cmp, Comparison, Figure, POSTFIX_COMPARISONS, PREFIX_COMPARISONS, QUESTION_COMPARISONS,
    Scale,
};
use super::words::{CONTRAST_MARKERS, is_function, is_month, is_negation};

/// What the question tells the grader.
#[derive(Debug, Clone, Default)]
pub(super) struct Context {
    /// Keys of the question's words that a response may repeat.
    words: HashSet<String>,
    /// The figures the question shows.
    figures: Vec<Figure>,
    /// How the expected figures compare with the response's.
    pub comparison: Comparison,
    /// Whether the expected answer's figures may be left out when the
    /// question shows them (`mRS 0-3` for "the primary outcome at 90 days",
    /// accepted `mRS 0-3 at 90 days`); true for typed questions.
    pub omit_shown: bool,
    /// Whether effect-measure labels (`NNT`, `RR`) may be added to a figure:
    /// in a numeric card they only restate the question.
    pub measures_free: bool,
    /// Whether the question asks for an order (`Put ... in order`), so the
    /// answer's words must keep theirs.
    pub ordered: bool,
    /// Whether the question asks for an author, whose initials and given
    /// names an answer may add (`M. Goyal` for `Goyal`).
    pub author: bool,
    /// For an author, the keys of the words of each accepted answer, so a
    /// given name the card accepts beside the surname (`Bruce Campbell`) may
    /// stand beside it in any form (`Bruce C. V. Campbell`).
    pub names: Vec<HashSet<String>>,
}

impl Context {
    /// The context of a question text (a typed or numeric card's prompt).
    pub fn question(text: &str) -> Context {
        let lexemes = lexemes(text);
        let mut stated = Vec::new();
        for at in 0..lexemes.len() {
            if let Some((cmp, after)) = range::comparison_at(&lexemes, at, PREFIX_COMPARISONS)
                && lexemes
                    .get(after)
                    .and_then(Lexeme::raw)
                    .is_some_and(|w| ASKING.contains(&w))
            {
                stated.push(cmp);
            }
            if let Some((cmp, _)) = range::comparison_at(&lexemes, at, QUESTION_COMPARISONS) {
                stated.push(cmp);
            }
        }
        let analysis = Analysis::read(&lexemes);
        Context {
            words: repeatable(&lexemes),
            figures: analysis.figures().cloned().collect(),
            comparison: Comparison {
                stated: dedup(stated),
                scale: only_scale(&lexemes),
                ..Comparison::default()
            },
            omit_shown: true,
            measures_free: false,
            ordered: asks_order(&lexemes),
            author: lexemes
                .iter()
                .any(|l| l.raw().is_some_and(|w| AUTHOR_WORDS.contains(&w))),
            names: Vec::new(),
        }
    }

    /// The context of one cloze deletion: `question` is the card text with the
    /// deletion's gaps blanked, and `gaps` holds, for each gap in order, the
    /// text before and after it (the other deletions shown).
    pub fn cloze(question: &str, gaps: &[(String, String)]) -> (Context, Vec<Beside>) {
        let all = lexemes(question);
        let analysis = Analysis::read(&all);
        let beside: Vec<Beside> = gaps
            .iter()
            .map(|(before, after)| Beside::of(before, after))
            .collect();
        let stated = dedup(
            beside
                .iter()
                .flat_map(|b| b.stated.iter().copied())
                .collect(),
        );
        // A month elsewhere in the text dates something else ("from
        // November [...] to September 2021"): only the gap's own lead-in
        // may lend the response one.
        let mut words = repeatable(&all);
        words.retain(|key| !is_month(key));
        for (before, _) in gaps {
            words.extend(lead_in(&lexemes(before)));
        }
        let context = Context {
            words,
            figures: analysis.figures().cloned().collect(),
            comparison: Comparison {
                stated,
                p_value: beside.iter().any(|b| b.p_value),
                ..Comparison::default()
            },
            omit_shown: false,
            measures_free: false,
            ordered: asks_order(&all),
            author: false,
            names: Vec::new(),
        };
        (context, beside)
    }

    /// Whether some accepted answer names `given` beside `surname` (keys).
    pub fn named_with(&self, given: &str, surname: &str) -> bool {
        self.names
            .iter()
            .any(|n| n.contains(given) && n.contains(surname))
    }

    /// Whether a response may repeat the word `key` from the question.
    pub fn repeats(&self, key: &str) -> bool {
        self.words.contains(key)
    }

    /// Whether the question shows a figure equal to `figure`.
    pub fn shows(&self, figure: &Figure) -> bool {
        let plain = Comparison::default();
        self.figures
            .iter()
            .any(|f| range::same(f, figure, &plain) && range::same(figure, f, &plain))
    }
}

/// Words of a question that asks for an order: "Put them in **order**".
const ORDER_WORDS: &[&str] = &[
    "order",
    "sequence",
    "rank",
    "chronological",
    "earliest",
    "latest",
];

/// Words of a question that asks for an author.
const AUTHOR_WORDS: &[&str] = &["author", "authors", "surname", "trialist", "investigator"];

/// Whether a question asks for an order (but not "in order to").
fn asks_order(lexemes: &[Lexeme]) -> bool {
    let raw = |at: usize| lexemes.get(at).and_then(Lexeme::raw);
    (0..lexemes.len()).any(|at| {
        let purpose = at > 0 && raw(at - 1) == Some("in") && raw(at + 1) == Some("to");
        raw(at).is_some_and(|w| ORDER_WORDS.contains(&w)) && !purpose
    })
}

/// Question words after which a comparison asks for the answer's bound:
/// "**Within how** many hours", "smaller than **what** volume".
const ASKING: &[&str] = &["how", "what", "which"];

/// What is written right beside one cloze gap.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Beside {
    /// The unit right after the gap ("[...] hours", "[...]%").
    pub unit: Option<Unit>,
    /// The scale right before the gap ("mRS [...]", "ASPECTS [...]").
    pub scale: Option<Scale>,
    /// Comparisons right before or after the gap ("at least [...]",
    /// "[...] or more").
    pub stated: Vec<Cmp>,
    /// Whether the gap holds a P value ("P = [...]"), which a response may
    /// give as a bound (see [`Comparison::p_value`]).
    pub p_value: bool,
}

/// How many lexemes before a gap may carry its comparison or scale.
const NEAR_GAP: usize = 4;

impl Beside {
    /// Reads the text before and after a gap.
    fn of(before: &str, after: &str) -> Beside {
        let before = lexemes(before);
        let mut after = lexemes(after);
        if let Some(first) = after.first_mut() {
            first.token.broken = false;
        }
        let tail = before.len().saturating_sub(NEAR_GAP);
        let mut stated: Vec<Cmp> = (tail..before.len())
            .filter_map(|at| range::comparison_at(&before, at, PREFIX_COMPARISONS))
            .filter(|(_, end)| *end == before.len())
            .map(|(cmp, _)| cmp)
            .collect();
        let unit = range::unit_at(&after, 0);
        let past_unit = unit.map_or(0, |(_, end)| end);
        stated.extend(range::comparison_at(&after, past_unit, POSTFIX_COMPARISONS).map(|(c, _)| c));
        stated.extend((0..before.len()).filter_map(|at| {
            range::comparison_at(&before, at, QUESTION_COMPARISONS).map(|(c, _)| c)
        }));
        let scale = before[tail..]
            .iter()
            .rev()
            .filter(|l| !l.key.is_empty() && !is_function(&l.key))
            .find_map(|l| Scale::named(&l.key));
        Beside {
            unit: unit.map(|(u, _)| u),
            scale,
            stated,
            p_value: before.last().and_then(Lexeme::raw) == Some("p"),
        }
    }
}

/// The keys of the question's words that a response may repeat: all but
/// negations and the words after a [contrast marker](CONTRAST_MARKERS) up to
/// the end of the phrase ("instead of **EVT plus medical care**").
fn repeatable(lexemes: &[Lexeme]) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut contrast = false;
    let mut skip = 0;
    for (at, l) in lexemes.iter().enumerate() {
        if l.token.broken {
            contrast = false;
        }
        if let Some(marker) = CONTRAST_MARKERS.iter().find(|m| {
            m.iter()
                .enumerate()
                .all(|(k, w)| lexemes.get(at + k).and_then(Lexeme::raw) == Some(*w))
        }) {
            contrast = true;
            skip = marker.len();
        }
        if skip > 0 {
            skip -= 1;
            continue;
        }
        if !contrast && !l.key.is_empty() && !is_negation(&l.key) {
            out.insert(l.key.clone());
        }
    }
    out
}

/// The keys of the words leading into a cloze gap (the phrase right before
/// it, up to [`NEAR_GAP`] lexemes), which a response may repeat even after a
/// contrast: in "more lenient than mRS [...]", `mRS 0-2` fills the gap with
/// its own lead-in, while "than" still keeps a typed question's contrasted
/// words from being repeated.
fn lead_in(before: &[Lexeme]) -> Vec<String> {
    let mut out = Vec::new();
    for l in before.iter().rev().take(NEAR_GAP) {
        if !l.key.is_empty() && !is_negation(&l.key) {
            out.push(l.key.clone());
        }
        if l.token.broken {
            break;
        }
    }
    out
}

/// The one scale a question names, if it names exactly one.
fn only_scale(lexemes: &[Lexeme]) -> Option<Scale> {
    let mut scales: Vec<Scale> = lexemes
        .iter()
        .filter_map(|l| Scale::named(&l.key))
        .collect();
    scales.dedup();
    (scales.len() == 1).then(|| scales[0])
}

/// Comparisons without repeats.
fn dedup(mut cmps: Vec<Cmp>) -> Vec<Cmp> {
    let mut seen = Vec::new();
    cmps.retain(|c| {
        let new = !seen.contains(c);
        seen.push(*c);
        new
    });
    cmps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::grade::number::unit_word;

    #[test]
    fn words_after_a_contrast_are_not_repeatable() {
        let c = Context::question(
            "In SELECT2, what did the control arm receive instead of thrombectomy plus medical care?",
        );
        assert!(c.repeats("select2") && c.repeats("control"));
        assert!(!c.repeats("thrombectomy") && !c.repeats("medical") && !c.repeats("plus"));
        let c = Context::question("Which is not a limitation, rather than CT, of the trial?");
        assert!(!c.repeats("ct") && !c.repeats("not") && c.repeats("trial"));
    }

    #[test]
    fn a_gap_s_lead_in_is_repeatable_after_a_contrast() {
        let text = "The end point was more lenient than mRS , the usual threshold.";
        let gaps = [(
            "The end point was more lenient than mRS ".to_string(),
            ", the usual threshold.".to_string(),
        )];
        let (c, _) = Context::cloze(text, &gaps);
        assert!(c.repeats("mrs") && c.repeats("lenient"));
        // Only the phrase right before the gap: DAWN is further back.
        let text = "It did better than DAWN in patients with no mRS .";
        let gaps = [(
            "It did better than DAWN in patients with no mRS ".to_string(),
            ".".to_string(),
        )];
        let (c, _) = Context::cloze(text, &gaps);
        assert!(c.repeats("mrs") && c.repeats("patient"));
        assert!(!c.repeats("dawn") && !c.repeats("no"));
    }

    #[test]
    fn questions_may_ask_for_an_order() {
        assert!(Context::question("Put them in order of publication.").ordered);
        assert!(!Context::question("What did patients need in order to enter?").ordered);
    }

    #[test]
    fn questions_state_comparisons() {
        let stated = |q: &str| Context::question(q).comparison.stated;
        assert_eq!(
            stated("Within how many hours of onset, in hours?"),
            vec![Cmp::LessEqual]
        );
        assert_eq!(
            stated("What was the minimum NIHSS score?"),
            vec![Cmp::GreaterEqual]
        );
        assert_eq!(
            stated("What was the upper age limit?"),
            vec![Cmp::LessEqual]
        );
        assert_eq!(
            stated("The core had to be smaller than what volume?"),
            vec![Cmp::Less]
        );
        assert!(stated("How many patients were randomised?").is_empty());
        assert!(stated("What share had an NIHSS gain of at least 8 points?").is_empty());
        assert!(stated("How many were randomised to EVT plus medical care?").is_empty());
    }

    #[test]
    fn a_gap_takes_the_unit_after_it_and_the_comparison_before_it() {
        let b = Beside::of("if less than ", " hours had passed");
        assert_eq!(b.unit, unit_word("hours"));
        assert_eq!(b.stated, vec![Cmp::Less]);
        let b = Beside::of("a pre-stroke mRS of ", ".");
        assert_eq!(b.scale, Some(Scale::Mrs));
        assert_eq!(b.unit, None);
        assert!(b.stated.is_empty());
        let b = Beside::of("The minimum NIHSS for entry was ", ".");
        assert_eq!(b.stated, vec![Cmp::GreaterEqual]);
        let b = Beside::of("(P = ", ")");
        assert!(b.p_value && b.stated.is_empty());
        assert!(!Beside::of("an NIHSS of ", ".").p_value);
        let b = Beside::of("an NIHSS of ", " or more.");
        assert_eq!(b.stated, vec![Cmp::GreaterEqual]);
        let b = Beside::of("a core of ", " mL or more");
        assert_eq!(b.stated, vec![Cmp::GreaterEqual]);
        let b = Beside::of("occurred in ", "% with EVT");
        assert_eq!(b.unit, unit_word("percent"));
        // "at least" further back does not reach the gap.
        let b = Beside::of("at least 6 and at most ", "");
        assert_eq!(b.stated, vec![Cmp::LessEqual]);
    }
}
