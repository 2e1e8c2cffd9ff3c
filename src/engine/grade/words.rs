//! Words: one spelling for each (British and American, singular and plural,
//! `intravenous` and `IV`), the words an answer may leave out or add, and how
//! the words of a response line up with those of an accepted answer.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::typo::{self, Vocabulary};

/// The canonical form of a folded word, under which spellings that mean the
/// same compare equal: [British spellings](regional) become American, a
/// [plural, possessive or verb form](inflection) its base, and a few
/// [synonyms](SYNONYMS) one word. Words with digits are names (`select2`,
/// `m1`) and stay as they are.
pub(super) fn key(word: &str) -> String {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    let base = base(word);
    SYNONYM_KEYS.get(&base).cloned().unwrap_or(base)
}

/// A word's spelling and inflection folded, before synonyms.
fn base(word: &str) -> String {
    inflection(&regional(word))
}

/// [`SYNONYMS`] in canonical form.
static SYNONYM_KEYS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    SYNONYMS
        .iter()
        .map(|(from, to)| (base(from), base(to)))
        .collect()
});

/// British spellings as American ones (`haemorrhage`, `randomised`, `centre`,
/// `programme`, `enrolment`), so neither counts as a typo of the other.
pub(super) fn regional(word: &str) -> String {
    let mut w = if word.contains("ae") {
        word.replace("ae", "e")
    } else {
        word.to_string()
    };
    if let Some(rest) = w.strip_prefix("oe") {
        w = format!("e{rest}");
    }
    if let Some(rest) = w.strip_prefix("enroll") {
        w = format!("enrol{rest}");
    }
    for (from, to) in [("isation", "ization"), ("lled", "led"), ("lling", "ling")] {
        if w.len() >= 8 && w.contains(from) {
            w = w.replace(from, to);
        }
    }
    for (from, to) in [
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("tre", "ter"),
        ("tres", "ters"),
        ("tred", "tered"),
        ("ogue", "og"),
        ("mme", "m"),
        ("mmes", "ms"),
    ] {
        if w.len() > from.len() + 2
            && let Some(stem) = w.strip_suffix(from)
        {
            w = format!("{stem}{to}");
            break;
        }
    }
    for stem in [
        "favour",
        "colour",
        "behaviour",
        "tumour",
        "labour",
        "honour",
        "neighbour",
        "humour",
    ] {
        if w.len() >= stem.len() && w.starts_with(stem) {
            w = w.replacen("our", "or", 1);
            break;
        }
    }
    w
}

/// A plural, a possessive or a verb form as its base: `centres`, `days`,
/// `therapies`, `analyses`, `DAWN's` (folded to `dawns`), `matched` and
/// `matching`, `blinded`, `stopped`. Words of three letters or fewer (`mrs`,
/// `pts`) and words ending in `ss`, `us` or `is` (`NIHSS`, `status`,
/// `analysis`) keep their `s`.
pub(super) fn inflection(word: &str) -> String {
    let singular = singular(word);
    let n = singular.len();
    if n < 6 || !singular.chars().all(|c| c.is_ascii_lowercase()) {
        return singular;
    }
    let stem = singular
        .strip_suffix("ing")
        .or_else(|| singular.strip_suffix("ed").filter(|s| !s.ends_with('e')));
    let Some(stem) = stem.filter(|s| s.len() >= 3) else {
        return singular;
    };
    let mut chars: Vec<char> = stem.chars().collect();
    let doubled = chars.len() >= 2
        && chars[chars.len() - 1] == chars[chars.len() - 2]
        && !matches!(chars[chars.len() - 1], 'l' | 's' | 'z');
    if doubled {
        chars.pop();
    }
    chars.into_iter().collect()
}

/// A plural or possessive as its singular (see [`inflection`]).
fn singular(word: &str) -> String {
    let n = word.len();
    if n < 4 || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("yses") {
        return format!("{stem}ysis");
    }
    if n > 4
        && let Some(stem) = word.strip_suffix("ies")
    {
        return format!("{stem}y");
    }
    for ending in ["sses", "ches", "shes", "xes", "zes"] {
        if word.ends_with(ending) {
            return word[..n - 2].to_string();
        }
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return word.to_string();
    }
    word.strip_suffix('s').unwrap_or(word).to_string()
}

/// Single words with one meaning in these decks, ordinals in words as in
/// digits (`Seventh Framework Programme`, `7th`), and the months as they are
/// shortened (`Nov 2018` for "November [...]").
const SYNONYMS: &[(&str, &str)] = &[
    ("intravenous", "iv"),
    ("intravenously", "iv"),
    ("intraarterial", "ia"),
    ("versus", "vs"),
    ("only", "alone"),
    ("solely", "alone"),
    ("mgmt", "management"),
    ("mgt", "management"),
    ("tx", "treatment"),
    ("usual", "standard"),
    ("first", "1st"),
    ("second", "2nd"),
    ("third", "3rd"),
    ("fourth", "4th"),
    ("fifth", "5th"),
    ("sixth", "6th"),
    ("seventh", "7th"),
    ("eighth", "8th"),
    ("ninth", "9th"),
    ("tenth", "10th"),
    ("tpa", "alteplase"),
    ("rtpa", "alteplase"),
    ("actilyse", "alteplase"),
    ("tnk", "tenecteplase"),
    ("bleeding", "hemorrhage"),
    ("bleed", "hemorrhage"),
    ("usa", "us"),
    ("america", "us"),
    ("diffusion", "dwi"),
    ("rankin", "mrs"),
    ("pt", "patient"),
    ("yr", "year"),
    ("incl", "including"),
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "september"),
    ("sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
];

/// Phrases with one canonical spelling, written in canonical words: the
/// scales (`modified Rankin scale` is `mrs`), abbreviations clinicians expand
/// or contract (`symptomatic intracranial haemorrhage` and `sICH`, `t-PA`,
/// `last known well` and `LKW`), effect measures (`odds ratio`, the label
/// `OR`), and the control arm's "medical care" in its many names (`medical
/// treatment`, `medical management`, `standard of care`). The longest phrase
/// wins.
pub(super) const PHRASES: &[(&[&str], &[&str])] = &[
    (
        &["national", "institute", "of", "health", "stroke", "scale"],
        &["nihss"],
    ),
    (&["nih", "stroke", "scale"], &["nihss"]),
    (&["mrs", "scale"], &["mrs"]),
    (&["modified", "mrs", "scale"], &["mrs"]),
    (&["modified", "mrs"], &["mrs"]),
    (&["sich"], &["symptomatic", "ich"]),
    (&["intracranial", "hemorrhage"], &["ich"]),
    (&["subarachnoid", "hemorrhage"], &["sah"]),
    (&["intra", "arterial"], &["ia"]),
    (&["t", "pa"], &["alteplase"]),
    (&["rt", "pa"], &["alteplase"]),
    (&["ivt"], &["iv", "thrombolysis"]),
    (&["intravenous", "thrombolysis"], &["iv", "thrombolysis"]),
    (&["endovascular", "therapy"], &["evt"]),
    (&["endovascular", "treatment"], &["evt"]),
    (&["endovascular", "thrombectomy"], &["evt"]),
    (&["last", "known", "well"], &["lkw"]),
    (&["last", "seen", "well"], &["lkw"]),
    (&["dwi", "weighted", "imaging"], &["dwi"]),
    (&["dwi", "weighted"], &["dwi"]),
    (&["computed", "tomography"], &["ct"]),
    (&["magnetic", "resonance", "imaging"], &["mri"]),
    (&["ct", "angiography"], &["cta"]),
    (&["ct", "perfusion"], &["ctp"]),
    (&["perfusion", "ct"], &["ctp"]),
    (&["large", "vessel", "occlusion"], &["lvo"]),
    (&["internal", "carotid", "artery"], &["ica"]),
    (&["middle", "cerebral", "artery"], &["mca"]),
    (&["number", "needed", "to", "treat"], &["nnt"]),
    (&["relative", "risk"], &["rr"]),
    (&["risk", "ratio"], &["rr"]),
    (&["odds", "ratio"], &["oddsratio"]),
    (&["cor"], &["common", "oddsratio"]),
    (&["acor"], &["adjusted", "common", "oddsratio"]),
    (&["aor"], &["adjusted", "oddsratio"]),
    (&["gor"], &["generalized", "oddsratio"]),
    (&["hazard", "ratio"], &["hazardratio"]),
    (&["confidence", "interval"], &["ci"]),
    (&["best", "medical", "treatment"], &["bmt"]),
    (&["best", "medical", "therapy"], &["bmt"]),
    (&["best", "medical", "management"], &["bmt"]),
    (&["best", "medical", "care"], &["bmt"]),
    (&["medical", "treatment"], &["medical", "care"]),
    (&["medical", "therapy"], &["medical", "care"]),
    (&["medical", "management"], &["medical", "care"]),
    (&["standard", "of", "care"], &["standard", "care"]),
    (&["standard", "treatment"], &["standard", "care"]),
    (&["standard", "therapy"], &["standard", "care"]),
    (&["standard", "management"], &["standard", "care"]),
    (&["united", "state", "of", "us"], &["us"]),
    (&["united", "state"], &["us"]),
    (&["u", "s", "a"], &["us"]),
    (&["u", "s"], &["us"]),
    (&["united", "kingdom"], &["uk"]),
    (&["european", "union"], &["eu"]),
    (&["world", "stroke", "congress"], &["wsc"]),
    (&["new", "england", "journal", "of", "medicine"], &["nejm"]),
    (&["n", "engl", "j", "med"], &["nejm"]),
    (&["out", "of"], &["of"]),
];

/// Words that carry no answer: articles, prepositions, auxiliaries and the
/// like. An answer may add or leave them out (`the Netherlands`, `mRS of
/// 0-1`, `time of onset`).
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "at", "on", "for", "by", "from", "to", "with", "and", "as", "is",
    "was", "were", "are", "be", "been", "being", "it", "its", "that", "this", "these", "those",
    "there", "their", "which", "who", "what", "between", "into", "via", "than", "also", "had",
    "has", "have", "did", "do", "does", "score", "value", "received", "receive", "given", "got",
    "get", "old", "aged", "age", "then",
];

/// Words a name may carry without changing it: `DAWN trial`, `the SELECT2
/// study`, `Stryker Inc.`, `Boehringer Ingelheim GmbH`.
const TRAILING_WORDS: &[&str] = &[
    "trial",
    "study",
    "inc",
    "corp",
    "corporation",
    "ltd",
    "llc",
    "gmbh",
    "plc",
    "ag",
];

/// Words of an author citation that follow the name: `Yoshimura et al.`
const CITATION_WORDS: &[&str] = &["et", "al"];

/// Words that turn an answer into its opposite; never ignored, even when the
/// question uses them.
const NEGATIONS: &[&str] = &[
    "no", "not", "non", "without", "never", "neither", "nor", "absent", "absence", "lack",
    "cannot", "unable",
];

/// Words that bind to their neighbour (`DWI positive FLAIR negative`), so an
/// answer may not swap them with a neighbour and keep its meaning.
const MODIFIERS: &[&str] = &[
    "positive",
    "negative",
    "high",
    "low",
    "higher",
    "lower",
    "increased",
    "decreased",
    "more",
    "less",
    "above",
    "below",
    "over",
    "under",
    "with",
    "without",
    "before",
    "after",
    "early",
    "late",
    "good",
    "poor",
    "small",
    "large",
    "major",
    "minor",
    "mild",
    "moderate",
    "severe",
    "left",
    "right",
    "upper",
    "first",
    "second",
    "last",
    "pre",
    "post",
    "not",
    "no",
    "non",
    "alone",
    "symptomatic",
    "asymptomatic",
    "better",
    "worse",
    "proximal",
    "distal",
    "anterior",
    "posterior",
    "internal",
    "external",
    "intra",
    "extra",
    "mean",
    "median",
    "maximum",
    "minimum",
    "total",
    "partial",
    "complete",
    "any",
    "all",
    "open",
    "blinded",
    "blind",
    "double",
    "single",
    "unblinded",
];

/// Phrases after which the words of a question name what the answer is
/// *not* (`instead of EVT plus medical care`, `rather than CT`): such words
/// are never ignored when a response repeats them, since `EVT plus medical
/// care` is the wrong arm.
pub(super) const CONTRAST_MARKERS: &[&[&str]] = &[
    &["instead", "of"],
    &["rather", "than"],
    &["other", "than"],
    &["apart", "from"],
    &["compared", "with"],
    &["compared", "to"],
    &["unlike"],
    &["besides"],
    &["except"],
    &["against"],
    &["than"],
    &["beyond"],
    &["vs"],
    &["not"],
    &["no"],
    &["without"],
];

/// The canonical keys of a word list.
pub(super) fn key_set(words: &[&str]) -> HashSet<String> {
    words.iter().map(|w| key(w)).collect()
}

static FUNCTION_KEYS: LazyLock<HashSet<String>> = LazyLock::new(|| key_set(FUNCTION_WORDS));
static TRAILING_KEYS: LazyLock<HashSet<String>> = LazyLock::new(|| key_set(TRAILING_WORDS));
static CITATION_KEYS: LazyLock<HashSet<String>> = LazyLock::new(|| key_set(CITATION_WORDS));
static NEGATION_KEYS: LazyLock<HashSet<String>> = LazyLock::new(|| key_set(NEGATIONS));
static MODIFIER_KEYS: LazyLock<HashSet<String>> = LazyLock::new(|| key_set(MODIFIERS));

/// Whether a canonical key is a [function word](FUNCTION_WORDS).
pub(super) fn is_function(key: &str) -> bool {
    FUNCTION_KEYS.contains(key)
}

/// The months, as canonical keys (a shortened month has its full name's).
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a canonical key is a month.
pub(super) fn is_month(key: &str) -> bool {
    MONTHS.contains(&key)
}

/// Whether a canonical key is a [trailing word](TRAILING_WORDS).
pub(super) fn is_trailing(key: &str) -> bool {
    TRAILING_KEYS.contains(key)
}

/// Whether a canonical key is a [citation word](CITATION_WORDS).
pub(super) fn is_citation(key: &str) -> bool {
    CITATION_KEYS.contains(key)
}

/// Whether a canonical key is a [negation](NEGATIONS).
pub(super) fn is_negation(key: &str) -> bool {
    NEGATION_KEYS.contains(key)
}

/// Whether a canonical key is a [modifier](MODIFIERS).
fn is_modifier(key: &str) -> bool {
    MODIFIER_KEYS.contains(key)
}

/// A phrase in canonical form: the words it is written with, and the words
/// it stands for.
type Phrase = (Vec<String>, Vec<String>);

/// [`PHRASES`] in canonical form, by their first word.
static PHRASE_KEYS: LazyLock<HashMap<String, Vec<Phrase>>> = LazyLock::new(|| {
    let mut index: HashMap<String, Vec<Phrase>> = HashMap::new();
    for (from, to) in PHRASES {
        let from: Vec<String> = from.iter().map(|w| key(w)).collect();
        let to: Vec<String> = to.iter().map(|w| key(w)).collect();
        index.entry(from[0].clone()).or_default().push((from, to));
    }
    index
});

/// Rewrites [phrases](PHRASES) in a list of canonical keys, longest first.
/// Returns, for each output key, the index range of the input keys it came
/// from.
pub(super) fn phrases(keys: &[String]) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::with_capacity(keys.len());
    let mut i = 0;
    while i < keys.len() {
        let found = PHRASE_KEYS.get(&keys[i]).and_then(|candidates| {
            candidates
                .iter()
                .filter(|(from, _)| keys.get(i..i + from.len()) == Some(from.as_slice()))
                .max_by_key(|(from, _)| from.len())
        });
        match found {
            Some((from, to)) => {
                out.extend(to.iter().map(|t| (t.clone(), i..i + from.len())));
                i += from.len();
            }
            None => {
                out.push((keys[i].clone(), i..i + 1));
                i += 1;
            }
        }
    }
    out
}

/// How a response's words line up with an accepted answer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    /// Word for word.
    Exact,
    /// With a typo forgiven.
    Typo,
}

/// What a response may do with the accepted answer's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Leeway {
    /// Leave some out (an answer whose figures carry it: `0-1` for `mRS 0-1`).
    pub omit: bool,
    /// Put them in another order (not for lists, such as an order of trials).
    pub reorder: bool,
}

/// Whether the response words `got` say what the accepted words `want` say.
///
/// Both lists hold canonical keys with function words already removed. With
/// `leeway.omit`, the response may leave out accepted words; otherwise every
/// word must be there. With `leeway.reorder`, words may come in another order
/// as long as each keeps its neighbours: a [rotation](aligned) (`onset time
/// unknown` for `unknown onset time`) or one swap of two neighbours that are
/// not [modifiers](MODIFIERS) (`FLAIR-DWI mismatch`). Words may be [joined or
/// split](join) (`ANGELASPECT`, `t PA`). With a vocabulary, a typo is
/// forgiven (see [`typo::word`]).
pub(super) fn fit(
    want: &[String],
    got: &[String],
    leeway: Leeway,
    vocabulary: Option<&[&Vocabulary]>,
) -> Option<Fit> {
    let (want, got) = join(want, got);
    if aligned(&want, &got, leeway, None) {
        return Some(Fit::Exact);
    }
    let vocabulary = vocabulary?;
    if aligned(&want, &got, leeway, Some(vocabulary)) {
        return Some(Fit::Typo);
    }
    // One word typed for several, or several for one, with a slip: `angelaspct`.
    let joined = (want.len() == 1) != (got.len() == 1);
    let (a, b) = (want.concat(), got.concat());
    (!leeway.omit && joined && typo::word(&b, &a, vocabulary)).then_some(Fit::Typo)
}

/// The longest word lists that [`aligned`] reorders; longer answers must keep
/// their order.
const REORDER_LIMIT: usize = 12;

/// Whether `got` matches `want` (or, with `omit`, part of it) in some
/// allowed order.
fn aligned(
    want: &[String],
    got: &[String],
    leeway: Leeway,
    vocabulary: Option<&[&Vocabulary]>,
) -> bool {
    if got.len() > want.len() || (!leeway.omit && got.len() != want.len()) {
        return false;
    }
    if want.is_empty() {
        return true;
    }
    let same = |w: &String, g: &String| w == g || vocabulary.is_some_and(|v| typo::word(g, w, v));
    let reorder = leeway.reorder && want.len() <= REORDER_LIMIT;
    let orders = if reorder { want.len() } else { 1 };
    let swaps = if reorder {
        swaps(got)
    } else {
        vec![got.iter().collect()]
    };
    (0..orders).any(|r| {
        let rotated: Vec<&String> = want[r..].iter().chain(&want[..r]).collect();
        swaps
            .iter()
            .any(|candidate| subsequence(&rotated, candidate, &same))
    })
}

/// `got` itself and every version of it with two neighbouring words that are
/// not modifiers swapped.
fn swaps(got: &[String]) -> Vec<Vec<&String>> {
    let mut out = vec![got.iter().collect::<Vec<_>>()];
    for i in 1..got.len() {
        if !is_modifier(&got[i - 1]) && !is_modifier(&got[i]) && got[i - 1] != got[i] {
            let mut swapped: Vec<&String> = got.iter().collect();
            swapped.swap(i - 1, i);
            out.push(swapped);
        }
    }
    out
}

/// Whether `got` is `want` with words left out (in the same order).
fn subsequence(want: &[&String], got: &[&String], same: &dyn Fn(&String, &String) -> bool) -> bool {
    let mut rest = want.iter();
    got.iter().all(|g| rest.any(|w| same(w, g)))
}

/// Joins neighbouring words on one side when together they are one word of
/// the other side: `angel aspect` and `angelaspect`, `t pa` and `tpa`.
fn join(want: &[String], got: &[String]) -> (Vec<String>, Vec<String>) {
    let want = join_into(want, got);
    let got = join_into(got, &want);
    (want, got)
}

/// [`join`] in one direction: windows of `words` that spell a word of `other`.
fn join_into(words: &[String], other: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'next: while i < words.len() {
        for len in (2..=4).rev() {
            if let Some(window) = words.get(i..i + len) {
                let joined = key(&window.concat());
                if other.contains(&joined) {
                    out.push(joined);
                    i += len;
                    continue 'next;
                }
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        text.split(' ').filter(|w| !w.is_empty()).map(key).collect()
    }

    fn fits(want: &str, got: &str, omit: bool) -> bool {
        let leeway = Leeway {
            omit,
            reorder: true,
        };
        fit(&keys(want), &keys(got), leeway, None).is_some()
    }

    #[test]
    fn british_and_american_spellings_are_one_word() {
        for (a, b) in [
            ("haemorrhage", "hemorrhage"),
            ("ischaemic", "ischemic"),
            ("randomised", "randomized"),
            ("randomisation", "randomization"),
            ("centre", "center"),
            ("centres", "centers"),
            ("programme", "program"),
            ("enrolment", "enrollment"),
            ("labelled", "labeled"),
            ("oedema", "edema"),
            ("analyse", "analyze"),
            ("favourable", "favorable"),
            ("catalogue", "catalog"),
        ] {
            assert_eq!(key(a), key(b), "{a} / {b}");
        }
        assert_ne!(key("disease"), key("diseaze"));
    }

    #[test]
    fn plurals_and_possessives_are_singular() {
        assert_eq!(key("days"), "day");
        assert_eq!(key("therapies"), "therapy");
        assert_eq!(key("analyses"), key("analysis"));
        assert_eq!(key("dawns"), "dawn");
        assert_eq!(key("branches"), "branch");
        assert_eq!(key("nihss"), "nihss");
        assert_eq!(key("status"), "status");
        assert_eq!(key("mrs"), "mrs");
        assert_eq!(key("select2"), "select2");
        assert_eq!(key("matched"), key("matching"));
        assert_eq!(key("blinded"), "blind");
        assert_eq!(key("stopped"), "stop");
        assert_eq!(key("enrolled"), key("enrolling"));
        assert_eq!(key("controlled"), "control");
        assert_eq!(key("randomised"), key("randomized"));
        assert_ne!(key("used"), key("use"), "short words keep their ending");
    }

    #[test]
    fn synonyms_and_phrases_have_one_spelling() {
        assert_eq!(key("intravenous"), "iv");
        assert_eq!(key("tPA".to_lowercase().as_str()), "alteplase");
        let canonical = |text: &str| -> Vec<String> {
            phrases(&keys(text)).into_iter().map(|(k, _)| k).collect()
        };
        assert_eq!(canonical("modified rankin scale 0"), vec!["mrs", "0"]);
        assert_eq!(canonical("sich"), vec!["symptomatic", "ich"]);
        assert_eq!(
            canonical("symptomatic intracranial haemorrhage"),
            vec!["symptomatic", "ich"]
        );
        assert_eq!(canonical("t pa"), vec!["alteplase"]);
        assert_eq!(canonical("united states of america"), vec!["us"]);
        assert_eq!(canonical("13 out of 102"), vec!["13", "of", "102"]);
        assert_eq!(canonical("out"), vec!["out"]);
        assert_eq!(key("sept"), key("september"));
        assert_eq!(key("nov"), "november");
        assert_eq!(key("incl"), key("including"));
        assert_ne!(key("nov"), key("oct"));
        let (_, range) = &phrases(&keys("the nih stroke scale"))[1];
        assert_eq!(range, &(1..4));
    }

    #[test]
    fn words_may_rotate_or_swap_but_modifiers_keep_their_neighbours() {
        assert!(fits("unknown onset time", "onset time unknown", false));
        assert!(fits("dwi flair mismatch", "flair dwi mismatch", false));
        assert!(fits("negative flair", "flair negative", false));
        assert!(fits(
            "dwi positive flair negative",
            "flair negative dwi positive",
            false
        ));
        assert!(!fits(
            "dwi positive flair negative",
            "dwi negative flair positive",
            false
        ));
        assert!(!fits("medical care alone", "medical care", false));
        assert!(fits("mrs", "", true));
        let in_order = Leeway::default();
        let list = keys("mr clean revascat escape");
        assert!(fit(&list, &keys("mr clean revascat escape"), in_order, None).is_some());
        assert!(fit(&list, &keys("escape mr clean revascat"), in_order, None).is_none());
        assert!(fit(&list, &keys("revascat mr clean escape"), in_order, None).is_none());
        assert!(!fits("mrs", "nihss", true));
    }

    #[test]
    fn words_may_be_joined_or_split() {
        assert!(fits("angel aspect", "angelaspect", false));
        assert!(fits("angelaspect", "angel aspect", false));
        assert!(fits("uw mrs", "uwmrs", false));
        assert!(!fits("angel aspect", "angel", false));
    }
}
