//! The authoring side of `trialdrill deck`: build a draft from a trial
//! summary, print the schema, start a deck, import and export.

use std::io::Write;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use crate::author::{self, Built};
use crate::cli::{ExportFormat, OutputArgs};
use crate::deck::import::{self, Format};
use crate::deck::installed::file_name;
use crate::deck::{Deck, check_summary_name, export, schema_json, starter::starter};
use crate::error::BadInput;
use crate::ui::sanitize::clean;

/// Inputs larger than this get a progress bar (on a terminal only).
const PROGRESS_BYTES: u64 = 1 << 20;

/// `deck build SUMMARY`: the draft deck to the output, warnings and the
/// coverage report to stderr. A deck written beside its summary names it.
pub fn build(summary: &Path, output: &OutputArgs) -> anyhow::Result<()> {
    let text = read_text(summary)?;
    let Built {
        mut deck,
        warnings,
        coverage,
    } = author::build(&text).map_err(|e| {
        BadInput(format!(
            "{}:{}:{}: {}",
            summary.display(),
            e.position.line,
            e.position.column,
            e.message
        ))
    })?;
    let named = summary_name(summary, output.output.as_deref());
    deck.summary = named.as_ref().ok().cloned();
    // The deck first: a report cut short (`| head`) must not lose it.
    emit(&deck.to_json()?, output)?;
    if let Err(why) = named {
        super::note(&format!(
            "note: the draft names no summary ({why}), so a plain `deck lint` will not check it against one; lint it with --summary {}",
            summary.display()
        ));
    }
    let mut err = std::io::stderr().lock();
    for w in &warnings {
        writeln!(
            err,
            "{}:{}:{}: warning: {}",
            summary.display(),
            w.position.line,
            w.position.column,
            clean(&w.message)
        )?;
    }
    writeln!(err, "coverage of {}:", summary.display())?;
    for c in &coverage {
        let cards = if c.cards.is_empty() {
            "(no card)".to_string()
        } else {
            c.cards.join(", ")
        };
        writeln!(
            err,
            "  {} {} (line {}): {}",
            clean(&c.section),
            c.bullet,
            c.position.line,
            clean(&cards)
        )?;
    }
    writeln!(
        err,
        "{} cards built; review them, then `trialdrill deck lint`",
        deck.cards.len()
    )?;
    Ok(())
}

/// The `summary` a deck built from `summary` and written to `output` names:
/// the summary's file name when both are in the same folder (a deck names
/// only a summary beside it). Otherwise why not.
fn summary_name(summary: &Path, output: Option<&Path>) -> Result<String, String> {
    let Some(output) = output else {
        return Err("it goes to standard output".into());
    };
    let folder = |path: &Path| {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        std::fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()
    };
    let beside = folder(summary).is_some_and(|dir| Some(dir) == folder(output));
    let name = summary
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| check_summary_name(n).is_ok());
    match name {
        Some(name) if beside => Ok(name.to_string()),
        Some(_) => Err(format!(
            "{} is not beside {}",
            summary.display(),
            output.display()
        )),
        None => Err(format!(
            "{} cannot be named in a deck file",
            summary.display()
        )),
    }
}

/// `deck schema`.
pub fn schema(out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "{}", schema_json()?)?;
    Ok(())
}

/// `deck new ID`: a starter deck, to `-o FILE` or `ID.json`.
pub fn new(id: &str, output: &OutputArgs) -> anyhow::Result<()> {
    let name = file_name(id)?;
    let deck = starter(id);
    let target = output.output.clone().unwrap_or_else(|| name.into());
    write_file(&target, &deck.to_json()?, output.force)?;
    super::note(&format!(
        "wrote {}: one card of each kind to replace with your own",
        target.display()
    ));
    Ok(())
}

/// `deck import FILE`.
pub fn import(file: &Path, output: &OutputArgs) -> anyhow::Result<()> {
    let text = read_text(file)?;
    let format = Format::guess(file, &text);
    let name = file.file_stem().map_or_else(
        || "imported".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let total = u64::try_from(text.len()).unwrap_or(u64::MAX);
    let bar = progress_bar(total);
    let result = import::import(&text, format, &name, &mut |done| bar.set_position(done));
    bar.finish_and_clear();
    let deck = result.map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| {
                format!(
                    "{}:{}:{}: {}",
                    file.display(),
                    p.position.line,
                    p.position.column,
                    clean(&p.message)
                )
            })
            .collect();
        BadInput(format!(
            "{}\nfix these lines and import again",
            lines.join("\n")
        ))
    })?;
    super::note(&format!(
        "imported {} cards as deck `{}`",
        deck.cards.len(),
        clean(&deck.id)
    ));
    emit(&deck.to_json()?, output)
}

/// `deck export ID --format F`.
pub fn export(deck: &Deck, format: ExportFormat, output: &OutputArgs) -> anyhow::Result<()> {
    let text = match format {
        ExportFormat::Anki => export::anki(deck)?,
        ExportFormat::Markdown => export::markdown(deck),
        ExportFormat::Json => deck.to_json()?,
    };
    // To a terminal, deck text is sanitised; to a file it is written as is.
    if output.output.is_none() {
        return emit(&clean(&text), output);
    }
    emit(&text, output)
}

/// A byte-count progress bar, drawn only when stderr is a terminal and the
/// input is large enough to take noticeable time.
fn progress_bar(total: u64) -> ProgressBar {
    if total < PROGRESS_BYTES {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes} {eta}")
    {
        bar.set_style(style);
    }
    bar.set_message("importing");
    bar
}

/// Reads a UTF-8 text file, saying where it is not UTF-8.
fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path)
        .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let at = crate::deck::LineIndex::new(&String::from_utf8_lossy(valid)).position(valid.len());
        BadInput(format!(
            "{}:{}:{}: the file is not valid UTF-8; save it as UTF-8",
            path.display(),
            at.line,
            at.column
        ))
        .into()
    })
}

/// Writes `text` to the output file, or to stdout without one.
fn emit(text: &str, output: &OutputArgs) -> anyhow::Result<()> {
    match &output.output {
        Some(path) => {
            write_file(path, text, output.force)?;
            super::note(&format!("wrote {}", path.display()));
            Ok(())
        }
        None => {
            std::io::stdout().lock().write_all(text.as_bytes())?;
            Ok(())
        }
    }
}

/// Writes a new file; an existing one is kept unless `force`.
fn write_file(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::Error::from(BadInput(format!(
                "{} already exists; choose another file or pass --force to overwrite it",
                path.display()
            )))
        } else {
            anyhow::anyhow!("cannot write {}: {e}", path.display())
        }
    })?;
    file.write_all(text.as_bytes())
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    Ok(())
}
