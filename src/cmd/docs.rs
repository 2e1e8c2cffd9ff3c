//! `trialdrill completions SHELL` and `trialdrill man`: documentation generated
//! from the command-line definition, so it never drifts from the real options.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Generator;

use crate::cli::Cli;

/// Writes the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> anyhow::Result<()> {
    let mut command = Cli::command();
    command.set_bin_name("trialdrill");
    command.build();
    // try_generate, unlike generate, returns a failed write (a closed pipe) instead of panicking.
    shell.try_generate(&command, out)?;
    Ok(())
}

/// Writes the manual page, in roff; its SUBCOMMANDS section lists every command.
pub fn man(out: &mut impl Write) -> anyhow::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(())
}
