//! `trialdrill store ...`: where the store is, and looking after it.

use std::io::Write;
use std::path::Path;

use crate::cli::StoreCommand;
use crate::schedule::Scheduler;
use crate::store::maintain;

/// Runs a `store` subcommand on the store in `home`.
pub fn run(command: StoreCommand, home: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let scheduler = Scheduler::default_params();
    match command {
        StoreCommand::Path => writeln!(out, "{}", home.display())?,
        StoreCommand::Check => {
            let health = maintain::check(home, &scheduler)?;
            for note in &health.notes {
                writeln!(out, "note: {note}")?;
            }
            for problem in &health.problems {
                writeln!(out, "problem: {problem}")?;
            }
            writeln!(
                out,
                "{}: {} reviews, {} cards with a schedule",
                home.display(),
                health.reviews,
                health.cards
            )?;
            if !health.problems.is_empty() {
                anyhow::bail!(
                    "the store needs repair: run `trialdrill store repair` (it keeps every valid review and moves damaged files aside)"
                );
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
