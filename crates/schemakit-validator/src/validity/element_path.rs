//! Element paths such as `/OPTION_PROFILES/OPTION_PROFILE[2]/SCAN`, kept as a stack
//! of steps and rendered only when a finding needs one.

use std::collections::HashMap;
use std::fmt::Write as _;

/// One open element: its name, which same-named sibling it is, and how many
/// children of each name it has had so far.
#[derive(Debug)]
struct Step {
    name: String,
    index: u32,
    children: HashMap<String, u32>,
}

/// The path of the currently open elements.
#[derive(Debug, Default)]
pub(crate) struct ElementPath {
    steps: Vec<Step>,
    /// Counts of top-level elements; a well-formed document has exactly one.
    top_level: HashMap<String, u32>,
}

impl ElementPath {
    /// Opens a child element called `name` of the current element.
    pub(crate) fn push(&mut self, name: &str) {
        let counts = match self.steps.last_mut() {
            Some(parent) => &mut parent.children,
            None => &mut self.top_level,
        };
        let index = match counts.get_mut(name) {
            Some(count) => {
                *count = count.saturating_add(1);
                *count
            }
            None => {
                counts.insert(name.to_owned(), 1);
                1
            }
        };
        self.steps.push(Step {
            name: name.to_owned(),
            index,
            children: HashMap::new(),
        });
    }

    /// Closes the current element.
    pub(crate) fn pop(&mut self) {
        self.steps.pop();
    }

    /// Renders the path of the current element. A step carries `[n]` when it is the
    /// n-th sibling of that name, for n >= 2.
    pub(crate) fn render(&self) -> String {
        let mut path = String::new();
        for step in &self.steps {
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
    fn empty_path_is_root() {
        let path = ElementPath::default();
        assert_eq!(path.render(), "/");
    }
}
