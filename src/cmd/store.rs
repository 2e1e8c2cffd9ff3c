//! `trialdrill store ...`: where the store is, and looking after it.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::cli::StoreCommand;
use crate::sanitize::clean;
use crate::schedule::Scheduler;
use crate::store::maintain;

/// The message when `store check` finds problems.
const NEEDS_REPAIR: &str = "the store needs repair: run `trialdrill store repair` (it keeps every valid review and moves damaged files aside)";

/// Runs a `store` subcommand on the store in `home`.
pub fn run(command: StoreCommand, home: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let scheduler = Scheduler::default_params();
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
        StoreCommand::Repair => {
            let repair = maintain::repair(home, &scheduler)?;
            for moved in &repair.moved {
                writeln!(out, "moved aside: {}", moved.display())?;
            }
            writeln!(
                out,
                "kept {} events, left out {} damaged line{}; the store is rebuilt",
                repair.kept,
                repair.dropped,
                if repair.dropped == 1 { "" } else { "s" }
            )?;
        }
        StoreCommand::Merge { dir } => {
            let merge = maintain::merge(home, &dir, &scheduler)?;
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
