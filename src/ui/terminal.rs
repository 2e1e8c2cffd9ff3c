//! The interactive terminal prompter, on dialoguer: arrow keys and Enter to
//! choose, `q` or Esc to quit a menu, `q` alone to quit a typed answer.

use std::io;
use std::os::fd::AsFd;

use dialoguer::console::Term;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, MultiSelect, Select};
use rustix::termios::{self, OptionalActions, Termios};

use super::wrap::wrap;
use super::{OVERRULE_ENTRY, UNDO_ENTRY, typed_offer};
use crate::engine::grade::Response;
use crate::engine::prompt::{Offers, Prompter, Question, RateOption, Reply};
use crate::engine::schedule::Rating;

/// The learner's terminal held in raw mode while one prompt reads its keys,
/// then put back as it was. console switches raw mode on for each key only,
/// so a Ctrl-C pressed between two keys was a signal rather than a key, and
/// the next key read went on waiting; raw throughout, Ctrl-C is always a
/// key, and the prompt ends on it.
struct RawKeys<F: AsFd> {
    terminal: F,
    before: Termios,
}

impl<F: AsFd> RawKeys<F> {
    /// Raw mode on `terminal`, its output unchanged (a new line still
    /// starts at the margin); `None` when its mode cannot be set, as on
    /// anything but a terminal, where console's own handling is all there is.
    fn hold(terminal: F) -> Option<RawKeys<F>> {
        let before = termios::tcgetattr(&terminal).ok()?;
        let mut raw = before.clone();
        raw.make_raw();
        raw.output_modes = before.output_modes;
        termios::tcsetattr(&terminal, OptionalActions::Drain, &raw).ok()?;
        Some(RawKeys { terminal, before })
    }
}

impl<F: AsFd> Drop for RawKeys<F> {
    fn drop(&mut self) {
        // Nothing more can be done if the terminal is gone.
        let _ = termios::tcsetattr(&self.terminal, OptionalActions::Drain, &self.before);
    }
}

/// The dialoguer prompter, drawing on stdout by default.
pub struct Terminal {
    term: Term,
    theme: ColorfulTheme,
    offers: Offers,
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal::on(Term::stdout())
    }
}

impl Terminal {
    /// A prompter drawing on stderr, leaving stdout to data such as JSON.
    pub fn stderr() -> Terminal {
        Terminal::on(Term::stderr())
    }

    /// A menu of `items` outside any question, the first preselected: the
    /// index picked, or `None` when the learner quits it.
    pub fn choose(&self, prompt: &str, items: &[String]) -> io::Result<Option<usize>> {
        let picked = reply(self.prompt(|term| {
            Select::with_theme(&self.theme)
                .with_prompt(prompt)
                .items(items)
                .default(0)
                .interact_on_opt(term)
        }))?;
        Ok(match picked {
            Reply::Answer(i) => Some(i),
            Reply::Quit | Reply::Undo | Reply::Overrule => None,
        })
    }

    fn on(term: Term) -> Terminal {
        Terminal {
            term,
            theme: ColorfulTheme::default(),
            offers: Offers::default(),
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        // A menu hides the cursor; never leave the terminal without it.
        let _ = self.term.show_cursor();
    }
}

/// Turns dialoguer's outcome into a reply: Esc, `q` and Ctrl-C quit.
fn reply<T>(result: dialoguer::Result<Option<T>>) -> io::Result<Reply<T>> {
    match result {
        Ok(Some(value)) => Ok(Reply::Answer(value)),
        Ok(None) => Ok(Reply::Quit),
        Err(dialoguer::Error::IO(e))
            if matches!(
                e.kind(),
                io::ErrorKind::Interrupted | io::ErrorKind::UnexpectedEof
            ) =>
        {
            Ok(Reply::Quit)
        }
        Err(dialoguer::Error::IO(e)) => Err(e),
    }
}

impl Terminal {
    /// The outcome of one dialoguer prompt, read with the terminal raw
    /// throughout (see [`RawKeys`]).
    fn prompt<T>(
        &self,
        interact: impl FnOnce(&Term) -> dialoguer::Result<T>,
    ) -> dialoguer::Result<T> {
        // console reads keys from stdin when it is a terminal, as it is
        // whenever this prompter is used.
        let _raw = RawKeys::hold(io::stdin());
        // A Ctrl-C pressed before raw mode was on came as a signal: end now
        // rather than wait for a key.
        if super::interrupted() {
            return Err(io::Error::from(io::ErrorKind::Interrupted).into());
        }
        interact(&self.term)
    }

    /// The terminal's width in columns.
    fn width(&self) -> usize {
        usize::from(self.term.size().1)
    }

    /// The menu entries after the answers: "I was right", then undo, as
    /// offered, each with the reply it stands for.
    fn offered_entries<T>(&self) -> Vec<(String, Reply<T>)> {
        let mut entries = Vec::new();
        if self.offers.overrule {
            entries.push((OVERRULE_ENTRY.to_string(), Reply::Overrule));
        }
        if self.offers.undo {
            entries.push((UNDO_ENTRY.to_string(), Reply::Undo));
        }
        entries
    }

    /// A menu; the offered entries ("I was right", undo) follow the items.
    fn select(&self, prompt: &str, items: &[String], default: usize) -> io::Result<Reply<usize>> {
        let extra = self.offered_entries();
        let mut shown = self.menu_items(items);
        shown.extend(extra.iter().map(|(label, _)| label.clone()));
        let picked = reply(self.prompt(|term| {
            Select::with_theme(&self.theme)
                .with_prompt(prompt)
                .items(&shown)
                .default(default)
                .interact_on_opt(term)
        }))?;
        Ok(match picked {
            Reply::Answer(i) if i >= items.len() => extra
                .into_iter()
                .nth(i - items.len())
                .map_or(Reply::Quit, |(_, reply)| reply),
            other => other,
        })
    }

    /// Menu entries wrapped to the width, continued under their text (past
    /// the menu's two-column marker).
    fn menu_items(&self, items: &[String]) -> Vec<String> {
        let width = self.width().saturating_sub(6).max(20);
        items
            .iter()
            .map(|item| wrap(item, width).replace('\n', "\n  "))
            .collect()
    }

    fn text(&self, prompt: &str) -> io::Result<Reply<String>> {
        let typed = self
            .prompt(|term| {
                Input::<String>::with_theme(&self.theme)
                    .with_prompt(prompt)
                    .interact_text_on(term)
            })
            .map(Some);
        Ok(match reply(typed)? {
            Reply::Answer(t) if t.trim().eq_ignore_ascii_case("q") => Reply::Quit,
            Reply::Answer(t) => typed_offer(&t, self.offers).unwrap_or(Reply::Answer(t)),
            other => other,
        })
    }
}

impl Prompter for Terminal {
    fn say(&mut self, text: &str) -> io::Result<()> {
        self.term.write_line(&wrap(text, self.width()))
    }

    fn ask(&mut self, question: &Question) -> io::Result<Reply<Response>> {
        // Ctrl-C between prompts arrives as a signal (a menu reads it as a
        // key); after one, end rather than wait for another key.
        if super::interrupted() {
            return Ok(Reply::Quit);
        }
        // The question goes above the prompt on lines of its own: dialoguer
        // redraws only its prompt line, so a long question wrapped inside it
        // would be left half-erased on the screen.
        let (Question::Choice { prompt, .. }
        | Question::TrueFalse { prompt }
        | Question::Text { prompt, .. }
        | Question::Reveal { front: prompt }) = question;
        self.term.write_line(&wrap(prompt, self.width()))?;
        Ok(match question {
            Question::Choice {
                options,
                multiple: false,
                ..
            } => self
                .select("Your answer", options, 0)?
                .map(|i| Response::Choices(vec![options[i].clone()])),
            Question::Choice {
                options,
                multiple: true,
                ..
            } => {
                let mut extra = self.offered_entries();
                let mut shown = self.menu_items(options);
                shown.extend(extra.iter().map(|(label, _)| label.clone()));
                loop {
                    let picked = reply(self.prompt(|term| {
                        MultiSelect::with_theme(&self.theme)
                            .with_prompt("Mark every right answer with Space, then press Enter")
                            .items(&shown)
                            .interact_on_opt(term)
                    }))?;
                    let indices = match picked {
                        Reply::Answer(indices) => indices,
                        other => break other.map(|_| Response::Revealed),
                    };
                    if let Some(&i) = indices.iter().find(|&&i| i >= options.len()) {
                        break extra.swap_remove(i - options.len()).1;
                    }
                    // An empty answer is a slip of the Enter key, not an answer to grade.
                    if indices.is_empty() {
                        self.term.write_line(
                            "  Mark at least one answer with Space, then press Enter.",
                        )?;
                        continue;
                    }
                    break Reply::Answer(Response::Choices(
                        indices.into_iter().map(|i| options[i].clone()).collect(),
                    ));
                }
            }
            Question::TrueFalse { .. } => {
                let items = ["True".to_string(), "False".to_string()];
                self.select("Your answer", &items, 0)?
                    .map(|i| Response::Bool(i == 0))
            }
            Question::Text { hint, .. } => {
                let keys = match (self.offers.overrule, self.offers.undo) {
                    (true, true) => "q quits, o: I was right, u undoes the last answer",
                    (true, false) => "q quits, o: I was right",
                    (false, true) => "q quits, u undoes the last answer",
                    (false, false) => "q quits",
                };
                self.text(&format!("{hint} ({keys})"))?.map(Response::Text)
            }
            Question::Reveal { .. } => self
                .select("Recall the answer, then", &["Show answer".to_string()], 0)?
                .map(|_| Response::Revealed),
        })
    }

    fn rate(&mut self, options: &[RateOption], default: Rating) -> io::Result<Reply<Rating>> {
        if super::interrupted() {
            return Ok(Reply::Quit);
        }
        let labels: Vec<String> = options.iter().map(|o| o.label.clone()).collect();
        let at = options
            .iter()
            .position(|o| o.rating == default)
            .unwrap_or(0);
        Ok(self
            .select("How well did you know it?", &labels, at)?
            .map(|i| options[i].rating))
    }

    fn offer(&mut self, offers: Offers) {
        self.offers = offers;
    }
}

#[cfg(test)]
mod tests {
    use std::fs::File;

    use rustix::pty::{self, OpenptFlags};
    use rustix::termios::LocalModes;

    use super::*;

    /// The learner's side of a fresh pseudo-terminal (and the other side,
    /// which must stay open).
    fn pseudo_terminal() -> (File, std::os::fd::OwnedFd) {
        let controller = pty::openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
        pty::grantpt(&controller).unwrap();
        pty::unlockpt(&controller).unwrap();
        let name = pty::ptsname(&controller, Vec::new()).unwrap();
        let learner = File::options()
            .read(true)
            .write(true)
            .open(name.to_str().unwrap())
            .unwrap();
        (learner, controller)
    }

    #[test]
    fn raw_keys_make_ctrl_c_a_key_keep_the_output_and_put_the_terminal_back() {
        let (terminal, _controller) = pseudo_terminal();
        let before = termios::tcgetattr(&terminal).unwrap();
        let cooked = LocalModes::ISIG | LocalModes::ICANON | LocalModes::ECHO;
        assert!(before.local_modes.contains(cooked));
        let raw = RawKeys::hold(&terminal).unwrap();
        let held = termios::tcgetattr(&terminal).unwrap();
        // No signal from Ctrl-C, no line editing, no echo while keys are read.
        assert!(!held.local_modes.intersects(cooked));
        assert_eq!(held.output_modes, before.output_modes);
        drop(raw);
        let after = termios::tcgetattr(&terminal).unwrap();
        assert_eq!(after.local_modes, before.local_modes);
        assert_eq!(after.input_modes, before.input_modes);
        assert_eq!(after.output_modes, before.output_modes);
        assert_eq!(after.control_modes, before.control_modes);
    }

    #[test]
    fn raw_keys_leave_anything_but_a_terminal_alone() {
        let null = File::open("/dev/null").unwrap();
        assert!(RawKeys::hold(&null).is_none());
    }
}
