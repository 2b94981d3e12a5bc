//! Reading local files safely: the one way the programs read a file from the user's disk
//! (token file, cache entries, run-times file, schema folders, batch files, sidecars,
//! `--schema FILE`, `--input-file`, media paths).
//!
//! * Regular files only. A FIFO, a device, a socket or a directory is an error that says
//!   what was found, and finding it out never blocks: the path is checked before it is
//!   opened (a device is never opened), opened without blocking (a path swapped for a FIFO
//!   in between does not hang the open), and the opened file is checked again.
//! * A size cap: a file larger than the cap is refused from its size, and the read stops at
//!   the cap whatever the size said (a file that grows, a `/proc` file of size 0).
//! * Folders ([`walk`]) are walked within bounds: a depth cap, an entry-count cap, each
//!   folder read once (a link back to a folder already read is reported, not followed
//!   again), and a link that leads out of the folder is reported, not followed.
//! * Every error names the path and what was found there (`a FIFO, not a regular file`,
//!   `larger than 1048576 bytes`, `a link out of the folder schemas`).
//!
//! Standard input (`-`) is the caller's: read it with [`read_capped`].
//!
//! ```
//! use runcomfy_schema::local_file;
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("token.json");
//! std::fs::write(&path, r#"{"access_token": "t"}"#).unwrap();
//! assert_eq!(local_file::read_to_string(&path, 4096).unwrap(), r#"{"access_token": "t"}"#);
//! let err = local_file::read(&path, 8).unwrap_err();
//! assert!(err.to_string().ends_with("token.json: larger than 8 bytes"), "{err}");
//! let err = local_file::read(dir.path(), 8).unwrap_err();
//! assert!(err.to_string().ends_with(": a directory, not a regular file"), "{err}");
//! ```

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What a path turned out to be, when that is not what was wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Found {
    /// A regular file.
    File,
    /// A directory.
    Directory,
    /// A named pipe.
    Fifo,
    /// A Unix domain socket.
    Socket,
    /// A character device (`/dev/zero`, a terminal).
    CharDevice,
    /// A block device (a disk).
    BlockDevice,
    /// Something else.
    Other,
}

impl Found {
    /// What `meta` (of a path, links followed) says the path is.
    pub fn of(meta: &Metadata) -> Found {
        let t = meta.file_type();
        if t.is_file() {
            return Found::File;
        }
        if t.is_dir() {
            return Found::Directory;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Found::Fifo;
            }
            if t.is_socket() {
                return Found::Socket;
            }
            if t.is_char_device() {
                return Found::CharDevice;
            }
            if t.is_block_device() {
                return Found::BlockDevice;
            }
        }
        Found::Other
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Found::File => "a regular file",
            Found::Directory => "a directory",
            Found::Fifo => "a FIFO",
            Found::Socket => "a socket",
            Found::CharDevice => "a character device",
            Found::BlockDevice => "a block device",
            Found::Other => "neither a file nor a directory",
        })
    }
}

/// What is wrong with a path.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Nothing is there (or a link leads nowhere).
    NotFound,
    /// Something other than a regular file.
    NotAFile(Found),
    /// Something other than a directory, where a folder was to be walked.
    NotAFolder(Found),
    /// Larger than the cap.
    TooLarge {
        /// The cap, in bytes.
        max_bytes: u64,
    },
    /// Not UTF-8 text.
    NotUtf8(std::str::Utf8Error),
    /// Symbolic links that lead to each other (or too many levels of them).
    SymlinkLoop,
    /// A link, in a folder being walked, to a place outside the folder.
    LinkOutOfFolder {
        /// The folder being walked.
        folder: PathBuf,
        /// Where the link leads.
        target: PathBuf,
    },
    /// A second path (a link) to a folder that the walk has read already.
    FolderSeen {
        /// The path the folder was first read by.
        first: PathBuf,
    },
    /// A folder deeper than the walk's depth cap.
    TooDeep {
        /// The cap, in folder levels below the walked folder.
        max_depth: usize,
    },
    /// A folder tree with more entries than the walk's cap; the rest is not read.
    TooManyEntries {
        /// The cap.
        max_entries: usize,
    },
    /// Any other error of the system.
    Io(io::Error),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::NotFound => f.write_str("not found"),
            ErrorKind::NotAFile(found) => write!(f, "{found}, not a regular file"),
            ErrorKind::NotAFolder(found) => write!(f, "{found}, not a folder"),
            ErrorKind::TooLarge { max_bytes } => write!(f, "larger than {max_bytes} bytes"),
            ErrorKind::NotUtf8(e) => write!(f, "not UTF-8 text: {e}"),
            ErrorKind::SymlinkLoop => f.write_str("a symlink loop (links that lead to each other)"),
            ErrorKind::LinkOutOfFolder { folder, target } => write!(
                f,
                "a link out of the folder {} (to {}); not followed",
                folder.display(),
                target.display()
            ),
            ErrorKind::FolderSeen { first } => write!(
                f,
                "a second path to the folder {}, read already (a link loop or an alias); not followed",
                first.display()
            ),
            ErrorKind::TooDeep { max_depth } => {
                write!(f, "more than {max_depth} folders deep; not read")
            }
            ErrorKind::TooManyEntries { max_entries } => {
                write!(f, "more than {max_entries} entries in the folder; the rest is not read")
            }
            ErrorKind::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

/// A local file that cannot be read, or a problem found while walking a folder: the path
/// and what is wrong with it. Displays as `<path>: <what>`.
#[derive(Debug)]
pub struct Error {
    path: PathBuf,
    kind: ErrorKind,
}

impl Error {
    /// An error at `path`.
    pub fn new(path: impl Into<PathBuf>, kind: ErrorKind) -> Self {
        Error {
            path: path.into(),
            kind,
        }
    }

    /// An error of the system at `path`, sorted: nothing there, a symlink loop, or other.
    pub fn io(path: impl Into<PathBuf>, e: io::Error) -> Self {
        let kind = if e.kind() == io::ErrorKind::NotFound {
            ErrorKind::NotFound
        } else if is_symlink_loop(&e) {
            ErrorKind::SymlinkLoop
        } else {
            ErrorKind::Io(e)
        };
        Error::new(path, kind)
    }

    /// The path, as the caller named it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What is wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Nothing is there? (Callers for which a missing file is normal, such as a token file
    /// or a cache entry, check this.)
    pub fn is_not_found(&self) -> bool {
        matches!(self.kind, ErrorKind::NotFound)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.kind)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            ErrorKind::NotUtf8(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(unix)]
fn is_symlink_loop(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_symlink_loop(_: &io::Error) -> bool {
    false
}

/// Opens a regular file for reading, links followed, without blocking on what is not one:
/// anything else is an error that says what it is.
pub fn open(path: &Path) -> Result<File, Error> {
    open_regular(path).map(|(file, _)| file)
}

/// [`open`], with the opened file's metadata.
fn open_regular(path: &Path) -> Result<(File, Metadata), Error> {
    // What the path is, before opening it: a device is never opened (opening some has
    // effects of its own).
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    check_file(path, &meta)?;
    // Opened without blocking, so that a path swapped for a FIFO since does not hang here,
    // and then checked again: what was opened is what is read.
    let file = open_nonblocking(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    check_file(path, &meta)?;
    Ok((file, meta))
}

fn check_file(path: &Path, meta: &Metadata) -> Result<(), Error> {
    match Found::of(meta) {
        Found::File => Ok(()),
        other => Err(Error::new(path, ErrorKind::NotAFile(other))),
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NOCTTY: a terminal opened here never becomes the controlling one.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Reads a regular file of at most `max_bytes` bytes. A larger file is refused from its
/// size without being read, and the read stops at the cap whatever the size said.
pub fn read(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Error> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > max_bytes {
        return Err(Error::new(path, ErrorKind::TooLarge { max_bytes }));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    read_into(file, max_bytes, path, &mut bytes)?;
    Ok(bytes)
}

/// [`read`], as UTF-8 text.
pub fn read_to_string(path: &Path, max_bytes: u64) -> Result<String, Error> {
    let bytes = read(path, max_bytes)?;
    String::from_utf8(bytes).map_err(|e| Error::new(path, ErrorKind::NotUtf8(e.utf8_error())))
}

/// Reads what `reader` gives, at most `max_bytes` (the read stops one byte past the cap and
/// says so); `name` names it in errors (standard input as `-`, say).
pub fn read_capped(reader: impl Read, max_bytes: u64, name: &Path) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    read_into(reader, max_bytes, name, &mut bytes)?;
    Ok(bytes)
}

fn read_into(reader: impl Read, max_bytes: u64, name: &Path, bytes: &mut Vec<u8>) -> Result<(), Error> {
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(bytes)
        .map_err(|e| Error::io(name, e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(Error::new(name, ErrorKind::TooLarge { max_bytes }));
    }
    Ok(())
}

/// The bounds of a [`walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkLimits {
    /// How many folder levels below the walked folder are read (a folder deeper than this
    /// is reported and not read).
    pub max_depth: usize,
    /// How many entries (files, folders, links, anything) are looked at in all; past this
    /// the walk stops and says so.
    pub max_entries: usize,
    /// Leave out entries whose name starts with `.` (`.git`, editor swap files).
    pub skip_hidden: bool,
}

impl Default for WalkLimits {
    /// 16 levels, 100,000 entries, hidden entries left out.
    fn default() -> Self {
        WalkLimits {
            max_depth: 16,
            max_entries: 100_000,
            skip_hidden: true,
        }
    }
}

/// What a [`walk`] found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The regular files the caller wanted, each as the folder's path joined with its path
    /// below the folder (links inside the folder are followed under their own names), in
    /// order: each folder's entries sorted by name, a folder's files where it sorts.
    pub files: Vec<PathBuf>,
    /// What was not read, and why: a wanted entry that is not a regular file, a link loop, a
    /// link out of the folder, a second path to a folder, a folder too deep, too many
    /// entries, a folder or link that cannot be read.
    pub problems: Vec<Error>,
}

/// Walks the folder `dir` within `limits`, keeping the regular files for which
/// `wanted(path)` holds. Links are followed only within the folder (where `dir` itself
/// leads, when it is a link). An error only when `dir` itself cannot be walked.
///
/// ```
/// use runcomfy_schema::local_file::{self, WalkLimits};
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::create_dir_all(dir.path().join("acme")).unwrap();
/// std::fs::write(dir.path().join("acme/m.json"), "{}").unwrap();
/// std::fs::write(dir.path().join("notes.txt"), "").unwrap();
/// let walk = local_file::walk(dir.path(), &WalkLimits::default(), |p| {
///     p.extension().is_some_and(|e| e == "json")
/// })
/// .unwrap();
/// assert_eq!(walk.files, [dir.path().join("acme/m.json")]);
/// assert!(walk.problems.is_empty());
/// ```
pub fn walk(dir: &Path, limits: &WalkLimits, mut wanted: impl FnMut(&Path) -> bool) -> Result<Walk, Error> {
    let meta = std::fs::metadata(dir).map_err(|e| Error::io(dir, e))?;
    match Found::of(&meta) {
        Found::Directory => {}
        other => return Err(Error::new(dir, ErrorKind::NotAFolder(other))),
    }
    let root = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let mut w = Walker {
        root,
        limits,
        wanted: &mut wanted,
        seen: HashMap::new(),
        entries: 0,
        stopped: false,
        out: Walk::default(),
    };
    w.first_visit(dir, &meta);
    w.folder(dir, 0);
    Ok(w.out)
}

/// A folder's identity: device and inode where there are such, else its canonical path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FolderId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn folder_id(path: &Path, meta: &Metadata) -> FolderId {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        FolderId::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        FolderId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

struct Walker<'a, F> {
    /// The walked folder, canonical: links must lead below it.
    root: PathBuf,
    limits: &'a WalkLimits,
    wanted: &'a mut F,
    /// Folders read (or being read), each with the path it was first reached by.
    seen: HashMap<FolderId, PathBuf>,
    entries: usize,
    stopped: bool,
    out: Walk,
}

impl<F: FnMut(&Path) -> bool> Walker<'_, F> {
    /// Marks a folder as read; `false` (and a problem) when it was already.
    fn first_visit(&mut self, path: &Path, meta: &Metadata) -> bool {
        match self.seen.entry(folder_id(path, meta)) {
            Entry::Vacant(e) => {
                e.insert(path.to_path_buf());
                true
            }
            Entry::Occupied(e) => {
                let first = e.get().clone();
                self.problem(path, ErrorKind::FolderSeen { first });
                false
            }
        }
    }

    fn problem(&mut self, path: &Path, kind: ErrorKind) {
        self.out.problems.push(Error::new(path, kind));
    }

    /// Reads one folder, `depth` levels below the walked one.
    fn folder(&mut self, dir: &Path, depth: usize) {
        let list = match std::fs::read_dir(dir) {
            Ok(list) => list,
            Err(e) => {
                self.out.problems.push(Error::io(dir, e));
                return;
            }
        };
        let mut names = Vec::new();
        for entry in list {
            if self.stopped {
                return;
            }
            self.entries += 1;
            if self.entries > self.limits.max_entries {
                self.stopped = true;
                let max_entries = self.limits.max_entries;
                self.problem(dir, ErrorKind::TooManyEntries { max_entries });
                return;
            }
            match entry {
                Ok(e) => names.push(e.file_name()),
                Err(e) => self.out.problems.push(Error::io(dir, e)),
            }
        }
        names.sort();
        for name in names {
            if self.stopped {
                return;
            }
            if self.limits.skip_hidden && name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = dir.join(&name);
            self.entry(&path, depth);
        }
    }

    /// One entry of a folder `depth` levels below the walked one.
    fn entry(&mut self, path: &Path, depth: usize) {
        let lmeta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) => {
                self.out.problems.push(Error::io(path, e));
                return;
            }
        };
        let meta = if lmeta.file_type().is_symlink() {
            match self.follow(path) {
                Some(meta) => meta,
                None => return,
            }
        } else {
            lmeta
        };
        match Found::of(&meta) {
            Found::Directory => {
                if depth + 1 > self.limits.max_depth {
                    let max_depth = self.limits.max_depth;
                    self.problem(path, ErrorKind::TooDeep { max_depth });
                } else if self.first_visit(path, &meta) {
                    self.folder(path, depth + 1);
                }
            }
            Found::File => {
                if (self.wanted)(path) {
                    self.out.files.push(path.to_path_buf());
                }
            }
            other => {
                if (self.wanted)(path) {
                    self.problem(path, ErrorKind::NotAFile(other));
                }
            }
        }
    }

    /// Where the link `path` leads, when that is inside the walked folder; `None` (and a
    /// problem, when it matters) otherwise.
    fn follow(&mut self, path: &Path) -> Option<Metadata> {
        let target = match std::fs::canonicalize(path) {
            Ok(t) => t,
            Err(e) => {
                let e = Error::io(path, e);
                // A loop is always reported; a dangling link only when its file was wanted.
                if matches!(e.kind, ErrorKind::SymlinkLoop) || (self.wanted)(path) {
                    self.out.problems.push(e);
                }
                return None;
            }
        };
        let meta = match std::fs::metadata(&target) {
            Ok(m) => m,
            Err(e) => {
                self.out.problems.push(Error::io(path, e));
                return None;
            }
        };
        if !target.starts_with(&self.root) {
            if meta.is_dir() || (self.wanted)(path) {
                let folder = self.root.clone();
                self.problem(path, ErrorKind::LinkOutOfFolder { folder, target });
            }
            return None;
        }
        Some(meta)
    }
}
