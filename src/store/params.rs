//! The FSRS parameters in use: the crate's defaults, or the learner's own,
//! fitted by `trialdrill optimize` and saved beside the review log.
//!
//! ```text
//! DIR/params.json   { "format": 1, "parameters": [..21..], "fitted_at": "...", ... }
//! ```

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::PARAMS_FILE;

/// The parameters file format this build reads and writes.
const FORMAT: u32 = 1;

/// Parameters fitted to the learner's reviews, as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fitted {
    /// The file format version.
    pub format: u32,
    /// The 21 FSRS-6 parameters.
    pub parameters: Vec<f32>,
    /// When they were fitted.
    pub fitted_at: Timestamp,
    /// Reviews (made on a later day than the card's previous one) fitted on.
    pub reviews: usize,
    /// Cards those reviews came from.
    pub cards: usize,
    /// Log loss of these parameters on those reviews.
    pub log_loss: f32,
    /// RMSE (bins) of these parameters on those reviews.
    pub rmse_bins: f32,
}

impl Fitted {
    /// A record of `parameters` fitted now on `reviews` reviews of `cards` cards.
    pub fn new(
        parameters: Vec<f32>,
        reviews: usize,
        cards: usize,
        log_loss: f32,
        rmse_bins: f32,
    ) -> Fitted {
        Fitted {
            format: FORMAT,
            parameters,
            fitted_at: super::now(),
            reviews,
            cards,
            log_loss,
            rmse_bins,
        }
    }
}

/// Which parameters scheduling uses.
#[derive(Debug, Clone, PartialEq)]
pub enum InUse {
    /// The `fsrs` crate's defaults: nothing was fitted yet.
    Default,
    /// The learner's own.
    Fitted(Fitted),
}

impl InUse {
    /// The parameters to give `Scheduler::new`: empty for the defaults.
    pub fn parameters(&self) -> &[f32] {
        match self {
            InUse::Default => &[],
            InUse::Fitted(f) => &f.parameters,
        }
    }

    /// The full parameter vector, the defaults written out.
    pub fn full(&self) -> Vec<f32> {
        match self {
            InUse::Default => fsrs::DEFAULT_PARAMETERS.to_vec(),
            InUse::Fitted(f) => f.parameters.clone(),
        }
    }
}

/// The parameters in use, as `optimize --json` and `simulate --json` report them.
#[derive(Debug, Serialize)]
pub struct InUseReport<'a> {
    /// Whether they are the learner's own rather than the defaults.
    pub own: bool,
    /// The 21 parameters, the defaults written out.
    pub parameters: Vec<f32>,
    /// The `params.json` record, or `None` while the defaults are in use.
    pub fitted: Option<&'a Fitted>,
    /// The line [`describe`] prints.
    pub description: String,
}

impl InUse {
    /// The parameters in use as data for JSON output.
    pub fn report(&self) -> InUseReport<'_> {
        InUseReport {
            own: matches!(self, InUse::Fitted(_)),
            parameters: self.full(),
            fitted: match self {
                InUse::Default => None,
                InUse::Fitted(f) => Some(f),
            },
            description: describe(self),
        }
    }
}

/// What is wrong with the parameters file.
#[derive(Debug, thiserror::Error)]
pub enum ParamsError {
    /// The file exists but cannot be used.
    #[error(
        "{path}: unusable FSRS parameters file: {message}; run `trialdrill optimize` to fit and save them again, or delete the file to go back to the defaults"
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A file operation failed.
    #[error("cannot {action} {path}")]
    Io {
        /// What was being done, as a verb phrase.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
}

/// The parameters in use for the store at `dir`: the saved ones, or the
/// defaults when none were saved.
pub fn load(dir: &Path) -> Result<InUse, ParamsError> {
    let path = dir.join(PARAMS_FILE);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(InUse::Default),
        Err(source) => {
            return Err(ParamsError::Io {
                action: "read",
                path,
                source,
            });
        }
    };
    let damaged = |message: String| ParamsError::Damaged {
        path: path.clone(),
        message,
    };
    let fitted: Fitted = serde_json::from_slice(&bytes)
        .map_err(|e| damaged(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    if fitted.format != FORMAT {
        return Err(damaged(format!("format {} is not {FORMAT}", fitted.format)));
    }
    if fitted.parameters.len() != fsrs::DEFAULT_PARAMETERS.len() {
        return Err(damaged(format!(
            "{} parameters where FSRS-6 has {}",
            fitted.parameters.len(),
            fsrs::DEFAULT_PARAMETERS.len()
        )));
    }
    fsrs::FSRS::new(&fitted.parameters)
        .map_err(|e| damaged(format!("the fsrs crate refuses them: {e}")))?;
    Ok(InUse::Fitted(fitted))
}

/// Saves `fitted` for the store at `dir`, replacing any earlier file
/// atomically (write a temporary file, fsync, rename).
pub fn save(dir: &Path, fitted: &Fitted) -> Result<(), ParamsError> {
    let path = dir.join(PARAMS_FILE);
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| ParamsError::Io {
            action,
            path,
            source,
        }
    };
    let body = serde_json::to_vec_pretty(fitted).map_err(|e| io("encode", &path)(e.into()))?;
    fs::create_dir_all(dir).map_err(io("create the store folder", dir))?;
    crate::store::atomic::replace(&path, &body).map_err(io("replace", &path))
}

/// One line saying which parameters are in use, for `stats`, `optimize` and
/// `simulate`.
pub fn describe(in_use: &InUse) -> String {
    match in_use {
        InUse::Default => {
            "FSRS parameters: the defaults (run `trialdrill optimize` to fit your own)".into()
        }
        InUse::Fitted(f) => format!(
            "FSRS parameters: your own, fitted {} on {} review{} of {} card{} (log loss {:.4}, RMSE {:.2}%)",
            f.fitted_at.strftime("%Y-%m-%d %H:%M UTC"),
            f.reviews,
            if f.reviews == 1 { "" } else { "s" },
            f.cards,
            if f.cards == 1 { "" } else { "s" },
            f.log_loss,
            f.rmse_bins * 100.0
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fitted() -> Fitted {
        let mut parameters = fsrs::DEFAULT_PARAMETERS.to_vec();
        parameters[0] = 0.5;
        Fitted {
            fitted_at: "2026-02-03T04:05:06Z".parse().unwrap(),
            ..Fitted::new(parameters, 1200, 80, 0.41, 0.032)
        }
    }

    #[test]
    fn without_a_file_the_defaults_are_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let in_use = load(dir.path()).unwrap();
        assert_eq!(in_use, InUse::Default);
        assert!(in_use.parameters().is_empty());
        assert_eq!(in_use.full(), fsrs::DEFAULT_PARAMETERS.to_vec());
        assert!(describe(&in_use).contains("the defaults"));
    }

    #[test]
    fn saved_parameters_load_back_and_are_described() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), &fitted()).unwrap();
        let in_use = load(dir.path()).unwrap();
        assert_eq!(in_use, InUse::Fitted(fitted()));
        assert_eq!(in_use.parameters()[0], 0.5);
        let line = describe(&in_use);
        assert!(
            line.contains("fitted 2026-02-03 04:05 UTC on 1200 reviews of 80 cards"),
            "{line}"
        );
        assert!(line.contains("log loss 0.4100, RMSE 3.20%"), "{line}");
    }

    #[test]
    fn a_damaged_file_is_an_error_naming_it_not_a_silent_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PARAMS_FILE);
        fs::write(&path, "{\"format\": 1,").unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("params.json: unusable FSRS parameters file: line 1"),
            "{err}"
        );

        let mut short = fitted();
        short.parameters.truncate(19);
        fs::write(&path, serde_json::to_vec(&short).unwrap()).unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("19 parameters where FSRS-6 has 21"), "{err}");

        // JSON has no infinity, but a huge number overflows f32 into one.
        let text = serde_json::to_string(&fitted())
            .unwrap()
            .replace("\"parameters\":[0.5", "\"parameters\":[1e300");
        fs::write(&path, text).unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("the fsrs crate refuses them"), "{err}");
    }
}
