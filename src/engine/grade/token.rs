//! Splitting folded text into words, numbers and the few symbols that carry
//! meaning (`-`, `<`, `>=`, `%`, `/`, `+`, `~`); every other mark separates.

use super::fold::fold;
use super::number::{self, LEADING_DOT};

/// One piece of an answer.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    /// What it is.
    pub kind: Kind,
    /// Where it starts in the original text, in characters.
    pub start: usize,
    /// Where it ends (exclusive) in the original text, in characters.
    pub end: usize,
    /// Whether a space or a separating mark stands before it (`6 h`, not `6h`).
    pub spaced: bool,
    /// Whether a separating mark other than a space stands before it
    /// (`,`, `;`, `(`): figures and names do not run across one.
    pub broken: bool,
    /// Whether it was typed in capitals (`OR` the odds ratio, not `or`).
    pub capitals: bool,
}

/// The kinds of token.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// Letters and digits, folded, apostrophes dropped (`menieres`, `select2`).
    Word(String),
    /// A number.
    Number(f64),
    /// A meaningful symbol.
    Symbol(Symbol),
}

/// The symbols that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Symbol {
    /// Any dash or hyphen.
    Dash,
    /// `<`
    Less,
    /// `<=` (and `≤`, `=<`)
    LessEqual,
    /// `>`
    Greater,
    /// `>=` (and `≥`, `=>`)
    GreaterEqual,
    /// `%`
    Percent,
    /// `/`
    Slash,
    /// `+`
    Plus,
}

impl Kind {
    /// The word, if this is one.
    pub fn word(&self) -> Option<&str> {
        match self {
            Kind::Word(w) => Some(w),
            _ => None,
        }
    }
}

/// Tokenises `text` (folding it first).
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let folded = fold(text);
    let chars = &folded.chars;
    let origin = |i: usize| folded.origin.get(i).copied().unwrap_or(0);
    let original: Vec<char> = text.chars().collect();
    let mut out: Vec<Token> = Vec::new();
    let (mut spaced, mut broken) = (true, true);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let previous_alnum = i > 0 && chars[i - 1].is_alphanumeric();
        let mut push =
            |kind: Kind, from: usize, to: usize, spaced: &mut bool, broken: &mut bool| {
                let (start, end) = (origin(from), origin(to - 1) + 1);
                let capitals = original.get(start..end).is_some_and(|s| {
                    s.iter().any(|c| c.is_alphabetic()) && !s.iter().any(|c| c.is_lowercase())
                });
                out.push(Token {
                    kind,
                    start,
                    end,
                    spaced: *spaced,
                    broken: *broken,
                    capitals,
                });
                *spaced = false;
                *broken = false;
            };
        let leading_dot = c == LEADING_DOT && !previous_alnum && starts_number(chars, i);
        // A dash glued to a number that opens the answer or a phrase is a
        // minus sign (`-0.63`, `(-0.09 to 1.34)`); between numbers it joins
        // a range (`3-5`, `6 -24`).
        let minus = c == '-' && broken && starts_number(chars, i + 1);
        if c.is_ascii_digit() || leading_dot || minus {
            let from = if minus { i + 1 } else { i };
            let (magnitude, end) = number::scan(chars, from);
            let end = past_ratio_to_one(chars, end);
            let value = if minus { -magnitude } else { magnitude };
            let run_end = alnum_end(chars, end);
            if run_end > end {
                let run: String = chars[end..run_end].iter().collect();
                if glued_unit(&run) {
                    push(Kind::Number(value), i, end, &mut spaced, &mut broken);
                    push(Kind::Word(run), end, run_end, &mut spaced, &mut broken);
                } else {
                    if minus {
                        push(
                            Kind::Symbol(Symbol::Dash),
                            i,
                            from,
                            &mut spaced,
                            &mut broken,
                        );
                    }
                    let word: String = chars[from..run_end]
                        .iter()
                        .filter(|c| **c != '\'')
                        .collect();
                    push(Kind::Word(word), from, run_end, &mut spaced, &mut broken);
                }
                i = run_end;
            } else {
                push(Kind::Number(value), i, end, &mut spaced, &mut broken);
                i = end;
            }
            continue;
        }
        if c.is_alphanumeric() {
            let end = alnum_end(chars, i);
            let word: String = chars[i..end].iter().filter(|c| **c != '\'').collect();
            push(Kind::Word(word), i, end, &mut spaced, &mut broken);
            i = end;
            continue;
        }
        let next = chars.get(i + 1).copied();
        let (symbol, width) = match (c, next) {
            ('<', Some('=')) | ('=', Some('<')) => (Some(Symbol::LessEqual), 2),
            ('>', Some('=')) | ('=', Some('>')) => (Some(Symbol::GreaterEqual), 2),
            ('<', _) => (Some(Symbol::Less), 1),
            ('>', _) => (Some(Symbol::Greater), 1),
            ('-', _) => (Some(Symbol::Dash), 1),
            ('%', _) => (Some(Symbol::Percent), 1),
            ('/', _) => (Some(Symbol::Slash), 1),
            ('+', _) => (Some(Symbol::Plus), 1),
            _ => (None, 1),
        };
        match symbol {
            Some(s) => push(Kind::Symbol(s), i, i + width, &mut spaced, &mut broken),
            None if c == '&' => push(Kind::Word("and".into()), i, i + 1, &mut spaced, &mut broken),
            None => {
                spaced = true;
                // Quotes, `=`, `:` and `~` join a label to its figure; the
                // other marks end a phrase.
                if !matches!(c, ' ' | '\'' | '"' | '=' | ':' | '~' | '*' | '_') {
                    broken = true;
                }
            }
        }
        i += width;
    }
    out
}

/// Whether a number starts at `chars[at]`: a digit, or a dot before one.
fn starts_number(chars: &[char], at: usize) -> bool {
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    digit(at) || (chars.get(at) == Some(&LEADING_DOT) && digit(at + 1))
}

/// Where a number ending at `end` ends with its ratio to one, if it has one:
/// a mismatch ratio of `1.8:1` is 1.8 (while `1:10` and `1:1.8` are two
/// numbers).
fn past_ratio_to_one(chars: &[char], end: usize) -> usize {
    let to_one = chars.get(end) == Some(&':')
        && chars.get(end + 1) == Some(&'1')
        && !starts_number(chars, end + 2);
    if to_one { end + 2 } else { end }
}

/// The end of a run of letters and digits from `start`, an apostrophe between
/// two letters included (`Ménière's`, `people's`).
fn alnum_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() {
        let c = chars[end];
        let apostrophe = c == '\''
            && end > start
            && chars[end - 1].is_alphabetic()
            && chars.get(end + 1).is_some_and(|c| c.is_alphabetic());
        if c.is_alphanumeric() || apostrophe {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// Whether letters glued to a number are its unit (`6h`, `0.6mg`, `90d`) and
/// so a separate word, rather than part of a name such as `2a` or `3rd`.
fn glued_unit(run: &str) -> bool {
    number::unit_word(run).is_some()
        || number::UNIT_PHRASES
            .iter()
            .any(|(words, _)| words.first() == Some(&run))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        tokens(text).into_iter().map(|t| t.kind).collect()
    }

    fn w(s: &str) -> Kind {
        Kind::Word(s.into())
    }

    #[test]
    fn units_split_from_numbers_but_names_stay_whole() {
        use Kind::Number as N;
        assert_eq!(kinds("6h"), vec![N(6.0), w("h")]);
        assert_eq!(
            kinds("0.6mg/kg"),
            vec![N(0.6), w("mg"), Kind::Symbol(Symbol::Slash), w("kg")]
        );
        assert_eq!(kinds("SELECT2"), vec![w("select2")]);
        assert_eq!(kinds("2a"), vec![w("2a")]);
        assert_eq!(kinds("Ménière's"), vec![w("menieres")]);
        assert_eq!(kinds("P=.002"), vec![w("p"), N(0.002)]);
        assert_eq!(kinds("≤1"), vec![Kind::Symbol(Symbol::LessEqual), N(1.0)]);
        assert_eq!(
            kinds("3–5"),
            vec![N(3.0), Kind::Symbol(Symbol::Dash), N(5.0)]
        );
        assert_eq!(kinds("A & B"), vec![w("a"), w("and"), w("b")]);
    }

    #[test]
    fn a_dash_opening_a_number_is_a_minus_sign() {
        use Kind::Number as N;
        let dash = Kind::Symbol(Symbol::Dash);
        assert_eq!(kinds("-0.63"), vec![N(-0.63)]);
        assert_eq!(kinds("−.5"), vec![N(-0.5)]);
        assert_eq!(
            kinds("0.63 (-0.09 to 1.34)"),
            vec![N(0.63), N(-0.09), w("to"), N(1.34)]
        );
        // Between numbers it stays the dash of a range.
        assert_eq!(kinds("3-5"), vec![N(3.0), dash.clone(), N(5.0)]);
        assert_eq!(kinds("6 -24"), vec![N(6.0), dash.clone(), N(24.0)]);
        assert_eq!(kinds("mRS -1"), vec![w("mrs"), dash.clone(), N(1.0)]);
        assert_eq!(kinds("-2a"), vec![dash, w("2a")]);
    }

    #[test]
    fn a_ratio_to_one_is_its_first_number() {
        use Kind::Number as N;
        assert_eq!(kinds("1.8:1"), vec![N(1.8)]);
        assert_eq!(kinds("ratio 1.2:1"), vec![w("ratio"), N(1.2)]);
        assert_eq!(kinds("1:10"), vec![N(1.0), N(10.0)]);
        assert_eq!(kinds("1:1.8"), vec![N(1.0), N(1.8)]);
        assert_eq!(kinds("372:11-20")[..2], [N(372.0), N(11.0)]);
    }

    #[test]
    fn tokens_know_their_spacing_and_capitals() {
        let t = tokens("OR 2.1, or (x)");
        assert!(t[0].capitals && !t[2].capitals);
        assert!(!t[1].broken && t[2].broken && t[3].broken);
        assert_eq!((t[1].start, t[1].end), (3, 6));
        let t = tokens("6h");
        assert!(!t[1].spaced);
    }
}
