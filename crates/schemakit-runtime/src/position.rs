//! Line and column tracking under the XML parser.

use crate::error::Location;
use std::io::{self, BufRead, Read};

/// A `BufRead` adapter that counts lines and columns of the bytes the parser has
/// consumed, so the location of the next event is known without keeping the text.
#[derive(Debug)]
pub(crate) struct CountingReader<R> {
    inner: R,
    location: Location,
}

impl<R: BufRead> CountingReader<R> {
    pub(crate) fn new(inner: R) -> Self {
        CountingReader {
            inner,
            location: Location { line: 1, column: 1 },
        }
    }

    /// Returns the location of the first byte not yet consumed.
    pub(crate) fn location(&self) -> Location {
        self.location
    }
}

fn advance(location: &mut Location, bytes: &[u8]) {
    for &byte in bytes {
        if byte == b'\n' {
            location.line += 1;
            location.column = 1;
        } else if !(0x80..0xC0).contains(&byte) {
            // UTF-8 continuation bytes do not start a character.
            location.column += 1;
        }
    }
}

impl<R: BufRead> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let count = self.inner.read(buf)?;
        advance(&mut self.location, buf.get(..count).unwrap_or_default());
        Ok(count)
    }
}

impl<R: BufRead> BufRead for CountingReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(available) = self.inner.fill_buf() {
            advance(
                &mut self.location,
                available.get(..amount).unwrap_or(available),
            );
        }
        self.inner.consume(amount);
    }
}
