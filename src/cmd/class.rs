//! `trialdrill class report`: many learners' results of one exam, read and
//! analysed for the instructor, as text, JSON or a self-contained HTML page.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::cli::{ClassCommand, ClassReportArgs};
use crate::error::{BadInput, FileError};
use crate::history::class::{html, report, text};
use crate::store::atomic;
use crate::ui::sanitize::{clean, clean_json};

/// Runs a `class` subcommand, printing to `out`.
pub fn run(command: &ClassCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        ClassCommand::Report(args) => report(args, out),
    }
}

fn report(args: &ClassReportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let sittings = args
        .files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(FileError::of("read", path))?;
            Ok(report::read(&path.display().to_string(), &bytes)?)
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .context("cannot read the results")?;
    let analysis = report::analyse(&sittings).context("cannot report on these results")?;
    if let Some(path) = &args.html {
        write_new(path, &html::render(&analysis), args.force)?;
        super::note(&format!("wrote {}", clean(&path.display().to_string())));
    }
    // Encoded first, so a closed pipe stays an io::Error (quietly ignored).
    let text = if args.output.json {
        serde_json::to_string_pretty(&clean_json(serde_json::to_value(&analysis)?))? + "\n"
    } else {
        text::render(&analysis)
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Writes `body` to a new file at `path`; an existing one is replaced
/// (atomically) only with `force`.
fn write_new(path: &Path, body: &str, force: bool) -> anyhow::Result<()> {
    if force {
        return Ok(atomic::replace(path, body.as_bytes()).map_err(FileError::of("write", path))?);
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| -> anyhow::Error {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                BadInput(format!(
                    "{} already exists; choose another file or pass --force to overwrite it",
                    path.display()
                ))
                .into()
            } else {
                FileError::of("write", path)(e).into()
            }
        })?;
    file.write_all(body.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(FileError::of("write", path))?;
    Ok(())
}
