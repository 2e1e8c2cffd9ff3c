//! Running the real binary from integration tests.

use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `trialdrill --home HOME`, with colour off.
pub fn trialdrill(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trialdrill"));
    command.arg("--home").arg(home).env("NO_COLOR", "1");
    command
}

/// Runs `command` with `input` on stdin and waits for it. A command refused
/// before it reads its input closes the pipe early; that alone is no failure.
pub fn output(command: &mut Command, input: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let written = child.stdin.take().unwrap().write_all(input.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}
