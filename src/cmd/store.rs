//! `trialdrill store ...`: where the store is, and looking after it.

use std::io::Write;
use std::path::Path;

use std::collections::HashSet;
use std::fs::File;
use std::io::BufReader;

use anyhow::Context;
use serde_json::json;

use crate::cli::StoreCommand;
use crate::error::BadInput;
use crate::history::import::{self, IMPORTED_DECK, Placed, Plan};
use crate::history::revlog;
use crate::store::{self, Access, Event, Store, maintain};
use crate::ui::sanitize::clean;

/// The message when `store check` finds problems.
const NEEDS_REPAIR: &str = "the store needs repair: run `trialdrill store repair` (it keeps every valid review and moves damaged files aside)";

/// Runs a `store` subcommand on the store in `home`.
pub fn run(command: StoreCommand, home: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let scheduler = super::replay_scheduler(home)?;
    match command {
        StoreCommand::Path { output } if output.json => {
            serde_json::to_writer_pretty(&mut *out, &json!({ "path": home }))?;
            writeln!(out)?;
        }
        StoreCommand::Path { .. } => writeln!(out, "{}", home.display())?,
        StoreCommand::Check { output } => {
            let health = maintain::check(home, &scheduler)?;
            // Notes and problems quote log lines, which quote deck ids and answers.
            let notes: Vec<String> = health.notes.iter().map(|n| clean(n)).collect();
            let problems: Vec<String> = health.problems.iter().map(|p| clean(p)).collect();
            if output.json {
                let report = json!({
                    "path": home,
                    "healthy": problems.is_empty(),
                    "reviews": health.reviews,
                    "cards": health.cards,
                    "problems": problems,
                    "notes": notes,
                });
                serde_json::to_writer_pretty(&mut *out, &report)?;
                writeln!(out)?;
                if !problems.is_empty() {
                    anyhow::bail!(NEEDS_REPAIR);
                }
                return Ok(());
            }
            for note in &notes {
                writeln!(out, "note: {note}")?;
            }
            for problem in &problems {
                writeln!(out, "problem: {problem}")?;
            }
            writeln!(
                out,
                "{}: {} reviews, {} cards with a schedule",
                home.display(),
                health.reviews,
                health.cards
            )?;
            if !problems.is_empty() {
                anyhow::bail!(NEEDS_REPAIR);
            }
            writeln!(out, "healthy")?;
        }
        StoreCommand::Repair { output } => {
            let repair = maintain::repair(home, &scheduler)?;
            if output.json {
                let moved: Vec<_> = repair.moved.iter().map(|m| &m.to).collect();
                let report = json!({
                    "kept": repair.kept,
                    "dropped": repair.dropped,
                    "moved": moved,
                });
                return write_json(out, &report);
            }
            if repair.changed_nothing() {
                writeln!(
                    out,
                    "the store is healthy ({} events); nothing was changed",
                    repair.kept
                )?;
                return Ok(());
            }
            for moved in &repair.moved {
                writeln!(out, "set aside {}: {}", moved.what, moved.to.display())?;
            }
            if repair.snapshot_only {
                writeln!(
                    out,
                    "the review log is healthy ({} events) and was left as it is; the snapshot was rebuilt from it",
                    repair.kept
                )?;
            } else {
                writeln!(
                    out,
                    "kept {} events, left out {} damaged line{}; the review log and the snapshot are rebuilt",
                    repair.kept,
                    repair.dropped,
                    if repair.dropped == 1 { "" } else { "s" }
                )?;
            }
        }
        StoreCommand::ImportRevlog { file, output } => {
            import_revlog(&file, home, output.json, out)?
        }
        StoreCommand::Merge { dir, output } => {
            let merge = maintain::merge(home, &dir, &scheduler)?;
            for warning in &merge.warnings {
                super::note(&format!("warning: {}", clean(warning)));
            }
            if output.json {
                let report = json!({
                    "from": dir,
                    "added": merge.added,
                    "total": merge.total,
                    "refused_undos": merge.refused_undos,
                });
                return write_json(out, &report);
            }
            if merge.refused_undos > 0 {
                super::note(&format!(
                    "note: left out {} undo record{} of {}: an undo comes in only together with the review it takes back, and those reviews were already here",
                    merge.refused_undos,
                    plural(merge.refused_undos),
                    dir.display()
                ));
            }
            writeln!(
                out,
                "merged {}: {} new events, {} in all",
                dir.display(),
                merge.added,
                merge.total
            )?;
        }
    }
    Ok(())
}

/// Prints `value` as pretty JSON on a line of its own.
fn write_json(out: &mut impl Write, value: &serde_json::Value) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// `store import-revlog FILE`: adds a review history to the log and reports
/// what was added, as text or JSON.
fn import_revlog(file: &Path, home: &Path, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let reader: Box<dyn std::io::Read> = if file == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        File::open(file)
            .map(|f| Box::new(BufReader::new(f)) as Box<dyn std::io::Read>)
            .map_err(|e| BadInput(format!("cannot open {}: {e}", file.display())))?
    };
    let parsed = revlog::parse(reader)
        .map_err(|e| BadInput(format!("{}:{e}", file.display())))
        .context("cannot import the review history")?;
    // Messages quote cells of a file from elsewhere.
    let problems: Vec<(u64, String)> = parsed
        .problems
        .iter()
        .map(|p| (p.line, clean(&p.message)))
        .collect();
    if !json {
        for (line, message) in &problems {
            super::note(&format!(
                "{}:line {line}: {message}; row skipped",
                file.display()
            ));
        }
    }
    let placed: Vec<Placed> = parsed.rows.iter().map(Placed::plain).collect();
    let plan = add_reviews(home, &placed)?;
    let cards: HashSet<&str> = plan.reviews.iter().map(|r| r.card.as_str()).collect();
    if json {
        let problems: Vec<_> = problems
            .iter()
            .map(|(line, message)| json!({ "line": line, "message": message }))
            .collect();
        let report = json!({
            "file": file,
            "deck": IMPORTED_DECK,
            "imported": plan.reviews.len(),
            "cards": cards.len(),
            "already": plan.already,
            "problems": problems,
        });
        write_json(out, &report)?;
    } else {
        writeln!(
            out,
            "Imported {} review{} of {} card{} into the deck `{IMPORTED_DECK}`{}.",
            plan.reviews.len(),
            plural(plan.reviews.len()),
            cards.len(),
            plural(cards.len()),
            match plan.already {
                0 => String::new(),
                n => format!("; {n} row{} already in the log, not added again", plural(n)),
            }
        )?;
    }
    if !problems.is_empty() {
        let n = problems.len();
        return Err(BadInput(format!(
            "{}: {n} malformed row{} skipped ({}); fix {} and import the file again: rows already imported are not added twice",
            file.display(),
            plural(n),
            if json { "listed in the JSON" } else { "listed above" },
            if n == 1 { "it" } else { "them" }
        ))
        .into());
    }
    Ok(())
}

/// Adds the reviews of `placed` that the store in `home` does not hold yet,
/// and says which were added and how many it held already.
pub(super) fn add_reviews(home: &Path, placed: &[Placed]) -> anyhow::Result<Plan> {
    let scheduler = super::replay_scheduler(home)?;
    let mut store = Store::open(home, Access::Write, scheduler.clone())?;
    for warning in store.warnings() {
        super::note(&format!("warning: {warning}"));
    }
    let plan = import::plan_placed(placed, &store::history::reviews(home)?, &scheduler);
    let events: Vec<Event> = plan.reviews.iter().cloned().map(Event::Review).collect();
    // All or none: a kill part-way leaves the log as it was, and the
    // same import run again then adds everything.
    store.append_all_or_none(&events)?;
    store.save_snapshot()?;
    Ok(plan)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
