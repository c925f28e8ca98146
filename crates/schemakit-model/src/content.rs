//! Content models: what an element may contain.

use crate::{Symbol, SymbolTable};
use serde::Serialize;
use std::fmt::Write as _;

/// The content specification of an element declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum ContentSpec {
    /// `EMPTY`: no children and no text.
    Empty,
    /// `ANY`: any declared elements and text.
    Any,
    /// `(#PCDATA | A | B)*`, or `(#PCDATA)` when the list is empty: text mixed with
    /// the listed elements in any order and number.
    Mixed(Vec<Symbol>),
    /// Element content: children that follow the particle, with only whitespace
    /// between them.
    Children(Particle),
}

impl ContentSpec {
    /// Writes the specification in DTD syntax, e.g. `(A, (B | C)*, D?)`.
    pub fn to_dtd_syntax(&self, symbols: &SymbolTable) -> String {
        match self {
            ContentSpec::Empty => "EMPTY".to_owned(),
            ContentSpec::Any => "ANY".to_owned(),
            ContentSpec::Mixed(names) if names.is_empty() => "(#PCDATA)".to_owned(),
            ContentSpec::Mixed(names) => {
                let mut text = "(#PCDATA".to_owned();
                for name in names {
                    let _ = write!(text, " | {}", symbols.name(*name));
                }
                text.push_str(")*");
                text
            }
            ContentSpec::Children(particle) => {
                let text = particle.to_dtd_syntax(symbols);
                if text.starts_with('(') {
                    text
                } else {
                    // A DTD content model is always a group, even around one name.
                    format!("({text})")
                }
            }
        }
    }
}

/// A term with its occurrence bounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Particle {
    pub term: Term,
    pub occurs: Occurs,
}

impl Particle {
    pub fn new(term: Term, occurs: Occurs) -> Self {
        Particle { term, occurs }
    }

    /// Writes the particle in DTD syntax; bounds other than `?`, `*` and `+` are
    /// written as `{min,max}`, the notation of XSD and regular expressions.
    pub fn to_dtd_syntax(&self, symbols: &SymbolTable) -> String {
        let mut text = match &self.term {
            Term::Element(name) => symbols.name(*name).to_owned(),
            Term::Sequence(items) => group_syntax(items, ", ", symbols),
            Term::Choice(items) => group_syntax(items, " | ", symbols),
            Term::All(items) => format!("all{}", group_syntax(items, " & ", symbols)),
            Term::Wildcard(wildcard) => wildcard.to_string(),
        };
        text.push_str(&self.occurs.suffix());
        text
    }

    /// Returns whether the particle matches an empty sequence of children.
    pub fn is_nullable(&self) -> bool {
        if self.occurs.min == 0 {
            return true;
        }
        match &self.term {
            Term::Element(_) | Term::Wildcard(_) => false,
            Term::Sequence(items) | Term::All(items) => items.iter().all(Particle::is_nullable),
            Term::Choice(items) => items.iter().any(Particle::is_nullable),
        }
    }

    /// Calls `visit` on every element name in the particle, in model order.
    pub fn for_each_element(&self, visit: &mut impl FnMut(Symbol)) {
        match &self.term {
            Term::Element(name) => visit(*name),
            Term::Wildcard(_) => {}
            Term::Sequence(items) | Term::Choice(items) | Term::All(items) => {
                for item in items {
                    item.for_each_element(visit);
                }
            }
        }
    }
}

fn group_syntax(items: &[Particle], separator: &str, symbols: &SymbolTable) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|item| item.to_dtd_syntax(symbols))
        .collect();
    format!("({})", parts.join(separator))
}

/// The term of a particle: one element or a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Term {
    /// One child element with this name.
    Element(Symbol),
    /// The items in order.
    Sequence(Vec<Particle>),
    /// Exactly one of the items.
    Choice(Vec<Particle>),
    /// Every item, in any order (XSD `xs:all`).
    All(Vec<Particle>),
    /// Any one element whose namespace the wildcard allows (XSD `xs:any`).
    Wildcard(Wildcard),
}

/// An XSD wildcard: the namespaces it allows and how matched items are validated.
/// `xs:any` is a [`Term::Wildcard`]; `xs:anyAttribute` is the attribute wildcard of a
/// complex type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Wildcard {
    pub namespaces: NamespaceConstraint,
    pub process_contents: ProcessContents,
}

impl Wildcard {
    /// Returns the `##any` wildcard with `process_contents`.
    pub fn any(process_contents: ProcessContents) -> Wildcard {
        Wildcard {
            namespaces: NamespaceConstraint::Any,
            process_contents,
        }
    }

    /// Tells whether the wildcard allows a name in `namespace` (`None`: no namespace).
    pub fn allows(&self, namespace: Option<&str>) -> bool {
        self.namespaces.allows(namespace)
    }
}

/// `##any`, `##other` or a list, as written in `namespace="..."`, with `##local` as
/// `None` and `##targetNamespace` replaced by the schema's target namespace.
impl std::fmt::Display for Wildcard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.namespaces {
            NamespaceConstraint::Any => f.write_str("##any"),
            NamespaceConstraint::Not(_) => f.write_str("##other"),
            NamespaceConstraint::Set(namespaces) => {
                let names: Vec<&str> = namespaces
                    .iter()
                    .map(|namespace| namespace.as_deref().unwrap_or("##local"))
                    .collect();
                write!(f, "##[{}]", names.join(" "))
            }
        }
    }
}

/// The namespace constraint of a wildcard (XSD 1.0 section 3.10.1).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum NamespaceConstraint {
    /// `##any`: every namespace and no namespace.
    Any,
    /// `##other`: every namespace except this one (the target namespace, `None` when
    /// the schema has none); names in no namespace are never allowed.
    Not(Option<String>),
    /// An explicit list; `None` stands for no namespace (`##local`).
    Set(Vec<Option<String>>),
}

impl NamespaceConstraint {
    /// Tells whether the constraint allows `namespace` (`None`: no namespace).
    pub fn allows(&self, namespace: Option<&str>) -> bool {
        match self {
            NamespaceConstraint::Any => true,
            NamespaceConstraint::Not(excluded) => {
                namespace.is_some() && namespace != excluded.as_deref()
            }
            NamespaceConstraint::Set(allowed) => {
                allowed.iter().any(|item| item.as_deref() == namespace)
            }
        }
    }
}

/// How the content that a wildcard matched is validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ProcessContents {
    /// Against a global declaration, which must exist.
    Strict,
    /// Against a global declaration when one exists, otherwise not at all.
    Lax,
    /// Not at all; only well-formedness applies.
    Skip,
}

/// Occurrence bounds of a particle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Occurs {
    pub min: u32,
    pub max: MaxOccurs,
}

/// The upper occurrence bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum MaxOccurs {
    Bounded(u32),
    Unbounded,
}

impl Occurs {
    /// No suffix: exactly once.
    pub const ONCE: Occurs = Occurs {
        min: 1,
        max: MaxOccurs::Bounded(1),
    };
    /// `?`
    pub const OPTIONAL: Occurs = Occurs {
        min: 0,
        max: MaxOccurs::Bounded(1),
    };
    /// `*`
    pub const ZERO_OR_MORE: Occurs = Occurs {
        min: 0,
        max: MaxOccurs::Unbounded,
    };
    /// `+`
    pub const ONE_OR_MORE: Occurs = Occurs {
        min: 1,
        max: MaxOccurs::Unbounded,
    };

    /// Formats the DTD suffix for these bounds, or `{min,max}` for bounds a DTD cannot
    /// write.
    pub fn suffix(&self) -> String {
        match (self.min, self.max) {
            (1, MaxOccurs::Bounded(1)) => String::new(),
            (0, MaxOccurs::Bounded(1)) => "?".to_owned(),
            (0, MaxOccurs::Unbounded) => "*".to_owned(),
            (1, MaxOccurs::Unbounded) => "+".to_owned(),
            (min, MaxOccurs::Unbounded) => format!("{{{min},}}"),
            (min, MaxOccurs::Bounded(max)) => format!("{{{min},{max}}}"),
        }
    }

    /// Returns whether the particle may repeat.
    pub fn is_repeatable(&self) -> bool {
        self.max != MaxOccurs::Bounded(1) && self.max != MaxOccurs::Bounded(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtd_syntax_round_trips_shapes() {
        let mut symbols = SymbolTable::new();
        let a = symbols.intern("A");
        let b = symbols.intern("B");
        let c = symbols.intern("C");
        let model = ContentSpec::Children(Particle::new(
            Term::Sequence(vec![
                Particle::new(Term::Element(a), Occurs::ONCE),
                Particle::new(
                    Term::Choice(vec![
                        Particle::new(Term::Element(b), Occurs::ONCE),
                        Particle::new(Term::Element(c), Occurs::OPTIONAL),
                    ]),
                    Occurs::ZERO_OR_MORE,
                ),
            ]),
            Occurs::ONE_OR_MORE,
        ));
        assert_eq!(model.to_dtd_syntax(&symbols), "(A, (B | C?)*)+");
        assert_eq!(
            ContentSpec::Mixed(vec![a, b]).to_dtd_syntax(&symbols),
            "(#PCDATA | A | B)*"
        );
        assert_eq!(
            ContentSpec::Mixed(vec![]).to_dtd_syntax(&symbols),
            "(#PCDATA)"
        );
        let single = ContentSpec::Children(Particle::new(Term::Element(a), Occurs::ONCE));
        assert_eq!(single.to_dtd_syntax(&symbols), "(A)");
    }
}
