//! The review log file: a header line, then one event a line.
//!
//! Format 1 (trialdrill's first release) had no header and no device ids;
//! format 2 starts with `{"type":"header","format":2,...}`.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Event;

/// The log format this build writes.
pub const FORMAT: u32 = 2;

/// The first line of a format-2 log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Always `"header"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The log format.
    pub format: u32,
    /// This store's device id, stamped on every review it records.
    pub device: String,
    /// The program that created the log, such as `trialdrill 0.1.0`.
    pub written_by: String,
}

impl Header {
    /// A header for a new store on this device.
    pub fn new(device: String) -> Header {
        Header {
            kind: "header".into(),
            format: FORMAT,
            device,
            written_by: concat!("trialdrill ", env!("CARGO_PKG_VERSION")).into(),
        }
    }
}

/// What the first line of a log says about its format.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// No file, or an empty one.
    Empty,
    /// A format-1 log: events from the first line on.
    Format1,
    /// A log with a header; `len` is the header line's length in bytes.
    Headed {
        /// The header.
        header: Header,
        /// Bytes of the header line, newline included.
        len: u64,
    },
}

/// Reads the first line of `file` to tell the log's format. A first line that
/// is neither a header nor an event is `Err` with the reason.
pub fn kind(file: &mut File) -> io::Result<Result<Kind, String>> {
    file.seek(SeekFrom::Start(0))?;
    let mut first = Vec::new();
    BufReader::new(&mut *file).read_until(b'\n', &mut first)?;
    if first.is_empty() {
        return Ok(Ok(Kind::Empty));
    }
    let body = first.strip_suffix(b"\n").unwrap_or(&first);
    if let Ok(header) = serde_json::from_slice::<Header>(body)
        && header.kind == "header"
    {
        return Ok(Ok(Kind::Headed {
            header,
            len: first.len() as u64,
        }));
    }
    Ok(match serde_json::from_slice::<Event>(body) {
        Ok(_) => Ok(Kind::Format1),
        Err(e) => Err(e.to_string()),
    })
}

/// One line read from the log.
pub enum Line {
    /// A complete line holding an event.
    Event(Event),
    /// A complete line that is not an event.
    Damaged(String),
    /// A last line with no newline: a write cut short.
    Torn,
}

/// Reads the log from byte `start`, calling `each` with every line and its
/// length in bytes. Streams, so memory stays flat however long the log is.
pub fn read_from(
    path: &Path,
    file: &mut File,
    start: u64,
    mut each: impl FnMut(Line, u64) -> Result<(), super::StoreError>,
) -> Result<(), super::StoreError> {
    let io = |e: io::Error| super::io_error("read", path)(e);
    file.seek(SeekFrom::Start(start)).map_err(io)?;
    let mut reader = BufReader::with_capacity(1 << 16, &mut *file);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(io)?;
        if n == 0 {
            return Ok(());
        }
        let line = match buf.strip_suffix(b"\n") {
            None => Line::Torn,
            Some(body) => match serde_json::from_slice::<Event>(body) {
                Ok(event) => Line::Event(event),
                Err(e) => Line::Damaged(e.to_string()),
            },
        };
        each(line, n as u64)?;
    }
}

/// Writes a complete log (header and events) to `path` atomically.
pub fn write_atomically<'e>(
    path: &Path,
    header: &Header,
    events: impl IntoIterator<Item = &'e Event>,
) -> io::Result<()> {
    crate::store::atomic::replace_with(path, |out| {
        serde_json::to_writer(&mut *out, header)?;
        out.write_all(b"\n")?;
        for event in events {
            serde_json::to_writer(&mut *out, event)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })
}
