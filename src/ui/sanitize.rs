//! The one sanitiser for text that comes from deck files, which are untrusted:
//! terminal control sequences are removed, ordinary Unicode is kept.

/// `text` with escape sequences (CSI, OSC, DCS and the like) and control
/// characters other than newline and tab removed. A carriage return becomes a
/// newline when it ends a line, and is dropped otherwise.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{1b}' => skip_escape(&mut chars),
            // C1 introducers that act like ESC + letter: CSI, OSC, DCS, SOS, PM, APC.
            '\u{9b}' => skip_until_final(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if c.is_control() => {}
            // Bidirectional overrides can make a line read differently than it is.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `value` with [`clean`] applied to every string in it, keys included, for
/// JSON output that carries deck text.
pub fn clean_json(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(clean(&s)),
        Value::Array(items) => Value::Array(items.into_iter().map(clean_json).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (clean(&k), clean_json(v)))
                .collect(),
        ),
        other => other,
    }
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_until_final(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Two-character sequences such as ESC c (reset) or ESC 7: drop both.
        _ => {}
    }
}

/// CSI: parameters and intermediates up to a final byte in `@`..=`~`.
fn skip_until_final(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// OSC, DCS and friends: everything up to BEL or ST (`ESC \` or U+9C).
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, clean_json};

    #[test]
    fn every_string_in_a_json_value_is_cleaned_and_numbers_are_kept() {
        let dirty = serde_json::json!({
            "title\u{1b}[2J": "a\u{1b}]52;c;aGk=\u{7}b",
            "cards": [{"prompt": "≥ 5\u{9b}31m", "value": 1.5, "ok": true}],
        });
        assert_eq!(
            clean_json(dirty),
            serde_json::json!({
                "title": "ab",
                "cards": [{"prompt": "≥ 5", "value": 1.5, "ok": true}],
            })
        );
    }

    #[test]
    fn escape_sequences_are_removed() {
        assert_eq!(clean("a\u{1b}[2Jb"), "ab");
        assert_eq!(clean("x\u{1b}]52;c;aGVsbG8=\u{7}y"), "xy");
        assert_eq!(clean("x\u{1b}]0;title\u{1b}\\y"), "xy");
        assert_eq!(clean("\u{9b}31mred"), "red");
        assert_eq!(clean("bell\u{7} nul\u{0} del\u{7f}"), "bell nul del");
        assert_eq!(clean("a\u{1b}cb"), "ab");
        assert_eq!(clean("unterminated \u{1b}]52;c;zz"), "unterminated ");
    }

    #[test]
    fn ordinary_text_is_kept() {
        let text = "NIHSS ≥6, ≈5.5 – 0.6 mg/kg — Rankin, é, 日本\n\tok";
        assert_eq!(clean(text), text);
        assert_eq!(clean("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(clean("safe\u{202e}txt"), "safetxt");
    }
}
