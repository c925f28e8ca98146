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

/// How many distinct child names one element counts in a list before it counts
/// further names in a hash map. A linear scan of a short list is cheaper than
/// hashing, and most elements have children of only a few names.
const MAX_LISTED_CHILD_NAMES: usize = 16;

/// How many caller ids, from 0, get their name stored once, so that the elements
/// opened with them copy no name. Elements with larger ids copy their name.
const MAX_NAMED_IDS: usize = 4096;

/// One open element: its name, which same-named sibling it is, and how many
/// children of each name it has had so far.
#[derive(Debug, Default)]
struct Step {
    /// The element's name, unless `stored_name` is set.
    name: String,
    /// The id or number under which `ElementPath` stores the element's name, when
    /// it does.
    stored_name: Option<u32>,
    index: u32,
    /// Child counts by the id of the child's name, or its number in
    /// `ElementPath::numbers` with [`NUMBERED_NAME`] set.
    children: ChildCounts,
    /// Child counts of names that got no number.
    unnumbered_children: FxHashMap<Box<str>, u32>,
}

/// Child counts of one element, by the id or number of the child's name.
#[derive(Debug, Default)]
struct ChildCounts {
    /// The counts of the first [`MAX_LISTED_CHILD_NAMES`] names, in order of first
    /// occurrence.
    listed: Vec<(u32, u32)>,
    /// The counts of the names past those.
    overflow: FxHashMap<u32, u32>,
}

impl ChildCounts {
    /// Adds one to the count of `id` and returns the new count.
    fn increment(&mut self, id: u32) -> u32 {
        if let Some((_, count)) = self.listed.iter_mut().find(|(listed, _)| *listed == id) {
            *count = count.saturating_add(1);
            return *count;
        }

        if self.listed.len() < MAX_LISTED_CHILD_NAMES {
            self.listed.push((id, 1));
            return 1;
        }

        let count = self.overflow.entry(id).or_insert(0);
        *count = count.saturating_add(1);
        *count
    }

    fn clear(&mut self) {
        self.listed.clear();
        if !self.overflow.is_empty() {
            self.overflow.clear();
        }
    }
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
    /// The names of the numbers in `numbers`, by number.
    numbered_names: Vec<Box<str>>,
    /// The names of the caller ids below [`MAX_NAMED_IDS`] seen so far, by id.
    id_names: Vec<Option<Box<str>>>,
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
    /// of that name gets the same id, below 2^31 (a declaration's index, say), each
    /// id belongs to one name, and names without one go through [`Self::push`]. This
    /// saves looking the name up.
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
            (Some(parent), Some(number)) => parent.children.increment(number),
            (Some(parent), None) => increment_by_name(&mut parent.unnumbered_children, name),
            (None, _) => increment_by_name(&mut self.top_level, name),
        };

        let stored_name = number.filter(|key| self.store_name(*key, name));
        match self.steps.get_mut(self.depth) {
            Some(step) => {
                step.name.clear();
                if stored_name.is_none() {
                    step.name.push_str(name);
                }
                step.stored_name = stored_name;
                step.index = index;
                step.children.clear();
                if !step.unnumbered_children.is_empty() {
                    step.unnumbered_children.clear();
                }
            }
            None => self.steps.push(Step {
                name: if stored_name.is_none() {
                    name.to_owned()
                } else {
                    String::new()
                },
                stored_name,
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
        self.numbered_names.push(name.into());
        Some(number)
    }

    /// Stores `name` as the name of the id `key` unless one is stored already.
    /// [`Self::number`] stores the names of numbers (keys with [`NUMBERED_NAME`] set).
    /// Returns false when `key` is an id too large to store.
    fn store_name(&mut self, key: u32, name: &str) -> bool {
        if key & NUMBERED_NAME != 0 {
            return true;
        }

        let Some(id) = usize::try_from(key).ok().filter(|id| *id < MAX_NAMED_IDS) else {
            return false;
        };
        if self.id_names.len() <= id {
            self.id_names.resize_with(id + 1, || None);
        }
        if let Some(slot @ None) = self.id_names.get_mut(id) {
            *slot = Some(name.into());
        }
        true
    }

    /// Returns the name of `step`.
    fn step_name<'s>(&'s self, step: &'s Step) -> &'s str {
        let stored = step.stored_name.and_then(|key| {
            if key & NUMBERED_NAME != 0 {
                let number = usize::try_from(key & !NUMBERED_NAME).ok()?;
                self.numbered_names.get(number).map(|name| &**name)
            } else {
                let id = usize::try_from(key).ok()?;
                self.id_names.get(id)?.as_deref()
            }
        });
        stored.unwrap_or(&step.name)
    }

    /// Closes the current element.
    pub(crate) fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Tells whether no element is open.
    pub(crate) fn is_empty(&self) -> bool {
        self.depth == 0
    }

    /// Renders the path of the current element. A step carries `[n]` when it is the
    /// n-th sibling of that name, for n >= 2.
    pub(crate) fn render(&self) -> String {
        let mut path = String::new();
        for step in self.steps.iter().take(self.depth) {
            path.push('/');
            path.push_str(self.step_name(step));
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
    fn path_counts_children_past_the_listed_limit() {
        let mut path = ElementPath::default();
        path.push("ROOT");
        let names: Vec<String> = (0..MAX_LISTED_CHILD_NAMES * 2)
            .map(|number| format!("E{number}"))
            .collect();
        for round in 1..=3 {
            for name in &names {
                path.push(name);
                let expected = if round == 1 {
                    format!("/ROOT/{name}")
                } else {
                    format!("/ROOT/{name}[{round}]")
                };
                assert_eq!(path.render(), expected);
                path.pop();
            }
        }
    }

    #[test]
    fn reused_step_forgets_child_counts() {
        let mut path = ElementPath::default();
        path.push("ROOT");
        path.push("A");
        for number in 0..MAX_LISTED_CHILD_NAMES + 2 {
            path.push(&format!("C{number}"));
            path.pop();
        }
        path.pop();
        path.push("B");
        path.push(&format!("C{}", MAX_LISTED_CHILD_NAMES + 1));
        assert_eq!(
            path.render(),
            format!("/ROOT/B/C{}", MAX_LISTED_CHILD_NAMES + 1)
        );
        path.pop();
        path.push("C0");
        assert_eq!(path.render(), "/ROOT/B/C0");
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
    fn ids_past_the_named_limit_keep_their_names() {
        let large = MAX_NAMED_IDS + 5;
        let mut path = ElementPath::default();
        path.push_with_id("ROOT", 0);
        path.push_with_id("LARGE", large);
        assert_eq!(path.render(), "/ROOT/LARGE");
        path.pop();
        path.push_with_id("SMALL", 7);
        assert_eq!(path.render(), "/ROOT/SMALL");
        path.pop();
        path.push_with_id("LARGE", large);
        assert_eq!(path.render(), "/ROOT/LARGE[2]");
        path.pop();
        path.push("NAMED");
        assert_eq!(path.render(), "/ROOT/NAMED");
        path.pop();
        path.push_with_id("SMALL", 7);
        assert_eq!(path.render(), "/ROOT/SMALL[2]");
    }

    #[test]
    fn empty_path_is_root() {
        let path = ElementPath::default();
        assert_eq!(path.render(), "/");
    }
}
