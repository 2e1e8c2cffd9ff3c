//! `--json` of `optimize`, `simulate`, `store repair|merge|import-revlog` and
//! `deck show` through the real binary: stdout is exactly one JSON value whose
//! figures agree with the text output and with the store, and exit codes are
//! those of the text output.

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use trialdrill::deck::builtin;
use trialdrill::history::optimize::synthetic::{self, Learner, TRUE_PARAMETERS};
use trialdrill::history::revlog::{self, Row};
use trialdrill::store::params::{self, InUse};
use trialdrill::store::{self, LOG_FILE};

use crate::common;

fn trialdrill(home: &Path, args: &[&str]) -> Output {
    common::output(common::trialdrill(home).args(args), "")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Stdout parsed as one JSON value (trailing text would fail the parse).
fn json(run: &Output) -> Value {
    serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON value ({e}): {}{}",
            text(&run.stdout),
            text(&run.stderr)
        )
    })
}

/// A store at `home` holding a synthetic learner's history, imported from CSV.
fn store_with(home: &Path, learner: Learner) -> Vec<Row> {
    let rows = synthetic::history(learner, &TRUE_PARAMETERS).unwrap();
    let file = home.with_extension("csv");
    let mut csv = Vec::new();
    revlog::write(&rows, &mut csv).unwrap();
    std::fs::write(&file, csv).unwrap();
    let run = trialdrill(home, &["store", "import-revlog", file.to_str().unwrap()]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    rows
}

/// A JSON array of numbers as the f32 values it was printed from.
fn floats(value: &Value) -> Vec<f32> {
    serde_json::from_value(value.clone()).unwrap()
}

fn learner(cards: usize, days: usize, seed: u64) -> Learner {
    Learner {
        cards,
        days,
        new_per_day: 10,
        seed,
    }
}

#[test]
fn optimize_json_reports_the_fit_that_was_saved_and_show_describes_it() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    store_with(&home, learner(200, 90, 7));

    let run = trialdrill(&home, &["optimize", "--json"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let report = json(&run);
    let InUse::Fitted(saved) = params::load(&home).unwrap() else {
        panic!("no parameters saved: {report}");
    };
    assert_eq!(report["outcome"], "fitted");
    assert_eq!(report["in_use"]["own"], false, "the defaults were in use");
    assert_eq!(report["in_use"]["fitted"], Value::Null);
    assert_eq!(report["reviews"], saved.reviews);
    assert_eq!(report["cards"], saved.cards);
    assert_eq!(report["cards"], 200);
    assert_eq!(report["fitted"]["log_loss"], saved.log_loss);
    assert_eq!(report["fitted"]["rmse_bins"], saved.rmse_bins);
    assert_eq!(floats(&report["parameters"]), saved.parameters);
    assert_eq!(report["better"], true);
    assert_eq!(report["dry_run"], false);
    assert_eq!(report["previous"], Value::Null);
    assert!(
        report["defaults"]["log_loss"].as_f64().unwrap() > saved.log_loss as f64,
        "{report}"
    );
    assert_eq!(
        report["saved_to"].as_str().map(Path::new),
        Some(home.join(trialdrill::store::PARAMS_FILE).as_path())
    );

    let show = trialdrill(&home, &["optimize", "--show", "--json"]);
    assert!(show.status.success(), "{}", text(&show.stderr));
    let shown = json(&show);
    assert_eq!(shown["outcome"], "shown");
    assert_eq!(shown["in_use"]["own"], true);
    assert_eq!(shown["in_use"]["fitted"]["reviews"], saved.reviews);
    assert_eq!(floats(&shown["in_use"]["parameters"]), saved.parameters);
    let described = text(&trialdrill(&home, &["optimize", "--show"]).stdout);
    assert_eq!(
        shown["in_use"]["description"].as_str().unwrap(),
        described.trim_end()
    );
}

#[test]
fn optimize_json_with_too_few_reviews_says_how_many_more_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    store_with(
        &home,
        Learner {
            cards: 6,
            days: 10,
            new_per_day: 3,
            seed: 1,
        },
    );
    let run = trialdrill(&home, &["optimize", "--json"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let report = json(&run);
    assert_eq!(report["outcome"], "not_enough_reviews");
    assert_eq!(report["minimum"], 64);
    let reviews = report["reviews"].as_u64().unwrap();
    assert!(reviews < 64, "{report}");
    assert_eq!(report["still_needed"], 64 - reviews);
    let message = report["message"].as_str().unwrap();
    let plain = text(&trialdrill(&home, &["optimize"]).stdout);
    assert!(plain.contains(message), "{plain}");
    assert!(message.contains(&format!("study {} more", 64 - reviews)));
    assert!(!home.join(trialdrill::store::PARAMS_FILE).exists());
}

#[test]
fn simulate_json_holds_each_retentions_daily_work_and_the_tables_figures() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    store_with(&home, learner(60, 30, 3));
    let args = [
        "simulate",
        "--days",
        "21",
        "--retention",
        "0.8",
        "--retention",
        "0.95",
    ];
    let run = trialdrill(&home, &[&args[..], &["--json"]].concat());
    assert!(run.status.success(), "{}", text(&run.stderr));
    let report = json(&run);
    assert_eq!(report["days"], 21);
    assert_eq!(report["studied"], 60);
    assert_eq!(report["new_per_day"], 20);
    let retentions = report["retentions"].as_array().unwrap();
    assert_eq!(retentions.len(), 2);

    // Each run draws its own chance forgetting, so the means are compared
    // with the JSON's own days, and the text with the fixed figures.
    let table = text(&trialdrill(&home, &args).stdout);
    assert!(
        table.contains(&format!(
            "Simulated 21 days from {}: 60 cards studied so far, {} new at up to 20 a day.",
            report["from"].as_str().unwrap(),
            report["new_cards"]
        )),
        "{table}"
    );
    assert!(
        table.contains(&format!(
            "{} of 14 figures from your own reviews",
            report["own_figures"]
        )),
        "{table}"
    );
    for r in retentions {
        let reviews: Vec<f64> = r["reviews_per_day"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert_eq!(reviews.len(), 21);
        assert_eq!(r["minutes_per_day"].as_array().unwrap().len(), 21);
        let mean = r["mean_reviews"].as_f64().unwrap();
        assert!((mean - reviews.iter().sum::<f64>() / 21.0).abs() < 1e-3);
        let minutes: f64 = r["minutes_per_day"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .sum();
        assert!((r["mean_minutes"].as_f64().unwrap() - minutes / 21.0).abs() < 1e-3);
        let label = format!("{:>9.2} ", r["retention"].as_f64().unwrap());
        assert!(table.contains(&label), "no row `{label}` in {table}");
    }
    assert!(
        retentions[1]["mean_reviews"].as_f64() > retentions[0]["mean_reviews"].as_f64(),
        "{report}"
    );
}

#[test]
fn import_revlog_json_counts_rows_lists_bad_lines_and_keeps_status_two() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let file = dir.path().join("revlog.csv");
    std::fs::write(
        &file,
        "card_id,review_rating,review_time,review_duration\n\
         10,3,2024-05-01T08:00:00+00:00,4000\n\
         10,9,2024-05-02T08:00:00+00:00,4000\n\
         11,1,2024-05-01T08:01:00.5+02:00,12000\n\
         11,3,yesterday,3000\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let run = trialdrill(&home, &["store", "import-revlog", path, "--json"]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    let report = json(&run);
    assert_eq!(report["imported"], 2);
    assert_eq!(report["cards"], 2);
    assert_eq!(report["already"], 0);
    assert_eq!(report["deck"], "imported");
    let lines: Vec<&Value> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["line"])
        .collect();
    assert_eq!(lines, [3, 5]);
    assert!(
        report["problems"][1]["message"]
            .as_str()
            .unwrap()
            .contains("review_time `yesterday`")
    );
    assert_eq!(store::history::reviews(&home).unwrap().len(), 2);

    let again = json(&trialdrill(
        &home,
        &["store", "import-revlog", path, "--json"],
    ));
    assert_eq!(again["imported"], 0);
    assert_eq!(again["already"], 2);
    assert_eq!(store::history::reviews(&home).unwrap().len(), 2);
}

#[test]
fn merge_json_counts_the_events_added_and_in_all() {
    let dir = tempfile::tempdir().unwrap();
    let laptop = dir.path().join("laptop");
    let phone = dir.path().join("phone");
    store_with(&laptop, learner(20, 10, 5));
    let laptop_reviews = store::history::reviews(&laptop).unwrap().len();
    store_with(&phone, learner(5, 3, 9));
    let phone_before = store::history::reviews(&phone).unwrap().len();

    let run = trialdrill(
        &phone,
        &["store", "merge", laptop.to_str().unwrap(), "--json"],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let report = json(&run);
    let after = store::history::reviews(&phone).unwrap().len();
    assert_eq!(report["added"], after - phone_before);
    assert_eq!(report["total"], after);
    // Imported review ids come from the rows, so rows both histories share
    // are in the phone's store already.
    let added = report["added"].as_u64().unwrap() as usize;
    assert!(added > 0 && added <= laptop_reviews, "{report}");

    let again = json(&trialdrill(
        &phone,
        &["store", "merge", laptop.to_str().unwrap(), "--json"],
    ));
    assert_eq!(again["added"], 0);
    assert_eq!(again["total"], after);
}

#[test]
fn repair_json_counts_kept_and_dropped_lines_and_names_the_files_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    store_with(&home, learner(10, 5, 11));
    let reviews = store::history::reviews(&home).unwrap().len();
    let log = home.join(LOG_FILE);
    let mut lines: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines.insert(2, "{\"type\":\"review\", damaged".into());
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
    assert_eq!(
        trialdrill(&home, &["store", "check"]).status.code(),
        Some(1)
    );

    let run = trialdrill(&home, &["store", "repair", "--json"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let report = json(&run);
    assert_eq!(report["kept"], reviews);
    assert_eq!(report["dropped"], 1);
    let moved = report["moved"].as_array().unwrap();
    assert!(!moved.is_empty(), "{report}");
    for path in moved {
        assert!(Path::new(path.as_str().unwrap()).exists(), "{report}");
    }
    assert_eq!(store::history::reviews(&home).unwrap().len(), reviews);
    assert!(trialdrill(&home, &["store", "check"]).status.success());
}

#[test]
fn deck_show_json_is_the_decks_cards() {
    let dir = tempfile::tempdir().unwrap();
    let deck = builtin::BUILTINS[0].deck().unwrap();
    let run = trialdrill(dir.path(), &["deck", "show", &deck.id, "--json"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let shown = json(&run);
    assert_eq!(shown["id"], deck.id.as_str());
    assert_eq!(shown["title"], deck.title.as_str());
    let cards = shown["cards"].as_array().unwrap();
    let ids: Vec<&str> = cards.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, expected);
    assert_eq!(cards[0]["kind"], deck.cards[0].body.kind());
    // The text output shows the same cards.
    let plain = text(&trialdrill(dir.path(), &["deck", "show", &deck.id]).stdout);
    assert_eq!(plain.matches("\n[").count(), cards.len());
}

/// Every string in `value`, keys included.
fn strings(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(s) => found.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, found)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            found.push(k.clone());
            strings(v, found);
        }),
        _ => {}
    }
}

#[test]
fn deck_show_json_of_a_hostile_deck_carries_no_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let nasty = "\u{1b}[2J\u{1b}]52;c;aGFja2Vk\u{7}\u{9b}31m";
    let file = dir.path().join("hostile.json");
    let deck = serde_json::json!({
        "format": 1, "id": "hostile", "title": format!("Hostile{nasty} deck"),
        "cards": [{
            "id": "tf", "kind": "truefalse", "tags": [format!("design{nasty}")],
            "explanation": format!("Because.{nasty}"), "note": nasty,
            "source": {"section": format!("Facts{nasty}"), "bullet": 1},
            "prompt": format!("Is ≥ safe{nasty}?"), "answer": true
        }]
    });
    std::fs::write(&file, deck.to_string()).unwrap();
    let run = trialdrill(
        dir.path(),
        &["deck", "show", file.to_str().unwrap(), "--json"],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let shown = json(&run);
    assert_eq!(shown["title"], "Hostile deck");
    assert_eq!(shown["cards"][0]["prompt"], "Is ≥ safe?");
    let mut all = Vec::new();
    strings(&shown, &mut all);
    for s in all {
        assert!(!s.chars().any(char::is_control), "{s:?}");
        assert!(!s.contains("aGFja2Vk"), "{s:?}");
    }
}

#[test]
fn stats_says_which_parameters_are_in_use_before_and_after_optimize() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    store_with(&home, learner(200, 90, 7));

    let before = json(&trialdrill(&home, &["stats", "--json"]));
    assert_eq!(before["parameters"]["own"], false);
    assert_eq!(before["parameters"]["fitted"], Value::Null);
    let text_before = text(&trialdrill(&home, &["stats"]).stdout);
    assert!(
        text_before.starts_with("FSRS parameters: the defaults"),
        "{text_before}"
    );

    let fit = trialdrill(&home, &["optimize"]);
    assert!(fit.status.success(), "{}", text(&fit.stderr));
    let InUse::Fitted(saved) = params::load(&home).unwrap() else {
        panic!("optimize saved nothing");
    };
    let after = json(&trialdrill(&home, &["stats", "--json"]));
    assert_eq!(after["parameters"]["own"], true);
    assert_eq!(after["parameters"]["fitted"]["reviews"], saved.reviews);
    assert_eq!(floats(&after["parameters"]["parameters"]), saved.parameters);
    let text_after = text(&trialdrill(&home, &["stats"]).stdout);
    let first_line = text_after.lines().next().unwrap();
    assert_eq!(
        first_line,
        after["parameters"]["description"].as_str().unwrap()
    );
    assert!(
        first_line.contains(&format!("on {} reviews", saved.reviews)),
        "{first_line}"
    );
}
