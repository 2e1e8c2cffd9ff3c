//! The review log file: a header line, then one event a line.
//!
//! Format 1 (trialdrill's first release) had no header and no device ids;
//! format 2 starts with `{"type":"header","format":2,...}`; format 3 has the
//! same header and writes each event in the compact form of `line`. Lines of
//! formats 1 and 2 (the long form) are read in every format.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Event, line};

/// The log format this build writes.
pub const FORMAT: u32 = 3;

/// The last format whose events are in the long form (`{"type":...}`): a
/// writer rewrites such a log in the compact form (see `maintain::upgrade`).
pub const LONG_FORM: u32 = 2;

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

/// The longest line a log may hold, in bytes. Every line trialdrill writes is
/// far shorter (an exam of thousands of questions is a few megabytes); a
/// longer one is damage, and reading stops keeping it in memory at this size,
/// so a file with no line ends (or a device such as `/dev/zero`) cannot
/// exhaust memory.
pub const MAX_LINE: usize = 16 << 20;

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
        /// Bytes of the header line, its newline included when it has one.
        len: u64,
        /// Whether the header line ends with its newline; a header written by
        /// a process killed before the newline has none, and gets it before
        /// the next append.
        terminated: bool,
    },
    /// The whole file is one line without a newline that is neither a header
    /// nor an event: the first write cut short.
    Torn {
        /// Its length in bytes.
        len: u64,
    },
}

/// Reads the first line of `file` to tell the log's format. A first line that
/// is neither a header nor an event is `Err` with the reason.
pub fn kind(file: &mut File) -> io::Result<Result<Kind, String>> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::new(&mut *file);
    let mut first = Vec::new();
    let (n, terminated) = match read_line(&mut reader, &mut first)? {
        Got::End => return Ok(Ok(Kind::Empty)),
        Got::Line { len, terminated } => (len, terminated),
        Got::TooLong { .. } => {
            return Ok(Err(format!("the line is longer than {MAX_LINE} bytes")));
        }
    };
    if let Some(header) = parse_header(&first) {
        return Ok(Ok(Kind::Headed {
            header,
            len: n,
            terminated,
        }));
    }
    Ok(match line::decode(&first, "") {
        Ok(_) => Ok(Kind::Format1),
        Err(_) if !terminated => Ok(Kind::Torn { len: n }),
        Err(e) => Err(e.to_string()),
    })
}

/// `body` as a header line, if it is one.
fn parse_header(body: &[u8]) -> Option<Header> {
    serde_json::from_slice::<Header>(body)
        .ok()
        .filter(|h| h.kind == "header")
}

/// One line read from the log.
pub enum Line {
    /// A complete line holding an event.
    Event(Event),
    /// The last line holds a whole event but its newline was never written
    /// (a write cut short right before it): kept, and the newline is added
    /// before the next append.
    Unterminated(Event),
    /// A complete line that is not an event.
    Damaged(String),
    /// A last line with no newline that is not an event: a write cut short.
    Torn,
}

/// What [`read_line`] got.
enum Got {
    /// End of the input.
    End,
    /// A line of `len` bytes (newline included when `terminated`).
    Line { len: u64, terminated: bool },
    /// A line longer than [`MAX_LINE`], skipped: `len` bytes in all.
    TooLong { len: u64 },
}

/// Reads one line into `buf` (without its newline), keeping at most
/// [`MAX_LINE`] bytes of it in memory.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Got> {
    buf.clear();
    let mut len = 0u64;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (len, too_long) {
                (0, _) => Got::End,
                (len, true) => Got::TooLong { len },
                (len, false) => Got::Line {
                    len,
                    terminated: false,
                },
            });
        }
        let (used, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let content = &available[..if done { used - 1 } else { used }];
        if !too_long && buf.len() + content.len() > MAX_LINE {
            too_long = true;
            buf.clear();
        }
        if !too_long {
            buf.extend_from_slice(content);
        }
        reader.consume(used);
        len += used as u64;
        if done {
            return Ok(if too_long {
                Got::TooLong { len }
            } else {
                Got::Line {
                    len,
                    terminated: true,
                }
            });
        }
    }
}

/// Reads the log from byte `start` up to byte `end` (the length it had when
/// the caller looked, so a line appended meanwhile is not half read), calling
/// `each` with every line and its length in bytes; a review without a device
/// of its own gets `device`, the header's. Streams, so memory stays flat
/// however long the log is.
pub fn read_from(
    path: &Path,
    file: &mut File,
    device: &str,
    start: u64,
    end: u64,
    mut each: impl FnMut(Line, u64) -> Result<(), super::StoreError>,
) -> Result<(), super::StoreError> {
    let io = |e: io::Error| super::io_error("read", path)(e);
    file.seek(SeekFrom::Start(start)).map_err(io)?;
    let mut reader =
        BufReader::with_capacity(1 << 16, (&mut *file).take(end.saturating_sub(start)));
    let mut buf = Vec::new();
    loop {
        let (line, n) = match read_line(&mut reader, &mut buf).map_err(io)? {
            Got::End => return Ok(()),
            Got::TooLong { len } => (
                Line::Damaged(format!("the line is longer than {MAX_LINE} bytes")),
                len,
            ),
            Got::Line { len, terminated } => {
                let parsed = line::decode(&buf, device);
                let line = match (parsed, terminated) {
                    (Ok(event), true) => Line::Event(event),
                    (Ok(event), false) => Line::Unterminated(event),
                    (Err(e), true) => Line::Damaged(e),
                    (Err(_), false) => Line::Torn,
                };
                (line, len)
            }
        };
        each(line, n)?;
    }
}

/// Reads the line that ends right before byte `end` (its newline excluded)
/// into a buffer; `None` when `end` is not right after a newline or the line
/// is longer than [`MAX_LINE`].
pub fn line_before(file: &mut File, end: u64) -> io::Result<Option<Vec<u8>>> {
    if end == 0 {
        return Ok(None);
    }
    // Read backwards in growing windows until the line's start is found.
    let mut window: u64 = 1 << 12;
    loop {
        let from = end.saturating_sub(window);
        file.seek(SeekFrom::Start(from))?;
        let mut buf = vec![0; usize::try_from(end - from).unwrap_or(usize::MAX)];
        file.read_exact(&mut buf)?;
        if buf.last() != Some(&b'\n') {
            return Ok(None);
        }
        buf.pop();
        if let Some(i) = buf.iter().rposition(|&b| b == b'\n') {
            return Ok(Some(buf.split_off(i + 1)));
        }
        if from == 0 {
            return Ok(Some(buf));
        }
        if buf.len() > MAX_LINE {
            return Ok(None);
        }
        window *= 4;
    }
}

/// Writes a complete log (a header of this build's format for `header`'s
/// device, then `events` in the compact form) to `path` atomically, and
/// returns it open and locked (it locks before it takes `path`'s name: the
/// log is its own write lock).
pub fn write_locked<'e>(
    path: &Path,
    header: &Header,
    events: impl IntoIterator<Item = &'e Event>,
) -> io::Result<File> {
    write_locked_with(path, header, |write| events.into_iter().try_for_each(write))
}

/// [`write_locked`] with the events given one by one: `fill` is handed a
/// function that writes one event's line, and the log replaces the old one
/// only when `fill` returns `Ok`.
pub fn write_locked_with(
    path: &Path,
    header: &Header,
    fill: impl FnOnce(&mut dyn FnMut(&Event) -> io::Result<()>) -> io::Result<()>,
) -> io::Result<File> {
    let header = Header::new(header.device.clone());
    crate::store::atomic::replace_locked(path, |out| {
        serde_json::to_writer(&mut *out, &header)?;
        out.write_all(b"\n")?;
        let mut line = Vec::new();
        fill(&mut |event| {
            line.clear();
            line::encode(&mut line, &header.device, event)?;
            out.write_all(&line)
        })
    })
}
