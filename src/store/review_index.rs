//! Every review the figures of `stats` count, in log order, in brief: the
//! card's number in [`Aggregates`](super::aggregates::Aggregates), its study
//! day, whether it was recalled, and the time it took. With it `stats`
//! narrows a deck's figures to some of its cards (a `--tag`, or a deck that
//! lost cards) without replaying the log.
//!
//! A record is three LEB128 numbers, about 8 bytes a review (8 MB a
//! million), as the snapshot stores them too:
//!
//! ```text
//! card number · zigzag(day − the previous record's day) × 2 + recalled · zigzag(microseconds)
//! ```
//!
//! Days are `YYYYMMDD` numbers (ordered as the days are), so a review on
//! the day of the one before costs one byte for its day. The snapshot keeps
//! the records after the figures, under their checksum, and the rest of the
//! index (how many records, where the last starts) among the figures; the
//! records are decoded only when read, so `stats` over whole decks never
//! decodes them.

use serde::{Deserialize, Serialize};

use super::aggregates::Day;

/// One review, as the index holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brief {
    /// The card's number.
    pub card: u32,
    /// The study day, as a `YYYYMMDD` number.
    pub day: u32,
    /// Whether it was not rated Again.
    pub recalled: bool,
    /// Time spent answering, in microseconds.
    pub micros: i64,
}

/// The records, in log order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReviewIndex {
    /// The records: written and read by the snapshot as they are.
    #[serde(skip)]
    bytes: Vec<u8>,
    /// Records held.
    count: usize,
    /// The last record's day, which the next one's is counted from.
    day: u32,
    /// Where the last record starts and the day before it, while it can be
    /// taken back.
    last: Option<(usize, u32)>,
}

impl ReviewIndex {
    /// The index with its records, `bytes`, read back; or why they cannot
    /// be its records.
    pub fn with_bytes(mut self, bytes: Vec<u8>) -> Result<ReviewIndex, String> {
        let fits = match self.last {
            Some((start, _)) => start < bytes.len(),
            None => self.count == 0 && bytes.is_empty(),
        };
        if !fits {
            return Err("its review index is cut short".into());
        }
        self.bytes = bytes;
        Ok(self)
    }

    /// The records as bytes, to be written.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// How many reviews it holds.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Adds a review at the end.
    pub fn push(&mut self, card: u32, day: Day, recalled: bool, micros: i64) {
        let day = u32::from(day);
        self.last = Some((self.bytes.len(), self.day));
        let step = zigzag(i64::from(day) - i64::from(self.day));
        put(&mut self.bytes, u64::from(card));
        put(&mut self.bytes, step << 1 | u64::from(recalled));
        put(&mut self.bytes, zigzag(micros));
        (self.day, self.count) = (day, self.count + 1);
    }

    /// Takes the last review off (what an undo takes back), once.
    pub fn pop(&mut self) {
        if let Some((start, day)) = self.last.take() {
            self.bytes.truncate(start);
            (self.day, self.count) = (day, self.count - 1);
        }
    }

    /// Every review, in log order. (The checksum over the records makes
    /// damage to them unreadable; were they no records even so, the reviews
    /// would end at the first that is none.)
    pub fn iter(&self) -> impl Iterator<Item = Brief> + '_ {
        let (mut at, mut day) = (0, 0);
        std::iter::from_fn(move || {
            let (brief, next) = decode(&self.bytes, at, day)?;
            (at, day) = (next, brief.day);
            Some(brief)
        })
    }
}

/// Two indexes are equal when they hold the same reviews, whether or not
/// the last can still be taken back.
impl PartialEq for ReviewIndex {
    fn eq(&self, other: &ReviewIndex) -> bool {
        self.bytes == other.bytes
    }
}

/// The record at `at`, whose day is counted from `day`, and where the next
/// starts; `None` at the end or when the bytes are no record.
fn decode(bytes: &[u8], at: usize, day: u32) -> Option<(Brief, usize)> {
    let (card, at) = take(bytes, at)?;
    let (step, at) = take(bytes, at)?;
    let (micros, at) = take(bytes, at)?;
    let day = i64::from(day).checked_add(unzigzag(step >> 1))?;
    Some((
        Brief {
            card: u32::try_from(card).ok()?,
            day: u32::try_from(day).ok()?,
            recalled: step & 1 == 1,
            micros: unzigzag(micros),
        },
        at,
    ))
}

/// `n` as LEB128 at the end of `out`.
fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The LEB128 number at `at` and where it ends; `None` when cut short or
/// longer than a `u64`.
fn take(bytes: &[u8], mut at: usize) -> Option<(u64, usize)> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(at)?;
        at += 1;
        n |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte < 0x80 {
            return Some((n, at));
        }
    }
    None
}

/// A signed number as an unsigned one, small either side of zero.
fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// `index` as the snapshot writes and reads it back.
    fn read_back(index: &ReviewIndex) -> Result<ReviewIndex, String> {
        let rest = postcard::to_stdvec(index).unwrap();
        let rest: ReviewIndex = postcard::from_bytes(&rest).unwrap();
        rest.with_bytes(index.as_bytes().to_vec())
    }

    #[test]
    fn records_read_back_as_written_and_pop_takes_the_last_once() {
        let mut index = ReviewIndex::default();
        index.push(7, Day(date(2026, 12, 2)), true, -3);
        index.push(u32::MAX, Day(date(1999, 1, 31)), false, i64::MAX);
        index.push(0, Day(date(1999, 1, 31)), true, i64::MIN);
        let all = [
            Brief {
                card: 7,
                day: 20261202,
                recalled: true,
                micros: -3,
            },
            Brief {
                card: u32::MAX,
                day: 19990131,
                recalled: false,
                micros: i64::MAX,
            },
            Brief {
                card: 0,
                day: 19990131,
                recalled: true,
                micros: i64::MIN,
            },
        ];
        assert_eq!(index.iter().collect::<Vec<_>>(), all);
        assert_eq!(read_back(&index).unwrap().iter().collect::<Vec<_>>(), all);
        // Popped once, a record goes and the next is counted from the day
        // before it; a second pop takes nothing.
        index.pop();
        index.pop();
        assert_eq!(index.count(), 2);
        index.push(1, Day(date(1999, 2, 1)), false, 5);
        let days: Vec<u32> = index.iter().map(|b| b.day).collect();
        assert_eq!(days, [20261202, 19990131, 19990201]);
    }

    #[test]
    fn an_index_read_back_can_take_its_last_record_back() {
        let mut index = ReviewIndex::default();
        index.push(1, Day(date(2026, 1, 1)), true, 4_000_000);
        index.push(2, Day(date(2026, 1, 1)), true, 5_000_000);
        let mut read = read_back(&index).unwrap();
        assert_eq!(read, index);
        assert_eq!(read.count(), 2);
        read.pop();
        index.pop();
        assert_eq!(read, index);
        read.push(0, Day(date(2026, 1, 2)), false, 1);
        index.push(0, Day(date(2026, 1, 2)), false, 1);
        assert_eq!(read.as_bytes(), index.as_bytes());
        // The first record counts its day from 0 (4 bytes), the next from
        // the day before (1 byte); a small card number and time take 1 each.
        assert_eq!(index.as_bytes().len(), (1 + 4 + 4) + (1 + 1 + 1));
    }

    #[test]
    fn records_cut_short_are_refused_or_end_the_reviews_without_a_panic() {
        let mut index = ReviewIndex::default();
        index.push(3, Day(date(2026, 1, 1)), true, 1_000_000);
        index.push(4, Day(date(2026, 1, 1)), true, 1_000_000);
        let first = index.iter().next().unwrap();
        let rest: ReviewIndex =
            postcard::from_bytes(&postcard::to_stdvec(&index).unwrap()).unwrap();
        let (start, _) = index.last.unwrap();
        for cut in 0..index.as_bytes().len() {
            let bytes = index.as_bytes()[..cut].to_vec();
            match rest.clone().with_bytes(bytes.clone()) {
                Ok(_) => assert!(cut > start, "{cut}"),
                Err(why) => assert_eq!(why, "its review index is cut short"),
            }
            let unchecked = ReviewIndex {
                bytes,
                ..ReviewIndex::default()
            };
            let read: Vec<Brief> = unchecked.iter().collect();
            assert_eq!(
                read,
                if cut >= start { vec![first] } else { vec![] },
                "{cut}"
            );
        }
        let endless = ReviewIndex {
            bytes: vec![0xff; 11],
            ..ReviewIndex::default()
        };
        assert_eq!(endless.iter().count(), 0);
    }
}
