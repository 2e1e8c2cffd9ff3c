//! The class report as text for a terminal, 80 columns wide: the class,
//! each question with its flags and options, the tags and the learners.

use std::collections::BTreeMap;

use dialoguer::console::{measure_text_width, style, truncate_str};

use super::report::{ClassReport, Counts, QuestionReport, Report};
use crate::engine::present::plural;
use crate::ui::chart::bar;

/// The longest bar of a chart, in characters.
const BAR_WIDTH: usize = 30;

/// The report as text. Its texts are sanitised already.
pub fn render(report: &Report) -> String {
    let mut lines = Vec::new();
    let exam = &report.exam;
    let c = &report.class;
    lines.push(
        style(format!(
            "Class report: {} learner{}, exam seed {} ({} question{}; decks: {})",
            c.learners,
            plural(c.learners),
            exam.seed,
            exam.questions,
            plural(exam.questions),
            exam.decks.join(", ")
        ))
        .bold()
        .to_string(),
    );
    if !report.notes.is_empty() {
        lines.push("Notes:".into());
        lines.extend(report.notes.iter().map(|n| format!("  {n}")));
    }
    class(&mut lines, c);
    questions(&mut lines, report);
    options(&mut lines, report);
    lines.push(String::new());
    lines.push(
        style("Tags, weakest first (facility across the class):")
            .bold()
            .to_string(),
    );
    for t in &report.tags {
        lines.push(format!(
            "  {} {:>4.0}%  {:>5}/{:<5} {}",
            fit(&t.tag, 24),
            100.0 * t.facility,
            t.right,
            t.asked,
            style(bar(t.facility as f32, 1.0, 20)).cyan()
        ));
    }
    lines.push(String::new());
    lines.push(style("Learners, weakest first:").bold().to_string());
    lines.push(format!(
        "  {} {:>7} {:>5}  {:>7}  weakest tags",
        fit("learner", 20),
        "score",
        "",
        "time"
    ));
    for l in &report.learners {
        let line = format!(
            "  {} {:>3}/{:<3} {:>4.0}%  {:>7}  ",
            fit(&l.learner, 20),
            l.right,
            l.asked,
            l.percent,
            clock(l.seconds),
        );
        // As many weak tags as fit in 80 columns, whole.
        let mut tags = String::new();
        for t in &l.weakest_tags {
            let next = format!(
                "{}{} {}/{}",
                if tags.is_empty() { "" } else { ", " },
                t.tag,
                t.right,
                t.asked
            );
            if measure_text_width(&line) + measure_text_width(&tags) + measure_text_width(&next)
                > 80
            {
                break;
            }
            tags.push_str(&next);
        }
        lines.push(
            truncate_str(&format!("{line}{tags}"), 80, "…")
                .trim_end()
                .to_string(),
        );
    }
    lines.join("\n") + "\n"
}

fn class(lines: &mut Vec<String>, c: &ClassReport) {
    let q = c.questions;
    lines.push(format!(
        "Score: mean {:.1} of {q} ({:.0}%), median {} ({:.0}%), SD {}, lowest {}, highest {}",
        c.mean,
        c.mean_percent,
        trim(c.median),
        c.median_percent,
        match (c.sd, c.sd_percent) {
            (Some(sd), Some(p)) => format!("{sd:.1} ({p:.0}%)"),
            _ => undefined(&c.undefined, "sd"),
        },
        c.lowest,
        c.highest
    ));
    lines.push(format!(
        "Reliability (KR-20, Cronbach's alpha): {}",
        c.kr20
            .map_or_else(|| undefined(&c.undefined, "kr20"), |r| format!("{r:.2}"))
    ));
    let s = &c.seconds;
    lines.push(format!(
        "Time taken: median {}, mean {}, shortest {}, longest {}",
        clock(s.median),
        clock(s.mean),
        clock(s.shortest),
        clock(s.longest)
    ));
    lines.push("Score histogram (percent right):".into());
    let most = c.histogram.iter().map(|b| b.learners).max().unwrap_or(0);
    for band in &c.histogram {
        lines.push(format!(
            "  {:>7}  {} {}",
            format!("{}-{}%", band.from, band.to),
            style(bar(band.learners as f32, most as f32, BAR_WIDTH)).cyan(),
            band.learners
        ));
    }
}

fn questions(lines: &mut Vec<String>, report: &Report) {
    lines.push(String::new());
    let groups = report.class.group_size.map_or_else(
        || "no groups".to_string(),
        |g| format!("{g} learner{} each", plural(g)),
    );
    lines.push(style("Questions:").bold().to_string());
    lines.push(format!(
        "  facility: share right; r: point-biserial with the rest of the exam;\n  D: facility of the upper 27% minus the lower 27% ({groups})"
    ));
    lines.push(format!(
        "  {:>3} {} {:>7} {:>5} {:>5} {:>5}  flags",
        "#",
        fit("card", 24),
        "right",
        "facil",
        "r",
        "D"
    ));
    for q in &report.questions {
        let flags: Vec<&str> = q.flags.iter().map(|f| short(*f)).collect();
        let line = format!(
            "  {:>3} {} {:>7} {:>5.2} {:>5} {:>5}  {}",
            q.number,
            fit(&format!("{}/{}", q.deck, q.card), 24),
            format!("{}/{}", q.right, report.class.learners),
            q.facility,
            signed(q.point_biserial),
            signed(q.upper_lower),
            flags.join(", ")
        );
        lines.push(truncate_str(&line, 80, "…").into_owned());
    }
    let look: Vec<&QuestionReport> = report
        .questions
        .iter()
        .filter(|q| !q.flags.is_empty() || !q.undefined.is_empty())
        .collect();
    if look.is_empty() {
        return;
    }
    lines.push(String::new());
    lines.push(style("To look at:").bold().to_string());
    for q in look {
        lines.push(truncate_str(&format!("  {:>3}. {}", q.number, q.prompt), 80, "…").into_owned());
        for flag in &q.flags {
            lines.push(format!("       {}", flag.describe()));
        }
        for (name, why) in &q.undefined {
            let name = if *name == "point_biserial" { "r" } else { "D" };
            lines.push(format!("       {name} undefined: {why}"));
        }
        if !q.unused_distractors.is_empty() {
            lines.push(
                truncate_str(
                    &format!("       never chosen: {}", q.unused_distractors.join("; ")),
                    80,
                    "…",
                )
                .into_owned(),
            );
        }
    }
}

fn options(lines: &mut Vec<String>, report: &Report) {
    let with: Vec<&QuestionReport> = report
        .questions
        .iter()
        .filter(|q| q.choices.as_ref().is_some_and(|c| c.recorded > 0))
        .collect();
    if with.is_empty() {
        return;
    }
    lines.push(String::new());
    lines.push(
        style("Options picked (* keyed right): all, upper group, lower group")
            .bold()
            .to_string(),
    );
    for q in with {
        let Some(choices) = &q.choices else { continue };
        lines.push(truncate_str(&format!("  {:>3}. {}", q.number, q.prompt), 80, "…").into_owned());
        for o in &choices.options {
            let mark = if o.correct { "*" } else { " " };
            let never = if q.unused_distractors.contains(&o.option) {
                "  never chosen"
            } else {
                ""
            };
            lines.push(format!(
                "       {mark} {} {}{never}",
                fit(&o.option, 40),
                counts(&o.picked)
            ));
        }
        if choices.no_answer.all > 0 {
            lines.push(format!(
                "         {} {}",
                fit("(no answer)", 40),
                counts(&choices.no_answer)
            ));
        }
    }
}

fn counts(c: &Counts) -> String {
    format!("{:>4} {:>4} {:>4}", c.all, c.upper, c.lower)
}

/// A flag in a word or two, for the table.
fn short(flag: super::report::Flag) -> &'static str {
    use super::report::Flag;
    match flag {
        Flag::TooEasy => "easy",
        Flag::TooHard => "hard",
        Flag::PoorDiscrimination => "weak r",
        Flag::NegativeDiscrimination => "negative",
        Flag::UnusedDistractors => "unused",
    }
}

/// `0.41`, `-0.52`, or `n/a`.
fn signed(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".into(), |v| format!("{v:.2}"))
}

/// `n/a (why)` for a figure of the class that has no value.
fn undefined(reasons: &BTreeMap<&'static str, String>, name: &str) -> String {
    match reasons.get(name) {
        Some(why) => format!("n/a ({why})"),
        None => "n/a".into(),
    }
}

/// `13` for 13.0, `12.5` otherwise.
fn trim(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// `8:05`, or `1:02:03` past an hour.
fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// `text` cut or padded to `width` columns.
fn fit(text: &str, width: usize) -> String {
    let cut = truncate_str(text, width, "…");
    let pad = width.saturating_sub(measure_text_width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_columns_fit() {
        assert_eq!(clock(485.4), "8:05");
        assert_eq!(clock(3723.0), "1:02:03");
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdefgh", 5), "abcd…");
        assert_eq!(fit("日本語", 4), "日… ");
        assert_eq!(trim(13.0), "13");
        assert_eq!(trim(12.5), "12.5");
        assert_eq!(signed(None), "n/a");
        assert_eq!(signed(Some(-0.517)), "-0.52");
    }
}
