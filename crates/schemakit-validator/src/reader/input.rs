//! The byte source of the document: the stream (after the bytes read to detect its
//! encoding) or its decoded text.

use std::io::{self, BufRead, Cursor, Read};

/// The origin of the bytes.
enum Source<R> {
    /// The document as given, after the bytes read ahead to detect its encoding.
    Stream {
        prefix: Vec<u8>,
        prefix_read: usize,
        inner: R,
    },
    /// The document decoded to UTF-8 in memory.
    Decoded(Cursor<Vec<u8>>),
}

/// The document's bytes, from wherever they come.
pub(super) struct SourceInput<R> {
    source: Source<R>,
}

impl<R: BufRead> SourceInput<R> {
    /// Streams `prefix` (bytes already read from `inner`) and then the rest of `inner`.
    pub(super) fn stream(prefix: Vec<u8>, prefix_read: usize, inner: R) -> Self {
        SourceInput {
            source: Source::Stream {
                prefix,
                prefix_read,
                inner,
            },
        }
    }

    /// Reads a document decoded in memory.
    pub(super) fn decoded(text: String) -> Self {
        SourceInput {
            source: Source::Decoded(Cursor::new(text.into_bytes())),
        }
    }
}

impl<R: BufRead> Read for SourceInput<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let count = available.len().min(out.len());
        if let (Some(target), Some(source)) = (out.get_mut(..count), available.get(..count)) {
            target.copy_from_slice(source);
        }
        self.consume(count);
        Ok(count)
    }
}

impl<R: BufRead> BufRead for SourceInput<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match &mut self.source {
            Source::Stream {
                prefix,
                prefix_read,
                inner,
            } => {
                if *prefix_read < prefix.len() {
                    Ok(prefix.get(*prefix_read..).unwrap_or(&[]))
                } else {
                    inner.fill_buf()
                }
            }
            Source::Decoded(cursor) => cursor.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match &mut self.source {
            Source::Stream {
                prefix,
                prefix_read,
                inner,
            } => {
                if *prefix_read < prefix.len() {
                    *prefix_read = (*prefix_read + amount).min(prefix.len());
                } else {
                    inner.consume(amount);
                }
            }
            Source::Decoded(cursor) => cursor.consume(amount),
        }
    }
}

/// Reads up to `want` bytes from `input` (fewer at its end).
pub(super) fn read_prefix<R: BufRead>(
    input: &mut R,
    prefix: &mut Vec<u8>,
    want: usize,
) -> io::Result<()> {
    while prefix.len() < want {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            break;
        }

        let count = available.len().min(want - prefix.len());
        prefix.extend_from_slice(available.get(..count).unwrap_or(available));
        input.consume(count);
    }
    Ok(())
}
