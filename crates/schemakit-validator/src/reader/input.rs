//! The byte source under quick-xml: the document stream (or its decoded text) with
//! a cap on how many bytes one token may span.

use std::fmt;
use std::io::{self, BufRead, Cursor, Read};

/// The error a read returns when one token grows past the token limit; the reader
/// turns it into a limit diagnostic.
#[derive(Debug)]
pub(super) struct TokenTooLong {
    pub(super) limit: usize,
}

impl fmt::Display for TokenTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a token is longer than {} bytes", self.limit)
    }
}

impl std::error::Error for TokenTooLong {}

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

/// A [`BufRead`] that counts consumed bytes and fails once a token exceeds the
/// limit, so that quick-xml never buffers more than `max_token_bytes` for one event.
pub(super) struct SourceInput<R> {
    source: Source<R>,
    consumed: usize,
    token_start: usize,
    max_token_bytes: usize,
}

impl<R: BufRead> SourceInput<R> {
    /// Streams `prefix` (bytes already read from `inner`) and then the rest of `inner`.
    pub(super) fn stream(
        prefix: Vec<u8>,
        prefix_read: usize,
        inner: R,
        max_token_bytes: usize,
    ) -> Self {
        SourceInput {
            source: Source::Stream {
                prefix,
                prefix_read,
                inner,
            },
            consumed: 0,
            token_start: 0,
            max_token_bytes,
        }
    }

    /// Reads a document decoded in memory.
    pub(super) fn decoded(text: String, max_token_bytes: usize) -> Self {
        SourceInput {
            source: Source::Decoded(Cursor::new(text.into_bytes())),
            consumed: 0,
            token_start: 0,
            max_token_bytes,
        }
    }

    /// Marks the start of the next token for the token limit.
    pub(super) fn start_token(&mut self) {
        self.token_start = self.consumed;
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
    /// Returns at most enough bytes to reach one byte past the token limit, so that
    /// the next call notices a token that grew too long.
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let used = self.consumed - self.token_start;
        if used > self.max_token_bytes {
            return Err(io::Error::other(TokenTooLong {
                limit: self.max_token_bytes,
            }));
        }
        let allowed = (self.max_token_bytes - used).saturating_add(1);

        let available = match &mut self.source {
            Source::Stream {
                prefix,
                prefix_read,
                inner,
            } => {
                if *prefix_read < prefix.len() {
                    prefix.get(*prefix_read..).unwrap_or(&[])
                } else {
                    inner.fill_buf()?
                }
            }
            Source::Decoded(cursor) => cursor.fill_buf()?,
        };
        Ok(available.get(..allowed).unwrap_or(available))
    }

    fn consume(&mut self, amount: usize) {
        self.consumed = self.consumed.saturating_add(amount);
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
