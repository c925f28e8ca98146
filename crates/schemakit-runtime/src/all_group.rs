//! The document order of the members of an XSD `xs:all` group.

/// The order in which the members of an `xs:all` group occurred in the document,
/// as member indexes in declaration order (0 for the first declared member).
///
/// Readers accept the members in any order and record it here, and writers write
/// the recorded members first, in this order, then every other present member in
/// declaration order. An empty record therefore writes declaration order.
/// Two values whose members occurred in different orders are not equal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(transparent)
)]
pub struct MemberOrder {
    members: Vec<usize>,
}

impl MemberOrder {
    /// Creates an empty record, which writes declaration order.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that member `index` occurred next.
    pub fn push(&mut self, index: usize) {
        self.members.push(index);
    }

    /// Returns the recorded member indexes in document order.
    pub fn as_slice(&self) -> &[usize] {
        &self.members
    }

    /// Returns the order in which to write a group of `count` members: the
    /// recorded indexes below `count` without repeats, then the others ascending.
    pub fn write_order(&self, count: usize) -> Vec<usize> {
        let mut order = Vec::with_capacity(count);
        let mut seen = vec![false; count];
        let recorded = self.members.iter().copied();
        let declared = 0..count;

        for index in recorded.chain(declared) {
            if let Some(seen) = seen.get_mut(index) {
                if !*seen {
                    *seen = true;
                    order.push(index);
                }
            }
        }
        order
    }
}

#[cfg(test)]
mod tests {
    use super::MemberOrder;

    #[test]
    fn empty_record_writes_declaration_order() {
        assert_eq!(MemberOrder::new().write_order(3), vec![0, 1, 2]);
    }

    #[test]
    fn recorded_members_come_first() {
        let mut order = MemberOrder::new();
        order.push(2);
        order.push(0);

        assert_eq!(order.write_order(4), vec![2, 0, 1, 3]);
    }

    #[test]
    fn repeated_and_out_of_range_indexes_are_dropped() {
        let mut order = MemberOrder::new();
        for index in [1, 7, 1, 0] {
            order.push(index);
        }

        assert_eq!(order.write_order(2), vec![1, 0]);
    }
}
