//! `trialdrill optimize`: fit the learner's own FSRS parameters, compare them
//! with the defaults, and save them for scheduling.

use std::io::{IsTerminal, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use fsrs::{CombinedProgressState, ModelEvaluation};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::cli::OptimizeArgs;
use crate::engine::schedule::{DEFAULT_RETENTION, Scheduler};
use crate::history::optimize::{self, MIN_ITEMS, OptimizeError, TrainingSet, Whole};
use crate::store::params::{self, Fitted, InUse, InUseReport};
use crate::store::{self, Access, Store};

/// How well a set of parameters predicts the reviews.
#[derive(Debug, Clone, Copy, Serialize)]
struct Score {
    log_loss: f32,
    /// A fraction; the text shows it as a percentage.
    rmse_bins: f32,
}

impl From<&ModelEvaluation> for Score {
    fn from(e: &ModelEvaluation) -> Score {
        Score {
            log_loss: e.log_loss,
            rmse_bins: e.rmse_bins,
        }
    }
}

/// A fit and what became of it.
#[derive(Debug, Serialize)]
struct Fit {
    /// Reviews made on a later day than the card's previous one.
    reviews: usize,
    cards: usize,
    /// The whole log's, when the fit used a sample of it.
    sampled_from: Option<Whole>,
    defaults: Score,
    fitted: Score,
    /// The parameters fitted before and in use, when there are some.
    previous: Option<Score>,
    parameters: Vec<f32>,
    /// Whether the fit predicts better than the parameters in use.
    better: bool,
    dry_run: bool,
    /// The parameters file written, when the fit was saved.
    saved_to: Option<PathBuf>,
}

/// What `optimize` did.
#[derive(Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum Outcome {
    /// `--show`: nothing fitted.
    Shown,
    /// Too few reviews to fit from; the parameters in use stay.
    NotEnoughReviews {
        reviews: usize,
        minimum: usize,
        /// `None` when the count is reached but the crate still finds the
        /// reviews too thin.
        still_needed: Option<usize>,
        message: String,
    },
    Fitted(Fit),
}

/// `optimize --json`: one object.
#[derive(Serialize)]
struct Report<'a> {
    in_use: InUseReport<'a>,
    #[serde(flatten)]
    outcome: Outcome,
}

/// Runs `optimize`.
pub fn run(args: &OptimizeArgs, home: &Path) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let in_use = params::load(home)?;
    let outcome = if args.show {
        Outcome::Shown
    } else {
        fit(args.dry_run, home, &in_use)?
    };
    if args.output.json {
        let report = Report {
            in_use: in_use.report(),
            outcome,
        };
        // Encoded first, so a closed pipe stays an io::Error.
        let text = serde_json::to_string_pretty(&report)?;
        writeln!(out, "{text}")?;
        return Ok(());
    }
    writeln!(out, "{}", params::describe(&in_use))?;
    match outcome {
        Outcome::Shown => {}
        Outcome::NotEnoughReviews { message, .. } => writeln!(out, "{message}")?,
        Outcome::Fitted(fit) => write_fit(&mut out, &fit)?,
    }
    Ok(())
}

/// Fits parameters to the store's reviews and saves them unless `dry_run`
/// or they predict no better than those in use.
fn fit(dry_run: bool, home: &Path, in_use: &InUse) -> anyhow::Result<Outcome> {
    let set = optimize::training_items(&store::history::card_histories(home)?);
    let parameters = match fit_with_progress(&set) {
        Ok(p) => p,
        Err(e @ (OptimizeError::NotEnough { .. } | OptimizeError::TooThin)) => {
            let still_needed = match e {
                OptimizeError::NotEnough { have, need } => Some(need - have),
                _ => None,
            };
            return Ok(Outcome::NotEnoughReviews {
                reviews: set.reviews(),
                minimum: MIN_ITEMS,
                still_needed,
                message: e.to_string(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    let default = optimize::evaluate(&[], &set)?;
    let fitted = optimize::evaluate(&parameters, &set)?;
    let previous = match in_use {
        InUse::Default => None,
        InUse::Fitted(previous) => Some(optimize::evaluate(&previous.parameters, &set)?),
    };
    // A fit is only worth keeping if it predicts better than what is in use.
    let baseline = previous.as_ref().unwrap_or(&default);
    let better = fitted.log_loss < baseline.log_loss;
    let mut report = Fit {
        reviews: set.reviews(),
        cards: set.cards,
        sampled_from: set.sampled_from,
        defaults: Score::from(&default),
        fitted: Score::from(&fitted),
        previous: previous.as_ref().map(Score::from),
        parameters,
        better,
        dry_run,
        saved_to: None,
    };
    if better && !dry_run {
        let record = Fitted::new(
            report.parameters.clone(),
            set.reviews(),
            set.cards,
            fitted.log_loss,
            fitted.rmse_bins,
        );
        save_and_rebuild(home, &record)?;
        report.saved_to = Some(home.join(store::PARAMS_FILE));
    }
    Ok(Outcome::Fitted(report))
}

/// The fit as a table of scores and what became of it.
fn write_fit(out: &mut impl Write, fit: &Fit) -> std::io::Result<()> {
    writeln!(
        out,
        "Fitted to {} reviews of {} cards (reviews made on a later day than the card's previous one).",
        fit.reviews, fit.cards
    )?;
    if let Some(whole) = fit.sampled_from {
        writeln!(
            out,
            "They are a sample of your {} such reviews of {} cards, whole cards picked the same way on every run: fitting all of them at once would take more memory than optimize allows itself (100 MB).",
            whole.reviews, whole.cards
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<22} {:>9} {:>12}",
        "parameters", "log loss", "RMSE (bins)"
    )?;
    let row = |name: &str, s: &Score| {
        format!(
            "{name:<22} {:>9.4} {:>11.2}%",
            s.log_loss,
            s.rmse_bins * 100.0
        )
    };
    writeln!(out, "{}", row("defaults", &fit.defaults))?;
    writeln!(out, "{}", row("fitted now", &fit.fitted))?;
    if let Some(previous) = &fit.previous {
        writeln!(out, "{}", row("in use (fitted before)", previous))?;
    }
    writeln!(out, "\nFitted parameters: {}", list(&fit.parameters))?;
    if !fit.better {
        writeln!(
            out,
            "They predict your reviews no better than those in use, which stay in use."
        )?;
    } else if let Some(path) = &fit.saved_to {
        writeln!(
            out,
            "Saved to {}; scheduling uses them from now on.",
            path.display()
        )?;
    } else {
        writeln!(out, "Dry run: nothing saved.")?;
    }
    Ok(())
}

/// Fits while a progress bar (on a terminal only), drawn from another
/// thread, follows the crate's progress.
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
    let done = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        let ticker = scope.spawn(|| {
            while !done.load(Ordering::Acquire) {
                if let Ok(state) = progress.lock() {
                    bar.set_length(state.total() as u64);
                    bar.set_position(state.current() as u64);
                }
                std::thread::park_timeout(Duration::from_millis(100));
            }
        });
        // The fit runs on this thread, whose allocator holds the memory
        // reading the log freed: on a thread of its own it took as much
        // again from the system (52 MB at a million reviews).
        let result = catch_unwind(AssertUnwindSafe(|| {
            optimize::fit(set, Some(progress.clone()))
        }));
        done.store(true, Ordering::Release);
        ticker.thread().unpark();
        result
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
    // The snapshot names the parameters that computed it, so opening with the
    // new ones replays the whole log.
    let mut store = Store::open(home, Access::Write, scheduler)?;
    params::save(home, fitted)?;
    store.save_snapshot()?;
    Ok(())
}

/// Parameters as a compact list.
fn list(parameters: &[f32]) -> String {
    let shown: Vec<String> = parameters.iter().map(|w| format!("{w:.4}")).collect();
    shown.join(", ")
}
