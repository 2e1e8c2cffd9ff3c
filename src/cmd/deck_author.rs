//! The authoring side of `trialdrill deck`: build a draft from a trial
//! summary, print the schema, start a deck, import and export.

use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use crate::author::{self, Built};
use crate::cli::{ExportFormat, OutputArgs};
use crate::deck::import::history::History;
use crate::deck::import::{self, Format, Imported, apkg};
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

/// `deck new ID`: a starter deck, to `-o FILE` or standard output.
pub fn new(id: &str, output: &OutputArgs) -> anyhow::Result<()> {
    file_name(id)?;
    emit(&starter(id).to_json()?, output)?;
    super::note("one card of each kind to replace with your own");
    Ok(())
}

/// `deck import FILE`: decks to the output, a report on stderr, and with
/// `with_history` the package's reviews into the store in `home`.
pub fn import(
    file: &Path,
    with_history: bool,
    output: &OutputArgs,
    home: &Path,
) -> anyhow::Result<()> {
    let input = Input::open(file)?;
    let (imported, history) = if input.is_package() {
        let size = input.len();
        let package = match input {
            Input::File(f, _, _) => apkg::read(f, size),
            Input::Bytes(b) => apkg::read(std::io::Cursor::new(b), size),
        }
        .map_err(|e| BadInput(format!("{}: {e}", file.display())))?;
        (package.imported, Some(package.history))
    } else {
        if with_history {
            return Err(BadInput(format!(
                "{}: --with-history needs an Anki package (.apkg, .colpkg or collection.anki2); a text file carries no review history",
                file.display()
            ))
            .into());
        }
        (import_text(file, input)?, None)
    };
    if imported.decks.is_empty() {
        return Err(BadInput(format!(
            "{}: the package holds no notes to import",
            file.display()
        ))
        .into());
    }
    emit_decks(&imported.decks, file, output)?;
    for deck in &imported.decks {
        super::note(&format!(
            "imported {} cards as deck `{}` ({})",
            deck.cards.len(),
            clean(&deck.id),
            clean(&deck.title)
        ));
    }
    if imported.media_cards > 0 {
        super::note(&format!(
            "{} card{} to images or sounds, kept as markers such as [image: file.png]; the media themselves are not imported",
            imported.media_cards,
            if imported.media_cards == 1 {
                " refers"
            } else {
                "s refer"
            }
        ));
    }
    for warning in &imported.warnings {
        super::note(&format!("warning: {}", clean(warning)));
    }
    match history {
        Some(history) if with_history => report_history(&history, home),
        Some(history) if history.total > 0 => {
            super::note(&format!(
                "the package holds {} review{}; import again with --with-history to bring them into the store",
                history.total,
                plural(history.total)
            ));
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Imports a package's reviews into the store and reports every entry.
fn report_history(history: &History, home: &Path) -> anyhow::Result<()> {
    let plan = super::store::add_reviews(home, &history.reviews)?;
    let cards: HashSet<(&str, &str)> = plan
        .reviews
        .iter()
        .map(|r| (r.deck.as_str(), r.card.as_str()))
        .collect();
    let mut line = format!(
        "history: {} of {} review-log entr{} imported for {} card{}",
        plan.reviews.len(),
        history.total,
        if history.total == 1 { "y" } else { "ies" },
        cards.len(),
        plural(cards.len())
    );
    for (n, what) in [
        (plan.already, "already in the store"),
        (history.manual, "manual reschedules and resets, skipped"),
        (
            history.cramming,
            "cramming reviews that left the schedule alone, skipped",
        ),
        (
            history.before_reset,
            "before the card was reset, left out as Anki's FSRS does",
        ),
        (history.unmatched, "of cards not imported"),
        (
            history.unreadable,
            "with a rating or time out of range, skipped",
        ),
    ] {
        if n > 0 {
            line.push_str(&format!("; {n} {what}"));
        }
    }
    super::note(&line);
    Ok(())
}

/// What `deck import` reads: a file, or standard input (`-`) in memory.
enum Input {
    /// The file, its length and its first bytes.
    File(File, u64, Vec<u8>),
    Bytes(Vec<u8>),
}

impl Input {
    fn open(path: &Path) -> anyhow::Result<Input> {
        let unreadable =
            |e: std::io::Error| BadInput(format!("cannot read {}: {e}", path.display()));
        if path == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| BadInput(format!("cannot read standard input: {e}")))?;
            return Ok(Input::Bytes(bytes));
        }
        let mut file = File::open(path).map_err(unreadable)?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut head = Vec::new();
        (&mut file)
            .take(16)
            .read_to_end(&mut head)
            .map_err(unreadable)?;
        file.seek(SeekFrom::Start(0)).map_err(unreadable)?;
        Ok(Input::File(file, len, head))
    }

    fn len(&self) -> u64 {
        match self {
            Input::File(_, len, _) => *len,
            Input::Bytes(b) => b.len() as u64,
        }
    }

    /// Whether it starts like a zip, a SQLite file or zstd data.
    fn is_package(&self) -> bool {
        let head: &[u8] = match self {
            Input::Bytes(b) => b,
            Input::File(_, _, head) => head,
        };
        [
            &b"PK\x03\x04"[..],
            b"PK\x05\x06",
            b"SQLite format 3\0",
            &[0x28, 0xb5, 0x2f, 0xfd],
        ]
        .iter()
        .any(|magic| head.starts_with(magic))
    }
}

/// Imports a text file (Anki text or Markdown), naming every bad line.
fn import_text(file: &Path, input: Input) -> anyhow::Result<Imported> {
    let bytes = match input {
        Input::Bytes(b) => b,
        Input::File(mut f, _, _) => {
            let mut b = Vec::new();
            f.read_to_end(&mut b)
                .map_err(|e| BadInput(format!("cannot read {}: {e}", file.display())))?;
            b
        }
    };
    let text = utf8_text(file, bytes)?;
    let format = Format::guess(file, &text);
    let name = match file.file_stem() {
        Some(s) if file != Path::new("-") => s.to_string_lossy().into_owned(),
        _ => "imported".to_string(),
    };
    let total = u64::try_from(text.len()).unwrap_or(u64::MAX);
    let bar = progress_bar(total);
    let result = import::import(&text, format, &name, &mut |done| bar.set_position(done));
    bar.finish_and_clear();
    result.map_err(|problems| {
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
        .into()
    })
}

/// Writes the decks: one to the output (a file, a folder, or stdout);
/// several to a folder, one `ID.json` each.
fn emit_decks(decks: &[Deck], file: &Path, output: &OutputArgs) -> anyhow::Result<()> {
    let folder = match (target(output), decks) {
        (None, [deck]) => return emit(&deck.to_json()?, output),
        (Some(path), [deck])
            if !path.is_dir() && !path.as_os_str().to_string_lossy().ends_with('/') =>
        {
            return emit(&deck.to_json()?, output);
        }
        (Some(path), _) if path.extension().is_none_or(|e| e != "json") || path.is_dir() => path,
        _ => {
            let titles: Vec<String> = decks.iter().map(|d| clean(&d.title)).collect();
            return Err(BadInput(format!(
                "{} holds {} decks ({}); give -o FOLDER to write one deck file per deck",
                file.display(),
                decks.len(),
                titles.join(", ")
            ))
            .into());
        }
    };
    std::fs::create_dir_all(folder)
        .map_err(|e| anyhow::anyhow!("cannot create the folder {}: {e}", folder.display()))?;
    for deck in decks {
        let path = folder.join(file_name(&deck.id)?);
        write_file(&path, &deck.to_json()?, output.force)?;
        super::note(&format!("wrote {}", path.display()));
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `deck export ID --format F`.
pub fn export(deck: &Deck, format: ExportFormat, output: &OutputArgs) -> anyhow::Result<()> {
    let text = match format {
        ExportFormat::Anki => export::anki(deck)?,
        ExportFormat::Markdown => export::markdown(deck),
        ExportFormat::Json => deck.to_json()?,
    };
    // To a terminal, deck text is sanitised; to a file it is written as is.
    if target(output).is_none() {
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
    utf8_text(path, bytes)
}

/// `bytes` as text without a leading byte-order mark, or where they are not UTF-8.
fn utf8_text(path: &Path, mut bytes: Vec<u8>) -> anyhow::Result<String> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
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

/// The file `-o` names; `None` for standard output (no `-o`, or `-o -`).
fn target(output: &OutputArgs) -> Option<&Path> {
    output.output.as_deref().filter(|p| *p != Path::new("-"))
}

/// Writes `text` to the output file, or to stdout without one.
fn emit(text: &str, output: &OutputArgs) -> anyhow::Result<()> {
    match target(output) {
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
