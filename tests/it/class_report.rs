//! `trialdrill class report` through the real binary: 30 learners take one
//! exam (answers from a seeded model of ability), one question's key is
//! wrong so the strong learners miss it, and the report flags it; its
//! figures agree with a computation here; results of another exam are
//! refused; the HTML page is well-formed and fetches nothing.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common;

const LEARNERS: usize = 30;
const SEED: &str = "42";

/// Twelve choice questions. `easy` everyone gets right; `keyerr` is keyed
/// to a wrong option; nobody picks `q2`'s `wrong c`.
fn deck_json() -> String {
    let mut cards = Vec::new();
    for j in 0..10 {
        cards.push(format!(
            r#"{{"id": "q{j}", "kind": "choice", "tags": ["{tag}"], "explanation": "e",
              "source": {{"section": "Facts", "bullet": 1}},
              "prompt": "Question {j}?",
              "choices": ["right {j}", "wrong {j} a", "wrong {j} b", "wrong {j} c"],
              "answers": ["right {j}"]}}"#,
            tag = if j % 2 == 0 { "design" } else { "safety" }
        ));
    }
    cards.push(
        r#"{"id": "easy", "kind": "choice", "tags": ["design"], "explanation": "e",
          "source": {"section": "Facts", "bullet": 1}, "prompt": "Easy?",
          "choices": ["yes", "no", "maybe"], "answers": ["yes"]}"#
            .into(),
    );
    cards.push(
        r#"{"id": "keyerr", "kind": "choice", "tags": ["results"], "explanation": "e",
          "source": {"section": "Facts", "bullet": 1}, "prompt": "Key error?",
          "choices": ["true fact", "mistaken key", "other a", "other b"],
          "answers": ["mistaken key"]}"#
            .into(),
    );
    format!(
        r#"{{"format": 1, "id": "class", "title": "Class", "cards": [{}]}}"#,
        cards.join(",\n")
    )
}

/// A small seeded generator, so the answers are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The option learner `i` picks for `card`: right when ability plus noise
/// beats the question's difficulty, else a wrong option. On `keyerr` the
/// stronger half picks the true fact, which is keyed wrong.
fn pick(card: &str, i: usize, rng: &mut Lcg) -> String {
    let ability = i as f64 / (LEARNERS - 1) as f64;
    let noise = 0.3 * (rng.next() - 0.5);
    match card {
        "easy" => "yes".into(),
        "keyerr" if ability > 0.4 => "true fact".into(),
        "keyerr" => ["mistaken key", "other a", "other b"][(rng.next() * 3.0) as usize].into(),
        _ => {
            let j: usize = card[1..].parse().unwrap();
            let difficulty = 0.1 + 0.08 * j as f64;
            if ability + noise > difficulty {
                format!("right {j}")
            } else {
                // Nobody picks q2's `wrong c`.
                let wrong = if j == 2 { 2.0 } else { 3.0 };
                format!(
                    "wrong {j} {}",
                    ["a", "b", "c"][(rng.next() * wrong) as usize]
                )
            }
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `exam --json` on `deck` with `answers`, as `learner`.
fn exam(home: &Path, deck: &Path, seed: &str, learner: &str, answers: &str) -> Value {
    let run = common::output(
        common::trialdrill(home).args([
            "exam",
            "--deck",
            deck.to_str().unwrap(),
            "--count",
            "12",
            "--seed",
            seed,
            "--learner",
            learner,
            "--json",
        ]),
        answers,
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap()
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path
}

/// A class of 30: the results, in the order the learners sat.
struct Class {
    dir: tempfile::TempDir,
    deck: PathBuf,
    files: Vec<PathBuf>,
    results: Vec<Value>,
}

fn class() -> Class {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("class.json");
    std::fs::write(&deck, deck_json()).unwrap();
    let home = dir.path().join("home");
    // A first sitting shows the questions and the order of their options,
    // the same for every learner with the same seed.
    let probe = exam(&home, &deck, SEED, "probe", &"1\n".repeat(12));
    let questions = probe["questions"].as_array().unwrap().clone();
    let mut rng = Lcg(7);
    let mut files = Vec::new();
    let mut results = Vec::new();
    for i in 0..LEARNERS {
        let answers: String = questions
            .iter()
            .map(|q| {
                let choice = pick(q["card"].as_str().unwrap(), i, &mut rng);
                let options = q["options"].as_array().unwrap();
                let n = options.iter().position(|o| o == &choice).unwrap();
                format!("{}\n", n + 1)
            })
            .collect();
        let result = exam(&home, &deck, SEED, &format!("learner {i:02}"), &answers);
        files.push(write(dir.path(), &format!("r{i:02}.json"), &result));
        results.push(result);
    }
    Class {
        dir,
        deck,
        files,
        results,
    }
}

fn run_report(files: &[PathBuf], extra: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    common::output(
        common::trialdrill(home.path())
            .args(["class", "report"])
            .args(files)
            .args(extra),
        "",
    )
}

fn report_json(files: &[PathBuf]) -> Value {
    let run = run_report(files, &["--json"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap()
}

fn question<'a>(report: &'a Value, card: &str) -> &'a Value {
    report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["card"] == card)
        .unwrap()
}

/// Right or wrong per learner and question, as the results say.
fn matrix(results: &[Value]) -> Vec<Vec<f64>> {
    results
        .iter()
        .map(|r| {
            r["questions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| if q["correct"] == true { 1.0 } else { 0.0 })
                .collect()
        })
        .collect()
}

/// Pearson's r, computed here apart from the program's.
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

fn close(value: &Value, expected: f64) {
    let v = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is no number"));
    assert!((v - expected).abs() < 1e-9, "{v} is not {expected}");
}

#[test]
fn the_report_flags_the_wrong_key_and_its_figures_match_a_computation_here() {
    let class = class();
    let report = report_json(&class.files);
    assert_eq!(report["class"]["learners"], LEARNERS);
    assert_eq!(report["exam"]["seed"], 42);
    assert_eq!(report["notes"], serde_json::json!([]));

    let keyerr = question(&report, "keyerr");
    let flags = keyerr["flags"].as_array().unwrap();
    assert!(
        flags.contains(&"negative_discrimination".into()),
        "{keyerr}"
    );
    assert!(
        keyerr["point_biserial"].as_f64().unwrap() < -0.3,
        "{keyerr}"
    );
    assert!(keyerr["upper_lower"].as_f64().unwrap() < 0.0, "{keyerr}");
    // The upper group all chose the true fact.
    let options = keyerr["choices"]["options"].as_array().unwrap();
    let fact = options.iter().find(|o| o["option"] == "true fact").unwrap();
    assert_eq!(fact["correct"], false);
    assert_eq!(fact["picked"]["upper"], 8);
    assert_eq!(report["class"]["group_size"], 8);
    for q in report["questions"].as_array().unwrap() {
        let negative = q["flags"]
            .as_array()
            .unwrap()
            .contains(&"negative_discrimination".into());
        assert_eq!(negative, q["card"] == "keyerr", "only the wrong key: {q}");
    }

    let easy = question(&report, "easy");
    close(&easy["facility"], 1.0);
    assert!(
        easy["flags"]
            .as_array()
            .unwrap()
            .contains(&"too_easy".into())
    );
    assert_eq!(easy["point_biserial"], Value::Null);
    assert_eq!(
        easy["undefined"]["point_biserial"],
        "everyone answered it right"
    );
    assert_eq!(
        question(&report, "q2")["unused_distractors"],
        serde_json::json!(["wrong 2 c"])
    );

    // Facility and point-biserial of every question, and KR-20, from the
    // results themselves.
    let m = matrix(&class.results);
    let scores: Vec<f64> = m.iter().map(|row| row.iter().sum()).collect();
    let k = m[0].len();
    for (j, q) in report["questions"].as_array().unwrap().iter().enumerate() {
        let item: Vec<f64> = m.iter().map(|row| row[j]).collect();
        let right = item.iter().sum::<f64>();
        assert_eq!(q["right"], right as usize);
        close(&q["facility"], right / LEARNERS as f64);
        if right > 0.0 && right < LEARNERS as f64 {
            let rest: Vec<f64> = scores.iter().zip(&item).map(|(s, x)| s - x).collect();
            close(&q["point_biserial"], pearson(&item, &rest));
        }
    }
    let mean = scores.iter().sum::<f64>() / LEARNERS as f64;
    let variance = scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / LEARNERS as f64;
    let pq: f64 = (0..k)
        .map(|j| {
            let p = m.iter().map(|row| row[j]).sum::<f64>() / LEARNERS as f64;
            p * (1.0 - p)
        })
        .sum();
    close(
        &report["class"]["kr20"],
        k as f64 / (k - 1) as f64 * (1.0 - pq / variance),
    );
    close(&report["class"]["mean"], mean);

    // The text report says the same, within 80 columns.
    let run = run_report(&class.files, &[]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let out = text(&run.stdout);
    assert!(
        out.contains("Class report: 30 learners, exam seed 42"),
        "{out}"
    );
    assert!(out.contains("negative discrimination"), "{out}");
    assert!(out.contains("never chosen"), "{out}");
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
}

#[test]
fn a_result_of_another_exam_is_refused_with_the_reason() {
    let class = class();
    let home = class.dir.path().join("other");
    let other = exam(&home, &class.deck, "43", "stray", &"1\n".repeat(12));
    let stray = write(class.dir.path(), "stray.json", &other);
    let mut files = class.files.clone();
    files.push(stray);
    let run = run_report(&files, &["--json"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(run.stdout.is_empty());
    let err = text(&run.stderr);
    assert!(
        err.contains("stray.json is not a result of the same exam as"),
        "{err}"
    );
    assert!(err.contains("its seed is 43, not 42"), "{err}");

    // Another count, and other questions under the same seed and count.
    let mut fewer = class.results[0].clone();
    fewer["questions"].as_array_mut().unwrap().pop();
    let fewer = write(class.dir.path(), "fewer.json", &fewer);
    let err = text(&run_report(&[class.files[0].clone(), fewer], &[]).stderr);
    assert!(err.contains("it has 11 questions, not 12"), "{err}");
    let mut swapped = class.results[1].clone();
    swapped["questions"][0]["card"] = "q9x".into();
    let swapped = write(class.dir.path(), "swapped.json", &swapped);
    let err = text(&run_report(&[class.files[0].clone(), swapped], &[]).stderr);
    assert!(err.contains("question 1 is class/q9x, not class/"), "{err}");
}

#[test]
fn a_learner_twice_keeps_the_latest_and_older_results_still_read() {
    let class = class();
    // learner 00 again, later, all right this time.
    let mut again = class.results[0].clone();
    again["ended"] = "2099-01-01T00:00:00Z".into();
    for q in again["questions"].as_array_mut().unwrap() {
        q["correct"] = true.into();
    }
    let again = write(class.dir.path(), "again.json", &again);
    // An older result: no learner, kind, options or picks.
    let mut old = class.results[1].clone();
    old.as_object_mut().unwrap().remove("learner");
    for q in old["questions"].as_array_mut().unwrap() {
        let q = q.as_object_mut().unwrap();
        for field in ["kind", "options", "picked", "correct_options"] {
            q.remove(field);
        }
    }
    let old = write(class.dir.path(), "old-one.json", &old);
    let mut files = vec![class.files[0].clone(), again, old];
    files.extend(class.files[2..].iter().cloned());
    let report = report_json(&files);
    assert_eq!(report["class"]["learners"], LEARNERS);
    let notes = report["notes"].as_array().unwrap();
    let said = |needle: &str| notes.iter().any(|n| n.as_str().unwrap().contains(needle));
    assert!(said("learner 00: 2 results"), "{notes:?}");
    assert!(said("kept "), "{notes:?}");
    assert!(said("old-one.json names no learner"), "{notes:?}");
    assert!(
        said("1 of 30 results record no options picked"),
        "{notes:?}"
    );
    let first = report["learners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["learner"] == "learner 00")
        .unwrap();
    assert_eq!(first["right"], 12);
    assert!(first["file"].as_str().unwrap().ends_with("again.json"));
    let keyerr = question(&report, "keyerr");
    assert_eq!(keyerr["choices"]["recorded"], LEARNERS - 1);
}

#[test]
fn a_damaged_result_is_refused_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"seed\": 42,\n  \"decks\": [\"a\",]\n}").unwrap();
    let run = run_report(&[bad], &[]);
    assert_eq!(run.status.code(), Some(2));
    let err = text(&run.stderr);
    assert!(err.contains("bad.json:3:"), "{err}");
    let empty = dir.path().join("null.json");
    std::fs::write(&empty, "null\n").unwrap();
    let err = text(&run_report(&[empty], &[]).stderr);
    assert!(err.contains("null.json: holds no result"), "{err}");
}

/// Each element of the page, as parsed by an XML parser.
fn elements(page: &str) -> Vec<(String, Vec<(String, String)>)> {
    let doc = roxmltree::Document::parse_with_options(
        page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("the page is not well-formed: {e}"));
    doc.descendants()
        .filter(roxmltree::Node::is_element)
        .map(|n| {
            let attributes = n
                .attributes()
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect();
            (n.tag_name().name().to_string(), attributes)
        })
        .collect()
}

#[test]
fn the_html_page_is_well_formed_self_contained_and_escapes_hostile_text() {
    let class = class();
    // The first result gives the prompts shown.
    let mut hostile = class.results[0].clone();
    hostile["learner"] = "<script>alert(1)</script>\u{1b}]52;c;eA==\u{7}Eve".into();
    hostile["questions"][0]["prompt"] = "<img src=x onerror=alert(2)> & \u{1b}[2J".into();
    let mut files = class.files.clone();
    files[0] = write(class.dir.path(), "hostile.json", &hostile);
    let page_path = class.dir.path().join("class.html");
    let run = run_report(&files, &["--html", page_path.to_str().unwrap()]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(!run.stdout.contains(&0x1b), "the text report is sanitised");
    let page = std::fs::read_to_string(&page_path).unwrap();
    assert!(!page.contains('\u{1b}'));
    let elements = elements(&page);
    let names: Vec<&str> = elements.iter().map(|(n, _)| n.as_str()).collect();
    for forbidden in ["script", "img", "link", "iframe", "object", "embed"] {
        assert!(!names.contains(&forbidden), "a <{forbidden}> element");
    }
    assert!(names.iter().filter(|&&n| n == "svg").count() >= 4, "charts");
    for (name, attributes) in &elements {
        for (key, value) in attributes {
            // Links only to places in the page itself.
            let local = key == "href" && value.starts_with('#');
            assert!(
                local || !["src", "href", "action", "srcset", "poster"].contains(&key.as_str()),
                "<{name} {key}={value:?}>"
            );
            assert!(!value.contains("url("), "<{name} {key}={value:?}>");
        }
    }
    for fetch in ["http://", "https://", "@import", "url("] {
        assert!(!page.contains(fetch), "{fetch} in the page");
    }
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;Eve"));
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt; &amp; "));

    // A second run keeps the page unless --force.
    let again = run_report(&files, &["--html", page_path.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("already exists"));
    let forced = run_report(&files, &["--html", page_path.to_str().unwrap(), "--force"]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
}
