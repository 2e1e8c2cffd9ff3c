//! `trialdrill config ...`: read and change the settings in `config.json`.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::cli::ConfigCommand;
use crate::error::BadInput;
use crate::store::config::{Config, Key, SETTINGS};

/// Runs a `config` subcommand on the settings of the store in `home`.
pub fn run(command: ConfigCommand, home: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let mut config = Config::load(home)?;
    match command {
        ConfigCommand::List { output } if output.json => {
            let settings: Vec<_> = SETTINGS.iter().map(|s| entry(&config, s.key)).collect();
            let report = json!({ "file": config.path(), "settings": settings });
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        ConfigCommand::List { .. } => {
            for setting in &SETTINGS {
                let (value, set) = config.get(setting.key);
                let origin = if set { "set" } else { "default" };
                writeln!(
                    out,
                    "{:<18} {:<6} {origin:<8} {} ({})",
                    setting.name,
                    value.to_string(),
                    setting.about,
                    setting.range_text()
                )?;
            }
            writeln!(out, "file: {}", config.path().display())?;
        }
        ConfigCommand::Get { key, output } if output.json => {
            serde_json::to_writer_pretty(&mut *out, &entry(&config, key))?;
            writeln!(out)?;
        }
        ConfigCommand::Get { key, .. } => writeln!(out, "{}", config.get(key).0)?,
        ConfigCommand::Set { key, value } => {
            // Read again under the lock: another `config set` may have
            // saved since the first read.
            let _lock = Config::lock(home)?;
            config = Config::load(home)?;
            let value = config.set(key, &value).map_err(|why| {
                BadInput(format!(
                    "{why}; {} was left unchanged",
                    config.path().display()
                ))
            })?;
            config.save()?;
            writeln!(out, "{key} = {value}")?;
        }
    }
    Ok(())
}

/// One setting as JSON: key, value, whether set, range and meaning.
fn entry(config: &Config, key: Key) -> serde_json::Value {
    let (value, set) = config.get(key);
    let (low, high) = key.range();
    json!({
        "key": key.name(),
        "value": value,
        "set": set,
        "min": low,
        "max": high,
        "about": key.about(),
    })
}
