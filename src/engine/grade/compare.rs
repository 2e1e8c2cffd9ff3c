//! Comparing a response with one accepted answer, by meaning: the figures
//! must agree (in order, as values, ranges or bounds, in compatible units),
//! and the words must say the same, leaving aside words that say nothing, and
//! words the question already says.

use std::collections::HashSet;

use super::answer::{Analysis, Label, Piece, Word, is_generic_label};
use super::context::Context;
use super::number::{Dimension, Unit, roman};
use super::range::{self, Figure, Shape};
use super::typo::{self, Vocabulary};
use super::words::{self, Fit, Leeway, is_citation, is_function, is_negation, is_trailing};

/// How well `got` answers what `want` says in `context`, if it does. The
/// vocabularies `known` hold the words of the decks in play; with `typos`, a
/// typo is forgiven unless it makes one of them (see [`typo`]).
pub(super) fn text(
    want: &Analysis,
    got: &Analysis,
    context: &Context,
    known: &[&Vocabulary],
    typos: bool,
) -> Option<Fit> {
    let got = &roman_alone(want, got);
    let slips = typos.then_some(known);
    meaning(want, got, context, known, slips).or_else(|| name(want, got, context, slips))
}

/// A response with its remarks in brackets left out, when it has any:
/// `mRS 0-1 (excellent outcome)`, `medical care (no EVT)`, `Trevo
/// (Stryker)`. A bracket holding `or` hedges (`SELECT2 (or TESLA)`) and
/// stays, and so does one holding a figure unless `figures` (a numeric card,
/// where `203 (101 + 102)` still gives 203), since `functional independence
/// (mRS 0-3)` says something else than `functional independence`.
pub(super) fn without_remarks(typed: &str, figures: bool) -> Option<String> {
    let mut out = String::new();
    let mut rest = typed;
    let mut removed = false;
    while let Some(open) = rest.find(['(', '[']) {
        let close_char = if rest[open..].starts_with('(') {
            ')'
        } else {
            ']'
        };
        let Some(close) = rest[open..].find(close_char).map(|c| open + c) else {
            break;
        };
        let inner = Analysis::of(&rest[open + 1..close]);
        let says_something =
            (!figures && inner.figures().next().is_some()) || inner.words().any(|w| w.raw == "or");
        out.push_str(&rest[..open]);
        if says_something {
            out.push_str(&rest[open..=close]);
        } else {
            removed = true;
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    (removed && out.chars().any(char::is_alphanumeric)).then_some(out)
}

/// The comparison by meaning: figures, then words.
fn meaning(
    want: &Analysis,
    got: &Analysis,
    context: &Context,
    known: &[&Vocabulary],
    slips: Option<&[&Vocabulary]>,
) -> Option<Fit> {
    let want_figures: Vec<&Figure> = want.figures().collect();
    let got_figures: Vec<&Figure> = got.figures().collect();
    let matched = figures(&want_figures, &got_figures, context)?;
    let said: Vec<String> = want
        .words()
        .filter(|w| says(w))
        .map(|w| w.key.clone())
        .collect();
    let wanted: HashSet<&str> = said.iter().map(String::as_str).collect();
    let added: Vec<String> = got
        .words()
        .filter(|w| !adds_nothing(w, &wanted, context))
        .map(|w| w.key.clone())
        .collect();
    if added.is_empty() && matched == 0 {
        return None;
    }
    let leeway = Leeway {
        omit: want.has_figures(),
        reorder: !(want.listed || got.listed || context.ordered),
    };
    words::fit(&said, &added, leeway, slips).or_else(|| {
        if !context.author || want.has_figures() {
            return None;
        }
        author(&said, &added, context, known, slips)
    })
}

/// An author's surname with initials or given names added: `M. Goyal`, `Greg
/// Albers`, `Jovin TG`, `Huo Xiaochuan` for `Goyal`, `Albers`, `Jovin`, `Huo`.
/// Initials (one or two letters) may stand anywhere, and given names, two
/// before the surname or one after it, but no name the decks use as an answer
/// (another trialist's) unless the card accepts it beside this surname
/// (`Bruce C. V. Campbell` where `Bruce Campbell` is accepted).
fn author(
    said: &[String],
    added: &[String],
    context: &Context,
    known: &[&Vocabulary],
    slips: Option<&[&Vocabulary]>,
) -> Option<Fit> {
    let [surname] = said else { return None };
    let (at, fit) = added.iter().enumerate().find_map(|(i, w)| {
        if w == surname {
            Some((i, Fit::Exact))
        } else {
            slips
                .is_some_and(|v| typo::word(w, surname, v))
                .then_some((i, Fit::Typo))
        }
    })?;
    let (mut before, mut after) = (0, 0);
    for (i, w) in added.iter().enumerate() {
        if i == at || w.chars().count() <= 2 {
            continue;
        }
        if i < at {
            before += 1;
        } else {
            after += 1;
        }
        let other = known.iter().any(|v| v.knows_name(w)) && !context.named_with(w, surname);
        if before > 2 || after > 1 || other {
            return None;
        }
    }
    Some(fit)
}

/// The comparison of names, whole and squashed: `SELECT 2`, `SELECT-2` and
/// `SELECT2` are one name, and so are `ANGEL-ASPECT`, `ANGELASPECT` and `Angel
/// Aspect`, while `SELECT 3` is another. Only for answers without figures.
fn name(
    want: &Analysis,
    got: &Analysis,
    context: &Context,
    known: Option<&[&Vocabulary]>,
) -> Option<Fit> {
    if want.has_figures() || got.has_figures() {
        return None;
    }
    let wanted: HashSet<&str> = want
        .words()
        .filter(|w| says(w))
        .map(|w| w.key.as_str())
        .collect();
    let w = squash(want, &|word| says(word));
    let g = squash(got, &|word| !adds_nothing(word, &wanted, context));
    if w.is_empty() || g.is_empty() {
        return None;
    }
    if w == g {
        return Some(Fit::Exact);
    }
    // A slip in a name typed as one word, or in one word typed as several:
    // longer answers have their slips forgiven word by word.
    let single = |a: &Analysis| a.words().filter(|w| says(w)).count() <= 1;
    let known = known.filter(|_| single(want) || single(got))?;
    typo::name(&g, &w, known).then_some(Fit::Typo)
}

/// The letters and digits of an answer's names, run together: its kept
/// words as typed, and the numbers of its names.
pub(super) fn squash(analysis: &Analysis, keep: &dyn Fn(&Word) -> bool) -> String {
    let mut out = String::new();
    for piece in &analysis.pieces {
        match piece {
            Piece::Word(w) if keep(w) => out.extend(w.raw.chars().filter(|c| c.is_alphanumeric())),
            Piece::Figure(Figure {
                shape: Shape::Value(x),
                ..
            }) => out.push_str(&format!("{x}")),
            _ => {}
        }
    }
    out
}

/// Whether an accepted answer's word carries meaning: not a function word
/// (`the`, `of`), a [generic label](super::number::GENERIC_LABELS), a trailing
/// word such as `trial`, or part of `et al.`
pub(super) fn says(w: &Word) -> bool {
    !(is_function(&w.key) || generic(w) || is_citation(&w.key) || is_trailing(&w.key))
}

/// Whether a response's word adds nothing to what the accepted answer says:
/// it [carries no meaning](says), it is an effect-measure label where the
/// context allows one, or the question already says it (unless it comes after
/// a contrast, such as "instead of").
fn adds_nothing(w: &Word, wanted: &HashSet<&str>, context: &Context) -> bool {
    if is_function(&w.key) || generic(w) || is_citation(&w.key) {
        return true;
    }
    if wanted.contains(w.key.as_str()) {
        return false;
    }
    is_trailing(&w.key)
        || (w.label == Some(Label::Measure) && context.measures_free)
        || context.repeats(&w.key)
}

/// Whether a word is a generic label: `P`, `n` before a figure, or anywhere
/// a word of approximation (`about`, `~`, `approximately`).
fn generic(w: &Word) -> bool {
    w.label == Some(Label::Generic) || (w.key.len() > 1 && is_generic_label(&w.key))
}

/// A response that is only a Roman numeral (`I`, `IV`) to a question whose
/// answer is a number reads as that number (`Class [...]` answered `I`).
fn roman_alone(want: &Analysis, got: &Analysis) -> Analysis {
    let want_number = matches!(
        want.pieces.as_slice(),
        [Piece::Figure(Figure {
            shape: Shape::Value(_),
            ..
        })]
    );
    match (want_number, roman_value(got)) {
        (true, Some(figure)) => Analysis {
            pieces: vec![Piece::Figure(figure)],
            listed: false,
        },
        _ => got.clone(),
    }
}

/// The figure a response made of one Roman numeral stands for.
fn roman_value(got: &Analysis) -> Option<Figure> {
    let [Piece::Word(w)] = got.pieces.as_slice() else {
        return None;
    };
    match roman(&w.raw)? {
        (n, None) => Some(Figure {
            shape: Shape::Value(f64::from(n)),
            unit: None,
            scale: None,
            name: false,
            p_value: false,
        }),
        _ => None,
    }
}

/// Whether the response's figures `got` say the expected figures `want`:
/// each expected figure matched in order by one of the response, except
/// figures the response [repeats from the question](Context::shows) and, in
/// a typed question, expected figures the question shows. Figures of
/// different units may come in another order (`90-day mRS 0-2`). Returns how
/// many figures matched.
fn figures(want: &[&Figure], got: &[&Figure], context: &Context) -> Option<usize> {
    in_order(want, got, context).or_else(|| {
        let dimension = |f: &&Figure| f.unit.map(|u| u.dimension);
        let mut groups: Vec<Option<Dimension>> = want.iter().chain(got).map(dimension).collect();
        groups.dedup();
        let mut total = 0;
        let mut seen = Vec::new();
        for g in groups {
            if seen.contains(&g) {
                continue;
            }
            seen.push(g);
            let w: Vec<&Figure> = want.iter().copied().filter(|f| dimension(f) == g).collect();
            let r: Vec<&Figure> = got.iter().copied().filter(|f| dimension(f) == g).collect();
            total += in_order(&w, &r, context)?;
        }
        Some(total)
    })
}

/// [`figures`] in the order written: the most figures matched on any way of
/// walking both lists.
fn in_order(want: &[&Figure], got: &[&Figure], context: &Context) -> Option<usize> {
    let (n, m) = (want.len(), got.len());
    // best[i][j]: the most matches for want[i..] and got[j..], if possible.
    let mut best = vec![vec![None; m + 1]; n + 1];
    best[n][m] = Some(0);
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            if i == n && j == m {
                continue;
            }
            let mut here: Option<usize> = None;
            let mut consider = |v: Option<usize>| {
                if let Some(v) = v {
                    here = Some(here.map_or(v, |h: usize| h.max(v)));
                }
            };
            if i < n && j < m && range::same(want[i], got[j], &context.comparison) {
                consider(best[i + 1][j + 1].map(|v: usize| v + 1));
            }
            if j < m && context.shows(got[j]) {
                consider(best[i][j + 1]);
            }
            if i < n && context.omit_shown && context.shows(want[i]) {
                consider(best[i + 1][j]);
            }
            best[i][j] = here;
        }
    }
    best[0][0]
}

/// The unit a numeric card asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum CardUnit {
    /// None: a ratio, a P value.
    None,
    /// A unit the grader knows.
    Known(Unit),
    /// A count of something the grader has no unit for (`complications`).
    Other,
}

/// Whether `got` gives the number `want` (a numeric card's value, with its
/// tolerance in `context`): exactly one figure, besides figures repeated from
/// the question, within the tolerance, in a compatible unit, and no negation.
/// Labels (`P =`, `NNT`, `about`) and other words are allowed; a bound is
/// allowed where the question states it (`<70` for "smaller than what
/// volume") or after `P` below a significant value (`P<0.001`; see
/// [`range::Comparison::p_value`]).
pub(super) fn numeric(want: &Figure, unit: CardUnit, got: &Analysis, context: &Context) -> bool {
    if got.words().any(|w| is_negation(&w.key)) {
        return false;
    }
    let alone = roman_value(got);
    let all: Vec<&Figure> = got
        .figures()
        .filter(|f| !f.name)
        .chain(alone.as_ref())
        .collect();
    let figure = match all.as_slice() {
        [one] => *one,
        many => match many
            .iter()
            .filter(|f| !context.shows(f))
            .collect::<Vec<_>>()
            .as_slice()
        {
            [one] => **one,
            _ => return false,
        },
    };
    let mut figure = figure.clone();
    if let Some(u) = figure.unit {
        let fits = match unit {
            CardUnit::Known(_) => true,
            CardUnit::Other => matches!(
                u.dimension,
                Dimension::People | Dimension::Sites | Dimension::Times
            ),
            CardUnit::None => u.dimension == Dimension::Times,
        };
        if !fits {
            return false;
        }
        if u.dimension == Dimension::Times || unit == CardUnit::Other {
            figure.unit = None;
        }
    }
    // A response that labels its figure a P value may give it as a bound,
    // by the same rule as a gap after `P =`.
    let how = range::Comparison {
        p_value: context.comparison.p_value || figure.p_value,
        ..context.comparison.clone()
    };
    range::same(want, &figure, &how)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(want: &str, got: &str, question: &str) -> bool {
        text(
            &Analysis::of(want),
            &Analysis::of(got),
            &Context::question(question),
            &[],
            false,
        )
        .is_some()
    }

    #[test]
    fn the_question_words_may_be_repeated() {
        let q = "Which MRI finding was required in the late window?";
        assert!(matches(
            "DWI-FLAIR mismatch",
            "DWI-FLAIR mismatch on MRI",
            q
        ));
        assert!(matches(
            "DWI-FLAIR mismatch",
            "mismatch between DWI and FLAIR",
            q
        ));
        assert!(
            !matches("DWI-FLAIR mismatch", "MRI", q),
            "only the question's words"
        );
        let q = "What did the control arm receive instead of thrombectomy plus medical care?";
        assert!(matches("medical care", "medical care", q));
        assert!(!matches(
            "medical care",
            "thrombectomy plus medical care",
            q
        ));
        assert!(!matches("medical care alone", "alone", q));
        let q = "Was most of the extra bleeding symptomatic or asymptomatic?";
        assert!(matches(
            "mostly asymptomatic",
            "mostly asymptomatic bleeding",
            q
        ));
        assert!(!matches("mostly asymptomatic", "mostly symptomatic", q));
        assert!(!matches("asymptomatic", "symptomatic", q));
    }

    #[test]
    fn figures_must_all_agree_and_carry_words() {
        let q = "What was the primary outcome?";
        assert!(matches("mRS 0-3 at 90 days", "0-3 at 90 days", q));
        assert!(matches("mRS 0-3 at 90 days", "90-day mRS 0-3", q));
        assert!(!matches("mRS 0-3 at 90 days", "mRS 0-3", q));
        assert!(!matches("mRS 0-3 at 90 days", "NIHSS 0-3 at 90 days", q));
        assert!(matches(
            "mRS 0-3 at 90 days",
            "mRS 0-3",
            "What was the primary outcome at 90 days?"
        ));
        assert!(!matches("6.1% vs 2.7%", "2.7% vs 6.1%", q));
        assert!(matches("6.1% vs 2.7%", "6.1, 2.7", q));
        assert!(!matches("RR 2.43", "OR 2.43", q));
        assert!(matches("RR 2.43", "2.43", q));
        assert!(
            !matches("DEFUSE 3", "3", q),
            "a name's number is not its answer"
        );
    }

    #[test]
    fn names_are_squashed() {
        let q = "Which trial?";
        for got in [
            "SELECT 2",
            "SELECT-2",
            "select2",
            "the SELECT2 trial",
            "SELECT II",
        ] {
            assert!(matches("SELECT2", got, q), "{got}");
        }
        for got in [
            "ANGELASPECT",
            "Angel Aspect",
            "Angel-Aspect trial",
            "angel-aspect study",
        ] {
            assert!(matches("ANGEL-ASPECT", got, q), "{got}");
        }
        assert!(!matches("SELECT2", "SELECT 3", q));
        assert!(!matches("SELECT2", "TESLA", q));
        assert!(matches("P.R.O.B.E.", "PROBE", q));
    }

    #[test]
    fn remarks_in_brackets_are_left_out_unless_they_say_something() {
        assert_eq!(
            without_remarks("mRS 0-1 (excellent outcome)", false).as_deref(),
            Some("mRS 0-1 ")
        );
        assert_eq!(
            without_remarks("Trevo [Stryker] device", false).as_deref(),
            Some("Trevo  device")
        );
        assert_eq!(
            without_remarks("functional independence (mRS 0-2)", false),
            None
        );
        assert_eq!(
            without_remarks("medical care (no EVT)", false).as_deref(),
            Some("medical care ")
        );
        assert_eq!(without_remarks("alteplase (or tenecteplase)", false), None);
        assert_eq!(without_remarks("6 (or 7)", true), None);
        assert_eq!(
            without_remarks("203 (101 + 102)", true).as_deref(),
            Some("203 ")
        );
        assert_eq!(
            without_remarks("(alteplase)", false),
            None,
            "nothing would be left"
        );
        assert_eq!(without_remarks("no brackets", false), None);
        assert_eq!(without_remarks("unclosed (bracket", false), None);
    }

    #[test]
    fn authors_may_carry_initials_and_given_names() {
        let q = "What is the surname of the first author?";
        for got in [
            "M. Goyal",
            "Goyal M",
            "Mayank Goyal",
            "Goyal et al.",
            "Dr Goyal",
        ] {
            assert!(matches("Goyal", got, q), "{got}");
        }
        assert!(matches("Huo", "Huo Xiaochuan", q));
        assert!(!matches("Goyal", "Goyal Mayank Menon", q));
        assert!(!matches("Goyal", "Menon", q));
        let mut known = Vocabulary::default();
        known.insert_name("jovin".into());
        let author = |got: &str| {
            text(
                &Analysis::of("Nogueira"),
                &Analysis::of(got),
                &Context::question(q),
                &[&known],
                false,
            )
            .is_some()
        };
        assert!(author("Raul Nogueira"));
        assert!(!author("Jovin Nogueira"), "another trialist of the deck");
        known.insert_name("bruce".into());
        known.insert_name("mayank".into());
        let mut context = Context::question(q);
        context.names = ["Bruce Campbell", "Campbell BCV", "Mayank Goyal"]
            .iter()
            .map(|a| Analysis::of(a).words().map(|w| w.key.clone()).collect())
            .collect();
        let campbell = |got: &str| {
            text(
                &Analysis::of("Campbell"),
                &Analysis::of(got),
                &context,
                &[&known],
                false,
            )
            .is_some()
        };
        assert!(campbell("Bruce C. V. Campbell") && campbell("Prof Bruce Campbell"));
        assert!(
            !campbell("Mayank Campbell"),
            "a given name accepted with another surname"
        );
        assert!(!campbell("Jovin Campbell"));
    }
}
