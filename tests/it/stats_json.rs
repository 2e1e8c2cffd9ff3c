//! `stats --json` over a store built from a scripted history: every figure
//! equals a computation by hand, and stats reads while a session holds the
//! store.

use std::process::Command;

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Value, json};
use trialdrill::engine::schedule::{DayClock, Rating, Scheduler, add_days};
use trialdrill::store::{Access, Event, ExamQuestion, ExamRecord, Review, Store, new_id};

const BIN: &str = env!("CARGO_BIN_EXE_trialdrill");

/// Five cards: a (design), b (safety), c (safety, outcome), d (a self-rated
/// flashcard, design), e (outcome).
const DECK: &str = r#"{
  "format": 1, "id": "t", "title": "Stats deck",
  "cards": [
    {"id": "a", "kind": "truefalse", "tags": ["design"], "explanation": "x",
     "source": {"section": "S", "bullet": 1}, "prompt": "A?", "answer": true},
    {"id": "b", "kind": "truefalse", "tags": ["safety"], "explanation": "x",
     "source": {"section": "S", "bullet": 2}, "prompt": "B?", "answer": true},
    {"id": "c", "kind": "truefalse", "tags": ["safety", "outcome"], "explanation": "x",
     "source": {"section": "S", "bullet": 3}, "prompt": "C?", "answer": true},
    {"id": "d", "kind": "basic", "tags": ["design"], "explanation": "x",
     "source": {"section": "S", "bullet": 4}, "front": "D?", "back": "D"},
    {"id": "e", "kind": "truefalse", "tags": ["outcome"], "explanation": "x",
     "source": {"section": "S", "bullet": 5}, "prompt": "E?", "answer": true}
  ]
}"#;

struct Script {
    store: Store,
    today: Date,
}

impl Script {
    /// A review `ago` days before today, due `interval` days after it.
    fn review(
        &mut self,
        ago: i64,
        card: &str,
        rating: Rating,
        seconds: f64,
        interval: i64,
    ) -> String {
        let day = add_days(self.today, -ago);
        let id = new_id();
        let correct = match card {
            "d" => None,
            _ => Some(rating != Rating::Again),
        };
        self.store
            .append(&Event::Review(Review {
                id: id.clone(),
                device: "t".into(),
                deck: "t".into(),
                card: card.into(),
                time: Timestamp::now(),
                day,
                rating,
                correct,
                answer: String::new(),
                seconds,
                overruled: false,
                due: add_days(day, interval),
            }))
            .unwrap();
        id
    }

    fn exam(&mut self, ago: i64, questions: &[(&str, &[&str], bool)]) {
        let questions: Vec<ExamQuestion> = questions
            .iter()
            .map(|(card, tags, correct)| ExamQuestion {
                deck: "t".into(),
                card: (*card).into(),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                answer: correct.then(|| "true".into()),
                correct: *correct,
                seconds: 1.0,
                options: None,
                picked: None,
                overruled: false,
            })
            .collect();
        let now = Timestamp::now();
        self.store
            .append(&Event::Exam(ExamRecord {
                id: new_id(),
                device: "t".into(),
                started: now,
                ended: now,
                day: add_days(self.today, -ago),
                decks: vec!["t".into()],
                seed: 1,
                minutes: None,
                correct: questions.iter().filter(|q| q.correct).count() as u32,
                questions,
                learner: None,
            }))
            .unwrap();
    }
}

#[test]
fn every_figure_of_stats_json_matches_a_hand_computation() {
    let home = tempfile::tempdir().unwrap();
    let deck = home.path().join("deck.json");
    std::fs::write(&deck, DECK).unwrap();
    let today = DayClock::in_zone(trialdrill::clock::local_zone()).day_of(Timestamp::now());
    let store = Store::open(home.path(), Access::Write, Scheduler::default_params()).unwrap();
    let mut s = Script { store, today };
    use Rating::*;
    s.review(40, "b", Good, 10.0, 5); // 1: b's first review
    s.review(20, "a", Good, 5.0, 5); // 2: a's first review
    s.review(15, "a", Good, 6.0, 10); // 3: recalled (30-day window)
    s.review(5, "a", Again, 7.0, 0); // 4: forgotten, a lapse (7 and 30)
    s.review(5, "a", Good, 8.0, 8); // 5: recalled (7 and 30)
    s.review(5, "b", Hard, 9.0, 8); // 6: recalled (7 and 30)
    s.review(1, "c", Good, 4.0, 3); // 7: c's first review
    s.review(0, "d", Again, 3.0, 0); // 8: d's first review, self-rated
    let undone = s.review(0, "e", Good, 2.0, 5); // 9: taken back below
    s.store
        .append(&Event::Undo {
            id: new_id(),
            undoes: undone,
            time: Timestamp::now(),
        })
        .unwrap();
    s.review(0, "b", Again, 5.0, 0); // 10: forgotten, a lapse (7 and 30)
    s.exam(
        2,
        &[
            ("a", &["design"], true),
            ("c", &["safety", "outcome"], false),
        ],
    );
    s.exam(
        0,
        &[
            ("b", &["safety"], true),
            ("c", &["safety", "outcome"], true),
            ("e", &["outcome"], false),
        ],
    );
    let until = add_days(today, 10);
    // The session stays open (the lock held) while stats reads.
    let output = Command::new(BIN)
        .args(["stats", "--json", "--leech-threshold", "1", "--until"])
        .arg(until.to_string())
        .arg("--deck")
        .arg(&deck)
        .env("TRIALDRILL_HOME", home.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let d = &report["decks"][0];

    assert_eq!(report["format"], 1);
    assert_eq!(report["today"], today.to_string());
    assert_eq!(d["id"], "t");
    // a: due in 3 days; c: due in 2; b and d: last answered Again today; e:
    // its only review was taken back.
    assert_eq!(d["cards"], json!({"new": 1, "learning": 2, "review": 2}));
    assert_eq!(d["due_today"], 2);
    let forecast: Vec<(String, u64)> = d["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["date"].as_str().unwrap().into(),
                f["cards"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, u64)> = (1..=14)
        .map(|i| (add_days(today, i).to_string(), u64::from(i == 2 || i == 3)))
        .collect();
    assert_eq!(forecast, expected);
    // Reviews of cards first studied on an earlier day: 4, 5, 6, 10 in the
    // last 7 days (2 recalled); 3 too in the last 30 (3 of 5).
    assert_eq!(
        d["retention_7_days"],
        json!({"hits": 2, "total": 4, "rate": 0.5})
    );
    assert_eq!(
        d["retention_30_days"],
        json!({"hits": 3, "total": 5, "rate": 0.6})
    );
    // design: reviews of a 3/4, exam 1/1; safety: reviews of b 2/3 and c 1/1,
    // exams 2/3; outcome: review of c 1/1, exams 1/3.
    assert_eq!(
        d["tags"],
        json!([
            {"tag": "outcome", "hits": 2, "total": 4, "rate": 0.5},
            {"tag": "safety", "hits": 5, "total": 7, "rate": 5.0 / 7.0},
            {"tag": "design", "hits": 4, "total": 5, "rate": 0.8},
        ])
    );
    // Today and yesterday; nothing two days ago.
    assert_eq!(d["streak_days"], 2);
    assert_eq!(
        d["time"],
        json!({
            "today_seconds": 3.0 + 5.0,
            "last_7_days_seconds": 7.0 + 8.0 + 9.0 + 4.0 + 3.0 + 5.0,
            "total_seconds": 10.0 + 5.0 + 6.0 + 7.0 + 8.0 + 9.0 + 4.0 + 3.0 + 5.0,
        })
    );
    let (first, second) = (50.0, 200.0 / 3.0);
    assert_eq!(
        d["exams"],
        json!({
            "history": [
                {"date": add_days(today, -2).to_string(), "correct": 1, "questions": 2, "score": first},
                {"date": today.to_string(), "correct": 2, "questions": 3, "score": second},
            ],
            "best": second,
            "trend": second - first,
        })
    );
    // a and b each forgot once after being learned; d's first Again is no lapse.
    assert_eq!(
        d["leeches"],
        json!([{"card": "a", "lapses": 1}, {"card": "b", "lapses": 1}])
    );
    let recall: Vec<f64> = ["a", "b", "c", "d"]
        .iter()
        .map(|c| {
            f64::from(
                s.store
                    .scheduler()
                    .retrievability(s.store.state("t", c).unwrap(), until),
            )
        })
        .collect();
    let below = recall.iter().filter(|&&r| r < 0.9).count();
    assert_eq!(d["until"]["date"], until.to_string());
    assert_eq!(d["until"]["new"], 1);
    assert_eq!(d["until"]["below_target"], below);
    let mean = d["until"]["mean_recall"].as_f64().unwrap();
    assert!(
        (mean - recall.iter().sum::<f64>() / 4.0).abs() < 1e-9,
        "{mean}"
    );
}
