//! The stack of elements whose end tag has not been read yet.
//!
//! The names of all open elements share one string, so that a start tag appends its
//! name and an end tag truncates it, with no string per element.

use schemakit_model::Position;

/// The open elements, innermost last.
#[derive(Debug, Default)]
pub(super) struct OpenElements {
    /// The names of the open elements, one after the other.
    names: String,
    elements: Vec<Entry>,
}

/// One open element: where its name starts in `OpenElements::names`, where the
/// element starts, and how many entities were open then.
#[derive(Debug)]
struct Entry {
    name_start: usize,
    position: Position,
    entity_depth: usize,
}

/// An open element as callers see it.
#[derive(Debug, Clone, Copy)]
pub(super) struct OpenElement<'a> {
    pub(super) name: &'a str,
    pub(super) position: Position,
    /// How many entities were open when the element started.
    pub(super) entity_depth: usize,
}

impl OpenElements {
    /// Opens an element called `name` that starts at `position` with `entity_depth`
    /// entities open.
    pub(super) fn push(&mut self, name: &str, position: Position, entity_depth: usize) {
        self.elements.push(Entry {
            name_start: self.names.len(),
            position,
            entity_depth,
        });
        self.names.push_str(name);
    }

    /// Closes the innermost element.
    pub(super) fn pop(&mut self) {
        if let Some(entry) = self.elements.pop() {
            self.names.truncate(entry.name_start);
        }
    }

    pub(super) fn len(&self) -> usize {
        self.elements.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// Returns the innermost open element.
    pub(super) fn last(&self) -> Option<OpenElement<'_>> {
        self.get(self.elements.len().checked_sub(1)?)
    }

    /// Returns the open element at nesting level `index` (0 for the outermost).
    pub(super) fn get(&self, index: usize) -> Option<OpenElement<'_>> {
        let entry = self.elements.get(index)?;
        let name_end = self
            .elements
            .get(index + 1)
            .map_or(self.names.len(), |next| next.name_start);

        Some(OpenElement {
            name: self.names.get(entry.name_start..name_end).unwrap_or(""),
            position: entry.position,
            entity_depth: entry.entity_depth,
        })
    }

    /// Returns how many open elements and name bytes the stack has room for without
    /// growing, for tests that check memory stays flat.
    #[cfg(test)]
    pub(super) fn capacity(&self) -> (usize, usize) {
        (self.elements.capacity(), self.names.capacity())
    }

    /// Returns the open elements, innermost first.
    pub(super) fn innermost_first(&self) -> impl Iterator<Item = OpenElement<'_>> {
        (0..self.elements.len())
            .rev()
            .filter_map(|index| self.get(index))
    }
}

#[cfg(test)]
mod tests {
    use super::OpenElements;
    use schemakit_model::Position;

    fn at(line: u32) -> Position {
        Position {
            offset: 0,
            line,
            column: 1,
        }
    }

    #[test]
    fn names_follow_pushes_and_pops() {
        let mut open = OpenElements::default();
        open.push("root", at(1), 0);
        open.push("b", at(2), 1);
        open.push("caf\u{e9}", at(3), 1);

        assert_eq!(open.len(), 3);
        assert_eq!(open.last().map(|element| element.name), Some("caf\u{e9}"));
        assert_eq!(open.get(1).map(|element| element.name), Some("b"));
        assert_eq!(open.get(1).map(|element| element.entity_depth), Some(1));
        let names: Vec<&str> = open.innermost_first().map(|element| element.name).collect();
        assert_eq!(names, ["caf\u{e9}", "b", "root"]);

        open.pop();
        open.push("d", at(4), 0);
        assert_eq!(open.last().map(|element| element.name), Some("d"));
        assert_eq!(open.last().map(|element| element.position.line), Some(4));
        assert_eq!(open.get(1).map(|element| element.name), Some("b"));

        open.pop();
        open.pop();
        open.pop();
        assert!(open.is_empty());
        assert!(open.last().is_none());
        open.pop();
        assert_eq!(open.len(), 0);
    }
}
