//! The learner's settings: `config.json` in the store folder, holding the
//! defaults changed once (new cards a day, review limit, desired retention,
//! leech threshold, day rollover hour). Only the keys the learner set are
//! written, so the others follow the program's defaults.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};

use super::{CONFIG_FILE, CONFIG_LOCK_FILE};
use crate::engine::schedule::{DEFAULT_RETENTION, LEECH_THRESHOLD, RETENTION_RANGE, ROLLOVER_HOUR};

/// The settings file format this program reads and writes.
pub const FORMAT: u32 = 1;

/// One setting: its key, name, meaning, default and allowed range. The one
/// table that parsing, checking, `config list`, `config set --help` and the
/// README's table all come from.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// The key.
    pub key: Key,
    /// Its name in `config.json` and on the command line.
    pub name: &'static str,
    /// What it does, in a phrase.
    pub about: &'static str,
    /// The value used when the learner has not set one.
    pub default: Value,
    /// The smallest value allowed.
    pub min: Value,
    /// The largest value allowed.
    pub max: Value,
}

impl Setting {
    /// The allowed values as the help and the README show them: `0-23`, or
    /// `true or false` for a switch.
    pub fn range_text(&self) -> String {
        match self.min {
            Value::Flag(_) => "true or false".into(),
            _ => format!("{}-{}", self.min, self.max),
        }
    }
}

/// Every setting, in the order `config list` shows them.
pub const SETTINGS: [Setting; 6] = [
    Setting {
        key: Key::NewPerDay,
        name: "new_per_day",
        about: "new cards introduced per study day",
        default: Value::Count(20),
        min: Value::Count(0),
        max: Value::Count(9999),
    },
    Setting {
        key: Key::ReviewLimit,
        name: "review_limit",
        about: "most due cards in one session",
        default: Value::Count(200),
        min: Value::Count(0),
        max: Value::Count(9999),
    },
    Setting {
        key: Key::DesiredRetention,
        name: "desired_retention",
        about: "recall probability reviews are timed for",
        default: Value::Ratio(DEFAULT_RETENTION),
        min: Value::Ratio(*RETENTION_RANGE.start()),
        max: Value::Ratio(*RETENTION_RANGE.end()),
    },
    Setting {
        key: Key::LeechThreshold,
        name: "leech_threshold",
        about: "failures after which a card is a leech",
        default: Value::Count(LEECH_THRESHOLD),
        min: Value::Count(1),
        max: Value::Count(99),
    },
    Setting {
        key: Key::RolloverHour,
        name: "rollover_hour",
        about: "local hour at which a new study day begins",
        default: Value::Count(ROLLOVER_HOUR),
        min: Value::Count(0),
        max: Value::Count(23),
    },
    Setting {
        key: Key::BurySiblings,
        name: "bury_siblings",
        about: "once a card is shown, cards from the same summary bullet wait for the next day",
        default: Value::Flag(true),
        min: Value::Flag(false),
        max: Value::Flag(true),
    },
];

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
    /// Whether a card's siblings wait for the next day once it was shown.
    #[value(name = "bury_siblings")]
    BurySiblings,
}

impl Key {
    /// The key's row of [`SETTINGS`].
    pub fn setting(self) -> &'static Setting {
        // SETTINGS lists the keys in declaration order (checked by a test).
        &SETTINGS[self as usize]
    }

    /// The key's name in `config.json`.
    pub fn name(self) -> &'static str {
        self.setting().name
    }

    /// What the setting does, in a phrase.
    pub fn about(self) -> &'static str {
        self.setting().about
    }

    /// The value used when the learner has not set one.
    pub fn default_value(self) -> Value {
        self.setting().default
    }

    /// The allowed values, smallest and largest.
    pub fn range(self) -> (Value, Value) {
        (self.setting().min, self.setting().max)
    }

    /// The key named `name` in `config.json`.
    fn named(name: &str) -> Option<Key> {
        SETTINGS.iter().find(|s| s.name == name).map(|s| s.key)
    }

    /// Reads a value for this key from text, refusing anything out of range.
    pub fn parse(self, text: &str) -> Result<Value, String> {
        let text = text.trim();
        let value = match self.default_value() {
            Value::Count(_) => text.parse().map(Value::Count).ok(),
            Value::Flag(_) => match text.to_ascii_lowercase().as_str() {
                "true" | "on" | "yes" | "1" => Some(Value::Flag(true)),
                "false" | "off" | "no" | "0" => Some(Value::Flag(false)),
                _ => None,
            },
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
            (Value::Flag(_), Value::Flag(_), Value::Flag(_)) => true,
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
        let allowed = match low {
            Value::Count(_) => format!("a whole number from {low} to {high}"),
            Value::Ratio(_) => format!("a number from {low} to {high}"),
            Value::Flag(_) => "true or false".to_string(),
        };
        format!(
            "{} must be {allowed} ({}); got `{}`",
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
    /// On or off.
    Flag(bool),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Count(n) => write!(f, "{n}"),
            Value::Ratio(r) => write!(f, "{r}"),
            Value::Flag(b) => write!(f, "{b}"),
        }
    }
}

/// The file as stored: its format, and only the keys the learner set, by
/// their place in [`SETTINGS`].
#[derive(Debug, Default, Clone, PartialEq)]
struct Stored {
    format: u32,
    values: [Option<Value>; SETTINGS.len()],
}

impl Serialize for Stored {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format", &self.format)?;
        for (setting, value) in SETTINGS.iter().zip(&self.values) {
            if let Some(value) = value {
                map.serialize_entry(setting.name, value)?;
            }
        }
        map.end()
    }
}

// Range checks run while parsing, so a bad value is reported at its line and column.
impl<'de> Deserialize<'de> for Stored {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Stored, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Stored;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of settings")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Stored, A::Error> {
                use serde::de::Error;
                let mut stored = Stored::default();
                let mut format = None;
                while let Some(name) = map.next_key::<String>()? {
                    if name == "format" {
                        format = Some(map.next_value::<u32>()?);
                        continue;
                    }
                    let Some(key) = Key::named(&name) else {
                        let names: Vec<&str> = SETTINGS.iter().map(|s| s.name).collect();
                        return Err(A::Error::custom(format!(
                            "unknown setting `{}`; the settings are {}",
                            name.escape_debug(),
                            names.join(", ")
                        )));
                    };
                    let value = match key.default_value() {
                        Value::Count(_) => Value::Count(map.next_value()?),
                        Value::Ratio(_) => Value::Ratio(map.next_value()?),
                        Value::Flag(_) => Value::Flag(map.next_value()?),
                    };
                    let slot = &mut stored.values[key as usize];
                    if slot.is_some() {
                        return Err(A::Error::custom(format!("`{name}` is set twice")));
                    }
                    *slot = Some(key.check(value).map_err(A::Error::custom)?);
                }
                stored.format = format.ok_or_else(|| A::Error::missing_field("format"))?;
                Ok(stored)
            }
        }
        deserializer.deserialize_map(Visitor)
    }
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
    #[error("cannot {action} {path}")]
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
                let (line, column) = SETTINGS
                    .iter()
                    .filter(|s| message.starts_with(s.name))
                    .find_map(|s| key_position(&text, s.name))
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
        let set = self.stored.values[key as usize];
        (set.unwrap_or_else(|| key.default_value()), set.is_some())
    }

    /// Sets `key` from text, refusing a value out of range (nothing changes then).
    pub fn set(&mut self, key: Key, text: &str) -> Result<Value, String> {
        let value = key.parse(text)?;
        self.stored.values[key as usize] = Some(value);
        Ok(value)
    }

    /// Waits for the settings lock of the store at `home` (creating the
    /// folder if need be) and holds it while the returned file is open: load,
    /// change and save under it, so two changes at once never lose one.
    pub fn lock(home: &Path) -> Result<std::fs::File, ConfigError> {
        let path = home.join(CONFIG_LOCK_FILE);
        let io = |action| {
            let path = path.clone();
            move |source| ConfigError::Io {
                action,
                path,
                source,
            }
        };
        std::fs::create_dir_all(home).map_err(io("create the folder of"))?;
        super::lock::exclusive(&path).map_err(io("lock"))
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
        crate::store::atomic::replace(&self.path, text.as_bytes()).map_err(io("replace"))
    }

    /// A whole-number setting's value.
    fn count(&self, key: Key) -> u32 {
        match self.get(key).0 {
            Value::Count(n) => n,
            // The table gives each key one kind, and parsing keeps to it.
            Value::Ratio(_) | Value::Flag(_) => 0,
        }
    }

    /// New cards introduced per study day.
    pub fn new_per_day(&self) -> usize {
        self.count(Key::NewPerDay) as usize
    }

    /// Most due cards in one session.
    pub fn review_limit(&self) -> usize {
        self.count(Key::ReviewLimit) as usize
    }

    /// The recall probability reviews are timed for.
    pub fn desired_retention(&self) -> f32 {
        match self.get(Key::DesiredRetention).0 {
            Value::Ratio(r) => r,
            Value::Count(_) | Value::Flag(_) => DEFAULT_RETENTION,
        }
    }

    /// Failures (Again ratings) after which a card counts as a leech.
    pub fn leech_threshold(&self) -> u32 {
        self.count(Key::LeechThreshold)
    }

    /// The local hour (0-23) at which a new study day begins.
    pub fn rollover_hour(&self) -> u32 {
        self.count(Key::RolloverHour)
    }

    /// Whether a card's siblings wait for the next day once it was shown.
    pub fn bury_siblings(&self) -> bool {
        !matches!(self.get(Key::BurySiblings).0, Value::Flag(false))
    }
}

/// The settings as `config set --help` lists them, from [`SETTINGS`].
pub fn help() -> String {
    let rows: Vec<String> = SETTINGS
        .iter()
        .map(|s| {
            format!(
                "  {:<18} {} ({}, default {})",
                s.name,
                s.about,
                s.range_text(),
                s.default
            )
        })
        .collect();
    format!(
        "Settings:\n{}\n\nCommand-line flags such as `study --new` override a setting for one run.\n\nExamples:\n  trialdrill config set new_per_day 10\n  trialdrill config set desired_retention 0.85",
        rows.join("\n")
    )
}

/// The README's table of settings, from [`SETTINGS`].
pub fn markdown_table() -> String {
    let mut table =
        String::from("| key | meaning | range | default |\n| --- | --- | --- | --- |\n");
    for s in &SETTINGS {
        table.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            s.name,
            s.about,
            s.range_text(),
            s.default
        ));
    }
    table
}

/// The 1-based line and column of `"key"` in `text`, found and placed in
/// one pass over it.
fn key_position(text: &[u8], key: &str) -> Option<(usize, usize)> {
    let needle = format!("\"{key}\"");
    let at = text
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())?;
    let at = crate::deck::LineIndex::from_bytes(&text[..at]).position(at);
    Some((at.line, at.column))
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
    fn the_table_lists_every_key_in_declaration_order() {
        for (i, setting) in SETTINGS.iter().enumerate() {
            assert_eq!(setting.key as usize, i, "{}", setting.name);
            assert_eq!(Key::named(setting.name), Some(setting.key));
            assert!(
                setting.key.check(setting.default).is_ok(),
                "{}",
                setting.name
            );
        }
    }

    #[test]
    fn the_readme_table_and_the_help_come_from_the_table() {
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains(&markdown_table()),
            "README.md's settings table differs from:\n{}",
            markdown_table()
        );
        assert!(help().contains("desired_retention  recall probability reviews are timed for (0.7-0.99, default 0.9)"), "{}", help());
    }

    #[test]
    fn unknown_and_repeated_keys_are_refused_where_they_stand() {
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join(CONFIG_FILE);
        std::fs::write(&path, "{\"format\": 1,\n \"new_per_dya\": 3}").unwrap();
        let error = Config::load(home.path()).unwrap_err().to_string();
        assert!(error.contains("config.json:2:"), "{error}");
        assert!(error.contains("unknown setting `new_per_dya`"), "{error}");
        std::fs::write(
            &path,
            "{\"format\": 1, \"new_per_day\": 3, \"new_per_day\": 4}",
        )
        .unwrap();
        let error = Config::load(home.path()).unwrap_err().to_string();
        assert!(error.contains("`new_per_day` is set twice"), "{error}");
    }

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

    #[test]
    fn a_value_out_of_range_on_one_line_is_reported_at_its_key() {
        let home = tempfile::tempdir().unwrap();
        let text = r#"{"format": 1, "new_per_day": 20, "desired_retention": 5}"#;
        std::fs::write(home.path().join(CONFIG_FILE), text).unwrap();
        let error = Config::load(home.path()).unwrap_err().to_string();
        assert!(
            error.contains("config.json:1:34: desired_retention"),
            "{error}"
        );
    }
}
