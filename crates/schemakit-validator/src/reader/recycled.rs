//! Buffers of events that the session has handled, kept for the next events.
//!
//! Every start tag, end tag and piece of text becomes an event that owns its strings.
//! Handing the buffers of a handled event back to the reader, so that the next
//! events reuse them, saves an allocation and a free per string.

use crate::event::{Attribute, Event};

/// The maximum number of spare strings, and of spare attribute lists. The events of
/// one raw event (a start tag with its attributes, then its end tag) need fewer.
const MAX_SPARE_BUFFERS: usize = 64;

/// Attribute lists with room for more attributes than this are freed instead of kept.
const MAX_SPARE_ATTRIBUTES: usize = 64;

/// Strings with more capacity than this are freed instead of kept, so that one long
/// text does not stay allocated for the rest of the document.
const MAX_SPARE_CAPACITY_BYTES: usize = 16 * 1024;

/// Cleared buffers from handled events.
#[derive(Debug, Default)]
pub(super) struct RecycledBuffers {
    strings: Vec<String>,
    attribute_lists: Vec<Vec<Attribute>>,
}

impl RecycledBuffers {
    /// Returns an empty string, reusing a spare one when there is one.
    pub(super) fn string(&mut self) -> String {
        self.strings.pop().unwrap_or_default()
    }

    /// Returns `text` in a string, reusing a spare one when there is one.
    pub(super) fn string_of(&mut self, text: &str) -> String {
        let mut string = self.string();
        string.push_str(text);
        string
    }

    /// Returns an empty attribute list, reusing a spare one when there is one.
    pub(super) fn attribute_list(&mut self) -> Vec<Attribute> {
        self.attribute_lists.pop().unwrap_or_default()
    }

    /// Keeps the strings and the attribute list of `event` for later events.
    pub(super) fn keep(&mut self, event: Event) {
        match event {
            Event::StartElement {
                name,
                mut attributes,
                ..
            } => {
                self.keep_string(name);
                for attribute in attributes.drain(..) {
                    self.keep_string(attribute.name);
                    self.keep_string(attribute.value);
                }
                if self.attribute_lists.len() < MAX_SPARE_BUFFERS
                    && attributes.capacity() <= MAX_SPARE_ATTRIBUTES
                {
                    self.attribute_lists.push(attributes);
                }
            }
            Event::EndElement { name, .. } => self.keep_string(name),
            Event::Text { text, .. } => self.keep_string(text),
            _ => {}
        }
    }

    /// Keeps `string`, cleared, unless enough are kept or it is too large.
    pub(super) fn keep_string(&mut self, mut string: String) {
        if self.strings.len() < MAX_SPARE_BUFFERS
            && string.capacity() <= MAX_SPARE_CAPACITY_BYTES
            && string.capacity() > 0
        {
            string.clear();
            self.strings.push(string);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{RecycledBuffers, MAX_SPARE_BUFFERS, MAX_SPARE_CAPACITY_BYTES};
    use crate::event::{Attribute, Event};
    use schemakit_model::Position;

    fn start_element() -> Event {
        Event::StartElement {
            name: "DPV".to_owned(),
            attributes: vec![Attribute {
                name: "label".to_owned(),
                value: "Permission".to_owned(),
                position: Position::START,
                value_had_references: false,
            }],
            empty: false,
            position: Position::START,
        }
    }

    #[test]
    fn kept_buffers_come_back_empty() {
        let mut recycled = RecycledBuffers::default();
        recycled.keep(start_element());

        let attributes = recycled.attribute_list();
        assert!(attributes.is_empty());
        assert!(attributes.capacity() >= 1);
        for _ in 0..3 {
            let string = recycled.string();
            assert!(string.is_empty());
            assert!(string.capacity() > 0);
        }
        assert_eq!(recycled.string().capacity(), 0);
    }

    #[test]
    fn string_of_copies_text() {
        let mut recycled = RecycledBuffers::default();
        recycled.keep(Event::EndElement {
            name: "a longer name than the next".to_owned(),
            position: Position::START,
        });
        assert_eq!(recycled.string_of("ID"), "ID");
    }

    #[test]
    fn large_strings_are_freed() {
        let mut recycled = RecycledBuffers::default();
        recycled.keep(Event::Text {
            text: "x".repeat(MAX_SPARE_CAPACITY_BYTES + 1),
            ignorable_candidate: false,
            cdata: false,
            position: Position::START,
        });
        assert_eq!(recycled.string().capacity(), 0);
    }

    #[test]
    fn spare_count_is_bounded() {
        let mut recycled = RecycledBuffers::default();
        for _ in 0..MAX_SPARE_BUFFERS + 10 {
            recycled.keep_string("text".to_owned());
        }
        assert_eq!(recycled.strings.len(), MAX_SPARE_BUFFERS);
    }
}
