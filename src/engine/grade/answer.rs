//! One answer text read as words and figures: numbers become values, ranges
//! and bounds with their units ([`super::range`]), words take their
//! canonical form ([`super::words`]), and the labels and scales around
//! a figure are recognised.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::number::{self, CLASS_WORDS, GENERIC_LABELS, MEASURE_LABELS, Unit};
use super::range::{self, Figure, PREFIX_COMPARISONS, Scale, Shape};
use super::token::{self, Kind, Token};
use super::words::{self, is_function};

/// A token with the canonical key of its word.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Lexeme {
    /// The token (for a phrase, its words joined by spaces).
    pub token: Token,
    /// The canonical key of a word; empty for numbers and symbols.
    pub key: String,
}

impl Lexeme {
    /// The folded word as typed, if this is a word.
    pub fn raw(&self) -> Option<&str> {
        self.token.kind.word()
    }
}

/// What a word does next to a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    /// A [generic label](GENERIC_LABELS): `P =`, `n =`, `about`.
    Generic,
    /// An [effect measure](MEASURE_LABELS): `RR`, `OR`, `NNT`.
    Measure,
}

/// A word of an answer.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Word {
    /// Its canonical key.
    pub key: String,
    /// The folded word (or phrase) as typed.
    pub raw: String,
    /// Where it starts in the original text, in characters.
    pub start: usize,
    /// Whether it labels the figure after it, and how.
    pub label: Option<Label>,
}

/// A word or a figure.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece {
    /// A word.
    Word(Word),
    /// A figure.
    Figure(Figure),
}

/// An answer text, read.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Analysis {
    /// Its words and figures in order.
    pub pieces: Vec<Piece>,
    /// Whether it is a list, whose order counts: it has a mark between its
    /// words (`MR CLEAN, REVASCAT, ESCAPE`), `then`, or `<` or `>`.
    pub listed: bool,
}

impl Analysis {
    /// Reads `text`.
    pub fn of(text: &str) -> Analysis {
        Analysis::read(&lexemes(text))
    }

    /// Reads `text` as [`Analysis::of`] does, taking word keys from `keys`.
    pub fn of_keyed(text: &str, keys: &mut Keys) -> Analysis {
        Analysis::read(&lexemes_keyed(text, &mut |w| keys.key(w)))
    }

    /// Reads the lexemes of a text.
    pub fn read(lexemes: &[Lexeme]) -> Analysis {
        let listed = lexemes.iter().skip(1).any(|l| {
            l.token.broken
                || l.raw() == Some("then")
                || matches!(
                    l.token.kind,
                    Kind::Symbol(token::Symbol::Less | token::Symbol::Greater)
                )
        });
        Analysis {
            pieces: pieces(lexemes),
            listed,
        }
    }

    /// Reads several texts, one after the other, as one answer (the gaps of
    /// one cloze deletion).
    pub fn concat(parts: Vec<Analysis>) -> Analysis {
        Analysis {
            listed: parts.len() > 1 || parts.iter().any(|a| a.listed),
            pieces: parts.into_iter().flat_map(|a| a.pieces).collect(),
        }
    }

    /// Its words, in order.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Word(w) => Some(w),
            Piece::Figure(_) => None,
        })
    }

    /// Its figures, in order.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Figure(f) => Some(f),
            Piece::Word(_) => None,
        })
    }

    /// Whether it holds a figure that is not the number of a name.
    pub fn has_figures(&self) -> bool {
        self.figures().any(|f| !f.name)
    }
}

/// The [canonical keys](words::key) of the words read so far. A key is a
/// pure function of its word, so reading many texts (every deck's, for the
/// grader's vocabulary) with one `Keys` works out each distinct word once.
#[derive(Debug, Default)]
pub(super) struct Keys(HashMap<String, String>);

impl Keys {
    /// The canonical key of `word`, worked out on its first use.
    pub fn key(&mut self, word: &str) -> String {
        if let Some(key) = self.0.get(word) {
            return key.clone();
        }
        let key = words::key(word);
        self.0.insert(word.to_string(), key.clone());
        key
    }
}

/// The lexemes of `text`: its tokens with their keys, [number
/// words](number::number_word) and [Roman numerals](number::roman) read as
/// numbers, and [phrases](words::PHRASES) merged.
pub(super) fn lexemes(text: &str) -> Vec<Lexeme> {
    lexemes_keyed(text, &mut words::key)
}

/// [`lexemes`], with each word's key from `key`.
fn lexemes_keyed(text: &str, key: &mut impl FnMut(&str) -> String) -> Vec<Lexeme> {
    let tokens = token::tokens(text);
    let mut out: Vec<Lexeme> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i].clone();
        let raw = token.kind.word().map(str::to_string);
        let previous = out
            .last()
            .filter(|_| !token.broken)
            .and_then(|l| l.raw().map(str::to_string));
        let numeral = raw
            .as_deref()
            .and_then(|w| numeral(w, previous.as_deref(), key));
        match (raw, numeral) {
            (_, Some(Numeral::Number(x))) => {
                let (value, end) = tens(&tokens, i, x);
                let last = &tokens[end - 1];
                out.push(number_lexeme(token.clone(), value, last.end));
                i = end;
                continue;
            }
            (_, Some(Numeral::Grade(g))) => out.push(Lexeme {
                token: Token {
                    kind: Kind::Word(g.clone()),
                    ..token
                },
                key: g,
            }),
            (Some(w), None) => out.push(Lexeme {
                key: key(&w),
                token,
            }),
            (None, None) => out.push(Lexeme {
                token,
                key: String::new(),
            }),
        }
        i += 1;
    }
    let mut out = and_a_half(glued_scales(out, key));
    for at in 0..out.len() {
        if let Some(key) = capital_measure(&out, at) {
            out[at].key = key.into();
        }
    }
    merge_phrases(out)
}

/// What a word means as a number.
enum Numeral {
    /// A number (`six`, `III`, `I` after `Class`).
    Number(f64),
    /// A graded class (`IIa` is `2a`).
    Grade(String),
}

/// A number word, or a Roman numeral where it can only be one: anywhere for
/// [II, III, IIa, IIb](number::unambiguous_roman), after a [class
/// word](CLASS_WORDS) for the others (`Class I`, `phase IV`).
fn numeral(
    word: &str,
    previous: Option<&str>,
    key: &mut impl FnMut(&str) -> String,
) -> Option<Numeral> {
    if let Some(x) = number::number_word(word) {
        return Some(Numeral::Number(x));
    }
    let after_class = previous.is_some_and(|p| CLASS_WORDS.contains(&key(p).as_str()));
    if !(after_class || number::unambiguous_roman(word)) {
        return None;
    }
    let (n, letter) = number::roman(word)?;
    Some(match letter {
        None => Numeral::Number(f64::from(n)),
        Some(l) => Numeral::Grade(format!("{n}{l}")),
    })
}

/// A tens word followed by a units word (`twenty-four`, `thirty one`) as one
/// number; returns the value and the index after the words used.
fn tens(tokens: &[Token], at: usize, value: f64) -> (f64, usize) {
    let is_tens = value >= 20.0 && value % 10.0 == 0.0;
    let mut next = at + 1;
    if tokens
        .get(next)
        .is_some_and(|t| t.kind == Kind::Symbol(token::Symbol::Dash) && !t.spaced)
    {
        next += 1;
    }
    let unit = tokens
        .get(next)
        .filter(|t| !t.broken)
        .and_then(|t| t.kind.word())
        .and_then(number::number_word)
        .filter(|u| (1.0..10.0).contains(u));
    match unit {
        Some(u) if is_tens => (value + u, next + 1),
        _ => (value, at + 1),
    }
}

/// A scale glued to its score, `mRS0-1` or `NIHSS6`, as the scale and the
/// number (`mRS 0-1`); other letters glued to digits stay a name (`SELECT2`).
fn glued_scales(lexemes: Vec<Lexeme>, key: &mut impl FnMut(&str) -> String) -> Vec<Lexeme> {
    let mut out = Vec::with_capacity(lexemes.len());
    for l in lexemes {
        let split = l.raw().and_then(|w| {
            let at = w.find(|c: char| c.is_ascii_digit())?;
            let (letters, digits) = w.split_at(at);
            let number = digits.parse::<u32>().ok()?;
            Scale::named(&key(letters)).map(|_| (letters.to_string(), number))
        });
        match split {
            Some((letters, number)) => {
                let key = key(&letters);
                out.push(Lexeme {
                    token: Token {
                        kind: Kind::Word(letters),
                        ..l.token.clone()
                    },
                    key,
                });
                out.push(Lexeme {
                    token: Token {
                        kind: Kind::Number(f64::from(number)),
                        spaced: false,
                        broken: false,
                        capitals: false,
                        ..l.token
                    },
                    key: String::new(),
                });
            }
            None => out.push(l),
        }
    }
    out
}

/// `6 and a half` (or `six and a half`) is 6.5.
fn and_a_half(lexemes: Vec<Lexeme>) -> Vec<Lexeme> {
    let mut out: Vec<Lexeme> = Vec::with_capacity(lexemes.len());
    let mut i = 0;
    while i < lexemes.len() {
        let mut l = lexemes[i].clone();
        i += 1;
        if let Kind::Number(x) = l.token.kind {
            for phrase in [&["and", "a", "half"][..], &["and", "half"]] {
                let follows = phrase.iter().enumerate().all(|(k, w)| {
                    lexemes
                        .get(i + k)
                        .is_some_and(|n| !n.token.broken && n.raw() == Some(*w))
                });
                if follows {
                    l.token.kind = Kind::Number(x + 0.5);
                    l.token.end = lexemes[i + phrase.len() - 1].token.end;
                    i += phrase.len();
                    break;
                }
            }
        }
        out.push(l);
    }
    out
}

/// A number lexeme standing for a word read as a number.
fn number_lexeme(token: Token, value: f64, end: usize) -> Lexeme {
    Lexeme {
        token: Token {
            kind: Kind::Number(value),
            end,
            ..token
        },
        key: String::new(),
    }
}

/// Merges [phrases](words::PHRASES) among unbroken runs of words (hyphens
/// between them dropped, so `t-PA` is `t PA`) into one lexeme each, or
/// several when a phrase stands for several words.
fn merge_phrases(lexemes: Vec<Lexeme>) -> Vec<Lexeme> {
    let mut out = Vec::with_capacity(lexemes.len());
    let mut i = 0;
    while i < lexemes.len() {
        // A run of words, unbroken, the hyphens between them left out.
        let mut run: Vec<Lexeme> = Vec::new();
        let mut end = i;
        while end < lexemes.len() && (end == i || !lexemes[end].token.broken) {
            let l = &lexemes[end];
            let hyphen = l.token.kind == Kind::Symbol(token::Symbol::Dash)
                && !run.is_empty()
                && lexemes
                    .get(end + 1)
                    .is_some_and(|n| n.raw().is_some() && !n.token.broken);
            if l.raw().is_some() {
                run.push(l.clone());
            } else if !hyphen {
                break;
            }
            end += 1;
        }
        if run.is_empty() {
            out.push(lexemes[i].clone());
            i += 1;
            continue;
        }
        let keys: Vec<String> = run.iter().map(|l| l.key.clone()).collect();
        for (key, range) in words::phrases(&keys) {
            let first = &run[range.start];
            let last = &run[range.end - 1];
            let raw: Vec<&str> = run[range.clone()].iter().filter_map(Lexeme::raw).collect();
            out.push(Lexeme {
                token: Token {
                    kind: Kind::Word(raw.join(" ")),
                    end: last.token.end,
                    ..first.token.clone()
                },
                key,
            });
        }
        i = end;
    }
    out
}

/// Reads lexemes into words and figures (see [`range::figure_at`]).
fn pieces(lexemes: &[Lexeme]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut i = 0;
    while i < lexemes.len() {
        let here = &lexemes[i];
        let between = here.raw() == Some("between");
        let leading = range::leading_unit_at(lexemes, i);
        let prefix = range::comparison_at(lexemes, i, PREFIX_COMPARISONS).filter(|(_, after)| {
            range::number_at(lexemes, *after).is_some() && !lexemes[*after].token.broken
        });
        let (start_of_number, cmp) = match (between, leading, prefix) {
            (true, _, _) if range::number_at(lexemes, i + 1).is_some() => (Some(i + 1), None),
            (_, Some(_), _) => (Some(i + 1), None),
            (_, _, Some((cmp, after))) => (Some(after), Some(cmp)),
            _ if range::number_at(lexemes, i).is_some() => (Some(i), None),
            _ => (None, None),
        };
        if let Some(at) = start_of_number
            && let Some((shape, unit, after)) = range::figure_at(lexemes, at, cmp, between, leading)
        {
            let figure = figure(lexemes, &mut out, i, at, shape, unit);
            out.push(Piece::Figure(figure));
            i = after;
            continue;
        }
        if let Some(w) = here.raw() {
            out.push(Piece::Word(Word {
                key: here.key.clone(),
                raw: w.to_string(),
                start: here.token.start,
                label: None,
            }));
        }
        i += 1;
    }
    out
}

/// Builds the figure read from `lexemes[from..]` (its number at `at`),
/// marking the words before it that label it and noting the scale they name.
fn figure(
    lexemes: &[Lexeme],
    out: &mut [Piece],
    from: usize,
    at: usize,
    shape: Shape,
    unit: Option<Unit>,
) -> Figure {
    let unbroken = !lexemes[from].token.broken;
    let mut p_value = false;
    let mut scale = None;
    let mut named_by = None;
    // The words right before the figure, nearest first: labels, then a scale.
    let count = out.len();
    let mut k = count;
    let mut reach = unbroken;
    while reach && k > 0 {
        k -= 1;
        let after_figure = k > 0 && matches!(out[k - 1], Piece::Figure(_));
        let Piece::Word(w) = &mut out[k] else { break };
        if let Some(label) = label(w, after_figure) {
            p_value |= w.key == "p";
            w.label = Some(label);
        } else if let Some(s) = Scale::named(&w.key) {
            scale = Some(s);
            break;
        } else if !is_function(&w.key) {
            named_by = (k + 1 == count).then(|| w.key.clone());
            break;
        }
        reach = lexeme_unbroken_before(lexemes, w.start);
    }
    let name = named_by.is_some_and(|key| {
        !CLASS_WORDS.contains(&key.as_str())
            && !CONNECTIVES.contains(&key.as_str())
            && key.chars().any(char::is_alphabetic)
            && matches!(shape, Shape::Value(x) if x.fract() == 0.0)
            && unit.is_none()
            && !lexemes[at].token.broken
    });
    Figure {
        shape,
        unit,
        scale,
        name,
        p_value,
    }
}

/// Words that join two answers rather than name one: the `2` of `0 or 2` is
/// a figure.
const CONNECTIVES: &[&str] = &["or", "and", "vs", "nor", "plus", "than", "then"];

/// Whether the lexeme starting at character `start` is joined to the one
/// before it (no separating mark between them).
fn lexeme_unbroken_before(lexemes: &[Lexeme], start: usize) -> bool {
    lexemes
        .iter()
        .find(|l| l.token.start == start)
        .is_some_and(|l| !l.token.broken)
}

/// How the word `w` labels the figure that follows it, if it does: a
/// [generic](GENERIC_LABELS) or [measure](MEASURE_LABELS) label, or `or`
/// typed before a number that does not follow another (the odds ratio, not
/// "0 or 2").
fn label(w: &mut Word, after_figure: bool) -> Option<Label> {
    match w.key.as_str() {
        "or" if !after_figure => {
            w.key = ODDS_RATIO.into();
            Some(Label::Measure)
        }
        "hr" => {
            w.key = HAZARD_RATIO.into();
            Some(Label::Measure)
        }
        k if is_generic_label(k) => Some(Label::Generic),
        k if MEASURE_KEYS.contains(k) => Some(Label::Measure),
        _ => None,
    }
}

/// [`GENERIC_LABELS`] in canonical form.
static GENERIC_KEYS: LazyLock<HashSet<String>> = LazyLock::new(|| words::key_set(GENERIC_LABELS));

/// [`MEASURE_LABELS`] in canonical form.
static MEASURE_KEYS: LazyLock<HashSet<String>> = LazyLock::new(|| words::key_set(MEASURE_LABELS));

/// Whether a canonical key is a [generic label](GENERIC_LABELS).
pub(super) fn is_generic_label(key: &str) -> bool {
    GENERIC_KEYS.contains(key)
}

/// The key of the odds ratio, spelled out or as `OR`.
const ODDS_RATIO: &str = "oddsratio";

/// The key of the hazard ratio, spelled out or as `HR`.
const HAZARD_RATIO: &str = "hazardratio";

/// `OR` and `HR` in capitals are the odds and hazard ratios, wherever they
/// stand, unless `OR` joins two numbers (`0 OR 1`).
fn capital_measure(lexemes: &[Lexeme], at: usize) -> Option<&'static str> {
    let l = &lexemes[at];
    if !l.token.capitals {
        return None;
    }
    let between_numbers = at > 0
        && range::number_at(lexemes, at - 1).is_some()
        && range::number_at(lexemes, at + 1).is_some();
    match l.raw()? {
        "or" if !between_numbers => Some(ODDS_RATIO),
        "hr" if range::number_at(lexemes, at.wrapping_sub(1)).is_none() => Some(HAZARD_RATIO),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::grade::range::Cmp;

    fn shapes(text: &str) -> Vec<Shape> {
        Analysis::of(text).figures().map(|f| f.shape).collect()
    }

    fn keys(text: &str) -> Vec<String> {
        Analysis::of(text).words().map(|w| w.key.clone()).collect()
    }

    #[test]
    fn labels_stand_before_figures() {
        let a = Analysis::of("P=0.002");
        assert_eq!(shapes("P=0.002"), vec![Shape::Value(0.002)]);
        assert_eq!(a.words().next().unwrap().label, Some(Label::Generic));
        assert!(a.figures().next().unwrap().p_value);
        let a = Analysis::of("OR 1.7");
        assert_eq!(a.words().next().unwrap().key, "oddsratio");
        let a = Analysis::of("0 or 2");
        assert_eq!(shapes("0 or 2"), vec![Shape::Value(0.0), Shape::Value(2.0)]);
        assert_eq!(a.words().next().unwrap().key, "or");
        assert_eq!(keys("HR 0.67"), vec!["hazardratio"]);
        assert_eq!(keys("NNT 5.5"), vec!["nnt"]);
        assert_eq!(keys("~6"), Vec::<String>::new());
        assert_eq!(shapes("n = 203"), vec![Shape::Value(203.0)]);
    }

    #[test]
    fn number_words_and_roman_numerals_are_numbers() {
        assert_eq!(shapes("six hours"), vec![Shape::Value(6.0)]);
        assert_eq!(shapes("twenty-four"), vec![Shape::Value(24.0)]);
        assert_eq!(shapes("6 and a half hours"), vec![Shape::Value(6.5)]);
        assert_eq!(shapes("one and a half"), vec![Shape::Value(1.5)]);
        assert_eq!(shapes("phase three"), vec![Shape::Value(3.0)]);
        assert_eq!(shapes("Class I"), vec![Shape::Value(1.0)]);
        assert_eq!(shapes("ECASS III"), vec![Shape::Value(3.0)]);
        assert_eq!(keys("Class IIa"), vec!["class", "2a"]);
        assert_eq!(keys("IIa"), vec!["2a"]);
        assert_eq!(keys("IV alteplase"), vec!["iv", "alteplase"]);
        assert_eq!(shapes("phase IV"), vec![Shape::Value(4.0)]);
    }

    #[test]
    fn names_hold_numbers_that_are_not_figures() {
        let named = |text: &str| {
            Analysis::of(text)
                .figures()
                .map(|f| f.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(named("DEFUSE 3"), vec![true]);
        assert_eq!(named("SELECT-2"), vec![true]);
        assert_eq!(named("phase 3"), vec![false]);
        assert_eq!(named("mRS 3"), vec![false]);
        assert_eq!(named("NIHSS of 6"), vec![false]);
        assert_eq!(named("DEFUSE, 3"), vec![false]);
        assert!(!Analysis::of("SELECT 2").has_figures());
        assert!(Analysis::of("mRS 0-1").has_figures());
    }

    #[test]
    fn a_scale_glued_to_its_score_is_split() {
        let a = Analysis::of("mRS0-1");
        assert_eq!(
            a.figures().map(|f| f.shape).collect::<Vec<_>>(),
            vec![Shape::Range(0.0, 1.0)]
        );
        assert_eq!(keys("NIHSS6"), vec!["nihss"]);
        assert_eq!(keys("SELECT2"), vec!["select2"]);
    }

    #[test]
    fn scales_are_noted() {
        let a = Analysis::of("ASPECTS 3-5");
        assert_eq!(a.figures().next().unwrap().scale, Some(Scale::Aspects));
        let a = Analysis::of("mRS of ≤1");
        let f = a.figures().next().unwrap();
        assert_eq!(f.scale, Some(Scale::Mrs));
        assert_eq!(f.shape, Shape::Bound(Cmp::LessEqual, 1.0));
    }

    #[test]
    fn phrases_merge_into_one_word() {
        assert_eq!(keys("modified Rankin scale 0-3"), vec!["mrs"]);
        assert_eq!(keys("sICH"), vec!["symptomatic", "ich"]);
        assert_eq!(keys("t-PA"), vec!["alteplase"]);
        let a = Analysis::of("the NIH Stroke Scale");
        let w: Vec<&Word> = a.words().collect();
        assert_eq!((w[1].key.as_str(), w[1].start), ("nihss", 4));
    }
}
