//! The few protocol-buffer values Anki packages keep outside SQL columns:
//! the package version in `meta`, a notetype's kind and stock kind, a
//! template's question format. A walk over the top-level fields of one
//! message is all that needs; a whole protobuf library would be more code
//! than what it replaces.

/// One top-level field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// A varint (also bools and enums).
    Varint(u64),
    /// Length-delimited bytes (strings, nested messages).
    Bytes(&'a [u8]),
    /// A fixed 32- or 64-bit value, unused here.
    Fixed,
}

/// The top-level fields of a message as (number, value), or `None` when the
/// bytes are not a well-formed message.
pub fn fields(mut bytes: &[u8]) -> Option<Vec<(u64, Value<'_>)>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let key = varint(&mut bytes)?;
        let value = match key & 7 {
            0 => Value::Varint(varint(&mut bytes)?),
            1 => Value::Fixed.skip(&mut bytes, 8)?,
            2 => {
                let len = usize::try_from(varint(&mut bytes)?).ok()?;
                let (value, rest) = (bytes.get(..len)?, bytes.get(len..)?);
                bytes = rest;
                Value::Bytes(value)
            }
            5 => Value::Fixed.skip(&mut bytes, 4)?,
            _ => return None,
        };
        out.push((key >> 3, value));
    }
    Some(out)
}

/// The last varint of field `number` (proto3 leaves out zero values: 0 then).
pub fn varint_field(fields: &[(u64, Value<'_>)], number: u64) -> u64 {
    fields
        .iter()
        .rev()
        .find_map(|(n, v)| match v {
            Value::Varint(x) if *n == number => Some(*x),
            _ => None,
        })
        .unwrap_or(0)
}

/// The last bytes of field `number`.
pub fn bytes_field<'a>(fields: &[(u64, Value<'a>)], number: u64) -> Option<&'a [u8]> {
    fields.iter().rev().find_map(|(n, v)| match v {
        Value::Bytes(b) if *n == number => Some(*b),
        _ => None,
    })
}

impl Value<'_> {
    fn skip<'v>(self, bytes: &mut &[u8], len: usize) -> Option<Value<'v>> {
        *bytes = bytes.get(len..)?;
        Some(Value::Fixed)
    }
}

fn varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_strings_are_read_and_bad_bytes_refused() {
        // field 1 = 3, field 3 = "ab", field 9 = 300
        let bytes = [0x08, 0x03, 0x1a, 0x02, b'a', b'b', 0x48, 0xac, 0x02];
        let f = fields(&bytes).unwrap();
        assert_eq!(varint_field(&f, 1), 3);
        assert_eq!(bytes_field(&f, 3), Some(&b"ab"[..]));
        assert_eq!(varint_field(&f, 9), 300);
        assert_eq!(varint_field(&f, 2), 0);
        assert!(fields(&[0x1a, 0x05, b'a']).is_none(), "truncated");
        assert!(fields(&[0x0f]).is_none(), "unknown wire type");
        assert!(fields(&[0x08, 0xff]).is_none(), "unfinished varint");
    }
}
