//! Reading with shared [`Keys`] gives exactly what reading each text alone
//! gives, so the grader's vocabulary (and so every verdict) is unchanged.

use proptest::prelude::*;

use super::*;
use crate::deck::builtin::BUILTINS;

/// Every text of `deck` the vocabulary reads.
fn texts(deck: &Deck) -> Vec<String> {
    let mut out = vec![deck.title.clone(), deck.id.clone()];
    for card in &deck.cards {
        out.extend(card.answer_texts());
        if let Body::Choice { choices, .. } = &card.body {
            out.extend(choices.iter().cloned());
        }
        out.push(card.explanation.clone());
        out.extend(card.note.clone());
        out.push(match &card.body {
            Body::Cloze { text } => {
                cloze::parse(text).map_or_else(|_| text.clone(), |c| c.full_text())
            }
            body => body.prompt().to_string(),
        });
    }
    out
}

/// The vocabulary of `decks` with every text read on its own, without
/// shared keys: the reading before keys were shared.
fn unshared(decks: &[&Deck]) -> Vocabulary {
    let mut vocabulary = Vocabulary::default();
    for deck in decks {
        learn(&mut vocabulary, &deck.title, true, &mut Keys::default());
        learn(&mut vocabulary, &deck.id, true, &mut Keys::default());
        for card in &deck.cards {
            learn_answers(&mut vocabulary, card, &mut Keys::default());
            learn_texts(&mut vocabulary, card, &mut Keys::default());
        }
    }
    vocabulary
}

#[test]
fn shared_keys_read_every_shipped_text_as_alone() {
    let decks: Vec<Deck> = BUILTINS.iter().map(|b| b.deck().unwrap()).collect();
    let mut keys = Keys::default();
    let mut read = 0;
    for deck in &decks {
        for text in texts(deck) {
            assert_eq!(
                Analysis::of_keyed(&text, &mut keys),
                Analysis::of(&text),
                "{text}"
            );
            read += 1;
        }
    }
    assert!(read > 2000, "only {read} texts read");
}

#[test]
fn the_shipped_decks_vocabulary_is_unchanged() {
    let decks: Vec<Deck> = BUILTINS.iter().map(|b| b.deck().unwrap()).collect();
    let refs: Vec<&Deck> = decks.iter().collect();
    let grader = Grader::for_decks(refs.iter().copied());
    let oracle = unshared(&refs);
    assert_ne!(oracle, Vocabulary::default());
    assert_eq!(grader.vocabulary(), &oracle);
}

/// Words that exercise every use of a key: number words, Roman numerals after
/// a class word, scales glued to scores, phrases, synonyms and spellings.
const WORDS: &[&str] = &[
    "class",
    "phase",
    "I",
    "IV",
    "IIa",
    "grade",
    "twenty",
    "four",
    "six",
    "and",
    "a",
    "half",
    "mRS0",
    "NIHSS6",
    "SELECT2",
    "mRS",
    "t",
    "PA",
    "tPA",
    "IV",
    "intravenous",
    "alteplase",
    "randomised",
    "haemorrhage",
    "centres",
    "between",
    "to",
    "or",
    "mg",
    "kg",
    "hours",
    "h",
    "days",
    "P",
    "NNT",
    "RR",
    "about",
    "then",
    "less",
    "than",
    "not",
    "more",
    "patients",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => "[0-9]{1,3}(\\.[0-9])?",
        1 => prop::sample::select(&["-", "–", ",", ";", "<", "≤", "%", "/", "(", ")", "=", "."][..])
            .prop_map(str::to_string),
        1 => "[a-zA-Zé]{1,9}",
    ];
    let gap = prop::sample::select(&["", " ", " ", " "][..]);
    prop::collection::vec((piece, gap), 0..24)
        .prop_map(|parts| parts.into_iter().map(|(p, g)| format!("{p}{g}")).collect())
}

proptest! {
    #[test]
    fn shared_keys_read_any_text_as_alone(texts in prop::collection::vec(text(), 1..8)) {
        let mut keys = Keys::default();
        for text in &texts {
            prop_assert_eq!(Analysis::of_keyed(text, &mut keys), Analysis::of(text));
        }
    }
}
