//! A parsed [`Summary`] into a draft [`Deck`]: cards for every Major Point and
//! Limitation, figure cloze and numeric cards, design cards, a primary-outcome
//! choice card, "NOT a limitation" appraisal cards and a bottom-line card.

use std::collections::HashSet;

use crate::deck::lint::lookalikes;
use crate::deck::{Body, Card, Deck, Position, Source, cloze};
use crate::engine::grade::text_matches;
use crate::summary::figures::{Span, spans, values};
use crate::summary::{Item, Section, Summary, number, taught};

/// The sections whose every item gets a recall card.
const POINT_SECTIONS: &[(&str, &str, &str)] = &[
    ("Major Points", "major-points", "major point"),
    ("Limitations & Criticisms", "limitations", "limitation"),
];

/// Choices per appraisal card: this many limitations plus one distractor.
const LIMITATIONS_PER_APPRAISAL: usize = 3;

/// Numeric cards made from one bullet at most.
const NUMERIC_PER_BULLET: usize = 2;

/// Builds the draft deck.
pub fn generate(summary: &Summary) -> Deck {
    let mut b = Builder {
        name: summary.title.clone(),
        cards: Vec::new(),
        ids: HashSet::new(),
        prompts: HashSet::new(),
    };
    b.statements(
        summary,
        "Objective",
        "objective",
        "What question did {} set out to answer?",
    );
    b.statements(
        summary,
        "Intervention",
        "intervention",
        "What did {} compare?",
    );
    b.inclusion(summary);
    b.design(summary);
    b.statements(
        summary,
        "Bottom Line",
        "bottom-line",
        "What is the bottom line of {}?",
    );
    for (heading, tag, noun) in POINT_SECTIONS {
        if let Some(section) = summary.section(heading) {
            for (i, item) in section.items.iter().enumerate() {
                b.point(section, i, item, tag, noun);
            }
        }
    }
    b.statements(
        summary,
        "Primary Outcome",
        "primary-outcome",
        "What was the primary outcome of {}, as the summary gives it?",
    );
    b.primary_outcome(summary);
    b.appraisal(summary);
    b.statements(
        summary,
        "Citation",
        "citation",
        "Where and when was {} published?",
    );
    Deck {
        id: deck_id(&summary.title),
        title: summary.full_title(),
        collection: None,
        summary: None,
        cards: b.cards,
    }
}

/// A deck id from a title: lower-case letters and digits joined by `-`.
pub fn deck_id(title: &str) -> String {
    let mut id = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id: String = id.trim_end_matches('-').chars().take(64).collect();
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() { "trial".into() } else { id }
}

/// The first sentence or clause of a bullet, for choice texts.
fn short(text: &str) -> &str {
    let text = taught(text);
    let cut = [" — ", " – ", ". ", "; "]
        .iter()
        .filter_map(|sep| text.find(sep))
        .filter(|&i| text[..i].split_whitespace().count() >= 4)
        .min();
    match cut {
        Some(i) => text[..i].trim_end_matches('.'),
        None => text.trim_end_matches('.'),
    }
}

/// The opening words of a bullet, as a recall cue.
fn opening(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let take = (words.len() / 2).clamp(1, 8);
    words[..take.min(words.len())].join(" ")
}

struct Builder {
    /// The trial's name for prompts.
    name: String,
    cards: Vec<Card>,
    ids: HashSet<String>,
    /// Every prompt asked so far: a deck asks each question once.
    prompts: HashSet<String>,
}

impl Builder {
    /// Adds a card with a unique id derived from `id`. A prompt another card
    /// already asks (two bullets alike) is told apart by naming its source;
    /// a card that still repeats one is left out.
    fn add(
        &mut self,
        id: String,
        tags: &[&str],
        explanation: String,
        source: Source,
        mut body: Body,
    ) {
        if self.prompts.contains(body.prompt()) {
            let prompt = body.prompt_mut();
            prompt.push_str(&format!(" ({}, item {})", source.section, source.bullet));
        }
        // A choice whose options grading could not tell apart would fail lint.
        if let Body::Choice {
            prompt,
            choices,
            answers,
        } = &body
            && !lookalikes(prompt, choices, answers).is_empty()
        {
            return;
        }
        if !self.prompts.insert(body.prompt().to_string()) {
            return;
        }
        let mut unique = id.clone();
        let mut n = 2;
        while !self.ids.insert(unique.clone()) {
            unique = format!("{id}-{n}");
            n += 1;
        }
        self.cards.push(Card {
            id: unique,
            tags: tags.iter().map(|t| (*t).to_string()).collect(),
            explanation,
            source,
            also: Vec::new(),
            note: None,
            body,
            position: Position::default(),
        });
    }

    /// One basic card per item of a prose section (a leading `Definition:`
    /// label is left off the answer).
    fn statements(&mut self, summary: &Summary, heading: &str, tag: &str, question: &str) {
        let Some(section) = summary.section(heading) else {
            return;
        };
        for (i, item) in section.items.iter().enumerate() {
            let text = taught(&item.text);
            if text.is_empty() {
                continue;
            }
            let mut front = question.replace("{}", &self.name);
            if section.items.len() > 1 {
                front = format!("{front} (part {} of {})", i + 1, section.items.len());
            }
            self.add(
                format!("{tag}-{}", i + 1),
                &[tag],
                format!("{heading}: {text}"),
                source(heading, i, text),
                Body::Basic {
                    front,
                    back: text
                        .strip_prefix("Definition:")
                        .map_or(text, str::trim)
                        .to_string(),
                },
            );
        }
    }

    /// Cards for inclusion criteria: one per criterion (a single line of
    /// criteria is split at its top-level commas).
    fn inclusion(&mut self, summary: &Summary) {
        let Some(section) = summary.section("Inclusion Criteria") else {
            return;
        };
        let split = section.items.len() == 1;
        let mut k = 0;
        for (i, item) in section.items.iter().enumerate() {
            let text = taught(&item.text);
            let criteria = if split {
                split_top_level(text)
            } else {
                vec![text]
            };
            for criterion in criteria {
                let criterion = criterion.trim().trim_end_matches('.');
                if criterion.is_empty() {
                    continue;
                }
                k += 1;
                let explanation = format!("Inclusion Criteria: {text}");
                let src = source("Inclusion Criteria", i, criterion);
                let lead = format!("To enter {}, patients needed: ", self.name);
                let body = match cloze_text(&lead, criterion) {
                    Some(text) => Body::Cloze { text },
                    None => Body::TrueFalse {
                        prompt: format!("{lead}{criterion}."),
                        answer: true,
                    },
                };
                self.add(
                    format!("inclusion-{k}"),
                    &["design", "inclusion"],
                    explanation,
                    src,
                    body,
                );
            }
        }
    }

    /// Cards from the Study Design label/value list.
    fn design(&mut self, summary: &Summary) {
        let Some(section) = summary.section("Study Design") else {
            return;
        };
        for field in summary.design_fields() {
            let value = taught(&field.value).trim_end_matches('.').to_string();
            if value.is_empty() {
                continue;
            }
            let name = &self.name;
            let question = match field.label {
                "Arms" => format!("What were the arms of {name}?"),
                "Patients per Arm" => format!("How many patients were in each arm of {name}?"),
                "Study Type" => format!("What type of study was {name}?"),
                "Blinding" => format!("How was {name} blinded?"),
                "Sample Size" => format!("How many patients did {name} enrol?"),
                "Follow-up" => format!("How long was follow-up in {name}?"),
                "Centers" => format!("How many centres took part in {name}?"),
                "Countries" => format!("In which country or countries was {name} run?"),
                _ => format!("How were patients allocated to the arms of {name}?"),
            };
            let quote = format!("{}: {value}", field.label);
            let explanation = format!("Study Design, {quote}");
            let src = Source {
                section: section.heading.clone(),
                bullet: field.item,
                deck: None,
                quote: Some(quote),
            };
            let id = format!("design-{}", deck_id(field.label));
            let body = design_body(name, field.label, &value, question);
            self.add(id, &["design"], explanation, src, body);
        }
    }

    /// A recall card for a Major Point or Limitation, plus cloze and numeric
    /// cards over its figures.
    fn point(&mut self, section: &Section, i: usize, item: &Item, tag: &str, noun: &str) {
        let text = taught(&item.text);
        if text.is_empty() {
            return;
        }
        let heading = &section.heading;
        let explanation = format!("{heading}, bullet {}: {text}", i + 1);
        self.add(
            format!("{tag}-{}", i + 1),
            &[tag],
            explanation.clone(),
            source(heading, i, text),
            Body::Basic {
                front: format!("{}: complete this {noun}: “{} …”", self.name, opening(text)),
                back: text.to_string(),
            },
        );
        if let Some(cloze) = cloze_text(&format!("{}: ", self.name), text) {
            self.add(
                format!("{tag}-{}-figures", i + 1),
                &[tag, "figures"],
                explanation.clone(),
                source(heading, i, text),
                Body::Cloze { text: cloze },
            );
        }
        let found = spans(text);
        let key = found
            .iter()
            .filter(|s| is_key(text, s))
            .take(NUMERIC_PER_BULLET);
        for (k, span) in key.enumerate() {
            let figure = &text[span.range.clone()];
            let Some(value) = nonzero(figure) else {
                continue;
            };
            let blanked = format!(
                "{}___{}",
                &text[..span.range.start],
                &text[span.range.end..]
            );
            let unit = if figure.ends_with('%') { "%" } else { "" };
            self.add(
                format!("{tag}-{}-number-{}", i + 1, k + 1),
                &[tag, "figures"],
                explanation.clone(),
                source(heading, i, text),
                Body::Numeric {
                    prompt: format!("{}: what number fills the blank? {blanked}", self.name),
                    value,
                    tolerance: tolerance(figure),
                    unit: unit.into(),
                },
            );
        }
    }

    /// A choice card on the primary outcome's effect estimate, with other
    /// figures of the summary as distractors, and numeric cards for each arm.
    fn primary_outcome(&mut self, summary: &Summary) {
        let Some(section) = summary.section("Primary Outcome") else {
            return;
        };
        let Some(table) = section.tables.first() else {
            return;
        };
        let Some(row) = table.rows.first() else {
            return;
        };
        let definition = section
            .items
            .iter()
            .find_map(|i| i.text.strip_prefix("Definition:"))
            .map(|d| format!(" ({})", d.trim().trim_end_matches('.')))
            .unwrap_or_default();
        // A card cites the item that states its figure (the table is no
        // item): one of this section's, else the first elsewhere.
        let src = |figure: &str| {
            let wanted = values(figure);
            let states = |item: &Item| {
                let stated = item.taught_figures();
                wanted.iter().all(|f| stated.contains(f))
            };
            std::iter::once(section)
                .chain(&summary.sections)
                .find_map(|s| {
                    let i = s.items.iter().position(states)?;
                    Some(source(&s.heading, i, s.items[i].taught()))
                })
        };
        let explanation = format!("Primary outcome{definition}: {}", row.text);
        let effect = table.header.iter().position(|h| {
            let h = h.to_uppercase();
            ["HR", "OR", "RR", "RATIO"].iter().any(|k| h.contains(k))
        });
        for (column, header) in table.header.iter().enumerate().take(2) {
            if Some(column) == effect {
                continue;
            }
            let Some(cell) = row.cells.get(column) else {
                continue;
            };
            let Some(span) = spans(cell)
                .into_iter()
                .find(|s| s.single && cell[s.range.clone()].ends_with('%'))
            else {
                continue;
            };
            let figure = &cell[span.range];
            let (Some(value), Some(cited)) = (nonzero(figure), src(figure)) else {
                continue;
            };
            self.add(
                format!("primary-outcome-{}", deck_id(header)),
                &["primary-outcome"],
                explanation.clone(),
                cited,
                Body::Numeric {
                    prompt: format!(
                        "In {}, what share of the {header} group reached the primary outcome{definition}?",
                        self.name
                    ),
                    value,
                    tolerance: tolerance(figure),
                    unit: "%".into(),
                },
            );
        }
        let Some(effect) = effect else {
            return;
        };
        let Some(cell) = row.cells.get(effect) else {
            return;
        };
        let Some(first) = spans(cell).into_iter().find(|s| s.single) else {
            return;
        };
        let answer = cell[first.range].to_string();
        let (Ok(value), Some(cited)) = (answer.parse::<f64>(), src(&answer)) else {
            return;
        };
        let in_row: Vec<f64> = values(&row.text);
        let mut pool: Vec<(f64, String)> = Vec::new();
        for s in &summary.sections {
            for item in &s.items {
                for x in item.taught_figures() {
                    // Ratios and rates with decimals look like the estimate; whole numbers do not.
                    let fresh = x.fract() != 0.0
                        && x > 0.0
                        && !in_row.contains(&x)
                        && pool.iter().all(|(y, _)| *y != x);
                    if fresh {
                        pool.push((x, x.to_string()));
                    }
                }
            }
        }
        // The nearest figures on a log scale make the most plausible distractors.
        pool.sort_by(|a, b| {
            let d = |x: f64| (x / value).ln().abs();
            d(a.0).total_cmp(&d(b.0))
        });
        let mut choices: Vec<String> = pool.into_iter().take(3).map(|(_, t)| t).collect();
        if choices.is_empty() {
            return;
        }
        choices.insert(0, answer.clone());
        self.add(
            "primary-outcome-effect".into(),
            &["primary-outcome"],
            explanation,
            cited,
            Body::Choice {
                prompt: format!(
                    "In {}, what was the {} for the primary outcome{definition}?",
                    self.name, table.header[effect]
                ),
                choices,
                answers: vec![answer],
            },
        );
    }

    /// "Which of these is NOT a limitation" cards: limitations in groups,
    /// each with one statement from another section as the answer.
    fn appraisal(&mut self, summary: &Summary) {
        let Some(limits) = summary.section("Limitations & Criticisms") else {
            return;
        };
        let limitations: Vec<&str> = limits
            .items
            .iter()
            .map(|i| short(&i.text))
            .filter(|t| !t.is_empty())
            .collect();
        let mut others: Vec<(&Section, usize, &str)> = Vec::new();
        for heading in ["Bottom Line", "Major Points", "Objective"] {
            if let Some(s) = summary.section(heading) {
                others.extend(
                    s.items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| (s, i, short(&item.text))),
                );
            }
        }
        // The answer must not read like a limitation, or grading could not tell them apart.
        let alike = |a: &str, b: &str| a == b || text_matches(a, b) || text_matches(b, a);
        others.retain(|(_, _, t)| !t.is_empty() && !limitations.iter().any(|l| alike(l, t)));
        for (k, group) in limitations.chunks(LIMITATIONS_PER_APPRAISAL).enumerate() {
            let Some((section, i, distractor)) = others.get(k).copied() else {
                return;
            };
            let mut distinct = group.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() < group.len() {
                continue;
            }
            let mut choices: Vec<String> = group.iter().map(|t| (*t).to_string()).collect();
            choices.push(distractor.to_string());
            self.add(
                format!("appraisal-{}", k + 1),
                &["limitations", "appraisal"],
                format!(
                    "“{distractor}” comes from {} (bullet {}), not from the limitations; the others are limitations.",
                    section.heading,
                    i + 1
                ),
                source(&section.heading, i, distractor),
                Body::Choice {
                    prompt: format!(
                        "Which of these is NOT a limitation of {}? (set {})",
                        self.name,
                        k + 1
                    ),
                    choices,
                    answers: vec![distractor.to_string()],
                },
            );
        }
    }
}

/// The card body for one Study Design field: a number when the value is one
/// figure, yes/no for randomisation, a typed answer when short, else a flashcard.
fn design_body(name: &str, label: &str, value: &str, question: String) -> Body {
    if label == "Randomization" {
        let lower = value.to_lowercase();
        if lower.starts_with("yes") || lower.starts_with("no") {
            return Body::TrueFalse {
                prompt: format!("{name} randomly allocated patients to its arms."),
                answer: lower.starts_with("yes"),
            };
        }
    }
    let found = spans(value);
    if let [only] = found.as_slice() {
        let figure = &value[only.range.clone()];
        let unit = value[only.range.end..].trim();
        let starts = value[..only.range.start].trim().is_empty();
        if only.single
            && starts
            && unit.split_whitespace().count() <= 1
            && let Some(number) = nonzero(figure)
        {
            return Body::Numeric {
                prompt: question,
                value: number,
                tolerance: tolerance(figure),
                unit: if figure.ends_with('%') {
                    "%".into()
                } else {
                    unit.to_string()
                },
            };
        }
    }
    if value.split_whitespace().count() <= 3 && found.is_empty() {
        return Body::Typed {
            prompt: question,
            answers: vec![value.to_string()],
        };
    }
    Body::Basic {
        front: question,
        back: value.to_string(),
    }
}

/// Whether a span is worth a numeric card: one figure with a decimal point or
/// a percent sign, not zero, and not a year or a confidence level.
fn is_key(text: &str, span: &Span) -> bool {
    let figure = &text[span.range.clone()];
    let after = text[span.range.end..].trim_start();
    span.single
        && (figure.contains('.') || figure.ends_with('%'))
        && nonzero(figure).is_some()
        && !after.starts_with("CI")
}

/// `lead` then `text` with every figure span of `text` as its own cloze
/// deletion, or `None` when `text` has no figure or braces already in `lead`
/// or `text` would change how the deletions read (cloze text has no escapes).
fn cloze_text(lead: &str, text: &str) -> Option<String> {
    let found = spans(text);
    if found.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(lead.len() + text.len() + found.len() * 8);
    out.push_str(lead);
    let mut at = 0;
    for (n, span) in found.iter().enumerate() {
        out.push_str(&text[at..span.range.start]);
        out.push_str(&format!(
            "{{{{c{}::{}}}}}",
            n + 1,
            &text[span.range.clone()]
        ));
        at = span.range.end;
    }
    out.push_str(&text[at..]);
    let parsed = cloze::parse(&out).ok()?;
    let answers: Vec<&str> = parsed.deletions().map(|d| d.answer).collect();
    let wanted: Vec<&str> = found.iter().map(|s| &text[s.range.clone()]).collect();
    let reads_back = answers == wanted && parsed.full_text() == format!("{lead}{text}");
    reads_back.then_some(out)
}

/// The tolerance a figure's written precision implies: half a unit of its
/// last digit (`31.0` gives 0.05, `203` gives 0.5).
fn tolerance(figure: &str) -> f64 {
    let digits = figure.trim_end_matches('%');
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
    0.5 / 10f64.powi(i32::try_from(decimals).unwrap_or(i32::MAX))
}

/// A figure's value for a numeric card: a finite number other than zero (so
/// the tolerance is narrower than the value) that the deck file writes and
/// reads back unchanged (so lint finds it in its bullet).
fn nonzero(figure: &str) -> Option<f64> {
    let value = figure.trim_end_matches('%').parse::<f64>().ok()?;
    let kept = serde_json::to_string(&value)
        .ok()
        .and_then(|json| serde_json::from_str::<f64>(&json).ok())
        == Some(value);
    (value.is_finite() && value != 0.0 && kept).then_some(value)
}

/// `text` split at commas outside parentheses.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// The source of a card built from item `index` of `section`.
fn source(section: &str, index: usize, quote: &str) -> Source {
    Source {
        section: section.to_string(),
        bullet: number(index),
        deck: None,
        quote: Some(quote.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> Summary {
        crate::summary::parse(text).unwrap().summary
    }

    fn card<'d>(deck: &'d Deck, id: &str) -> &'d Card {
        deck.cards
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no card `{id}` in {:?}", ids(deck)))
    }

    fn ids(deck: &Deck) -> Vec<&str> {
        deck.cards.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn tolerance_follows_the_written_precision() {
        assert_eq!(tolerance("31.0%"), 0.05);
        assert_eq!(tolerance("203"), 0.5);
        assert!((tolerance("0.002") - 0.0005).abs() < 1e-12);
        let tiny = "0.0000000000000001";
        assert!(tolerance(tiny) < tiny.parse::<f64>().unwrap());
    }

    #[test]
    fn numeric_cards_ask_only_for_values_a_deck_file_keeps() {
        assert_eq!(nonzero("31.0%"), Some(31.0));
        assert_eq!(nonzero("0.0"), None);
        assert_eq!(nonzero(&"9".repeat(400)), None);
        // serde_json reads this value's shortest form back one step off.
        let drifts: f64 = "2999999999999999999999999994".parse().unwrap();
        let read_back: f64 =
            serde_json::from_str(&serde_json::to_string(&drifts).unwrap()).unwrap();
        assert_ne!(read_back, drifts);
        assert_eq!(nonzero("2999999999999999999999999994"), None);
    }

    #[test]
    fn a_cloze_is_made_only_when_it_reads_back_as_the_text() {
        assert_eq!(
            cloze_text("T: ", "31.0% vs 12.7%").as_deref(),
            Some("T: {{c1::31.0%}} vs {{c2::12.7%}}")
        );
        assert_eq!(cloze_text("T: ", "no figures"), None);
        for (lead, text) in [
            ("T {{: ", "5 of 7"),
            ("T }}: ", "5 of 7"),
            ("{{c1::9}}: ", "5 of 7"),
            ("T: ", "{{x}} 5"),
            ("T: ", "a {5"),
        ] {
            assert_eq!(cloze_text(lead, text), None, "{lead}{text}");
        }
        assert_eq!(
            cloze_text("T: ", "5}").as_deref(),
            Some("T: {{c1::5}}}"),
            "a lone brace after a figure still reads back"
        );
    }

    #[test]
    fn two_bullets_alike_ask_two_different_questions() {
        let deck = generate(&summary(
            "# T\n## Major Points\n- Same point 5.5% here.\n- Same point 5.5% here.\n",
        ));
        let prompts: Vec<&str> = deck.cards.iter().map(Card::prompt).collect();
        let mut distinct = prompts.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), prompts.len(), "{prompts:#?}");
        assert!(
            card(&deck, "major-points-2")
                .prompt()
                .ends_with("(Major Points, item 2)")
        );
    }

    #[test]
    fn primary_outcome_cards_cite_the_item_that_states_their_figure() {
        let deck = generate(&summary(
            "# T\n## Major Points\n- Good outcome 31.0% vs 12.7% (RR 2.43).\n- Other 1.9 and 3.1.\n\
             ## Primary Outcome\n- Definition: mRS 0-3.\n\
             | Control | EVT | RR | P |\n|---|---|---|---|\n| 12.7% | 31.0% | 2.43 | 0.002 |\n",
        ));
        for id in [
            "primary-outcome-control",
            "primary-outcome-evt",
            "primary-outcome-effect",
        ] {
            let source = &card(&deck, id).source;
            assert_eq!(
                (source.section.as_str(), source.bullet),
                ("Major Points", 1)
            );
        }
        assert_eq!(
            card(&deck, "primary-outcome-1").answer_texts(),
            ["mRS 0-3."]
        );
        let unstated = generate(&summary(
            "# T\n## Primary Outcome\n- Definition: mRS 0-3.\n\
             | Control | EVT | RR | P |\n|---|---|---|---|\n| 12.7% | 31.0% | 2.43 | 0.002 |\n",
        ));
        assert_eq!(ids(&unstated), ["primary-outcome-1"]);
    }

    #[test]
    fn the_not_a_limitation_answer_never_reads_like_a_limitation() {
        let deck = generate(&summary(
            "# T\n## Bottom Line\n- Small, single country.\n- EVT helped large cores a lot\n\
             ## Limitations & Criticisms\n- Small single country\n- Open label\n",
        ));
        let Body::Choice { answers, .. } = &card(&deck, "appraisal-1").body else {
            panic!("not a choice card");
        };
        assert_eq!(answers, &["EVT helped large cores a lot"]);
    }
}
