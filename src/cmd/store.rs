//! `trialdrill store ...`: work on the store as a whole.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::Path;

use anyhow::Context;

use crate::error::BadInput;
use crate::import::{self, IMPORTED_DECK};
use crate::params;
use crate::revlog;
use crate::schedule::{DEFAULT_RETENTION, Scheduler};
use crate::store::{self, Access, Event, Store};

/// `store import-revlog FILE`: adds a review history to the log.
pub fn import_revlog(file: &Path, home: &Path) -> anyhow::Result<()> {
    let reader = File::open(file)
        .map(BufReader::new)
        .map_err(|e| BadInput(format!("cannot open {}: {e}", file.display())))?;
    let parsed = revlog::parse(reader)
        .map_err(|e| BadInput(format!("{}:{e}", file.display())))
        .context("cannot import the review history")?;
    for problem in &parsed.problems {
        eprintln!("{}:{problem}; row skipped", file.display());
    }
    let scheduler = Scheduler::new(params::load(home)?.parameters(), DEFAULT_RETENTION)?;
    let mut store = Store::open(home, Access::Write, scheduler.clone())?;
    for warning in store.warnings() {
        eprintln!("warning: {warning}");
    }
    let plan = import::plan(&parsed.rows, &store::read_reviews(home)?, &scheduler);
    for review in &plan.reviews {
        store.append(&Event::Review(review.clone()))?;
    }
    store.save_snapshot()?;
    let cards: HashSet<&str> = plan.reviews.iter().map(|r| r.card.as_str()).collect();
    let mut out = std::io::stdout().lock();
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
    if !parsed.problems.is_empty() {
        let n = parsed.problems.len();
        return Err(BadInput(format!(
            "{}: {n} malformed row{} skipped (listed above); fix {} and import the file again: rows already imported are not added twice",
            file.display(),
            plural(n),
            if n == 1 { "it" } else { "them" }
        ))
        .into());
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
