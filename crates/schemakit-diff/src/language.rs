//! Language inclusion between two content specifications.
//!
//! Both schemas intern names in their own symbol tables, so the search works on
//! element names and maps them to each schema's symbols.

use schemakit_model::{ContentAutomaton, ContentSpec, MatchState, Schema};
use std::collections::{BTreeSet, HashMap, VecDeque};

/// The maximum number of state pairs one inclusion search visits before it gives up.
pub const MAX_SEARCH_PAIRS: usize = 100_000;

/// The set of child sequences (and whether text may appear) that one content
/// specification accepts.
pub enum Language<'a> {
    /// Element content, matched by the compiled automaton. Text is not allowed.
    Children {
        automaton: ContentAutomaton,
        schema: &'a Schema,
    },
    /// Any sequence over `names`: `EMPTY` (no names), `ANY` (every declared element)
    /// and mixed content.
    Names { names: BTreeSet<String>, text: bool },
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum State {
    Automaton(MatchState),
    Names,
}

impl<'a> Language<'a> {
    /// Builds the language of `spec`, or returns why the content model could not be
    /// compiled.
    pub fn new(spec: &ContentSpec, schema: &'a Schema) -> Result<Self, String> {
        let language = match spec {
            ContentSpec::Children(particle) => Language::Children {
                automaton: ContentAutomaton::compile(particle)
                    .map_err(|error| error.to_string())?,
                schema,
            },
            ContentSpec::Empty => Language::Names {
                names: BTreeSet::new(),
                text: false,
            },
            ContentSpec::Any => Language::Names {
                names: declared_names(schema),
                text: true,
            },
            ContentSpec::Mixed(symbols) => Language::Names {
                names: symbols
                    .iter()
                    .map(|symbol| schema.name(*symbol).to_owned())
                    .collect(),
                text: true,
            },
            _ => return Err("this kind of content specification is not supported".to_owned()),
        };
        Ok(language)
    }

    fn allows_text(&self) -> bool {
        match self {
            Language::Children { .. } => false,
            Language::Names { text, .. } => *text,
        }
    }

    fn start(&self) -> State {
        match self {
            Language::Children { automaton, .. } => State::Automaton(automaton.start()),
            Language::Names { .. } => State::Names,
        }
    }

    fn next(&self, state: &State, name: &str) -> Option<State> {
        match (self, state) {
            (Language::Children { automaton, schema }, State::Automaton(state)) => {
                let symbol = schema.symbols.get(name)?;
                automaton.next(state, symbol).map(State::Automaton)
            }
            (Language::Names { names, .. }, State::Names) => {
                names.contains(name).then_some(State::Names)
            }
            _ => None,
        }
    }

    fn accepts_end(&self, state: &State) -> bool {
        match (self, state) {
            (Language::Children { automaton, .. }, State::Automaton(state)) => {
                automaton.accepts_end(state)
            }
            (Language::Names { .. }, State::Names) => true,
            _ => false,
        }
    }

    fn expected(&self, state: &State) -> Vec<String> {
        match (self, state) {
            (Language::Children { automaton, schema }, State::Automaton(state)) => automaton
                .expected(state)
                .into_iter()
                .map(|symbol| schema.name(symbol).to_owned())
                .collect(),
            (Language::Names { names, .. }, State::Names) => names.iter().cloned().collect(),
            _ => Vec::new(),
        }
    }
}

fn declared_names(schema: &Schema) -> BTreeSet<String> {
    schema
        .elements
        .iter()
        .filter(|(_, element)| element.content.is_some())
        .map(|(symbol, _)| schema.name(*symbol).to_owned())
        .collect()
}

/// Content that one language accepts and the other rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Witness {
    /// Text between the children.
    Text,
    /// This sequence of children, the shortest one.
    Children(Vec<String>),
}

/// The outcome of an inclusion search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inclusion {
    Holds,
    Fails(Witness),
    Undecided,
}

/// Decides whether every content `sub` accepts is accepted by `sup`.
///
/// The search runs breadth first over pairs of states (state in `sub`, state in
/// `sup` or dead), following the children that `sub` allows next. The first pair
/// where `sub` may end and `sup` may not gives a shortest counterexample.
pub fn includes(sub: &Language, sup: &Language) -> Inclusion {
    includes_within(sub, sup, MAX_SEARCH_PAIRS)
}

fn includes_within(sub: &Language, sup: &Language, max_pairs: usize) -> Inclusion {
    if sub.allows_text() && !sup.allows_text() {
        return Inclusion::Fails(Witness::Text);
    }

    // Each visited pair keeps its parent's index and the child that led to it, so
    // the witness is rebuilt by walking back.
    let start = (sub.start(), Some(sup.start()));
    let mut visited: HashMap<(State, Option<State>), usize> = HashMap::new();
    let mut trail: Vec<Option<(usize, String)>> = vec![None];
    let mut queue = VecDeque::new();
    visited.insert(start.clone(), 0);
    queue.push_back((start, 0));

    while let Some(((sub_state, sup_state), index)) = queue.pop_front() {
        let sup_accepts = sup_state
            .as_ref()
            .is_some_and(|state| sup.accepts_end(state));
        if sub.accepts_end(&sub_state) && !sup_accepts {
            return Inclusion::Fails(Witness::Children(rebuild_path(&trail, index)));
        }

        for name in sub.expected(&sub_state) {
            let Some(sub_next) = sub.next(&sub_state, &name) else {
                continue;
            };
            let sup_next = sup_state.as_ref().and_then(|state| sup.next(state, &name));
            let pair = (sub_next, sup_next);
            if visited.contains_key(&pair) {
                continue;
            }

            if visited.len() >= max_pairs {
                tracing::warn!(
                    limit = max_pairs,
                    "content model inclusion search stopped at its limit"
                );
                return Inclusion::Undecided;
            }
            let next_index = trail.len();
            trail.push(Some((index, name)));
            visited.insert(pair.clone(), next_index);
            queue.push_back((pair, next_index));
        }
    }

    Inclusion::Holds
}

fn rebuild_path(trail: &[Option<(usize, String)>], mut index: usize) -> Vec<String> {
    let mut path = Vec::new();
    while let Some(Some((parent, name))) = trail.get(index) {
        path.push(name.clone());
        index = *parent;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemakit_model::{Occurs, Particle, SchemaKind, Term};

    /// Builds a schema whose element `R` has the content `(A, B?, C?)`.
    fn schema_with_sequence() -> Schema {
        let mut schema = Schema::new(SchemaKind::Dtd);
        let items = ["A", "B", "C"]
            .iter()
            .enumerate()
            .map(|(index, name)| {
                let occurs = if index == 0 {
                    Occurs::ONCE
                } else {
                    Occurs::OPTIONAL
                };
                Particle::new(Term::Element(schema.symbols.intern(name)), occurs)
            })
            .collect();
        schema.element_entry("R").content = Some(ContentSpec::Children(Particle::new(
            Term::Sequence(items),
            Occurs::ONCE,
        )));
        schema
    }

    fn mixed(names: &[&str]) -> Language<'static> {
        Language::Names {
            names: names.iter().map(|name| (*name).to_owned()).collect(),
            text: true,
        }
    }

    #[test]
    fn search_limit_gives_undecided() -> Result<(), String> {
        let schema = schema_with_sequence();
        let Some(ContentSpec::Children(particle)) = schema
            .element("R")
            .and_then(|element| element.content.clone())
        else {
            return Err("element R has no element content".to_owned());
        };
        let sequence = Language::new(&ContentSpec::Children(particle), &schema)?;
        let any_child = mixed(&["A", "B", "C"]);

        assert_eq!(
            includes_within(&sequence, &any_child, 1),
            Inclusion::Undecided
        );
        assert_eq!(includes(&sequence, &any_child), Inclusion::Holds);
        assert_eq!(
            includes(&any_child, &sequence),
            Inclusion::Fails(Witness::Text)
        );
        Ok(())
    }
}
