//! Tests of the grader through its public API: for every rule, answers that
//! must become right beside answers that must stay wrong, and every example
//! of issue 10.

use super::*;
use crate::deck::{Card, Position, Source};

fn card(id: &str, body: Body) -> Card {
    Card {
        id: id.into(),
        tags: vec!["t".into()],
        explanation: String::new(),
        source: Source {
            section: "S".into(),
            bullet: 1,
            deck: None,
            quote: None,
        },
        also: Vec::new(),
        note: None,
        body,
        position: Position::default(),
    }
}

fn typed(prompt: &str, answers: &[&str]) -> Body {
    Body::Typed {
        prompt: prompt.into(),
        answers: answers.iter().map(|a| a.to_string()).collect(),
    }
}

fn numeric(prompt: &str, value: f64, tolerance: f64, unit: &str) -> Body {
    Body::Numeric {
        prompt: prompt.into(),
        value,
        tolerance,
        unit: unit.into(),
    }
}

fn cloze(text: &str) -> Body {
    Body::Cloze { text: text.into() }
}

fn verdict(body: &Body, number: Option<u32>, response: Response) -> Verdict {
    let card = card("c", body.clone());
    Grader::for_decks([]).grade(
        &Item {
            card: &card,
            cloze: number,
        },
        &response,
    )
}

fn check(body: Body, cloze: Option<u32>, response: Response) -> Option<bool> {
    verdict(&body, cloze, response).correct
}

fn text(s: &str) -> Response {
    Response::Text(s.into())
}

/// Asserts that every answer of `right` is accepted and every answer of
/// `wrong` rejected.
fn grades(body: Body, number: Option<u32>, right: &[&str], wrong: &[&str]) {
    for r in right {
        assert_eq!(
            verdict(&body, number, text(r)).correct,
            Some(true),
            "{r:?} should be right for {body:?}"
        );
    }
    for w in wrong {
        assert_eq!(
            verdict(&body, number, text(w)).correct,
            Some(false),
            "{w:?} should be wrong for {body:?}"
        );
    }
}

#[test]
fn numeric_answers_count_within_tolerance() {
    let body = || numeric("p", 31.0, 0.05, "%");
    assert_eq!(check(body(), None, text("31")), Some(true));
    assert_eq!(check(body(), None, text(" 31.04 % ")), Some(true));
    assert_eq!(check(body(), None, text("31,0")), Some(true));
    assert_eq!(check(body(), None, text("31.1")), Some(false));
    assert_eq!(check(body(), None, text("thirty")), Some(false));
    assert_eq!(check(body(), None, text("31 or 32")), Some(false));
}

#[test]
fn typed_answers_ignore_case_spacing_and_punctuation() {
    let body = || typed("p", &["modified Rankin scale", "mRS"]);
    assert_eq!(
        check(body(), None, text("  Modified   rankin-scale. ")),
        Some(true)
    );
    assert_eq!(check(body(), None, text("MRS")), Some(true));
    assert_eq!(check(body(), None, text("NIHSS")), Some(false));
    assert_eq!(check(body(), None, text("")), Some(false));
    assert!(text_matches("0.6 mg/kg", "0.6"));
    assert!(text_matches("0.6 mg/kg", "0,6 MG per kg"));
    assert!(text_matches("0–3", "0-3"));
    assert!(!text_matches("0.6 mg/kg", "6 mg/kg"));
}

#[test]
fn cloze_items_are_graded_against_their_own_deletion() {
    let body = || cloze("mRS {{c1::0-3}} at {{c2::90}} days, {{c2::again}}");
    assert_eq!(check(body(), Some(1), text("0 to 3")), Some(true));
    assert_eq!(check(body(), Some(1), text("0 3 mRS")), Some(false));
    assert_eq!(check(body(), Some(1), text("0–3")), Some(true));
    assert_eq!(check(body(), Some(2), text("90, again")), Some(true));
    assert_eq!(check(body(), Some(2), text("91, again")), Some(false));
    let card = card("c", body());
    assert_eq!(
        expected_answer(&Item {
            card: &card,
            cloze: Some(2)
        }),
        "90; again"
    );
}

#[test]
fn choices_must_match_exactly_the_right_set() {
    let body = || Body::Choice {
        prompt: "p".into(),
        choices: vec!["a".into(), "b".into(), "c".into()],
        answers: vec!["a".into(), "c".into()],
    };
    let pick = |v: &[&str]| Response::Choices(v.iter().map(|s| s.to_string()).collect());
    assert_eq!(check(body(), None, pick(&["c", "a"])), Some(true));
    assert_eq!(check(body(), None, pick(&["a"])), Some(false));
    assert_eq!(check(body(), None, pick(&["a", "b", "c"])), Some(false));
}

#[test]
fn true_false_and_basic() {
    let tf = || Body::TrueFalse {
        prompt: "p".into(),
        answer: false,
    };
    assert_eq!(check(tf(), None, Response::Bool(false)), Some(true));
    assert_eq!(check(tf(), None, Response::Bool(true)), Some(false));
    let basic = Body::Basic {
        front: "f".into(),
        back: "b".into(),
    };
    assert_eq!(check(basic, None, Response::Revealed), None);
    assert_eq!(check(tf(), None, text("false")), Some(false), "wrong shape");
}

#[test]
fn unicode_folds_case_accents_dashes_signs_and_quotes() {
    grades(
        typed("Which disease?", &["Ménière's disease"]),
        None,
        &[
            "Meniere's disease",
            "MENIERE'S DISEASE",
            "Menière’s disease",
            "Menieres disease",
            "  meniere's   disease. ",
        ],
        &["Meniere", "Menier's syndrome"],
    );
    let range = || cloze("The primary outcome was mRS {{c1::0-3}} at 90 days.");
    let dashes = ["-", "–", "—", "−", "‐", "‑", "‒", "﹣", "－"];
    let typed: Vec<String> = dashes.iter().map(|d| format!("0{d}3")).collect();
    let typed: Vec<&str> = typed.iter().map(String::as_str).collect();
    grades(range(), Some(1), &typed, &["0-2", "0–4"]);
    grades(
        cloze("A pre-stroke mRS of {{c1::≤1}} was required."),
        Some(1),
        &["≤1", "<=1", "=<1", "≤ 1"],
        &[">=1", "≥1", "<=2"],
    );
    assert!(text_matches("≥6", ">=6"));
    assert!(text_matches("2× higher", "2x higher"));
    assert!(text_matches(
        "People’s Republic of China",
        "People's Republic of China"
    ));
    assert!(text_matches("P.R.O.B.E.", "probe"));
}

#[test]
fn ranges_are_one_range_however_written() {
    // "defined as ASPECTS [...]", issue 10.
    grades(
        cloze("It tested EVT in a large ischaemic core, defined as ASPECTS {{c1::3-5}}."),
        Some(1),
        &[
            "3-5",
            "3–5",
            "3 to 5",
            "between 3 and 5",
            "ASPECTS 3-5",
            "aspects 3 – 5",
            "three to five",
        ],
        &["3-6", "0-5", "≤5", "4-5", "3", "5", "NIHSS 3-5", "3 or 5"],
    );
    // Pre-stroke "mRS [...]": consecutive integers and bounds from zero.
    grades(
        cloze("Patients had a pre-stroke mRS {{c1::0-1}}."),
        Some(1),
        &[
            "0-1",
            "0 or 1",
            "≤1",
            "<=1",
            "<2",
            "mRS 0-1",
            "1 or less",
            "at most 1",
            "0 to 1",
        ],
        &[
            "0-2", "≤2", "<1", "1", "0", "0 or 2", "1-2", "≥1", "mRS 0-2",
        ],
    );
    // A range from zero is the bound in a typed answer too.
    grades(
        typed("Which outcome?", &["mRS ≤3"]),
        None,
        &["mRS 0-3", "mRS 0 to 3", "mRS 3 or less", "mrs <4"],
        &["mRS 0-2", "mRS ≥3", "mRS 1-3"],
    );
}

#[test]
fn numbers_are_read_the_way_clinicians_type_them() {
    let p = || {
        numeric(
            "What was the P value for the primary outcome (unitless)?",
            0.002,
            0.0005,
            "",
        )
    };
    grades(
        p(),
        None,
        &[
            "0.002",
            "P=0.002",
            "P = 0.002",
            "p=.002",
            ".002",
            "0,002",
            "p 0.002",
            "p<0.002",
        ],
        &["0.02", "0.2", "0.003", "2", "P=0.02", "not 0.002"],
    );
    let n = || {
        numeric(
            "How many patients were randomised in total, in patients?",
            203.0,
            0.0,
            "patients",
        )
    };
    grades(
        n(),
        None,
        &[
            "203",
            "n = 203",
            "n=203",
            "203 patients",
            "203 pts",
            "N 203",
            "about 203",
        ],
        &["202", "204", "203 centres", "<203", "203 or 204"],
    );
    let nnt = || {
        numeric(
            "About how many patients needed EVT for one more to benefit (NNT), in patients?",
            5.5,
            0.5,
            "patients",
        )
    };
    grades(
        nnt(),
        None,
        &[
            "NNT 5.5",
            "5.5",
            "about 6",
            "~6",
            "≈ 5",
            "approximately 6",
            "NNT = 5.5",
        ],
        &["7", "4", "NNT 7"],
    );
    let six = || {
        numeric(
            "Within how many hours did groin puncture have to be possible, in hours?",
            6.0,
            0.0,
            "hours",
        )
    };
    grades(
        six(),
        None,
        &[
            "6",
            "about 6",
            "6 h",
            "6h",
            "6 hr",
            "6 hrs",
            "6 hours",
            "six hours",
            "within 6 hours",
            "<6 h",
            "360 minutes",
            "0.25 days",
        ],
        &["7", "6 days", "6 min", ">6 h", "6 patients", "4.5"],
    );
    let dose = || {
        numeric(
            "What dose of IV alteplase was given, in mg/kg?",
            0.6,
            0.05,
            "mg/kg",
        )
    };
    grades(
        dose(),
        None,
        &[
            "0.6",
            "0.6mg/kg",
            "0.6 mg/kg",
            "0,6 mg/kg",
            ".6",
            "0.6 mg per kg",
            "0.60",
        ],
        &["0.9", "0.9 mg/kg", "6", "0.6 mg", "60"],
    );
    let days = || numeric("How long was follow-up, in days?", 90.0, 0.0, "days");
    grades(
        days(),
        None,
        &[
            "90", "90 d", "90 days", "90days", "90-day", "3 months", "day 90",
        ],
        &["30", "90 hours", "3 weeks"],
    );
    let share = || {
        numeric(
            "What share reached the primary outcome, in %?",
            31.0,
            0.05,
            "%",
        )
    };
    grades(
        share(),
        None,
        &[
            "31",
            "31.0",
            "31%",
            "31 %",
            "31 percent",
            "31 per cent",
            "31.0 pct",
        ],
        &["31.1", "0.31", "31 days"],
    );
    let points = || {
        numeric(
            "By how many percentage points did it differ?",
            18.3,
            0.05,
            "percentage points",
        )
    };
    grades(
        points(),
        None,
        &[
            "18.3",
            "18.3%",
            "18.3 pp",
            "18.3 percentage points",
            "18.3 points",
        ],
        &["18", "18.3 mg"],
    );
    let volume = || {
        numeric(
            "The core had to be smaller than what volume, in mL?",
            70.0,
            0.0,
            "mL",
        )
    };
    grades(
        volume(),
        None,
        &["70", "70 mL", "70ml", "70 ML", "<70 mL", "less than 70"],
        &["50", ">70", "70 mg"],
    );
    let minutes = || {
        numeric(
            "Within how many minutes did EVT have to start, in minutes?",
            60.0,
            0.0,
            "minutes",
        )
    };
    grades(
        minutes(),
        None,
        &["60", "60 min", "60 mins", "60 minutes", "1 hour", "1h"],
        &["90", "60 hours"],
    );
    let total = || {
        numeric(
            "How many patients did the meta-analysis include?",
            1362.0,
            0.0,
            "patients",
        )
    };
    grades(total(), None, &["1362", "1,362"], &["1.362", "1,36", "136"]);
    let or = || numeric("What odds ratio was quoted (unitless)?", 2.77, 0.03, "");
    grades(
        or(),
        None,
        &["2.77", "OR 2.77", "OR = 2.8", "odds ratio 2.77", "2.77x"],
        &["2.7", "2.77%", "OR 1.67"],
    );
    let hr = || numeric("What hazard ratio was reported (unitless)?", 0.67, 0.0, "");
    grades(
        hr(),
        None,
        &["HR 0.67", "0.67", "hr 0.67"],
        &["0.76", "0.67 hr"],
    );
    let words = || {
        numeric(
            "How many centres took part, in centres?",
            20.0,
            0.0,
            "centres",
        )
    };
    grades(
        words(),
        None,
        &[
            "twenty",
            "20",
            "20 centers",
            "20 sites",
            "20 hospitals",
            "Twenty centres",
        ],
        &["twelve", "21", "two"],
    );
    let age = || {
        numeric(
            "What was the upper age limit, in years?",
            80.0,
            0.0,
            "years",
        )
    };
    grades(
        age(),
        None,
        &[
            "80",
            "80 years",
            "80 yrs",
            "80 yo",
            "≤80",
            "up to 80",
            "80 or younger",
            "eighty",
        ],
        &["85", ">80", "80 days"],
    );
    let nihss = || {
        numeric(
            "What was the minimum NIHSS score, in points?",
            6.0,
            0.0,
            "points",
        )
    };
    grades(
        nihss(),
        None,
        &["6", "≥6", "6 or more", "at least 6", ">5", "NIHSS 6", "6+"],
        &["≥8", ">6", "≤6", "5"],
    );
}

#[test]
fn a_number_in_a_cloze_or_typed_answer_compares_by_value() {
    grades(
        cloze("Treatment had to start within {{c1::6}} hours."),
        Some(1),
        &[
            "6",
            "6 h",
            "6 hours",
            "6h",
            "six",
            "360 min",
            "<6 h",
            "within 6 hours",
        ],
        &["7", "6 days", ">6 h", "16"],
    );
    grades(
        cloze("The rate was {{c1::31.0}}% with EVT vs {{c2::12.7}}% with medical care."),
        Some(1),
        &["31", "31.0", "31%", "31.0 %", "31% with EVT"],
        &["31.1", "12.7", "31 vs 12.7"],
    );
    grades(
        cloze("The P value was P = {{c1::0.004}}."),
        Some(1),
        &["0.004", ".004", "P=0.004", "p = 0.004", "P<0.004"],
        &["0.04", "0.001"],
    );
    grades(
        cloze(
            "An NIHSS of at least {{c1::6}} and a pre-stroke mRS of at most {{c2::2}} were required.",
        ),
        Some(2),
        &["2", "≤2", "0-2", "2 or less"],
        &["≥2", "6", "0-1"],
    );
    grades(
        cloze("Counts: {{c1::13}} of {{c1::102}} with medical care."),
        Some(1),
        &["13 of 102", "13/102", "13, 102", "13 and 102"],
        &["13", "102", "102/13", "13/100"],
    );
    grades(
        typed("What was the mean age?", &["68 years"]),
        None,
        &["68", "68 years", "68.0"],
        &["86", "68 days"],
    );
}

#[test]
fn a_p_value_may_be_a_bound_only_when_significant() {
    grades(
        cloze("Mortality was 14% vs 26% (P = {{c1::0.05}})."),
        Some(1),
        &["0.05", ".05", "P = 0.05", "0,05"],
        &["<0.05", "P<0.05", "≤0.05", "0.5"],
    );
    grades(
        cloze("Mortality did not differ (P = {{c1::0.68}})."),
        Some(1),
        &["0.68", "P=.68"],
        &["<0.68", "0.068"],
    );
    grades(
        cloze("Any haemorrhage was more frequent (P = {{c1::0.001}})."),
        Some(1),
        &["0.001", "<0.001", "P<0.001"],
        &["0.01", ">0.001"],
    );
    let p = |value: f64| {
        numeric(
            "What was the P value for the primary outcome (unitless)?",
            value,
            0.001,
            "",
        )
    };
    grades(p(0.04), None, &["0.04", "P<0.04"], &["P>0.04", "0.4"]);
    grades(p(0.05), None, &["0.05", "P = .05"], &["P<0.05", "P ≤ 0.05"]);
}

#[test]
fn a_list_of_consecutive_scores_ending_in_or_is_a_range() {
    let aspects = || cloze("A large core was defined as ASPECTS {{c1::3-5}}.");
    grades(
        aspects(),
        Some(1),
        &["3, 4 or 5", "3, 4, or 5", "ASPECTS 3, 4 or 5"],
        &[
            "3, 5 or 6",
            "3, 4 or 6",
            "2, 3, 4 or 5",
            "3, 4, 5",
            "4 or 5",
        ],
    );
    grades(
        cloze("No patients with ASPECTS {{c1::0-2}} were enrolled."),
        Some(1),
        &["0, 1 or 2", "0, 1, or 2"],
        &["0, 1 or 3", "1 or 2"],
    );
}

#[test]
fn a_gap_may_repeat_its_lead_in_after_a_contrast() {
    let lenient = || {
        cloze(
            "The end point was more lenient than mRS {{c1::0-2}}, the usual threshold for independence.",
        )
    };
    grades(
        lenient(),
        Some(1),
        &["0-2", "mRS 0-2", "mRS 0 to 2", "mRS ≤2"],
        &["mRS 0-3", "NIHSS 0-2", "0-1"],
    );
}

#[test]
fn months_shortened_out_of_and_incl_read_as_written_out() {
    grades(
        cloze("The trial enrolled from November {{c1::2018}} to September {{c2::2021}}."),
        Some(1),
        &["2018", "Nov 2018", "November 2018", "nov. 2018"],
        // September is in the text, but beside the other gap.
        &[
            "Oct 2018",
            "Nov 2019",
            "2021",
            "Sept 2018",
            "September 2018",
        ],
    );
    grades(
        cloze("The trial enrolled from November {{c1::2018}} to September {{c2::2021}}."),
        Some(2),
        &["Sept 2021", "Sep 2021"],
        &["Oct 2021", "Sept 2022"],
    );
    grades(
        cloze("Counts: {{c1::13}} of {{c1::102}} with medical care."),
        Some(1),
        &["13 out of 102"],
        &["102 out of 13", "13 out of 100"],
    );
    grades(
        typed(
            "What did the control group receive?",
            &["usual care including IV alteplase"],
        ),
        None,
        &[
            "usual care incl. IV alteplase",
            "usual care incl IV alteplase",
        ],
        &["usual care incl. IV tenecteplase", "incl. IV alteplase"],
    );
}

#[test]
fn a_month_the_question_names_for_something_else_is_not_an_answer() {
    grades(
        typed(
            "Enrolment was put on hold in November 2014; when was the trial halted?",
            &["February 2015"],
        ),
        None,
        &["February 2015", "Feb 2015", "feb. 2015"],
        &["November 2015", "Nov 2015", "November 2014", "2015"],
    );
    grades(
        typed("In which year did enrolment start, in November?", &["2018"]),
        None,
        &["2018", "November 2018", "Nov 2018"],
        &["2019", "September 2018"],
    );
}

#[test]
fn a_ratio_to_one_and_a_spelled_out_unit_are_read() {
    grades(
        numeric(
            "What minimum mismatch ratio did the trial require (unitless)?",
            1.8,
            0.0,
            "",
        ),
        None,
        &["1.8", "1.8:1", "ratio 1.8:1", "≥1.8:1"],
        &["1:1.8", "2:1", "1.2:1", "1.8:2"],
    );
    grades(
        cloze("Alteplase was given to a maximum of {{c1::90 mg}}."),
        Some(1),
        &["90 mg", "90 milligrams", "90 milligram"],
        &["90 micrograms", "90 mg/kg", "0.9 milligrams"],
    );
}

#[test]
fn a_minus_sign_makes_a_difference_negative() {
    let difference = || {
        numeric(
            "What was the adjusted difference in mean utility-weighted mRS between the arms?",
            0.63,
            0.01,
            "",
        )
    };
    grades(
        difference(),
        None,
        &["0.63", "+0.63", ".63", "a difference of 0.63"],
        &["-0.63", "−0.63", "-.63", "(-0.63)"],
    );
    grades(
        cloze("The 95% credible interval of the difference ran from {{c1::-0.09}} to 1.34."),
        Some(1),
        &["-0.09", "−0.09", "-.09"],
        &["0.09", "+0.09"],
    );
    grades(
        typed("What was the 95% credible interval?", &["-0.09 to 1.34"]),
        None,
        &["-0.09 to 1.34", "(-0.09 to 1.34)", "−0.09 – 1.34"],
        &["0.09 to 1.34", "0.09-1.34"],
    );
}

#[test]
fn words_the_question_already_says_may_be_repeated() {
    grades(
        typed(
            "What did the control arm receive, intravenously (IV)?",
            &["alteplase"],
        ),
        None,
        &["IV alteplase", "alteplase", "Alteplase IV"],
        &["IV tenecteplase", "IV", "heparin"],
    );
    grades(
        typed("What acronym names the design of the trial?", &["PROBE"]),
        None,
        &["PROBE design", "probe", "the PROBE design", "PROBE trial"],
        &["PROBE-like", "RCT design", "design"],
    );
    grades(
        cloze("The guideline gives thrombectomy a Class {{c1::1}} recommendation."),
        Some(1),
        &[
            "1",
            "I",
            "Class I",
            "class 1",
            "Class 1 recommendation",
            "one",
        ],
        &["2a", "IIa", "II", "2", "Class 2"],
    );
    // Words after a contrast ("instead of") are the wrong answer, not context.
    grades(
        typed(
            "What did the control arm receive instead of thrombectomy plus medical care?",
            &["medical care alone", "medical care"],
        ),
        None,
        &[
            "medical care",
            "medical care alone",
            "medical treatment alone",
            "medical care only",
        ],
        &[
            "thrombectomy plus medical care",
            "thrombectomy",
            "plus medical care alone",
            "no medical care",
        ],
    );
    // Articles and a trailing trial or study are ignored.
    grades(
        typed("Which trial was stopped early?", &["DEFUSE 3"]),
        None,
        &[
            "the DEFUSE 3 trial",
            "DEFUSE 3 study",
            "Defuse 3",
            "a DEFUSE 3 trial",
        ],
        &["DEFUSE 2", "DEFUSE", "3", "the trial"],
    );
    // A question of two alternatives: repeating the other one is wrong.
    grades(
        typed(
            "Was most of the extra bleeding symptomatic or asymptomatic?",
            &["asymptomatic", "mostly asymptomatic"],
        ),
        None,
        &[
            "asymptomatic",
            "mostly asymptomatic",
            "asymptomatic bleeding",
        ],
        &[
            "symptomatic",
            "mostly symptomatic",
            "symptomatic bleeding",
            "bleeding",
        ],
    );
}

#[test]
fn names_joined_spaced_or_hyphenated_are_one_name() {
    grades(
        typed("Which trial?", &["SELECT2"]),
        None,
        &[
            "SELECT2",
            "SELECT 2",
            "SELECT-2",
            "select 2 trial",
            "SELECT II",
            "the SELECT2 study",
        ],
        &["SELECT 3", "SELECT", "TESLA", "2", "SELECT2 or TESLA"],
    );
    grades(
        typed("Which trial?", &["ANGEL-ASPECT"]),
        None,
        &[
            "ANGELASPECT",
            "Angel Aspect",
            "Angel-Aspect trial",
            "angel-aspect",
            "ANGEL ASPECT",
        ],
        &["ANGEL", "ASPECT", "ASPECTS", "SELECT2"],
    );
}

#[test]
fn roman_class_numbers_are_arabic_where_a_class_is_meant() {
    grades(
        cloze("The guideline gives thrombectomy Class {{c1::2a}} for a very large core."),
        Some(1),
        &["2a", "IIa", "Class IIa", "class 2a", "2A", "IIA"],
        &["2b", "IIb", "2", "II", "1", "I"],
    );
    grades(
        typed("Which phase was the trial?", &["phase 3"]),
        None,
        &["phase III", "Phase 3", "III", "phase three"],
        &["phase II", "phase IV", "phase 3b"],
    );
    // IV stays "intravenous" where no class is meant.
    grades(
        typed("What was the control arm?", &["IV alteplase"]),
        None,
        &["IV alteplase", "intravenous alteplase"],
        &["4 alteplase", "IA alteplase"],
    );
}

#[test]
fn an_author_keeps_the_given_names_the_card_accepts_with_the_surname() {
    grades(
        typed(
            "Give the surname of a first author of the publication.",
            &["Saver", "Jeffrey Saver", "Goyal", "Mayank Goyal"],
        ),
        None,
        &[
            "Dr Jeffrey Saver",
            "Jeffrey L. Saver MD",
            "Prof Mayank Goyal",
            "Dr. Mayank Goyal",
        ],
        &["Mayank Saver", "Jeffrey Goyal", "Goyal Saver"],
    );
}

#[test]
fn typos_are_forgiven_and_reported() {
    let body = typed("What did the control arm receive?", &["IV alteplase"]);
    let v = verdict(&body, None, text("IV altepase"));
    assert_eq!(
        (v.correct, v.spelling.as_deref()),
        (Some(true), Some("IV alteplase"))
    );
    let v = verdict(&body, None, text("IV alteplase"));
    assert_eq!(
        (v.correct, v.spelling),
        (Some(true), None),
        "no typo, no spelling"
    );
    grades(
        typed("Which device?", &["Solitaire", "Trevo"]),
        None,
        &["Solitare", "Soliatire", "solitaire", "Trevo"],
        &["Solit", "Trev", "Sol"],
    );
    // One slip from five to eight letters, two from nine.
    grades(
        typed("Which drug?", &["alteplase"]),
        None,
        &["altepase", "altplse", "alteplsae"],
        &["atplse", "tenecteplase", "reteplase", "xlteplase"],
    );
    grades(
        typed("Which company?", &["Stryker"]),
        None,
        &["Striker", "Strkyer"],
        &["Strkr", "Medtronic"],
    );
    // Never in a digit, never in a word of four letters.
    grades(
        typed("Which trial?", &["SELECT2"]),
        None,
        &["SELCT2", "selct 2"],
        &["SELECT3", "SELECT22"],
    );
    grades(
        typed("Which trial?", &["DAWN"]),
        None,
        &["dawn"],
        &["DAWM", "DAW"],
    );
    // Never into an opposite.
    grades(
        typed("Which bleeding?", &["symptomatic"]),
        None,
        &["symptomtic"],
        &["asymptomatic"],
    );
}

#[test]
fn a_typo_is_never_another_answer_of_the_deck() {
    let deck = Deck {
        id: "d".into(),
        title: "D".into(),
        summary: None,
        collection: None,
        cards: vec![
            card(
                "device",
                typed("Which stent retriever was used?", &["Trevo"]),
            ),
            card(
                "other",
                Body::Choice {
                    prompt: "Which device did another trial use?".into(),
                    choices: vec!["Treva".into(), "Solitaire".into()],
                    answers: vec!["Solitaire".into()],
                },
            ),
        ],
    };
    let item = Item {
        card: &deck.cards[0],
        cloze: None,
    };
    // Alone, the card forgives the slip; the deck knows `Treva` as an answer.
    let v = Grader::for_decks([]).grade(&item, &text("Treva"));
    assert_eq!(v.correct, Some(true), "{v:?}");
    let grader = Grader::new(&deck);
    assert_eq!(grader.grade(&item, &text("Treva")).correct, Some(false));
    // A slip as near to the distractor as to the answer is not forgiven
    // either; one nearer the answer is.
    assert_eq!(grader.grade(&item, &text("Trevi")).correct, Some(false));
    let v = grader.grade(&item, &text("Trrevo"));
    assert_eq!(
        (v.correct, v.spelling.as_deref()),
        (Some(true), Some("Trevo"))
    );
    assert_eq!(
        Grader::for_decks([&deck, &deck])
            .grade(&item, &text("Treva"))
            .correct,
        Some(false)
    );
}

#[test]
fn different_numbers_ranges_drugs_and_trials_stay_wrong() {
    grades(
        numeric("What dose, in mg/kg?", 0.9, 0.05, "mg/kg"),
        None,
        &["0.9", "0.95"],
        &["0.6", "0.96", "1"],
    );
    grades(
        cloze("Enrolment at {{c1::6-24}} hours."),
        Some(1),
        &["6-24"],
        &["6-16", "0-24", "6", "24"],
    );
    grades(
        typed("Which drug?", &["alteplase"]),
        None,
        &["alteplase"],
        &["tenecteplase", "TNK", "streptokinase", "reteplase"],
    );
    grades(
        typed("Which trial?", &["SELECT2"]),
        None,
        &["SELECT2"],
        &["TESLA", "TENSION", "SELECT"],
    );
    grades(
        typed("Which outcome?", &["mRS 0-3 at 90 days"]),
        None,
        &["mRS 0-3 at 90 days", "90-day mRS 0-3"],
        &["mRS 0-3 at 30 days", "mRS 0-2 at 90 days", "mRS 0-3"],
    );
    grades(
        typed("Which order?", &["6.1% vs 2.7%"]),
        None,
        &["6.1% vs 2.7%", "6.1 vs 2.7"],
        &["2.7% vs 6.1%"],
    );
    grades(
        typed(
            "Put MR CLEAN, ESCAPE and REVASCAT in order, shortest first.",
            &["MR CLEAN, REVASCAT, ESCAPE"],
        ),
        None,
        &[
            "MR CLEAN, REVASCAT, ESCAPE",
            "MR-CLEAN then REVASCAT then ESCAPE",
            "mr clean < revascat < escape",
        ],
        &[
            "ESCAPE, REVASCAT, MR CLEAN",
            "REVASCAT, MR CLEAN, ESCAPE",
            "MR CLEAN, ESCAPE, REVASCAT",
        ],
    );
}

#[test]
fn a_wrong_text_answer_shows_the_nearest_accepted_answer_and_how_it_differs() {
    let body = typed(
        "Which arm?",
        &["medical care alone", "best medical treatment"],
    );
    let v = verdict(&body, None, text("best surgical treatment"));
    assert_eq!(v.correct, Some(false));
    let Some(Difference::Text { closest, parts }) = v.difference else {
        panic!("{v:?}")
    };
    assert_eq!(closest, "best medical treatment");
    let part = |change, text: &str| Part {
        change,
        text: text.into(),
    };
    assert_eq!(
        parts,
        vec![
            part(Change::Same, "best"),
            part(Change::Missing, "medical"),
            part(Change::Extra, "surgical"),
            part(Change::Same, "treatment"),
        ]
    );
    let v = verdict(&cloze("ASPECTS {{c1::3-5}}"), Some(1), text("3-6"));
    assert_eq!(
        v.difference,
        Some(Difference::Text {
            closest: "3-5".into(),
            parts: vec![part(Change::Missing, "3-5"), part(Change::Extra, "3-6")],
        })
    );
    let v = verdict(&numeric("p", 0.6, 0.05, "mg/kg"), None, text("0.9 mg/kg"));
    assert_eq!(
        v.difference,
        Some(Difference::Number {
            given: Some(0.9),
            expected: 0.6,
            tolerance: 0.05
        })
    );
    let v = verdict(&numeric("p", 0.6, 0.05, "mg/kg"), None, text("no idea"));
    assert!(matches!(
        v.difference,
        Some(Difference::Number { given: None, .. })
    ));
    assert_eq!(verdict(&body, None, text("BMT")).difference, None, "right");
}

#[test]
fn a_wrong_multi_select_shows_the_missed_and_the_extra_options() {
    let body = Body::Choice {
        prompt: "Which? Select all that apply.".into(),
        choices: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        answers: vec!["a".into(), "b".into(), "c".into()],
    };
    let pick = |v: &[&str]| Response::Choices(v.iter().map(|s| s.to_string()).collect());
    let v = verdict(&body, None, pick(&["b", "d"]));
    assert_eq!(
        v.difference,
        Some(Difference::Choices {
            missed: vec!["a".into(), "c".into()],
            extra: vec!["d".into()],
        })
    );
    assert_eq!(
        verdict(&body, None, pick(&["c", "b", "a"])).difference,
        None
    );
}

#[test]
fn text_matches_compares_meaning_without_context_or_typos() {
    assert!(text_matches("31%", "31.0 %"));
    assert!(text_matches("12.7", "12.7%"));
    assert!(text_matches("SELECT2", "SELECT-2"));
    assert!(!text_matches("alteplase", "altepase"), "lint sees no typos");
    assert!(!text_matches("PROBE", "PROBE design"));
    let accepts = |expected: &str, typed: &str, question: &str| {
        Question::new(question).accepts(&Phrase::new(expected), &Phrase::new(typed))
    };
    assert!(accepts(
        "PROBE",
        "PROBE design",
        "What acronym names the trial's design?"
    ));
    assert!(!accepts(
        "medical care",
        "EVT plus medical care",
        "What instead of EVT plus medical care?"
    ));
}

#[test]
fn parse_number_reads_one_value() {
    assert_eq!(parse_number("31"), Some(31.0));
    assert_eq!(parse_number("31.0 %"), Some(31.0));
    assert_eq!(parse_number("2,43"), Some(2.43));
    assert_eq!(parse_number(".6 mg/kg"), Some(0.6));
    assert_eq!(parse_number("P = 0.002"), Some(0.002));
    assert_eq!(parse_number("about six"), Some(6.0));
    assert_eq!(parse_number("1,362"), Some(1362.0));
    assert_eq!(parse_number("31 or 32"), None);
    assert_eq!(parse_number("3-5"), None);
    assert_eq!(parse_number("SELECT2"), None);
    assert_eq!(parse_number(""), None);
}
