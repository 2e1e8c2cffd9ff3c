use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;
use trialdrill::cli::Cli;
use trialdrill::ui::sanitize::clean;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match trialdrill::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A closed pipe (`trialdrill deck list | head`) is not a failure.
            // JSON written straight to stdout fails as a serde_json error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
                    || c.downcast_ref::<serde_json::Error>()
                        .is_some_and(|j| j.io_error_kind() == Some(ErrorKind::BrokenPipe))
            }) {
                return ExitCode::SUCCESS;
            }
            // Messages quote deck ids, file names and values: sanitise them like deck text.
            // Nothing more can be done if stderr itself is gone.
            let _ = writeln!(
                std::io::stderr(),
                "trialdrill: {}",
                clean(&trialdrill::error::message(e.as_ref()))
            );
            ExitCode::from(u8::try_from(trialdrill::error::exit_code(&e)).unwrap_or(1))
        }
    }
}
