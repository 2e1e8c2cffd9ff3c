//! Where the store lives.

use std::path::PathBuf;

/// The environment variable naming the store folder.
pub const HOME_ENV: &str = "TRIALDRILL_HOME";

/// The platform gives no data folder for this user.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot find a data folder for this user (no home directory); pass --home DIR or set {HOME_ENV}"
)]
pub struct NoDataFolder;

/// The store folder: `--home`, else `$TRIALDRILL_HOME`, else the platform's
/// data folder (`$XDG_DATA_HOME/trialdrill` on Linux).
pub fn resolve(flag: Option<PathBuf>) -> Result<PathBuf, NoDataFolder> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(HOME_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "trialdrill")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(NoDataFolder)
}
