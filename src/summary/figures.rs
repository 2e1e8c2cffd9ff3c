//! The one figure scanner: every figure in a text with where it is. A figure
//! is a run of digits with an optional decimal part that is not glued to a
//! letter (so `SELECT2` and `M1` hold none). `deck lint` compares the figures
//! a card teaches with those its bullet states, and `deck build` blanks out
//! the same figures, so both read a text alike.

use std::ops::Range;

/// One figure in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Byte range of its digits in the text.
    pub range: Range<usize>,
    /// Its value.
    pub value: f64,
}

/// A figure, or a joined run of figures, as `deck build` blanks it out: with
/// a trailing `%` kept and ranges (`1.35-4.37`, `13/102`, `1 to 3`) joined.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Whether this is a single figure (not a joined range).
    pub single: bool,
}

/// Joiners that make two figures one span.
const JOINERS: &[&str] = &["-", "–", "/", " to "];

/// Every figure in `text`, in order.
pub fn scan(text: &str) -> Vec<Figure> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let glued_before = i > 0 && is_glue(chars[i - 1].1);
        if !chars[i].1.is_ascii_digit() || glued_before {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].1.is_ascii_digit() {
            i += 1;
        }
        if i + 1 < chars.len() && chars[i].1 == '.' && chars[i + 1].1.is_ascii_digit() {
            i += 1;
            while i < chars.len() && chars[i].1.is_ascii_digit() {
                i += 1;
            }
        }
        let glued_after = i < chars.len() && chars[i].1.is_alphanumeric();
        if !glued_after {
            let range = byte(start)..byte(i);
            if let Ok(value) = text[range.clone()].parse() {
                out.push(Figure { range, value });
            }
        }
        while i < chars.len() && is_glue(chars[i].1) {
            i += 1;
        }
    }
    out
}

/// The value of every figure in `text`, in order.
pub fn values(text: &str) -> Vec<f64> {
    scan(text).into_iter().map(|f| f.value).collect()
}

/// The figure spans of `text`, in order.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for figure in scan(text) {
        let mut range = figure.range;
        if text[range.end..].starts_with('%') {
            range.end += 1;
        }
        if let Some(last) = out.last_mut()
            && JOINERS.contains(&&text[last.range.end..range.start])
        {
            last.range.end = range.end;
            last.single = false;
            continue;
        }
        out.push(Span {
            range,
            single: true,
        });
    }
    out
}

/// Characters that make a following digit part of a word or of a number
/// already being read.
fn is_glue(c: char) -> bool {
    c.is_alphanumeric() || c == '.'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        spans(text).into_iter().map(|s| &text[s.range]).collect()
    }

    #[test]
    fn figures_skip_names_and_keep_ranges() {
        assert_eq!(
            values("mRS 0-3: 31.0% vs 12.7% (RR 2.43, 1.35-4.37), SELECT2, M1, ≥18, p=0.002."),
            vec![0.0, 3.0, 31.0, 12.7, 2.43, 1.35, 4.37, 18.0, 0.002]
        );
        assert_eq!(
            values("N Engl J Med 2022;386:1303-13."),
            vec![2022.0, 386.0, 1303.0, 13.0]
        );
        assert!(values("ICA or M1; 2a; v1.2.3").is_empty());
    }

    #[test]
    fn each_figure_knows_where_it_is() {
        let text = "≥18 years, 31.0%";
        let found = scan(text);
        let at: Vec<&str> = found.iter().map(|f| &text[f.range.clone()]).collect();
        assert_eq!(at, ["18", "31.0"]);
        assert_eq!(found[1].value, 31.0);
    }

    #[test]
    fn spans_join_ranges_and_keep_percent_signs() {
        let line = "mRS 0-3: 31.0% vs 12.7% (RR 2.43, 95% CI 1.35-4.37, p=0.002), 13/102, SELECT2, ≥18, 1 to 3";
        assert_eq!(
            texts(line),
            vec![
                "0-3",
                "31.0%",
                "12.7%",
                "2.43",
                "95%",
                "1.35-4.37",
                "0.002",
                "13/102",
                "18",
                "1 to 3"
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn spans_cover_exactly_the_figures_lint_sees(text in "\\PC{0,60}") {
            let from_spans: Vec<f64> = spans(&text).iter().flat_map(|s| values(&text[s.range.clone()])).collect();
            proptest::prop_assert_eq!(from_spans, values(&text));
        }
    }
}
