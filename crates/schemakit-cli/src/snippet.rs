//! Source line lookup for the snippets in human output.

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// Maximum bytes kept of one source line. Longer lines are cut, and a diagnostic whose
/// column lies past the cut is shown without a snippet.
pub const MAX_LINE_BYTES: usize = 256 * 1024;

/// Reads the lines numbered in `requested` (1-based) from the file at `path`, in one pass
/// that stops after the last requested line.
pub fn read_lines(path: &Path, requested: &BTreeSet<u32>) -> io::Result<HashMap<u32, String>> {
    let file = File::open(path)?;
    collect_lines(BufReader::new(file), requested)
}

/// Collects the requested lines of `reader`.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, as XML end-of-line handling and the
/// model's `Position` count them. Bytes that are not UTF-8 become U+FFFD, one per
/// byte, which keeps character columns right for single-byte encodings such as
/// ISO-8859-1. Line ends are found with memchr, and only requested lines are copied.
///
/// NOTE: documents in UTF-16 are not decoded, so their snippets come out garbled.
pub fn collect_lines<R: Read>(
    mut reader: BufReader<R>,
    requested: &BTreeSet<u32>,
) -> io::Result<HashMap<u32, String>> {
    let mut lines = HashMap::new();
    let mut pending = requested.iter().copied().peekable();
    let mut line_number: u32 = 1;
    let mut current: Vec<u8> = Vec::new();
    let mut previous_was_cr = false;

    while let Some(&next_pending) = pending.peek() {
        if next_pending < line_number {
            // Line 0, which no document has.
            pending.next();
            continue;
        }
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            break;
        }

        // The `\n` of a `\r\n` that the previous read split ends no second line.
        let start = usize::from(previous_was_cr && buffer.first() == Some(&b'\n'));
        previous_was_cr = false;
        let rest = buffer.get(start..).unwrap_or_default();
        let keep = next_pending == line_number;
        let line_end = memchr::memchr2(b'\n', b'\r', rest);

        let content = rest
            .get(..line_end.unwrap_or(rest.len()))
            .unwrap_or_default();
        if keep {
            let room = MAX_LINE_BYTES.saturating_sub(current.len());
            current.extend_from_slice(content.get(..room.min(content.len())).unwrap_or_default());
        }

        let Some(line_end) = line_end else {
            let consumed = buffer.len();
            reader.consume(consumed);
            continue;
        };
        let mut consumed = start + line_end + 1;
        if rest.get(line_end) == Some(&b'\r') {
            match rest.get(line_end + 1) {
                Some(b'\n') => consumed += 1,
                Some(_) => {}
                None => previous_was_cr = true,
            }
        }
        reader.consume(consumed);

        if keep {
            lines.insert(line_number, decode(&current));
            current.clear();
            pending.next();
        }
        line_number = line_number.saturating_add(1);
    }

    // The last line, which no line end closes.
    if pending.peek() == Some(&line_number) {
        lines.insert(line_number, decode(&current));
    }
    Ok(lines)
}

fn decode(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn lines_of(text: &[u8], requested: &[u32]) -> HashMap<u32, String> {
        let requested: BTreeSet<u32> = requested.iter().copied().collect();
        // A tiny buffer makes line ends fall on buffer boundaries.
        let reader = BufReader::with_capacity(3, text);
        collect_lines(reader, &requested).unwrap()
    }

    #[test]
    fn every_line_end_counts() {
        let lines = lines_of(b"one\ntwo\r\nthree\rfour", &[1, 2, 3, 4]);

        assert_eq!(lines[&1], "one");
        assert_eq!(lines[&2], "two");
        assert_eq!(lines[&3], "three");
        assert_eq!(lines[&4], "four");
    }

    #[test]
    fn only_requested_lines_are_kept() {
        let lines = lines_of(b"a\nb\nc\nd\n", &[2, 4]);

        assert_eq!(lines.len(), 2);
        assert_eq!(lines[&2], "b");
        assert_eq!(lines[&4], "d");
    }

    #[test]
    fn empty_lines_and_past_end() {
        let lines = lines_of(b"a\n\nc", &[2, 9]);

        assert_eq!(lines[&2], "");
        assert!(!lines.contains_key(&9));
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        let lines = lines_of(b"caf\xe9 <x>", &[1]);

        assert_eq!(lines[&1], "caf\u{fffd} <x>");
    }

    #[test]
    fn line_ends_split_between_reads() {
        // A three-byte buffer splits `\r\n` after the `\r` at several places.
        let text = b"ab\r\ncd\r\r\nef\rgh\n";
        let lines = lines_of(text, &[1, 2, 3, 4, 5, 6]);

        assert_eq!(lines[&1], "ab");
        assert_eq!(lines[&2], "cd");
        assert_eq!(lines[&3], "");
        assert_eq!(lines[&4], "ef");
        assert_eq!(lines[&5], "gh");
        assert_eq!(lines[&6], "");
    }

    #[test]
    fn line_zero_is_ignored() {
        let lines = lines_of(b"a\nb", &[0, 2]);

        assert_eq!(lines.len(), 1);
        assert_eq!(lines[&2], "b");
    }

    #[test]
    fn long_line_is_cut() {
        let mut text = vec![b'x'; MAX_LINE_BYTES + 10];
        text.extend_from_slice(b"\nnext");

        let lines = lines_of(&text, &[1, 2]);

        assert_eq!(lines[&1].len(), MAX_LINE_BYTES);
        assert_eq!(lines[&2], "next");
    }
}
