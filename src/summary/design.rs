//! The Study Design label/value list of a summary: `Label: value` items, or
//! a label item followed by its value item.

use super::{Section, Summary, number};

/// Labels of the Study Design label/value list.
pub const DESIGN_LABELS: &[&str] = &[
    "Arms",
    "Patients per Arm",
    "Study Type",
    "Randomization",
    "Blinding",
    "Sample Size",
    "Follow-up",
    "Centers",
    "Countries",
];

/// A labelled value from the Study Design list.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// One of [`DESIGN_LABELS`].
    pub label: &'static str,
    /// The value text.
    pub value: String,
    /// The 1-based item number holding the value.
    pub item: u32,
}

/// A Study Design label in any of its spellings.
fn design_label(text: &str) -> Option<&'static str> {
    let key: String = text
        .trim()
        .trim_end_matches(':')
        .to_lowercase()
        .replace("centres", "centers")
        .replace("randomisation", "randomization")
        .replace("follow up", "follow-up")
        .replace("followup", "follow-up");
    DESIGN_LABELS
        .iter()
        .copied()
        .find(|l| l.to_lowercase() == key)
}

/// A `Label: value` item as its label and value.
fn inline(text: &str) -> Option<(&'static str, &str)> {
    let (head, value) = text.split_once(':')?;
    let value = value.trim();
    Some((design_label(head)?, value)).filter(|_| !value.is_empty())
}

/// Whether an item starts a field of its own, so it cannot be the value of
/// the label before it.
fn starts_field(text: &str) -> bool {
    design_label(text).is_some() || inline(text).is_some()
}

impl Summary {
    /// Whether item `index` of `section` is a Study Design label whose value
    /// is the next item: it holds no fact of its own.
    pub fn is_label_item(&self, section: &Section, index: usize) -> bool {
        section.heading == "Study Design"
            && design_label(&section.items[index].text).is_some()
            && section
                .items
                .get(index + 1)
                .is_some_and(|next| !starts_field(&next.text))
    }

    /// The Study Design label/value list.
    pub fn design_fields(&self) -> Vec<Field> {
        let Some(section) = self.section("Study Design") else {
            return Vec::new();
        };
        let items = &section.items;
        let mut out = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let text = &items[i].text;
            if let Some(label) = design_label(text) {
                match items.get(i + 1).filter(|next| !starts_field(&next.text)) {
                    Some(next) => {
                        out.push(Field {
                            label,
                            value: next.text.clone(),
                            item: number(i + 1),
                        });
                        i += 2;
                    }
                    None => i += 1,
                }
                continue;
            }
            if let Some((label, value)) = inline(text) {
                out.push(Field {
                    label,
                    value: value.to_string(),
                    item: number(i),
                });
            }
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_are_read_inline_or_as_the_item_before_their_value() {
        let s = crate::summary::parse(
            "## Study Design\n- Arms: A vs B\n- Sample size\n- 203\n- Centres:\n- Follow-up: 90 days\n",
        )
        .unwrap()
        .summary;
        let found = s.design_fields();
        let fields: Vec<(&str, &str, u32)> = found
            .iter()
            .map(|f| (f.label, f.value.as_str(), f.item))
            .collect();
        assert_eq!(
            fields,
            [
                ("Arms", "A vs B", 1),
                ("Sample Size", "203", 3),
                ("Follow-up", "90 days", 5)
            ]
        );
        let section = &s.sections[0];
        assert!(s.is_label_item(section, 1));
        assert!(!s.is_label_item(section, 0));
    }
}
