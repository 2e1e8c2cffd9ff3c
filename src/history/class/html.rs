//! The class report as one self-contained HTML page: inline CSS, charts
//! drawn as inline SVG, no script and nothing fetched, so it opens offline
//! and can be sent as one file. Written as well-formed XML (every element
//! closed, every text escaped) so it can be checked by an XML parser.

use std::fmt::Write;

use super::report::{Choices, ClassReport, Flag, QuestionReport, Report};
use crate::ui::sanitize::clean;

/// `text` sanitised and escaped for an HTML text node or attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Not characters in XML; no reader needs them.
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1d2430; margin: 2em auto; max-width: 1100px; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #d8dee8; padding-bottom: 0.2em; margin-top: 2em; }
h3 { font-size: 1em; margin: 1.2em 0 0.3em; }
.muted { color: #5b6575; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { padding: 0.25em 0.6em; text-align: left; vertical-align: top; border-bottom: 1px solid #e6e9ef; }
th { background: #f3f5f9; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.figures td:first-child { color: #5b6575; }
.flag { display: inline-block; border-radius: 3px; padding: 0 0.4em; margin: 0 0.2em 0.2em 0; font-size: 0.85em; white-space: nowrap; }
.f-too_easy, .f-too_hard { background: #fff1d6; color: #7a4b00; }
.f-poor_discrimination, .f-unused_distractors { background: #fbf5c4; color: #5f5300; }
.f-negative_discrimination { background: #fde0e0; color: #9b1c1c; font-weight: 600; }
tr.negative td { background: #fff6f6; }
svg { display: block; margin: 0.4em 0; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2430; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; }
.legend span { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: middle; margin: 0 0.3em 0 0.8em; }
table.options { min-width: 700px; }
table.options td:first-child { width: 300px; }
dl.glossary dt { font-weight: 600; margin-top: 0.5em; }
dl.glossary dd { margin-left: 1.5em; }
";

/// The colour of the whole class, the upper group and the lower group.
const ALL: &str = "#8a94a6";
const UPPER: &str = "#2f6fbf";
const LOWER: &str = "#e08a2e";

/// The report as a page. Every text from the results is escaped.
pub fn render(report: &Report) -> String {
    let mut page = String::new();
    let exam = &report.exam;
    let c = &report.class;
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <title>Class report: exam seed {seed}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Class report</h1>\n<p class=\"muted\">Exam seed {seed} · {q} questions · decks: {decks} · \
         {n} learners · taken {from} to {to}</p>\n<p class=\"muted\"><a href=\"#class\">The class</a> · \
         <a href=\"#questions\">Questions</a> · <a href=\"#options\">Options</a> · <a href=\"#tags\">Tags</a> · \
         <a href=\"#learners\">Learners</a> · <a href=\"#glossary\">What the figures mean</a></p>\n",
        seed = exam.seed,
        q = exam.questions,
        decks = escape(&exam.decks.join(", ")),
        n = c.learners,
        from = exam.first_started.strftime("%Y-%m-%d %H:%M UTC"),
        to = exam.last_ended.strftime("%Y-%m-%d %H:%M UTC"),
    );
    if !report.notes.is_empty() {
        page.push_str("<ul class=\"muted\">\n");
        for note in &report.notes {
            let _ = writeln!(page, "<li>{}</li>", escape(note));
        }
        page.push_str("</ul>\n");
    }
    class(&mut page, c);
    questions(&mut page, report);
    options(&mut page, report);
    tags(&mut page, report);
    learners(&mut page, report);
    glossary(&mut page);
    page.push_str("</body>\n</html>\n");
    page
}

/// `0.41`, or `n/a` with the reason as a tooltip.
fn figure(value: Option<f64>, why: Option<&String>) -> String {
    match (value, why) {
        (Some(v), _) => format!("{v:.2}"),
        (None, Some(why)) => format!("<span title=\"{}\">n/a</span>", escape(why)),
        (None, None) => "n/a".into(),
    }
}

fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

fn class(page: &mut String, c: &ClassReport) {
    page.push_str(
        "<h2 id=\"class\">The class</h2>\n<div class=\"charts\">\n<table class=\"figures\">\n",
    );
    let sd = match (c.sd, c.sd_percent) {
        (Some(sd), Some(p)) => format!("{sd:.1} questions ({p:.0}%)"),
        _ => format!(
            "n/a: {}",
            escape(c.undefined.get("sd").map_or("", String::as_str))
        ),
    };
    let kr20 = match c.kr20 {
        Some(r) => format!("{r:.2}"),
        None => format!(
            "n/a: {}",
            escape(c.undefined.get("kr20").map_or("", String::as_str))
        ),
    };
    let rows = [
        ("Learners", c.learners.to_string()),
        ("Questions", c.questions.to_string()),
        (
            "Mean score",
            format!("{:.1} ({:.0}%)", c.mean, c.mean_percent),
        ),
        (
            "Median score",
            format!("{:.1} ({:.0}%)", c.median, c.median_percent),
        ),
        ("Spread (SD)", sd),
        ("Lowest – highest", format!("{} – {}", c.lowest, c.highest)),
        ("Reliability (KR-20)", kr20),
        ("Median time", clock(c.seconds.median)),
        ("Mean time", clock(c.seconds.mean)),
        (
            "Shortest – longest",
            format!(
                "{} – {}",
                clock(c.seconds.shortest),
                clock(c.seconds.longest)
            ),
        ),
    ];
    for (name, value) in rows {
        let _ = writeln!(page, "<tr><td>{name}</td><td class=\"n\">{value}</td></tr>");
    }
    page.push_str("</table>\n");
    histogram(page, c);
    page.push_str("</div>\n");
}

/// Bars of learners per band of percent right.
fn histogram(page: &mut String, c: &ClassReport) {
    let (width, height, left, bottom, top) = (560.0, 230.0, 36.0, 40.0, 20.0);
    let most = c
        .histogram
        .iter()
        .map(|b| b.learners)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = (width - left - 10.0) / c.histogram.len().max(1) as f64;
    let plot = height - bottom - top;
    let _ = writeln!(
        page,
        "<figure><svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Score histogram\">"
    );
    let _ = writeln!(
        page,
        "<line x1=\"{left}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#5b6575\" />",
        y = height - bottom,
        x2 = width - 10.0
    );
    for (i, band) in c.histogram.iter().enumerate() {
        let h = plot * band.learners as f64 / most;
        let x = left + slot * i as f64;
        let _ = writeln!(
            page,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{UPPER}\"><title>{}-{}%: {} learners</title></rect>",
            x + 3.0,
            height - bottom - h,
            slot - 6.0,
            band.from,
            band.to,
            band.learners
        );
        if band.learners > 0 {
            let _ = writeln!(
                page,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + slot / 2.0,
                height - bottom - h - 4.0,
                band.learners
            );
        }
        let _ = writeln!(
            page,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x + slot / 2.0,
            height - bottom + 15.0,
            band.from
        );
    }
    let _ = writeln!(
        page,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"muted\">percent right (bands of 10; the last holds 100)</text>",
        left + (width - left) / 2.0,
        height - 6.0
    );
    page.push_str(
        "</svg><figcaption class=\"muted\">Learners per score band</figcaption></figure>\n",
    );
}

fn questions(page: &mut String, report: &Report) {
    page.push_str("<h2 id=\"questions\">Questions</h2>\n");
    item_map(page, report);
    page.push_str(
        "<table>\n<tr><th class=\"n\">#</th><th>Question</th><th class=\"n\">Right</th>\
         <th class=\"n\">Facility</th><th class=\"n\">r</th><th class=\"n\">D</th><th>Flags</th></tr>\n",
    );
    for q in &report.questions {
        let negative = q.flags.contains(&Flag::NegativeDiscrimination);
        let flags: String = q
            .flags
            .iter()
            .map(|f| {
                format!(
                    "<span class=\"flag f-{}\">{}</span>",
                    flag_id(*f),
                    escape(f.describe())
                )
            })
            .collect();
        let unused = if q.unused_distractors.is_empty() {
            String::new()
        } else {
            format!(
                "<div class=\"muted\">never chosen: {}</div>",
                escape(&q.unused_distractors.join("; "))
            )
        };
        let _ = writeln!(
            page,
            "<tr{}><td class=\"n\">{}</td><td>{}<div class=\"muted\">{}/{} · {}</div></td>\
             <td class=\"n\">{}/{}</td><td class=\"n\">{:.2}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{flags}{unused}</td></tr>",
            if negative { " class=\"negative\"" } else { "" },
            q.number,
            escape(&q.prompt),
            escape(&q.deck),
            escape(&q.card),
            escape(&q.tags.join(", ")),
            q.right,
            report.class.learners,
            q.facility,
            bar(q.facility, 60.0, UPPER),
            figure(q.point_biserial, q.undefined.get("point_biserial")),
            figure(q.upper_lower, q.undefined.get("upper_lower")),
        );
    }
    page.push_str("</table>\n");
}

/// A small horizontal bar for a share from 0 to 1.
fn bar(share: f64, width: f64, colour: &str) -> String {
    let w = (share.clamp(0.0, 1.0) * width).max(0.0);
    format!(
        "<svg width=\"{width}\" height=\"10\" viewBox=\"0 0 {width} 10\" style=\"display:inline-block;margin:0 0 0 0.5em\"><rect x=\"0\" y=\"1\" width=\"{width}\" height=\"8\" fill=\"#eef1f6\" /><rect x=\"0\" y=\"1\" width=\"{w:.1}\" height=\"8\" fill=\"{colour}\" /></svg>"
    )
}

fn flag_id(flag: Flag) -> &'static str {
    match flag {
        Flag::TooEasy => "too_easy",
        Flag::TooHard => "too_hard",
        Flag::PoorDiscrimination => "poor_discrimination",
        Flag::NegativeDiscrimination => "negative_discrimination",
        Flag::UnusedDistractors => "unused_distractors",
    }
}

/// Each question placed by facility (across) and point-biserial (up), with
/// the flagged regions shaded.
fn item_map(page: &mut String, report: &Report) {
    let (width, height, left, right, top, bottom) = (620.0, 330.0, 50.0, 20.0, 20.0, 45.0);
    let pw = width - left - right;
    let ph = height - top - bottom;
    let x = |f: f64| left + pw * f.clamp(0.0, 1.0);
    let y = |r: f64| top + ph * (1.0 - r.clamp(-1.0, 1.0)) / 2.0;
    let _ = writeln!(
        page,
        "<h3>Item map: facility against discrimination</h3>\n<figure><svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Item map\">"
    );
    let rect = |page: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, fill: &str| {
        let _ = writeln!(
            page,
            "<rect x=\"{x1:.1}\" y=\"{y1:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\" />",
            x2 - x1,
            y2 - y1
        );
    };
    rect(page, x(0.0), y(1.0), x(1.0), y(-1.0), "#fbfcfe");
    rect(page, x(0.0), y(0.2), x(1.0), y(0.0), "#fbf5c4");
    rect(page, x(0.0), y(0.0), x(1.0), y(-1.0), "#fde0e0");
    rect(page, x(0.0), y(1.0), x(0.2), y(0.2), "#fff1d6");
    rect(page, x(0.9), y(1.0), x(1.0), y(0.2), "#fff1d6");
    for tick in [0.0, 0.2, 0.5, 0.9, 1.0] {
        let _ = writeln!(
            page,
            "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\" stroke=\"#d8dee8\" /><text x=\"{0:.1}\" y=\"{3:.1}\" text-anchor=\"middle\">{tick}</text>",
            x(tick),
            y(1.0),
            y(-1.0),
            y(-1.0) + 15.0
        );
    }
    for tick in [-1.0, -0.5, 0.0, 0.2, 0.5, 1.0] {
        let _ = writeln!(
            page,
            "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{2:.1}\" y2=\"{1:.1}\" stroke=\"#d8dee8\" /><text x=\"{3:.1}\" y=\"{4:.1}\" text-anchor=\"end\">{tick}</text>",
            x(0.0),
            y(tick),
            x(1.0),
            x(0.0) - 6.0,
            y(tick) + 4.0
        );
    }
    let _ = writeln!(
        page,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">facility (share right)</text>\
         <text x=\"14\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {:.1})\">point-biserial r</text>",
        x(0.5),
        height - 8.0,
        y(0.0),
        y(0.0)
    );
    let mut unplotted = Vec::new();
    for q in &report.questions {
        let Some(r) = q.point_biserial else {
            unplotted.push(q.number.to_string());
            continue;
        };
        let colour = if r < 0.0 {
            "#c62828"
        } else if q.flags.is_empty() {
            UPPER
        } else {
            LOWER
        };
        let _ = writeln!(
            page,
            "<g><title>{}. {} (facility {:.2}, r {r:.2})</title><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"10\" fill=\"{colour}\" fill-opacity=\"0.85\" />\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" style=\"fill:#fff;font-size:10px\">{}</text></g>",
            q.number,
            escape(&q.prompt),
            q.facility,
            x(q.facility),
            y(r),
            x(q.facility),
            y(r) + 3.5,
            q.number
        );
    }
    page.push_str("</svg>\n<figcaption class=\"muted\">Shaded: too hard or too easy (orange), weak discrimination (yellow), negative discrimination (red).");
    if !unplotted.is_empty() {
        let _ = write!(
            page,
            " Not placed (r undefined): question {}.",
            unplotted.join(", ")
        );
    }
    page.push_str("</figcaption></figure>\n");
}

fn options(page: &mut String, report: &Report) {
    let with: Vec<(&QuestionReport, &Choices)> = report
        .questions
        .iter()
        .filter_map(|q| q.choices.as_ref().map(|c| (q, c)))
        .filter(|(_, c)| c.recorded > 0)
        .collect();
    if with.is_empty() {
        return;
    }
    let group = report.class.group_size.unwrap_or(0);
    let _ = writeln!(
        page,
        "<h2 id=\"options\">Options picked</h2>\n<p class=\"legend muted\">Share of each group that picked the option: \
         <span style=\"background:{ALL}\"></span>whole class <span style=\"background:{UPPER}\"></span>upper 27% ({group}) \
         <span style=\"background:{LOWER}\"></span>lower 27% ({group}). ✓ marks the keyed answer.</p>"
    );
    for (q, choices) in with {
        let _ = writeln!(
            page,
            "<h3>{}. {}</h3>\n<table class=\"options\">\n<tr><th>Option</th><th class=\"n\">All</th><th class=\"n\">Upper</th><th class=\"n\">Lower</th><th>Share picked</th></tr>",
            q.number,
            escape(&q.prompt)
        );
        let rows = choices
            .options
            .iter()
            .map(|o| {
                let label = if o.correct {
                    format!("✓ {}", escape(&o.option))
                } else if q.unused_distractors.contains(&o.option) {
                    format!(
                        "{} <span class=\"flag f-unused_distractors\">never chosen</span>",
                        escape(&o.option)
                    )
                } else {
                    escape(&o.option)
                };
                (label, o.picked)
            })
            .chain(
                (choices.no_answer.all > 0)
                    .then(|| ("<em>no answer</em>".to_string(), choices.no_answer)),
            );
        for (label, picked) in rows {
            let share = |count: usize, of: usize| count as f64 / of.max(1) as f64;
            let _ = writeln!(
                page,
                "<tr><td>{label}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}{}{}</td></tr>",
                picked.all,
                picked.upper,
                picked.lower,
                bar(share(picked.all, choices.recorded), 120.0, ALL),
                bar(share(picked.upper, group), 120.0, UPPER),
                bar(share(picked.lower, group), 120.0, LOWER),
            );
        }
        page.push_str("</table>\n");
    }
}

fn tags(page: &mut String, report: &Report) {
    page.push_str("<h2 id=\"tags\">Tags, weakest first</h2>\n");
    let (label, plot, row) = (220.0, 360.0, 22.0);
    let height = row * report.tags.len() as f64 + 10.0;
    let width = label + plot + 60.0;
    let _ = writeln!(
        page,
        "<figure><svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Facility per tag\">"
    );
    for (i, t) in report.tags.iter().enumerate() {
        let y = 5.0 + row * i as f64;
        let _ = writeln!(
            page,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label}\" y=\"{:.1}\" width=\"{plot}\" height=\"14\" fill=\"#eef1f6\" />\
             <rect x=\"{label}\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" fill=\"{UPPER}\"><title>{}: {}/{} right</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\">{:.0}%</text>",
            label - 8.0,
            y + 11.0,
            escape(&t.tag),
            y,
            y,
            plot * t.facility,
            escape(&t.tag),
            t.right,
            t.asked,
            label + plot + 6.0,
            y + 11.0,
            100.0 * t.facility
        );
    }
    page.push_str("</svg></figure>\n");
}

fn learners(page: &mut String, report: &Report) {
    page.push_str(
        "<h2 id=\"learners\">Learners, weakest first</h2>\n<table>\n<tr><th>Learner</th><th class=\"n\">Score</th><th></th>\
         <th class=\"n\">Time</th><th>Weakest tags</th><th>File</th></tr>\n",
    );
    for l in &report.learners {
        let weak: Vec<String> = l
            .weakest_tags
            .iter()
            .map(|t| format!("{} {}/{}", escape(&t.tag), t.right, t.asked))
            .collect();
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td class=\"n\">{}/{} ({:.0}%)</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"muted\">{}</td></tr>",
            escape(&l.learner),
            l.right,
            l.asked,
            l.percent,
            bar(l.percent / 100.0, 100.0, UPPER),
            clock(l.seconds),
            weak.join(", "),
            escape(&l.file)
        );
    }
    page.push_str("</table>\n");
}

fn glossary(page: &mut String) {
    page.push_str(
        "<h2 id=\"glossary\">What the figures mean</h2>\n<dl class=\"glossary\">\n\
         <dt>Facility</dt><dd>The share of the class that answered the question right. Above 0.9 it is flagged too easy, below 0.2 too hard.</dd>\n\
         <dt>r (point-biserial)</dt><dd>The correlation between answering this question right and the score on the rest of the exam. Good questions have r of 0.2 or more; below 0.2 the question discriminates poorly; below 0 the weaker learners did better than the stronger ones, which usually means a wrong key or an ambiguous question.</dd>\n\
         <dt>D (upper − lower)</dt><dd>The facility among the 27% of learners with the highest scores minus that among the 27% with the lowest, from −1 to 1.</dd>\n\
         <dt>Reliability (KR-20)</dt><dd>How consistently the exam as a whole measures, from Kuder-Richardson formula 20 (Cronbach's alpha for right/wrong questions). 0.7 or more is usual for a class test; it grows with more questions.</dd>\n\
         <dt>Never chosen</dt><dd>A wrong option nobody picked does no work: replace it with a plausible one.</dd>\n\
         <dt>n/a</dt><dd>The figure does not exist for these results, for example r of a question everyone answered right, or any spread with one learner; hover for the reason.</dd>\n\
         </dl>\n",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_are_dropped() {
        assert_eq!(
            escape("<script>alert('x' & \"y\")</script>\u{1b}[2J"),
            "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;"
        );
        assert_eq!(escape("≥ 5 é\u{fffe}"), "≥ 5 é");
    }
}
