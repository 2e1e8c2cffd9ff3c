//! `trialdrill simulate`: the daily work each desired retention would cost.

use std::io::Write;
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use super::{Scheduling, select_outlines};
use crate::cli::SimulateArgs;
use crate::engine::schedule::Scheduler;
use crate::history::simulate::{self, Plan, Workload};
use crate::store::params::{self, InUseReport};
use crate::store::{self, Access, Store};
use crate::ui::chart;

/// Width of the longest bar.
const BAR_WIDTH: usize = 40;

/// `simulate --json`: one object. (Structs rather than `json!`, so the f32
/// figures print as written, not widened to f64 digits.)
#[derive(Serialize)]
struct Report<'a> {
    in_use: InUseReport<'a>,
    from: Date,
    days: usize,
    studied: usize,
    new_cards: usize,
    new_per_day: usize,
    own_figures: usize,
    retentions: Vec<Retention<'a>>,
}

/// One desired retention's simulated work.
#[derive(Serialize)]
struct Retention<'a> {
    retention: f32,
    mean_reviews: f32,
    mean_minutes: f32,
    remembered_at_end: f32,
    reviews_per_day: &'a [f32],
    minutes_per_day: &'a [f32],
}

impl Retention<'_> {
    fn of(w: &Workload) -> Retention<'_> {
        Retention {
            retention: w.retention,
            mean_reviews: w.mean_reviews(),
            mean_minutes: w.mean_minutes(),
            remembered_at_end: w.remembered_at_end,
            reviews_per_day: &w.reviews_per_day,
            minutes_per_day: &w.minutes_per_day,
        }
    }
}

/// Runs `simulate`.
pub fn run(args: &SimulateArgs, home: &Path) -> anyhow::Result<()> {
    for &retention in &args.retention {
        // The same range `study --retention` accepts.
        Scheduler::new(&[], retention)?;
    }
    let Scheduling {
        params: in_use,
        scheduler,
        clock,
        ..
    } = Scheduling::load(home, None)?;
    let mut out = std::io::stdout().lock();
    if !args.output.json {
        writeln!(out, "{}", params::describe(&in_use))?;
    }
    // The habits first: the history is read and let go before the store's
    // states are held, so the two never fill memory at once.
    let habits = simulate::habits(&store::history::card_histories(home)?);
    let store = Store::open(home, Access::Read, scheduler)?;
    for warning in store.warnings() {
        super::note(&format!("warning: {warning}"));
    }
    // Only each deck's item keys are needed: no card is loaded.
    let mut new_cards = 0;
    for deck in select_outlines(&args.decks, home)? {
        new_cards += deck
            .keys
            .iter()
            .filter(|key| store.state(&deck.id, key).is_none())
            .count();
    }
    let studied: usize = store.states().values().map(|d| d.len()).sum();
    let plan = Plan {
        parameters: in_use.full(),
        days: usize::from(args.days),
        new_cards,
        new_per_day: args.new,
    };
    let today = clock.day_of(crate::store::now());
    let work = simulate::run(&plan, &habits, store.states(), today, &args.retention)
        .map_err(|e| anyhow::anyhow!("the fsrs crate could not simulate: {e:?}"))?;
    if args.output.json {
        let report = Report {
            in_use: in_use.report(),
            from: today,
            days: plan.days,
            studied,
            new_cards,
            new_per_day: plan.new_per_day,
            own_figures: habits.own_figures,
            retentions: work.iter().map(Retention::of).collect(),
        };
        // Encoded first, so a closed pipe stays an io::Error.
        let text = serde_json::to_string_pretty(&report)?;
        writeln!(out, "{text}")?;
        return Ok(());
    }
    writeln!(
        out,
        "Simulated {} days from {today}: {studied} card{} studied so far, {new_cards} new at up to {} a day.\n\
         Rating habits and answer times: {} of 14 figures from your own reviews, the rest typical learners'.\n",
        plan.days,
        if studied == 1 { "" } else { "s" },
        plan.new_per_day,
        habits.own_figures
    )?;
    write_table(&mut out, &work, plan.days)?;
    write_charts(&mut out, &work, plan.days)?;
    Ok(())
}

/// One row per retention.
fn write_table(out: &mut impl Write, work: &[Workload], days: usize) -> std::io::Result<()> {
    writeln!(
        out,
        "{:>9} {:>12} {:>12} {:>14}",
        "retention",
        "reviews/day",
        "minutes/day",
        format!("known day {days}")
    )?;
    for w in work {
        writeln!(
            out,
            "{:>9.2} {:>12.1} {:>12.1} {:>14.0}",
            w.retention,
            w.mean_reviews(),
            w.mean_minutes(),
            w.remembered_at_end
        )?;
    }
    Ok(())
}

/// Average minutes a day as bars, then week by week as sparklines.
fn write_charts(out: &mut impl Write, work: &[Workload], days: usize) -> std::io::Result<()> {
    let max = work.iter().map(Workload::mean_minutes).fold(0.0, f32::max);
    writeln!(out, "\nMinutes a day, on average:")?;
    for w in work {
        writeln!(
            out,
            "  {:.2} │{:<BAR_WIDTH$} {:.1}",
            w.retention,
            chart::bar(w.mean_minutes(), max, BAR_WIDTH),
            w.mean_minutes()
        )?;
    }
    let weeks: Vec<Vec<f32>> = work
        .iter()
        .map(|w| {
            w.minutes_per_day
                .chunks(7)
                .map(|c| c.iter().sum::<f32>() / c.len() as f32)
                .collect()
        })
        .collect();
    let peak = weeks.iter().flatten().copied().fold(0.0, f32::max);
    writeln!(
        out,
        "\nMinutes a day, week by week (weeks 1-{}, tallest {peak:.1}):",
        days.div_ceil(7)
    )?;
    for (w, weekly) in work.iter().zip(&weeks) {
        writeln!(
            out,
            "  {:.2} │{}",
            w.retention,
            chart::sparkline(weekly, peak)
        )?;
    }
    Ok(())
}
