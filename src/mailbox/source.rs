//! File I/O for import: which files a path stands for, and the messages in each file, read
//! through a `BufReader` so that no file is ever held whole in memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::mbox::{self, Piece, Splitter};
use super::{FileError, Unusable};

/// Longest piece of a line handed to the splitter at once, so one endless line cannot grow a buffer.
const LINE_CHUNK: u64 = 64 * 1024;

/// A message read from a file, or why it could not be.
#[derive(Debug)]
pub struct Item {
    /// Byte offset of the message in its file (0 for a file holding one message).
    pub offset: u64,
    pub content: Result<Vec<u8>, Unusable>,
}

/// The files `path` stands for, in sorted order: itself, every file below a directory, and for a
/// Maildir only `new/`, `cur/` and its Maildir++ subfolders (`.Name/`), never `tmp/` (messages
/// still being delivered) or the server's index files. Symbolic links to directories are
/// followed only when given, so a link cycle below cannot loop.
pub fn expand(path: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    expand_dir(path, out)
}

fn expand_dir(path: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    entries.sort();
    let maildir = path.join("cur").is_dir() && path.join("new").is_dir();
    for entry in entries {
        let name = entry.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.as_deref().unwrap_or("");
        let keep = !maildir || name == "new" || name == "cur" || name.starts_with('.');
        let meta = std::fs::symlink_metadata(&entry)?;
        if !keep || (meta.is_symlink() && entry.is_dir()) {
            continue;
        }
        if meta.is_dir() {
            expand_dir(&entry, out)?;
        } else {
            out.push(entry);
        }
    }
    Ok(())
}

fn failed(offset: u64, doing: &'static str) -> impl FnOnce(io::Error) -> FileError {
    move |e| FileError::new(offset, doing, e)
}

/// Calls `each` for every message of `path` (an mbox or one message), in file order. Messages
/// longer than `max_size` are reported, not read. An error reading the file ends it.
pub fn read_file(
    path: &Path,
    max_size: usize,
    each: &mut dyn FnMut(Item),
) -> Result<(), FileError> {
    let file = File::open(path).map_err(failed(0, "cannot open"))?;
    let mut reader = BufReader::with_capacity(256 * 1024, file);
    let head = reader.fill_buf().map_err(failed(0, "cannot read"))?;
    if !mbox::is_mbox(head) {
        let mut content = Vec::new();
        let read = reader
            .take(max_size as u64 + 1)
            .read_to_end(&mut content)
            .map_err(failed(0, "cannot read"))?;
        let content = if read > max_size {
            Err(Unusable::TooLarge(max_size))
        } else {
            Ok(content)
        };
        each(Item { offset: 0, content });
        return Ok(());
    }
    // An mbox written with bare CR line endings (old Mac mail programs) is read line by line on
    // CR, each line handed on with LF.
    let cr_only = head
        .iter()
        .position(|&b| b == b'\r' || b == b'\n')
        .is_some_and(|i| head[i] == b'\r' && head.get(i + 1) != Some(&b'\n'));
    let end = if cr_only { b'\r' } else { b'\n' };
    let mut splitter = Splitter::new(max_size);
    let mut line = Vec::new();
    let mut offset = 0u64;
    let emit = |piece: Piece, each: &mut dyn FnMut(Item)| {
        each(Item {
            offset: piece.offset,
            content: piece.content,
        })
    };
    loop {
        line.clear();
        let n = (&mut reader)
            .take(LINE_CHUNK)
            .read_until(end, &mut line)
            .map_err(failed(offset, "cannot read"))?;
        if n == 0 {
            break;
        }
        if let Some(last) = line.last_mut().filter(|b| **b == b'\r') {
            *last = b'\n';
        }
        if let Some(piece) = splitter.line(&line, offset) {
            emit(piece, each);
        }
        offset += n as u64;
    }
    if let Some(piece) = splitter.finish() {
        emit(piece, each);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maildir_reads_new_and_cur_only() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("Maildir");
        for sub in ["cur", "new", "tmp", ".Archive/cur", ".Archive/new"] {
            std::fs::create_dir_all(md.join(sub)).unwrap();
        }
        for f in [
            "cur/1:2,S",
            "new/2",
            "tmp/3",
            "dovecot-uidlist",
            ".Archive/cur/4",
        ] {
            std::fs::write(md.join(f), "Subject: x\n\n").unwrap();
        }
        let mut files = Vec::new();
        expand(dir.path(), &mut files).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(&md).unwrap().display().to_string())
            .collect();
        assert_eq!(names, [".Archive/cur/4", "cur/1:2,S", "new/2"]);
    }

    #[test]
    fn a_link_cycle_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/m.eml"), "Subject: x\n\n").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
        let mut files = Vec::new();
        expand(dir.path(), &mut files).unwrap();
        assert_eq!(files, [dir.path().join("a/m.eml")]);
    }

    #[test]
    fn reads_one_message_and_an_mbox() {
        let dir = tempfile::tempdir().unwrap();
        let one = dir.path().join("one.eml");
        std::fs::write(&one, "Subject: x\n\nFrom the body\n").unwrap();
        let mut items = Vec::new();
        read_file(&one, 1000, &mut |i| items.push(i)).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(
            items[0].content.as_deref(),
            Ok(&b"Subject: x\n\nFrom the body\n"[..])
        );
        read_file(&one, 5, &mut |i| items.push(i)).unwrap();
        assert_eq!(items[1].content, Err(Unusable::TooLarge(5)));
        let mb = dir.path().join("mbox");
        std::fs::write(
            &mb,
            "From a Thu Sep 18 17:54:04 2008\nSubject: 1\n\n>From x\n\nFrom b Thu Sep 18 17:54:04 2008\nSubject: 2\n\n",
        )
        .unwrap();
        let mut items = Vec::new();
        read_file(&mb, 1000, &mut |i| items.push(i)).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0].content.as_deref(),
            Ok(&b"Subject: 1\n\nFrom x\n"[..])
        );
        assert_eq!(items[1].offset, 53);
        let cr = dir.path().join("cr-mbox");
        std::fs::write(&cr, "From a Thu Sep 18 17:54:04 2008\rSubject: 1\r\rbody\r").unwrap();
        let mut items = Vec::new();
        read_file(&cr, 1000, &mut |i| items.push(i)).unwrap();
        assert_eq!(
            items[0].content.as_deref(),
            Ok(&b"Subject: 1\n\nbody\n"[..])
        );
        let missing = read_file(&dir.path().join("missing"), 10, &mut |_| {}).unwrap_err();
        assert_eq!(missing.offset, 0);
        assert_eq!(missing.to_string(), "cannot open");
        let cause = std::error::Error::source(&missing).expect("the io::Error is kept");
        assert!(cause.is::<io::Error>(), "{cause}");
        // A directory opens but cannot be read.
        let dir_err = read_file(dir.path(), 10, &mut |_| {}).unwrap_err();
        assert_eq!(dir_err.to_string(), "cannot read");
    }
}
