//! Errors that decide the exit status.

/// Input the user can fix: a bad file, a bad value. Exits with status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// The exit status for an error: 2 for bad input, 1 for anything else.
pub fn exit_code(error: &anyhow::Error) -> i32 {
    let bad_input = error.chain().any(|cause| {
        cause.is::<BadInput>()
            || cause.is::<crate::deck::LoadError>()
            || cause.is::<crate::engine::schedule::ScheduleError>()
            || cause
                .downcast_ref::<crate::store::config::ConfigError>()
                .is_some_and(crate::store::config::ConfigError::is_bad_input)
    });
    if bad_input { 2 } else { 1 }
}
