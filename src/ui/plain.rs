//! The line-based prompter used when stdin is not a terminal: one line answers
//! one prompt, so sessions can be scripted (`trialdrill study < answers.txt`).

use std::io::{self, BufRead, Write};

use super::wrap::wrap;
use super::{reading_line, typed_offer};
use crate::engine::grade::Response;
use crate::engine::prompt::{Offers, Prompter, Question, RateOption, Reply};
use crate::engine::schedule::Rating;

/// A prompter over any line reader and writer.
pub struct Plain<R, W> {
    input: R,
    output: W,
    offers: Offers,
    /// The width to wrap text to, when the output is a terminal.
    width: Option<usize>,
}

impl<R: BufRead, W: Write> Plain<R, W> {
    /// A prompter reading lines from `input` and writing to `output`.
    pub fn new(input: R, output: W) -> Self {
        Plain {
            input,
            output,
            offers: Offers::default(),
            width: None,
        }
    }

    /// The same prompter, wrapping what it shows to `width` columns (for an
    /// output that is a terminal).
    pub fn wrapped_to(self, width: usize) -> Self {
        Plain {
            width: Some(width),
            ..self
        }
    }

    /// Writes `text` as a line, wrapped when a width is set.
    fn show(&mut self, text: &str) -> io::Result<()> {
        match self.width {
            Some(width) => writeln!(self.output, "{}", wrap(text, width)),
            None => writeln!(self.output, "{text}"),
        }
    }

    /// Reads one line; `None` at end of input or on `q`.
    fn line(&mut self, prompt: &str) -> io::Result<Option<String>> {
        write!(self.output, "{prompt}> ")?;
        self.output.flush()?;
        // Bytes, not a String: a line that is not UTF-8 is only a line that
        // fits no prompt (it gets the hint), not an error that ends the session.
        let mut bytes = Vec::new();
        let read = reading_line(|| self.input.read_until(b'\n', &mut bytes))?;
        writeln!(self.output)?;
        let line = String::from_utf8_lossy(&bytes).trim().to_string();
        if read == 0 || line.eq_ignore_ascii_case("q") {
            return Ok(None);
        }
        Ok(Some(line))
    }

    /// Asks until `parse` accepts a line; a refused line gets `hint`. A
    /// line `u` takes back the last answer while undo is offered, and `o`
    /// overrules its verdict while that is offered.
    fn until<T>(
        &mut self,
        prompt: &str,
        hint: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> io::Result<Reply<T>> {
        loop {
            let Some(line) = self.line(prompt)? else {
                return Ok(Reply::Quit);
            };
            if let Some(reply) = typed_offer(&line, self.offers) {
                return Ok(reply);
            }
            match parse(&line) {
                Some(value) => return Ok(Reply::Answer(value)),
                None => writeln!(self.output, "  ? {hint}")?,
            }
        }
    }
}

/// The option a token names: `2` or `b` for the second.
fn option_index(token: &str, count: usize) -> Option<usize> {
    let token = token.trim();
    let index = match token.parse::<usize>() {
        Ok(n) => n.checked_sub(1)?,
        Err(_) => {
            let mut chars = token.chars();
            let c = chars.next()?.to_ascii_lowercase();
            if chars.next().is_some() || !c.is_ascii_lowercase() {
                return None;
            }
            (c as usize) - ('a' as usize)
        }
    };
    (index < count).then_some(index)
}

fn parse_choices(line: &str, options: &[String], multiple: bool) -> Option<Vec<String>> {
    let mut picked = Vec::new();
    for token in line.split(',').filter(|t| !t.trim().is_empty()) {
        let i = option_index(token, options.len())?;
        if !picked.contains(&options[i]) {
            picked.push(options[i].clone());
        }
    }
    let count_ok = if multiple {
        !picked.is_empty()
    } else {
        picked.len() == 1
    };
    count_ok.then_some(picked)
}

fn parse_bool(line: &str) -> Option<bool> {
    match line.to_ascii_lowercase().as_str() {
        "t" | "true" | "1" | "y" | "yes" => Some(true),
        "f" | "false" | "2" | "n" | "no" => Some(false),
        _ => None,
    }
}

fn parse_rating(line: &str, options: &[RateOption], default: Rating) -> Option<Rating> {
    if line.is_empty() {
        return Some(default);
    }
    let wanted = match line.to_ascii_lowercase().as_str() {
        "1" | "a" | "again" => Rating::Again,
        "2" | "h" | "hard" => Rating::Hard,
        "3" | "g" | "good" => Rating::Good,
        "4" | "e" | "easy" => Rating::Easy,
        _ => return None,
    };
    options.iter().any(|o| o.rating == wanted).then_some(wanted)
}

impl<R: BufRead, W: Write> Prompter for Plain<R, W> {
    fn say(&mut self, text: &str) -> io::Result<()> {
        self.show(text)
    }

    fn ask(&mut self, question: &Question) -> io::Result<Reply<Response>> {
        // Lines of their own, so the prompts scripts wait for stay the same.
        if self.offers.overrule {
            writeln!(
                self.output,
                "  (o: I was right, count my last answer as right)"
            )?;
        }
        if self.offers.undo {
            writeln!(self.output, "  (u takes back the last answer)")?;
        }
        match question {
            Question::Choice {
                prompt,
                options,
                multiple,
            } => {
                self.show(prompt)?;
                for (i, option) in options.iter().enumerate() {
                    self.show(&format!("  {}) {option}", i + 1))?;
                }
                let (ask, hint) = if *multiple {
                    (
                        "choose all that apply",
                        "type the numbers or letters of every right option, separated by commas (1,3), or q to quit",
                    )
                } else {
                    (
                        "choose one",
                        "type the number or letter of one option (2 or b), or q to quit",
                    )
                };
                let reply = self.until(ask, hint, |l| parse_choices(l, options, *multiple))?;
                Ok(reply.map(Response::Choices))
            }
            Question::TrueFalse { prompt } => {
                self.show(&format!("{prompt}\n  1) True\n  2) False"))?;
                let reply = self.until(
                    "true or false",
                    "type t or 1 for true, f or 2 for false, or q to quit",
                    parse_bool,
                )?;
                Ok(reply.map(Response::Bool))
            }
            Question::Text { prompt, hint } => {
                self.show(prompt)?;
                let reply = self.until(hint, "type an answer, or q to quit", |l| {
                    (!l.is_empty()).then(|| l.to_string())
                })?;
                Ok(reply.map(Response::Text))
            }
            Question::Reveal { front } => {
                self.show(front)?;
                Ok(match self.line("press Enter to show the answer")? {
                    Some(line) => {
                        typed_offer(&line, self.offers).unwrap_or(Reply::Answer(Response::Revealed))
                    }
                    None => Reply::Quit,
                })
            }
        }
    }

    fn rate(&mut self, options: &[RateOption], default: Rating) -> io::Result<Reply<Rating>> {
        let labels: Vec<String> = options
            .iter()
            .map(|o| format!("{}) {}", o.rating as u8, o.label))
            .collect();
        writeln!(self.output, "  {}", labels.join("   "))?;
        let prompt = format!("rate, Enter for {}", default.label());
        let hint = format!(
            "type one of {} or press Enter for {}; q quits",
            options
                .iter()
                .map(|o| (o.rating as u8).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            default.label()
        );
        self.until(&prompt, &hint, |l| parse_rating(l, options, default))
    }

    fn offer(&mut self, offers: Offers) {
        self.offers = offers;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompter(input: &str) -> Plain<&[u8], Vec<u8>> {
        Plain::new(input.as_bytes(), Vec::new())
    }

    fn options() -> Vec<String> {
        vec!["x".into(), "y".into(), "z".into()]
    }

    #[test]
    fn choices_by_number_or_letter_after_a_hint() {
        let mut p = prompter("7\nB\n");
        let q = Question::Choice {
            prompt: "pick".into(),
            options: options(),
            multiple: false,
        };
        assert_eq!(
            p.ask(&q).unwrap(),
            Reply::Answer(Response::Choices(vec!["y".into()]))
        );
        let out = String::from_utf8(p.output).unwrap();
        assert!(out.contains("  2) y"));
        assert_eq!(out.matches("? type the number or letter").count(), 1);
    }

    #[test]
    fn several_choices_are_separated_by_commas() {
        let mut p = prompter("1, c\n");
        let q = Question::Choice {
            prompt: "pick".into(),
            options: options(),
            multiple: true,
        };
        assert_eq!(
            p.ask(&q).unwrap(),
            Reply::Answer(Response::Choices(vec!["x".into(), "z".into()]))
        );
        let single = Question::Choice {
            prompt: "pick".into(),
            options: options(),
            multiple: false,
        };
        assert_eq!(prompter("1,2\n").ask(&single).unwrap(), Reply::Quit);
    }

    #[test]
    fn true_false_text_and_reveal() {
        let tf = Question::TrueFalse { prompt: "s".into() };
        assert_eq!(
            prompter("2\n").ask(&tf).unwrap(),
            Reply::Answer(Response::Bool(false))
        );
        assert_eq!(
            prompter("t\n").ask(&tf).unwrap(),
            Reply::Answer(Response::Bool(true))
        );
        let text = Question::Text {
            prompt: "n?".into(),
            hint: "a number".into(),
        };
        assert_eq!(
            prompter("\n 31 %\n").ask(&text).unwrap(),
            Reply::Answer(Response::Text("31 %".into()))
        );
        let reveal = Question::Reveal { front: "f".into() };
        assert_eq!(
            prompter("\n").ask(&reveal).unwrap(),
            Reply::Answer(Response::Revealed)
        );
    }

    #[test]
    fn q_and_end_of_input_quit() {
        let text = Question::Text {
            prompt: "n?".into(),
            hint: "a number".into(),
        };
        assert_eq!(prompter("q\n").ask(&text).unwrap(), Reply::Quit);
        assert_eq!(prompter("").ask(&text).unwrap(), Reply::Quit);
        assert_eq!(prompter("\n").ask(&text).unwrap(), Reply::Quit);
    }

    #[test]
    fn o_overrules_only_while_it_is_offered() {
        let truefalse = Question::TrueFalse { prompt: "p".into() };
        let mut p = prompter("o\n");
        p.offer(Offers {
            overrule: true,
            ..Offers::default()
        });
        assert_eq!(p.ask(&truefalse).unwrap(), Reply::Overrule);
        let out = String::from_utf8(p.output).unwrap();
        assert!(out.contains("(o: I was right"), "{out}");
        // Not offered: `o` is an ordinary line, refused by a true/false prompt.
        let mut p = prompter("o\nt\n");
        assert_eq!(
            p.ask(&truefalse).unwrap(),
            Reply::Answer(Response::Bool(true))
        );
        let text = Question::Text {
            prompt: "n?".into(),
            hint: "a short answer".into(),
        };
        assert_eq!(
            prompter("o\n").ask(&text).unwrap(),
            Reply::Answer(Response::Text("o".into()))
        );
    }

    #[test]
    fn u_undoes_only_while_undo_is_offered() {
        let text = Question::Text {
            prompt: "n?".into(),
            hint: "a short answer".into(),
        };
        let mut p = prompter("u\n");
        p.offer(Offers {
            undo: true,
            ..Offers::default()
        });
        assert_eq!(p.ask(&text).unwrap(), Reply::Undo);
        assert_eq!(
            prompter("u\n").ask(&text).unwrap(),
            Reply::Answer(Response::Text("u".into()))
        );
        let mut p = prompter("u\n");
        p.offer(Offers {
            undo: true,
            ..Offers::default()
        });
        let reveal = Question::Reveal { front: "f".into() };
        assert_eq!(p.ask(&reveal).unwrap(), Reply::Undo);
    }

    #[test]
    fn ratings_take_a_digit_or_the_default() {
        let options: Vec<RateOption> = [Rating::Hard, Rating::Good, Rating::Easy]
            .into_iter()
            .map(|rating| RateOption {
                rating,
                label: rating.label().into(),
            })
            .collect();
        assert_eq!(
            prompter("\n").rate(&options, Rating::Good).unwrap(),
            Reply::Answer(Rating::Good)
        );
        assert_eq!(
            prompter("4\n").rate(&options, Rating::Good).unwrap(),
            Reply::Answer(Rating::Easy)
        );
        // Again is not offered after a right answer.
        let mut p = prompter("1\n2\n");
        assert_eq!(
            p.rate(&options, Rating::Good).unwrap(),
            Reply::Answer(Rating::Hard)
        );
        assert!(
            String::from_utf8(p.output)
                .unwrap()
                .contains("? type one of 2, 3, 4")
        );
    }
}
