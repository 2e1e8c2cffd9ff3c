//! `trialdrill optimize`: fit the learner's own FSRS parameters, compare them
//! with the defaults, and save them for scheduling.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use fsrs::{CombinedProgressState, ModelEvaluation};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::OptimizeArgs;
use crate::optimize::{self, OptimizeError, TrainingSet};
use crate::params::{self, Fitted, InUse};
use crate::schedule::{DEFAULT_RETENTION, Scheduler};
use crate::store::{self, Access, SNAPSHOT_FILE, Store};

/// Runs `optimize`.
pub fn run(args: &OptimizeArgs, home: &Path) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let in_use = params::load(home)?;
    writeln!(out, "{}", params::describe(&in_use))?;
    if args.show {
        return Ok(());
    }
    let set = optimize::training_items(&store::read_reviews(home)?);
    let parameters = match fit_with_progress(&set) {
        Ok(p) => p,
        Err(e @ (OptimizeError::NotEnough { .. } | OptimizeError::TooThin)) => {
            writeln!(out, "{e}")?;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    let default = optimize::evaluate(&[], &set)?;
    let fitted = optimize::evaluate(&parameters, &set)?;
    writeln!(
        out,
        "Fitted to {} reviews of {} cards (reviews made on a later day than the card's previous one).\n",
        set.reviews(),
        set.cards
    )?;
    writeln!(
        out,
        "{:<22} {:>9} {:>12}",
        "parameters", "log loss", "RMSE (bins)"
    )?;
    let row = |name: &str, e: &ModelEvaluation| {
        format!(
            "{name:<22} {:>9.4} {:>11.2}%",
            e.log_loss,
            e.rmse_bins * 100.0
        )
    };
    writeln!(out, "{}", row("defaults", &default))?;
    writeln!(out, "{}", row("fitted now", &fitted))?;
    // A fit is only worth keeping if it predicts better than what is in use.
    let baseline = match &in_use {
        InUse::Default => default,
        InUse::Fitted(previous) => {
            let e = optimize::evaluate(&previous.parameters, &set)?;
            writeln!(out, "{}", row("in use (fitted before)", &e))?;
            e
        }
    };
    writeln!(out, "\nFitted parameters: {}", list(&parameters))?;
    if fitted.log_loss >= baseline.log_loss {
        writeln!(
            out,
            "They predict your reviews no better than those in use, which stay in use."
        )?;
        return Ok(());
    }
    if args.dry_run {
        writeln!(out, "Dry run: nothing saved.")?;
        return Ok(());
    }
    let record = Fitted::new(
        parameters,
        set.reviews(),
        set.cards,
        fitted.log_loss,
        fitted.rmse_bins,
    );
    save_and_rebuild(home, &record)?;
    writeln!(
        out,
        "Saved to {}; scheduling uses them from now on.",
        home.join(params::PARAMS_FILE).display()
    )?;
    Ok(())
}

/// Fits on a worker thread while a progress bar (on a terminal only) follows
/// the crate's progress.
fn fit_with_progress(set: &TrainingSet) -> Result<Vec<f32>, OptimizeError> {
    let progress = CombinedProgressState::new_shared();
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(0).with_style(
            ProgressStyle::with_template("fitting {bar:40} {percent:>3}% {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    } else {
        ProgressBar::hidden()
    };
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(|| optimize::fit(set, Some(progress.clone())));
        while !worker.is_finished() {
            if let Ok(state) = progress.lock() {
                bar.set_length(state.total() as u64);
                bar.set_position(state.current() as u64);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        worker.join()
    });
    bar.finish_and_clear();
    result.unwrap_or(Err(OptimizeError::Fsrs {
        action: "fit parameters (it stopped unexpectedly)",
        source: fsrs::FSRSError::InvalidInput,
    }))
}

/// Saves the parameters, then recomputes every card's memory state with them.
fn save_and_rebuild(home: &Path, fitted: &Fitted) -> anyhow::Result<()> {
    let scheduler = Scheduler::new(&fitted.parameters, DEFAULT_RETENTION)?;
    // Holding the write lock proves no study session is running meanwhile.
    let store = Store::open(home, Access::Write, scheduler.clone())?;
    params::save(home, fitted)?;
    // The snapshot's memory states came from the old parameters; without it,
    // the next open replays the whole log with the new ones.
    match std::fs::remove_file(home.join(SNAPSHOT_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(anyhow::anyhow!(
                "saved the parameters, but cannot remove {} to recompute card states with them: {e}; delete it by hand",
                home.join(SNAPSHOT_FILE).display()
            ));
        }
        _ => {}
    }
    drop(store);
    let mut store = Store::open(home, Access::Write, scheduler)?;
    store.save_snapshot()?;
    Ok(())
}

/// Parameters as a compact list.
fn list(parameters: &[f32]) -> String {
    let shown: Vec<String> = parameters.iter().map(|w| format!("{w:.4}")).collect();
    shown.join(", ")
}
