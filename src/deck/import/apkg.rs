//! An Anki package as trialdrill decks: one deck per Anki deck (its name,
//! `::` and all, as the title), cards by notetype, tags kept, card ids
//! derived from the note id and card ordinal (`anki-NOTE-ORD`; a cloze note
//! is one card `anki-NOTE` whose deletions are its items), so a re-import
//! keeps the same ids and the same history. A note that came from
//! `deck export --format anki` keeps the card id its guid names, so cards
//! studied in Anki come back with their history to the cards they were.

use std::collections::HashMap;
use std::io::{Read, Seek};

use super::anki::parse_guid;
use super::collection::{self, Collection};
use super::history::{self, History};
use super::notetype::Stock;
use super::package::{self, PackageError};
use super::{Imported, Note, Tally, assemble, stock_body, unknown_notetype};
use crate::deck::{Body, Position, cloze, html};

/// What a package gives: the decks, and its review history placed on them.
#[derive(Debug)]
pub struct Package {
    /// The decks and warnings.
    pub imported: Imported,
    /// The review log, each review placed on its card's item.
    pub history: History,
}

/// Where an Anki card's reviews go: the card id and the item key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The trialdrill card id.
    pub card: String,
    /// The item key: the card id, or `ID:cN` for a cloze deletion.
    pub item: String,
}

/// Reads the package or collection `input` (`size` bytes long).
pub fn read<R: Read + Seek>(input: R, size: u64) -> Result<Package, PackageError> {
    let opened = package::open(input, size)?;
    let collection = collection::read(&opened.db)?;
    drop(opened);
    Ok(convert(&collection))
}

/// The decks and history of a collection read into memory.
pub fn convert(col: &Collection) -> Package {
    let mut cards_of: HashMap<i64, Vec<&collection::Card>> = HashMap::new();
    for card in &col.cards {
        cards_of.entry(card.note).or_default().push(card);
    }
    for cards in cards_of.values_mut() {
        cards.sort_by_key(|c| c.ord);
    }
    let mut notes: Vec<(String, i64, i64, Note)> = Vec::new();
    let mut targets: HashMap<i64, Target> = HashMap::new();
    let mut warnings = Vec::new();
    let mut unknown = Tally::default();
    let mut broken_cloze = Vec::new();
    let mut missing_notetype = 0;
    for note in &col.notes {
        let Some(cards) = cards_of.get(&note.id) else {
            continue;
        };
        let Some(nt) = col.notetypes.get(&note.notetype) else {
            missing_notetype += 1;
            continue;
        };
        let mut media = 0;
        let fields: Vec<String> = note
            .fields
            .iter()
            .map(|f| {
                let t = html::to_text(f);
                media += t.media;
                t.text
            })
            .collect();
        let deck_name = |card: &collection::Card| {
            col.decks
                .get(&card.deck)
                .cloned()
                .unwrap_or_else(|| "Default".to_string())
        };
        let ours = parse_guid(&note.guid);
        let base = Note {
            tags: note.tags.split_whitespace().map(String::from).collect(),
            media,
            deck_id: ours.map(|(deck, _)| deck.to_string()),
            ..Note::default()
        };
        let id_of = |ord: Option<i64>| match (ours, ord) {
            (Some((_, card)), None | Some(0)) => card.to_string(),
            (Some((_, card)), Some(ord)) => format!("{card}-{ord}"),
            (None, None) => format!("anki-{}", note.id),
            (None, Some(ord)) => format!("anki-{}-{ord}", note.id),
        };
        let stock = Stock::of(nt);
        if stock == Some(Stock::Cloze) {
            let text = fields.first().cloned().unwrap_or_default();
            let id = id_of(None);
            let extra = fields.get(1).cloned().filter(|e| !e.trim().is_empty());
            let body = if cloze::parse(&text).is_ok() {
                for card in cards {
                    targets.insert(
                        card.id,
                        Target {
                            card: id.clone(),
                            item: format!("{id}:c{}", card.ord + 1),
                        },
                    );
                }
                Body::Cloze { text }
            } else {
                broken_cloze.push(note.id);
                Body::Basic {
                    front: text,
                    back: extra.clone().unwrap_or_default(),
                }
            };
            notes.push((
                deck_name(cards[0]),
                note.id,
                0,
                Note {
                    body,
                    explanation: extra,
                    id: Some(id),
                    ..base
                },
            ));
            continue;
        }
        if stock.is_none() {
            unknown.add(&nt.name);
        }
        for card in cards {
            // An unknown notetype gives one card, from its first two fields.
            let ord = if stock.is_none() { 0 } else { card.ord };
            if stock.is_none() && card.ord != cards[0].ord {
                continue;
            }
            let Some(body) = stock_body(stock, &fields, ord) else {
                continue;
            };
            let id = id_of(Some(ord));
            targets.insert(
                card.id,
                Target {
                    card: id.clone(),
                    item: id.clone(),
                },
            );
            let explanation = match &body {
                Body::Typed { answers, .. } => answers.first().cloned(),
                _ => None,
            };
            notes.push((
                deck_name(card),
                note.id,
                ord,
                Note {
                    body,
                    explanation,
                    id: Some(id),
                    ..base.clone()
                },
            ));
        }
    }
    notes.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    // The cards of one note share a source bullet, so study keeps them apart
    // (and buries them for the day) as Anki buries siblings.
    let mut position: HashMap<String, (usize, i64)> = HashMap::new();
    let notes: Vec<Note> = notes
        .into_iter()
        .map(|(deck, nid, _, mut note)| {
            let (n, last) = position.entry(deck.clone()).or_insert((0, i64::MIN));
            if *last != nid {
                *n += 1;
                *last = nid;
            }
            note.position = Position {
                line: *n,
                column: 1,
            };
            note.deck = Some(deck);
            note
        })
        .collect();
    for (name, n) in unknown.into_counts() {
        warnings.push(unknown_notetype(&name, n));
    }
    if !broken_cloze.is_empty() {
        let shown: Vec<String> = broken_cloze.iter().take(5).map(i64::to_string).collect();
        warnings.push(format!(
            "{} cloze note{} (note id {}{}) could not be read as cloze deletions and became basic cards",
            broken_cloze.len(),
            plural(broken_cloze.len()),
            shown.join(", "),
            if broken_cloze.len() > 5 { ", ..." } else { "" }
        ));
    }
    if missing_notetype > 0 {
        warnings.push(format!(
            "{missing_notetype} note{} name a notetype the package does not hold and were left out",
            plural(missing_notetype)
        ));
    }
    let media_cards = notes.iter().filter(|n| n.media > 0).count();
    let decks = assemble("Default", notes);
    let deck_of: HashMap<&str, &str> = decks
        .iter()
        .flat_map(|d| d.cards.iter().map(|c| (c.id.as_str(), d.id.as_str())))
        .collect();
    let history = history::place(col, &targets, &deck_of);
    Package {
        imported: Imported {
            decks,
            media_cards,
            warnings,
        },
        history,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
