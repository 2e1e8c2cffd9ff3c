//! Reading numbers the way clinicians type them: `.6`, `0,6`, `1,362`, `six`,
//! `IIa`, a unit glued on or spelled out (`6h`, `6 hrs`, `6 hours`), and the
//! labels people put in front (`P =`, `n =`, `NNT`, `about`).

/// Reads the number that starts at `chars[start]` (a digit, or a `.` before a
/// digit) and returns its value and the index just past it.
///
/// The rules, in order:
/// - [leading dot](LEADING_DOT): `.6` is 0.6;
/// - [thousands separator](is_thousands_group): `1,362` is 1362;
/// - [decimal comma or point](DECIMAL_MARKS): `0,6` and `0.6` are 0.6.
pub(super) fn scan(chars: &[char], start: usize) -> (f64, usize) {
    let digits_from = |from: usize| {
        let mut end = from;
        while chars.get(end).is_some_and(char::is_ascii_digit) {
            end += 1;
        }
        end
    };
    let mut text = String::new();
    let mut i = start;
    if chars.get(i) == Some(&LEADING_DOT) {
        let end = digits_from(i + 1);
        text.push_str("0.");
        text.extend(&chars[i + 1..end]);
        return (parse(&text), end);
    }
    let end = digits_from(i);
    text.extend(&chars[i..end]);
    i = end;
    let first_group = text.clone();
    let mut grouped = false;
    while is_thousands_group(chars, i, &first_group) {
        text.extend(&chars[i + 1..i + 4]);
        i += 4;
        grouped = true;
    }
    let decimal = chars
        .get(i)
        .is_some_and(|c| DECIMAL_MARKS.contains(c) && (*c == '.' || !grouped));
    if decimal && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
        let end = digits_from(i + 1);
        text.push('.');
        text.extend(&chars[i + 1..end]);
        i = end;
    }
    (parse(&text), i)
}

/// A number may start with its decimal point: `.6` and `P=.002`.
pub(super) const LEADING_DOT: char = '.';

/// Both marks people use for the decimal point: `0.6` and `0,6`.
const DECIMAL_MARKS: &[char] = &['.', ','];

/// Whether the comma at `chars[at]` separates thousands: it is followed by
/// exactly three digits (then no further digit), and the digits before it are
/// one to three with no leading zero. So `1,362` is 1362 and `12,345,678`
/// is 12345678, while `0,600`, `2,43` and `1,3625` have a decimal comma.
fn is_thousands_group(chars: &[char], at: usize, first_group: &str) -> bool {
    chars.get(at) == Some(&',')
        && (1..=3).contains(&first_group.len())
        && !first_group.starts_with('0')
        && (at + 1..at + 4).all(|k| chars.get(k).is_some_and(char::is_ascii_digit))
        && !chars.get(at + 4).is_some_and(char::is_ascii_digit)
}

/// Parses digits with at most one `.`; such text is always a number, but a
/// very long one may be infinite.
fn parse(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

/// Number words a resident might type instead of digits (`none` for 0), up
/// to twenty, and the tens beyond it (a tens word followed by a unit word, `twenty-four`,
/// is joined by the tokeniser).
pub(super) fn number_word(word: &str) -> Option<f64> {
    let n = match word {
        "zero" | "nil" | "none" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    };
    Some(f64::from(n))
}

/// A Roman class or phase number, as `(number, letter)`: `I` is (1, None),
/// `IIa` is (2, Some('a')), `III` is (3, None).
pub(super) fn roman(word: &str) -> Option<(u32, Option<char>)> {
    let (numeral, letter) = match word.char_indices().last() {
        Some((i, c @ ('a' | 'b' | 'c'))) if i > 0 => (&word[..i], Some(c)),
        _ => (word, None),
    };
    let n = match numeral {
        "i" => 1,
        "ii" => 2,
        "iii" => 3,
        "iv" => 4,
        "v" => 5,
        _ => return None,
    };
    Some((n, letter))
}

/// Roman numerals that can only be numbers wherever they stand: `II`, `III`
/// and the class grades `IIa`, `IIb` (`SELECT II`, `ECASS III`, `Class IIa`).
/// `I`, `IV` and `V` are also a pronoun, "intravenous" and an initial, so they
/// count as numbers only after a [class word](CLASS_WORDS) or as a whole
/// answer to a number.
pub(super) fn unambiguous_roman(word: &str) -> bool {
    matches!(word, "ii" | "iii" | "iia" | "iib" | "iiia" | "iiib")
}

/// Words after which a number (Arabic or Roman) grades a class, a phase or a
/// level rather than naming something: `Class I`, `phase III`, `grade 2`.
pub(super) const CLASS_WORDS: &[&str] = &[
    "class", "phase", "grade", "type", "stage", "level", "part", "tier", "category", "loe",
];

/// What a unit measures; units of the same dimension convert into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dimension {
    /// Minutes, hours, days, weeks, months, years.
    Time,
    /// Percent and percentage points.
    Share,
    /// Points on a scale.
    Score,
    /// `pts`: patients or points, as the card means.
    Pts,
    /// Milligrams per kilogram.
    Dose,
    /// Micrograms, milligrams, grams.
    Mass,
    /// Millilitres.
    Volume,
    /// Patients, people, participants.
    People,
    /// Centres, hospitals, sites.
    Sites,
    /// A multiple: `2x`, `2 times`.
    Times,
}

/// A unit: what it measures and its size in that dimension's base (minutes,
/// percent, milligrams, millilitres; 1 for counts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Unit {
    /// What it measures.
    pub dimension: Dimension,
    /// How many base units one of it is.
    pub size: f64,
}

impl Unit {
    /// Whether values in `self` and `other` can be compared.
    pub fn compatible(self, other: Unit) -> bool {
        use Dimension::*;
        self.dimension == other.dimension
            || matches!(
                (self.dimension, other.dimension),
                (Share, Score) | (Score, Share) | (Pts, People | Score) | (People | Score, Pts)
            )
    }

    /// `value` in `self` expressed in `other` (only for compatible units).
    pub fn convert(self, value: f64, other: Unit) -> f64 {
        if self.dimension == other.dimension {
            value * self.size / other.size
        } else {
            value
        }
    }
}

/// Units written as one word, with every spelling and abbreviation a
/// resident types: `h`/`hr`/`hrs`/`hour`/`hours`, `d`/`days`, `min`/`minutes`,
/// `mL`/`ml`, `%`/`percent`, `mg`/`milligrams`, `patients`, `centres`. Months count as 30
/// days and years as 365, as trials report "90 days (3 months)".
pub(super) fn unit_word(word: &str) -> Option<Unit> {
    use Dimension::*;
    const MINUTE: f64 = 1.0;
    const HOUR: f64 = 60.0;
    const DAY: f64 = 24.0 * HOUR;
    let (dimension, size) = match word {
        "sec" | "secs" | "second" | "seconds" => (Time, MINUTE / 60.0),
        "min" | "mins" | "minute" | "minutes" => (Time, MINUTE),
        "h" | "hr" | "hrs" | "hour" | "hours" => (Time, HOUR),
        "d" | "day" | "days" => (Time, DAY),
        "wk" | "wks" | "week" | "weeks" => (Time, 7.0 * DAY),
        "mo" | "mos" | "month" | "months" => (Time, 30.0 * DAY),
        "y" | "yr" | "yrs" | "year" | "years" | "yo" => (Time, 365.0 * DAY),
        "percent" | "pct" | "pc" | "pp" | "ppt" => (Share, 1.0),
        "point" | "points" => (Score, 1.0),
        "pt" | "pts" => (Pts, 1.0),
        "mcg" | "ug" | "microgram" | "micrograms" => (Mass, 0.001),
        "mg" | "milligram" | "milligrams" => (Mass, 1.0),
        "g" | "gram" | "grams" => (Mass, 1000.0),
        "ml" | "mls" | "cc" | "millilitre" | "millilitres" | "milliliter" | "milliliters" => {
            (Volume, 1.0)
        }
        "patient" | "patients" | "people" | "person" | "persons" | "participant"
        | "participants" | "subject" | "subjects" | "individual" | "individuals" => (People, 1.0),
        "centre" | "centres" | "center" | "centers" | "site" | "sites" | "hospital"
        | "hospitals" | "institution" | "institutions" => (Sites, 1.0),
        "x" | "times" | "fold" => (Times, 1.0),
        _ => return None,
    };
    Some(Unit { dimension, size })
}

/// The percent sign as a unit.
pub(super) const PERCENT: Unit = Unit {
    dimension: Dimension::Share,
    size: 1.0,
};

/// Milligrams per kilogram, the unit of alteplase doses.
pub(super) const MG_PER_KG: Unit = Unit {
    dimension: Dimension::Dose,
    size: 1.0,
};

/// Units written as several words (after the number): `per cent`,
/// `percentage points`, `% points`, `mg per kg`. `%` stands for the percent
/// sign and `/` for a slash.
pub(super) const UNIT_PHRASES: &[(&[&str], Unit)] = &[
    (&["percentage", "points"], PERCENT),
    (&["percentage", "point"], PERCENT),
    (&["percent", "points"], PERCENT),
    (&["percent", "point"], PERCENT),
    (&["%", "points"], PERCENT),
    (&["%", "point"], PERCENT),
    (&["per", "cent"], PERCENT),
    (&["%"], PERCENT),
    (&["mg", "/", "kg"], MG_PER_KG),
    (&["mg", "per", "kg"], MG_PER_KG),
    (&["mg", "kg"], MG_PER_KG),
    (&["mgkg"], MG_PER_KG),
];

/// Time units that may also stand before the number: `day 90`, `hour 24`.
pub(super) const LEADING_UNITS: &[&str] = &["day", "hour", "week", "month"];

/// Labels that may stand before any figure without changing it: `P =`,
/// `n =`, `about 6`, `~6`, `approximately`, `≈` (folded to `~`).
pub(super) const GENERIC_LABELS: &[&str] = &[
    "p",
    "n",
    "about",
    "approximately",
    "approx",
    "around",
    "roughly",
    "circa",
    "ca",
    "nearly",
    "almost",
    "estimated",
    "some",
    "total",
    "value",
];

/// Labels that name an effect measure (`NNT 5.5`, `RR 2.43`, `OR 1.7`,
/// `HR 0.67`). In a numeric card they only restate the question; elsewhere
/// they are part of the answer, since RR 2.43 is not OR 2.43.
pub(super) const MEASURE_LABELS: &[&str] = &[
    "nnt",
    "nnh",
    "rr",
    "arr",
    "rrr",
    "oddsratio",
    "hazardratio",
    "aor",
    "cor",
    "acor",
    "gor",
    "ci",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (f64, usize) {
        let chars: Vec<char> = text.chars().collect();
        scan(&chars, 0)
    }

    #[test]
    fn leading_dot_decimal_comma_and_thousands() {
        assert_eq!(read(".6"), (0.6, 2));
        assert_eq!(read(".002"), (0.002, 4));
        assert_eq!(read("0,6"), (0.6, 3));
        assert_eq!(read("2,43"), (2.43, 4));
        assert_eq!(read("31.0%"), (31.0, 4));
        assert_eq!(read("1,362"), (1362.0, 5));
        assert_eq!(read("12,345,678"), (12_345_678.0, 10));
        assert_eq!(read("1,362.5"), (1362.5, 7));
        // Not thousands: a leading zero, four digits, or two.
        assert_eq!(read("0,600"), (0.6, 5));
        assert_eq!(read("0,002"), (0.002, 5));
        assert_eq!(read("1,3625"), (1.3625, 6));
        assert_eq!(read("1234,567"), (1234.567, 8));
        // A comma after a thousands group does not start a decimal part.
        assert_eq!(read("1,362,5"), (1362.0, 5));
        // A trailing mark is not part of the number.
        assert_eq!(read("3."), (3.0, 1));
        assert_eq!(read("3, 4"), (3.0, 1));
        assert!(read(&"9".repeat(400)).0.is_infinite());
    }

    #[test]
    fn words_and_roman_numerals() {
        assert_eq!(number_word("six"), Some(6.0));
        assert_eq!(number_word("twenty"), Some(20.0));
        assert_eq!(number_word("sixes"), None);
        assert_eq!(roman("i"), Some((1, None)));
        assert_eq!(roman("iia"), Some((2, Some('a'))));
        assert_eq!(roman("iib"), Some((2, Some('b'))));
        assert_eq!(roman("iii"), Some((3, None)));
        assert_eq!(roman("a"), None);
        assert_eq!(roman("ix"), None);
        assert!(unambiguous_roman("iii") && !unambiguous_roman("iv") && !unambiguous_roman("i"));
    }

    #[test]
    fn units_convert_within_their_dimension() {
        let h = unit_word("hrs").unwrap();
        let min = unit_word("minutes").unwrap();
        let d = unit_word("d").unwrap();
        let months = unit_word("months").unwrap();
        assert!(h.compatible(min));
        assert_eq!(h.convert(1.5, min), 90.0);
        assert_eq!(months.convert(3.0, d), 90.0);
        let mg = unit_word("mg").unwrap();
        assert!(!mg.compatible(MG_PER_KG));
        assert_eq!(unit_word("milligrams"), Some(mg));
        assert_eq!(unit_word("micrograms").unwrap().convert(900.0, mg), 0.9);
        assert!(!h.compatible(unit_word("patients").unwrap()));
        assert!(PERCENT.compatible(unit_word("points").unwrap()));
        assert!(
            unit_word("pts")
                .unwrap()
                .compatible(unit_word("patients").unwrap())
        );
        assert_eq!(
            unit_word("hospitals").unwrap(),
            unit_word("centres").unwrap()
        );
        assert_eq!(unit_word("alteplase"), None);
    }
}
