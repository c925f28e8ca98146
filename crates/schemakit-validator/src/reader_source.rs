//! Connects the document reader to the session's [`EventSource`].

use crate::event::Event;
use crate::reader::DocumentReader;
use crate::session::EventSource;
use schemakit_model::{Diagnostic, Schema};
use std::io::BufRead;
use std::sync::Arc;

impl<R: BufRead> EventSource for DocumentReader<'_, R> {
    fn next_event(&mut self) -> Result<Event, Box<Diagnostic>> {
        DocumentReader::next_event(self).map_err(Box::new)
    }

    fn recycle(&mut self, event: Event) {
        DocumentReader::recycle(self, event);
    }

    fn set_dtd(&mut self, schema: Arc<Schema>, has_external_markup: bool) {
        DocumentReader::set_dtd(self, schema, has_external_markup);
    }

    fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        DocumentReader::take_diagnostics(self)
    }

    fn standalone(&self) -> Option<bool> {
        DocumentReader::standalone(self)
    }
}
