//! Element paths such as `/OPTION_PROFILES/OPTION_PROFILE[2]/SCAN`, kept as a stack
//! of steps and rendered only when a finding needs one.

use rustc_hash::FxHashMap;
use std::fmt::Write as _;

/// How many distinct element names get a number for child counting. Past this
/// many, further names are counted by name, which allocates, so that a document full
/// of unique names cannot grow the table without bound.
const MAX_NUMBERED_NAMES: usize = 4096;

/// The bit that sets the numbers this path gives names apart from the ids callers
/// give with [`ElementPath::push_with_id`].
const NUMBERED_NAME: u32 = 1 << 31;

/// One open element: its name, which same-named sibling it is, and how many
/// children of each name it has had so far.
#[derive(Debug, Default)]
struct Step {
    name: String,
    index: u32,
    /// Child counts by the id of the child's name, or its number in
    /// `ElementPath::numbers` with [`NUMBERED_NAME`] set.
    children: FxHashMap<u32, u32>,
    /// Child counts of names that got no number.
    unnumbered_children: FxHashMap<Box<str>, u32>,
}

/// The path of the currently open elements.
///
/// Closed steps stay in `steps` past `depth` and are reused by the next element at
/// that depth, so that their buffers are allocated once per depth rather than once
/// per element.
#[derive(Debug, Default)]
pub(crate) struct ElementPath {
    steps: Vec<Step>,
    /// The number of open elements: the first `depth` entries of `steps`.
    depth: usize,
    /// A number for each element name seen, so that child counts need no owned keys.
    numbers: FxHashMap<Box<str>, u32>,
    /// Counts of top-level elements; a well-formed document has exactly one.
    top_level: FxHashMap<Box<str>, u32>,
}

impl ElementPath {
    /// Opens a child element called `name` of the current element.
    pub(crate) fn push(&mut self, name: &str) {
        let number = self.name_number(name);
        self.push_numbered(name, number);
    }

    /// Returns the number [`Self::push`] gives `name`, for callers that keep it and
    /// open later elements of that name with [`Self::push_numbered`].
    pub(crate) fn name_number(&mut self, name: &str) -> Option<u32> {
        self.number(name).map(|number| number | NUMBERED_NAME)
    }

    /// Opens a child element called `name` whose id the caller has: every element
    /// of that name gets the same id, below 2^31 (a declaration's index, say), and
    /// names without one go through [`Self::push`]. This saves looking the name up.
    pub(crate) fn push_with_id(&mut self, name: &str, id: usize) {
        match u32::try_from(id).ok().filter(|id| *id < NUMBERED_NAME) {
            Some(id) => self.push_numbered(name, Some(id)),
            None => self.push(name),
        }
    }

    /// Opens a child element called `name` whose number, from [`Self::name_number`],
    /// is `number`.
    pub(crate) fn push_numbered(&mut self, name: &str, number: Option<u32>) {
        let parent = self
            .depth
            .checked_sub(1)
            .and_then(|parent| self.steps.get_mut(parent));
        let index = match (parent, number) {
            (Some(parent), Some(number)) => {
                let count = parent.children.entry(number).or_insert(0);
                *count = count.saturating_add(1);
                *count
            }
            (Some(parent), None) => increment_by_name(&mut parent.unnumbered_children, name),
            (None, _) => increment_by_name(&mut self.top_level, name),
        };

        match self.steps.get_mut(self.depth) {
            Some(step) => {
                step.name.clear();
                step.name.push_str(name);
                step.index = index;
                step.children.clear();
                step.unnumbered_children.clear();
            }
            None => self.steps.push(Step {
                name: name.to_owned(),
                index,
                ..Step::default()
            }),
        }
        self.depth += 1;
    }

    /// Returns the number of `name`, giving it the next one when there is room.
    fn number(&mut self, name: &str) -> Option<u32> {
        if let Some(&number) = self.numbers.get(name) {
            return Some(number);
        }
        if self.numbers.len() >= MAX_NUMBERED_NAMES {
            return None;
        }
        let number = u32::try_from(self.numbers.len()).ok()?;
        self.numbers.insert(name.into(), number);
        Some(number)
    }

    /// Closes the current element.
    pub(crate) fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Renders the path of the current element. A step carries `[n]` when it is the
    /// n-th sibling of that name, for n >= 2.
    pub(crate) fn render(&self) -> String {
        let mut path = String::new();
        for step in self.steps.iter().take(self.depth) {
            path.push('/');
            path.push_str(&step.name);
            if step.index >= 2 {
                let _ = write!(path, "[{}]", step.index);
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }
}

/// Adds one to the count of `name` in `counts` and returns the new count.
fn increment_by_name(counts: &mut FxHashMap<Box<str>, u32>, name: &str) -> u32 {
    match counts.get_mut(name) {
        Some(count) => {
            *count = count.saturating_add(1);
            *count
        }
        None => {
            counts.insert(name.into(), 1);
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_numbers_repeated_siblings() {
        let mut path = ElementPath::default();
        path.push("OPTION_PROFILES");
        path.push("OPTION_PROFILE");
        path.pop();
        path.push("OPTION_PROFILE");
        path.push("SCAN");
        assert_eq!(path.render(), "/OPTION_PROFILES/OPTION_PROFILE[2]/SCAN");
    }

    #[test]
    fn path_counts_per_parent() {
        let mut path = ElementPath::default();
        path.push("A");
        path.push("B");
        path.push("C");
        path.pop();
        path.pop();
        path.push("B");
        path.push("C");
        assert_eq!(path.render(), "/A/B[2]/C");
    }

    #[test]
    fn path_reuses_closed_steps() {
        let mut path = ElementPath::default();
        path.push("A");
        path.push("B");
        path.push("C");
        path.pop();
        path.pop();
        path.push("D");
        assert_eq!(path.render(), "/A/D");
        path.push("C");
        assert_eq!(path.render(), "/A/D/C");
        path.pop();
        path.pop();
        path.push("B");
        path.push("C");
        assert_eq!(path.render(), "/A/B[2]/C");
    }

    #[test]
    fn pop_past_root_keeps_root_path() {
        let mut path = ElementPath::default();
        path.pop();
        path.push("A");
        path.pop();
        path.pop();
        assert_eq!(path.render(), "/");
    }

    #[test]
    fn path_counts_names_past_the_numbered_limit() {
        let mut path = ElementPath::default();
        path.push("ROOT");
        for number in 0..MAX_NUMBERED_NAMES {
            path.push(&format!("E{number}"));
            path.pop();
        }
        path.push("LATE");
        path.pop();
        path.push("LATE");
        assert_eq!(path.render(), "/ROOT/LATE[2]");
        path.pop();
        path.push("E0");
        assert_eq!(path.render(), "/ROOT/E0[2]");
    }

    #[test]
    fn ids_and_numbered_names_count_apart() {
        let mut path = ElementPath::default();
        path.push_with_id("ROOT", 0);
        path.push_with_id("A", 1);
        path.pop();
        path.push("B");
        path.pop();
        path.push_with_id("A", 1);
        assert_eq!(path.render(), "/ROOT/A[2]");
        path.pop();
        path.push("B");
        assert_eq!(path.render(), "/ROOT/B[2]");
    }

    #[test]
    fn empty_path_is_root() {
        let path = ElementPath::default();
        assert_eq!(path.render(), "/");
    }
}
