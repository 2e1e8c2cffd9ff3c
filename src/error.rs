//! Errors that decide the exit status, and how an error is told: the
//! message of each cause once, outermost first. Library modules return
//! typed errors whose Display never repeats their source; only commands
//! (`cmd/`) gather them in `anyhow`, and `main` prints the chain and exits
//! with [`exit_code`].

use std::path::PathBuf;

/// Input the user can fix: a bad file, a bad value. Exits with status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// A file operation that failed: `cannot {action} {path}`, its OS error as
/// the source.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {path}")]
pub struct FileError {
    /// What was being done, as a verb phrase.
    pub action: &'static str,
    /// The file or folder.
    pub path: PathBuf,
    /// The OS error.
    pub source: std::io::Error,
}

impl FileError {
    /// A [`FileError`] maker for `action` on `path`, for `map_err`.
    pub fn of(
        action: &'static str,
        path: &std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> FileError + use<> {
        let path = path.to_path_buf();
        move |source| FileError {
            action,
            path,
            source,
        }
    }
}

/// The error and each of its causes, said once: `what failed: why`.
pub fn message(error: &(dyn std::error::Error + 'static)) -> String {
    let causes: Vec<String> = std::iter::successors(Some(error), |e| e.source())
        .map(ToString::to_string)
        .collect();
    causes.join(": ")
}

/// The exit status for an error: 2 for bad input, 1 for anything else.
pub fn exit_code(error: &anyhow::Error) -> i32 {
    let bad_input = error.chain().any(|cause| {
        cause.is::<BadInput>()
            || cause.is::<crate::deck::LoadError>()
            || cause.is::<crate::engine::schedule::ScheduleError>()
            || cause.is::<crate::history::class::report::ClassError>()
            || cause
                .downcast_ref::<crate::deck::installed::InstallError>()
                .is_some_and(crate::deck::installed::InstallError::is_bad_input)
            || cause
                .downcast_ref::<crate::deck::select::SelectError>()
                .is_some_and(crate::deck::select::SelectError::is_bad_input)
            || cause
                .downcast_ref::<crate::store::config::ConfigError>()
                .is_some_and(crate::store::config::ConfigError::is_bad_input)
    });
    if bad_input { 2 } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cause_is_said_once() {
        let disk = std::io::Error::other("No space left on device");
        let error = anyhow::Error::new(FileError::of("write", std::path::Path::new("/x/d.json"))(
            disk,
        ))
        .context("cannot install the deck");
        assert_eq!(
            message(error.as_ref()),
            "cannot install the deck: cannot write /x/d.json: No space left on device"
        );
        let store = crate::store::StoreError::Io {
            action: "save the answer to",
            path: "/s/reviews.jsonl".into(),
            source: std::io::Error::other("disk full"),
        };
        let text = message(&store);
        assert_eq!(text.matches("disk full").count(), 1, "{text}");
    }

    #[test]
    fn bad_input_exits_2_and_other_failures_1() {
        assert_eq!(exit_code(&anyhow::Error::new(BadInput("x".into()))), 2);
        assert_eq!(
            exit_code(&anyhow::Error::new(FileError::of(
                "read",
                std::path::Path::new("f")
            )(std::io::Error::other(
                "e"
            )))),
            1
        );
    }
}
