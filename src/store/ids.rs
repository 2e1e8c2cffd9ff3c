//! Which event ids the snapshot covers, as a Bloom filter kept in it: a
//! store replays only its log's tail past the snapshot, and an event there
//! that repeats one the snapshot already counted must not count twice. An id
//! the filter has never seen is surely new; one it may have seen sends the
//! store back to a replay of its whole log (one chance in about five million
//! for a new id, so a tail of a thousand events almost never does).
//!
//! The filter grows in parts: when one holds as many ids as it was made for,
//! a new part twice its size takes the next ones. Ids are hashed with XXH3,
//! whose output is fixed by its specification, so a filter written by one
//! build reads the same in another.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use xxhash_rust::xxh3::xxh3_128;

/// Bits per id a part is made for.
const BITS_PER_ID: u64 = 32;
/// Bit positions set per id (optimal for 32 bits an id: 32 ln 2 ≈ 22).
const PROBES: u64 = 22;
/// The ids the first part is made for.
const FIRST_CAPACITY: u64 = 1 << 12;

/// A set of ids that may answer "maybe" for an id it does not hold, never
/// "no" for one it does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdFilter {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Part {
    capacity: u64,
    count: u64,
    bits: Bits,
}

impl Part {
    fn new(capacity: u64) -> Part {
        let bytes = usize::try_from(capacity * BITS_PER_ID / 8).unwrap_or(usize::MAX);
        Part {
            capacity,
            count: 0,
            bits: Bits(vec![0; bytes]),
        }
    }

    /// The bit positions of an id's hash.
    fn positions(&self, (a, b): (u64, u64)) -> impl Iterator<Item = usize> + use<> {
        let len = (self.bits.0.len() as u64 * 8).max(1);
        (0..PROBES).map(move |i| (a.wrapping_add(i.wrapping_mul(b | 1)) % len) as usize)
    }

    fn has(&self, hash: (u64, u64)) -> bool {
        !self.bits.0.is_empty()
            && self
                .positions(hash)
                .all(|p| self.bits.0[p / 8] & (1 << (p % 8)) != 0)
    }

    fn add(&mut self, hash: (u64, u64)) {
        for p in self.positions(hash) {
            self.bits.0[p / 8] |= 1 << (p % 8);
        }
        self.count += 1;
    }
}

fn hash(id: &str) -> (u64, u64) {
    let h = xxh3_128(id.as_bytes());
    ((h >> 64) as u64, h as u64)
}

impl IdFilter {
    /// An empty filter made to hold about `expected` ids before it grows.
    pub fn with_capacity(expected: u64) -> IdFilter {
        IdFilter {
            parts: vec![Part::new(expected.max(FIRST_CAPACITY))],
        }
    }

    /// Adds `id`.
    pub fn insert(&mut self, id: &str) {
        let grow = match self.parts.last() {
            None => Some(FIRST_CAPACITY),
            Some(part) if part.count >= part.capacity => Some(part.capacity.saturating_mul(2)),
            Some(_) => None,
        };
        if let Some(capacity) = grow {
            self.parts.push(Part::new(capacity));
        }
        if let Some(part) = self.parts.last_mut() {
            part.add(hash(id));
        }
    }

    /// Whether `id` may have been added: false means surely not.
    pub fn may_contain(&self, id: &str) -> bool {
        let hash = hash(id);
        self.parts.iter().any(|part| part.has(hash))
    }
}

/// Bytes written as one block, not one element at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bits(Vec<u8>);

impl Serialize for Bits {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bits {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Bits, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Bits;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Bits, E> {
                Ok(Bits(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Bits, E> {
                Ok(Bits(v))
            }
        }
        d.deserialize_byte_buf(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_added_is_found_and_few_others_are_across_growth() {
        let mut filter = IdFilter::default();
        let ids: Vec<String> = (0..20_000).map(|i| format!("id-{i}")).collect();
        for id in &ids {
            filter.insert(id);
        }
        assert!(filter.parts.len() > 1, "it grew");
        assert!(ids.iter().all(|id| filter.may_contain(id)));
        let strangers = (0..20_000)
            .filter(|i| filter.may_contain(&format!("other-{i}")))
            .count();
        assert!(strangers <= 2, "{strangers} false matches");
        let bytes = postcard::to_stdvec(&filter).unwrap();
        assert_eq!(postcard::from_bytes::<IdFilter>(&bytes).unwrap(), filter);
    }
}
