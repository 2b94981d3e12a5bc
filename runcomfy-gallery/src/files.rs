//! The two ways this crate touches the disk: a bounded read of a regular file, and an atomic
//! replace (temporary file in the same folder, synced, renamed over the old one).

use std::io::{Read as _, Write as _};
use std::path::Path;

use crate::Error;

/// Reads `path` whole, refusing anything but a regular file (a FIFO or a device would hang
/// or never end) and anything larger than `max` bytes. `Ok(None)` when it does not exist.
pub(crate) fn read_bounded(path: &Path, max: u64) -> Result<Option<Vec<u8>>, Error> {
    // Checked before opening: opening a FIFO blocks until a writer comes.
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("cannot read", path, e)),
    };
    if !meta.is_file() {
        return Err(Error::NotAFile { path: path.to_owned() });
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io("cannot open", path, e))?;
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("cannot read", path, e))?;
    if bytes.len() as u64 > max {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            max,
        });
    }
    Ok(Some(bytes))
}

/// Replaces `dir/name` with `parts` written one after the other: readers see the old file or
/// the new one, never a part. The new file is synced before the rename, and readable by
/// everyone the umask allows (a temporary file alone would be private).
pub(crate) fn replace(dir: &Path, name: &str, parts: &[&[u8]]) -> Result<(), Error> {
    let target = dir.join(name);
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot create a temporary file in", dir, e))?;
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file());
        for part in parts {
            w.write_all(part)
                .map_err(|e| Error::io("cannot write", tmp.path(), e))?;
        }
        w.flush().map_err(|e| Error::io("cannot write", tmp.path(), e))?;
    }
    tmp.as_file()
        .sync_data()
        .map_err(|e| Error::io("cannot sync", tmp.path(), e))?;
    tmp.persist(&target)
        .map_err(|e| Error::io("cannot replace", &target, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_capped_and_only_of_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_bounded(&dir.path().join("missing"), 10).unwrap().is_none());
        std::fs::write(dir.path().join("f"), b"0123456789").unwrap();
        assert_eq!(read_bounded(&dir.path().join("f"), 10).unwrap().unwrap().len(), 10);
        assert!(matches!(
            read_bounded(&dir.path().join("f"), 9),
            Err(Error::TooLarge { max: 9, .. })
        ));
        assert!(matches!(read_bounded(dir.path(), 9), Err(Error::NotAFile { .. })));
        #[cfg(unix)]
        {
            assert!(matches!(
                read_bounded(Path::new("/dev/zero"), 9),
                Err(Error::NotAFile { .. })
            ));
            let link = dir.path().join("loop");
            std::os::unix::fs::symlink(&link, &link).unwrap();
            assert!(matches!(read_bounded(&link, 9), Err(Error::Io { .. })));
        }
    }

    #[test]
    fn replace_leaves_the_new_content_readable_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        replace(dir.path(), "a.txt", &[b"old"]).unwrap();
        replace(dir.path(), "a.txt", &[b"ne", b"w"]).unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.txt")).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.txt"], "no temporary left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |name: &str| std::fs::metadata(dir.path().join(name)).unwrap().permissions().mode() & 0o777;
            // As readable as a file the user creates (0666 less the umask), not private.
            std::fs::write(dir.path().join("plain"), b"").unwrap();
            assert_eq!(mode("a.txt") & 0o644, mode("plain") & 0o644);
        }
    }
}
