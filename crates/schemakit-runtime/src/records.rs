//! Streaming the repeated records of a list one at a time.

use crate::error::ReadError;
use crate::reader::{Structure, XmlReader};
use crate::FromXml;
use std::io::BufRead;
use std::marker::PhantomData;

/// An iterator over the elements at one path of a document, each read into a `T`
/// and returned before the next is parsed, so memory stays flat however long the
/// list is.
///
/// Elements off the path (siblings of the list, a `WARNING` after it) are skipped
/// unread. The iterator stops after the first error.
#[derive(Debug)]
pub struct RecordReader<T, R> {
    reader: XmlReader<R>,
    path: Vec<String>,
    depth: usize,
    done: bool,
    record: PhantomData<fn() -> T>,
}

impl<T: FromXml, R: BufRead> RecordReader<T, R> {
    /// Creates an iterator over the elements at `path`, which starts with the root
    /// element and ends with the record element, e.g.
    /// `["POSTURE_INFO_LIST_OUTPUT", "RESPONSE", "INFO_LIST", "INFO"]`.
    pub fn new(reader: XmlReader<R>, path: &[&str]) -> Self {
        RecordReader {
            reader,
            path: path.iter().map(|name| (*name).to_owned()).collect(),
            depth: 0,
            done: false,
            record: PhantomData,
        }
    }

    fn next_record(&mut self) -> Result<Option<T>, ReadError> {
        if self.path.is_empty() {
            return Err(self
                .reader
                .error("the record path is empty; give the names from the root element down to the record element"));
        }

        loop {
            match self.reader.next_structure()? {
                Structure::Start(tag) => {
                    let on_path = self.path.get(self.depth) == Some(&tag.name);
                    if !on_path && self.depth == 0 {
                        let expected = self.path.first().map(String::as_str).unwrap_or_default();
                        return Err(self.reader.error_at(
                            tag.location,
                            format!(
                                "the root element is {} but the record path starts with {expected}",
                                tag.name
                            ),
                        ));
                    }
                    if !on_path {
                        self.reader.skip_element(&tag)?;
                        continue;
                    }

                    self.reader.open_element(&tag)?;
                    if self.depth + 1 == self.path.len() {
                        return T::read_element(&mut self.reader, tag).map(Some);
                    }
                    self.depth += 1;
                }
                Structure::End => {
                    self.reader.close_element();
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return Ok(None);
                    }
                }
                Structure::Eof => return Ok(None),
            }
        }
    }
}

impl<T: FromXml, R: BufRead> Iterator for RecordReader<T, R> {
    type Item = Result<T, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }

        let result = self.next_record();
        match result {
            Ok(Some(record)) => Some(Ok(record)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(error) => {
                self.done = true;
                Some(Err(error))
            }
        }
    }
}
