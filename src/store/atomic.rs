//! Replacing a file so that a crash leaves either the old or the new
//! content, never a mix: write a temporary file beside it, sync it, rename it
//! over the old one, then sync the folder so the rename itself is durable.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
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
    let temp = temp_path(path);
    let written = (|| {
        let mut out = BufWriter::new(File::create(&temp)?);
        write(&mut out)?;
        out.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(io::Error::new(e.kind(), format!("{}: {e}", temp.display())));
    }
    fs::rename(&temp, path)?;
    sync_dir(path)
}

/// Makes a rename or a file creation in `path`'s folder durable.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => File::open(dir)?.sync_all(),
        None => Ok(()),
    }
}

/// `state.json` → `state.json.tmp`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
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
        assert!(
            err.to_string().contains("f.json.tmp: disk on fire"),
            "{err}"
        );
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert!(!dir.path().join("f.json.tmp").exists());
        replace(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }
}
