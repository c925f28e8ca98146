//! ID uniqueness and IDREF targets.
//!
//! The table of ID values is the only one that grows with the document, and only
//! with distinct IDs. A reference to an ID seen earlier is resolved at once; only
//! forward references are kept until the end of the document.

use schemakit_model::Position;
use std::collections::HashMap;

/// A reference not resolved when it was read.
#[derive(Debug)]
pub(crate) struct ForwardReference {
    pub(crate) value: String,
    pub(crate) attribute: String,
    pub(crate) position: Position,
    pub(crate) path: String,
}

#[derive(Debug, Default)]
pub(crate) struct IdTable {
    ids: HashMap<String, Position>,
    forward: Vec<ForwardReference>,
}

impl IdTable {
    /// Records the ID `value` declared at `position`. Returns the position of the
    /// first declaration when the value is already taken.
    pub(crate) fn define(&mut self, value: &str, position: Position) -> Result<(), Position> {
        if let Some(first) = self.ids.get(value) {
            return Err(*first);
        }
        self.ids.insert(value.to_owned(), position);
        Ok(())
    }

    /// Records a reference to `value` from `attribute` at `position`; `path` is
    /// called only when the reference must wait for the end of the document.
    pub(crate) fn reference(
        &mut self,
        value: &str,
        attribute: &str,
        position: Position,
        path: impl FnOnce() -> String,
    ) {
        if self.ids.contains_key(value) {
            return;
        }
        self.forward.push(ForwardReference {
            value: value.to_owned(),
            attribute: attribute.to_owned(),
            position,
            path: path(),
        });
    }

    /// Returns the references whose target no element declared, in document order.
    pub(crate) fn unresolved(&mut self) -> Vec<ForwardReference> {
        let forward = std::mem::take(&mut self.forward);
        forward
            .into_iter()
            .filter(|reference| !self.ids.contains_key(&reference.value))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32) -> Position {
        Position {
            offset: 0,
            line,
            column: 1,
        }
    }

    #[test]
    fn duplicate_id_names_first() {
        let mut table = IdTable::default();
        assert_eq!(table.define("a", at(1)), Ok(()));
        assert_eq!(table.define("a", at(5)), Err(at(1)));
    }

    #[test]
    fn forward_reference_resolves_later() {
        let mut table = IdTable::default();
        table.reference("a", "ref", at(1), || "/R".to_owned());
        table.reference("b", "ref", at(2), || "/R".to_owned());
        assert_eq!(table.define("a", at(3)), Ok(()));
        let unresolved: Vec<String> = table.unresolved().into_iter().map(|r| r.value).collect();
        assert_eq!(unresolved, vec!["b".to_owned()]);
    }

    #[test]
    fn backward_reference_is_not_stored() {
        let mut table = IdTable::default();
        assert_eq!(table.define("a", at(1)), Ok(()));
        table.reference("a", "ref", at(2), || "/R".to_owned());
        assert!(table.forward.is_empty());
    }
}
