//! Review histories in the CSV layout of the FSRS project's own tools and
//! test data: `card_id,review_rating,review_time,review_duration`, ratings 1
//! to 4, ISO 8601 times with an offset, durations in milliseconds.

use std::fmt;
use std::io::{self, Read, Write};
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::fmt::temporal::Pieces;
use jiff::tz::{Offset, TimeZone};

use crate::engine::schedule::{DayClock, Rating};

/// The columns, in the order this module writes them.
pub const COLUMNS: [&str; 4] = ["card_id", "review_rating", "review_time", "review_duration"];

/// One review of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The 1-based line of the file it came from (0 for rows made in memory).
    pub line: u64,
    /// The card reviewed.
    pub card_id: i64,
    /// The rating given.
    pub rating: Rating,
    /// When.
    pub time: Timestamp,
    /// The reviewer's UTC offset at the time, which places the review in their day.
    pub offset: Offset,
    /// Time taken, in milliseconds.
    pub duration_ms: u64,
}

impl Row {
    /// The study day of the review: the reviewer's local date, rolling over
    /// at 4 a.m. as everywhere in trialdrill.
    pub fn study_day(&self) -> Date {
        DayClock::in_zone(TimeZone::fixed(self.offset)).day_of(self.time)
    }
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The 1-based line.
    pub line: u64,
    /// What is wrong, and with which column.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The readable rows of a file, and the problems with the others.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Rows read, in file order.
    pub rows: Vec<Row>,
    /// Rows skipped, with why.
    pub problems: Vec<Problem>,
}

/// Why a file cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum RevlogError {
    /// The header lacks a column.
    #[error(
        "line 1: the header has no `{0}` column; a review history needs the columns card_id,review_rating,review_time,review_duration"
    )]
    MissingColumn(&'static str),
    /// The file could not be read.
    #[error("{0}")]
    Read(String),
}

/// Reads a review history. Malformed rows become [`Problem`]s and the rest
/// are still read; only an unreadable file or header is an error.
pub fn parse(reader: impl Read) -> Result<Parsed, RevlogError> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let header = csv
        .headers()
        .map_err(|e| RevlogError::Read(e.to_string()))?
        .clone();
    let mut index = [0; 4];
    for (slot, name) in index.iter_mut().zip(COLUMNS) {
        *slot = header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
            .ok_or(RevlogError::MissingColumn(name))?;
    }
    let mut parsed = Parsed::default();
    let mut record = csv::StringRecord::new();
    loop {
        let line = csv.position().line();
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => match row(&record, index, line) {
                Ok(row) => parsed.rows.push(row),
                Err(message) => parsed.problems.push(Problem { line, message }),
            },
            // Bad UTF-8 spoils one record; the reader carries on after it.
            Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
                parsed.problems.push(Problem {
                    line,
                    message: "not valid UTF-8 text".into(),
                });
            }
            Err(e) => return Err(RevlogError::Read(format!("line {line}: {e}"))),
        }
    }
    Ok(parsed)
}

/// One record as a row, or what is wrong with it.
fn row(record: &csv::StringRecord, index: [usize; 4], line: u64) -> Result<Row, String> {
    let field = |i: usize| {
        record
            .get(index[i])
            .filter(|f| !f.is_empty())
            .ok_or(format!("no {}", COLUMNS[i]))
    };
    let card = field(0)?;
    let card_id = card.parse::<i64>().map_err(|_| {
        format!(
            "card_id `{}` is not a whole number",
            crate::ui::sanitize::clean(card)
        )
    })?;
    let rating = field(1)?;
    let rating = rating
        .parse::<u8>()
        .ok()
        .and_then(|n| Rating::try_from(n).ok())
        .ok_or(format!(
            "review_rating `{}` is not 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)",
            crate::ui::sanitize::clean(rating)
        ))?;
    let when = field(2)?;
    let (time, offset) = time(when).ok_or(format!(
        "review_time `{}` is not an ISO 8601 time with an offset, such as 2024-03-29T20:32:32+00:00",
        crate::ui::sanitize::clean(when)
    ))?;
    let duration = field(3)?;
    let duration_ms = duration
        .parse::<f64>()
        .ok()
        .filter(|d| d.is_finite() && *d >= 0.0)
        .ok_or(format!(
            "review_duration `{}` is not a number of milliseconds",
            crate::ui::sanitize::clean(duration)
        ))?;
    Ok(Row {
        line,
        card_id,
        rating,
        time,
        offset,
        duration_ms: duration_ms.round() as u64,
    })
}

/// The instant and the offset of an ISO 8601 time; `Z` counts as UTC.
fn time(text: &str) -> Option<(Timestamp, Offset)> {
    let time = Timestamp::from_str(text).ok()?;
    let offset = Pieces::parse(text).ok()?.to_numeric_offset()?;
    Some((time, offset))
}

/// Writes `rows` in the same layout, for tests and generated histories.
pub fn write(rows: &[Row], writer: impl Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(COLUMNS)?;
    for r in rows {
        let local = r.time.to_zoned_datetime(TimeZone::fixed(r.offset));
        csv.write_record([
            r.card_id.to_string(),
            u8::from(r.rating).to_string(),
            local.strftime("%Y-%m-%dT%H:%M:%S%.f%:z").to_string(),
            r.duration_ms.to_string(),
        ])?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const SAMPLE: &str = "card_id,review_rating,review_time,review_duration\n\
        1711684180217,1,2024-03-29T20:32:32.250000+00:00,25060\n\
        1711684180217,3,2024-03-30T03:59:59+00:00,7241\n\
        42,4,2024-03-30T05:00:00+09:00,1500\n";

    #[test]
    fn rows_keep_card_rating_time_and_duration() {
        let parsed = parse(SAMPLE.as_bytes()).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let r = &parsed.rows;
        assert_eq!(r.len(), 3);
        assert_eq!(
            (r[0].line, r[0].card_id, r[0].rating),
            (2, 1711684180217, Rating::Again)
        );
        assert_eq!(r[0].time, "2024-03-29T20:32:32.25Z".parse().unwrap());
        assert_eq!(r[0].duration_ms, 25060);
        assert_eq!(r[2].offset, Offset::constant(9));
        assert_eq!(r[2].rating, Rating::Easy);
    }

    #[test]
    fn study_days_roll_over_at_four_in_the_reviewers_own_time() {
        let r = parse(SAMPLE.as_bytes()).unwrap().rows;
        // 03:59 UTC still belongs to the day before.
        assert_eq!(r[1].study_day(), date(2024, 3, 29));
        // 05:00 in Tokyo is 20:00 UTC the day before, but the Tokyo day counts.
        assert_eq!(r[2].study_day(), date(2024, 3, 30));
    }

    #[test]
    fn malformed_rows_are_reported_by_line_and_the_rest_read() {
        let text = "review_time,card_id,review_rating,review_duration,extra\n\
            2024-03-29T20:32:32+00:00,1,3,1000,x\n\
            2024-03-29T20:32:32+00:00,1,5,1000,x\n\
            2024-03-29 20:32,2,3,1000,x\n\
            2024-03-29T20:32:32+00:00,abc,3,1000,x\n\
            2024-03-29T20:32:32+00:00,3,3\n\
            \"2024-03-30T20:32:32+00:00\",4,2,-5,x\n\
            2024-03-30T20:32:32-05:00,5,2,900.4,x\n";
        let parsed = parse(text.as_bytes()).unwrap();
        let lines: Vec<u64> = parsed.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7]);
        let messages: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
        assert!(
            messages[0].contains("line 3: review_rating `5`"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("review_time `2024-03-29 20:32`"),
            "{messages:?}"
        );
        assert!(messages[2].contains("card_id `abc`"), "{messages:?}");
        assert!(messages[3].contains("no review_duration"), "{messages:?}");
        assert!(messages[4].contains("review_duration `-5`"), "{messages:?}");
        let cards: Vec<i64> = parsed.rows.iter().map(|r| r.card_id).collect();
        assert_eq!(cards, [1, 5]);
        assert_eq!(parsed.rows[1].duration_ms, 900);
    }

    #[test]
    fn a_byte_order_mark_before_the_header_is_accepted() {
        let parsed = parse(format!("\u{feff}{SAMPLE}").as_bytes()).unwrap();
        assert_eq!(parsed.rows.len(), 3);
    }

    #[test]
    fn a_header_without_a_needed_column_is_refused() {
        let err = parse("card_id,review_rating,review_time\n1,3,2024-01-01T00:00:00Z\n".as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains("no `review_duration` column"), "{err}");
    }

    #[test]
    fn written_rows_read_back_the_same() {
        let rows = parse(SAMPLE.as_bytes()).unwrap().rows;
        let mut out = Vec::new();
        write(&rows, &mut out).unwrap();
        let again = parse(out.as_slice()).unwrap().rows;
        assert_eq!(again, rows);
    }
}
