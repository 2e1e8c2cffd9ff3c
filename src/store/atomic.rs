//! Replacing a file so that a crash leaves either the old or the new
//! content, never a mix: write a temporary file beside it, sync it, rename it
//! over the old one, then sync the folder so the rename itself is durable.
//!
//! Every file this module creates is created new (`O_EXCL`) and never through
//! a symbolic link (`O_NOFOLLOW`), and each temporary file has a random name
//! of its own (`NAME.tmp-RANDOM`): two writers never share one, and a link
//! planted under a predictable name cannot make trialdrill write elsewhere.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Replaces `path` with `body`.
pub fn replace(path: &Path, body: &[u8]) -> io::Result<()> {
    replace_with(path, |out| out.write_all(body))
}

/// Replaces `path` with what `write` writes. On failure the temporary file is
/// removed and `path` is untouched.
pub fn replace_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    // Closed before the folder is opened: one file open at a time.
    drop(replace_inner(path, false, write)?);
    sync_dir(path)
}

/// Like [`replace_with`], but the new file is locked (exclusive `flock`)
/// before it takes `path`'s name, and returned still locked: a file that is
/// its own lock (the review log) is never visible unlocked while the caller
/// replaces it.
pub fn replace_locked(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<File> {
    let file = replace_inner(path, true, write)?;
    sync_dir(path)?;
    Ok(file)
}

/// Writes the temporary file, syncs it and renames it over `path`; the
/// caller syncs the folder.
fn replace_inner(
    path: &Path,
    lock: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<File> {
    let (temp, file) = create_temp(path)?;
    let written = (|| {
        if lock {
            file.try_lock().map_err(io::Error::from)?;
        }
        let mut out = BufWriter::new(&file);
        write(&mut out)?;
        out.flush()?;
        drop(out);
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(io::Error::new(e.kind(), format!("{}: {e}", temp.display())));
    }
    if let Err(e) = fs::rename(&temp, path) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(file)
}

/// Creates `path`'s temporary file, `NAME.tmp-RANDOM`, readable and writable.
fn create_temp(path: &Path) -> io::Result<(PathBuf, File)> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{:016x}", rand::random::<u64>()));
    let temp = path.with_file_name(name);
    let file = create_new(&temp)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", temp.display())))?;
    Ok((temp, file))
}

/// Creates `path`, which must not exist yet, not even as a symbolic link;
/// open for reading and writing.
pub fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
}

/// Opens an existing file to read without following a symbolic link or
/// waiting on a FIFO, and refuses anything but a regular file.
pub fn open_regular(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    let file = options
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "it is a symbolic link; trialdrill keeps its files as plain files in the store folder",
                )
            } else {
                e
            }
        })?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    Ok(file)
}

/// A free name beside `path` for a copy set aside: `NAME.SUFFIX-STAMP` (see
/// [`claim`]).
pub fn set_aside<T>(
    path: &Path,
    suffix: &str,
    take: impl FnMut(&Path) -> io::Result<T>,
) -> io::Result<(PathBuf, T)> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    claim(&path.with_file_name(format!("{name}.{suffix}")), take)
}

/// Claims the first free name of `PREFIX-STAMP`, `PREFIX-STAMP-2`,
/// `PREFIX-STAMP-3`... (STAMP such as `20261125T134501Z`), so a retry within
/// the same second never overwrites an earlier one. `take` claims a
/// candidate with a call that fails with `AlreadyExists` when the name is
/// taken (a hard link, a new file or folder) and returns what it made.
pub fn claim<T>(
    prefix: &Path,
    mut take: impl FnMut(&Path) -> io::Result<T>,
) -> io::Result<(PathBuf, T)> {
    let stamp = super::now().strftime("%Y%m%dT%H%M%SZ");
    let name = prefix.file_name().unwrap_or_default().to_string_lossy();
    for n in 1..=1000 {
        let candidate = match n {
            1 => prefix.with_file_name(format!("{name}-{stamp}")),
            n => prefix.with_file_name(format!("{name}-{stamp}-{n}")),
        };
        match take(&candidate) {
            Ok(made) => return Ok((candidate, made)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{name}: a thousand copies were set aside within one second"),
    ))
}

/// Moves `path` aside under a free name (see [`set_aside`]) without ever
/// replacing another file: a hard link under the new name, then the old name
/// removed. Returns the new name.
pub fn move_aside(path: &Path, suffix: &str) -> io::Result<PathBuf> {
    let (aside, ()) = set_aside(path, suffix, |to| fs::hard_link(path, to))?;
    fs::remove_file(path)?;
    sync_dir(path)?;
    Ok(aside)
}

/// Makes a rename or a file creation in `path`'s folder durable.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => File::open(dir)?.sync_all(),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.json");
        replace(&path, b"old").unwrap();
        let err = replace_with(&path, |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("disk on fire"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("f.json.tmp-"), "{err}");
        assert!(err.to_string().contains("disk on fire"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary");
        replace(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn a_planted_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        fs::write(&outside, "precious").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(create_new(&link).is_err());
        let err = open_regular(&link, OpenOptions::new().read(true)).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(fs::read_to_string(&outside).unwrap(), "precious");
    }

    #[test]
    fn set_aside_names_never_collide_within_a_second() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let mut names = Vec::new();
        for body in ["one", "two", "three"] {
            fs::write(&path, body).unwrap();
            names.push(move_aside(&path, "damaged").unwrap());
        }
        let bodies: Vec<String> = names
            .iter()
            .map(|p| fs::read_to_string(p).unwrap())
            .collect();
        assert_eq!(bodies, ["one", "two", "three"]);
        assert!(!path.exists());
    }

    #[test]
    fn a_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let err = open_regular(&fifo, OpenOptions::new().read(true)).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }
}
