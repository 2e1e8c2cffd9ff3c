//! `trialdrill completions SHELL` and `trialdrill man [SUBCOMMAND]`:
//! documentation generated from the command-line definition, so it never
//! drifts from the real options.

use std::io::Write;

use clap::{Command, CommandFactory};
use clap_complete::Generator;

use crate::cli::Cli;
use crate::error::BadInput;

/// Writes the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> anyhow::Result<()> {
    let mut command = Cli::command();
    command.set_bin_name("trialdrill");
    command.build();
    // try_generate, unlike generate, returns a failed write (a closed pipe) instead of panicking.
    shell.try_generate(&command, out)?;
    Ok(())
}

/// Writes a manual page in roff: with no `path`, the whole program (every
/// subcommand's options, examples, files, environment, exit status); else
/// the page of the subcommand `path` names, such as `deck import`.
pub fn man(path: &[String], out: &mut impl Write) -> anyhow::Result<()> {
    let mut command = Cli::command();
    command.set_bin_name("trialdrill");
    command.build();
    if path.is_empty() {
        return full_page(&command, out);
    }
    let mut sub = &command;
    for name in path {
        sub = sub.find_subcommand(name).ok_or_else(|| {
            BadInput(format!(
                "no subcommand `{}`; `trialdrill help` lists them",
                path.join(" ")
            ))
        })?;
    }
    let title = format!("trialdrill-{}", path.join("-"));
    let page = clap_mangen::Man::new(sub.clone().display_name(title.clone())).title(title);
    page.render(out)?;
    let mut roff = String::new();
    push_section(&mut roff, "EXIT STATUS", EXIT_STATUS);
    push_section(&mut roff, "SEE ALSO", "trialdrill(1)");
    out.write_all(roff.as_bytes())?;
    Ok(())
}

/// The page of the whole program.
fn full_page(command: &Command, out: &mut impl Write) -> anyhow::Result<()> {
    let page = clap_mangen::Man::new(command.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_options_section(out)?;
    let mut roff = String::from(".SH COMMANDS\n");
    for sub in command.get_subcommands() {
        describe(sub, &mut roff);
    }
    push_section(&mut roff, "EXAMPLES", EXAMPLES);
    push_section(&mut roff, "FILES", FILES);
    push_section(&mut roff, "ENVIRONMENT", ENVIRONMENT);
    push_section(&mut roff, "EXIT STATUS", EXIT_STATUS);
    push_section(
        &mut roff,
        "SEE ALSO",
        "trialdrill-SUBCOMMAND(1), from `trialdrill man SUBCOMMAND`, such as `trialdrill man deck import`; README.md.",
    );
    out.write_all(roff.as_bytes())?;
    page.render_version_section(out)?;
    Ok(())
}

/// A subsection for `command` (and its own subcommands): usage, what it
/// does, every option and argument, and its after-help text.
fn describe(command: &Command, roff: &mut String) {
    if command.is_hide_set() {
        return;
    }
    let name = command.get_bin_name().unwrap_or_else(|| command.get_name());
    roff.push_str(&format!(".SS \"{}\"\n", escape(name)));
    if let Some(about) = command.get_long_about().or(command.get_about()) {
        roff.push_str(&text(&about.to_string()));
    }
    if command.has_subcommands() {
        for sub in command.get_subcommands() {
            describe(sub, roff);
        }
        return;
    }
    for arg in command.get_arguments() {
        if arg.is_hide_set() || arg.is_global_set() {
            continue;
        }
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        let values: Vec<String> = arg
            .get_value_names()
            .map(|v| v.iter().map(|n| format!("\\fI{}\\fR", escape(n))).collect())
            .unwrap_or_default();
        let mut flags = Vec::new();
        if let Some(short) = arg.get_short() {
            flags.push(format!("\\fB\\-{short}\\fR"));
        }
        if let Some(long) = arg.get_long() {
            flags.push(format!("\\fB\\-\\-{}\\fR", escape(long)));
        }
        let head = if flags.is_empty() {
            values.join(" ")
        } else if arg.get_action().takes_values() && !values.is_empty() {
            format!("{} {}", flags.join(", "), values.join(" "))
        } else {
            flags.join(", ")
        };
        roff.push_str(&format!(".TP\n{head}\n"));
        let mut help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        let possible: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !possible.is_empty() {
            help.push_str(&format!(" [possible values: {}]", possible.join(", ")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && arg.get_action().takes_values() {
            help.push_str(&format!(" [default: {}]", defaults.join(", ")));
        }
        roff.push_str(&text(&help));
    }
    if let Some(after) = command.get_after_long_help().or(command.get_after_help()) {
        roff.push_str(&format!(".PP\n.nf\n{}.fi\n", text(&after.to_string())));
    }
}

/// A section with a heading and literal lines.
fn push_section(roff: &mut String, heading: &str, body: &str) {
    roff.push_str(&format!(".SH \"{heading}\"\n.nf\n{}.fi\n", text(body)));
}

/// Lines of text safe in roff: backslashes escaped, and a line that would
/// read as a request guarded.
fn text(body: &str) -> String {
    let mut out = String::new();
    for line in body.lines() {
        let line = escape(line);
        if line.starts_with('.') || line.starts_with('\'') {
            out.push_str("\\&");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

const EXAMPLES: &str = "trialdrill study                        # due cards, then up to 20 new ones
trialdrill study --deck rescue-japan-limit --new 10
trialdrill exam --count 20 --minutes 15
trialdrill stats --until 2026-12-01
trialdrill deck import shared.apkg --with-history -o decks/
trialdrill deck add decks/stroke.json
trialdrill deck export my-trial --format anki -o my-trial.txt
trialdrill optimize
trialdrill store import-revlog revlog.csv
trialdrill man deck import > trialdrill-deck-import.1";

const FILES: &str =
    "The store folder (--home, else $TRIALDRILL_HOME, else ~/.local/share/trialdrill):
  reviews.jsonl   the review log, the source of truth; append-only
  state.bin       a snapshot of card states and the figures of `stats`
  lock            held by the one session that writes
  config.json     settings written by `trialdrill config set`
  params.json     FSRS parameters fitted by `trialdrill optimize`
  decks/          installed decks, one ID.json each";

const ENVIRONMENT: &str = "TRIALDRILL_HOME   the store folder, unless --home is given
NO_COLOR          when set, no colours";

const EXIT_STATUS: &str = "0   success (also when the reader of standard output closes the pipe)
1   failure: the store or a file could not be read or written
2   bad input: a malformed file, an unknown deck, a value out of range";
