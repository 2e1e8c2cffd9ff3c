//! Where a wrong answer differs from the nearest accepted one: the accepted
//! answer most like the response, and a word-by-word difference (words and
//! numbers compared by meaning, shown as typed).

use strsim::normalized_levenshtein;

use super::fold::fold;
use super::token::{Kind, Symbol, tokens};
use super::words::key;
use super::{Change, Part};

/// The index of the accepted answer most like `response` (by edit distance
/// on the folded texts); the first on a tie, 0 for no answers.
pub(super) fn closest(answers: &[String], response: &str) -> usize {
    let folded = |t: &str| -> String { fold(t).chars.into_iter().collect() };
    let response = folded(response);
    let mut best = (0, f64::MIN);
    for (i, answer) in answers.iter().enumerate() {
        let similarity = normalized_levenshtein(&folded(answer), &response);
        if similarity > best.1 {
            best = (i, similarity);
        }
    }
    best.0
}

/// The word-by-word difference from `expected` to `response`: words in both
/// (`Same`), words of `expected` the response lacks (`Missing`) and words the
/// response has instead or besides (`Extra`), in reading order, each in the
/// spelling of the text it comes from. Punctuation is left out.
pub(super) fn parts(expected: &str, response: &str) -> Vec<Part> {
    let want = pieces(expected);
    let got = pieces(response);
    let (n, m) = (want.len(), got.len());
    // common[i][j]: the longest common run of want[i..] and got[j..].
    let mut common = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if want[i].0 == got[j].0 {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && want[i].0 == got[j].0 {
            push(&mut out, Change::Same, &got[j].1);
            i += 1;
            j += 1;
        } else if i < n && (j == m || common[i + 1][j] >= common[i][j + 1]) {
            push(&mut out, Change::Missing, &want[i].1);
            i += 1;
        } else {
            push(&mut out, Change::Extra, &got[j].1);
            j += 1;
        }
    }
    out
}

/// Adds a word to the difference, joining it to the previous part of the
/// same kind (`Missing "mRS 0-3"` rather than three parts).
fn push(out: &mut Vec<Part>, change: Change, text: &str) {
    match out.last_mut() {
        Some(last) if last.change == change => {
            last.text.push(' ');
            last.text.push_str(text);
        }
        _ => out.push(Part {
            change,
            text: text.to_string(),
        }),
    }
}

/// The words and numbers of a text: what they mean (a canonical key, a
/// number's value) and how they were typed. A range (`3-5`, `3 – 5`) and a
/// bound (`≤1`, `< 2`) are one piece, so a difference never splits one.
fn pieces(text: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let shown = |from: usize, to: usize| -> String {
        chars.get(from..to).unwrap_or_default().iter().collect()
    };
    let tokens = tokens(text);
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let next = |k: usize| tokens.get(i + k).map(|t| &t.kind);
        let (meaning, last) = match (&t.kind, next(1), next(2)) {
            (Kind::Number(a), Some(Kind::Symbol(Symbol::Dash)), Some(Kind::Number(b))) => {
                (format!("{a}-{b}"), i + 2)
            }
            (Kind::Symbol(bound), Some(Kind::Number(x)), _) if sign(*bound).is_some() => {
                (format!("{}{x}", sign(*bound).unwrap_or_default()), i + 1)
            }
            (Kind::Word(w), _, _) => (key(w), i),
            (Kind::Number(x), _, _) => (format!("{x}"), i),
            (Kind::Symbol(_), _, _) => {
                i += 1;
                continue;
            }
        };
        out.push((meaning, shown(t.start, tokens[last].end)));
        i = last + 1;
    }
    out
}

/// The sign of a bound, for its meaning in a difference.
fn sign(symbol: Symbol) -> Option<&'static str> {
    match symbol {
        Symbol::Less => Some("<"),
        Symbol::LessEqual => Some("<="),
        Symbol::Greater => Some(">"),
        Symbol::GreaterEqual => Some(">="),
        Symbol::Dash | Symbol::Percent | Symbol::Slash | Symbol::Plus => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(change: Change, text: &str) -> Part {
        Part {
            change,
            text: text.into(),
        }
    }

    #[test]
    fn the_closest_answer_is_the_most_alike() {
        let answers = vec![
            "medical care alone".to_string(),
            "BMT".into(),
            "standard care".into(),
        ];
        assert_eq!(closest(&answers, "standard medical care"), 2);
        assert_eq!(closest(&answers, "medical car alone"), 0);
        assert_eq!(closest(&[], "x"), 0);
    }

    #[test]
    fn differences_are_word_by_word_in_the_typed_spelling() {
        assert_eq!(
            parts("ASPECTS 3-5", "aspects 3-6"),
            vec![
                part(Change::Same, "aspects"),
                part(Change::Missing, "3-5"),
                part(Change::Extra, "3-6"),
            ]
        );
        assert_eq!(
            parts("mRS ≤1 at 3 – 6 months", "mRS <=2 at 3 – 6 months"),
            vec![
                part(Change::Same, "mRS"),
                part(Change::Missing, "≤1"),
                part(Change::Extra, "<=2"),
                part(Change::Same, "at 3 – 6 months"),
            ]
        );
        assert_eq!(
            parts("IV alteplase", "tenecteplase"),
            vec![
                part(Change::Missing, "IV alteplase"),
                part(Change::Extra, "tenecteplase")
            ]
        );
        assert_eq!(parts("31.0%", "31"), vec![part(Change::Same, "31")]);
        assert!(parts("", "").is_empty());
    }
}
