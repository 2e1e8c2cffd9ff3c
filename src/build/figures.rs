//! Where figures sit in a line, so the builder can blank them out: the same
//! figures `deck::summary::figures` finds, as byte ranges, with a trailing
//! `%` kept and ranges (`1.35-4.37`, `13/102`, `1 to 3`) joined.

use std::ops::Range;

/// One figure or joined run of figures in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Whether this is a single figure (not a joined range).
    pub single: bool,
}

/// Joiners that make two figures one span.
const JOINERS: &[&str] = &["-", "–", "/", " to "];

/// The figure spans of `text`, in order.
pub fn spans(text: &str) -> Vec<Span> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut simple: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let glued_before = i > 0 && (chars[i - 1].1.is_alphanumeric() || chars[i - 1].1 == '.');
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
            let mut stop = i;
            if chars.get(i).is_some_and(|(_, c)| *c == '%') {
                stop += 1;
            }
            simple.push(end_of(start)..end_of(stop));
        }
        while i < chars.len() && (chars[i].1.is_alphanumeric() || chars[i].1 == '.') {
            i += 1;
        }
    }
    let mut out: Vec<Span> = Vec::new();
    for range in simple {
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

/// The tolerance a figure's written precision implies: half a unit of its
/// last digit (`31.0` gives 0.05, `203` gives 0.5).
pub fn tolerance(figure: &str) -> f64 {
    let digits = figure.trim_end_matches('%');
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
    0.5 / 10f64.powi(i32::try_from(decimals).unwrap_or(i32::MAX).min(12))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::summary::figures;

    fn texts(text: &str) -> Vec<&str> {
        spans(text).into_iter().map(|s| &text[s.range]).collect()
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

    #[test]
    fn tolerance_follows_the_written_precision() {
        assert_eq!(tolerance("31.0%"), 0.05);
        assert_eq!(tolerance("203"), 0.5);
        assert!((tolerance("0.002") - 0.0005).abs() < 1e-12);
    }

    proptest::proptest! {
        #[test]
        fn spans_cover_exactly_the_figures_lint_sees(text in "\\PC{0,60}") {
            let from_spans: Vec<f64> = spans(&text).iter().flat_map(|s| figures(&text[s.range.clone()])).collect();
            proptest::prop_assert_eq!(from_spans, figures(&text));
        }
    }
}
