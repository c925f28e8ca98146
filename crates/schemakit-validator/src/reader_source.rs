//! Connects the document reader to the session's [`EventSource`].

use crate::reader::DocumentReader;
use crate::session::{EventSink, EventSource};
use schemakit_model::Diagnostic;
use std::io::BufRead;

impl<R: BufRead> EventSource for DocumentReader<'_, R> {
    fn step<K: EventSink + ?Sized>(&mut self, sink: &mut K) -> Result<bool, Box<Diagnostic>> {
        DocumentReader::step(self, sink).map_err(Box::new)
    }
}
