//! The interactive terminal prompter, on dialoguer: arrow keys and Enter to
//! choose, `q` or Esc to quit a menu, `q` alone to quit a typed answer.

use std::io;

use dialoguer::console::Term;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, MultiSelect, Select};

use super::wrap::wrap;
use super::{OVERRULE_ENTRY, UNDO_ENTRY, typed_offer};
use crate::engine::grade::Response;
use crate::engine::prompt::{Offers, Prompter, Question, RateOption, Reply};
use crate::engine::schedule::Rating;

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
        let picked = reply(
            Select::with_theme(&self.theme)
                .with_prompt(prompt)
                .items(items)
                .default(0)
                .interact_on_opt(&self.term),
        )?;
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
        let picked = reply(
            Select::with_theme(&self.theme)
                .with_prompt(prompt)
                .items(&shown)
                .default(default)
                .interact_on_opt(&self.term),
        )?;
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
        let typed = Input::<String>::with_theme(&self.theme)
            .with_prompt(prompt)
            .interact_text_on(&self.term)
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
                    let picked = reply(
                        MultiSelect::with_theme(&self.theme)
                            .with_prompt("Mark every right answer with Space, then press Enter")
                            .items(&shown)
                            .interact_on_opt(&self.term),
                    )?;
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
