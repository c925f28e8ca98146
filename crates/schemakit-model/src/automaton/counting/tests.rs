use super::*;
use crate::automaton::{MAX_NESTING, MAX_POSITIONS};
use crate::{
    ContentAutomaton, MaxOccurs, NamespaceConstraint, ProcessContents, SymbolTable, Wildcard,
};
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------------
// Model syntax for test tables: names, wildcards, groups `( , )`, `( | )` and `( & )`
// (an all-group), each with an optional suffix `?`, `*`, `+`, `{m}`, `{m,}` or
// `{m,n}`.
//
// A name `t_a` is in namespace `t`, and likewise for `u_` and `v_`. Other names are
// in no namespace. Wildcards are `#*` (##any), `#!t` (##other with target namespace
// `t`), `#!~` (##other without a target namespace) and `#[t.~]` (the list
// `t ##local`).
// ---------------------------------------------------------------------------------

/// The namespaces that test names and wildcards use.
const NAMESPACES: [&str; 3] = ["t", "u", "v"];

/// Returns the namespace of a test name: the prefix before `_` when it is one of
/// [`NAMESPACES`].
fn namespace_of_name(name: &str) -> Option<&'static str> {
    let (prefix, _) = name.split_once('_')?;
    NAMESPACES
        .iter()
        .copied()
        .find(|namespace| *namespace == prefix)
}

fn parse_namespace(text: &str) -> Option<String> {
    match text {
        "~" => None,
        namespace => Some(namespace.to_owned()),
    }
}

fn model(text: &str, symbols: &mut SymbolTable) -> Particle {
    let tokens: Vec<char> = text.chars().filter(|ch| !ch.is_whitespace()).collect();
    let mut index = 0;
    let particle = parse_particle(&tokens, &mut index, symbols);
    assert_eq!(index, tokens.len(), "trailing input in {text}");
    particle
}

fn parse_particle(tokens: &[char], index: &mut usize, symbols: &mut SymbolTable) -> Particle {
    let term = if tokens[*index] == '(' {
        *index += 1;
        let mut items = vec![parse_particle(tokens, index, symbols)];
        let mut separator = None;
        while tokens[*index] != ')' {
            separator = Some(tokens[*index]);
            *index += 1;
            items.push(parse_particle(tokens, index, symbols));
        }
        *index += 1;
        match separator {
            Some('|') => Term::Choice(items),
            Some('&') => Term::All(items),
            _ => Term::Sequence(items),
        }
    } else if tokens[*index] == '#' {
        Term::Wildcard(parse_wildcard(tokens, index))
    } else {
        let start = *index;
        while *index < tokens.len() && (tokens[*index].is_alphanumeric() || tokens[*index] == '_') {
            *index += 1;
        }
        let name: String = tokens[start..*index].iter().collect();
        assert!(!name.is_empty(), "name expected at {start}");
        Term::Element(symbols.intern(&name))
    };
    Particle::new(term, parse_occurs(tokens, index))
}

/// Parses `#*`, `#!t`, `#!~` or `#[t.u.~]` at `index`, which points at the `#`.
fn parse_wildcard(tokens: &[char], index: &mut usize) -> Wildcard {
    *index += 1;
    let namespaces = match tokens[*index] {
        '*' => {
            *index += 1;
            NamespaceConstraint::Any
        }
        '!' => {
            let excluded = tokens[*index + 1].to_string();
            *index += 2;
            NamespaceConstraint::Not(parse_namespace(&excluded))
        }
        '[' => {
            let close = tokens[*index..]
                .iter()
                .position(|ch| *ch == ']')
                .expect("closing bracket")
                + *index;
            let inside: String = tokens[*index + 1..close].iter().collect();
            *index = close + 1;
            NamespaceConstraint::Set(
                inside
                    .split('.')
                    .filter(|item| !item.is_empty())
                    .map(parse_namespace)
                    .collect(),
            )
        }
        other => panic!("unknown wildcard #{other}"),
    };
    Wildcard {
        namespaces,
        process_contents: ProcessContents::Lax,
    }
}

fn parse_occurs(tokens: &[char], index: &mut usize) -> Occurs {
    let occurs = match tokens.get(*index) {
        Some('?') => Occurs::OPTIONAL,
        Some('*') => Occurs::ZERO_OR_MORE,
        Some('+') => Occurs::ONE_OR_MORE,
        Some('{') => {
            let close = tokens[*index..]
                .iter()
                .position(|ch| *ch == '}')
                .expect("closing brace")
                + *index;
            let inside: String = tokens[*index + 1..close].iter().collect();
            *index = close;
            let (min, max) = match inside.split_once(',') {
                None => {
                    let count = inside.parse().expect("count");
                    (count, MaxOccurs::Bounded(count))
                }
                Some((min, "")) => (min.parse().expect("min"), MaxOccurs::Unbounded),
                Some((min, max)) => (
                    min.parse().expect("min"),
                    MaxOccurs::Bounded(max.parse().expect("max")),
                ),
            };
            Occurs { min, max }
        }
        _ => return Occurs::ONCE,
    };
    *index += 1;
    occurs
}

fn names(text: &str, symbols: &mut SymbolTable) -> Vec<Symbol> {
    text.split_whitespace()
        .map(|name| symbols.intern(name))
        .collect()
}

/// A child element: its name and the namespace its name is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Child {
    symbol: Symbol,
    namespace: Option<&'static str>,
}

impl Child {
    fn named(name: &str, symbols: &mut SymbolTable) -> Child {
        Child {
            symbol: symbols.intern(name),
            namespace: namespace_of_name(name),
        }
    }

    /// Returns a child in no namespace.
    fn local(symbol: Symbol) -> Child {
        Child {
            symbol,
            namespace: None,
        }
    }
}

fn children(text: &str, symbols: &mut SymbolTable) -> Vec<Child> {
    text.split_whitespace()
        .map(|name| Child::named(name, symbols))
        .collect()
}

/// Returns the namespace of a symbol of `symbols`, named as in the test syntax.
fn namespace_lookup(symbols: &SymbolTable) -> impl Fn(Symbol) -> Option<String> + '_ {
    |symbol| namespace_of_name(symbols.name(symbol)).map(str::to_owned)
}

// ---------------------------------------------------------------------------------
// Reference matcher: computes the set of input offsets where a particle can end, by
// iterating occurrences directly on the particle tree. With `open_end`, an element
// or wildcard also matches past the end of the input, so offset `len` is reached
// exactly when the input is a prefix of some accepted sequence. A wildcard matches
// every child whose namespace it allows, even where an element particle also matches
// the child, so for models with such conflicts it accepts more than `step_child`.
// ---------------------------------------------------------------------------------

fn reference_ends(
    particle: &Particle,
    input: &[Child],
    start: usize,
    open_end: bool,
) -> BTreeSet<usize> {
    let Occurs { min, max } = particle.occurs;
    let mut result = BTreeSet::new();
    if max == MaxOccurs::Bounded(0) {
        result.insert(start);
        return result;
    }
    if min == 0 {
        result.insert(start);
    }

    let mut current = BTreeSet::from([start]);
    let mut seen_after_min: BTreeSet<Vec<usize>> = BTreeSet::new();
    let mut occurrences: u64 = 0;
    loop {
        if let MaxOccurs::Bounded(max) = max {
            if occurrences >= u64::from(max) {
                break;
            }
        }
        let mut next = BTreeSet::new();
        for offset in &current {
            next.extend(reference_term(&particle.term, input, *offset, open_end));
        }
        occurrences += 1;
        if next.is_empty() {
            break;
        }
        if occurrences >= u64::from(min) {
            result.extend(next.iter().copied());
            // The next sets depend only on this one, so a repeat means every later
            // set was already added.
            if !seen_after_min.insert(next.iter().copied().collect()) {
                break;
            }
        }
        current = next;
    }
    result
}

fn reference_term(term: &Term, input: &[Child], start: usize, open_end: bool) -> BTreeSet<usize> {
    match term {
        Term::Wildcard(wildcard) => {
            if input
                .get(start)
                .is_some_and(|child| wildcard.allows(child.namespace))
            {
                BTreeSet::from([start + 1])
            } else if open_end && start == input.len() && wildcard_allows_something(wildcard) {
                BTreeSet::from([start])
            } else {
                BTreeSet::new()
            }
        }
        Term::Element(symbol) => {
            if input.get(start).map(|child| child.symbol) == Some(*symbol) {
                BTreeSet::from([start + 1])
            } else if open_end && start == input.len() {
                BTreeSet::from([start])
            } else {
                BTreeSet::new()
            }
        }
        Term::Sequence(items) => {
            let mut current = BTreeSet::from([start]);
            for item in items {
                let mut next = BTreeSet::new();
                for offset in &current {
                    next.extend(reference_ends(item, input, *offset, open_end));
                }
                current = next;
            }
            current
        }
        // XSD drops particles with maxOccurs 0, so they are no alternative.
        Term::Choice(items) => items
            .iter()
            .filter(|item| item.occurs.max != MaxOccurs::Bounded(0))
            .flat_map(|item| reference_ends(item, input, start, open_end))
            .collect(),
        Term::All(items) => {
            let members: Vec<&Particle> = items
                .iter()
                .filter(|item| item.occurs.max != MaxOccurs::Bounded(0))
                .collect();
            let mut ends = BTreeSet::new();
            assign_members(&members, input, start, 0, open_end, &mut ends);
            ends
        }
    }
}

/// Returns whether some child could match `wildcard`: false only for an empty list.
fn wildcard_allows_something(wildcard: &Wildcard) -> bool {
    match &wildcard.namespaces {
        NamespaceConstraint::Set(allowed) => !allowed.is_empty(),
        NamespaceConstraint::Any | NamespaceConstraint::Not(_) => true,
    }
}

/// Tries every assignment of the children from `offset` on to unused members.
fn assign_members(
    members: &[&Particle],
    input: &[Child],
    offset: usize,
    used: u64,
    open_end: bool,
    ends: &mut BTreeSet<usize>,
) {
    let complete = members
        .iter()
        .enumerate()
        .all(|(index, member)| member.occurs.min == 0 || used & (1 << index) != 0);
    if complete || (open_end && offset == input.len()) {
        ends.insert(offset);
    }
    for (index, member) in members.iter().enumerate() {
        let Term::Element(symbol) = member.term else {
            continue;
        };
        if used & (1 << index) == 0 && input.get(offset).map(|child| child.symbol) == Some(symbol) {
            assign_members(
                members,
                input,
                offset + 1,
                used | (1 << index),
                open_end,
                ends,
            );
        }
    }
}

fn reference_accepts(particle: &Particle, input: &[Child]) -> bool {
    reference_ends(particle, input, 0, false).contains(&input.len())
}

fn reference_viable(particle: &Particle, input: &[Child]) -> bool {
    reference_ends(particle, input, 0, true).contains(&input.len())
}

// ---------------------------------------------------------------------------------
// Exhaustive comparison with the reference matcher.
// ---------------------------------------------------------------------------------

struct Exhaustive<'a> {
    particle: &'a Particle,
    automaton: &'a CountingAutomaton,
    /// The model's names in model order, then children the model does not name.
    alphabet: Vec<Child>,
    model_text: &'a str,
    max_len: usize,
    single_configuration: bool,
    words: usize,
}

impl Exhaustive<'_> {
    fn visit(&mut self, word: &mut Vec<Child>, state: &CountingState) {
        self.words += 1;
        let context = format!("{} on {:?}", self.model_text, word);

        assert_eq!(
            self.automaton.accepts_end(state),
            reference_accepts(self.particle, word),
            "accepts_end: {context}"
        );
        if self.single_configuration {
            if let StateRepr::Configurations(configurations) = &state.0 {
                assert_eq!(configurations.len(), 1, "one configuration: {context}");
            }
        }

        let mut allowed_elements = Vec::new();
        let mut matched_wildcards = Vec::new();
        let mut stepping_children = Vec::new();
        let mut next_states = Vec::new();
        for child in self.alphabet.clone() {
            let mut next = state.clone();
            let matched = self
                .automaton
                .step_child(&mut next, Some(child.symbol), child.namespace);
            word.push(child);
            let viable = reference_viable(self.particle, word);
            word.pop();
            assert_eq!(matched.is_some(), viable, "step {child:?}: {context}");

            let mut element_next = state.clone();
            let element_stepped = self.automaton.step(&mut element_next, child.symbol);
            match matched {
                Some(ChildMatch::Element(symbol)) => {
                    assert_eq!(symbol, child.symbol, "matched name: {context}");
                    assert_eq!(element_next, next, "step and step_child: {context}");
                    allowed_elements.push(child.symbol);
                }
                Some(ChildMatch::Wildcard(wildcard)) => {
                    assert!(!element_stepped, "element before wildcard: {context}");
                    assert!(
                        wildcard.allows(child.namespace),
                        "matched {wildcard} does not allow {child:?}: {context}"
                    );
                    matched_wildcards.push(wildcard.clone());
                }
                None => {
                    assert!(!element_stepped, "step without step_child: {context}");
                    assert_eq!(&next, state, "failed step changed the state: {context}");
                }
            }
            if !element_stepped {
                assert_eq!(
                    &element_next, state,
                    "failed step changed the state: {context}"
                );
            }
            if matched.is_some() {
                stepping_children.push(child);
                next_states.push((child, next));
            }
        }

        // The order of `expected()` is the order of positions, checked in its own table.
        let mut expected = self.automaton.expected(state);
        let listed = expected.len();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(
            expected.len(),
            listed,
            "expected() repeats a name: {context}"
        );
        allowed_elements.sort_unstable();
        assert_eq!(expected, allowed_elements, "expected: {context}");

        let expected_wildcards = self.automaton.expected_wildcards(state);
        for wildcard in &matched_wildcards {
            assert!(
                expected_wildcards.contains(&wildcard),
                "{wildcard} matched but is not expected: {context}"
            );
        }
        for wildcard in &expected_wildcards {
            let matches_foreign_child = stepping_children.iter().any(|child| {
                !self.particle_names_contain(child.symbol) && wildcard.allows(child.namespace)
            });
            assert!(
                matches_foreign_child,
                "{wildcard} is expected but matches no child: {context}"
            );
        }

        if word.len() == self.max_len {
            return;
        }
        for (child, next) in next_states {
            word.push(child);
            self.visit(word, &next);
            word.pop();
        }
    }

    fn particle_names_contain(&self, symbol: Symbol) -> bool {
        let mut found = false;
        self.particle
            .for_each_element(&mut |name| found |= name == symbol);
        found
    }
}

/// Checks every sequence up to `max_len` children over the model's names and foreign
/// names: acceptance, each step, `expected()`, `expected_wildcards()` and the
/// failed-step contract. Sequences that the automaton rejects are checked against the
/// reference too. A model with wildcards must have no Unique Particle Attribution
/// conflict, because only then does the reference match as `step_child` does.
/// Returns the number of sequences visited, and fails unless some were rejected.
fn check_exhaustively(model_text: &str, max_len: usize) -> usize {
    let mut symbols = SymbolTable::new();
    let particle = model(model_text, &mut symbols);
    let checked = check_particle_exhaustively(&particle, &mut symbols, model_text, max_len);
    assert!(
        checked.rejected > 0,
        "{model_text}: the table should reject something"
    );
    checked.visited
}

/// The numbers of sequences that an exhaustive check covered.
struct Checked {
    /// Sequences the walk visited, each a prefix of an accepted sequence.
    visited: usize,
    /// Sequences of all those enumerated that the automaton rejected.
    rejected: usize,
}

fn check_particle_exhaustively(
    particle: &Particle,
    symbols: &mut SymbolTable,
    model_text: &str,
    max_len: usize,
) -> Checked {
    let particle = particle.clone();
    let automaton = CountingAutomaton::compile(&particle)
        .unwrap_or_else(|error| panic!("{model_text} does not compile: {error}"));

    let mut alphabet: Vec<Child> = Vec::new();
    particle.for_each_element(&mut |symbol| {
        if !alphabet.iter().any(|child| child.symbol == symbol) {
            alphabet.push(Child {
                symbol,
                namespace: namespace_of_name(symbols.name(symbol)),
            });
        }
    });
    alphabet.push(Child::named("zz", symbols));
    let has_wildcards = has_wildcard(&particle);
    if has_wildcards {
        for namespace in NAMESPACES {
            alphabet.push(Child::named(&format!("{namespace}_zz"), symbols));
        }
    }

    let conflicts = automaton.ambiguities_with(&namespace_lookup(symbols));
    if has_wildcards {
        assert_eq!(conflicts, vec![], "{model_text} has conflicts");
    }
    let single_configuration = conflicts.is_empty()
        && match &automaton.model {
            Model::Counting { tree, .. } => !ambiguity::has_counter_ambiguity(tree),
            Model::All(_) => true,
        };

    // Check every word over the alphabet, including those after a failed step, which
    // the walk below does not visit.
    let mut rejected = 0;
    let mut word = Vec::new();
    all_words(&alphabet, max_len, &mut word, &mut |word| {
        let mut state = automaton.start();
        let stepped = word.iter().all(|child| {
            automaton
                .step_child(&mut state, Some(child.symbol), child.namespace)
                .is_some()
        });
        let accepted = stepped && automaton.accepts_end(&state);
        assert_eq!(
            accepted,
            reference_accepts(&particle, word),
            "{model_text} on {word:?}"
        );
        rejected += usize::from(!accepted);
    });

    let mut exhaustive = Exhaustive {
        particle: &particle,
        automaton: &automaton,
        alphabet,
        model_text,
        max_len,
        single_configuration,
        words: 0,
    };
    exhaustive.visit(&mut Vec::new(), &automaton.start());
    Checked {
        visited: exhaustive.words,
        rejected,
    }
}

fn has_wildcard(particle: &Particle) -> bool {
    match &particle.term {
        Term::Wildcard(_) => true,
        Term::Element(_) => false,
        Term::Sequence(items) | Term::Choice(items) | Term::All(items) => {
            items.iter().any(has_wildcard)
        }
    }
}

fn all_words(
    alphabet: &[Child],
    max_len: usize,
    word: &mut Vec<Child>,
    visit: &mut impl FnMut(&[Child]),
) {
    visit(word);
    if word.len() == max_len {
        return;
    }
    for child in alphabet {
        word.push(*child);
        all_words(alphabet, max_len, word, visit);
        word.pop();
    }
}

#[test]
fn short_sequences_match_reference() {
    let models = [
        "a{2,3}",
        "(a, b){2,4}",
        "(a | b){3}",
        "(a{2}, b){2}",
        "(a?){2,3}",
        "((a, b?){2,3}, c)",
        "a{0,5000}",
        "a{3,}",
        "((a | b){2,}, c)",
        "(a, (b | c{2}){1,3}, d?)",
        "((a | (b, c{2,3})){2}, d)",
        "((a | b)?, c){0,2}",
        "(a, (b, c){0,2}, d)",
        "(a, (b, c?){0,3})",
        "((a{1,2}, b?){2,3})",
        "(((a?){2}, b?){2,3})",
        "((a, b{2}){2,3}, (c | d{3})?)",
        "((a{2,3} | b){2})",
        // Models with a counter ambiguity: several configurations at once.
        "((a{2,3}){2}, b)",
        "(a+){2}",
        "(a{2,3})*",
        "((a?, b?){2,3})",
        // Unique Particle Attribution violations still match correctly.
        "((a, b) | (a, c)){2}",
        "(a{2}, a?)",
        "((a | b)*, a, b{1,2})",
        // Particles with maxOccurs 0 are dropped from their group.
        "(a, b{0,0})",
        "(a | b{0,0})",
        "((a | b{0,0}){2}, c)",
        // All-groups.
        "(a & b? & c)",
        "(a & b?)?",
        "(a? & b? & c?)",
        "(a & b & a?)",
        "((a & b? & c))",
    ];
    for model_text in models {
        let words = check_exhaustively(model_text, 6);
        assert!(words > 1, "{model_text}: no sequence was checked");
    }
}

// ---------------------------------------------------------------------------------
// Tables of single cases.
// ---------------------------------------------------------------------------------

fn accepts(model_text: &str, children: &str) -> bool {
    let mut symbols = SymbolTable::new();
    let particle = model(model_text, &mut symbols);
    let automaton = CountingAutomaton::compile(&particle).expect("model compiles");
    let mut state = automaton.start();
    for symbol in names(children, &mut symbols) {
        if !automaton.step(&mut state, symbol) {
            return false;
        }
    }
    automaton.accepts_end(&state)
}

#[test]
fn matching_table() {
    let cases = [
        ("a{2,3}", "", false),
        ("a{2,3}", "a", false),
        ("a{2,3}", "a a", true),
        ("a{2,3}", "a a a", true),
        ("a{2,3}", "a a a a", false),
        ("(a, b){2,4}", "a b a b", true),
        ("(a, b){2,4}", "a b a", false),
        ("(a, b){2,4}", "a b a b a b a b a b", false),
        ("(a | b){3}", "b a b", true),
        ("(a | b){3}", "b a", false),
        ("(a{2}, b){2}", "a a b a a b", true),
        ("(a{2}, b){2}", "a b a a b", false),
        ("(a?){2,3}", "", true),
        ("(a?){2,3}", "a a a", true),
        ("(a?){2,3}", "a a a a", false),
        ("((a, b?){2,3}, c)", "a a c", true),
        ("((a, b?){2,3}, c)", "a b c", false),
        ("((a, b?){2,3}, c)", "a b a b a c", true),
        ("((a, b?){2,3}, c)", "a b a b a b a c", false),
        // minOccurs 0 on a group with required content inside.
        ("(x, (a, b{2}){0,2}, y)", "x y", true),
        ("(x, (a, b{2}){0,2}, y)", "x a b b y", true),
        ("(x, (a, b{2}){0,2}, y)", "x a b y", false),
        // A choice of counted items.
        ("(a{2} | b{3}){2}", "a a b b b", true),
        ("(a{2} | b{3}){2}", "a a b b", false),
        // An unbounded counter saturates at minOccurs.
        ("(a{3,}, b)", "a a a a a a a b", true),
        ("(a{3,}, b)", "a a b", false),
    ];
    for (model_text, children, expected) in cases {
        assert_eq!(
            accepts(model_text, children),
            expected,
            "{model_text} on [{children}]"
        );
    }
}

#[test]
fn large_bounds_use_one_counter() {
    let mut symbols = SymbolTable::new();
    let particle = model("(x, a{0,5000}, y?)", &mut symbols);
    let automaton = CountingAutomaton::compile(&particle).expect("compiles");
    let [x, a, y] = ["x", "a", "y"].map(|name| symbols.intern(name));
    assert_eq!(automaton.positions(), 3);
    assert_eq!(automaton.counters(), 1);

    let mut state = automaton.start();
    assert!(automaton.step(&mut state, x));
    for _ in 0..5000 {
        assert!(automaton.step(&mut state, a));
    }
    assert!(automaton.accepts_end(&state));
    assert_eq!(automaton.expected(&state), vec![y]);
    assert!(
        !automaton.step(&mut state, a),
        "the 5001st a is one too many"
    );
    assert!(automaton.step(&mut state, y));
    assert!(automaton.accepts_end(&state));
}

#[test]
fn ambiguous_counters_track_many_configurations() {
    let mut symbols = SymbolTable::new();
    let particle = model("((a{0,5000})*, b)", &mut symbols);
    let automaton = CountingAutomaton::compile(&particle).expect("compiles");
    let [a, b] = ["a", "b"].map(|name| symbols.intern(name));
    let mut state = automaton.start();
    for _ in 0..600 {
        assert!(automaton.step(&mut state, a));
    }
    // One configuration for each count of the inner particle seen so far.
    match &state.0 {
        StateRepr::Configurations(configurations) => assert_eq!(configurations.len(), 600),
        StateRepr::Members(_) => panic!("not an all-group"),
    }
    assert!(automaton.step(&mut state, b));
    assert!(automaton.accepts_end(&state));
}

#[test]
fn unbounded_counter_states_converge() {
    let mut symbols = SymbolTable::new();
    let particle = model("(a{3,}, b?)", &mut symbols);
    let automaton = CountingAutomaton::compile(&particle).expect("compiles");
    let a = symbols.intern("a");
    let mut state = automaton.start();
    let mut states = Vec::new();
    for _ in 0..6 {
        assert!(automaton.step(&mut state, a));
        states.push(state.clone());
    }
    assert_ne!(states[1], states[2], "two and three a differ");
    assert_eq!(states[2], states[5], "three a and more are one state");
}

#[test]
fn maximal_u32_bounds_work() {
    // Each model reads `unit` repeated `count` times.
    let cases = [
        ("a{0,4294967295}", "a", 10_000, true),
        ("a{4294967295}", "a", 10, false),
        ("a{4294967295,}", "a", 10, false),
        ("(b, a{2,4294967295}){1,4294967295}", "b a a a", 2_000, true),
        ("(b, a{2,4294967295}){4294967295}", "b a a a", 2_000, false),
        ("(b, a{2,4294967295}){4294967295}", "b a", 1, false),
        ("(a, b?){1,4294967295}", "a b", 5_000, true),
    ];
    for (model_text, unit, count, expected) in cases {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle)
            .unwrap_or_else(|error| panic!("{model_text}: {error}"));
        let unit = names(unit, &mut symbols);
        let mut state = automaton.start();
        for index in 0..count {
            for symbol in &unit {
                assert!(
                    automaton.step(&mut state, *symbol),
                    "{model_text}: unit number {index}"
                );
            }
        }
        assert_eq!(automaton.accepts_end(&state), expected, "{model_text}");
    }
}

#[test]
fn expected_table() {
    let cases = [
        ("a{2,3}", "", "a"),
        ("a{2,3}", "a a a", ""),
        ("((a, b?){2,3}, c)", "a", "a b"),
        ("((a, b?){2,3}, c)", "a a", "a b c"),
        ("((a, b?){2,3}, c)", "a b a b a", "b c"),
        ("(a{2}, b){2}", "a a b a a", "b"),
        ("(x, (a | b){0,2}, y)", "x a b", "y"),
        ("(x, (a | b){0,2}, y)", "x", "a b y"),
        ("(a & b? & c)", "c", "a b"),
        ("(a & b? & c)", "c a b", ""),
        ("(a & b & a?)", "a", "b a"),
        // Model order is the order of the positions that may come next.
        ("(a, b?, a)", "a", "b a"),
    ];
    for (model_text, children, expected) in cases {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle).expect("compiles");
        let mut state = automaton.start();
        for symbol in names(children, &mut symbols) {
            assert!(
                automaton.step(&mut state, symbol),
                "{model_text} on [{children}]"
            );
        }
        assert_eq!(
            automaton.expected(&state),
            names(expected, &mut symbols),
            "{model_text} after [{children}]"
        );
    }
}

#[test]
fn ambiguities_table() {
    let cases = [
        ("(a, b)", ""),
        ("(a, b, x, b)", ""),
        ("a{2,3}", ""),
        ("(a+){2}", ""),
        ("((a, b){2,3}, c?)", ""),
        ("(a{2}, a?)", "a"),
        ("((a, b) | (a, c))", "a"),
        ("((a | b)*, a, b?, b)", "a b"),
        ("((a, b{0,3}){2}, b)", "b"),
        ("(c, (a{0,2}, b)?, a)", "a"),
        ("(a & b & a)", "a"),
        ("(a & b? & c)", ""),
    ];
    for (model_text, expected) in cases {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle).expect("compiles");
        let expected: Vec<Ambiguity> = names(expected, &mut symbols)
            .into_iter()
            .map(|symbol| Ambiguity { symbol })
            .collect();
        assert_eq!(automaton.ambiguities(), expected, "{model_text}");
    }
}

#[test]
fn positions_and_counters_table() {
    let cases = [
        ("(a, b?, c*, d+)", 4, 0),
        ("(a{2,3}, (b, c){0,5})", 3, 2),
        ("(a{0,0}, b{2,})", 1, 1),
        ("(a & b? & c)", 3, 0),
    ];
    for (model_text, positions, counters) in cases {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle).expect("compiles");
        assert_eq!(
            automaton.positions(),
            positions,
            "positions of {model_text}"
        );
        assert_eq!(automaton.counters(), counters, "counters of {model_text}");
    }
}

// ---------------------------------------------------------------------------------
// All-groups.
// ---------------------------------------------------------------------------------

/// A deterministic pseudo-random sequence (a linear congruential generator).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound
    }
}

#[test]
fn all_group_of_42_members() {
    let mut symbols = SymbolTable::new();
    // Every third member is optional.
    let items: Vec<Particle> = (0..42)
        .map(|index| {
            let occurs = if index % 3 == 0 {
                Occurs::OPTIONAL
            } else {
                Occurs::ONCE
            };
            Particle::new(Term::Element(symbols.intern(&format!("m{index}"))), occurs)
        })
        .collect();
    let members: Vec<Symbol> = (0..42)
        .map(|index| symbols.intern(&format!("m{index}")))
        .collect();
    let foreign = symbols.intern("other");

    for group_occurs in [Occurs::ONCE, Occurs::OPTIONAL] {
        let particle = Particle::new(Term::All(items.clone()), group_occurs);
        let automaton = CountingAutomaton::compile(&particle).expect("compiles");
        assert_eq!(automaton.positions(), 42);
        assert_eq!(automaton.counters(), 0);
        assert_eq!(automaton.ambiguities(), vec![]);

        let run = |children: &[Symbol]| {
            let mut state = automaton.start();
            children
                .iter()
                .all(|symbol| automaton.step(&mut state, *symbol))
                && automaton.accepts_end(&state)
        };

        let reversed: Vec<Symbol> = members.iter().rev().copied().collect();
        assert!(run(&reversed), "all members in reverse order");
        let required: Vec<Symbol> = (0..42)
            .filter(|index| index % 3 != 0)
            .map(|index| members[index])
            .collect();
        assert!(run(&required), "only the required members");
        assert!(!run(&required[1..]), "a required member missing");
        let mut twice = required.clone();
        twice.push(required[0]);
        assert!(!run(&twice), "a member twice");
        let mut with_foreign = required.clone();
        with_foreign.insert(5, foreign);
        assert!(!run(&with_foreign), "a name that is not a member");
        assert_eq!(run(&[]), group_occurs.min == 0, "no children");

        let mut random = Lcg(42);
        for _ in 0..300 {
            let length = random.below(46);
            let children: Vec<Symbol> = (0..length)
                .map(|_| {
                    let pick = random.below(43);
                    members.get(pick).copied().unwrap_or(foreign)
                })
                .collect();
            let input: Vec<Child> = children.iter().copied().map(Child::local).collect();
            assert_eq!(
                run(&children),
                reference_accepts(&particle, &input),
                "{children:?}"
            );
        }

        let mut state = automaton.start();
        assert!(automaton.step(&mut state, members[41]));
        assert!(automaton.step(&mut state, members[0]));
        let expected: Vec<Symbol> = members[1..41].to_vec();
        assert_eq!(automaton.expected(&state), expected);
    }
}

#[test]
fn all_group_inside_one_item_groups_compiles() {
    let mut symbols = SymbolTable::new();
    let particle = model("(((a & b)))", &mut symbols);
    let automaton = CountingAutomaton::compile(&particle).expect("compiles");
    let [a, b] = ["a", "b"].map(|name| symbols.intern(name));
    let mut state = automaton.start();
    assert!(automaton.step(&mut state, b));
    assert!(automaton.step(&mut state, a));
    assert!(automaton.accepts_end(&state));
}

// ---------------------------------------------------------------------------------
// Errors and edge cases.
// ---------------------------------------------------------------------------------

/// Returns whether an error is the one a table row expects.
type ErrorCheck = fn(&AutomatonError) -> bool;

#[test]
fn compile_errors_table() {
    let cases: [(&str, ErrorCheck); 9] = [
        ("(x, (a & b))", |error| {
            matches!(error, AutomatonError::NestedAllGroup)
        }),
        ("((a & b), x)", |error| {
            matches!(error, AutomatonError::NestedAllGroup)
        }),
        ("(a & b){0,2}", |error| {
            matches!(error, AutomatonError::AllGroupOccurs { .. })
        }),
        ("(a & b)+", |error| {
            matches!(error, AutomatonError::AllGroupOccurs { .. })
        }),
        ("(a & (b, c))", |error| {
            matches!(
                error,
                AutomatonError::AllGroupMemberNotElement { number: 2 }
            )
        }),
        ("(a & b{0,2})", |error| {
            matches!(
                error,
                AutomatonError::AllGroupMemberRepeats { number: 2, .. }
            )
        }),
        ("(a, b{3,2})", |error| {
            matches!(error, AutomatonError::InvalidOccurs { .. })
        }),
        ("(a{0,2000000})*", |error| {
            matches!(
                error,
                AutomatonError::AmbiguityTooCostly {
                    work: 2_000_001,
                    limit: MAX_AMBIGUOUS_WORK
                }
            )
        }),
        ("((a{0,1000000}, b) | (a, c))", |error| {
            matches!(
                error,
                AutomatonError::AmbiguityTooCostly {
                    work: 2_000_008,
                    ..
                }
            )
        }),
    ];
    for (model_text, is_expected) in cases {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        match CountingAutomaton::compile(&particle) {
            Ok(_) => panic!("{model_text} compiled"),
            Err(error) => assert!(is_expected(&error), "{model_text}: {error:?}"),
        }
    }
}

#[test]
fn error_messages_name_the_bounds() {
    let mut symbols = SymbolTable::new();
    let cases = [
        (
            "(a, b{3,2})",
            "occurrence bounds minOccurs=\"3\" maxOccurs=\"2\" are invalid because minOccurs is greater than maxOccurs; lower minOccurs or raise maxOccurs",
        ),
        (
            "(a & b)*",
            "an all-group (xs:all) has minOccurs=\"0\" maxOccurs=\"unbounded\", but it may occur at most once; set minOccurs to 0 or 1 and maxOccurs to 1",
        ),
    ];
    for (model_text, message) in cases {
        let particle = model(model_text, &mut symbols);
        let error = CountingAutomaton::compile(&particle).expect_err("rejected");
        assert_eq!(error.to_string(), message, "{model_text}");
    }
}

#[test]
fn limits_are_errors_not_crashes() {
    let mut symbols = SymbolTable::new();
    let a = symbols.intern("a");

    let mut deep = Particle::new(Term::Element(a), Occurs::ONCE);
    for _ in 0..(MAX_NESTING + 10) {
        deep = Particle::new(
            Term::Sequence(vec![deep]),
            Occurs {
                min: 2,
                max: MaxOccurs::Bounded(3),
            },
        );
    }
    assert_eq!(
        CountingAutomaton::compile(&deep).err(),
        Some(AutomatonError::TooDeep)
    );

    let wide = Particle::new(
        Term::Sequence(vec![
            Particle::new(Term::Element(a), Occurs::OPTIONAL);
            MAX_POSITIONS + 1
        ]),
        Occurs::ONCE,
    );
    assert_eq!(
        CountingAutomaton::compile(&wide).err(),
        Some(AutomatonError::TooManyPositions)
    );

    let wide_all = Particle::new(
        Term::All(vec![
            Particle::new(Term::Element(a), Occurs::OPTIONAL);
            MAX_POSITIONS + 1
        ]),
        Occurs::ONCE,
    );
    assert_eq!(
        CountingAutomaton::compile(&wide_all).err(),
        Some(AutomatonError::TooManyPositions)
    );
}

#[test]
fn empty_models_table() {
    let mut symbols = SymbolTable::new();
    let a = symbols.intern("a");
    let empty_choice = |occurs| Particle::new(Term::Choice(vec![]), occurs);
    let dropped = Particle::new(
        Term::Element(a),
        Occurs {
            min: 0,
            max: MaxOccurs::Bounded(0),
        },
    );
    let cases = [
        ("empty choice", empty_choice(Occurs::ONCE), false),
        (
            "optional empty choice",
            empty_choice(Occurs::OPTIONAL),
            true,
        ),
        ("dropped root", dropped.clone(), true),
        (
            "sequence that requires an empty choice",
            Particle::new(
                Term::Sequence(vec![
                    Particle::new(Term::Element(a), Occurs::ONCE),
                    empty_choice(Occurs::ONCE),
                ]),
                Occurs::ONCE,
            ),
            false,
        ),
        (
            "choice of only dropped items",
            Particle::new(Term::Choice(vec![dropped]), Occurs::ONCE),
            false,
        ),
        (
            "empty sequence",
            Particle::new(Term::Sequence(vec![]), Occurs::ONCE),
            true,
        ),
        (
            "empty all-group",
            Particle::new(Term::All(vec![]), Occurs::ONCE),
            true,
        ),
    ];
    for (name, particle, accepts_empty) in cases {
        let automaton = CountingAutomaton::compile(&particle).expect("compiles");
        let mut state = automaton.start();
        assert_eq!(automaton.accepts_end(&state), accepts_empty, "{name}");
        assert_eq!(automaton.expected(&state), vec![], "{name}");
        assert!(!automaton.step(&mut state, a), "{name}");
    }
}

#[test]
fn pruned_optional_choice_item_matches_empty() {
    let mut symbols = SymbolTable::new();
    let [b, x, y] = ["b", "x", "y"].map(|name| symbols.intern(name));
    let element = |symbol| Particle::new(Term::Element(symbol), Occurs::ONCE);
    // (x, (()* | b), y), where `()` is an empty choice: `()*` matches only the
    // empty sequence, so `y` may follow `x` directly.
    let choice = Particle::new(
        Term::Choice(vec![
            Particle::new(Term::Choice(vec![]), Occurs::ZERO_OR_MORE),
            element(b),
        ]),
        Occurs::ONCE,
    );
    let particle = Particle::new(
        Term::Sequence(vec![element(x), choice.clone(), element(y)]),
        Occurs::ONCE,
    );
    let checked = check_particle_exhaustively(&particle, &mut symbols, "(x, (()* | b), y)", 4);
    assert!(checked.visited > 1);
    assert!(checked.rejected > 0);

    let automaton = CountingAutomaton::compile(&choice).expect("compiles");
    assert!(automaton.accepts_end(&automaton.start()));
}

#[test]
fn state_of_another_automaton_is_rejected() {
    let mut symbols = SymbolTable::new();
    let sequence = CountingAutomaton::compile(&model("(a, b)", &mut symbols)).expect("compiles");
    let all = CountingAutomaton::compile(&model("(a & b)", &mut symbols)).expect("compiles");
    let a = symbols.intern("a");

    let mut foreign = all.start();
    assert!(!sequence.step(&mut foreign, a));
    assert!(!sequence.accepts_end(&foreign));
    assert_eq!(sequence.expected(&foreign), vec![]);
    assert_eq!(foreign, all.start());
}

// ---------------------------------------------------------------------------------
// Random models.
// ---------------------------------------------------------------------------------

const RANDOM_BOUNDS: [(u32, Option<u32>); 10] = [
    (1, Some(1)),
    (0, Some(1)),
    (0, None),
    (1, None),
    (0, Some(0)),
    (2, Some(2)),
    (0, Some(2)),
    (1, Some(3)),
    (2, None),
    (2, Some(3)),
];

/// Builds a random particle whose leaves are picked from `leaves`.
fn random_particle(random: &mut Lcg, leaves: &[Term], depth: usize) -> Particle {
    let (min, max) = RANDOM_BOUNDS[random.below(RANDOM_BOUNDS.len())];
    let occurs = Occurs {
        min,
        max: max.map_or(MaxOccurs::Unbounded, MaxOccurs::Bounded),
    };
    if depth == 0 || random.below(3) == 0 {
        return Particle::new(leaves[random.below(leaves.len())].clone(), occurs);
    }
    let items = (0..1 + random.below(3))
        .map(|_| random_particle(random, leaves, depth - 1))
        .collect();
    let term = if random.below(2) == 0 {
        Term::Sequence(items)
    } else {
        Term::Choice(items)
    };
    Particle::new(term, occurs)
}

/// Rebuilds a particle with `{0,0}` items and unsatisfiable parts pruned and bounds
/// widened to `?`, `*`, `+` or none, for the Glushkov automaton of the DTD code.
/// Returns `None` for a particle that matches only the empty sequence or nothing.
/// A particle whose body matches nothing is dropped, which is exact when `minOccurs`
/// is 0, and otherwise leaves its choice or makes its sequence match nothing too.
fn relaxed(particle: &Particle) -> Option<Particle> {
    // With an open end, offset 0 is reached on empty input exactly when some
    // sequence matches.
    let body_satisfiable = reference_term(&particle.term, &[], 0, true).contains(&0);
    if particle.occurs.max == MaxOccurs::Bounded(0) || !body_satisfiable {
        return None;
    }
    // A dropped choice item with minOccurs 0 still matches the empty sequence.
    let mut min = particle.occurs.min.min(1);
    let term = match &particle.term {
        Term::Element(symbol) => Term::Element(*symbol),
        Term::Sequence(items) => Term::Sequence(items.iter().filter_map(relaxed).collect()),
        Term::Choice(items) => {
            let kept: Vec<Particle> = items.iter().filter_map(relaxed).collect();
            let empty_alternative = items.iter().any(|item| {
                item.occurs.min == 0
                    && item.occurs.max != MaxOccurs::Bounded(0)
                    && relaxed(item).is_none()
            });
            if empty_alternative {
                min = 0;
            }
            Term::Choice(kept)
        }
        Term::All(_) => panic!("no all-groups in random models"),
        Term::Wildcard(_) => panic!("replace wildcards with names before relaxing"),
    };
    let max = match particle.occurs.max {
        MaxOccurs::Bounded(1) => MaxOccurs::Bounded(1),
        _ => MaxOccurs::Unbounded,
    };
    let occurs = Occurs { min, max };
    Some(Particle::new(term, occurs))
}

/// Lists every name that two positions of one follow set (or the first set) share,
/// from the guard-free Glushkov automaton.
fn reference_ambiguities(particle: &Particle) -> Vec<Symbol> {
    let Some(relaxed) = relaxed(particle) else {
        return Vec::new();
    };
    let glushkov = super::super::glushkov::Glushkov::build(&relaxed).expect("relaxed compiles");
    let mut competing = BTreeSet::new();
    for follow in &glushkov.follow {
        let mut seen = BTreeSet::new();
        for position in follow.iter() {
            let symbol = glushkov.symbols[position];
            if !seen.insert(symbol) {
                competing.insert(symbol);
            }
        }
    }
    competing.into_iter().collect()
}

/// The number of random models checked, each on every sequence of up to five children.
const RANDOM_MODELS: usize = 150;

#[test]
fn random_models_match_reference() {
    let mut symbols = SymbolTable::new();
    let leaves: Vec<Term> = names("a b c", &mut symbols)
        .into_iter()
        .map(Term::Element)
        .collect();
    let mut random = Lcg(7);
    let mut compiled = 0;
    for _ in 0..RANDOM_MODELS {
        let particle = random_particle(&mut random, &leaves, 3);
        let model_text = particle.to_dtd_syntax(&symbols);

        let mut ambiguities: Vec<Symbol> = match CountingAutomaton::compile(&particle) {
            Ok(automaton) => automaton
                .ambiguities()
                .into_iter()
                .map(|ambiguity| ambiguity.symbol)
                .collect(),
            Err(error) => panic!("{model_text}: {error}"),
        };
        ambiguities.sort_unstable();
        assert_eq!(
            ambiguities,
            reference_ambiguities(&particle),
            "ambiguities of {model_text}"
        );

        let checked = check_particle_exhaustively(&particle, &mut symbols, &model_text, 5);
        assert!(checked.rejected > 0, "{model_text} rejects nothing");
        compiled += 1;
    }
    assert_eq!(compiled, RANDOM_MODELS);
}

// ---------------------------------------------------------------------------------
// Wildcards.
// ---------------------------------------------------------------------------------

#[test]
fn wildcard_sequences_match_reference() {
    let models = [
        "#*",
        "#*{3}",
        "(a, #*{0,5})",
        "(a, #[t]{2,3}, b)",
        // ##other with and without a target namespace.
        "(#!t, a)",
        "(#!~)+",
        "(t_a, #!t{1,2})",
        // Lists with ##local.
        "(#[t.~], u_b)",
        "(#[u.v]{2}, a?)",
        "(a, (#[~] | t_b){2,3})",
        // Counted groups around wildcards.
        "((a, #[t]){2}, b?)",
        "((#!t | a), b){1,2}",
        // Wildcards whose namespaces do not overlap may compete.
        "((#[t], a) | (#[u], b))",
        "(#[t]?, #[u.~])",
        "(#!t?, #[t])",
        // An element outside every wildcard's namespaces.
        "(#!~?, a)",
        "(t_a?, #!t)",
        // An empty namespace list allows nothing, so the particle is dropped.
        "(a | #[])",
        "(a, #[]?)",
    ];
    for model_text in models {
        let words = check_exhaustively(model_text, 4);
        assert!(words > 1, "{model_text}: no sequence was checked");
    }
}

/// Runs `children` through `step_child` and returns whether the model accepts them.
fn accepts_children(model_text: &str, children_text: &str) -> bool {
    let mut symbols = SymbolTable::new();
    let particle = model(model_text, &mut symbols);
    let automaton = CountingAutomaton::compile(&particle).expect("model compiles");
    let mut state = automaton.start();
    for child in children(children_text, &mut symbols) {
        if automaton
            .step_child(&mut state, Some(child.symbol), child.namespace)
            .is_none()
        {
            return false;
        }
    }
    automaton.accepts_end(&state)
}

#[test]
fn wildcard_matching_table() {
    let cases = [
        // ##any allows every namespace and no namespace.
        ("#*", "x", true),
        ("#*", "t_x", true),
        ("#*", "", false),
        ("#*", "x y", false),
        // Counted wildcards.
        ("#*{3}", "x t_y u_z", true),
        ("#*{3}", "x y", false),
        ("#*{3}", "x y z w", false),
        ("(a, #*{0,5})", "a", true),
        ("(a, #*{0,5})", "a x t_y a a u_z", true),
        ("(a, #*{0,5})", "a x x x x x x", false),
        ("(#[t], a){2,3}", "t_x a t_y a", true),
        ("(#[t], a){2,3}", "t_x a", false),
        ("(#[t], a){2,3}", "t_x a u_y a", false),
        // ##other with target namespace t: other namespaces, never no namespace.
        ("#!t", "u_x", true),
        ("#!t", "t_x", false),
        ("#!t", "x", false),
        // ##other without a target namespace: every namespace.
        ("#!~", "t_x", true),
        ("#!~", "x", false),
        // A list with ##local.
        ("#[t.~]", "x", true),
        ("#[t.~]", "t_x", true),
        ("#[t.~]", "u_x", false),
        // An empty list allows nothing.
        ("#[]", "", false),
        ("#[]", "x", false),
        ("(a | #[])", "a", true),
        // An element particle is tried before a wildcard, and the match stays with it.
        ("(#*?, a)", "a", true),
        ("(#*?, a)", "x a", true),
        ("(#*?, a)", "a a", false),
        ("(a?, #*)", "x", true),
        ("(a?, #*)", "a", false),
        ("(a?, #*)", "a x", true),
    ];
    for (model_text, children_text, expected) in cases {
        assert_eq!(
            accepts_children(model_text, children_text),
            expected,
            "{model_text} on [{children_text}]"
        );
    }
}

#[test]
fn step_child_reports_match() {
    let mut symbols = SymbolTable::new();
    let particle = model("(#[t], a?, #[u.~], #*?)", &mut symbols);
    let automaton = CountingAutomaton::compile(&particle).expect("compiles");
    let a = symbols.intern("a");
    let wildcard_of = |index: usize| match &particle.term {
        Term::Sequence(items) => match &items[index].term {
            Term::Wildcard(wildcard) => wildcard.clone(),
            other => panic!("item {index} is {other:?}"),
        },
        other => panic!("not a sequence: {other:?}"),
    };

    let mut state = automaton.start();
    let before = state.clone();
    assert_eq!(automaton.step_child(&mut state, Some(a), None), None);
    assert_eq!(state, before, "a failed step leaves the state");
    assert_eq!(automaton.step_child(&mut state, None, Some("u")), None);

    // A name the schema's table does not have still matches a wildcard.
    let first = automaton.step_child(&mut state, None, Some("t"));
    assert_eq!(first, Some(ChildMatch::Wildcard(&wildcard_of(0))));

    let second = automaton.step_child(&mut state, Some(a), None);
    assert_eq!(second, Some(ChildMatch::Element(a)));

    let third = automaton.step_child(&mut state, None, None);
    assert_eq!(third, Some(ChildMatch::Wildcard(&wildcard_of(2))));
    assert!(automaton.accepts_end(&state));

    let fourth = automaton.step_child(&mut state, None, Some("v"));
    assert_eq!(fourth, Some(ChildMatch::Wildcard(&wildcard_of(3))));
    assert_eq!(automaton.step_child(&mut state, None, Some("v")), None);

    // `step` never matches a wildcard.
    let mut state = automaton.start();
    let t_a = symbols.intern("t_a");
    assert!(!automaton.step(&mut state, t_a));
    assert_eq!(automaton.expected(&state), vec![]);
}

#[test]
fn overlapping_wildcards_match_first_in_model_order() {
    let mut symbols = SymbolTable::new();
    let particle = model("((#[t.u], a) | (#!u, b))", &mut symbols);
    let automaton = CountingAutomaton::compile(&particle).expect("compiles");
    let [a, b] = ["a", "b"].map(|name| symbols.intern(name));

    let first = Wildcard {
        namespaces: NamespaceConstraint::Set(vec![Some("t".to_owned()), Some("u".to_owned())]),
        process_contents: ProcessContents::Lax,
    };
    let mut state = automaton.start();
    let matched = automaton.step_child(&mut state, None, Some("t"));
    assert_eq!(matched, Some(ChildMatch::Wildcard(&first)));

    // Both wildcards matched `t`, so both continuations remain.
    assert_eq!(automaton.expected(&state), vec![a, b]);
    assert!(automaton.step(&mut state.clone(), a));
    assert!(automaton.step(&mut state, b));
    assert!(automaton.accepts_end(&state));
}

#[test]
fn expected_wildcards_table() {
    let cases = [
        ("(a, #*{0,5})", "", ""),
        ("(a, #*{0,5})", "a", "##any"),
        ("(a, #*{0,5})", "a x x x x x", ""),
        ("(#[t], a?, #[u.~])", "t_x", "##[u ##local]"),
        ("(#[t], a?, #[u.~])", "t_x u_y", ""),
        ("((#!t | a), #[t]?, b)", "", "##other"),
        ("((#!t | a), #[t]?, b)", "u_x", "##[t]"),
        // Equal wildcards are listed once, in model order.
        ("(a?, #[u]?, #[t]?, (b | #[u]))", "", "##[u] ##[t]"),
    ];
    for (model_text, children_text, expected) in cases {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle).expect("compiles");
        let mut state = automaton.start();
        for child in children(children_text, &mut symbols) {
            assert!(
                automaton
                    .step_child(&mut state, Some(child.symbol), child.namespace)
                    .is_some(),
                "{model_text} on [{children_text}]"
            );
        }
        let listed: Vec<String> = automaton
            .expected_wildcards(&state)
            .iter()
            .map(|wildcard| wildcard.to_string())
            .collect();
        assert_eq!(
            listed.join(" "),
            expected,
            "{model_text} after [{children_text}]"
        );
    }
}

#[test]
fn large_wildcard_bounds_use_one_counter() {
    let mut symbols = SymbolTable::new();
    let particle = model("(x, #*{0,5000}, y?)", &mut symbols);
    let automaton = CountingAutomaton::compile(&particle).expect("compiles");
    let [x, y] = ["x", "y"].map(|name| symbols.intern(name));
    assert_eq!(automaton.positions(), 3);
    assert_eq!(automaton.counters(), 1);

    let mut state = automaton.start();
    assert!(automaton.step(&mut state, x));
    for _ in 0..5000 {
        assert!(automaton.step_child(&mut state, None, Some("t")).is_some());
    }
    assert!(automaton.accepts_end(&state));
    assert_eq!(
        automaton.step_child(&mut state, None, Some("t")),
        None,
        "the 5001st child is one too many"
    );
    assert_eq!(
        automaton.step_child(&mut state, Some(y), None),
        Some(ChildMatch::Element(y))
    );
    assert!(automaton.accepts_end(&state));
}

/// Formats conflicts for a table: `a` for two elements, `a/##any` for an element and
/// a wildcard, `##any/##other` for two wildcards.
fn conflict_text(conflicts: &[Conflict], symbols: &SymbolTable) -> String {
    let parts: Vec<String> = conflicts
        .iter()
        .map(|conflict| match conflict {
            Conflict::Elements(symbol) => symbols.name(*symbol).to_owned(),
            Conflict::ElementAndWildcard(symbol, wildcard) => {
                format!("{}/{wildcard}", symbols.name(*symbol))
            }
            Conflict::Wildcards(first, second) => format!("{first}/{second}"),
        })
        .collect();
    parts.join(" ")
}

#[test]
fn wildcard_conflicts_table() {
    let cases = [
        ("(a, #*)", ""),
        ("(a | #*)", "a/##any"),
        ("(#*{0,2}, a)", "a/##any"),
        // ##other excludes the target namespace and names in no namespace.
        ("(t_a | #!t)", ""),
        ("(u_a | #!t)", "u_a/##other"),
        ("(a | #!~)", ""),
        ("(t_a?, #!~)", "t_a/##other"),
        // Lists with ##local.
        ("(a?, #[t.~])", "a/##[t ##local]"),
        ("(u_a?, #[t.~])", ""),
        // Two wildcards.
        ("(#*?, #[t])", "##any/##[t]"),
        ("(#[t]?, #[u])", ""),
        ("(#!t | #!u)", "##other/##other"),
        ("(#!t | #[t.~])", ""),
        ("(#!t | #[t.u])", "##other/##[t u]"),
        ("(#*+, #*)", "##any/##any"),
        // Counter guards are ignored: the second t_a can only follow the second #[t].
        ("(#[t]{2}, t_a)", "t_a/##[t]"),
        ("(#[t]{2}, u_a)", ""),
        // Element conflicts come first, then element and wildcard, then wildcards.
        (
            "((a, b) | (a, #*) | (#*, c) | #[t])",
            "a a/##any ##any/##[t]",
        ),
        // Positions that follow different positions of one name do not compete.
        ("((a, b) | (a, #*))", "a"),
        // Each conflict is listed once, though two pairs of positions have it here.
        ("((a | #*), (a | #*)?)", "a/##any"),
    ];
    for (model_text, expected) in cases {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle).expect("compiles");
        let conflicts = automaton.ambiguities_with(&namespace_lookup(&symbols));
        assert_eq!(
            conflict_text(&conflicts, &symbols),
            expected,
            "{model_text}"
        );
    }
}

#[test]
fn element_only_conflicts_match_ambiguities() {
    let models = [
        "(a, b)",
        "(a{2}, a?)",
        "((a | b)*, a, b?, b)",
        "(a & b & a)",
    ];
    for model_text in models {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle).expect("compiles");
        let expected: Vec<Conflict> = automaton
            .ambiguities()
            .into_iter()
            .map(|ambiguity| Conflict::Elements(ambiguity.symbol))
            .collect();
        assert_eq!(
            automaton.ambiguities_with(&namespace_lookup(&symbols)),
            expected,
            "{model_text}"
        );
    }
}

#[test]
fn wildcard_compile_errors_table() {
    let cases: [(&str, ErrorCheck); 3] = [
        ("(a & #*)", |error| {
            matches!(error, AutomatonError::AllGroupMemberWildcard { number: 2 })
        }),
        ("(#*{0,2000000})*", |error| {
            matches!(
                error,
                AutomatonError::AmbiguityTooCostly {
                    work: 2_000_001,
                    limit: MAX_AMBIGUOUS_WORK
                }
            )
        }),
        // Two wildcards that both allow `t` compete, so the first tracks many counts.
        ("((#*{0,1000000}, b) | (#[t], c))", |error| {
            matches!(
                error,
                AutomatonError::AmbiguityTooCostly {
                    work: 3_000_012,
                    ..
                }
            )
        }),
    ];
    for (model_text, is_expected) in cases {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        match CountingAutomaton::compile(&particle) {
            Ok(_) => panic!("{model_text} compiled"),
            Err(error) => assert!(is_expected(&error), "{model_text}: {error:?}"),
        }
    }

    // Wildcards with disjoint namespaces do not compete, so the same bound compiles.
    let particle = model(
        "((#[t]{0,1000000}, b) | (#[u], c))",
        &mut SymbolTable::new(),
    );
    assert!(CountingAutomaton::compile(&particle).is_ok());
}

#[test]
fn all_group_wildcard_message() {
    let particle = model("(a & b & #[t])", &mut SymbolTable::new());
    let error = CountingAutomaton::compile(&particle).expect_err("rejected");
    assert_eq!(
        error.to_string(),
        "member 3 of an all-group (xs:all), counting from 1, is a wildcard (xs:any), but XSD 1.0 all-group members must be element declarations; replace the all-group with a sequence or choice that contains the wildcard"
    );
}

#[test]
fn content_automaton_rejects_wildcards() {
    let particle = model("(a, #*)", &mut SymbolTable::new());
    assert_eq!(
        ContentAutomaton::compile(&particle).err(),
        Some(AutomatonError::UnsupportedWildcard)
    );
}

/// Replaces every wildcard of `particle` with an element named `#0`, `#1` and so on,
/// and appends each name with its wildcard to `replaced`.
fn replace_wildcards(
    particle: &Particle,
    symbols: &mut SymbolTable,
    replaced: &mut Vec<(Symbol, Wildcard)>,
) -> Particle {
    let term = match &particle.term {
        Term::Wildcard(wildcard) => {
            let symbol = symbols.intern(&format!("#{}", replaced.len()));
            replaced.push((symbol, wildcard.clone()));
            Term::Element(symbol)
        }
        Term::Element(symbol) => Term::Element(*symbol),
        Term::Sequence(items) => Term::Sequence(
            items
                .iter()
                .map(|item| replace_wildcards(item, symbols, replaced))
                .collect(),
        ),
        Term::Choice(items) => Term::Choice(
            items
                .iter()
                .map(|item| replace_wildcards(item, symbols, replaced))
                .collect(),
        ),
        Term::All(_) => panic!("no all-groups in random models"),
    };
    Particle::new(term, particle.occurs)
}

/// Lists the conflicts of a model from the guard-free Glushkov automaton, with each
/// wildcard replaced by a name of its own. Two wildcards share a namespace when both
/// allow one of no namespace, `t`, `u`, `v` or a namespace no model mentions, which is
/// exact for wildcards that mention only `t`, `u` and `v`.
fn reference_conflicts(particle: &Particle, symbols: &mut SymbolTable) -> BTreeSet<String> {
    let mut replaced = Vec::new();
    let replaced_particle = replace_wildcards(particle, symbols, &mut replaced);
    let Some(relaxed) = relaxed(&replaced_particle) else {
        return BTreeSet::new();
    };
    let glushkov = super::super::glushkov::Glushkov::build(&relaxed).expect("relaxed compiles");
    let wildcard_of = |symbol: Symbol| {
        replaced
            .iter()
            .find(|(name, _)| *name == symbol)
            .map(|(_, wildcard)| wildcard)
    };
    let namespaces = [None, Some("t"), Some("u"), Some("v"), Some("unmentioned")];

    let mut conflicts = BTreeSet::new();
    for follow in &glushkov.follow {
        let followers: Vec<usize> = follow.iter().collect();
        for (index, first) in followers.iter().enumerate() {
            for second in &followers[index + 1..] {
                let a = glushkov.symbols[*first];
                let b = glushkov.symbols[*second];
                let conflict = match (wildcard_of(a), wildcard_of(b)) {
                    (None, None) if a == b => Some(Conflict::Elements(a)),
                    (None, Some(wildcard)) | (Some(wildcard), None) => {
                        let element = if wildcard_of(a).is_some() { b } else { a };
                        let namespace = namespace_of_name(symbols.name(element));
                        wildcard
                            .allows(namespace)
                            .then(|| Conflict::ElementAndWildcard(element, wildcard.clone()))
                    }
                    (Some(earlier), Some(later)) => namespaces
                        .iter()
                        .any(|namespace| earlier.allows(*namespace) && later.allows(*namespace))
                        .then(|| Conflict::Wildcards(earlier.clone(), later.clone())),
                    (None, None) => None,
                };
                if let Some(conflict) = conflict {
                    conflicts.insert(format!("{conflict:?}"));
                }
            }
        }
    }
    conflicts
}

/// The number of random models with wildcards checked.
const RANDOM_WILDCARD_MODELS: usize = 150;

#[test]
fn random_wildcard_models_match_reference() {
    let mut symbols = SymbolTable::new();
    let mut leaves: Vec<Term> = names("a t_b u_c", &mut symbols)
        .into_iter()
        .map(Term::Element)
        .collect();
    for wildcard_text in ["#[t]", "#[u.~]", "#!t", "#*"] {
        leaves.push(model(wildcard_text, &mut symbols).term);
    }

    let mut random = Lcg(11);
    let mut conflict_free = 0;
    for _ in 0..RANDOM_WILDCARD_MODELS {
        let particle = random_particle(&mut random, &leaves, 3);
        let model_text = particle.to_dtd_syntax(&symbols);
        let automaton = CountingAutomaton::compile(&particle)
            .unwrap_or_else(|error| panic!("{model_text}: {error}"));

        let conflicts: BTreeSet<String> = automaton
            .ambiguities_with(&namespace_lookup(&symbols))
            .iter()
            .map(|conflict| format!("{conflict:?}"))
            .collect();
        assert_eq!(
            conflicts,
            reference_conflicts(&particle, &mut symbols),
            "conflicts of {model_text}"
        );

        // The reference matcher matches as `step_child` does only without conflicts.
        if conflicts.is_empty() {
            check_particle_exhaustively(&particle, &mut symbols, &model_text, 4);
            conflict_free += 1;
        }
    }
    assert!(
        conflict_free >= RANDOM_WILDCARD_MODELS / 5,
        "only {conflict_free} random models had no conflict"
    );
}

#[test]
fn transition_table_matches_tree_walk() {
    let tabled = [
        "(a, b?, c)*",
        "((a | b)+, c)",
        "(a, (b | c)*, d?)",
        "(a?, (b, a)*)",
        "(a, #*)*",
    ];
    let untabled = ["(a*, a)", "a{2,3}", "(a, b{2})*"];

    for model_text in tabled {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle)
            .unwrap_or_else(|error| panic!("{model_text}: {error}"));
        let Model::Counting {
            tree,
            by_symbol,
            table,
            ..
        } = &automaton.model
        else {
            panic!("{model_text} did not compile to a counting model");
        };
        let Some(table) = table else {
            panic!("{model_text} has no transition table");
        };

        let cursors = std::iter::once(transitions::Cursor::Start)
            .chain((0..tree.positions.len()).map(transitions::Cursor::At));
        for cursor in cursors {
            let from = [Configuration {
                cursor,
                counts: Vec::new(),
            }];
            for (symbol, targets) in by_symbol {
                assert_eq!(
                    table.step(&from, *symbol),
                    Some(advance(tree, &from, targets)),
                    "{model_text} from {cursor:?} over {}",
                    symbols.name(*symbol)
                );
            }
        }
    }

    for model_text in untabled {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle)
            .unwrap_or_else(|error| panic!("{model_text}: {error}"));
        let Model::Counting { table, .. } = &automaton.model else {
            panic!("{model_text} did not compile to a counting model");
        };
        assert!(table.is_none(), "{model_text} has a transition table");
    }
}

#[test]
fn step_compact_matches_step() {
    let cases = [
        ("(a, b*, c?)", "a b b c"),
        ("(a, b*, c?)", "a c b"),
        ("((a | b)+, c)", "b a a c c"),
        ("(a, (b, c)*, d)", "a b c b d"),
        ("(a?, b?)", "b a"),
    ];
    for (model_text, children) in cases {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle).expect("compiles");
        let mut compact_state = automaton.start();
        let mut state = automaton.start();
        for symbol in names(children, &mut symbols) {
            let before = automaton.compact(&compact_state);
            assert!(
                before.is_some(),
                "{model_text}: no compact form before {children}"
            );
            let stepped = automaton.step_compact(&mut compact_state, symbol);
            let allowed = automaton.step(&mut state, symbol);
            assert_eq!(stepped.is_some(), allowed, "{model_text}: {children}");
            assert_eq!(compact_state, state, "{model_text}: {children}");
            assert_eq!(stepped.and(before), stepped, "{model_text}: {children}");
            if !allowed {
                break;
            }
        }
    }
}

#[test]
fn compact_state_expands_to_itself() {
    let mut symbols = SymbolTable::new();
    let particle = model("(a, b*, c?)", &mut symbols);
    let automaton = CountingAutomaton::compile(&particle).expect("compiles");
    let mut state = automaton.start();
    for symbol in names("a b b c", &mut symbols) {
        let compact = automaton
            .compact(&state)
            .expect("the table covers every state");
        assert_eq!(automaton.expand(compact), state);
        let before = automaton.step_compact(&mut state, symbol);
        assert_eq!(before, Some(compact));
    }
}

#[test]
fn step_compact_needs_table() {
    let cases = ["a{2,3}", "(a, b){2,4}", "(a & b)"];
    for model_text in cases {
        let mut symbols = SymbolTable::new();
        let particle = model(model_text, &mut symbols);
        let automaton = CountingAutomaton::compile(&particle).expect("compiles");
        let a = symbols.intern("a");
        let mut state = automaton.start();
        assert_eq!(automaton.compact(&state), None, "{model_text}");
        assert_eq!(automaton.step_compact(&mut state, a), None, "{model_text}");
        assert_eq!(state, automaton.start(), "{model_text}");
    }
}
