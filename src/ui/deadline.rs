//! Standard input with a deadline, for timed exams: lines are read on a
//! thread, and a read still waiting when the deadline passes fails with
//! [`io::ErrorKind::TimedOut`]. So time running out ends a prompt that is
//! waiting for input, instead of waiting for the learner to press Enter.

use std::io::{self, BufRead, Read};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Instant;

/// Lines from a reader thread, up to a deadline.
pub struct DeadlineReader {
    lines: Receiver<io::Result<Vec<u8>>>,
    deadline: Instant,
    buffer: Vec<u8>,
    position: usize,
    ended: bool,
}

impl DeadlineReader {
    /// Reads standard input on a thread until `deadline`. The thread stays
    /// blocked on the terminal after a time-out; the program ends soon after.
    pub fn stdin(deadline: Instant) -> DeadlineReader {
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            let mut input = io::stdin().lock();
            loop {
                let mut line = Vec::new();
                let read = input.read_until(b'\n', &mut line);
                let done = !matches!(read, Ok(n) if n > 0);
                if sender.send(read.map(|_| line)).is_err() || done {
                    return;
                }
            }
        });
        DeadlineReader::new(lines, deadline)
    }

    /// Reads the lines sent on `lines` (an empty one is end of input) until
    /// `deadline`.
    pub fn new(lines: Receiver<io::Result<Vec<u8>>>, deadline: Instant) -> DeadlineReader {
        DeadlineReader {
            lines,
            deadline,
            buffer: Vec::new(),
            position: 0,
            ended: false,
        }
    }
}

/// Whether an error is a deadline passing.
pub fn is_time_up(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::TimedOut
}

impl BufRead for DeadlineReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.position < self.buffer.len() || self.ended {
            return Ok(&self.buffer[self.position..]);
        }
        let wait = self.deadline.saturating_duration_since(Instant::now());
        match self.lines.recv_timeout(wait) {
            Ok(Ok(line)) => {
                self.ended = line.is_empty();
                self.buffer = line;
                self.position = 0;
            }
            Ok(Err(e)) => return Err(e),
            Err(RecvTimeoutError::Timeout) => {
                return Err(io::Error::new(io::ErrorKind::TimedOut, "time is up"));
            }
            Err(RecvTimeoutError::Disconnected) => {
                self.ended = true;
                self.buffer.clear();
                self.position = 0;
            }
        }
        Ok(&self.buffer[self.position..])
    }

    fn consume(&mut self, amount: usize) {
        self.position = (self.position + amount).min(self.buffer.len());
    }
}

impl Read for DeadlineReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::prompt::{Prompter, Question, Reply};
    use crate::ui::Plain;
    use std::time::Duration;

    fn question() -> Question {
        Question::Text {
            prompt: "n?".into(),
            hint: "a number".into(),
        }
    }

    #[test]
    fn a_prompt_waiting_for_input_fails_with_time_up_at_the_deadline() {
        // The sender is kept but never sends: the learner is thinking.
        let (_sender, lines) = channel();
        let reader = DeadlineReader::new(lines, Instant::now());
        let mut plain = Plain::new(reader, Vec::new());
        let error = plain.ask(&question()).unwrap_err();
        assert!(is_time_up(&error), "{error}");
    }

    #[test]
    fn lines_before_the_deadline_are_answers() {
        let (sender, lines) = channel();
        sender.send(Ok(b"31\n".to_vec())).unwrap();
        drop(sender);
        let later = Instant::now() + Duration::from_secs(3600);
        let mut plain = Plain::new(DeadlineReader::new(lines, later), Vec::new());
        assert_eq!(
            plain.ask(&question()).unwrap(),
            Reply::Answer(crate::engine::grade::Response::Text("31".into()))
        );
        // The reader thread gone means end of input: quit.
        assert_eq!(plain.ask(&question()).unwrap(), Reply::Quit);
    }
}
