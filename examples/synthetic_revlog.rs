//! Writes the review history of a synthetic learner (memory following
//! `TRUE_PARAMETERS`) as an FSRS CSV file, to measure importing and fitting
//! on logs of any size:
//!
//! ```text
//! cargo run --release --example synthetic_revlog -- CARDS DAYS NEW_PER_DAY SEED OUT.csv
//! ```

use std::fs::File;
use std::io::BufWriter;

use trialdrill::history::optimize::synthetic::{self, Learner, TRUE_PARAMETERS};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cards, days, new_per_day, seed, out] = args.as_slice() else {
        anyhow::bail!("usage: synthetic_revlog CARDS DAYS NEW_PER_DAY SEED OUT.csv");
    };
    let learner = Learner {
        cards: cards.parse()?,
        days: days.parse()?,
        new_per_day: new_per_day.parse()?,
        seed: seed.parse()?,
    };
    let rows =
        synthetic::history(learner, &TRUE_PARAMETERS).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    trialdrill::history::revlog::write(&rows, BufWriter::new(File::create(out)?))?;
    eprintln!(
        "{} reviews of {} cards written to {out}",
        rows.len(),
        learner.cards
    );
    Ok(())
}
