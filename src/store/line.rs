//! One event as one line of the log: the compact form written since format
//! 3, and the long form of formats 1 and 2, which is still read.
//!
//! The compact form is a JSON object whose first key names the event and
//! holds its id; the other keys are short and stable:
//!
//! | event | keys |
//! |---|---|
//! | review | `r` id, `k` deck, `c` card, `d` study day, in days from 1970-01-01, `t` time, `g` rating (1-4), `o` right (1) or wrong (0), absent when self-rated, `a` answer, absent when empty, `s` seconds, `x` 1 when overruled, absent otherwise, `i` due day minus study day, in days, `v` device, absent when it is the header's |
//! | undo | `undo` id, `of` the id of the review taken back, `t` time |
//! | session | `session` id, `b` started, `t` ended, `answered`, `correct`, `graded` |
//! | exam | `exam`: the exam record, as in the long form |
//!
//! A review's `t` counts milliseconds from 00:00 UTC of its study day; every
//! other `t` and `b` counts milliseconds from 1970-01-01T00:00Z. A time that
//! is not a whole millisecond (only in logs written before format 3) is an
//! RFC 3339 string instead. An id of 32 lowercase hex digits (every id this
//! build makes) is written as its 128 bits in 22 characters of URL-safe
//! base64; any other id is written as `=` and the id.
//!
//! Reading takes the first key apart from the rest without serde's buffered
//! content path: one flat struct of optional fields, then the event its key
//! names. A line of the long form (`{"type":...}`) goes to the long form's
//! reader.

use std::borrow::Cow;
use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use super::{Event, ExamRecord, Review, SessionRecord};
use crate::engine::schedule::Rating;

/// Writes `event` as one line (its newline included) onto `out`, leaving out
/// a review's device when it is `device`, the header's.
pub fn encode(out: &mut Vec<u8>, device: &str, event: &Event) -> serde_json::Result<()> {
    match event {
        Event::Review(r) => serde_json::to_writer(&mut *out, &ReviewOut::new(r, device)),
        Event::Undo { id, undoes, time } => serde_json::to_writer(
            &mut *out,
            &UndoOut {
                undo: IdOut(id),
                of: IdOut(undoes),
                t: TimeOut::absolute(*time),
            },
        ),
        Event::Session(s) => serde_json::to_writer(
            &mut *out,
            &SessionOut {
                session: IdOut(&s.id),
                b: TimeOut::absolute(s.started),
                t: TimeOut::absolute(s.ended),
                answered: s.answered,
                correct: s.correct,
                graded: s.graded,
            },
        ),
        Event::Exam(exam) => serde_json::to_writer(&mut *out, &ExamOut { exam }),
    }?;
    out.push(b'\n');
    Ok(())
}

/// Reads one line (without its newline) in either form; a review without a
/// device of its own gets `device`, the header's.
pub fn decode(line: &[u8], device: &str) -> Result<Event, String> {
    if line.starts_with(b"{\"type\":") {
        return long_form(line);
    }
    let wire: Wire = serde_json::from_slice(line).map_err(|e| e.to_string())?;
    match wire.event(device) {
        Ok(event) => event,
        // A long-form line spaced otherwise than trialdrill wrote it.
        Err(Unnamed) => long_form(line),
    }
}

/// A line of the long form: `{"type":"review",...}`.
fn long_form(line: &[u8]) -> Result<Event, String> {
    serde_json::from_slice::<Event>(line).map_err(|e| e.to_string())
}

/// A compact line whose first key names no event.
struct Unnamed;

/// Every key of a compact line, each optional; which are needed depends on
/// the event the line's first key names.
#[derive(Deserialize)]
struct Wire<'a> {
    #[serde(borrow)]
    r: Option<Cow<'a, str>>,
    #[serde(borrow)]
    undo: Option<Cow<'a, str>>,
    #[serde(borrow)]
    session: Option<Cow<'a, str>>,
    exam: Option<ExamRecord>,
    k: Option<String>,
    c: Option<String>,
    d: Option<i64>,
    t: Option<TimeIn>,
    b: Option<TimeIn>,
    g: Option<Rating>,
    o: Option<u8>,
    a: Option<String>,
    s: Option<f64>,
    x: Option<u8>,
    i: Option<i64>,
    v: Option<String>,
    #[serde(borrow)]
    of: Option<Cow<'a, str>>,
    answered: Option<u32>,
    correct: Option<u32>,
    graded: Option<u32>,
}

/// The message for a key an event needs but its line lacks.
fn missing(event: &str, key: &str) -> String {
    format!("a {event} line without its `{key}`")
}

impl Wire<'_> {
    /// The event the line names, or `Err(Unnamed)` when it names none.
    fn event(self, device: &str) -> Result<Result<Event, String>, Unnamed> {
        let named = [
            self.r.is_some(),
            self.undo.is_some(),
            self.session.is_some(),
            self.exam.is_some(),
        ];
        Ok(match named.iter().filter(|&&n| n).count() {
            0 => return Err(Unnamed),
            1 => self.named(device),
            _ => Err("a line naming two events (two of `r`, `undo`, `session`, `exam`)".into()),
        })
    }

    fn named(self, device: &str) -> Result<Event, String> {
        if let Some(id) = self.r {
            let need = |key| missing("review", key);
            let number = self.d.ok_or_else(|| need("d"))?;
            let day = from_day_number(number)
                .ok_or_else(|| format!("`d` {number} is a day outside the calendar"))?;
            let days = self.i.ok_or_else(|| need("i"))?;
            let due = day_number(day)
                .checked_add(days)
                .and_then(from_day_number)
                .ok_or_else(|| format!("`i` {days} puts the due day outside the calendar"))?;
            let time = self.t.ok_or_else(|| need("t"))?.resolve(day_number(day))?;
            return Ok(Event::Review(Review {
                id: id_in(&id)?,
                device: self.v.unwrap_or_else(|| device.to_string()),
                deck: self.k.ok_or_else(|| need("k"))?,
                card: self.c.ok_or_else(|| need("c"))?,
                time,
                day,
                rating: self.g.ok_or_else(|| need("g"))?,
                correct: match self.o {
                    None => None,
                    Some(0) => Some(false),
                    Some(1) => Some(true),
                    Some(n) => return Err(format!("`o` is {n}, not 0 or 1")),
                },
                answer: self.a.unwrap_or_default(),
                seconds: self.s.ok_or_else(|| need("s"))?,
                overruled: match self.x {
                    None | Some(0) => false,
                    Some(1) => true,
                    Some(n) => return Err(format!("`x` is {n}, not 1")),
                },
                due,
            }));
        }
        if let Some(id) = self.undo {
            let need = |key| missing("undo", key);
            return Ok(Event::Undo {
                id: id_in(&id)?,
                undoes: id_in(&self.of.ok_or_else(|| need("of"))?)?,
                time: self.t.ok_or_else(|| need("t"))?.resolve(0)?,
            });
        }
        if let Some(id) = self.session {
            let need = |key| missing("session", key);
            return Ok(Event::Session(SessionRecord {
                id: id_in(&id)?,
                started: self.b.ok_or_else(|| need("b"))?.resolve(0)?,
                ended: self.t.ok_or_else(|| need("t"))?.resolve(0)?,
                answered: self.answered.ok_or_else(|| need("answered"))?,
                correct: self.correct.ok_or_else(|| need("correct"))?,
                graded: self.graded.ok_or_else(|| need("graded"))?,
            }));
        }
        match self.exam {
            Some(exam) => Ok(Event::Exam(exam)),
            None => Err("a line naming no event".into()),
        }
    }
}

/// A review, borrowed, in the compact form.
#[derive(Serialize)]
struct ReviewOut<'a> {
    r: IdOut<'a>,
    k: &'a str,
    c: &'a str,
    d: i64,
    t: TimeOut,
    g: Rating,
    #[serde(skip_serializing_if = "Option::is_none")]
    o: Option<u8>,
    #[serde(skip_serializing_if = "str::is_empty")]
    a: &'a str,
    s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<u8>,
    i: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<&'a str>,
}

impl<'a> ReviewOut<'a> {
    fn new(r: &'a Review, device: &str) -> ReviewOut<'a> {
        let day = day_number(r.day);
        ReviewOut {
            r: IdOut(&r.id),
            k: &r.deck,
            c: &r.card,
            d: day,
            t: TimeOut::after(r.time, day),
            g: r.rating,
            o: r.correct.map(u8::from),
            a: &r.answer,
            s: r.seconds,
            x: r.overruled.then_some(1),
            i: day_number(r.due) - day,
            v: (r.device != device).then_some(r.device.as_str()),
        }
    }
}

/// An undo, borrowed, in the compact form.
#[derive(Serialize)]
struct UndoOut<'a> {
    undo: IdOut<'a>,
    of: IdOut<'a>,
    t: TimeOut,
}

/// A session's score, borrowed, in the compact form.
#[derive(Serialize)]
struct SessionOut<'a> {
    session: IdOut<'a>,
    b: TimeOut,
    t: TimeOut,
    answered: u32,
    correct: u32,
    graded: u32,
}

/// An exam, borrowed: the record in the long form, under its key.
#[derive(Serialize)]
struct ExamOut<'a> {
    exam: &'a ExamRecord,
}

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// A time as written: whole milliseconds from an origin, or an exact time.
enum TimeOut {
    Millis(i64),
    Exact(Timestamp),
}

impl TimeOut {
    /// `time` counted from 1970-01-01T00:00Z.
    fn absolute(time: Timestamp) -> TimeOut {
        TimeOut::after(time, 0)
    }

    /// `time` counted from 00:00 UTC of the day numbered `day`.
    fn after(time: Timestamp, day: i64) -> TimeOut {
        if time.subsec_nanosecond() % 1_000_000 == 0 {
            TimeOut::Millis(time.as_millisecond() - day * DAY_MS)
        } else {
            TimeOut::Exact(time)
        }
    }
}

impl Serialize for TimeOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TimeOut::Millis(ms) => s.serialize_i64(*ms),
            TimeOut::Exact(time) => s.collect_str(time),
        }
    }
}

/// A time as read: a number of milliseconds or an RFC 3339 string.
enum TimeIn {
    Millis(i64),
    Exact(Timestamp),
}

impl TimeIn {
    /// The time, counting milliseconds from 00:00 UTC of the day numbered
    /// `day`.
    fn resolve(self, day: i64) -> Result<Timestamp, String> {
        match self {
            TimeIn::Exact(time) => Ok(time),
            TimeIn::Millis(ms) => day
                .checked_mul(DAY_MS)
                .and_then(|origin| origin.checked_add(ms))
                .and_then(|ms| Timestamp::from_millisecond(ms).ok())
                .ok_or_else(|| format!("the time {ms} is out of range")),
        }
    }
}

impl<'de> Deserialize<'de> for TimeIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TimeIn, D::Error> {
        struct Expect;
        impl Visitor<'_> for Expect {
            type Value = TimeIn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("milliseconds or an RFC 3339 time")
            }
            fn visit_i64<E: de::Error>(self, ms: i64) -> Result<TimeIn, E> {
                Ok(TimeIn::Millis(ms))
            }
            fn visit_u64<E: de::Error>(self, ms: u64) -> Result<TimeIn, E> {
                i64::try_from(ms)
                    .map(TimeIn::Millis)
                    .map_err(|_| E::custom("the time is out of range"))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<TimeIn, E> {
                text.parse()
                    .map(TimeIn::Exact)
                    .map_err(|e| E::custom(format_args!("{text:?} is not an RFC 3339 time ({e})")))
            }
        }
        d.deserialize_any(Expect)
    }
}

/// An id as written: 128 bits in base64 when it is 32 lowercase hex digits,
/// else `=` and the id.
struct IdOut<'a>(&'a str);

/// The URL-safe base64 alphabet.
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Characters of a 128-bit id in base64.
const ID_CHARS: usize = 22;

impl Serialize for IdOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match hex_bits(self.0) {
            Some(bits) => {
                let mut text = [0u8; ID_CHARS];
                for (i, c) in text.iter_mut().enumerate() {
                    let shift = 6 * (ID_CHARS - 1 - i);
                    *c = BASE64[(bits >> shift) as usize & 63];
                }
                // The alphabet is ASCII.
                s.serialize_str(std::str::from_utf8(&text).expect("base64 is ASCII"))
            }
            None => s.collect_str(&format_args!("={}", self.0)),
        }
    }
}

/// The 128 bits of `id` when it is exactly 32 lowercase hex digits.
fn hex_bits(id: &str) -> Option<u128> {
    let lower_hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
    if id.len() != 32 || !id.as_bytes().iter().all(lower_hex) {
        return None;
    }
    u128::from_str_radix(id, 16).ok()
}

/// An id read from a compact line.
fn id_in(text: &str) -> Result<String, String> {
    if let Some(literal) = text.strip_prefix('=') {
        return Ok(literal.to_string());
    }
    let bad = || format!("the id {text:?} is neither 22 characters of base64 nor `=` and an id");
    if text.len() != ID_CHARS {
        return Err(bad());
    }
    let mut bits: u128 = 0;
    for (i, &c) in text.as_bytes().iter().enumerate() {
        let value = u128::from(sextet(c).ok_or_else(bad)?);
        // 22 characters hold 132 bits; the first one carries only 2 of the 128.
        if i == 0 && value > 3 {
            return Err(bad());
        }
        bits = bits << 6 | value;
    }
    Ok(format!("{bits:032x}"))
}

/// The value of one base64 character.
fn sextet(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    })
}

/// Days from 1970-01-01 to `day` (negative before it).
fn day_number(day: Date) -> i64 {
    // Howard Hinnant's days_from_civil, in whole years from March.
    let (m, d) = (i64::from(day.month()), i64::from(day.day()));
    let y = i64::from(day.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The day `number` days after 1970-01-01, if the calendar holds it.
fn from_day_number(number: i64) -> Option<Date> {
    // Howard Hinnant's civil_from_days.
    let z = number.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = year_of_era + era * 400 + i64::from(m <= 2);
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ExamQuestion, new_id};
    use proptest::prelude::*;

    fn round_trip(event: &Event, device: &str) -> Event {
        let mut line = Vec::new();
        encode(&mut line, device, event).unwrap();
        assert_eq!(line.pop(), Some(b'\n'));
        assert!(!line.contains(&b'\n'), "one line");
        decode(&line, device).unwrap()
    }

    fn day() -> impl Strategy<Value = Date> {
        (-9999i16..=9999, 1i8..=12, 1i8..=31).prop_map(|(y, m, d)| {
            let last = Date::new(y, m, 1).unwrap().days_in_month();
            Date::new(y, m, d.min(last)).unwrap()
        })
    }

    fn time() -> impl Strategy<Value = Timestamp> {
        let (min, max) = (
            Timestamp::MIN.as_nanosecond(),
            Timestamp::MAX.as_nanosecond(),
        );
        prop_oneof![
            (min..=max).prop_map(|ns| Timestamp::from_nanosecond(ns).unwrap()),
            ((min / 1_000_000 + 1)..=(max / 1_000_000))
                .prop_map(|ms| Timestamp::from_millisecond(ms as i64).unwrap()),
        ]
    }

    fn id() -> impl Strategy<Value = String> {
        prop_oneof![any::<u128>().prop_map(|n| format!("{n:032x}")), ".*"]
    }

    /// Seconds as a clock gives them, to the microsecond: the JSON reader's
    /// default float parsing is exact for decimals this short.
    fn seconds() -> impl Strategy<Value = f64> {
        (0u64..100_000_000_000).prop_map(|us| us as f64 / 1e6)
    }

    fn rating() -> impl Strategy<Value = Rating> {
        prop::sample::select(Rating::ALL.to_vec())
    }

    prop_compose! {
        fn review()(
            id in id(), own in any::<bool>(), device in ".*", deck in ".*", card in ".*",
            time in time(), day in day(), due in day(), rating in rating(),
            correct in any::<Option<bool>>(), answer in ".*", seconds in seconds(),
            overruled in any::<bool>(),
        ) -> Event {
            Event::Review(Review {
                id,
                device: if own { "header".into() } else { device },
                deck, card, time, day, rating, correct, answer, seconds, overruled, due,
            })
        }
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            4 => review(),
            1 => (id(), id(), time()).prop_map(|(id, undoes, time)| Event::Undo { id, undoes, time }),
            1 => (id(), time(), time(), any::<(u32, u32, u32)>()).prop_map(
                |(id, started, ended, (answered, correct, graded))| {
                    Event::Session(SessionRecord { id, started, ended, answered, correct, graded })
                }
            ),
            1 => (id(), ".*", time(), day(), any::<u64>(), any::<Option<String>>()).prop_map(
                |(id, device, ended, day, seed, learner)| {
                    Event::Exam(ExamRecord {
                        id,
                        device,
                        started: ended,
                        ended,
                        day,
                        decks: vec!["mini".into()],
                        seed,
                        minutes: Some(5),
                        questions: vec![ExamQuestion {
                            deck: "mini".into(),
                            card: "colour".into(),
                            tags: vec![],
                            answer: None,
                            correct: false,
                            seconds: 2.5,
                            options: None,
                            picked: None,
                            overruled: false,
                        }],
                        correct: 0,
                        learner,
                    })
                }
            ),
        ]
    }

    proptest! {
        #[test]
        fn any_event_round_trips_through_the_compact_line(event in event()) {
            prop_assert_eq!(round_trip(&event, "header"), event);
        }

        #[test]
        fn day_numbers_count_days_as_the_calendar_does(day in day()) {
            let epoch = jiff::civil::date(1970, 1, 1);
            let expected = i64::from(epoch.until(day).unwrap().get_days());
            prop_assert_eq!(day_number(day), expected);
            prop_assert_eq!(from_day_number(expected), Some(day));
        }
    }

    /// A review as the benchmark's collection holds them.
    fn typical() -> Review {
        let day = jiff::civil::date(2026, 3, 14);
        Review {
            id: new_id(),
            device: "0123456789abcdef".into(),
            deck: "deck-07".into(),
            card: "c1234".into(),
            time: "2026-03-14T18:42:07.125Z".parse().unwrap(),
            answer: "true".into(),
            seconds: 4.2,
            due: jiff::civil::date(2026, 4, 2),
            ..Review::sample("c1234", day, Rating::Good)
        }
    }

    #[test]
    fn a_review_of_the_header_device_takes_at_most_120_bytes_and_names_no_device() {
        let review = typical();
        let mut line = Vec::new();
        encode(&mut line, &review.device, &Event::Review(review.clone())).unwrap();
        let text = String::from_utf8(line.clone()).unwrap();
        assert!(line.len() <= 120, "{} bytes: {text}", line.len());
        assert!(!text.contains(&review.device), "{text}");
        // Another device's review names it.
        let mut theirs = Vec::new();
        encode(&mut theirs, "elsewhere", &Event::Review(review.clone())).unwrap();
        let theirs = String::from_utf8(theirs).unwrap();
        assert!(theirs.contains("\"v\":\"0123456789abcdef\""), "{theirs}");
        assert_eq!(
            decode(theirs.trim_end().as_bytes(), "elsewhere").unwrap(),
            Event::Review(review)
        );
    }

    #[test]
    fn a_line_of_the_long_form_reads_with_its_own_device() {
        let line = br#"{"type":"review","id":"0f9c2d6e8a7b4c3d2e1f0a9b8c7d6e5f","device":"8e1f2a3b4c5d6e7f","deck":"rescue-japan-limit","card":"primary-endpoint","time":"2026-05-01T10:00:00.123456789Z","day":"2026-05-01","rating":3,"correct":true,"answer":"mRS 0-3","seconds":6.4,"due":"2026-05-04"}"#;
        let Event::Review(review) = decode(line, "header").unwrap() else {
            panic!("not a review");
        };
        assert_eq!(review.device, "8e1f2a3b4c5d6e7f");
        assert_eq!(review.time.subsec_nanosecond(), 123_456_789);
        // Rewritten compactly, it keeps every nanosecond.
        assert_eq!(
            round_trip(&Event::Review(review.clone()), "header"),
            Event::Review(review)
        );
    }

    #[test]
    fn a_damaged_compact_line_says_what_is_wrong() {
        let cases: [(&[u8], &str); 5] = [
            (
                br#"{"r":"AAAAAAAAAAAAAAAAAAAAAA","k":"d"}"#,
                "without its `d`",
            ),
            (
                br#"{"r":"short","k":"d","c":"c","d":1,"t":0,"g":3,"s":1,"i":0}"#,
                "neither 22 characters",
            ),
            (br#"{"r":"=a","undo":"=b"}"#, "two events"),
            (br#"{"undo":"=u","of":"=r","t":"noon"}"#, "RFC 3339"),
            (br#"{"k":"d"}"#, "missing field"),
        ];
        for (line, expected) in cases {
            let err = decode(line, "h").unwrap_err();
            assert!(
                err.contains(expected),
                "{}: {err}",
                String::from_utf8_lossy(line)
            );
        }
    }
}
