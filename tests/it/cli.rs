//! The command line as a whole: help on every subcommand, completions, the
//! manual page, settings, `--json` output and exit statuses.

use std::path::Path;
use std::process::Output;

use clap::CommandFactory;
use trialdrill::cli::Cli;

const DECK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini.json");

use crate::common;

/// Runs trialdrill on the store `home` with `input` on stdin, colour left to
/// the environment.
fn run_with(home: &Path, args: &[&str], input: &str) -> Output {
    common::output(
        common::trialdrill(home).args(args).env_remove("NO_COLOR"),
        input,
    )
}

fn run(home: &Path, args: &[&str]) -> Output {
    run_with(home, args, "")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(output)))
}

/// Every subcommand at every depth, with its path (`deck lint`), except
/// clap's own `help`.
fn subcommands(command: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let name = format!("{path} {}", sub.get_name()).trim().to_string();
        out.push((name.clone(), sub.clone()));
        subcommands(sub, &name, out);
    }
}

#[test]
fn every_subcommand_has_a_summary_explained_options_and_an_example() {
    let mut root = Cli::command();
    root.build();
    let mut all = Vec::new();
    subcommands(&root, "", &mut all);
    assert!(all.len() >= 10, "too few subcommands found: {}", all.len());
    for (name, command) in &all {
        let about = command.get_about().map(ToString::to_string);
        assert!(
            about
                .as_deref()
                .is_some_and(|a| !a.trim().is_empty() && !a.contains('\n')),
            "`{name}` needs a one-line summary"
        );
        for arg in command.get_arguments() {
            if ["help", "version"].contains(&arg.get_id().as_str()) {
                continue;
            }
            assert!(
                arg.get_help()
                    .is_some_and(|h| !h.to_string().trim().is_empty()),
                "option `{}` of `{name}` is not explained",
                arg.get_id()
            );
        }
        // A command with subcommands teaches through them.
        if command.has_subcommands() {
            continue;
        }
        let after = command.get_after_help().map(ToString::to_string);
        assert!(
            after.as_deref().is_some_and(|a| a.contains("Example")
                && a.contains(&format!("trialdrill {name}"))),
            "`{name}` needs an example in its help: {after:?}"
        );
    }
}

#[test]
fn help_is_printed_for_each_subcommand_by_the_binary() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["study", "--help"][..],
        &["config", "set", "--help"],
        &["deck", "lint", "--help"],
    ] {
        let output = run(home.path(), args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let text = stdout(&output);
        assert!(
            text.contains("Usage:") && text.contains("Example"),
            "{text}"
        );
    }
}

#[test]
fn no_arguments_prints_the_overview_with_every_command_and_the_data_folder() {
    let home = tempfile::tempdir().unwrap();
    let output = run(home.path(), &[]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for command in Cli::command().get_subcommands() {
        assert!(
            text.contains(&format!("  {} ", command.get_name())),
            "overview misses `{}`: {text}",
            command.get_name()
        );
    }
    assert!(text.contains(&format!("Data folder: {}", home.path().display())));
}

#[test]
fn completions_are_generated_for_each_shell() {
    let home = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef trialdrill"),
        ("fish", "complete -c trialdrill"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let output = run(home.path(), &["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = stdout(&output);
        assert!(script.contains(marker), "{shell} script lacks {marker}");
        // Subcommands and setting names are completed too, and `--deck`
        // offers the built-in decks and collections.
        assert!(
            script.contains("lint") && script.contains("desired_retention"),
            "{shell}"
        );
        // (clap_complete's PowerShell script completes no option values.)
        assert!(
            shell == "powershell"
                || script.contains("rescue-japan-limit") && script.contains("stroke/large-core"),
            "{shell} does not complete deck ids and collections"
        );
    }
    let output = run(home.path(), &["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_naming_every_command() {
    let home = tempfile::tempdir().unwrap();
    let output = run(home.path(), &["man"]);
    assert_eq!(output.status.code(), Some(0));
    let page = stdout(&output);
    assert!(page.contains(".TH trialdrill 1"), "{page}");
    for command in ["study", "deck", "store", "config", "completions"] {
        assert!(page.contains(command), "man page misses {command}");
    }
}

#[test]
fn an_out_of_range_setting_is_refused_with_the_range_and_nothing_changes() {
    let home = tempfile::tempdir().unwrap();
    let output = run(home.path(), &["config", "set", "desired_retention", "1.5"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("from 0.7 to 0.99") && message.contains("1.5"),
        "{message}"
    );
    assert!(!home.path().join("config.json").exists());

    for (key, value) in [
        ("new_per_day", "-1"),
        ("new_per_day", "ten"),
        ("rollover_hour", "24"),
        ("leech_threshold", "0"),
        ("desired_retention", "NaN"),
    ] {
        let output = run(home.path(), &["config", "set", key, value]);
        assert_eq!(output.status.code(), Some(2), "{key} {value}");
        assert!(stderr(&output).contains(" to "), "{}", stderr(&output));
    }
    let output = run(home.path(), &["config", "set", "colour", "blue"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "unknown keys are usage errors"
    );
}

#[test]
fn settings_are_saved_listed_and_read_back() {
    let home = tempfile::tempdir().unwrap();
    let output = run(home.path(), &["config", "set", "desired_retention", "0.85"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.path().join("config.json")).unwrap())
            .unwrap();
    assert_eq!(
        saved,
        serde_json::json!({"format": 1, "desired_retention": 0.85})
    );

    let got = run(home.path(), &["config", "get", "desired_retention"]);
    assert_eq!(stdout(&got).trim(), "0.85");
    let list = json(&run(home.path(), &["config", "list", "--json"]));
    let settings = list["settings"].as_array().unwrap();
    let keys: Vec<&str> = settings
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "new_per_day",
            "review_limit",
            "desired_retention",
            "leech_threshold",
            "rollover_hour",
            "bury_siblings"
        ]
    );
    let leech = &settings[3];
    assert_eq!(
        (leech["value"].as_u64(), leech["set"].as_bool()),
        (Some(8), Some(false))
    );
    assert_eq!(settings[2]["set"], true);
}

#[test]
fn a_damaged_settings_file_is_reported_with_line_and_column_and_kept() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("config.json");
    for (text, at) in [
        (
            "{\n  \"format\": 1,\n  \"desired_retention\": 1.5\n}\n",
            ":3:3:",
        ),
        ("{\n  \"format\": 1,\n  \"new_per_day\": 10,,\n}\n", ":3:"),
        ("{\n  \"format\": 1,\n  \"colour\": 1\n}\n", ":3:"),
    ] {
        std::fs::write(&path, text).unwrap();
        for args in [&["config", "list"][..], &["study", "--deck", DECK]] {
            let output = run(home.path(), args);
            assert_eq!(output.status.code(), Some(2), "{args:?} {text}");
            let message = stderr(&output);
            assert!(
                message.contains(&format!("{}{at}", path.display())),
                "{message}"
            );
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                text,
                "file was changed"
            );
        }
    }
    std::fs::write(&path, "{\"format\": 7}").unwrap();
    let output = run(home.path(), &["config", "list"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("upgrade trialdrill"));
}

/// The progress counter of the first card a piped study session shows.
fn first_progress(home: &Path, extra: &[&str]) -> String {
    let mut args = vec!["study", "--deck", DECK];
    args.extend_from_slice(extra);
    let output = run_with(home, &args, "q\n");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let at = text.find("[1/").unwrap_or_else(|| panic!("{text}"));
    text[at..at + 5].to_string()
}

#[test]
fn study_takes_limits_from_settings_and_flags_override_them() {
    let home = tempfile::tempdir().unwrap();
    assert_eq!(first_progress(home.path(), &[]), "[1/3]");
    let output = run(home.path(), &["config", "set", "new_per_day", "1"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(first_progress(home.path(), &[]), "[1/1]");
    assert_eq!(first_progress(home.path(), &["--new", "2"]), "[1/2]");

    // A bad retention setting can only come from a hand edit; a flag still wins over a good one.
    run(home.path(), &["config", "set", "desired_retention", "0.8"]);
    let output = run_with(
        home.path(),
        &["study", "--deck", DECK, "--retention", "1.5"],
        "q\n",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("0.70 to 0.99"));
}

#[test]
fn commands_that_report_data_print_json() {
    let home = tempfile::tempdir().unwrap();
    let path = json(&run(home.path(), &["store", "path", "--json"]));
    assert_eq!(path["path"], home.path().display().to_string());

    let check = json(&run(home.path(), &["store", "check", "--json"]));
    assert_eq!(check["healthy"], true);
    assert_eq!(check["reviews"], 0);

    let decks = json(&run(home.path(), &["deck", "list", "--json"]));
    let rescue = decks
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "rescue-japan-limit")
        .unwrap();
    assert_eq!(rescue["origin"], "built-in");
    assert!(rescue["cards"].as_u64().unwrap() > 0);

    let clean = run(home.path(), &["deck", "lint", "--json", DECK]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(json(&clean)[0]["problems"], serde_json::json!([]));

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"format\": 1,\n  \"id\" \"x\"\n}").unwrap();
    let output = run(
        home.path(),
        &["deck", "lint", "--json", broken.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    let problem = &json(&output)[0]["problems"][0];
    assert_eq!(
        (problem["line"].as_u64(), problem["column"].as_u64()),
        (Some(3), Some(8))
    );

    let setting = json(&run(
        home.path(),
        &["config", "get", "rollover_hour", "--json"],
    ));
    assert_eq!(setting["value"], 4);
}

#[test]
fn usage_errors_exit_with_status_two() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["frobnicate"][..],
        &["study", "--new", "ten"],
        &["deck", "lint"],
        &["config", "set", "new_per_day"],
        &["store", "merge"],
    ] {
        let output = run(home.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("error:"), "{args:?}");
    }
}

#[test]
fn config_set_help_lists_every_setting_with_its_true_range_and_default() {
    let root = Cli::command();
    let set = root
        .find_subcommand("config")
        .and_then(|c| c.find_subcommand("set"))
        .unwrap();
    let help = set.get_after_help().unwrap().to_string();
    for setting in trialdrill::store::config::SETTINGS {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(setting.name))
            .unwrap_or_else(|| panic!("{} missing from `config set --help`", setting.name));
        assert!(
            line.contains(&format!(
                "({}, default {})",
                setting.range_text(),
                setting.default
            )),
            "{line}"
        );
    }
}
