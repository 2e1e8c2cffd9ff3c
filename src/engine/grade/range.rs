//! Figures: a value, a range or a bound, with its unit. `3-5`, `3–5`,
//! `3 to 5` and `between 3 and 5` are one range; `0 or 1` is the range `0-1`;
//! a range from 0 is a bound (`0-1`, `≤1`, `<=1`, `<2`, `1 or less`); and a
//! bare value answers a question that states its comparison (`6` for "less
//! than [...] hours", `<6 h` for "Within how many hours").

use std::collections::HashSet;
use std::sync::LazyLock;

use super::answer::Lexeme;
use super::number::{Dimension, LEADING_UNITS, UNIT_PHRASES, Unit, unit_word};
use super::token::{Kind, Symbol};

/// A comparison sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cmp {
    /// Below.
    Less,
    /// At most.
    LessEqual,
    /// Above.
    Greater,
    /// At least.
    GreaterEqual,
}

/// The shape of a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Shape {
    /// One value.
    Value(f64),
    /// From the first value to the second, both included.
    Range(f64, f64),
    /// Every value on one side of the number.
    Bound(Cmp, f64),
}

/// A scale whose top is known, so that `ASPECTS 6-10` is `ASPECTS ≥6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scale {
    /// The modified Rankin scale, 0-6.
    Mrs,
    /// ASPECTS, 0-10.
    Aspects,
    /// The NIH stroke scale, 0-42.
    Nihss,
}

impl Scale {
    /// The scale a canonical word names.
    pub fn named(key: &str) -> Option<Scale> {
        match key {
            "mrs" => Some(Scale::Mrs),
            "aspect" => Some(Scale::Aspects),
            "nihss" => Some(Scale::Nihss),
            _ => None,
        }
    }

    /// Its highest score.
    fn top(self) -> f64 {
        match self {
            Scale::Mrs => 6.0,
            Scale::Aspects => 10.0,
            Scale::Nihss => 42.0,
        }
    }
}

/// A figure of an answer.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Figure {
    /// Its value, range or bound.
    pub shape: Shape,
    /// Its unit, when one is written.
    pub unit: Option<Unit>,
    /// The scale it is a score on, when the answer or question names one.
    pub scale: Option<Scale>,
    /// Whether it is the number of a name (`DEFUSE 3`, `SELECT 2`) rather
    /// than a figure: a bare integer right after a word that is not a scale,
    /// a class or a label.
    pub name: bool,
    /// Whether it follows the label `P` (`P<0.001` reports a P value).
    pub p_value: bool,
}

/// Comparisons written before a number: `≤`, `at most`, `up to`, `within`,
/// `less than`, `under`, `at least`, `more than`, `over`, `above`.
pub(super) const PREFIX_COMPARISONS: &[(&[&str], Cmp)] = &[
    (&["at", "most"], Cmp::LessEqual),
    (&["up", "to"], Cmp::LessEqual),
    (&["no", "more", "than"], Cmp::LessEqual),
    (&["not", "more", "than"], Cmp::LessEqual),
    (&["maximum"], Cmp::LessEqual),
    (&["maximum", "of"], Cmp::LessEqual),
    (&["max"], Cmp::LessEqual),
    (&["within"], Cmp::LessEqual),
    (&["until"], Cmp::LessEqual),
    (&["less", "than"], Cmp::Less),
    (&["fewer", "than"], Cmp::Less),
    (&["smaller", "than"], Cmp::Less),
    (&["lower", "than"], Cmp::Less),
    (&["under"], Cmp::Less),
    (&["below"], Cmp::Less),
    (&["at", "least"], Cmp::GreaterEqual),
    (&["no", "less", "than"], Cmp::GreaterEqual),
    (&["not", "less", "than"], Cmp::GreaterEqual),
    (&["no", "fewer", "than"], Cmp::GreaterEqual),
    (&["minimum"], Cmp::GreaterEqual),
    (&["minimum", "of"], Cmp::GreaterEqual),
    (&["min"], Cmp::GreaterEqual),
    (&["more", "than"], Cmp::Greater),
    (&["greater", "than"], Cmp::Greater),
    (&["larger", "than"], Cmp::Greater),
    (&["higher", "than"], Cmp::Greater),
    (&["bigger", "than"], Cmp::Greater),
    (&["over"], Cmp::Greater),
    (&["above"], Cmp::Greater),
    (&["exceeding"], Cmp::Greater),
    (&["beyond"], Cmp::Greater),
];

/// Comparisons written after a number: `6 or more`, `6+`, `3 or less`,
/// `80 or younger`, `24 h max`.
pub(super) const POSTFIX_COMPARISONS: &[(&[&str], Cmp)] = &[
    (&["or", "more"], Cmp::GreaterEqual),
    (&["or", "greater"], Cmp::GreaterEqual),
    (&["or", "higher"], Cmp::GreaterEqual),
    (&["or", "above"], Cmp::GreaterEqual),
    (&["or", "over"], Cmp::GreaterEqual),
    (&["or", "older"], Cmp::GreaterEqual),
    (&["or", "later"], Cmp::GreaterEqual),
    (&["and", "above"], Cmp::GreaterEqual),
    (&["and", "over"], Cmp::GreaterEqual),
    (&["and", "more"], Cmp::GreaterEqual),
    (&["and", "higher"], Cmp::GreaterEqual),
    (&["and", "older"], Cmp::GreaterEqual),
    (&["plus"], Cmp::GreaterEqual),
    (&["+"], Cmp::GreaterEqual),
    (&["minimum"], Cmp::GreaterEqual),
    (&["at", "least"], Cmp::GreaterEqual),
    (&["or", "less"], Cmp::LessEqual),
    (&["or", "fewer"], Cmp::LessEqual),
    (&["or", "lower"], Cmp::LessEqual),
    (&["or", "below"], Cmp::LessEqual),
    (&["or", "under"], Cmp::LessEqual),
    (&["or", "younger"], Cmp::LessEqual),
    (&["or", "earlier"], Cmp::LessEqual),
    (&["or", "sooner"], Cmp::LessEqual),
    (&["and", "below"], Cmp::LessEqual),
    (&["and", "under"], Cmp::LessEqual),
    (&["and", "less"], Cmp::LessEqual),
    (&["and", "younger"], Cmp::LessEqual),
    (&["max"], Cmp::LessEqual),
    (&["maximum"], Cmp::LessEqual),
    (&["at", "most"], Cmp::LessEqual),
];

/// Words of a question that state a comparison without a number after them:
/// "the **upper** age limit", "the **minimum** NIHSS", "the time **window**"
/// (which ends at the answer).
pub(super) const QUESTION_COMPARISONS: &[(&[&str], Cmp)] = &[
    (&["upper"], Cmp::LessEqual),
    (&["maximum"], Cmp::LessEqual),
    (&["cap"], Cmp::LessEqual),
    (&["window"], Cmp::LessEqual),
    (&["minimum"], Cmp::GreaterEqual),
];

/// Words that join two numbers into a range: `3-5` (the dash), `3 to 5`,
/// `3 through 5`.
const RANGE_WORDS: &[&str] = &["to", "through", "thru", "till"];

/// The comparison spelled at `lexemes[at..]` by one of `table`'s phrases (the
/// longest), and the index after it. Symbols count: `<`, `<=`, `>`, `>=`, and
/// `+` as its own phrase.
pub(super) fn comparison_at(
    lexemes: &[Lexeme],
    at: usize,
    table: &[(&[&str], Cmp)],
) -> Option<(Cmp, usize)> {
    if let Some(l) = lexemes.get(at)
        && let Kind::Symbol(s) = l.token.kind
    {
        let cmp = match s {
            Symbol::Less => Some(Cmp::Less),
            Symbol::LessEqual => Some(Cmp::LessEqual),
            Symbol::Greater => Some(Cmp::Greater),
            Symbol::GreaterEqual => Some(Cmp::GreaterEqual),
            Symbol::Plus if table.iter().any(|(p, _)| p == &["+"]) => Some(Cmp::GreaterEqual),
            _ => None,
        };
        return cmp.map(|c| (c, at + 1));
    }
    let first = lexemes.get(at)?.raw()?;
    if !COMPARISON_STARTS.contains(first) {
        return None;
    }
    table
        .iter()
        .filter(|(phrase, _)| phrase_at(lexemes, at, phrase))
        .max_by_key(|(phrase, _)| phrase.len())
        .map(|(phrase, cmp)| (*cmp, at + phrase.len()))
}

/// The first words of every comparison phrase, to skip the tables quickly.
static COMPARISON_STARTS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        PREFIX_COMPARISONS,
        POSTFIX_COMPARISONS,
        QUESTION_COMPARISONS,
    ]
    .iter()
    .flat_map(|table| {
        table
            .iter()
            .filter_map(|(phrase, _)| phrase.first().copied())
    })
    .collect()
});

/// Whether the words `phrase` stand at `lexemes[at..]`, unbroken.
fn phrase_at(lexemes: &[Lexeme], at: usize, phrase: &[&str]) -> bool {
    phrase.iter().enumerate().all(|(k, word)| {
        lexemes
            .get(at + k)
            .is_some_and(|l| (k == 0 || !l.token.broken) && l.raw() == Some(*word))
    })
}

/// The number at `lexemes[at]`, if there is one.
pub(super) fn number_at(lexemes: &[Lexeme], at: usize) -> Option<f64> {
    match lexemes.get(at)?.token.kind {
        Kind::Number(x) => Some(x),
        _ => None,
    }
}

/// The unit written at `lexemes[at..]` (right after a number, or after a
/// hyphen as in `90-day`), and the index after it.
pub(super) fn unit_at(lexemes: &[Lexeme], at: usize) -> Option<(Unit, usize)> {
    let first = lexemes.get(at)?;
    if first.token.broken {
        return None;
    }
    if first.token.kind == Kind::Symbol(Symbol::Dash) && first.token.spaced {
        return None;
    }
    if first.token.kind == Kind::Symbol(Symbol::Dash) {
        return lexemes
            .get(at + 1)
            .filter(|l| !l.token.spaced && l.raw().is_some())
            .and_then(|_| unit_at(lexemes, at + 1));
    }
    let raw = |l: &Lexeme| -> Option<String> {
        match &l.token.kind {
            Kind::Symbol(Symbol::Percent) => Some("%".into()),
            Kind::Symbol(Symbol::Slash) => Some("/".into()),
            Kind::Word(w) => Some(w.clone()),
            _ => None,
        }
    };
    let phrase = UNIT_PHRASES
        .iter()
        .filter(|(words, _)| {
            words.iter().enumerate().all(|(k, w)| {
                lexemes
                    .get(at + k)
                    .is_some_and(|l| (k == 0 || !l.token.broken) && raw(l).as_deref() == Some(*w))
            })
        })
        .max_by_key(|(words, _)| words.len());
    if let Some((words, unit)) = phrase {
        return Some((*unit, at + words.len()));
    }
    unit_word(first.raw()?).map(|u| (u, at + 1))
}

/// A time unit standing before its number (`day 90`, `hour 24`) at
/// `lexemes[at]`, with the number at `at + 1`.
pub(super) fn leading_unit_at(lexemes: &[Lexeme], at: usize) -> Option<Unit> {
    let l = lexemes.get(at)?;
    let next = lexemes.get(at + 1)?;
    let word = l.raw()?;
    (LEADING_UNITS.contains(&word) && !next.token.broken && number_at(lexemes, at + 1).is_some())
        .then(|| unit_word(word))
        .flatten()
}

/// A figure read at `lexemes[at]` (a number): its shape, unit and the index
/// after it. `cmp` is a comparison already read before the number, and
/// `between` says the number followed the word `between`.
pub(super) fn figure_at(
    lexemes: &[Lexeme],
    at: usize,
    cmp: Option<Cmp>,
    between: bool,
    leading: Option<Unit>,
) -> Option<(Shape, Option<Unit>, usize)> {
    let a = number_at(lexemes, at)?;
    let mut next = at + 1;
    let mut unit = leading;
    if let Some((u, after)) = unit_at(lexemes, next) {
        unit = Some(u);
        next = after;
    }
    if let Some(cmp) = cmp {
        return Some((Shape::Bound(cmp, a), unit, next));
    }
    if let Some((b, b_unit, after)) =
        range_tail(lexemes, next, a, between).or_else(|| listed_run(lexemes, next, a))
    {
        return Some((Shape::Range(a, b), b_unit.or(unit), after));
    }
    if let Some((cmp, after)) = comparison_at(lexemes, next, POSTFIX_COMPARISONS) {
        let (unit, after) = match unit_at(lexemes, after) {
            Some((u, end)) if unit.is_none() => (Some(u), end),
            _ => (unit, after),
        };
        return Some((Shape::Bound(cmp, a), unit, after));
    }
    Some((Shape::Value(a), unit, next))
}

/// The second number of a range after the first, `a`, at `lexemes[at..]`:
/// joined by a [dash or word](RANGE_WORDS), by `and` after `between`, or by
/// `or` when the two are [consecutive integers](consecutive) (`0 or 1`).
fn range_tail(
    lexemes: &[Lexeme],
    at: usize,
    a: f64,
    between: bool,
) -> Option<(f64, Option<Unit>, usize)> {
    let joiner = lexemes.get(at)?;
    if joiner.token.broken {
        return None;
    }
    let word = joiner.raw();
    let joined = joiner.token.kind == Kind::Symbol(Symbol::Dash)
        || word.is_some_and(|w| RANGE_WORDS.contains(&w))
        || (between && word == Some("and"));
    let b = number_at(lexemes, at + 1).filter(|_| !lexemes[at + 1].token.broken)?;
    if !(joined || (word == Some("or") && consecutive(a, b))) {
        return None;
    }
    Some(match unit_at(lexemes, at + 2) {
        Some((u, after)) => (b, Some(u), after),
        None => (b, None, at + 2),
    })
}

/// The last number of a list of consecutive whole numbers after the first,
/// `a`, at `lexemes[at..]`: commas between them and `or` before the last
/// (`3, 4 or 5`, `0, 1, or 2`), which make the range `a`-last as `0 or 1`
/// makes `0-1`. A list without `or`, or with a gap, stays several figures.
fn listed_run(lexemes: &[Lexeme], at: usize, a: f64) -> Option<(f64, Option<Unit>, usize)> {
    let mut last = a;
    let mut i = at;
    let mut listed = 0;
    while let Some(x) =
        number_at(lexemes, i).filter(|x| lexemes[i].token.broken && consecutive(last, *x))
    {
        last = x;
        listed += 1;
        i += 1;
    }
    let or = lexemes.get(i).filter(|_| listed > 0)?;
    let b = number_at(lexemes, i + 1).filter(|_| !lexemes[i + 1].token.broken)?;
    if or.raw() != Some("or") || !consecutive(last, b) {
        return None;
    }
    Some(match unit_at(lexemes, i + 2) {
        Some((u, after)) => (b, Some(u), after),
        None => (b, None, i + 2),
    })
}

/// Two consecutive whole numbers, which `or` makes a range: `0 or 1` is
/// `0-1`, while `0 or 2` stays two answers.
fn consecutive(a: f64, b: f64) -> bool {
    a.fract() == 0.0 && (b - a - 1.0).abs() < 1e-9
}

/// How two figures are compared.
#[derive(Debug, Clone, Default)]
pub(super) struct Comparison {
    /// How far a value may be off (a numeric card's tolerance; 0 elsewhere).
    pub tolerance: f64,
    /// Comparisons the question states, which a bare value carries: with
    /// "less than [...] hours", the answer `6` means `<6`.
    pub stated: Vec<Cmp>,
    /// The unit the question implies for the expected figure ("[...] hours",
    /// a numeric card's unit), when the figure has none.
    pub unit: Option<Unit>,
    /// The scale the question names, when the figures name none.
    pub scale: Option<Scale>,
    /// Whether the expected figure is a P value, which a response may give
    /// as the bound it is often reported as (`P<0.001` for 0.001) when it
    /// is [significant](significant).
    pub p_value: bool,
}

/// The conventional threshold of statistical significance.
const SIGNIFICANCE: f64 = 0.05;

/// Whether a P value of `x` is significant, and so may be written as a bound
/// below it: `P<0.004` says what 0.004 says, while `P<0.05` claims a
/// significance that a reported P = 0.05 (or 0.68) does not have.
fn significant(x: f64) -> bool {
    x < SIGNIFICANCE
}

/// The bounds a significant P value may be written as.
const P_VALUE_BOUNDS: [Cmp; 2] = [Cmp::Less, Cmp::LessEqual];

/// Whether the response figure `got` says what the expected figure `want`
/// says: by value (within the tolerance), in compatible units (converted:
/// `90 min` is `1.5 h`), as the same range or bound.
pub(super) fn same(want: &Figure, got: &Figure, how: &Comparison) -> bool {
    let want_unit = want.unit.or(how.unit);
    let convert = |x: f64| -> Option<f64> {
        match (got.unit, want_unit) {
            (Some(g), Some(w)) if g.compatible(w) => Some(g.convert(x, w)),
            (Some(_), Some(_)) => None,
            _ => Some(x),
        }
    };
    let Some(got_shape) = map_shape(got.shape, convert) else {
        return false;
    };
    let integer = whole(want.shape)
        && whole(got_shape)
        && want_unit.or(got.unit).is_none_or(|u| {
            matches!(
                u.dimension,
                Dimension::Score | Dimension::Pts | Dimension::People | Dimension::Sites
            )
        });
    let top = want.scale.or(got.scale).or(how.scale).map(Scale::top);
    let tolerance = how.tolerance.max(0.0);
    let mut wants = stated(want.shape, &how.stated);
    if let (true, Shape::Value(x)) = (how.p_value, want.shape)
        && significant(x)
    {
        wants.extend(P_VALUE_BOUNDS.map(|c| Shape::Bound(c, x)));
    }
    let gots = stated(got_shape, &how.stated);
    wants.iter().any(|w| {
        gots.iter()
            .any(|g| shapes_agree(*w, *g, integer, top, tolerance))
    })
}

/// A shape and, for a bare value, the bounds the question states for it.
fn stated(shape: Shape, stated: &[Cmp]) -> Vec<Shape> {
    let mut out = vec![shape];
    if let Shape::Value(x) = shape {
        out.extend(stated.iter().map(|c| Shape::Bound(*c, x)));
    }
    out
}

/// `shape` with every number passed through `f` (a unit conversion).
fn map_shape(shape: Shape, f: impl Fn(f64) -> Option<f64>) -> Option<Shape> {
    Some(match shape {
        Shape::Value(x) => Shape::Value(f(x)?),
        Shape::Range(a, b) => Shape::Range(f(a)?, f(b)?),
        Shape::Bound(c, x) => Shape::Bound(c, f(x)?),
    })
}

/// Whether every number of the shape is whole.
fn whole(shape: Shape) -> bool {
    let w = |x: f64| x.fract() == 0.0;
    match shape {
        Shape::Value(x) | Shape::Bound(_, x) => w(x),
        Shape::Range(a, b) => w(a) && w(b),
    }
}

/// Whether two shapes agree: two values within the tolerance, or two ranges
/// or bounds covering the same [`interval`].
fn shapes_agree(want: Shape, got: Shape, integer: bool, top: Option<f64>, tolerance: f64) -> bool {
    let close = |a: f64, b: f64| {
        a == b
            || (a.is_finite()
                && b.is_finite()
                && (a - b).abs() <= tolerance + 1e-9 * a.abs().max(1.0))
    };
    match (want, got) {
        (Shape::Value(a), Shape::Value(b)) => close(a, b),
        (Shape::Value(_), _) | (_, Shape::Value(_)) => false,
        _ => {
            let (a, b) = (interval(want, integer, top), interval(got, integer, top));
            close(a.0, b.0) && close(a.1, b.1)
        }
    }
}

/// The values a range or bound covers, as (lowest, highest), both included.
///
/// [A range from zero is a bound](Cmp::LessEqual): `0-1` is `≤1`. Between
/// whole scores (no unit, or points) a strict bound moves by one: `<2` is
/// `≤1` and `>5` is `≥6`; with a unit (`<6 h`, `≤6 h`) the two are the same.
/// A bound upwards ends at the top of its [`Scale`]: ASPECTS `≥6` is
/// `6-10`.
fn interval(shape: Shape, integer: bool, top: Option<f64>) -> (f64, f64) {
    let step = if integer { 1.0 } else { 0.0 };
    let high = top.unwrap_or(f64::INFINITY);
    match shape {
        Shape::Value(x) => (x, x),
        Shape::Range(a, b) => (a, b),
        Shape::Bound(Cmp::LessEqual, x) => (0.0, x),
        Shape::Bound(Cmp::Less, x) => (0.0, x - step),
        Shape::Bound(Cmp::GreaterEqual, x) => (x, high),
        Shape::Bound(Cmp::Greater, x) => (x + step, high),
    }
}

#[cfg(test)]
mod tests {
    use super::super::answer::Analysis;
    use super::*;

    fn figure(text: &str) -> Figure {
        let a = Analysis::of(text);
        let figures: Vec<&Figure> = a.figures().collect();
        assert_eq!(figures.len(), 1, "{text}: {figures:?}");
        figures[0].clone()
    }

    fn agree(want: &str, got: &str) -> bool {
        same(&figure(want), &figure(got), &Comparison::default())
    }

    #[test]
    fn ranges_are_written_many_ways() {
        for got in [
            "3-5",
            "3–5",
            "3 — 5",
            "3 to 5",
            "between 3 and 5",
            "3 through 5",
        ] {
            assert_eq!(figure(got).shape, Shape::Range(3.0, 5.0), "{got}");
        }
        assert_eq!(figure("0 or 1").shape, Shape::Range(0.0, 1.0));
        assert_eq!(figure("6-24 hours").unit, unit_word("h"));
        assert_eq!(figure("6 h to 24 h").shape, Shape::Range(6.0, 24.0));
        assert!(!agree("3-5", "3-6"));
        assert!(!agree("0-1", "0-2"));
    }

    #[test]
    fn a_range_from_zero_is_a_bound() {
        for got in [
            "≤1",
            "<=1",
            "=<1",
            "<2",
            "1 or less",
            "at most 1",
            "no more than 1",
            "0 or 1",
        ] {
            assert!(agree("0-1", got), "{got}");
        }
        for got in ["≤2", "<1", "1", "0", "1-2", ">=1"] {
            assert!(!agree("0-1", got), "{got}");
        }
        assert!(agree("mRS 0-3", "mRS 3 or less"));
        assert!(agree("≥6", ">5"));
        assert!(agree("6 or more", "at least 6"));
        assert!(!agree("≥6", ">6"));
        // With a unit, strictness does not matter, but the bound must match.
        assert!(agree("<6 h", "≤6 hours"));
        assert!(agree("within 6 h", "0-6 h"));
        assert!(!agree("<6 h", "<7 h"));
    }

    #[test]
    fn an_upward_bound_ends_at_the_top_of_its_scale() {
        assert!(agree("ASPECTS 6-10", "ASPECTS ≥6"));
        assert!(agree("ASPECTS 6-10", "ASPECTS 6 or more"));
        assert!(!agree("ASPECTS 6-10", "ASPECTS ≥7"));
        assert!(!agree("6-10", "≥6"), "no scale, no top");
        assert!(!agree("18 years or older", "18-80 years"));
        assert!(!agree("≥18", "18-1000000000"));
        assert!(agree("mRS 3-6", "mRS ≥3"));
    }

    #[test]
    fn a_bare_value_carries_the_comparison_the_question_states() {
        let how = Comparison {
            stated: vec![Cmp::Less],
            unit: unit_word("hours"),
            ..Comparison::default()
        };
        let six = figure("6");
        assert!(same(&six, &figure("<6 h"), &how));
        assert!(same(&six, &figure("6"), &how));
        assert!(same(&six, &figure("less than 6 hours"), &how));
        assert!(!same(&six, &figure(">6 h"), &how));
        assert!(!same(&six, &figure("<6 days"), &how));
        let how = Comparison {
            stated: vec![Cmp::GreaterEqual],
            ..Comparison::default()
        };
        assert!(same(&six, &figure(">=6"), &how));
        assert!(same(&six, &figure(">5"), &how));
        assert!(!same(&six, &figure("<=6"), &how));
    }

    #[test]
    fn units_convert_and_must_agree() {
        assert!(agree("90 minutes", "1.5 h"));
        assert!(agree("90 days", "3 months"));
        assert!(agree("6 h", "6"));
        assert!(agree("0.6 mg/kg", "0.6mg/kg"));
        assert!(agree("0.6 mg/kg", "0.6 mg per kg"));
        assert!(!agree("0.6 mg/kg", "0.6 mg"));
        assert!(!agree("6 h", "6 days"));
        assert!(agree("90-day", "90 d"));
        assert!(agree("day 90", "90 days"));
        assert!(agree("31%", "31 per cent"));
        assert!(agree("18.3 percentage points", "18.3%"));
    }
}
