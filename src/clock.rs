//! The system's local time zone, read straight from `/etc/localtime`.
//!
//! jiff's `TimeZone::system()` opens its zoneinfo database first, and opening
//! it lists every file under `/usr/share/zoneinfo` (so lookups by name can
//! ignore case): about seventy folders read on every start. Study days need
//! only the local zone's rules, which `/etc/localtime` holds, so it is read
//! alone; anything unusual (`TZ` set, no readable `/etc/localtime`) is left to
//! jiff.

use std::ffi::OsStr;
use std::path::Path;

use jiff::tz::TimeZone;

/// The file that holds the local zone's rules on Unix.
const LOCALTIME: &str = "/etc/localtime";

/// The system's time zone: `TZ` when it is set (an empty `TZ` means UTC),
/// else the rules in `/etc/localtime`.
pub fn local_zone() -> TimeZone {
    resolve(std::env::var_os("TZ").as_deref(), Path::new(LOCALTIME))
}

/// The zone `TZ` (when set) or the TZif file at `localtime` describes.
fn resolve(tz: Option<&OsStr>, localtime: &Path) -> TimeZone {
    match tz {
        None => read_tzif(localtime).unwrap_or_else(TimeZone::system),
        Some(tz) if tz.is_empty() => TimeZone::UTC,
        // A name, a path or a POSIX rule: jiff knows every form.
        Some(_) => TimeZone::system(),
    }
}

/// The zone in the TZif file at `path`, named after the zoneinfo entry it
/// links to (`/usr/share/zoneinfo/Europe/Paris` → `Europe/Paris`) when it is
/// a link.
fn read_tzif(path: &Path) -> Option<TimeZone> {
    let data = std::fs::read(path).ok()?;
    let target = std::fs::read_link(path).ok();
    let name = target
        .as_deref()
        .and_then(Path::to_str)
        .and_then(|t| t.rsplit_once("zoneinfo/"))
        .map_or("Local", |(_, name)| name);
    TimeZone::tzif(name, &data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    const TOKYO: &str = "/usr/share/zoneinfo/Asia/Tokyo";

    fn offset_hours(tz: &TimeZone) -> i32 {
        tz.to_offset(Timestamp::UNIX_EPOCH).seconds() / 3600
    }

    #[test]
    fn a_link_into_zoneinfo_gives_the_zone_and_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("localtime");
        std::os::unix::fs::symlink(TOKYO, &link).unwrap();
        let tz = resolve(None, &link);
        assert_eq!(offset_hours(&tz), 9);
        assert_eq!(tz.iana_name(), Some("Asia/Tokyo"));
    }

    #[test]
    fn a_copied_zone_file_gives_the_zone() {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("localtime");
        std::fs::copy(TOKYO, &copy).unwrap();
        assert_eq!(offset_hours(&resolve(None, &copy)), 9);
    }

    #[test]
    fn an_empty_tz_is_utc() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("localtime");
        std::os::unix::fs::symlink(TOKYO, &link).unwrap();
        assert_eq!(resolve(Some(OsStr::new("")), &link), TimeZone::UTC);
    }
}
