//! Text that reads at any width: lines wrapped at spaces to the terminal's
//! width with a hanging indent, never splitting a word, a number, a range
//! such as `3-5` or a blank `[...]`.

use textwrap::{Options, WordSeparator, WordSplitter};

/// How far a continued line is indented past the start of its own line.
const HANGING: usize = 2;

/// `text` with each of its lines wrapped to `width` columns; a continuation
/// is indented two columns past its line's own indent. A word longer than
/// the width stays whole on a line of its own.
pub fn wrap(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| wrap_line(line, width))
        .collect::<Vec<_>>()
        .join("\n")
}

fn wrap_line(line: &str, width: usize) -> String {
    let lead = line.len() - line.trim_start_matches(' ').len();
    let indent = " ".repeat(lead + HANGING);
    // Only spaces separate words: a hyphen or a dot never ends a line.
    let options = Options::new(width.max(lead + HANGING + 1))
        .subsequent_indent(&indent)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
        .break_words(false);
    textwrap::wrap(line, options).join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_at_spaces_with_a_hanging_indent() {
        let text = "  Why: the large-core trials enrolled ASPECTS 3-5 within 24 h, and [...] was 0.6 mg/kg.";
        let wrapped = wrap(text, 30);
        for line in wrapped.lines() {
            assert!(line.chars().count() <= 30, "{line:?}");
        }
        let continued: Vec<&str> = wrapped.lines().skip(1).collect();
        assert!(!continued.is_empty());
        assert!(continued.iter().all(|l| l.starts_with("    ")), "{wrapped}");
        let words: Vec<&str> = wrapped.split_whitespace().collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn a_word_longer_than_the_width_is_kept_whole() {
        let wrapped = wrap("see NCT03702413-and-more here", 8);
        assert!(
            wrapped.lines().any(|l| l.trim() == "NCT03702413-and-more"),
            "{wrapped}"
        );
    }

    #[test]
    fn short_lines_and_line_breaks_are_kept() {
        assert_eq!(wrap("a\n  b", 40), "a\n  b");
        assert_eq!(wrap("", 40), "");
    }
}
