//! `trialdrill stats`: progress per deck, as text with bar charts or as JSON.
//! Read-only: it works while a session runs.

use std::io::Write;
use std::path::Path;

use dialoguer::console::style;
use serde::Serialize;

use super::{Scheduling, select_outlines};
use crate::cli::StatsArgs;
use crate::history::stats::{DeckStats, Options, Ratio, Report, Tally};
use crate::store::params::{self, InUseReport};
use crate::store::{Access, Store};
use crate::ui::sanitize::{clean, clean_json};

/// Prints the statistics of the chosen decks to `out`.
pub fn run(args: &StatsArgs, home: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let Scheduling {
        config,
        params,
        scheduler,
        clock,
    } = Scheduling::load(home, None)?;
    // Stats needs each deck's item keys and tags only: no card is loaded.
    // The outlines and the store, read-only, are read at once.
    let (decks, store) = crate::parallel::both(
        || select_outlines(&args.decks, home),
        || Store::open(home, Access::Read, scheduler),
    );
    let (decks, mut store) = (decks?, store?);
    let today = clock.day_of(crate::store::now());
    let tally = Tally::of(&decks, today, store.aggregates()?);
    // After the figures are read: reading them can add a warning.
    for warning in store.warnings() {
        super::note(&format!("warning: {}", clean(warning)));
    }
    let options = Options {
        leech_threshold: args.leech_threshold.unwrap_or(config.leech_threshold()),
        until: args.until,
    };
    let report = tally.report(store.states(), store.scheduler(), &options);
    if args.json {
        /// The report with the FSRS parameters in use beside it.
        #[derive(Serialize)]
        struct WithParameters<'a> {
            #[serde(flatten)]
            report: &'a Report,
            parameters: InUseReport<'a>,
        }
        // Encoded first, so a closed pipe stays an io::Error (quietly ignored).
        // Deck titles, ids and tags are sanitised as in every other output.
        let value = clean_json(serde_json::to_value(WithParameters {
            report: &report,
            parameters: params.report(),
        })?);
        let text = serde_json::to_string_pretty(&value)?;
        writeln!(out, "{text}")?;
    } else {
        writeln!(out, "{}", params::describe(&params))?;
        write!(out, "{}", render(&report))?;
    }
    super::leave(store);
    Ok(())
}

/// The report as text: one block per deck.
pub fn render(report: &Report) -> String {
    report
        .decks
        .iter()
        .map(|deck| render_deck(deck, report.target_retention))
        .collect::<Vec<_>>()
        .join("\n")
}

fn percent(ratio: &Ratio) -> String {
    match ratio.rate {
        Some(rate) => format!("{:.0}% ({}/{})", 100.0 * rate, ratio.hits, ratio.total),
        None => "no reviews yet".into(),
    }
}

fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}h {:02}m", s / 3600, s / 60 % 60)
}

/// The longest bar of the forecast chart, in characters.
const BAR_WIDTH: usize = 30;

fn render_deck(deck: &DeckStats, target: f32) -> String {
    let mut lines = vec![
        style(format!("{} ({})", clean(&deck.title), clean(&deck.id)))
            .bold()
            .to_string(),
    ];
    let c = deck.cards;
    lines.push(format!(
        "  Cards: {} new, {} learning, {} review · due today: {}",
        c.new, c.learning, c.review, deck.due_today
    ));
    lines.push("  Next 14 days:".into());
    let most = deck
        .forecast
        .iter()
        .map(|d| d.cards)
        .max()
        .unwrap_or(0)
        .max(1);
    for day in &deck.forecast {
        let bar = "█".repeat(day.cards * BAR_WIDTH / most);
        lines.push(format!(
            "    {} {} {}",
            day.date.strftime("%a %m-%d"),
            style(bar).cyan(),
            day.cards
        ));
    }
    lines.push(format!(
        "  True retention: last 7 days {}, last 30 days {} (target {:.0}%)",
        percent(&deck.retention_7_days),
        percent(&deck.retention_30_days),
        100.0 * target
    ));
    if !deck.tags.is_empty() {
        lines.push("  Accuracy by tag, weakest first:".into());
        for tag in &deck.tags {
            let text = format!("    {:<24} {}", clean(&tag.tag), percent(&tag.ratio));
            lines.push(if tag.ratio.rate.is_some_and(|r| r < 0.7) {
                style(text).red().to_string()
            } else {
                text
            });
        }
    }
    lines.push(format!(
        "  Streak: {} day{} · time: {} today, {} this week, {} in all",
        deck.streak_days,
        if deck.streak_days == 1 { "" } else { "s" },
        duration(deck.time.today_seconds),
        duration(deck.time.last_7_days_seconds),
        duration(deck.time.total_seconds)
    ));
    if deck.exams.history.is_empty() {
        lines.push("  Exams: none yet (`trialdrill exam`)".into());
    } else {
        lines.push("  Exams:".into());
        for exam in &deck.exams.history {
            lines.push(format!(
                "    {}  {:>3.0}%  ({}/{})",
                exam.date, exam.score, exam.correct, exam.questions
            ));
        }
        let trend = deck.exams.trend.map_or(String::new(), |t| {
            let text = format!(" · trend {t:+.0} points");
            if t < 0.0 {
                style(text).red().to_string()
            } else {
                style(text).green().to_string()
            }
        });
        lines.push(format!(
            "    best {:.0}%{trend}",
            deck.exams.best.unwrap_or(0.0)
        ));
    }
    if deck.leeches.is_empty() {
        lines.push("  Leeches: none".into());
    } else {
        let list: Vec<String> = deck
            .leeches
            .iter()
            .map(|l| format!("{} ({} lapses)", clean(&l.card), l.lapses))
            .collect();
        lines.push(format!(
            "  Leeches: {} · drill them with `trialdrill study --leeches`",
            list.join(", ")
        ));
    }
    if let Some(until) = &deck.until {
        let recall = until
            .mean_recall
            .map_or("no studied cards".into(), |r| format!("{:.0}%", 100.0 * r));
        lines.push(format!(
            "  On {}: predicted recall {recall}; {} studied card{} below target, {} never studied",
            until.date,
            until.below_target,
            if until.below_target == 1 { "" } else { "s" },
            until.new
        ));
    }
    lines.join("\n") + "\n"
}
