//! Typos: a slip of one letter in a word of five to eight letters, or two in
//! a longer word, is forgiven (`altepase` for `alteplase`), but never in a
//! digit, never at the first letter, never when it turns a word into its
//! opposite (`asymptomatic`), and never when the typed word is, or is as near
//! to, another word the deck or a short list of known names uses
//! (`reteplase`, `TESLA`, `Austria`): that is a different answer, not a typo.

use std::collections::HashSet;
use std::sync::LazyLock;

use strsim::osa_distance;

/// The words and names a typo must not be mistaken for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Vocabulary {
    /// Canonical single words (letters only).
    words: HashSet<String>,
    /// Whole answers and names, squashed (letters and digits only).
    names: HashSet<String>,
}

/// The vocabulary of the [known names](LEXICON), built once.
static KNOWN: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut vocabulary = Vocabulary::default();
    for name in LEXICON {
        let key = super::words::key(name);
        vocabulary.names.insert((*name).to_string());
        vocabulary.names.insert(key.clone());
        vocabulary.insert_word(key);
    }
    vocabulary
});

/// The [known names](LEXICON) every grader guards typos against.
pub(super) fn lexicon() -> &'static Vocabulary {
    &KNOWN
}

impl Vocabulary {
    /// Adds a canonical word; words with anything but letters, and words of
    /// fewer than three letters, cannot be typos of anything and are skipped.
    pub(super) fn insert_word(&mut self, key: String) {
        if key.chars().count() >= 3 && key.chars().all(char::is_alphabetic) {
            self.words.insert(key);
        }
    }

    /// Whether the squashed name (or word) is one of the vocabulary's
    /// names: an answer, a choice, or a word of one.
    pub(super) fn knows_name(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// Adds a whole answer or name, squashed.
    pub(super) fn insert_name(&mut self, squashed: String) {
        if !squashed.is_empty() {
            self.names.insert(squashed);
        }
    }
}

/// How many slips a word of `letters` letters may carry: none up to four
/// letters, one from five to eight, two from nine.
pub(super) fn allowance(letters: usize) -> usize {
    match letters {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Whether `got` is a forgivable typo of the word `want` (both canonical,
/// letters only), given the vocabularies `known` (the deck's, the card's).
pub(super) fn word(got: &str, want: &str, known: &[&Vocabulary]) -> bool {
    let letters_only = |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic);
    if !letters_only(got) || !letters_only(want) {
        return false;
    }
    slip(got, want).is_some_and(|d| {
        known
            .iter()
            .all(|v| !v.words.contains(got) && !nearer(got, want, d, &v.words))
    })
}

/// Whether `got` is a forgivable typo of the whole squashed answer or name
/// `want` (`angelaspct` for `angelaspect`): its digits must be exactly those of
/// `want`, and it must not be, or be as near to, another answer of the deck.
pub(super) fn name(got: &str, want: &str, known: &[&Vocabulary]) -> bool {
    let digits = |w: &str| -> String { w.chars().filter(char::is_ascii_digit).collect() };
    if digits(got) != digits(want) || !got.chars().any(char::is_alphabetic) {
        return false;
    }
    slip(got, want).is_some_and(|d| {
        known.iter().all(|v| {
            !v.names.contains(got)
                && !v.words.contains(got)
                && !nearer(got, want, d, &v.names)
                && !nearer(got, want, d, &v.words)
        })
    })
}

/// The number of slips from `want` to `got`, if within the [`allowance`] of
/// `want` (and `got` has five letters or more, so
/// `Trev` is not a slip of `Trevo`), with the first letter kept
/// ([`first_letter_kept`]) and no [`opposite`] made.
fn slip(got: &str, want: &str) -> Option<usize> {
    let letters = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count();
    let allowed = if letters(got) < 5 {
        0
    } else {
        allowance(letters(want))
    };
    let d = osa_distance(got, want);
    (d >= 1 && d <= allowed && first_letter_kept(got, want) && !opposite(got, want)).then_some(d)
}

/// Whether some known word other than `want` is as near to `got` as `want`
/// is (`d` slips): then `got` may well mean that word.
fn nearer(got: &str, want: &str, d: usize, known: &HashSet<String>) -> bool {
    let length = got.chars().count();
    known
        .iter()
        .any(|k| k != want && k.chars().count().abs_diff(length) <= d && osa_distance(got, k) <= d)
}

/// People rarely mistype the first letter of a word, and a different first
/// letter usually means a different word (`reteplase`, `inclusion`,
/// `exclusion`); only swapping the first two letters counts as a slip.
fn first_letter_kept(got: &str, want: &str) -> bool {
    let g: Vec<char> = got.chars().take(2).collect();
    let w: Vec<char> = want.chars().take(2).collect();
    g.first() == w.first() || (g.len() == 2 && w.len() == 2 && g[0] == w[1] && g[1] == w[0])
}

/// Prefixes that make a word its opposite: `asymptomatic`, `unblinded`,
/// `nonrandomised`, `ineligible`.
const NEGATING_PREFIXES: &[&str] = &[
    "a", "an", "un", "in", "im", "ir", "il", "non", "dis", "anti", "de",
];

/// Pairs of prefixes that make two words opposites: `hypertension` and
/// `hypotension`, `intracranial` and `extracranial`, `pre` and `post`.
const OPPOSITE_PREFIXES: &[(&str, &str)] = &[
    ("hyper", "hypo"),
    ("intra", "inter"),
    ("intra", "extra"),
    ("pre", "post"),
    ("ante", "post"),
    ("sub", "supra"),
    ("over", "under"),
    ("inc", "exc"),
    ("ipsi", "contra"),
];

/// Whether `a` and `b` differ only by a [negating prefix](NEGATING_PREFIXES)
/// or by a pair of [opposite prefixes](OPPOSITE_PREFIXES).
fn opposite(a: &str, b: &str) -> bool {
    let negated = |x: &str, y: &str| {
        NEGATING_PREFIXES
            .iter()
            .any(|p| x.strip_prefix(p) == Some(y))
    };
    let swapped = |x: &str, y: &str| {
        OPPOSITE_PREFIXES.iter().any(
            |(p, q)| matches!((x.strip_prefix(p), y.strip_prefix(q)), (Some(r), Some(s)) if r == s),
        )
    };
    negated(a, b) || negated(b, a) || swapped(a, b) || swapped(b, a)
}

/// Names and words near enough to others that a typo rule could confuse
/// them, so that every deck knows them even when it never uses them:
/// thrombolytics and other drugs of acute stroke, stroke trials and their
/// authors, devices, imaging, countries, and medical words that differ by a
/// letter or two.
pub(super) const LEXICON: &[&str] = &[
    // Drugs.
    "alteplase",
    "tenecteplase",
    "reteplase",
    "streptokinase",
    "urokinase",
    "prourokinase",
    "desmoteplase",
    "staphylokinase",
    "heparin",
    "enoxaparin",
    "warfarin",
    "aspirin",
    "clopidogrel",
    "ticagrelor",
    "prasugrel",
    "dipyridamole",
    "cilostazol",
    "apixaban",
    "rivaroxaban",
    "dabigatran",
    "edoxaban",
    "argatroban",
    "eptifibatide",
    "tirofiban",
    "abciximab",
    "nimodipine",
    "nicardipine",
    "labetalol",
    "mannitol",
    "nerinetide",
    "glibenclamide",
    "atorvastatin",
    "simvastatin",
    "rosuvastatin",
    "idarucizumab",
    "andexanet",
    "placebo",
    "saline",
    // Trials.
    "ninds",
    "ecass",
    "epithet",
    "defuse",
    "dias",
    "sits",
    "ist",
    "mrclean",
    "escape",
    "extend",
    "extendia",
    "swift",
    "swiftprime",
    "revascat",
    "thrace",
    "therapy",
    "piste",
    "dawn",
    "wakeup",
    "thaws",
    "rescue",
    "rescuejapanlimit",
    "select",
    "select2",
    "angel",
    "angelaspect",
    "tension",
    "tesla",
    "laste",
    "timeless",
    "trace",
    "attention",
    "baoche",
    "basics",
    "best",
    "enchanted",
    "interact",
    "chance",
    "point",
    "thales",
    "sammpris",
    "crest",
    "nascet",
    "ecst",
    "hermes",
    "aurora",
    "directmt",
    "skip",
    "devt",
    "choice",
    "taste",
    "nortest",
    "aramis",
    "prisms",
    "tasten",
    "ecass4",
    "ecassiii",
    "defuse3",
    "extendiatnk",
    // Devices.
    "solitaire",
    "trevo",
    "penumbra",
    "merci",
    "embotrap",
    "sofia",
    "catalyst",
    "react",
    "tigertriever",
    "preset",
    // Imaging and scales.
    "flair",
    "dwi",
    "pwi",
    "swi",
    "cta",
    "ctp",
    "mra",
    "dsa",
    "aspects",
    "nihss",
    "tici",
    "mtici",
    "gcs",
    "barthel",
    "rankin",
    // Trialists.
    "goyal",
    "menon",
    "demchuk",
    "hill",
    "jovin",
    "nogueira",
    "albers",
    "lansberg",
    "marks",
    "saver",
    "campbell",
    "mitchell",
    "davis",
    "donnan",
    "parsons",
    "berkhemer",
    "dippel",
    "majoie",
    "roos",
    "zwam",
    "hacke",
    "kaste",
    "thomalla",
    "gerloff",
    "ma",
    "sarraj",
    "huo",
    "miao",
    "yoshimura",
    "uchida",
    "sakai",
    "bendszus",
    "fiehler",
    "costalat",
    "arquizan",
    "yoo",
    "zaidat",
    "broderick",
    "grotta",
    "lyden",
    "tilley",
    "kwiatkowski",
    "marler",
    "lees",
    "hankey",
    "bracard",
    "muir",
    "molina",
    "davalos",
    "ribo",
    // Places.
    "japan",
    "china",
    "korea",
    "taiwan",
    "india",
    "canada",
    "mexico",
    "brazil",
    "argentina",
    "chile",
    "australia",
    "austria",
    "germany",
    "france",
    "spain",
    "portugal",
    "italy",
    "netherlands",
    "belgium",
    "switzerland",
    "sweden",
    "norway",
    "denmark",
    "finland",
    "poland",
    "ireland",
    "scotland",
    "england",
    "britain",
    "greece",
    "turkey",
    "israel",
    "egypt",
    "iran",
    "iraq",
    "russia",
    "ukraine",
    "europe",
    "asia",
    "africa",
    "america",
    "oceania",
    "zealand",
    "catalonia",
    // Words a letter or two apart.
    "median",
    "medial",
    "mean",
    "mode",
    "symptomatic",
    "asymptomatic",
    "hypertension",
    "hypotension",
    "hyperdense",
    "hypodense",
    "hyperintense",
    "hypointense",
    "ipsilateral",
    "contralateral",
    "anterior",
    "posterior",
    "proximal",
    "distal",
    "inclusion",
    "exclusion",
    "occlusion",
    "infarct",
    "infarction",
    "ischemic",
    "hemorrhagic",
    "efficacy",
    "futility",
    "safety",
    "superiority",
    "inferiority",
    "noninferiority",
    "prospective",
    "retrospective",
    "randomized",
    "nonrandomized",
    "blinded",
    "unblinded",
    "sham",
    "primary",
    "secondary",
    "tertiary",
    "intracranial",
    "extracranial",
    "intracerebral",
    "subarachnoid",
    "subdural",
    "epidural",
    "parenchymal",
    "petechial",
    "cortical",
    "subcortical",
    "lacunar",
    "cardioembolic",
    "dissection",
    "perforation",
    "vasospasm",
    "reperfusion",
    "recanalization",
    "revascularization",
    "thrombolysis",
    "thrombectomy",
    "angioplasty",
    "stenting",
    "endarterectomy",
    "craniectomy",
    "hemicraniectomy",
    "aspiration",
    "mortality",
    "morbidity",
    "disability",
    "stenosis",
    "sclerosis",
    "embolism",
    "thrombosis",
    "arterial",
    "venous",
    "vertebral",
    "basilar",
    "carotid",
    "cerebral",
    "cerebellar",
    "ordinal",
    "nominal",
    "adjusted",
    "unadjusted",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn word(got: &str, want: &str, v: &Vocabulary) -> bool {
        super::word(got, want, &[lexicon(), v])
    }

    fn name(got: &str, want: &str, v: &Vocabulary) -> bool {
        super::name(got, want, &[lexicon(), v])
    }

    fn vocabulary(words: &[&str]) -> Vocabulary {
        let mut v = Vocabulary::default();
        for w in words {
            v.insert_word(super::super::words::key(w));
        }
        v
    }

    #[test]
    fn one_slip_from_five_letters_two_from_nine() {
        let v = vocabulary(&[]);
        assert!(word("altepase", "alteplase", &v));
        assert!(
            word("altpelase", "alteplase", &v),
            "a transposition is one slip"
        );
        assert!(word("alteplse", "alteplase", &v));
        assert!(word("solitare", "solitaire", &v));
        assert!(word("strker", "stryker", &v));
        assert!(!word("strkr", "stryker", &v), "two slips in seven letters");
        assert!(!word("daw", "dawn", &v), "four letters allow none");
        assert_eq!(
            (allowance(4), allowance(5), allowance(8), allowance(9)),
            (0, 1, 1, 2)
        );
    }

    #[test]
    fn never_a_different_word() {
        let v = vocabulary(&["placebo"]);
        assert!(!word("reteplase", "alteplase", &v), "another drug");
        assert!(!word("asymptomatic", "symptomatic", &v), "an opposite");
        assert!(!word("symptomatic", "asymptomatic", &v));
        assert!(!word("hypotension", "hypertension", &v));
        assert!(!word("exclusion", "inclusion", &v));
        assert!(!word("austria", "australia", &v), "a known place");
        assert!(!word("medial", "median", &v));
        assert!(
            word("lateplase", "alteplase", &v),
            "swapping the first two letters is a slip"
        );
        assert!(!word("xlteplase", "alteplase", &v), "the first letter");
        // As near to another word of the deck as to the answer.
        let v = vocabulary(&["stroke"]);
        assert!(!word("strake", "strike", &v));
        assert!(word("strika", "strike", &v));
    }

    #[test]
    fn names_keep_their_digits() {
        let mut v = Vocabulary::default();
        v.insert_name("select2".into());
        v.insert_name("defuse3".into());
        assert!(name("angelaspct", "angelaspect", &v));
        assert!(!name("select3", "select2", &v));
        assert!(!name("defuse2", "defuse3", &v));
        assert!(name("selcet2", "select2", &v));
        assert!(!name("tesla", "select2", &v));
    }
}
