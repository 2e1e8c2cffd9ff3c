//! Trial summaries in our Markdown layout (`# Title`, `## Section`, `- bullet`)
//! and the figures their bullets state.

/// A parsed summary: its sections with their numbered bullets.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The `# ` title line.
    pub title: String,
    /// Sections in file order.
    pub sections: Vec<Section>,
}

/// One `## ` section.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading text.
    pub heading: String,
    /// The `- ` bullets, numbered from 1 in order.
    pub bullets: Vec<Bullet>,
}

/// One bullet line.
#[derive(Debug, Clone, PartialEq)]
pub struct Bullet {
    /// The text after `- `.
    pub text: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// Marks the commentary part of a corrected bullet; figures after it are not taught.
pub const CORRECTION_MARKER: &str = "Correction:";

impl Summary {
    /// Parses a summary. Lines that are neither headings nor bullets (tables,
    /// blank lines) are ignored.
    pub fn parse(text: &str) -> Summary {
        let mut title = String::new();
        let mut sections: Vec<Section> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if let Some(h) = line.strip_prefix("## ") {
                sections.push(Section {
                    heading: h.trim().to_string(),
                    bullets: Vec::new(),
                });
            } else if let Some(t) = line.strip_prefix("# ") {
                title = t.trim().to_string();
            } else if let (Some(b), Some(section)) = (line.strip_prefix("- "), sections.last_mut())
            {
                section.bullets.push(Bullet {
                    text: b.trim().to_string(),
                    line: i + 1,
                });
            }
        }
        Summary { title, sections }
    }

    /// The section with this heading.
    pub fn section(&self, heading: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.heading == heading)
    }

    /// The bullet a card's source names, if it exists.
    pub fn bullet(&self, heading: &str, number: u32) -> Option<&Bullet> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        self.section(heading)?.bullets.get(index)
    }
}

impl Bullet {
    /// The figures the bullet teaches: those before any correction commentary.
    pub fn taught_figures(&self) -> Vec<f64> {
        let taught = self
            .text
            .split(CORRECTION_MARKER)
            .next()
            .unwrap_or_default();
        figures(taught)
    }
}

/// Every figure in `text`: a run of digits with an optional decimal part that
/// is not glued to a letter (so `SELECT2` and `M1` hold no figure).
pub fn figures(text: &str) -> Vec<f64> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && is_glue(chars[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
        }
        let glued = i < chars.len() && chars[i].is_alphanumeric();
        if !glued {
            let number: String = chars[start..i].iter().collect();
            if let Ok(value) = number.parse() {
                out.push(value);
            }
        }
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '.') {
            i += 1;
        }
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

    #[test]
    fn figures_skip_names_and_keep_ranges() {
        assert_eq!(
            figures("mRS 0-3: 31.0% vs 12.7% (RR 2.43, 1.35-4.37), SELECT2, M1, ≥18, p=0.002."),
            vec![0.0, 3.0, 31.0, 12.7, 2.43, 1.35, 4.37, 18.0, 0.002]
        );
        assert_eq!(
            figures("N Engl J Med 2022;386:1303-13."),
            vec![2022.0, 386.0, 1303.0, 13.0]
        );
        assert!(figures("ICA or M1; 2a; v1.2.3").is_empty());
    }

    #[test]
    fn sections_and_bullets_are_numbered_from_one() {
        let s = Summary::parse(
            "# T (2022)\n\n## Objective\n- first 1\n| a | b |\n- second\n## Citation\n- c",
        );
        assert_eq!(s.title, "T (2022)");
        assert_eq!(s.bullet("Objective", 2).unwrap().text, "second");
        assert_eq!(s.bullet("Objective", 2).unwrap().line, 6);
        assert!(s.bullet("Objective", 0).is_none());
        assert!(s.bullet("Citation", 2).is_none());
    }

    #[test]
    fn corrections_are_not_taught() {
        let b = Bullet {
            text: "101 vs 102. Correction: the source said 100.".into(),
            line: 1,
        };
        assert_eq!(b.taught_figures(), vec![101.0, 102.0]);
    }
}
