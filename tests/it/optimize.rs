//! `optimize`, `simulate` and `store import-revlog` through the real binary,
//! on review histories of synthetic learners whose memory follows known
//! FSRS parameters.

use std::path::Path;
use std::process::Output;

use trialdrill::engine::schedule::{CardState, Scheduler};
use trialdrill::history::import;
use trialdrill::history::optimize::synthetic::{self, Learner, TRUE_PARAMETERS};
use trialdrill::history::optimize::{self, training_items};
use trialdrill::history::revlog::{self, Row};
use trialdrill::store::history::CardHistories;
use trialdrill::store::params::{self, InUse};
use trialdrill::store::{self, Access, Store};

use crate::common;

fn trialdrill(home: &Path, args: &[&str]) -> Output {
    common::output(common::trialdrill(home).args(args), "")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes `rows` as a CSV file and imports it into the store at `home`.
fn import_rows(home: &Path, rows: &[Row]) -> Output {
    let file = home.with_extension("csv");
    let mut csv = Vec::new();
    revlog::write(rows, &mut csv).unwrap();
    std::fs::write(&file, csv).unwrap();
    trialdrill(home, &["store", "import-revlog", file.to_str().unwrap()])
}

#[test]
fn fitted_parameters_predict_a_synthetic_learners_held_out_reviews_better_than_the_defaults() {
    let learner = Learner {
        cards: 400,
        days: 240,
        new_per_day: 10,
        seed: 2024,
    };
    let rows = synthetic::history(learner, &TRUE_PARAMETERS).unwrap();
    // Every fourth card is held out: the fit never sees its reviews.
    let (held_out, train): (Vec<Row>, Vec<Row>) =
        rows.into_iter().partition(|r| r.card_id % 4 == 0);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let imported = import_rows(&home, &train);
    assert!(imported.status.success(), "{}", text(&imported.stderr));

    let run = trialdrill(&home, &["optimize"]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", text(&run.stderr));
    assert!(stdout.contains("the defaults"), "{stdout}");
    assert!(stdout.contains("reviews of 300 cards"), "{stdout}");
    assert!(stdout.contains("Saved to"), "{stdout}");

    let InUse::Fitted(fitted) = params::load(&home).unwrap() else {
        panic!("no parameters saved");
    };
    let held_out = import::plan(&held_out, &[], &Scheduler::default_params()).reviews;
    let set = training_items(&CardHistories::of(&held_out));
    assert!(set.reviews() > 400, "{}", set.reviews());
    let default = optimize::evaluate(&[], &set).unwrap();
    let own = optimize::evaluate(&fitted.parameters, &set).unwrap();
    let truth = optimize::evaluate(&TRUE_PARAMETERS, &set).unwrap();
    println!("held-out log loss: defaults {default:?}, fitted {own:?}, true {truth:?}");
    assert!(
        own.log_loss < default.log_loss - 0.005,
        "fitted {own:?}, default {default:?}, truth {truth:?}"
    );
    assert!(
        own.log_loss < truth.log_loss + 0.01,
        "fitted {own:?}, truth {truth:?}"
    );

    // From now on the store's card states come from the fitted parameters.
    let scheduler = Scheduler::new(&fitted.parameters, 0.9).unwrap();
    let mut expected: Option<CardState> = None;
    for r in store::history::reviews(&home)
        .unwrap()
        .iter()
        .filter(|r| r.card == "1")
    {
        expected = Some(scheduler.apply(expected.as_ref(), r.rating, r.day, r.due));
    }
    // The snapshot optimize left holds them, and names the parameters.
    let snapshot = std::fs::read(home.join(store::SNAPSHOT_FILE)).unwrap();
    let fingerprint = scheduler.fingerprint();
    assert!(
        snapshot
            .windows(fingerprint.len())
            .any(|w| w == fingerprint.as_bytes())
    );
    let saved = Store::open(&home, Access::Read, scheduler.clone()).unwrap();
    assert!(saved.warnings().is_empty(), "{:?}", saved.warnings());
    assert_eq!(saved.state(import::IMPORTED_DECK, "1").copied(), expected);
    assert!(trialdrill(&home, &["optimize", "--show"]).status.success());
    assert!(text(&trialdrill(&home, &["optimize", "--show"]).stdout).contains("your own, fitted"));
}

#[test]
fn too_few_reviews_keep_the_defaults_and_say_how_many_more_are_needed() {
    let learner = Learner {
        cards: 6,
        days: 10,
        new_per_day: 3,
        seed: 1,
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    assert!(
        import_rows(
            &home,
            &synthetic::history(learner, &TRUE_PARAMETERS).unwrap()
        )
        .status
        .success()
    );
    let run = trialdrill(&home, &["optimize"]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        stdout.contains("not enough reviews to fit your own parameters"),
        "{stdout}"
    );
    assert!(stdout.contains("fitting needs 64; study"), "{stdout}");
    assert!(
        stdout.contains("The default parameters stay in use."),
        "{stdout}"
    );
    assert_eq!(params::load(&home).unwrap(), InUse::Default);
    assert!(!home.join(trialdrill::store::PARAMS_FILE).exists());
}

#[test]
fn import_keeps_ratings_times_and_cards_reports_bad_lines_and_adds_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let file = dir.path().join("revlog.csv");
    std::fs::write(
        &file,
        "card_id,review_rating,review_time,review_duration\n\
         10,3,2024-05-01T08:00:00+00:00,4000\n\
         10,9,2024-05-02T08:00:00+00:00,4000\n\
         11,1,2024-05-01T08:01:00.5+02:00,12000\n\
         11,3,yesterday,3000\n\
         10,2,2024-05-04T08:00:00+00:00,6500\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let run = trialdrill(&home, &["store", "import-revlog", path]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{path}:line 3: review_rating `9`")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{path}:line 5: review_time `yesterday`")),
        "{stderr}"
    );
    assert!(stderr.contains("2 malformed rows skipped"), "{stderr}");
    assert!(
        text(&run.stdout).contains("Imported 3 reviews of 2 cards"),
        "{}",
        text(&run.stdout)
    );

    let log = store::history::reviews(&home).unwrap();
    let seen: Vec<(&str, u8, String, f64)> = log
        .iter()
        .map(|r| {
            (
                r.card.as_str(),
                u8::from(r.rating),
                r.time.to_string(),
                r.seconds,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("11", 1, "2024-05-01T06:01:00.5Z".to_string(), 12.0),
            ("10", 3, "2024-05-01T08:00:00Z".to_string(), 4.0),
            ("10", 2, "2024-05-04T08:00:00Z".to_string(), 6.5),
        ]
    );
    let store = Store::open(&home, Access::Read, Scheduler::default_params()).unwrap();
    assert_eq!(store.state(import::IMPORTED_DECK, "10").unwrap().reps, 2);

    let again = trialdrill(&home, &["store", "import-revlog", path]);
    assert!(
        text(&again.stdout).contains("Imported 0 reviews of 0 cards"),
        "{}",
        text(&again.stdout)
    );
    assert!(text(&again.stdout).contains("3 rows already in the log"));
    assert_eq!(store::history::reviews(&home).unwrap(), log);
}

#[test]
fn simulate_shows_a_row_and_a_bar_for_each_retention() {
    let learner = Learner {
        cards: 60,
        days: 30,
        new_per_day: 5,
        seed: 3,
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    assert!(
        import_rows(
            &home,
            &synthetic::history(learner, &TRUE_PARAMETERS).unwrap()
        )
        .status
        .success()
    );
    let run = trialdrill(
        &home,
        &[
            "simulate",
            "--days",
            "30",
            "--retention",
            "0.8",
            "--retention",
            "0.95",
        ],
    );
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(stdout.contains("Simulated 30 days"), "{stdout}");
    assert!(stdout.contains("60 cards studied so far"), "{stdout}");
    let rows: Vec<Vec<f32>> = stdout
        .lines()
        .filter(|l| !l.contains('│'))
        .filter(|l| l.trim_start().starts_with("0.80 ") || l.trim_start().starts_with("0.95 "))
        .map(|l| {
            l.split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    assert!(
        rows[1][1] > rows[0][1],
        "more reviews a day at 0.95: {stdout}"
    );
    assert_eq!(
        stdout.matches('│').count(),
        4,
        "two bars and two sparklines: {stdout}"
    );

    let bad = trialdrill(&home, &["simulate", "--retention", "1.2"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("desired retention 1.2 is out of range"));
}

/// The `reviews` figure of `optimize --dry-run --json`: the training reviews.
fn training_reviews(home: &Path) -> u64 {
    let run = trialdrill(home, &["optimize", "--dry-run", "--json"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    json["reviews"].as_u64().unwrap()
}

#[test]
fn an_undone_review_is_not_among_optimizes_training_reviews() {
    let learner = Learner {
        cards: 60,
        days: 40,
        new_per_day: 6,
        seed: 7,
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let rows = synthetic::history(learner, &TRUE_PARAMETERS).unwrap();
    assert!(import_rows(&home, &rows).status.success());
    let before = training_reviews(&home);
    // A review of card 1 a week after its last one, then taken back.
    let last = store::history::reviews(&home)
        .unwrap()
        .into_iter()
        .rfind(|r| r.card == "1")
        .unwrap();
    let day = trialdrill::engine::schedule::add_days(last.day, 7);
    let review = |id: &str| store::Review {
        id: id.into(),
        day,
        due: day,
        time: last.time + jiff::SignedDuration::from_hours(24 * 7),
        ..last.clone()
    };
    let mut store = Store::open(&home, Access::Write, Scheduler::default_params()).unwrap();
    store
        .append(&store::Event::Review(review("taken-back")))
        .unwrap();
    store
        .append(&store::Event::Undo {
            id: "undo-1".into(),
            undoes: "taken-back".into(),
            time: last.time,
        })
        .unwrap();
    drop(store);
    assert_eq!(training_reviews(&home), before);
    // The same review kept is a training review: the count can move.
    let mut store = Store::open(&home, Access::Write, Scheduler::default_params()).unwrap();
    store.append(&store::Event::Review(review("kept"))).unwrap();
    drop(store);
    assert_eq!(training_reviews(&home), before + 1);
}

#[test]
fn removing_params_json_leaves_a_healthy_store_on_the_defaults() {
    let learner = Learner {
        cards: 200,
        days: 60,
        new_per_day: 10,
        seed: 11,
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let rows = synthetic::history(learner, &TRUE_PARAMETERS).unwrap();
    assert!(import_rows(&home, &rows).status.success());
    let fit = trialdrill(&home, &["optimize"]);
    assert!(
        text(&fit.stdout).contains("Saved to"),
        "{}",
        text(&fit.stdout)
    );
    std::fs::remove_file(home.join("params.json")).unwrap();
    let check = trialdrill(&home, &["store", "check"]);
    assert!(
        check.status.success(),
        "{}{}",
        text(&check.stdout),
        text(&check.stderr)
    );
    let show = text(&trialdrill(&home, &["optimize", "--show"]).stdout);
    assert!(show.contains("the defaults"), "{show}");
    // The snapshot names the fitted parameters: opening on the defaults
    // recomputes the states quietly, as a fresh replay of the log gives them.
    let store = Store::open(&home, Access::Read, Scheduler::default_params()).unwrap();
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    std::fs::remove_file(home.join(store::SNAPSHOT_FILE)).unwrap();
    let replayed = Store::open(&home, Access::Read, Scheduler::default_params()).unwrap();
    assert_eq!(store.states(), replayed.states());
}
