//! The schema model shared by every schemakit stage.
//!
//! The DTD parser and the XSD loader produce a [`Schema`]; the validator, the code
//! generator and the schema diff read it. The model has no parsing code: it contains
//! element declarations with their content models, attribute-list declarations,
//! entities and notations, each with the [`Span`] it was declared at.
//!
//! Content models compile into a [`ContentAutomaton`] (a Glushkov position automaton
//! with a precomputed DFA), which the validator steps through one child at a time and
//! which the diff and the generator inspect. XSD content models, with any occurrence
//! bounds, `xs:all` groups and wildcards, compile into a [`CountingAutomaton`] instead.
//!
//! ```
//! use schemakit_model::{ContentAutomaton, ContentSpec, Occurs, Particle, SymbolTable, Term};
//!
//! let mut symbols = SymbolTable::new();
//! let a = symbols.intern("A");
//! let b = symbols.intern("B");
//! // (A, B*)
//! let model = Particle::new(
//!     Term::Sequence(vec![
//!         Particle::new(Term::Element(a), Occurs::ONCE),
//!         Particle::new(Term::Element(b), Occurs::ZERO_OR_MORE),
//!     ]),
//!     Occurs::ONCE,
//! );
//! let automaton = ContentAutomaton::compile(&model)?;
//! let mut state = automaton.start();
//! assert!(automaton.step(&mut state, a));
//! assert!(automaton.step(&mut state, b));
//! assert!(automaton.accepts_end(&state));
//! # let _ = ContentSpec::Children(model);
//! # Ok::<(), schemakit_model::AutomatonError>(())
//! ```

mod attribute;
pub mod automaton;
mod bitset;
pub mod chars;
mod content;
mod diagnostic;
mod entity;
mod schema;
mod span;
mod symbol;
pub mod xsd;

pub use attribute::{AttributeDecl, AttributeType, DefaultDecl};
pub use automaton::{
    Ambiguity, AutomatonError, ChildMatch, CompactState, Conflict, ContentAutomaton,
    CountingAutomaton, CountingState, MatchState, Repair,
};
pub use content::{
    ContentSpec, MaxOccurs, NamespaceConstraint, Occurs, Particle, ProcessContents, Term, Wildcard,
};
pub use diagnostic::{Code, Diagnostic, DiagnosticKind, Severity};
pub use entity::{EntityDecl, EntityValue, ExternalId, NotationDecl};
pub use schema::{ElementDecl, Schema, SchemaKind};
pub use span::{Position, SourceFile, SourceId, Span};
pub use symbol::{Symbol, SymbolTable};
