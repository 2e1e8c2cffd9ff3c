//! Unicode folding: every way of typing the same character becomes one
//! character, so that `Ménière`, `MENIERE` and `Meniere` read alike, and so do
//! `0–3`, `0—3`, `0−3` and `0-3`, or `≤1` and `<=1`.
//!
//! Folding works character by character and remembers, for each folded
//! character, which character of the original text it came from, so that a
//! difference can be shown in the learner's own spelling.

/// Text after folding: lower case, no accents, ASCII punctuation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Folded {
    /// The folded characters.
    pub chars: Vec<char>,
    /// For each folded character, the index of the original character (in
    /// characters, not bytes) it came from.
    pub origin: Vec<usize>,
}

/// Folds `text` for comparison (see the module documentation).
pub(super) fn fold(text: &str) -> Folded {
    let mut chars = Vec::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (index, c) in text.chars().enumerate() {
        if c.is_ascii() {
            chars.push(if c.is_ascii_whitespace() {
                ' '
            } else {
                c.to_ascii_lowercase()
            });
            origin.push(index);
            continue;
        }
        for lower in c.to_lowercase() {
            let mut push = |s: &str| {
                for f in s.chars() {
                    chars.push(f);
                    origin.push(index);
                }
            };
            match fold_char(lower) {
                Fold::Keep => push(lower.encode_utf8(&mut [0; 4])),
                Fold::Drop => {}
                Fold::To(s) => push(s),
            }
        }
    }
    Folded { chars, origin }
}

/// What folding makes of one (already lower-cased) character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fold {
    /// The character stays as it is.
    Keep,
    /// The character is left out (a zero-width space, a combining accent).
    Drop,
    /// The character becomes this text.
    To(&'static str),
}

/// Folds one lower-case character by the rules below, in order.
fn fold_char(c: char) -> Fold {
    if c.is_ascii() {
        return if c.is_ascii_whitespace() {
            Fold::To(" ")
        } else {
            Fold::Keep
        };
    }
    if INVISIBLE.contains(&c) || is_combining_mark(c) {
        return Fold::Drop;
    }
    if DASHES.contains(&c) {
        return Fold::To("-");
    }
    if c.is_whitespace() {
        return Fold::To(" ");
    }
    if let Some(s) = symbol(c) {
        return Fold::To(s);
    }
    if let Some(s) = fullwidth(c) {
        return Fold::To(s);
    }
    accent(c).map_or(Fold::Keep, Fold::To)
}

/// Every dash, hyphen and minus sign people (or their keyboards) type between
/// two figures or two parts of a name; all read as `-`.
pub(super) const DASHES: &[char] = &[
    '\u{2010}', // ‐ hyphen
    '\u{2011}', // ‑ non-breaking hyphen
    '\u{2012}', // ‒ figure dash
    '\u{2013}', // – en dash
    '\u{2014}', // — em dash
    '\u{2015}', // ― horizontal bar
    '\u{2043}', // ⁃ hyphen bullet
    '\u{2212}', // − minus sign
    '\u{02D7}', // ˗ modifier minus
    '\u{2E3A}', // ⸺ two-em dash
    '\u{2E3B}', // ⸻ three-em dash
    '\u{FE58}', // ﹘ small em dash
    '\u{FE63}', // ﹣ small hyphen-minus
    '\u{FF0D}', // － fullwidth hyphen-minus
];

/// Characters that carry nothing: zero-width spaces and joiners, the soft
/// hyphen and the byte-order mark.
const INVISIBLE: &[char] = &[
    '\u{00AD}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}',
];

/// Combining accents (as in a decomposed `é`): dropped, leaving the letter.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Comparison signs, multiplication signs, quotes and other symbols, as the
/// ASCII a learner would type for them: `≤` is `<=`, `≥` is `>=`, `×` is `x`,
/// `≈` is `~`, curly quotes are straight, a middle dot (`0·6`, as the Lancet
/// prints decimals) is a full stop.
fn symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '≤' | '⩽' | '≦' => "<=",
        '≥' | '⩾' | '≧' => ">=",
        '≈' | '≃' | '≅' | '∼' | '〜' => "~",
        '×' | '✕' | '⨯' | '✖' => "x",
        '÷' | '⁄' | '∕' => "/",
        '‘' | '’' | '‚' | '‛' | '′' | '´' | '`' | 'ʼ' => "'",
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => "\"",
        '·' | '∙' | '⋅' => ".",
        '…' => "...",
        '﹪' => "%",
        '•' | '◦' | '‣' => " ",
        'µ' | 'μ' => "u",
        _ => return None,
    })
}

/// Fullwidth ASCII (`ＡＢＣ１２３％`, from East Asian keyboards) as plain ASCII.
fn fullwidth(c: char) -> Option<&'static str> {
    let code = u32::from(c);
    if !(0xFF01..=0xFF5E).contains(&code) {
        return None;
    }
    let ascii = u8::try_from(code - 0xFEE0).ok()?;
    let index = usize::from(ascii - b'!');
    PRINTABLE_ASCII.get(index..=index)
}

/// The printable ASCII characters from `!` on, for [`fullwidth`].
const PRINTABLE_ASCII: &str = "!\"#$%&'()*+,-./0123456789:;<=>?@abcdefghijklmnopqrstuvwxyz[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// A Latin letter with an accent (or a ligature) as the plain letters:
/// `é` is `e`, `ß` is `ss`, `æ` is `ae`. Covers Latin-1 and Latin Extended-A,
/// the accents of European names and drugs.
fn accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> String {
        fold(text).chars.into_iter().collect()
    }

    #[test]
    fn case_and_accents_fold_away() {
        assert_eq!(folded("Ménière's"), "meniere's");
        assert_eq!(folded("MENIERE"), "meniere");
        assert_eq!(folded("Götz Thomalla"), "gotz thomalla");
        assert_eq!(folded("Cataluña"), "cataluna");
        assert_eq!(folded("Straße"), "strasse");
        // A decomposed é (e + combining acute accent) folds the same way.
        assert_eq!(folded("Me\u{301}nie\u{300}re"), "meniere");
        // Different letters stay different.
        assert_ne!(folded("alteplase"), folded("altéplasé x"));
    }

    #[test]
    fn every_dash_and_minus_is_a_hyphen() {
        for dash in ["-", "–", "—", "−", "‐", "‑", "‒", "﹣", "－"] {
            assert_eq!(folded(&format!("0{dash}3")), "0-3", "{dash:?}");
        }
    }

    #[test]
    fn signs_and_quotes_become_ascii() {
        assert_eq!(folded("≤1"), "<=1");
        assert_eq!(folded("≥ 6"), ">= 6");
        assert_eq!(folded("2×"), "2x");
        assert_eq!(folded("≈6"), "~6");
        assert_eq!(folded("‘PROBE’ “design”"), "'probe' \"design\"");
        assert_eq!(folded("0·6"), "0.6");
        assert_eq!(folded("ＳＥＬＥＣＴ２ ３１％"), "select2 31%");
        assert_eq!(folded("6\u{a0}h\u{200b}"), "6 h");
        assert_eq!(folded("\t6\nh"), " 6 h");
    }

    #[test]
    fn origins_point_back_into_the_original_text() {
        let f = fold("Æx\u{301}");
        assert_eq!(f.chars, vec!['a', 'e', 'x']);
        assert_eq!(f.origin, vec![0, 0, 1]);
    }
}
