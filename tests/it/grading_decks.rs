//! Grading against the shipped decks (issue 10): fair answers written the
//! way clinicians type them are accepted, and wrong ones, however lenient the
//! grader, are not. Every deck in `decks/` is checked: no choice card's
//! distractor typed as text passes for its answer, no typed card accepts
//! another card's answer that differs in a figure, and every accepted answer
//! still passes when retyped with different case, dashes or spacing.

use std::path::Path;

use proptest::prelude::*;
use trialdrill::deck::{Body, Card, Deck, Item, Position, Source, cloze, load_file};
use trialdrill::engine::grade::{Grader, Response, parse_number, text_matches};
use trialdrill::summary::figures::values as figures;

/// Every deck shipped in `decks/`.
fn decks() -> Vec<Deck> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| load_file(p).unwrap_or_else(|e| panic!("{}: {e:?}", p.display())))
        .collect()
}

fn deck<'d>(decks: &'d [Deck], id: &str) -> &'d Deck {
    decks
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no deck `{id}`"))
}

fn right(grader: &Grader, item: &Item<'_>, typed: &str) -> bool {
    grader.grade(item, &Response::Text(typed.into())).correct == Some(true)
}

/// For each deck: (card, cloze deletion, fair answers, wrong answers).
type Table = &'static [(
    &'static str,
    Option<u32>,
    &'static [&'static str],
    &'static [&'static str],
)];

/// Answers a resident might type, card by card: fair phrasings (units with or
/// without a space or spelled out, ranges and bounds, labels, abbreviations,
/// British and American spelling, typos) and plausible wrong answers (a
/// neighbouring figure, the other arm, another trial, drug or bias).
const ANSWERS: &[(&str, Table)] = &[
    (
        "angel-aspect",
        &[
            (
                "int-control-arm",
                None,
                &[
                    "medical management alone",
                    "Medical mgmt alone",
                    "best medical therapy",
                    "standard medical treatment",
                    "medical therapy only",
                ],
                &["EVT plus medical management", "thrombectomy", "placebo"],
            ),
            (
                "inc-upper-age",
                None,
                &["80", "80 years", "≤80", "80 yrs", "up to 80", "eighty"],
                &["85", ">80"],
            ),
            (
                "inc-nihss-range",
                Some(1),
                &["6-30", "6 to 30", "between 6 and 30", "6–30"],
                &["6-25", "≥6"],
            ),
            (
                "inc-prestroke-mrs",
                Some(1),
                &[
                    "0-1",
                    "0 or 1",
                    "≤1",
                    "<=1",
                    "mRS 0-1",
                    "<2",
                    "0 to 1",
                    "1 or less",
                ],
                &["0-2", "≤2", "1", "0"],
            ),
            (
                "inc-time-window",
                None,
                &[
                    "24",
                    "24 h",
                    "24h",
                    "24 hours",
                    "within 24 hours",
                    "up to 24h",
                    "1 day",
                ],
                &["12", "24 days"],
            ),
            (
                "inc-core-volume-range",
                Some(1),
                &["70-100", "70 to 100 mL", "70-100ml", "between 70 and 100"],
                &["50-100"],
            ),
            (
                "sd-patients-per-arm",
                Some(1),
                &["231", "231 patients", "n=231"],
                &["225"],
            ),
            ("sd-patients-per-arm", Some(2), &["225"], &["231"]),
            (
                "sd-randomised-total",
                None,
                &["456", "456 patients", "n = 456", "456 pts"],
                &["455"],
            ),
            (
                "sd-hospitals",
                None,
                &["46", "46 hospitals", "46 centres", "46 sites"],
                &["45"],
            ),
            (
                "sd-country",
                None,
                &["China", "china", "PRC", "in China", "PR China"],
                &["Japan", "Taiwan"],
            ),
            (
                "po-p-value",
                Some(1),
                &["0.004", ".004", "P=0.004", "p = .004"],
                &["0.04", "0.001"],
            ),
            (
                "mp-any-ich-evt",
                None,
                &["49.1", "49.1%", "49%", "about 49%", "~49"],
                &["39.1", "17.3"],
            ),
            ("mp-mean-age", None, &["68", "68 years", "68 yo"], &["76"]),
            (
                "mp-rescue-primary-outcome",
                None,
                &[
                    "mRS 0-3 at 90 days",
                    "mRS 0–3",
                    "mRS 0 to 3 at 90 days",
                    "90-day mRS 0-3",
                    "mRS ≤ 3",
                    "modified Rankin 0-3 at 3 months",
                    "mRS of 0-3 at 90 days",
                    "mRS 0-3 at day 90",
                ],
                &[
                    "mRS 0-2",
                    "mRS 0-2 at 90 days",
                    "ordinal shift in mRS",
                    "NIHSS 0-3",
                ],
            ),
            (
                "mp-companion-select2",
                None,
                &[
                    "SELECT2",
                    "SELECT 2",
                    "SELECT-2",
                    "select2 trial",
                    "the SELECT2 trial",
                    "SELECT II",
                ],
                &["TESLA", "TENSION", "SELECT", "RESCUE-Japan LIMIT"],
            ),
            (
                "lim-performance-bias",
                None,
                &["performance bias", "Performance", "performance-bias"],
                &["detection bias", "selection bias"],
            ),
            (
                "lim-ivt-share",
                None,
                &["28", "28%", "~28%", "27%"],
                &["35%"],
            ),
            (
                "cit-first-author",
                None,
                &["Huo", "Huo X", "Huo et al", "Huo et al.", "X Huo"],
                &["Miao", "Sarraj"],
            ),
        ],
    ),
    (
        "dawn",
        &[
            (
                "int-device",
                None,
                &["Trevo", "trevo stent retriever", "the Trevo", "Trevo XP"],
                &["Solitaire", "Penumbra"],
            ),
            (
                "inc-window",
                Some(1),
                &[
                    "6-24",
                    "6 to 24",
                    "6-24 h",
                    "6–24 hours",
                    "between 6 and 24",
                ],
                &["6-16", "0-24"],
            ),
            (
                "inc-age-split",
                Some(1),
                &["80", "80 years", "80 yo"],
                &["85"],
            ),
            (
                "inc-group-a-core",
                Some(1),
                &["21", "21 mL", "<21 ml", "21ml"],
                &["31", ">21"],
            ),
            (
                "inc-group-c-nihss",
                Some(1),
                &["20", "≥20", "20 or more", "at least 20"],
                &["10", "<20"],
            ),
            (
                "inc-nihss-floor",
                Some(1),
                &["10", "≥10", "NIHSS 10", "ten"],
                &["6"],
            ),
            (
                "inc-prestroke-mrs",
                Some(1),
                &["0-1", "0 or 1", "≤1", "mRS 0–1"],
                &["0-2"],
            ),
            (
                "sd-bayesian",
                None,
                &[
                    "Bayesian adaptive enrichment",
                    "bayesian",
                    "Bayesian adaptive-enrichment trial",
                    "adaptive enrichment design",
                    "Bayesian adaptive design",
                ],
                &["frequentist", "PROBE", "group sequential"],
            ),
            (
                "sd-randomised-total",
                None,
                &["206", "n=206"],
                &["200", "500"],
            ),
            ("sd-per-arm", Some(1), &["107"], &[]),
            ("sd-per-arm", Some(2), &["99"], &["107"]),
            (
                "mp1-defuse-stopped",
                None,
                &[
                    "DEFUSE 3",
                    "DEFUSE-3",
                    "defuse3",
                    "DEFUSE III",
                    "the DEFUSE 3 trial",
                ],
                &["DEFUSE 2", "DEFUSE", "3", "ESCAPE"],
            ),
            (
                "mp2-scale-name",
                None,
                &[
                    "utility-weighted mRS",
                    "utility weighted modified Rankin scale",
                    "UW-mRS",
                    "uw mRS",
                    "utility-weighted modified Rankin Scale score",
                ],
                &["mRS", "NIHSS", "Barthel index"],
            ),
            ("mp2-uwmrs-means", Some(1), &["5.5"], &["3.4"]),
            (
                "mp2-uwmrs-difference",
                None,
                &["2.0", "2", "2 points"],
                &["2.1"],
            ),
            ("mp3-mrs02", Some(1), &["49", "49%"], &[]),
            ("mp3-mrs02", Some(2), &["13%"], &["49"]),
            (
                "mp3-adjusted-difference",
                None,
                &["33", "33%", "33 pp", "33 percentage points"],
                &["36"],
            ),
            (
                "mp3-credible-interval",
                None,
                &[
                    "credible interval",
                    "95% credible intervals",
                    "Bayesian credible interval",
                    "CrI",
                    "95% CrI",
                ],
                &["confidence interval", "95% CI"],
            ),
            (
                "mp4-nnt",
                None,
                &["3", "NNT 3", "three", "about 3", "2.8"],
                &["4", "2"],
            ),
            ("mp7-planned-size", Some(1), &["500"], &[]),
            ("mp7-planned-size", Some(2), &["200"], &["500"]),
            (
                "mp8-defuse-window",
                Some(1),
                &["16", "16 h", "16 hours"],
                &["24"],
            ),
            (
                "mp9-last-author",
                None,
                &["Jovin", "Tudor Jovin", "Jovin TG"],
                &["Nogueira"],
            ),
            (
                "po-other-co-primary",
                None,
                &[
                    "functional independence",
                    "mRS 0-2 at 90 days",
                    "functional independence at 90 days",
                    "mRS 0–2",
                    "mRS ≤2",
                    "functional independence (mRS 0-2)",
                    "rate of functional independence at 90 days",
                    "mRS 0 to 2 at 90 days",
                ],
                &["mRS 0-3", "mortality", "mRS 0-1"],
            ),
            (
                "lim2-sponsor",
                None,
                &["Stryker", "stryker neurovascular", "Striker"],
                &["Medtronic", "Penumbra"],
            ),
            (
                "lim5-rapid",
                None,
                &["RAPID", "RapidAI", "rapid software"],
                &["Brainomix"],
            ),
            (
                "cit-first-author",
                None,
                &["Nogueira", "Nogueira RG", "Raul Nogueira", "Noguiera"],
                &["Jovin", "Albers"],
            ),
        ],
    ),
    (
        "defuse-3",
        &[
            (
                "int-control-arm",
                None,
                &[
                    "standard medical therapy",
                    "medical therapy alone",
                    "best medical management",
                    "medical management",
                    "standard of care",
                ],
                &["thrombectomy plus medical therapy", "placebo"],
            ),
            (
                "inc-time-window",
                Some(1),
                &["6-16 hours", "6-16 h", "6 to 16 hours", "6-16"],
                &["6-24 hours", "6-16 days"],
            ),
            (
                "inc-age-range",
                Some(1),
                &["18-90 years", "18-90", "18 to 90"],
                &["18-85"],
            ),
            (
                "inc-core-volume",
                None,
                &["70", "70 mL", "<70 mL", "70ml", "less than 70"],
                &["50", ">70"],
            ),
            (
                "inc-mismatch-ratio",
                None,
                &["1.8", "≥1.8", "1.8x", "1.8:1"],
                &["1.2", "1.2:1", "1:1.8"],
            ),
            (
                "inc-mismatch-volume",
                Some(1),
                &["15 mL", "15", "15ml", "≥15 mL"],
                &["10 mL"],
            ),
            (
                "inc-selection-imaging",
                None,
                &[
                    "perfusion imaging",
                    "CT perfusion",
                    "CTP",
                    "CT or MR perfusion",
                    "perfusion",
                    "CT perfusion or MRI",
                    "CTP/MRP",
                ],
                &["non-contrast CT", "CT angiography"],
            ),
            ("inc-registry-nihss-mrs", Some(1), &["6", "≥6"], &["≤6"]),
            (
                "inc-registry-nihss-mrs",
                Some(2),
                &["2", "≤2", "0-2"],
                &["≥2", "0-1"],
            ),
            ("sd-randomised-total", None, &["182"], &["206"]),
            (
                "po-odds-ratio",
                None,
                &["2.77", "OR 2.77", "2.8"],
                &["2.7", "1.67"],
            ),
            (
                "mp-mortality",
                Some(3),
                &["0.05", ".05", "P = 0.05"],
                &["0.5", "<0.05", "P<0.05"],
            ),
            ("mp-nnt", Some(1), &["2", "two"], &["3"]),
            (
                "cmp-dawn-window",
                Some(1),
                &["6-24 hours", "6-24h"],
                &["6-16 hours"],
            ),
            ("cmp-sponsor-dawn", None, &["Stryker"], &["NIH"]),
            (
                "cit-first-author",
                None,
                &["Albers", "Albers GW", "Greg Albers"],
                &["Marks"],
            ),
            (
                "lim-country",
                None,
                &[
                    "US",
                    "USA",
                    "U.S.",
                    "United States",
                    "the United States of America",
                ],
                &["Canada"],
            ),
            (
                "lim-beyond-window",
                None,
                &["DAWN", "the DAWN trial", "dawn"],
                &["DEFUSE 3", "ESCAPE"],
            ),
        ],
    ),
    (
        "ecass-iii",
        &[
            (
                "int-dose",
                Some(1),
                &["0.9 mg/kg", "0.9mg/kg", "0.9", ".9 mg/kg", "0,9 mg/kg"],
                &["0.6 mg/kg", "0.9 mg"],
            ),
            (
                "int-dose",
                Some(2),
                &["90 mg", "90mg", "90", "90 milligrams"],
                &["100 mg", "90 mg/kg", "90 micrograms"],
            ),
            (
                "int-control",
                None,
                &["placebo", "Placebo", "matched placebo", "placebo infusion"],
                &["nothing", "alteplase"],
            ),
            (
                "inc-time-window",
                Some(1),
                &[
                    "3-4.5 hours",
                    "3 to 4.5 h",
                    "3-4.5h",
                    "between 3 and 4.5 hours",
                    "3–4,5 h",
                ],
                &["0-4.5 hours", "3-6 hours"],
            ),
            (
                "inc-age",
                Some(1),
                &["18-80 years", "18 to 80"],
                &["18-85 years"],
            ),
            (
                "inc-nihss-exclusion",
                Some(1),
                &["25", ">25"],
                &["<25", "22"],
            ),
            (
                "sd-per-arm",
                Some(1),
                &["418 patients", "418", "n=418"],
                &["403"],
            ),
            ("sd-per-arm", Some(2), &["403"], &[]),
            ("sd-total", None, &["821", "821 pts"], &["812"]),
            (
                "sd-region",
                None,
                &[
                    "Europe",
                    "European centres",
                    "european",
                    "European countries",
                ],
                &["North America"],
            ),
            (
                "sd-funding",
                None,
                &[
                    "Boehringer Ingelheim",
                    "Boehringer",
                    "boehringer-ingelheim",
                    "Boehringer Ingleheim",
                ],
                &["Genentech"],
            ),
            ("po-rates", Some(1), &["52.4", "52.4%"], &["45.2"]),
            ("po-rates", Some(2), &["45.2%"], &[]),
            (
                "po-p-value",
                None,
                &["0.04", "P = 0.04", ".04", "p=0.04"],
                &["0.4", "0.05"],
            ),
            (
                "po-absolute-difference",
                None,
                &["7.2", "7.2%", "7.2 percentage points", "7"],
                &["7.5"],
            ),
            ("mp-nnt", Some(1), &["14", "NNT 14", "fourteen"], &["7"]),
            (
                "mp-global-outcome",
                Some(1),
                &["1.28", "OR 1.28"],
                &["1.34"],
            ),
            ("mp-any-ich", Some(3), &["0.001", "<0.001"], &["0.01"]),
            ("mp-sich-alteplase", None, &["2.4", "2.4%"], &["7.9"]),
            ("mp-mortality", Some(3), &["0.68"], &["0.06"]),
            (
                "cmp-ninds-window",
                None,
                &["3", "3 hours", "3h", "within 3 hours", "180 minutes"],
                &["4.5"],
            ),
            ("cmp-ninds-size", None, &["624"], &["333"]),
        ],
    ),
    (
        "escape",
        &[
            (
                "int-control-arm",
                None,
                &[
                    "standard care",
                    "usual care",
                    "standard care with or without IV alteplase",
                    "guideline based care",
                    "standard medical care",
                ],
                &[
                    "endovascular treatment",
                    "standard care without IV alteplase",
                ],
            ),
            (
                "int-workflow-targets",
                Some(1),
                &["60", "60 minutes", "60 min", "1 hour", "<60 min"],
                &["90"],
            ),
            (
                "int-workflow-targets",
                Some(2),
                &["90", "90 mins", "1.5 h"],
                &["60"],
            ),
            (
                "inc-time-window",
                None,
                &["12", "12 hours", "up to 12 h", "12hrs", "twelve"],
                &["6"],
            ),
            (
                "inc-collaterals",
                None,
                &[
                    "moderate-to-good collaterals",
                    "good collaterals",
                    "moderate to good collateral circulation",
                    "collaterals",
                    "good collaterals on CTA",
                    "moderate-good collaterals",
                    "moderate-to-good collaterals on multiphase CT angiography",
                ],
                &["poor collaterals", "occlusion"],
            ),
            ("sd-enrolled", None, &["316", "315"], &["311"]),
            (
                "sd-centres",
                None,
                &["22", "22 centres", "22 centers", "22 sites"],
                &["21"],
            ),
            (
                "po-analysis-model",
                None,
                &[
                    "proportional odds",
                    "ordinal logistic regression",
                    "shift analysis",
                    "proportional odds model",
                    "ordinal shift analysis",
                    "ordinal (shift) analysis",
                    "shift analysis of the mRS",
                ],
                &[
                    "Cox regression",
                    "linear regression",
                    "binary logistic regression",
                ],
            ),
            (
                "mp2-independence-rates",
                Some(1),
                &["53.0", "53", "53%"],
                &["29.3"],
            ),
            (
                "mp2-absolute-gain",
                None,
                &["23.7", "24", "23.7 percentage points"],
                &["20"],
            ),
            ("mp3-mortality", Some(1), &["10.4"], &[]),
            ("mp3-mortality", Some(2), &["19.0", "19"], &["10.4"]),
            (
                "mp6-ct-to-reperfusion",
                None,
                &["84", "84 min", "84 minutes"],
                &["90"],
            ),
            ("mp10-mr-clean-effect", Some(1), &["1.67"], &["2.6"]),
            (
                "mp11-hermes",
                None,
                &["HERMES", "the HERMES collaboration", "Hermes", "HERMIS"],
                &[],
            ),
            (
                "lim3-performance-bias",
                None,
                &["performance bias"],
                &["attrition bias"],
            ),
            (
                "cit-first-author",
                None,
                &["Goyal", "Mayank Goyal", "Goyal M", "M. Goyal"],
                &["Menon"],
            ),
        ],
    ),
    (
        "extend-ia",
        &[
            (
                "int-device",
                None,
                &[
                    "Solitaire FR",
                    "Solitaire",
                    "solitaire stent retriever",
                    "Solitare",
                ],
                &["Trevo"],
            ),
            (
                "int-alteplase-dose",
                None,
                &["0.9", "0.9 mg/kg", ".9"],
                &["0.6"],
            ),
            (
                "inc-alteplase-window",
                None,
                &[
                    "4.5",
                    "4.5 h",
                    "4.5 hours",
                    "4,5 h",
                    "within 4.5h",
                    "270 minutes",
                ],
                &["3", "6"],
            ),
            ("inc-core-limit", None, &["70", "<70 mL", "70 ml"], &["50"]),
            (
                "inc-selection-modality",
                None,
                &[
                    "CT perfusion",
                    "CTP",
                    "perfusion CT",
                    "CT-perfusion",
                    "ct perfusion imaging",
                ],
                &["MRI", "CT angiography"],
            ),
            ("mp1-reperfusion", Some(1), &["100", "100%"], &[]),
            ("mp1-reperfusion", Some(2), &["37"], &[]),
            (
                "mp2-eni-definition",
                Some(1),
                &["8", "8 points", "≥8"],
                &["4"],
            ),
            (
                "mp2-eni-definition",
                Some(2),
                &["0-1", "0 or 1", "≤1"],
                &["0-2"],
            ),
            ("mp2-eni-rate", None, &["80", "80%"], &["37"]),
            ("mp3-independence", Some(1), &["71"], &[]),
            ("mp3-independence", Some(2), &["40"], &[]),
            ("mp7-randomised", None, &["70", "70 patients"], &["100"]),
            (
                "mp8-onset-to-groin",
                None,
                &["210", "210 min", "3.5 hours", "about 210 minutes", "200"],
                &["250"],
            ),
            ("mp9-independence-by-trial", Some(1), &["53.0"], &[]),
            ("mp9-independence-by-trial", Some(2), &["32.6"], &["53"]),
            (
                "cit-first-author",
                None,
                &[
                    "Campbell",
                    "Campbell BCV",
                    "Bruce Campbell",
                    "Campbel",
                    "Bruce C.V. Campbell",
                    "Dr Bruce Campbell",
                ],
                &["Davis"],
            ),
        ],
    ),
    (
        "extend",
        &[
            (
                "int-comparator",
                None,
                &["placebo", "saline placebo"],
                &["alteplase", "tenecteplase"],
            ),
            (
                "inc-time-window",
                None,
                &[
                    "4.5-9 hours",
                    "4.5 to 9 h",
                    "4.5–9h",
                    "between 4.5 and 9 hours",
                    "4.5-9",
                    "4,5-9 hours",
                ],
                &["3-4.5 hours", "4.5-12 hours", "0-9 hours"],
            ),
            (
                "inc-wake-up-midpoint",
                None,
                &[
                    "midpoint of sleep",
                    "the midpoint of sleep",
                    "sleep midpoint",
                    "mid-point of sleep",
                ],
                &["time of waking", "onset of sleep"],
            ),
            (
                "inc-mismatch-ratio",
                None,
                &["1.2", ">1.2", "1.2:1"],
                &["1.8", "1.8:1"],
            ),
            (
                "sd-phase",
                None,
                &["phase 3", "Phase III", "3", "III", "phase three", "phase-3"],
                &["phase 2", "II", "phase IV"],
            ),
            ("sd-randomised-total", None, &["225"], &["310"]),
            (
                "po-definition",
                Some(1),
                &[
                    "mRS 0-1",
                    "0-1",
                    "mRS 0 to 1",
                    "mRS ≤1",
                    "modified Rankin 0-1",
                    "mRS of 0-1",
                ],
                &["mRS 0-2", "NIHSS 0-1"],
            ),
            (
                "po-definition",
                Some(2),
                &["90 days", "90 d", "3 months", "90", "day 90"],
                &["30 days"],
            ),
            (
                "mp2-alteplase-rate",
                None,
                &["35.4", "35.4%", "35%"],
                &["29.5"],
            ),
            ("mp2-p-value", None, &["0.04", "P=.04"], &["0.4"]),
            ("mp5-sich", Some(1), &["6.2"], &[]),
            ("mp5-sich", Some(2), &["0.9"], &[]),
            ("mp5-sich", Some(3), &["0.05", ".05"], &["0.5"]),
            ("lim4-lvo-share", None, &["69", "69%", "70%"], &["65"]),
            (
                "cit-first-author",
                None,
                &["Ma", "Henry Ma", "Ma H"],
                &["Campbell"],
            ),
        ],
    ),
    (
        "laste",
        &[
            (
                "int-control-arm",
                None,
                &[
                    "medical care alone",
                    "best medical therapy",
                    "medical treatment only",
                    "no thrombectomy",
                ],
                &["thrombectomy plus medical care", "thrombectomy"],
            ),
            (
                "inc-time-window",
                None,
                &[
                    "6.5",
                    "6.5 h",
                    "6.5 hours",
                    "6,5 h",
                    "within 6.5 hours",
                    "6 and a half hours",
                ],
                &["6", "7"],
            ),
            (
                "inc-unknown-onset-flair",
                None,
                &[
                    "negative FLAIR",
                    "DWI-FLAIR mismatch",
                    "no FLAIR changes",
                    "FLAIR negative lesion",
                    "DWI FLAIR mismatch",
                ],
                &["FLAIR positive", "positive FLAIR", "perfusion mismatch"],
            ),
            (
                "inc-age-80-rule",
                Some(1),
                &["4-5", "4 or 5", "4 to 5", "ASPECTS 4-5"],
                &["3-5", "0-5"],
            ),
            ("sd-arm-sizes", Some(1), &["166"], &[]),
            ("sd-arm-sizes", Some(2), &["167"], &["166"]),
            (
                "sd-probe",
                None,
                &[
                    "PROBE",
                    "probe design",
                    "prospective randomized open blinded endpoint",
                ],
                &["RCT", "double blind"],
            ),
            ("sd-randomised-total", None, &["333"], &["450"]),
            ("sd-planned-size", Some(1), &["450"], &["333"]),
            ("mp2-median-mrs", Some(1), &["4", "mRS 4", "four"], &["6"]),
            ("mp2-median-mrs", Some(2), &["6"], &["4"]),
            (
                "mp2-generalized-or",
                None,
                &["1.63", "OR 1.63", "gOR 1.63", "1.6"],
                &["1.51"],
            ),
            ("mp2-or-ci", Some(1), &["1.29"], &[]),
            ("mp2-or-ci", Some(2), &["2.06"], &["1.29"]),
            (
                "mp4-mortality-rates",
                Some(1),
                &["36.1", "36.1%"],
                &["55.5"],
            ),
            (
                "mp4-primary-safety-outcome",
                None,
                &[
                    "mortality",
                    "death",
                    "90-day mortality",
                    "death at 90 days",
                    "mortality at 3 months",
                    "all cause mortality",
                    "death at day 90",
                    "death (all-cause) at 90 days",
                    "all-cause death at 90 days",
                    "mortality at day 90",
                    "90 day mortality",
                ],
                &[
                    "sICH",
                    "symptomatic intracranial haemorrhage",
                    "mortality at 30 days",
                ],
            ),
            ("mp5-sich-rates", Some(1), &["9.6"], &[]),
            ("mp5-sich-rates", Some(2), &["5.7"], &[]),
            (
                "mp6-procedural-complications",
                None,
                &["11", "11 complications", "eleven"],
                &["12"],
            ),
            (
                "mp8-first-author",
                None,
                &["Costalat", "Vincent Costalat", "V. Costalat"],
                &["Arquizan"],
            ),
        ],
    ),
    (
        "mr-clean",
        &[
            (
                "int-control-arm",
                None,
                &[
                    "usual care",
                    "usual care alone",
                    "standard care",
                    "usual care including IV alteplase",
                    "usual care incl. IV alteplase",
                ],
                &[
                    "intra-arterial treatment",
                    "usual care incl. IV tenecteplase",
                ],
            ),
            (
                "int-stent-retriever-share",
                None,
                &["81.5", "81.5%", "82%", "80"],
                &["89"],
            ),
            (
                "int-alteplase-share",
                None,
                &["89", "89%", "90%"],
                &["81.5"],
            ),
            (
                "inc-time-window",
                None,
                &["6", "6 hours", "6 h", "6h", "six hours", "about 6", "<6h"],
                &["4.5", "6 days", ">6 h"],
            ),
            ("sd-arm-sizes", Some(1), &["233"], &["267"]),
            ("sd-arm-sizes", Some(2), &["267"], &[]),
            (
                "sd-probe",
                None,
                &["PROBE", "PROBE design", "P.R.O.B.E.", "PROBE trial"],
                &["PRO"],
            ),
            (
                "sd-centres",
                None,
                &["16", "16 centres", "sixteen"],
                &["61"],
            ),
            (
                "sd-country",
                None,
                &[
                    "the Netherlands",
                    "Netherlands",
                    "Holland",
                    "NL",
                    "The Netherland",
                ],
                &["Belgium", "Germany"],
            ),
            (
                "po-definition",
                Some(1),
                &["90", "90 days", "3 months"],
                &["30"],
            ),
            (
                "po-effect-measure",
                None,
                &[
                    "adjusted common odds ratio",
                    "common odds ratio",
                    "acOR",
                    "common OR",
                    "adjusted cOR",
                    "odds ratio",
                    "adjusted common OR",
                    "common odds ratio (shift)",
                ],
                &["hazard ratio", "relative risk", "risk difference"],
            ),
            ("mp2-independence-rates", Some(1), &["32.6", "32.6%"], &[]),
            ("mp2-independence-rates", Some(2), &["19.1"], &["32.6"]),
            (
                "mp2-absolute-difference",
                None,
                &["13.5", "13.5%", "13.5 pp"],
                &["15"],
            ),
            ("mp6-new-territory-stroke", Some(1), &["5.6"], &[]),
            ("mp6-new-territory-stroke", Some(2), &["0.4", ".4"], &["4"]),
            (
                "cit-first-author",
                None,
                &[
                    "Berkhemer",
                    "Berkhemer OA",
                    "Olvert Berkhemer",
                    "Berkhemmer",
                ],
                &["Dippel", "Majoie"],
            ),
        ],
    ),
    (
        "ninds",
        &[
            (
                "int-dose",
                None,
                &["0.9", "0.9 mg/kg", "0.9mg per kg"],
                &["0.6"],
            ),
            ("int-max-dose", None, &["90", "90 mg", "90mg"], &["100"]),
            (
                "int-bolus-infusion",
                Some(1),
                &["10", "10%", "ten percent"],
                &["90"],
            ),
            (
                "int-bolus-infusion",
                Some(2),
                &["60 minutes", "60 min", "1 hour", "one hour", "60"],
                &["30 minutes"],
            ),
            ("int-control", None, &["placebo"], &["aspirin"]),
            (
                "inc-time-window",
                None,
                &["3", "3 hours", "<3h", "within 3 h"],
                &["4.5"],
            ),
            (
                "inc-half-within-90",
                Some(1),
                &["90 minutes", "90 min", "1.5 hours"],
                &["60 minutes"],
            ),
            ("sd-part1-size", Some(1), &["291 patients", "291"], &["333"]),
            (
                "po-part1-endpoint",
                Some(1),
                &["4 points", "4", "≥4 points", "four points"],
                &["8 points"],
            ),
            ("mp-part1-rr", Some(1), &["1.2", "RR 1.2"], &["1.7"]),
            ("mp-part1-rr", Some(2), &["0.21", ".21"], &["0.021"]),
            ("mp-30-percent", Some(1), &["30", "30%"], &["13"]),
            ("mp-sich-rates", Some(1), &["6.4", "6.4%"], &[]),
            ("mp-sich-rates", Some(2), &["0.6", "0.6%"], &["6"]),
            (
                "mp-sich-window",
                Some(1),
                &["36 hours", "36 h", "36h", "1.5 days"],
                &["24 hours"],
            ),
            ("mp-mortality-3-months", Some(1), &["17"], &[]),
            ("mp-mortality-3-months", Some(2), &["20"], &[]),
            (
                "cmp-later-window-trial",
                None,
                &[
                    "ECASS III",
                    "ECASS 3",
                    "ECASS-3",
                    "ecass iii",
                    "ECASS III trial",
                ],
                &["ECASS II", "ECASS", "ECASS 4", "EXTEND"],
            ),
            (
                "lim-baseline-imbalance",
                None,
                &[
                    "stroke severity",
                    "baseline NIHSS",
                    "NIHSS",
                    "baseline stroke severity",
                    "NIH stroke scale",
                    "severity of stroke",
                    "initial NIHSS",
                ],
                &["age", "time to treatment"],
            ),
            ("lim-part2-size", None, &["333"], &["291"]),
        ],
    ),
    (
        "rescue-japan-limit",
        &[
            (
                "obj-large-core-aspects-range",
                Some(1),
                &[
                    "3-5",
                    "ASPECTS 3-5",
                    "between 3 and 5",
                    "3 to 5",
                    "3–5",
                    "aspects 3 - 5",
                    "3, 4 or 5",
                ],
                &["3-6", "0-5", "≤5", "NIHSS 3-5", "3, 4 or 6", "4 or 5"],
            ),
            (
                "int-control-arm",
                None,
                &[
                    "medical care alone",
                    "best medical treatment",
                    "BMT",
                    "standard medical care",
                    "medical management only",
                    "medical care (no EVT)",
                    "standard medical care (including IV alteplase)",
                ],
                &["EVT", "EVT plus medical care", "placebo"],
            ),
            (
                "int-alteplase-dose",
                None,
                &["0.6", "0.6 mg/kg", "0.6mg/kg", ".6", "0,6", "0.6 mg per kg"],
                &["0.9", "0.9 mg/kg", "6", "0.6 mg"],
            ),
            (
                "inc2-minimum-age",
                None,
                &["18", "18 years", "≥18", "18+", "eighteen", "at least 18"],
                &["20", "<18"],
            ),
            ("inc2-mean-age", None, &["76", "76 years", "77"], &["70"]),
            (
                "inc3-minimum-nihss",
                None,
                &["6", "≥6", "NIHSS 6", "6 points", "six", ">5", "6 or more"],
                &["≥8", ">6", "≤6"],
            ),
            (
                "inc4-prestroke-mrs",
                Some(1),
                &["0-1", "0 or 1", "≤1", "mRS 0-1", "<2", "0 - 1"],
                &["0-2", "0-1-2"],
            ),
            (
                "inc7-time-window",
                Some(1),
                &["6", "6 h", "6 hours", "6h", "<6 h"],
                &["4.5", "6 days"],
            ),
            (
                "inc7-time-window",
                Some(2),
                &["6-24", "6 to 24 h"],
                &["6-16"],
            ),
            (
                "inc7-late-window-mismatch",
                None,
                &[
                    "DWI-FLAIR mismatch",
                    "dwi flair mismatch",
                    "DWI/FLAIR mismatch",
                    "FLAIR negative",
                    "negative FLAIR",
                    "FLAIR-DWI mismatch",
                    "diffusion-FLAIR mismatch",
                    "no FLAIR hyperintensity",
                    "DWI FLAIR mismatch (no FLAIR change)",
                ],
                &[
                    "perfusion mismatch",
                    "FLAIR positive",
                    "DWI negative FLAIR positive",
                    "clinical-core mismatch",
                ],
            ),
            (
                "inc8-evt-start-time",
                None,
                &["60", "60 min", "60 minutes", "1 hour", "within 60 minutes"],
                &["90"],
            ),
            ("sd2-evt-arm-size", None, &["101"], &["102"]),
            ("sd2-medical-arm-size", None, &["102"], &["101"]),
            (
                "sd5-probe-acronym",
                None,
                &["PROBE", "PROBE design", "probe", "P.R.O.B.E."],
                &["RCT"],
            ),
            (
                "sd6-randomised-total",
                None,
                &["203", "203 patients", "n = 203", "n=203", "203 (101 + 102)"],
                &["202", "200"],
            ),
            ("sd6-analysed-total", None, &["202"], &["203"]),
            (
                "sd7-follow-up",
                None,
                &["90", "90 days", "90 d", "3 months", "90days"],
                &["30 days", "90 hours"],
            ),
            (
                "sd8-centres",
                None,
                &["45", "45 hospitals", "45 centres"],
                &["46"],
            ),
            (
                "sd10-enrolment",
                Some(1),
                &["2018", "November 2018", "Nov 2018"],
                &["2021", "Oct 2018"],
            ),
            (
                "sd10-enrolment",
                Some(2),
                &["2021", "Sept 2021", "Sep 2021"],
                &["2022"],
            ),
            (
                "bl2-harm-ich",
                None,
                &[
                    "intracranial haemorrhage",
                    "intracranial hemorrhage",
                    "ICH",
                    "any ICH",
                    "bleeding",
                    "haemorrhage",
                    "intracranial bleeding",
                    "any intracranial hemorrhage",
                    "more intracranial haemorrhage",
                    "ICH (any)",
                ],
                &[
                    "symptomatic intracranial haemorrhage",
                    "sICH",
                    "death",
                    "mortality",
                ],
            ),
            (
                "mp2-primary-p-value",
                None,
                &["0.002", "P=0.002", "p = .002", ".002", "P 0.002"],
                &["0.02", "0.001", "0.2"],
            ),
            (
                "mp2-absolute-difference",
                None,
                &[
                    "18.3",
                    "18.3%",
                    "18.3 percentage points",
                    "18",
                    "18.3% absolute",
                ],
                &["17", "31"],
            ),
            (
                "mp2-nnt",
                None,
                &[
                    "5.5",
                    "NNT 5.5",
                    "NNT = 5.5",
                    "about 6",
                    "~5.5",
                    "5.5 patients",
                    "5",
                    "NNT ~ 5.5",
                    "5.5 (1/0.183)",
                ],
                &["4", "7"],
            ),
            (
                "mp4-nihss-improvement-rates",
                Some(1),
                &["8", "8 points", "≥8"],
                &["4"],
            ),
            (
                "mp4-nihss-improvement-rates",
                Some(2),
                &["48", "48 h", "48 hours", "2 days"],
                &["24"],
            ),
            (
                "mp4-nihss-improvement-rates",
                Some(3),
                &["31.0", "31", "31%"],
                &["8.8"],
            ),
            (
                "mp5-any-ich",
                Some(4),
                &["0.001", ".001", "<0.001", "P<0.001"],
                &["0.01"],
            ),
            ("mp5-any-ich", Some(2), &["58.0", "58%"], &["31.4"]),
            (
                "mp5-symptomatic-ich",
                Some(1),
                &["9.0", "9%", "9"],
                &["4.9"],
            ),
            ("mp5-symptomatic-ich", Some(3), &["0.25"], &["0.025"]),
            (
                "mp5-excess-bleed-type",
                None,
                &[
                    "asymptomatic",
                    "mostly asymptomatic",
                    "Asymptomatic bleeding",
                    "asymptomatic ICH",
                    "asymtomatic",
                ],
                &["symptomatic", "mostly symptomatic", "symptomatic bleeding"],
            ),
            (
                "mp6-alteplase-dose-comparison",
                Some(2),
                &["0.9", "0.9 mg/kg"],
                &["0.6"],
            ),
            (
                "mp7-china-trial",
                None,
                &[
                    "ANGEL-ASPECT",
                    "ANGELASPECT",
                    "Angel Aspect",
                    "Angel-Aspect trial",
                    "ANGEL ASPECT",
                    "angel-aspekt",
                ],
                &["ANGEL", "SELECT2", "TESLA"],
            ),
            (
                "mp7-europe-trial",
                None,
                &["TENSION", "LASTE", "the TENSION trial", "Tension"],
                &["SELECT2", "ANGEL-ASPECT", "TESLA"],
            ),
            (
                "mp8-aspects-bands",
                Some(2),
                &["0-2", "0 to 2", "≤2", "ASPECTS 0-2", "0, 1 or 2"],
                &["3-5", "0-1", "0, 1 or 3"],
            ),
            ("mp9-median-nihss", None, &["22", "NIHSS 22"], &["16"]),
            (
                "mp9-median-aspects",
                Some(1),
                &["3", "ASPECTS 3", "three"],
                &["4"],
            ),
            ("mp10-guideline-class1", Some(1), &["2026"], &["2019"]),
            (
                "mp10-guideline-class1",
                Some(2),
                &["1", "I", "Class I", "class 1", "one"],
                &["2a", "IIa", "II", "2"],
            ),
            ("mp10-guideline-class1", Some(3), &["3-5"], &["0-2"]),
            (
                "mp10-guideline-aspects-0-2",
                Some(2),
                &["2a", "IIa", "Class IIa", "class 2a", "2A", "IIA"],
                &["2b", "IIb", "1", "I", "2", "3"],
            ),
            (
                "mp10-guideline-aspects-0-2",
                Some(3),
                &["6", "6 h"],
                &["24"],
            ),
            (
                "po1-definition",
                Some(1),
                &["0-3", "0 to 3", "≤3", "3 or less"],
                &["0-2"],
            ),
            (
                "po1-definition",
                Some(2),
                &["90", "90 days", "3 months"],
                &["30"],
            ),
            (
                "po2-event-counts",
                Some(1),
                &[
                    "13, 102",
                    "13 of 102",
                    "13/102",
                    "13 102",
                    "13 and 102",
                    "13 out of 102",
                ],
                &["13", "102/13", "31/100", "102 out of 13"],
            ),
            (
                "po2-event-counts",
                Some(2),
                &["31/100", "31 of 100", "31 out of 100"],
                &["100", "13/102", "31 out of 101"],
            ),
            (
                "po2-evt-rate",
                None,
                &["31.0", "31", "31%", "31.0 %", "31 percent"],
                &["31.1", "12.7", "thirty"],
            ),
            (
                "po2-control-rate",
                None,
                &["12.7", "12.7%", "12,7"],
                &["13"],
            ),
            (
                "lim1-confirming-trial",
                None,
                &[
                    "SELECT2",
                    "SELECT 2",
                    "SELECT-2",
                    "ANGEL-ASPECT",
                    "TENSION",
                    "LASTE",
                    "select2 trial",
                    "Selct2",
                ],
                &[
                    "TESLA",
                    "SELECT",
                    "SELECT 3",
                    "RESCUE-Japan LIMIT",
                    "MR CLEAN",
                ],
            ),
            (
                "lim2-performance-bias",
                None,
                &[
                    "performance bias",
                    "performance",
                    "Performance bias.",
                    "performence bias",
                ],
                &["detection bias", "selection bias", "bias"],
            ),
            (
                "lim3-small-sample",
                Some(2),
                &["subgroup", "subgroups", "subgroup analysis", "sub-group"],
                &["primary", "sensitivity"],
            ),
            (
                "lim4-sensitive-modality",
                None,
                &[
                    "MRI",
                    "DWI",
                    "diffusion-weighted MRI",
                    "diffusion weighted imaging",
                    "DWI MRI",
                ],
                &["CT", "CT perfusion", "FLAIR"],
            ),
            (
                "lim5-alteplase-overall",
                None,
                &["27", "27%", "about 27%", "28"],
                &["35"],
            ),
            ("lim4-mri-share", None, &["88", "88%", "87"], &["80"]),
            (
                "lim6-lenient-threshold",
                Some(2),
                &["0-2", "≤2", "mRS 0-2", "mRS 0 to 2"],
                &["0-3", "mRS 0-3", "NIHSS 0-2"],
            ),
            ("lim9-mortality-rates", Some(1), &["90", "90 days"], &[]),
            ("lim9-mortality-rates", Some(2), &["18.0", "18%"], &[]),
            ("lim9-mortality-rates", Some(4), &["0.33"], &["0.033"]),
            (
                "cit-first-author",
                None,
                &[
                    "Yoshimura",
                    "Yoshimura S",
                    "Yoshimura et al.",
                    "Shinichi Yoshimura",
                    "S. Yoshimura",
                    "Yoshimra",
                ],
                &["Sakai", "Uchida"],
            ),
        ],
    ),
    (
        "revascat",
        &[
            (
                "int-device",
                None,
                &["Solitaire", "Solitaire FR"],
                &["Trevo"],
            ),
            (
                "int-control-arm",
                None,
                &[
                    "medical therapy alone",
                    "best medical treatment",
                    "medical management",
                    "usual care",
                ],
                &["thrombectomy"],
            ),
            (
                "inc-window",
                None,
                &["8", "8 h", "8 hours", "within 8 hours", "eight hours"],
                &["6", "12"],
            ),
            (
                "inc-aspects",
                Some(1),
                &["7", "≥7", "7 or more", "7-10", ">6"],
                &["6", "≤7"],
            ),
            ("sd-randomised-total", None, &["206"], &[]),
            ("sd-per-arm", Some(1), &["103"], &[]),
            (
                "mp2-mrs02-or",
                Some(1),
                &["2.1", "OR 2.1", "aOR 2.1"],
                &["2.16"],
            ),
            ("mp3-sich", None, &["1.9", "1.9%", "2%"], &["4.9"]),
            ("mp5-planned-max", Some(1), &["690"], &["206"]),
            ("mp6-centres", None, &["4", "four", "4 centres"], &["5"]),
            (
                "mp6-region",
                None,
                &[
                    "Catalonia",
                    "Catalunya",
                    "Catalonia, Spain",
                    "Spain",
                    "Cataluña",
                ],
                &["Madrid", "Portugal"],
            ),
            (
                "mp6-registry",
                None,
                &[
                    "a population-based stroke reperfusion registry",
                    "population based registry",
                    "registry",
                    "stroke registry",
                ],
                &["electronic health record"],
            ),
            ("mp8-hermes", None, &["HERMES"], &[]),
            (
                "mp8-first-author",
                None,
                &["Jovin", "Tudor Jovin"],
                &["Nogueira"],
            ),
            ("lim2-high-volume", Some(1), &["500", ">500"], &["60"]),
            ("lim2-high-volume", Some(2), &["60"], &["500"]),
        ],
    ),
    (
        "select2",
        &[
            (
                "int-control-arm",
                None,
                &["medical care alone", "medical management", "BMT"],
                &["thrombectomy plus medical care"],
            ),
            (
                "inc-upper-age",
                None,
                &["85", "85 years", "≤85", "up to 85"],
                &["80"],
            ),
            ("inc-minimum-nihss", None, &["6", "≥6"], &["10"]),
            (
                "inc-prestroke-mrs",
                Some(1),
                &["0-1", "0 or 1", "≤1"],
                &["0-2"],
            ),
            ("inc-time-window", None, &["24", "24 hours", "24h"], &["12"]),
            (
                "inc-core-volume",
                None,
                &["50", "50 mL", "≥50 mL", "50ml"],
                &["70", "<50"],
            ),
            (
                "inc-core-thresholds",
                Some(1),
                &["30", "30%", "<30%"],
                &["20%"],
            ),
            ("inc-core-thresholds", Some(2), &["620"], &["600"]),
            ("sd-patients-per-arm", Some(1), &["178"], &[]),
            ("sd-patients-per-arm", Some(2), &["174"], &[]),
            (
                "sd-randomised-total",
                None,
                &["352", "352 patients"],
                &["356"],
            ),
            ("sd-sites", None, &["31", "31 sites", "31 centers"], &["13"]),
            (
                "sd-industry-collaborator",
                None,
                &["Stryker", "Stryker Neurovascular"],
                &["Medtronic"],
            ),
            (
                "po-p-value",
                Some(1),
                &["0.001", "<0.001", ".001", "P<0.001"],
                &["0.01", "0.05"],
            ),
            ("mp-median-mrs", Some(1), &["4"], &[]),
            ("mp-median-mrs", Some(2), &["5"], &["4"]),
            (
                "mp-mrs02-thrombectomy",
                None,
                &["20.3", "20%", "20.3%"],
                &["7"],
            ),
            ("mp-mrs02-medical", None, &["7", "7.0%", "seven"], &["20.3"]),
            ("mp-mrs03-reported", Some(1), &["38"], &[]),
            ("mp-mrs03-reported", Some(2), &["19"], &[]),
            ("mp-mortality-thrombectomy", None, &["38.4", "38%"], &["41"]),
            ("mp-any-ich-secondary", Some(1), &["75"], &[]),
            ("mp-any-ich-secondary", Some(2), &["35"], &[]),
            (
                "mp-rescue-primary-outcome",
                None,
                &["mRS 0-3 at 90 days", "independent ambulation", "mRS 0-3"],
                &["mRS 0-2"],
            ),
            (
                "mp-median-time-lkw",
                None,
                &["9.8", "9.8 h", "10 hours", "about 10 h"],
                &["12"],
            ),
            ("lim-performance-bias", None, &["performance bias"], &[]),
            (
                "cit-first-author",
                None,
                &["Sarraj", "Amrou Sarraj", "Sarraj A", "Saraj"],
                &["Albers"],
            ),
        ],
    ),
    (
        "swift-prime",
        &[
            (
                "int-device",
                None,
                &["Solitaire", "Solitaire FR", "Solitaire 2"],
                &["Trevo", "Solitaire 3"],
            ),
            (
                "int-control-arm",
                None,
                &[
                    "IV t-PA alone",
                    "IV tPA alone",
                    "IV alteplase",
                    "alteplase alone",
                    "intravenous alteplase alone",
                    "IV rt-PA alone",
                    "IV thrombolysis",
                    "IVT alone",
                    "IV altepase",
                    "intravenous thrombolysis alone",
                    "IV tPA only",
                    "IV t-PA (alteplase) alone",
                    "intravenous tPA only",
                ],
                &[
                    "IV tenecteplase",
                    "tenecteplase",
                    "thrombectomy",
                    "placebo",
                    "IV tPA plus thrombectomy",
                ],
            ),
            (
                "inc-tpa-window",
                None,
                &["4.5", "4.5 hours", "4.5h", "4,5"],
                &["3"],
            ),
            (
                "inc-groin-window",
                None,
                &["6", "6 h", "6 hours", "within 6h", "6hrs", "about 6"],
                &["4.5"],
            ),
            (
                "inc-imaging-to-groin-limit",
                Some(1),
                &["90", "90 min", "1.5 h"],
                &["60"],
            ),
            (
                "inc-age-range",
                Some(1),
                &["18-80", "18 to 80", "18-80 years"],
                &["18-85"],
            ),
            (
                "inc-prestroke-mrs",
                Some(1),
                &["0-1", "0 or 1", "≤1", "mRS 0-1"],
                &["0-2"],
            ),
            ("sd-randomised-total", None, &["196"], &[]),
            ("sd-centres", None, &["39", "39 centres"], &[]),
            (
                "mp1-hermes-name",
                None,
                &["HERMES", "Hermes collaboration"],
                &["HERMES-2"],
            ),
            ("mp3-mrs02-thrombectomy", None, &["60.2", "60%"], &["35.5"]),
            (
                "mp3-mrs02-control",
                None,
                &["35.5", "35.5%", "36"],
                &["60.2"],
            ),
            ("mp3-per-hundred", Some(1), &["25"], &[]),
            ("mp3-per-hundred", Some(2), &["39"], &[]),
            ("mp4-sich", Some(1), &["0", "0%", "zero", "none"], &["3"]),
            ("mp4-sich", Some(2), &["3", "3%"], &[]),
            ("mp5-imaging-to-groin", None, &["57", "57 min"], &["90"]),
            ("mp5-reperfusion", Some(1), &["88", "88%"], &[]),
            (
                "mp6-hold-trigger",
                None,
                &[
                    "MR CLEAN",
                    "MR-CLEAN",
                    "MRCLEAN",
                    "the MR CLEAN trial",
                    "mr clean",
                ],
                &["ESCAPE", "MR RESCUE"],
            ),
            ("mp7-sibling-windows", Some(1), &["8", "8 hours"], &[]),
            ("mp7-sibling-windows", Some(2), &["12", "12 h"], &["8"]),
            ("mp8-baseline-nihss", Some(1), &["66", "66 years"], &[]),
            ("mp8-baseline-nihss", Some(2), &["17"], &[]),
            (
                "lim2-nihss-range",
                Some(1),
                &["8-29", "8 to 29", "NIHSS 8-29"],
                &["8-30"],
            ),
            (
                "lim4-performance-bias",
                None,
                &["performance bias"],
                &["publication bias"],
            ),
            (
                "cit-first-author",
                None,
                &[
                    "Saver",
                    "Goyal",
                    "Jeffrey Saver",
                    "Saver JL",
                    "Dr Jeffrey L. Saver",
                    "Prof Mayank Goyal",
                ],
                &["Jovin", "Mayank Saver", "Jeffrey Goyal"],
            ),
        ],
    ),
    (
        "tension",
        &[
            (
                "inc-time-window",
                None,
                &["12", "12 hours", "12h", "up to 12 hours"],
                &["24"],
            ),
            (
                "inc-nihss-limit",
                Some(1),
                &["26", "<26", "≤25"],
                &[">26", "25"],
            ),
            (
                "inc-minimum-age",
                None,
                &["18", "18 years", "≥18", "adults 18+"],
                &["80"],
            ),
            ("sd-arm-sizes", Some(1), &["125"], &[]),
            ("sd-arm-sizes", Some(2), &["128"], &[]),
            (
                "sd-funding",
                None,
                &[
                    "Horizon 2020",
                    "EU Horizon 2020",
                    "European Union",
                    "H2020",
                    "horizon2020",
                    "EU Horizon-2020 programme",
                ],
                &["Horizon 2010", "NIH", "FP7"],
            ),
            ("sd-probe", None, &["PROBE", "PROBE design"], &["RCT"]),
            ("sd-planned-size", None, &["665"], &["253"]),
            ("sd-enrolment-period", Some(1), &["2018"], &[]),
            (
                "sd-enrolment-period",
                Some(2),
                &["2023", "Feb 2023", "February 2023"],
                &["2022", "Mar 2023"],
            ),
            (
                "sd-follow-up",
                None,
                &["90", "90 days", "3 months", "day 90"],
                &["180"],
            ),
            ("mp1-centres", Some(1), &["40", "40 hospitals"], &["41"]),
            ("mp1-centres", Some(2), &["Canada", "canada"], &["USA"]),
            (
                "mp1-congress",
                None,
                &[
                    "World Stroke Congress",
                    "WSC",
                    "the World Stroke Congress 2023",
                    "WSC 2023",
                ],
                &[
                    "European Stroke Organisation Conference",
                    "ESOC",
                    "International Stroke Conference",
                ],
            ),
            (
                "mp6-walking-independently",
                Some(1),
                &["18", "18 pp", "18 percentage points"],
                &["28"],
            ),
            (
                "mp8-first-author",
                None,
                &["Bendszus", "Martin Bendszus", "Bendzus"],
                &["Fiehler"],
            ),
            ("mp10-laste-window", None, &["6.5", "6.5 h"], &["6"]),
        ],
    ),
    (
        "tesla",
        &[
            ("inc-time-window", None, &["24", "24 hours", "24h"], &["12"]),
            ("inc-age-range", Some(1), &["18"], &["85"]),
            ("inc-age-range", Some(2), &["85", "85 years"], &["80"]),
            ("sd-arm-sizes", Some(1), &["152"], &[]),
            ("sd-arm-sizes", Some(2), &["148"], &[]),
            (
                "sd-adaptive-design",
                Some(1),
                &[
                    "enrichment",
                    "adaptive enrichment",
                    "Enrichment",
                    "enrichement",
                ],
                &["adaptive", "Bayesian", "randomisation"],
            ),
            ("sd-randomised-total", None, &["300"], &["253"]),
            ("sd-centres", None, &["47"], &["46"]),
            ("mp2-mean-uw-mrs", Some(1), &["2.93"], &["2.27"]),
            ("mp2-mean-uw-mrs", Some(2), &["2.27"], &[]),
            (
                "mp2-adjusted-difference",
                None,
                &["0.63", ".63", "0,63", "+0.63"],
                &["0.66", "-0.63", "−0.63"],
            ),
            (
                "mp3-credible-interval-name",
                Some(1),
                &["credible", "credible interval", "Credible"],
                &["confidence", "prediction"],
            ),
            ("mp5-mortality", Some(1), &["35.3", "35.3%"], &["33.3"]),
            ("mp5-mortality", Some(2), &["33.3"], &[]),
            (
                "mp6-sah",
                None,
                &[
                    "subarachnoid haemorrhage",
                    "subarachnoid hemorrhage",
                    "SAH",
                    "subarachnoid bleed",
                    "subarachnoid",
                    "subarachnoid haemorrhages",
                    "sub-arachnoid haemorrhage",
                ],
                &[
                    "subdural haemorrhage",
                    "intracerebral haemorrhage",
                    "ICH",
                    "parenchymal hematoma",
                ],
            ),
            (
                "mp10-positive-aspects-only-sibling",
                None,
                &["TENSION", "the TENSION trial", "Tension"],
                &["TESLA", "LASTE", "SELECT2"],
            ),
            (
                "lim4-open-label",
                None,
                &[
                    "open-label",
                    "open label",
                    "open-label treatment",
                    "unblinded treatment",
                    "no blinding",
                    "treatment was not blinded",
                    "non-blinded treatment",
                ],
                &["blinded", "double-blind", "blinded outcome assessment"],
            ),
            (
                "cit-first-author",
                None,
                &["Yoo", "Albert Yoo", "AJ Yoo"],
                &["Jovin"],
            ),
        ],
    ),
    (
        "wake-up",
        &[
            (
                "int-comparator",
                None,
                &["placebo", "matched placebo", "a placebo"],
                &["alteplase", "tenecteplase", "no treatment"],
            ),
            (
                "inc-unknown-onset",
                None,
                &[
                    "unknown",
                    "unknown time of onset",
                    "onset time unknown",
                    "unknown onset time",
                    "wake-up stroke",
                    "it had to be unknown",
                    "time of symptom onset unknown",
                    "unknown (wake-up stroke)",
                    "onset unknown",
                ],
                &["known", "within 4.5 hours", "less than 4.5 hours"],
            ),
            (
                "sd-arms-reported",
                Some(1),
                &["254 patients", "254"],
                &["249"],
            ),
            ("sd-arms-reported", Some(2), &["249"], &[]),
            (
                "sd-randomised-total",
                None,
                &["503", "503 patients"],
                &["800"],
            ),
            (
                "sd-continent",
                None,
                &["Europe", "europe", "European"],
                &["Asia", "North America"],
            ),
            (
                "mp1-replaced-clock",
                None,
                &[
                    "known time of onset",
                    "time of onset",
                    "onset time",
                    "a known onset time",
                    "time window",
                    "the clock",
                ],
                &["CT", "NIHSS"],
            ),
            (
                "po-definition",
                Some(1),
                &[
                    "mRS 0-1",
                    "mRS 0 or 1",
                    "0-1",
                    "mRS ≤1",
                    "modified Rankin scale 0-1",
                    "mRS of 0 to 1",
                ],
                &["mRS 0-2", "mRS 0-3", "NIHSS 0-1"],
            ),
            (
                "po-definition",
                Some(2),
                &["90 days", "90 d", "3 months", "90", "day 90"],
                &["30 days"],
            ),
            (
                "mp2-alteplase-rate",
                None,
                &["53.3", "53.3%", "53%"],
                &["41.8"],
            ),
            ("mp2-placebo-rate", None, &["41.8", "42%"], &["53.3"]),
            (
                "mp2-p-value",
                None,
                &["0.02", "p=0.02", ".02"],
                &["0.2", "0.002"],
            ),
            ("mp3-median-mrs", Some(1), &["1", "one", "mRS 1"], &["2"]),
            ("mp3-median-mrs", Some(2), &["2"], &[]),
            (
                "mp3-common-or",
                Some(1),
                &["1.62", "OR 1.62", "acOR 1.62"],
                &["1.17"],
            ),
            ("mp3-common-or", Some(2), &["0.003", ".003"], &["0.03"]),
            ("mp6-ph2", Some(1), &["4.0", "4", "4%"], &["0.4"]),
            ("mp6-ph2", Some(2), &["0.4", ".4%"], &["4"]),
            (
                "mp7-funding",
                None,
                &[
                    "EU Seventh Framework Programme",
                    "FP7",
                    "Seventh Framework Program",
                    "European Union",
                    "EU FP7",
                    "7th Framework Programme",
                ],
                &["Horizon 2020", "NIH"],
            ),
            (
                "mp8-extend-stop-reason",
                None,
                &[
                    "loss of equipoise",
                    "lost equipoise",
                    "equipoise",
                    "loss of clinical equipoise",
                ],
                &["lack of funding", "futility", "efficacy"],
            ),
            (
                "mp9-clock-windows",
                Some(1),
                &["3 hours", "3 h", "3", "180 minutes"],
                &["4.5 hours"],
            ),
            (
                "mp9-clock-windows",
                Some(2),
                &["3-4.5 hours", "3 to 4.5 h"],
                &["0-4.5 hours"],
            ),
            (
                "cit-first-author",
                None,
                &["Thomalla", "Götz Thomalla", "G. Thomalla", "Thomala"],
                &["Gerloff"],
            ),
        ],
    ),
    (
        "large-core-trials",
        &[
            (
                "primary-binary-mrs-0-3-trial",
                None,
                &[
                    "RESCUE-Japan LIMIT",
                    "RESCUE Japan LIMIT",
                    "rescue-japan limit",
                    "RESCUE LIMIT",
                    "RESCUE-Japan",
                    "Rescue Japan Limit trial",
                ],
                &["SELECT2", "RESCUE", "ANGEL-ASPECT"],
            ),
            (
                "selection-core-volume-thresholds",
                Some(1),
                &["50", "50 mL", "≥50"],
                &["70"],
            ),
            (
                "selection-core-volume-thresholds",
                Some(2),
                &["70-100", "70 to 100 mL"],
                &["50-100"],
            ),
            (
                "selection-tesla-aspects-range",
                Some(1),
                &["2-5", "2 to 5", "ASPECTS 2-5"],
                &["3-5", "0-5"],
            ),
            (
                "window-tension-hours",
                None,
                &["12", "12 hours", "up to 12 h"],
                &["24"],
            ),
            (
                "window-rjl-dwi-flair",
                Some(1),
                &["DWI-FLAIR", "DWI FLAIR", "dwi/flair", "DWI-FLAIR mismatch"],
                &["perfusion", "clinical-core"],
            ),
            ("size-angel-aspect-randomised", None, &["456"], &["455"]),
            (
                "year-order-publication",
                None,
                &[
                    "RESCUE-Japan LIMIT, TENSION, LASTE, TESLA",
                    "RESCUE, TENSION, LASTE, TESLA",
                    "Rescue-Japan Limit, Tension, Laste, Tesla",
                    "RESCUE-Japan LIMIT > TENSION > LASTE > TESLA",
                    "RESCUE-Japan LIMIT; TENSION; LASTE; TESLA",
                ],
                &[
                    "TESLA, LASTE, TENSION, RESCUE-Japan LIMIT",
                    "RESCUE-Japan LIMIT, LASTE, TENSION, TESLA",
                    "TENSION, LASTE, TESLA, RESCUE-Japan LIMIT",
                    "RESCUE-Japan LIMIT, TENSION, TESLA, LASTE",
                ],
            ),
            (
                "stopped-early-external-reason",
                None,
                &["LASTE", "the LASTE trial"],
                &["TENSION"],
            ),
            (
                "mortality-laste-thrombectomy",
                None,
                &["36.1", "36%"],
                &["55.5"],
            ),
            (
                "sich-laste-thrombectomy",
                None,
                &["9.6", "9.6%", "10%"],
                &["5.7"],
            ),
            ("sich-rjl-both-arms", Some(1), &["9.0"], &[]),
            ("sich-rjl-both-arms", Some(2), &["4.9"], &[]),
            (
                "country-angel-aspect",
                None,
                &["China", "PR China"],
                &["Japan"],
            ),
            (
                "country-select2-international",
                None,
                &["SELECT2", "SELECT 2"],
                &["ANGEL-ASPECT", "TESLA"],
            ),
            ("country-tension-hospitals", None, &["TENSION"], &["LASTE"]),
            (
                "neutral-trial-name",
                None,
                &["TESLA", "Tesla", "the TESLA trial"],
                &["TENSION", "SELECT2"],
            ),
        ],
    ),
    (
        "early-window-thrombectomy",
        &[
            (
                "select-aspects-cloze",
                Some(1),
                &["6-10", "6 to 10", "≥6", "6 or more"],
                &["7-10", "3-5"],
            ),
            ("select-aspects-cloze", Some(2), &["7", "≥7"], &["6"]),
            (
                "window-order-typed",
                None,
                &[
                    "MR CLEAN, REVASCAT, ESCAPE",
                    "MR CLEAN then REVASCAT then ESCAPE",
                    "MR CLEAN < REVASCAT < ESCAPE",
                    "mr clean, revascat, escape",
                    "MR-CLEAN, REVASCAT and ESCAPE",
                    "MR CLEAN; REVASCAT; ESCAPE",
                ],
                &[
                    "ESCAPE, REVASCAT, MR CLEAN",
                    "REVASCAT, MR CLEAN, ESCAPE",
                    "MR CLEAN, ESCAPE, REVASCAT",
                    "ESCAPE, MR CLEAN, REVASCAT",
                ],
            ),
            ("window-swift-groin", Some(1), &["6", "6 hours"], &[]),
            ("window-swift-groin", Some(2), &["90", "90 min"], &["60"]),
            (
                "primary-extend-ia-coprimary",
                None,
                &["EXTEND-IA", "EXTEND IA", "Extend-IA trial"],
                &["EXTEND", "ESCAPE"],
            ),
            ("mrs02-gain-cloze", Some(1), &["13.5"], &[]),
            ("mrs02-gain-cloze", Some(2), &["23.7"], &["13.5"]),
            ("mortality-halved-escape", None, &["ESCAPE"], &["MR CLEAN"]),
            ("size-extend-ia", None, &["70"], &[]),
            ("size-mr-clean", None, &["500"], &["233"]),
            (
                "stop-swift-hold",
                None,
                &["SWIFT PRIME", "SWIFT-PRIME", "Swift Prime", "swiftprime"],
                &["SWIFT", "ESCAPE"],
            ),
            ("hermes-name", None, &["HERMES"], &[]),
            ("hermes-window", None, &["12", "12 h"], &["6"]),
            (
                "hermes-size",
                None,
                &["1287", "1,287", "about 1300", "~1290"],
                &["1000", "1,000"],
            ),
            (
                "hermes-first-author",
                None,
                &["Goyal", "Mayank Goyal"],
                &["Menon"],
            ),
        ],
    ),
    (
        "late-window-thrombectomy",
        &[
            ("window-cloze", Some(1), &["6-24", "6 to 24"], &["6-16"]),
            ("window-cloze", Some(2), &["6-16", "6–16"], &["6-24"]),
            (
                "window-order-typed",
                None,
                &[
                    "REVASCAT, ESCAPE, DAWN",
                    "REVASCAT then ESCAPE then DAWN",
                    "revascat escape dawn",
                ],
                &["DAWN, ESCAPE, REVASCAT", "ESCAPE, REVASCAT, DAWN"],
            ),
            (
                "defuse-mismatch-cloze",
                Some(1),
                &["1.8", "≥1.8", "1.8:1"],
                &["1.2", "2:1"],
            ),
            ("defuse-mismatch-cloze", Some(2), &["15", "15 mL"], &["10"]),
            ("dawn-age-split", Some(1), &["80"], &["85"]),
            ("nihss-cloze", Some(1), &["10", "≥10"], &["6"]),
            ("nihss-cloze", Some(2), &["6"], &["10"]),
            (
                "age-upper-defuse",
                None,
                &["90", "90 years", "up to 90"],
                &["18", "85"],
            ),
            ("bayesian-dawn", None, &["DAWN"], &["DEFUSE 3"]),
            (
                "effect-cloze",
                Some(1),
                &["33", "33 percentage points"],
                &[],
            ),
            ("effect-cloze", Some(2), &["2.77", "OR 2.77"], &["2.7"]),
            ("mrs02-cloze", Some(1), &["49"], &[]),
            ("mrs02-cloze", Some(3), &["45"], &[]),
            ("mrs02-cloze", Some(4), &["17"], &["13"]),
            (
                "mortality-defuse",
                None,
                &["DEFUSE 3", "DEFUSE-3", "DEFUSE III"],
                &["DAWN", "DEFUSE 2"],
            ),
            ("size-cloze", Some(1), &["206"], &[]),
            ("size-cloze", Some(2), &["182"], &[]),
            ("device-trevo", None, &["Trevo"], &["Solitaire"]),
            ("jovin", None, &["Jovin", "Tudor Jovin"], &["Nogueira"]),
        ],
    ),
    (
        "thrombolysis-trials",
        &[
            (
                "wake-up-stroke-midpoint-of-sleep",
                None,
                &["EXTEND", "extend trial"],
                &["WAKE-UP", "EXTEND-IA"],
            ),
            (
                "sich-ecass-two-definitions",
                Some(1),
                &["2.4", "2.4%"],
                &["7.9"],
            ),
            ("sich-ecass-two-definitions", Some(2), &["7.9"], &[]),
            ("sich-ecass-two-definitions", Some(3), &["3.5"], &[]),
            ("sich-extend-figure", None, &["EXTEND"], &["ECASS III"]),
            (
                "size-largest",
                None,
                &["821", "821 patients", "ECASS III, 821"],
                &["624"],
            ),
            (
                "year-order",
                None,
                &[
                    "NINDS, ECASS III, WAKE-UP, EXTEND",
                    "NINDS, ECASS-III, WAKE UP, EXTEND",
                    "ninds, ecass 3, wake-up, extend",
                    "NINDS; ECASS III; WAKE-UP; EXTEND",
                    "NINDS -> ECASS III -> WAKE-UP -> EXTEND",
                ],
                &[
                    "NINDS, ECASS III, EXTEND, WAKE-UP",
                    "EXTEND, WAKE-UP, ECASS III, NINDS",
                    "ECASS III, NINDS, WAKE-UP, EXTEND",
                ],
            ),
            (
                "stopped-early-sizes",
                Some(1),
                &["503 patients", "503"],
                &["800"],
            ),
            ("stopped-early-sizes", Some(2), &["800"], &[]),
            ("stopped-early-sizes", Some(4), &["310"], &[]),
            (
                "dose-all-four",
                Some(1),
                &["0.9 mg/kg", "0.9mg/kg", "0.9"],
                &["0.6 mg/kg"],
            ),
            ("dose-all-four", Some(2), &["90 mg", "90"], &["100 mg"]),
            (
                "clock-windows",
                Some(1),
                &[
                    "3 hours, 3-4.5 hours, 4.5-9 hours",
                    "3 h, 3-4.5 h, 4.5-9 h",
                    "3; 3-4.5; 4.5-9",
                    "3h 3-4.5h 4.5-9h",
                ],
                &[
                    "3 hours, 4.5 hours, 9 hours",
                    "3-4.5 hours",
                    "4.5 hours, 3-4.5 hours, 4.5-9 hours",
                ],
            ),
            (
                "journal-all-four",
                None,
                &[
                    "NEJM",
                    "N Engl J Med",
                    "N. Engl. J. Med.",
                    "New England Journal of Medicine",
                    "the NEJM",
                    "nejm",
                ],
                &["Lancet", "JAMA", "Stroke"],
            ),
        ],
    ),
];

#[test]
fn fair_answers_are_accepted_and_wrong_ones_rejected_card_by_card() {
    let decks = decks();
    let mut failures = Vec::new();
    let mut count = 0;
    for (deck_id, cards) in ANSWERS {
        let deck = deck(&decks, deck_id);
        let grader = Grader::new(deck);
        let items = deck.items();
        for (card_id, number, fair, wrong) in *cards {
            let item = items
                .iter()
                .find(|i| i.card.id == *card_id && (number.is_none() || i.cloze == *number))
                .unwrap_or_else(|| panic!("no item `{deck_id}/{card_id}` {number:?}"));
            for answer in *fair {
                count += 1;
                if !right(&grader, item, answer) {
                    failures.push(format!(
                        "{deck_id}/{card_id} {number:?} rejects fair {answer:?}"
                    ));
                }
            }
            for answer in *wrong {
                count += 1;
                if right(&grader, item, answer) {
                    failures.push(format!(
                        "{deck_id}/{card_id} {number:?} accepts wrong {answer:?}"
                    ));
                }
            }
        }
    }
    assert!(count > 1500, "{count} answers");
    assert!(
        failures.is_empty(),
        "{} of {count}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_distractor_typed_as_text_passes_for_the_answer() {
    let mut failures = Vec::new();
    let mut count = 0;
    for deck in decks() {
        let grader = Grader::new(&deck);
        for card in &deck.cards {
            let Body::Choice {
                prompt,
                choices,
                answers,
            } = &card.body
            else {
                continue;
            };
            let as_typed = Card {
                body: Body::Typed {
                    prompt: prompt.clone(),
                    answers: answers.clone(),
                },
                ..card.clone()
            };
            let item = Item {
                card: &as_typed,
                cloze: None,
            };
            for distractor in choices.iter().filter(|c| !answers.contains(c)) {
                count += 1;
                if right(&grader, &item, distractor) {
                    failures.push(format!(
                        "{}/{}: {distractor:?} passes for {answers:?}",
                        deck.id, card.id
                    ));
                }
            }
        }
    }
    assert!(count > 500, "{count} distractors");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The figures a text teaches, sorted, the numbers of names (`SELECT 2`,
/// `DEFUSE-3`: a word in capitals, not a scale, before the digit) left out.
fn taught(text: &str) -> Vec<String> {
    const SCALES: &[&str] = &[
        "NIHSS", "ASPECTS", "MRS", "CI", "OR", "RR", "HR", "NNT", "EVT",
    ];
    let mut joined = text.to_string();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let name = word.len() >= 3
            && word.chars().all(|c| c.is_ascii_uppercase())
            && !SCALES.contains(&word);
        if name {
            joined = joined
                .replace(&format!("{word} "), word)
                .replace(&format!("{word}-"), word);
        }
    }
    let mut out: Vec<String> = figures(&joined).iter().map(|f| format!("{f}")).collect();
    out.sort();
    out
}

#[test]
fn no_typed_card_accepts_another_cards_answer_that_differs_in_a_figure() {
    let mut failures = Vec::new();
    let mut count = 0;
    for deck in decks() {
        let grader = Grader::new(&deck);
        for card in &deck.cards {
            let Body::Typed { answers, .. } = &card.body else {
                continue;
            };
            let item = Item { card, cloze: None };
            let own: Vec<Vec<String>> = answers.iter().map(|a| taught(a)).collect();
            for other in deck.cards.iter().filter(|o| o.id != card.id) {
                let mut texts = other.answer_texts();
                if let Body::Choice { choices, .. } = &other.body {
                    texts.extend(choices.iter().cloned());
                }
                for text in texts.iter().filter(|t| !own.contains(&taught(t))) {
                    count += 1;
                    if right(&grader, &item, text) {
                        failures.push(format!(
                            "{}/{} accepts {text:?} of `{}`",
                            deck.id, card.id, other.id
                        ));
                    }
                }
            }
        }
    }
    assert!(count > 3000, "{count} answers");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An accepted answer retyped: other case, dashes, spacing, punctuation,
/// spelling, an article.
fn retyped(answer: &str) -> Vec<String> {
    let chars: Vec<char> = answer.chars().collect();
    let hyphen_between_letters: String = (0..chars.len())
        .map(|i| {
            let between = i > 0
                && chars[i - 1].is_alphabetic()
                && chars.get(i + 1).is_some_and(|c| c.is_alphabetic());
            if chars[i] == '-' && between {
                ' '
            } else {
                chars[i]
            }
        })
        .collect();
    let mut out = vec![
        answer.to_lowercase(),
        answer.to_uppercase(),
        format!("  {answer}. "),
        hyphen_between_letters,
        answer.replace('-', "–"),
        answer.replace(' ', "  "),
        answer
            .replace("haemorrhage", "hemorrhage")
            .replace("randomised", "randomized"),
        answer
            .replace("hemorrhage", "haemorrhage")
            .replace("randomized", "randomised"),
    ];
    if !answer.chars().any(|c| c.is_ascii_digit()) {
        out.push(format!("the {answer}"));
    }
    out
}

#[test]
fn every_accepted_answer_passes_retyped() {
    let mut failures = Vec::new();
    let mut count = 0;
    for deck in decks() {
        let grader = Grader::new(&deck);
        for item in deck.items() {
            let answers = match &item.card.body {
                Body::Typed { answers, .. } => answers.clone(),
                Body::Cloze { text } => {
                    let parsed = cloze::parse(text).unwrap();
                    vec![parsed.answers(item.cloze.unwrap_or(1)).join(" ")]
                }
                _ => continue,
            };
            for answer in &answers {
                for typed in retyped(answer) {
                    count += 1;
                    if !right(&grader, &item, &typed) {
                        failures.push(format!(
                            "{}/{}: {typed:?} (for {answer:?})",
                            deck.id,
                            item.key()
                        ));
                    }
                }
            }
        }
    }
    assert!(count > 5000, "{count} answers");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `text` with one of its numbers moved by one step of its last digit, each
/// way (`0-3` gives `1-3`, `0-4` and `0-2`; `31.0` gives `31.1` and `30.9`).
fn nudged(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let decimals = number.split('.').nth(1).map_or(0, str::len);
        let step = 10f64.powi(-i32::try_from(decimals).unwrap());
        let value: f64 = number.parse().unwrap();
        for moved in [value + step, value - step]
            .into_iter()
            .filter(|v| *v >= 0.0)
        {
            let mut t: String = chars[..start].iter().collect();
            t.push_str(&format!("{moved:.decimals$}"));
            t.extend(&chars[i..]);
            out.push(t);
        }
    }
    out
}

#[test]
fn a_nudged_figure_another_trial_or_another_drug_is_rejected() {
    let decks = decks();
    let squash = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let names: Vec<String> = decks
        .iter()
        .map(|d| d.title.split(" (").next().unwrap_or_default().to_string())
        .chain(
            [
                "alteplase",
                "tenecteplase",
                "reteplase",
                "heparin",
                "aspirin",
                "placebo",
                "Solitaire",
                "Trevo",
            ]
            .map(String::from),
        )
        .collect();
    let mut failures = Vec::new();
    let mut count = 0;
    for deck in &decks {
        let grader = Grader::new(deck);
        for item in deck.items() {
            let wrong: Vec<String> = match &item.card.body {
                Body::Numeric {
                    value,
                    tolerance,
                    unit,
                    ..
                } => {
                    let off = tolerance * 2.0 + value.abs().max(1.0) * 0.2;
                    [value + off, value - off, value * 10.0, value / 10.0]
                        .into_iter()
                        .filter(|x| *x >= 0.0 && (x - value).abs() > tolerance + 1e-9)
                        .flat_map(|x| {
                            let x = (x * 1000.0).round() / 1000.0;
                            [format!("{x}"), format!("{x} {unit}")]
                        })
                        .collect()
                }
                Body::Cloze { text } => {
                    let parsed = cloze::parse(text).unwrap();
                    nudged(&parsed.answers(item.cloze.unwrap_or(1)).join(" "))
                }
                Body::Typed { answers, .. } => {
                    let own: Vec<String> = answers.iter().map(|a| squash(a)).collect();
                    let others = names.iter().filter(|n| {
                        let n = squash(n);
                        !own.iter().any(|o| o.contains(&n) || n.contains(o.as_str()))
                    });
                    answers
                        .iter()
                        .flat_map(|a| nudged(a))
                        .chain(others.cloned())
                        .collect()
                }
                _ => continue,
            };
            for answer in wrong {
                count += 1;
                if right(&grader, &item, &answer) {
                    failures.push(format!("{}/{}: {answer:?}", deck.id, item.key()));
                }
            }
        }
    }
    assert!(count > 4000, "{count} answers");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A card with `body` and nothing else.
fn bare(body: Body) -> Card {
    Card {
        id: "c".into(),
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn grading_arbitrary_text_never_panics(typed in any::<String>(), answer in any::<String>()) {
        let _ = text_matches(&answer, &typed);
        let _ = parse_number(&typed);
        for body in [
            Body::Typed { prompt: answer.clone(), answers: vec![answer.clone(), "mRS 0-3".into()] },
            Body::Numeric { prompt: answer.clone(), value: 0.6, tolerance: 0.05, unit: answer.clone() },
            Body::Cloze { text: format!("{answer} {{{{c1::{answer}x}}}} hours") },
        ] {
            let card = bare(body);
            let _ = Grader::for_decks([]).grade(&Item { card: &card, cloze: Some(1) }, &Response::Text(typed.clone()));
        }
    }

    #[test]
    fn grading_answer_like_text_never_panics(
        typed in "[0-9a-zA-Z .,;:()\\[\\]<>=≤≥~%/+'’\\-–—éÉ·]{0,40}",
        answer in "[0-9a-zA-Z .,<>=≤≥%/+\\-–]{1,30}",
    ) {
        let _ = text_matches(&answer, &typed);
        let card = bare(Body::Cloze { text: format!("P = {{{{c1::{answer}}}}} mg/kg or more") });
        let _ = Grader::for_decks([]).grade(&Item { card: &card, cloze: Some(1) }, &Response::Text(typed));
    }
}
