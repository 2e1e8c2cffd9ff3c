//! The learner's settings: `config.json` in the store folder, holding the
//! defaults changed once (new cards a day, review limit, desired retention,
//! leech threshold, day rollover hour). Only the keys the learner set are
//! written, so the others follow the program's defaults.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};

use crate::engine::schedule::{DEFAULT_RETENTION, ROLLOVER_HOUR};

/// The settings file's name, in the store folder.
pub const CONFIG_FILE: &str = "config.json";
/// The settings file format this program reads and writes.
pub const FORMAT: u32 = 1;

const DEFAULT_NEW_PER_DAY: u32 = 20;
const DEFAULT_REVIEW_LIMIT: u32 = 200;
/// The default leech threshold, as in Anki.
pub const DEFAULT_LEECH_THRESHOLD: u32 = 8;

/// A setting's name, as written in `config.json` and on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Key {
    /// New cards introduced per study day.
    #[value(name = "new_per_day")]
    NewPerDay,
    /// Most due cards in one session.
    #[value(name = "review_limit")]
    ReviewLimit,
    /// The recall probability reviews are timed for.
    #[value(name = "desired_retention")]
    DesiredRetention,
    /// Failures after which a card counts as a leech.
    #[value(name = "leech_threshold")]
    LeechThreshold,
    /// The local hour at which a new study day begins.
    #[value(name = "rollover_hour")]
    RolloverHour,
}

impl Key {
    /// Every key, in the order `config list` shows them.
    pub const ALL: [Key; 5] = [
        Key::NewPerDay,
        Key::ReviewLimit,
        Key::DesiredRetention,
        Key::LeechThreshold,
        Key::RolloverHour,
    ];

    /// The key's name in `config.json`.
    pub fn name(self) -> &'static str {
        match self {
            Key::NewPerDay => "new_per_day",
            Key::ReviewLimit => "review_limit",
            Key::DesiredRetention => "desired_retention",
            Key::LeechThreshold => "leech_threshold",
            Key::RolloverHour => "rollover_hour",
        }
    }

    /// What the setting does, in a phrase.
    pub fn about(self) -> &'static str {
        match self {
            Key::NewPerDay => "new cards introduced per study day",
            Key::ReviewLimit => "most due cards in one session",
            Key::DesiredRetention => "recall probability reviews are timed for",
            Key::LeechThreshold => "failures after which a card is a leech",
            Key::RolloverHour => "local hour at which a new study day begins",
        }
    }

    /// The value used when the learner has not set one.
    pub fn default_value(self) -> Value {
        match self {
            Key::NewPerDay => Value::Count(DEFAULT_NEW_PER_DAY),
            Key::ReviewLimit => Value::Count(DEFAULT_REVIEW_LIMIT),
            Key::DesiredRetention => Value::Ratio(DEFAULT_RETENTION),
            Key::LeechThreshold => Value::Count(DEFAULT_LEECH_THRESHOLD),
            Key::RolloverHour => Value::Count(ROLLOVER_HOUR),
        }
    }

    /// The allowed values, smallest and largest.
    pub fn range(self) -> (Value, Value) {
        match self {
            Key::NewPerDay | Key::ReviewLimit => (Value::Count(0), Value::Count(9999)),
            Key::DesiredRetention => (Value::Ratio(0.7), Value::Ratio(0.99)),
            Key::LeechThreshold => (Value::Count(1), Value::Count(99)),
            Key::RolloverHour => (Value::Count(0), Value::Count(23)),
        }
    }

    /// Reads a value for this key from text, refusing anything out of range.
    pub fn parse(self, text: &str) -> Result<Value, String> {
        let text = text.trim();
        let value = match self.default_value() {
            Value::Count(_) => text.parse().map(Value::Count).ok(),
            Value::Ratio(_) => text
                .parse::<f32>()
                .ok()
                .filter(|r| r.is_finite())
                .map(Value::Ratio),
        };
        match value {
            Some(value) => self.check(value),
            None => Err(self.refusal(text)),
        }
    }

    /// `value` when it lies within the key's range, else a message giving the range.
    pub fn check(self, value: Value) -> Result<Value, String> {
        let (low, high) = self.range();
        let inside = match (value, low, high) {
            (Value::Count(v), Value::Count(l), Value::Count(h)) => (l..=h).contains(&v),
            (Value::Ratio(v), Value::Ratio(l), Value::Ratio(h)) => (l..=h).contains(&v),
            _ => false,
        };
        if inside {
            Ok(value)
        } else {
            Err(self.refusal(&value.to_string()))
        }
    }

    fn refusal(self, got: &str) -> String {
        let (low, high) = self.range();
        let kind = match low {
            Value::Count(_) => "a whole number",
            Value::Ratio(_) => "a number",
        };
        format!(
            "{} must be {kind} from {low} to {high} ({}); got `{}`",
            self.name(),
            self.about(),
            got.escape_debug()
        )
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A setting's value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A whole number (cards, failures, an hour).
    Count(u32),
    /// A proportion (retention).
    Ratio(f32),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Count(n) => write!(f, "{n}"),
            Value::Ratio(r) => write!(f, "{r}"),
        }
    }
}

/// The file as stored: its format, and only the keys the learner set.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    format: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "new_per_day")]
    new_per_day: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "review_limit")]
    review_limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "desired_retention")]
    desired_retention: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "leech_threshold")]
    leech_threshold: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "rollover_hour")]
    rollover_hour: Option<u32>,
}

// Range checks run while parsing, so a bad value is reported at its line and column.
fn checked_count<'de, D: Deserializer<'de>>(d: D, key: Key) -> Result<Option<u32>, D::Error> {
    let n = u32::deserialize(d)?;
    key.check(Value::Count(n))
        .map(|_| Some(n))
        .map_err(serde::de::Error::custom)
}

fn new_per_day<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    checked_count(d, Key::NewPerDay)
}

fn review_limit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    checked_count(d, Key::ReviewLimit)
}

fn leech_threshold<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    checked_count(d, Key::LeechThreshold)
}

fn rollover_hour<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    checked_count(d, Key::RolloverHour)
}

fn desired_retention<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    let r = f32::deserialize(d)?;
    Key::DesiredRetention
        .check(Value::Ratio(r))
        .map(|_| Some(r))
        .map_err(serde::de::Error::custom)
}

/// What went wrong with the settings file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file is not valid settings; it is left as it is.
    #[error(
        "{path}:{line}:{column}: {message}; fix the file by hand or delete it to return to the defaults (it was left unchanged)"
    )]
    Damaged {
        /// The settings file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file was written by a newer trialdrill.
    #[error(
        "{path} has settings format {found}; this trialdrill reads format {FORMAT}; upgrade trialdrill"
    )]
    Newer {
        /// The settings file.
        path: PathBuf,
        /// Its format.
        found: u32,
    },
    /// Reading or writing the file failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The settings file.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
}

impl ConfigError {
    /// Whether the learner can fix it by editing the file (exit status 2).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, ConfigError::Io { .. })
    }
}

/// The settings of one store.
#[derive(Debug, Clone)]
pub struct Config {
    path: PathBuf,
    stored: Stored,
}

impl Config {
    /// Reads `config.json` in `home`; a missing file means every default.
    pub fn load(home: &Path) -> Result<Config, ConfigError> {
        let path = home.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Config {
                    path,
                    stored: Stored {
                        format: FORMAT,
                        ..Stored::default()
                    },
                });
            }
            Err(source) => {
                return Err(ConfigError::Io {
                    action: "read",
                    path,
                    source,
                });
            }
        };
        let stored: Stored = match serde_json::from_slice(&text) {
            Ok(stored) => stored,
            Err(e) => {
                let message = damage(&e);
                // serde_json places a range error after the value; point at its key instead.
                let (line, column) = Key::ALL
                    .iter()
                    .filter(|k| message.starts_with(k.name()))
                    .find_map(|k| key_position(&text, k.name()))
                    .unwrap_or((e.line().max(1), e.column().max(1)));
                return Err(ConfigError::Damaged {
                    path,
                    line,
                    column,
                    message,
                });
            }
        };
        if stored.format > FORMAT {
            return Err(ConfigError::Newer {
                found: stored.format,
                path,
            });
        }
        if stored.format < FORMAT {
            let (line, column) = key_position(&text, "format").unwrap_or((1, 1));
            return Err(ConfigError::Damaged {
                path,
                line,
                column,
                message: format!(
                    "settings format {} does not exist; write {FORMAT}",
                    stored.format
                ),
            });
        }
        Ok(Config { path, stored })
    }

    /// The settings file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A setting's value, and whether the learner set it.
    pub fn get(&self, key: Key) -> (Value, bool) {
        let s = &self.stored;
        let set = match key {
            Key::NewPerDay => s.new_per_day.map(Value::Count),
            Key::ReviewLimit => s.review_limit.map(Value::Count),
            Key::DesiredRetention => s.desired_retention.map(Value::Ratio),
            Key::LeechThreshold => s.leech_threshold.map(Value::Count),
            Key::RolloverHour => s.rollover_hour.map(Value::Count),
        };
        (set.unwrap_or_else(|| key.default_value()), set.is_some())
    }

    /// Sets `key` from text, refusing a value out of range (nothing changes then).
    pub fn set(&mut self, key: Key, text: &str) -> Result<Value, String> {
        let value = key.parse(text)?;
        let s = &mut self.stored;
        match (key, value) {
            (Key::NewPerDay, Value::Count(n)) => s.new_per_day = Some(n),
            (Key::ReviewLimit, Value::Count(n)) => s.review_limit = Some(n),
            (Key::LeechThreshold, Value::Count(n)) => s.leech_threshold = Some(n),
            (Key::RolloverHour, Value::Count(n)) => s.rollover_hour = Some(n),
            (Key::DesiredRetention, Value::Ratio(r)) => s.desired_retention = Some(r),
            _ => return Err(key.refusal(text)),
        }
        Ok(value)
    }

    /// Writes the settings atomically, creating the store folder if needed.
    pub fn save(&self) -> Result<(), ConfigError> {
        let io = |action| {
            move |source| ConfigError::Io {
                action,
                path: self.path.clone(),
                source,
            }
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io("create the folder of"))?;
        }
        let mut text = serde_json::to_string_pretty(&self.stored)
            .map_err(|e| io("encode")(std::io::Error::other(e)))?;
        text.push('\n');
        crate::atomic::replace(&self.path, text.as_bytes()).map_err(io("replace"))
    }

    /// New cards introduced per study day.
    pub fn new_per_day(&self) -> usize {
        self.stored.new_per_day.unwrap_or(DEFAULT_NEW_PER_DAY) as usize
    }

    /// Most due cards in one session.
    pub fn review_limit(&self) -> usize {
        self.stored.review_limit.unwrap_or(DEFAULT_REVIEW_LIMIT) as usize
    }

    /// The recall probability reviews are timed for.
    pub fn desired_retention(&self) -> f32 {
        self.stored.desired_retention.unwrap_or(DEFAULT_RETENTION)
    }

    /// Failures (Again ratings) after which a card counts as a leech.
    pub fn leech_threshold(&self) -> u32 {
        self.stored
            .leech_threshold
            .unwrap_or(DEFAULT_LEECH_THRESHOLD)
    }

    /// The local hour (0-23) at which a new study day begins.
    pub fn rollover_hour(&self) -> u32 {
        self.stored.rollover_hour.unwrap_or(ROLLOVER_HOUR)
    }
}

/// The 1-based line and column of `"key"` in `text`.
fn key_position(text: &[u8], key: &str) -> Option<(usize, usize)> {
    let needle = format!("\"{key}\"");
    let at = text
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())?;
    let before = String::from_utf8_lossy(&text[..at]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// serde_json's message without its own " at line L column C" suffix.
fn damage(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_at_the_ends_of_each_range_are_accepted_and_beyond_refused() {
        assert_eq!(Key::DesiredRetention.parse("0.7"), Ok(Value::Ratio(0.7)));
        assert_eq!(
            Key::DesiredRetention.parse(" 0.99 "),
            Ok(Value::Ratio(0.99))
        );
        assert_eq!(Key::RolloverHour.parse("0"), Ok(Value::Count(0)));
        assert_eq!(Key::RolloverHour.parse("23"), Ok(Value::Count(23)));
        for (key, text) in [
            (Key::DesiredRetention, "0.69"),
            (Key::DesiredRetention, "inf"),
            (Key::RolloverHour, "24"),
            (Key::LeechThreshold, "0"),
            (Key::NewPerDay, "1.5"),
            (Key::ReviewLimit, "10000"),
        ] {
            let refusal = key.parse(text).unwrap_err();
            assert!(refusal.starts_with(key.name()), "{refusal}");
            assert!(refusal.contains(" to "), "{refusal}");
        }
    }

    #[test]
    fn unset_keys_follow_the_defaults_and_set_ones_are_kept() {
        let home = tempfile::tempdir().unwrap();
        let mut config = Config::load(home.path()).unwrap();
        assert_eq!(config.leech_threshold(), 8);
        assert_eq!(config.rollover_hour(), 4);
        assert_eq!(config.get(Key::NewPerDay), (Value::Count(20), false));
        config.set(Key::LeechThreshold, "5").unwrap();
        assert!(config.set(Key::NewPerDay, "-3").is_err());
        config.save().unwrap();
        let again = Config::load(home.path()).unwrap();
        assert_eq!(again.leech_threshold(), 5);
        assert_eq!(again.get(Key::NewPerDay), (Value::Count(20), false));
        assert_eq!(again.review_limit(), 200);
    }

    #[test]
    fn an_unknown_older_format_is_reported_at_its_key() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(CONFIG_FILE), "{\n  \"format\": 0\n}\n").unwrap();
        let error = Config::load(home.path()).unwrap_err().to_string();
        assert!(
            error.contains("config.json:2:3: settings format 0"),
            "{error}"
        );
    }
}
