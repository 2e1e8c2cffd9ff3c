//! Which of Anki's stock notetypes a notetype is, and so how its notes
//! become cards: Basic, Basic (and reversed card), Basic (optional reversed
//! card), Basic (type in the answer) and Cloze. Image Occlusion and custom
//! notetypes are not stock here: they are imported as basic cards from
//! their first two fields, with a warning.

use super::collection::Notetype;

/// A stock notetype.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stock {
    /// Front/Back, one card.
    Basic,
    /// Front/Back, a card each way.
    Reversed,
    /// Front/Back/Add Reverse: the reverse card only when Add Reverse is filled.
    OptionalReversed,
    /// Front/Back with the answer typed in.
    Typing,
    /// Text/Back Extra with `{{c1::...}}` deletions.
    Cloze,
}

impl Stock {
    /// The stock notetype `nt` is: as Anki recorded it (2.1.62 and later),
    /// else as its templates show, whatever the language of its names.
    pub fn of(nt: &Notetype) -> Option<Stock> {
        match nt.original_stock_kind {
            1 => return Some(Stock::Basic),
            2 => return Some(Stock::Reversed),
            3 => return Some(Stock::OptionalReversed),
            4 => return Some(Stock::Typing),
            5 => return Some(Stock::Cloze),
            0 => {}
            _ => return None,
        }
        // Compared without whitespace, which templates vary in.
        let squash = |t: &str| t.split_whitespace().collect::<String>();
        let field = |i: usize| nt.fields.get(i).map(String::as_str).unwrap_or("\u{0}");
        let shown = |i: usize| squash(&format!("{{{{{}}}}}", field(i)));
        let templates: Vec<String> = nt.templates.iter().map(|t| squash(t)).collect();
        if nt.cloze {
            let first = squash(&format!("{{{{cloze:{}}}}}", field(0)));
            return templates
                .first()
                .is_some_and(|t| t.contains(&first))
                .then_some(Stock::Cloze);
        }
        let (f0, f1) = (shown(0), shown(1));
        let typed = squash(&format!("{f0}{{{{type:{}}}}}", field(1)));
        let optional = squash(&format!("{{{{#{}}}}}{f1}{{{{/{}}}}}", field(2), field(2)));
        match (nt.fields.len(), templates.as_slice()) {
            (2, [a]) if *a == f0 => Some(Stock::Basic),
            (2, [a]) if *a == typed => Some(Stock::Typing),
            (2, [a, b]) if *a == f0 && *b == f1 => Some(Stock::Reversed),
            (3, [a, b]) if *a == f0 && *b == optional => Some(Stock::OptionalReversed),
            _ => None,
        }
    }

    /// The stock notetype an Anki text file names in its notetype column,
    /// by its English name; any name with "cloze" in it is a cloze type.
    pub fn named(name: &str) -> Option<Stock> {
        let name = name.trim().to_lowercase();
        Some(match name.as_str() {
            "basic" => Stock::Basic,
            "basic (and reversed card)" => Stock::Reversed,
            "basic (optional reversed card)" => Stock::OptionalReversed,
            "basic (type in the answer)" => Stock::Typing,
            n if n.contains("cloze") => Stock::Cloze,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nt(fields: &[&str], templates: &[&str], cloze: bool) -> Notetype {
        Notetype {
            name: "x".into(),
            cloze,
            original_stock_kind: 0,
            fields: fields.iter().map(|s| s.to_string()).collect(),
            templates: templates.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn stock_notetypes_are_known_by_their_templates_in_any_language() {
        assert_eq!(
            Stock::of(&nt(&["Front", "Back"], &["{{Front}}"], false)),
            Some(Stock::Basic)
        );
        assert_eq!(
            Stock::of(&nt(
                &["Vorderseite", "Rückseite"],
                &["{{Vorderseite}}", "{{Rückseite}}"],
                false
            )),
            Some(Stock::Reversed)
        );
        assert_eq!(
            Stock::of(&nt(
                &["Front", "Back", "Add Reverse"],
                &["{{Front}}", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}"],
                false
            )),
            Some(Stock::OptionalReversed)
        );
        assert_eq!(
            Stock::of(&nt(
                &["Front", "Back"],
                &["{{Front}}\n\n{{type:Back}}"],
                false
            )),
            Some(Stock::Typing)
        );
        assert_eq!(
            Stock::of(&nt(&["Text", "Back Extra"], &["{{cloze:Text}}"], true)),
            Some(Stock::Cloze)
        );
        assert_eq!(
            Stock::of(&nt(&["A", "B", "C"], &["{{A}} {{C}}"], false)),
            None
        );
        let mut io = nt(&["Occlusion", "Image"], &["{{cloze:Occlusion}}"], true);
        io.original_stock_kind = 6;
        assert_eq!(
            Stock::of(&io),
            None,
            "image occlusion is not imported as cloze"
        );
        let mut recorded = nt(&["Q", "A"], &["custom {{Q}}"], false);
        recorded.original_stock_kind = 2;
        assert_eq!(Stock::of(&recorded), Some(Stock::Reversed));
    }

    #[test]
    fn text_files_name_their_notetypes() {
        assert_eq!(
            Stock::named("Basic (and reversed card)"),
            Some(Stock::Reversed)
        );
        assert_eq!(Stock::named("Cloze (custom)"), Some(Stock::Cloze));
        assert_eq!(Stock::named("Japanese"), None);
    }
}
