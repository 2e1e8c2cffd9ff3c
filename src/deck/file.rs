//! The shape of a deck file on disk: what `deck schema` describes and what
//! the authoring commands write.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Card, Deck, FORMAT};

/// A trialdrill deck file: the cards about one trial. Check it with
/// `trialdrill deck lint FILE`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "trialdrill deck")]
pub struct DeckFile {
    /// The deck format version; this build reads and writes 1.
    pub format: u32,
    /// Stable deck identifier: 1-64 characters of a-z, 0-9, `-` and `_`,
    /// starting with a letter or digit.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]{0,63}$"))]
    pub id: String,
    /// Human title shown in lists.
    pub title: String,
    /// The group of decks this one belongs to, such as `stroke/large-core`:
    /// lowercase segments of a-z, 0-9 and `-`, separated by `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z0-9-]+(/[a-z0-9-]+)*$"))]
    pub collection: Option<String>,
    /// File name of the trial summary beside the deck (plain text or
    /// Markdown), which `deck lint` checks the cards against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The cards, in authored order.
    #[schemars(length(min = 1))]
    pub cards: Vec<Card>,
}

impl From<&Deck> for DeckFile {
    fn from(deck: &Deck) -> DeckFile {
        DeckFile {
            format: FORMAT,
            id: deck.id.clone(),
            title: deck.title.clone(),
            collection: deck.collection.clone(),
            summary: deck.summary.clone(),
            cards: deck.cards.clone(),
        }
    }
}

/// The JSON Schema of deck files, pretty-printed.
pub fn schema_json() -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&schemars::schema_for!(DeckFile))
}

impl Deck {
    /// The deck as deck-file JSON, pretty-printed and ending with a newline.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(&DeckFile::from(self))?;
        text.push('\n');
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::builtin::BUILTINS;

    #[test]
    fn a_deck_written_as_json_loads_back_unchanged() {
        let deck = BUILTINS[0].deck().unwrap();
        let again = crate::deck::parse(&deck.to_json().unwrap()).unwrap();
        assert_eq!(again.id, deck.id);
        assert_eq!(again.summary, deck.summary);
        let mut grouped = deck.clone();
        grouped.collection = Some("stroke/large-core".into());
        let again_grouped = crate::deck::parse(&grouped.to_json().unwrap()).unwrap();
        assert_eq!(again_grouped.collection, grouped.collection);
        let strip = |d: &Deck| {
            d.cards
                .iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        c.body.clone(),
                        c.source.clone(),
                        c.note.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&again), strip(&deck));
    }

    #[test]
    fn the_schema_describes_every_card_kind_and_the_top_level_fields() {
        let schema = schema_json().unwrap();
        for word in [
            "\"format\"",
            "\"cards\"",
            "\"summary\"",
            "\"collection\"",
            "\"also\"",
            "\"deck\"",
            "\"truefalse\"",
            "\"cloze\"",
            "\"tolerance\"",
        ] {
            assert!(schema.contains(word), "schema lacks {word}");
        }
        let value: serde_json::Value = serde_json::from_str(&schema).unwrap();
        assert_eq!(
            value["properties"]["collection"]["pattern"],
            "^[a-z0-9-]+(/[a-z0-9-]+)*$"
        );
        assert_eq!(
            value["$defs"]["Source"]["properties"]["deck"]["pattern"],
            value["properties"]["id"]["pattern"]
        );
        assert!(
            !schema.contains("\"position\""),
            "the in-memory position must not be in the file format"
        );
    }

    #[test]
    fn the_schema_rejects_what_the_loader_rejects() {
        let schema: serde_json::Value = serde_json::from_str(&schema_json().unwrap()).unwrap();
        let card = &schema["$defs"]["Card"];
        // Unknown keys, and keys of another kind, are not evaluated by the
        // kind's branch of `oneOf`, so they are refused.
        assert_eq!(card["unevaluatedProperties"], false);
        let kinds: Vec<&str> = card["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["properties"]["kind"]["const"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["basic", "choice", "truefalse", "numeric", "cloze", "typed"]
        );
        assert_eq!(
            schema["$defs"]["Source"]["properties"]["bullet"]["minimum"],
            1
        );
        assert_eq!(schema["additionalProperties"], false);
    }
}
