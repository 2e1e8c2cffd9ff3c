//! Writing a deck for other tools: Anki text that Anki's importer reads as
//! Basic and Cloze notes with tags, and readable Markdown in the `Q:`/`A:`/`C:`
//! layout the Markdown importer reads back.

use super::html::to_html;
use super::import::anki::{EXPLANATION_OPEN, guid};
use super::{Body, Card, Deck, cloze};

/// Anki text: `#separator:tab`, `#html:true`, the note type in column 1,
/// tags in column 4, a guid in column 5 and the deck in column 6. The guid
/// (`td:DECK:CARD`) comes from the card's id, so Anki updates the same note
/// when the export is imported again instead of matching by text, and
/// trialdrill reads the same card id back. Choice, true/false, numeric and
/// typed cards become Basic notes with the options in the question, in the
/// deck's order, and the answer on the back; the explanation follows the
/// back (or fills a Cloze note's Back Extra).
pub fn anki(deck: &Deck) -> Result<String, csv::Error> {
    let title = deck.title.replace(['\n', '\r', '\t'], " ");
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    for card in &deck.cards {
        let tags = card
            .tags
            .iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join("_"))
            .collect::<Vec<_>>()
            .join(" ");
        let explanation = format!("{EXPLANATION_OPEN}{}</div>", to_html(&card.explanation));
        let (notetype, first, second) = match &card.body {
            Body::Cloze { text } => ("Cloze", to_html(text), to_html(&card.explanation)),
            _ => {
                let (front, back) = question_and_answer(card);
                (
                    "Basic",
                    to_html(&front),
                    format!("{}{explanation}", to_html(&back)),
                )
            }
        };
        let guid = guid(&deck.id, &card.id).replace(['\t', '\n', '\r'], " ");
        writer.write_record([notetype, &first, &second, &tags, &guid, &title])?;
    }
    let rows = writer.into_inner().map_err(|e| e.into_error())?;
    let mut out = format!(
        "#separator:tab\n#html:true\n#notetype column:1\n#tags column:4\n#guid column:5\n#deck column:6\n#deck:{title}\n"
    );
    out.push_str(&String::from_utf8_lossy(&rows));
    Ok(out)
}

/// A card as a question and an answer in words.
fn question_and_answer(card: &Card) -> (String, String) {
    match &card.body {
        Body::Basic { front, back } => (front.clone(), back.clone()),
        Body::Choice {
            prompt,
            choices,
            answers,
        } => {
            let options: Vec<String> = choices.iter().map(|c| format!("- {c}")).collect();
            (
                format!("{prompt}\n{}", options.join("\n")),
                answers.join("; "),
            )
        }
        Body::TrueFalse { prompt, answer } => (
            format!("True or false: {prompt}"),
            if *answer { "True" } else { "False" }.to_string(),
        ),
        Body::Numeric {
            prompt,
            value,
            tolerance,
            unit,
        } => {
            let unit = if unit.is_empty() || unit == "%" {
                unit.clone()
            } else {
                format!(" {unit}")
            };
            (prompt.clone(), format!("{value}{unit} (± {tolerance})"))
        }
        Body::Typed { prompt, answers } => (prompt.clone(), answers.join(" / ")),
        Body::Cloze { text } => (
            text.clone(),
            cloze::parse(text)
                .map(|c| c.full_text())
                .unwrap_or_else(|_| text.clone()),
        ),
    }
}

/// Markdown cards: `# Title`, then per card `Q:`/`A:` (or `C:` with `[gaps]`),
/// `E:` explanation and `Tags:`, separated by `---`.
pub fn markdown(deck: &Deck) -> String {
    let mut out = format!("# {}\n", one_line(&deck.title));
    for card in &deck.cards {
        out.push_str("\n---\n\n");
        match &card.body {
            Body::Cloze { text } => {
                out.push_str(&format!("C: {}\n", gapped(text)));
            }
            _ => {
                let (q, a) = question_and_answer(card);
                out.push_str(&format!(
                    "Q: {}\nA: {}\n",
                    escape_prefixes(&q),
                    escape_prefixes(&a)
                ));
            }
        }
        out.push_str(&format!("E: {}\n", escape_prefixes(&card.explanation)));
        if !card.tags.is_empty() {
            out.push_str(&format!("Tags: {}\n", card.tags.join(" ")));
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Continuation lines that would read as a new field or card are indented,
/// which the importer reads as continuation.
fn escape_prefixes(text: &str) -> String {
    text.lines()
        .map(|l| {
            let t = l.trim();
            let risky = t == "---"
                || ["Q:", "A:", "C:", "E:", "Tags:", "# "]
                    .iter()
                    .any(|p| t.starts_with(p));
            if risky {
                format!(" {l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Cloze text with `{{cN::answer}}` as `[answer]` and literal brackets escaped.
fn gapped(text: &str) -> String {
    let escaped = text.replace('[', "\\[").replace(']', "\\]");
    let out = match cloze::parse(&escaped) {
        Ok(parsed) => parsed.render(|d| format!("[{}]", d.answer)),
        Err(_) => escaped.clone(),
    };
    escape_prefixes(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::builtin;

    #[test]
    fn anki_rows_carry_a_guid_from_the_card_id_and_the_deck() {
        let deck = builtin::find("rescue-japan-limit").unwrap().deck().unwrap();
        let text = anki(&deck).unwrap();
        assert_eq!(text, anki(&deck).unwrap(), "the same export every time");
        let row = text.lines().find(|l| !l.starts_with('#')).unwrap();
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells[4], guid(&deck.id, &deck.cards[0].id));
        assert_eq!(cells[5], deck.title);
    }

    #[test]
    fn choice_options_stay_on_the_front_in_the_decks_order() {
        let deck = builtin::find("rescue-japan-limit").unwrap().deck().unwrap();
        let card = deck
            .cards
            .iter()
            .find(|c| matches!(c.body, Body::Choice { .. }))
            .unwrap();
        let Body::Choice { choices, .. } = &card.body else {
            unreachable!()
        };
        let (front, _) = question_and_answer(card);
        let listed: Vec<&str> = front
            .lines()
            .skip(1)
            .map(|l| l.trim_start_matches("- "))
            .collect();
        assert_eq!(
            listed,
            choices.iter().map(String::as_str).collect::<Vec<_>>()
        );
    }
}
