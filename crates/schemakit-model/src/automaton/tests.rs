use super::*;
use crate::{Occurs, SymbolTable, Term};

/// Parses a DTD-style content model such as `(A, (B | C)*, D?)`, for test tables.
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
            _ => Term::Sequence(items),
        }
    } else {
        let start = *index;
        while *index < tokens.len() && (tokens[*index].is_alphanumeric() || tokens[*index] == '_') {
            *index += 1;
        }
        let name: String = tokens[start..*index].iter().collect();
        Term::Element(symbols.intern(&name))
    };
    let occurs = match tokens.get(*index) {
        Some('?') => Occurs::OPTIONAL,
        Some('*') => Occurs::ZERO_OR_MORE,
        Some('+') => Occurs::ONE_OR_MORE,
        _ => return Particle::new(term, Occurs::ONCE),
    };
    *index += 1;
    Particle::new(term, occurs)
}

fn accepts(model_text: &str, children: &str) -> bool {
    let mut symbols = SymbolTable::new();
    let particle = model(model_text, &mut symbols);
    let automaton = ContentAutomaton::compile(&particle).expect("model compiles");
    let mut state = automaton.start();
    for child in children.split_whitespace() {
        let symbol = symbols.intern(child);
        if !automaton.step(&mut state, symbol) {
            return false;
        }
    }
    automaton.accepts_end(&state)
}

#[test]
fn matching_table() {
    let cases = [
        ("(A, B)", "A B", true),
        ("(A, B)", "A", false),
        ("(A, B)", "B A", false),
        ("(A?, B)", "B", true),
        ("(A | B)+", "A B B A", true),
        ("(A | B)+", "", false),
        ("(A, B*)", "A B B B", true),
        // Left recursion through an optional item inside a star.
        ("((B?)*, C?)", "B B C", true),
        ("((B?)*, C?)", "", true),
        ("((B?)*, C?)", "C B", false),
        // A repeated sequence of optional elements, the shape of a ticket list's WHERE.
        ("((A?, B?, C?)+)", "C A B B", true),
        ("((A?, B?, C?)+)", "", true),
        // Non-deterministic models still validate correctly.
        ("((A, B) | (A, C))", "A C", true),
        ("((A, B) | (A, C))", "A B", true),
        ("((A, B) | (A, C))", "A", false),
        ("((RSA?, DSA?) | LIST?)", "", true),
        ("((RSA?, DSA?) | LIST?)", "RSA DSA", true),
        ("((RSA?, DSA?) | LIST?)", "RSA LIST", false),
        (
            "(ID, INFO, PASS, CERT?)+",
            "ID INFO PASS ID INFO PASS CERT",
            true,
        ),
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
fn ambiguity_is_reported() {
    let mut symbols = SymbolTable::new();
    let deterministic = ContentAutomaton::compile(&model("(A, B?, (C | D)*)", &mut symbols));
    assert_eq!(deterministic.map(|a| a.ambiguity()), Ok(None));

    let particle = model("((A, B) | (A, C))", &mut symbols);
    let automaton = ContentAutomaton::compile(&particle).expect("compiles");
    let a = symbols.intern("A");
    assert_eq!(automaton.ambiguity(), Some(Ambiguity { symbol: a }));
}

#[test]
fn repair_finds_shortest_missing_run() {
    let mut symbols = SymbolTable::new();
    let particle = model("(DATETIME, USER, (LIST | SET)?, WARNING?)", &mut symbols);
    let automaton = ContentAutomaton::compile(&particle).expect("compiles");
    let datetime = symbols.intern("DATETIME");
    let user = symbols.intern("USER");
    let list = symbols.intern("LIST");
    let warning = symbols.intern("WARNING");

    let start = automaton.start();
    let repair = automaton
        .repair(&start, list)
        .expect("LIST fits after repair");
    assert_eq!(repair.skipped, vec![datetime, user]);
    let mut state = repair.state;
    assert!(automaton.step(&mut state, warning));
    assert!(automaton.accepts_end(&state));

    // A child that fits directly needs no repair.
    assert_eq!(automaton.repair(&start, datetime), None);
    // A name the model never mentions cannot be repaired.
    let other = symbols.intern("OTHER");
    assert_eq!(automaton.repair(&start, other), None);
}

#[test]
fn completion_and_expected() {
    let mut symbols = SymbolTable::new();
    let particle = model("(A, (B | C), D?)", &mut symbols);
    let automaton = ContentAutomaton::compile(&particle).expect("compiles");
    let [a, b, c] = ["A", "B", "C"].map(|name| symbols.intern(name));

    let mut state = automaton.start();
    assert_eq!(automaton.completion(&state), Some(vec![a, b]));
    assert!(automaton.step(&mut state, a));
    assert_eq!(automaton.expected(&state), vec![b, c]);
    assert_eq!(automaton.completion(&state), Some(vec![b]));
    assert!(automaton.step(&mut state, c));
    assert_eq!(automaton.completion(&state), Some(vec![]));
}

#[test]
fn empty_choice_never_completes() {
    let particle = Particle::new(Term::Choice(vec![]), Occurs::ONCE);
    let automaton = ContentAutomaton::compile(&particle).expect("compiles");
    let start = automaton.start();
    assert!(!automaton.accepts_end(&start));
    assert_eq!(automaton.completion(&start), None);
}

#[test]
fn bounded_repeats_are_rejected_for_now() {
    let mut symbols = SymbolTable::new();
    let a = symbols.intern("A");
    let particle = Particle::new(
        Term::Element(a),
        Occurs {
            min: 2,
            max: crate::MaxOccurs::Bounded(5000),
        },
    );
    assert!(matches!(
        ContentAutomaton::compile(&particle),
        Err(AutomatonError::UnsupportedOccurs { min: 2, .. })
    ));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let mut symbols = SymbolTable::new();
    let mut particle = Particle::new(Term::Element(symbols.intern("A")), Occurs::ONCE);
    for _ in 0..(MAX_NESTING + 10) {
        particle = Particle::new(Term::Sequence(vec![particle]), Occurs::ONCE);
    }
    assert_eq!(
        ContentAutomaton::compile(&particle).err(),
        Some(AutomatonError::TooDeep)
    );
}

#[test]
fn nfa_fallback_matches_like_dfa() {
    // (A | B)*, A, (A | B)^k needs 2^k DFA states; with k = 14 the DFA cap is hit.
    let mut text = String::from("((A | B)*, A");
    for _ in 0..14 {
        text.push_str(", (A | B)");
    }
    text.push(')');
    let mut symbols = SymbolTable::new();
    let particle = model(&text, &mut symbols);
    let automaton = ContentAutomaton::compile(&particle).expect("compiles");
    assert!(!automaton.is_dfa());

    let [a, b] = ["A", "B"].map(|name| symbols.intern(name));
    let mut state = automaton.start();
    for symbol in [b, a].into_iter().chain(std::iter::repeat_n(b, 14)) {
        assert!(automaton.step(&mut state, symbol));
    }
    assert!(automaton.accepts_end(&state));
}
