//! Element names resolved with the namespace bindings in scope and looked up in the
//! schema's symbol table, cached by the name as written so that a document that
//! repeats its element names resolves each of them once.

use super::namespaces::InScopeNamespaces;
use crate::validity::ElementPath;
use rustc_hash::FxHashMap;
use schemakit_model::xsd::QName;
use schemakit_model::{Symbol, SymbolTable};

/// The maximum number of cached names. The cache starts over past it, so that a
/// document full of distinct names cannot grow it without bound.
const MAX_CACHED_NAMES: usize = 4096;

/// An element name resolved in the document.
#[derive(Debug)]
pub(super) struct ResolvedName {
    pub(super) qname: QName,
    /// The name in Clark notation as a symbol of the schema, `None` when the schema
    /// does not contain it.
    pub(super) symbol: Option<Symbol>,
    /// The number the element path gives the name as written, for
    /// [`ElementPath::push_numbered`].
    pub(super) path_number: Option<u32>,
}

/// One name as written, and how it resolved.
#[derive(Debug)]
struct Entry {
    written: Box<str>,
    resolved: ResolvedName,
    /// The index of the entry resolved right after this one the last time. In a
    /// document of repeated records this guess is usually right, and comparing it
    /// costs less than a lookup in [`ElementNames::index`].
    follower: Option<usize>,
}

/// The element names resolved under the current namespace bindings.
#[derive(Debug, Default)]
pub(super) struct ElementNames {
    /// The index in `entries` of each name as written.
    index: FxHashMap<Box<str>, usize>,
    entries: Vec<Entry>,
    /// The index in `entries` of the name resolved last.
    last: Option<usize>,
    /// The [`InScopeNamespaces::generation`] the entries were resolved under.
    generation: u64,
}

impl ElementNames {
    /// Resolves the element name `name` with `namespaces` (an unprefixed name is in
    /// the default namespace), looks it up in `symbols` and numbers it in `path`.
    pub(super) fn resolve(
        &mut self,
        name: &str,
        namespaces: &InScopeNamespaces,
        symbols: &SymbolTable,
        path: &mut ElementPath,
    ) -> &ResolvedName {
        if self.generation != namespaces.generation() || self.entries.len() >= MAX_CACHED_NAMES {
            self.index.clear();
            self.entries.clear();
            self.last = None;
            self.generation = namespaces.generation();
        }

        let guess = self
            .last
            .and_then(|last| self.entries.get(last)?.follower)
            .filter(|&guess| {
                self.entries
                    .get(guess)
                    .is_some_and(|entry| *entry.written == *name)
            });
        let position = match guess.or_else(|| self.index.get(name).copied()) {
            Some(position) => position,
            None => {
                let mut resolved = resolve_uncached(name, namespaces, symbols);
                resolved.path_number = path.name_number(name);
                self.entries.push(Entry {
                    written: name.into(),
                    resolved,
                    follower: None,
                });
                let position = self.entries.len() - 1;
                self.index.insert(name.into(), position);
                position
            }
        };

        if let Some(previous) = self.last.and_then(|last| self.entries.get_mut(last)) {
            previous.follower = Some(position);
        }
        self.last = Some(position);
        &self.entries[position].resolved
    }
}

fn resolve_uncached(
    name: &str,
    namespaces: &InScopeNamespaces,
    symbols: &SymbolTable,
) -> ResolvedName {
    let (prefix, local) = name.split_once(':').unwrap_or(("", name));
    let qname = QName::new(namespaces.namespace_ref(prefix), local);

    // A name in no namespace is its own Clark notation, so it needs no new string.
    let symbol = match &qname.namespace {
        None => symbols.get(&qname.local),
        Some(_) => symbols.get(&qname.clark()),
    };
    ResolvedName {
        qname,
        symbol,
        path_number: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Attribute;
    use schemakit_model::Position;

    fn declaration(name: &str, value: &str) -> Attribute<'static> {
        Attribute {
            name: name.to_owned().into(),
            value: value.to_owned().into(),
            position: Position::START,
            value_had_references: false,
        }
    }

    #[test]
    fn cached_names_follow_scope_changes() {
        let mut symbols = SymbolTable::new();
        let plain = symbols.intern("X");
        let namespaced = symbols.intern("{urn:a}X");
        let mut scopes = InScopeNamespaces::default();
        let mut names = ElementNames::default();
        let mut path = ElementPath::default();

        let outer = names.resolve("X", &scopes, &symbols, &mut path);
        assert_eq!(outer.qname, QName::new(None, "X"));
        assert_eq!(outer.symbol, Some(plain));

        scopes.push_element(&[declaration("xmlns", "urn:a")]);
        let inner = names.resolve("X", &scopes, &symbols, &mut path);
        assert_eq!(inner.qname, QName::new(Some("urn:a"), "X"));
        assert_eq!(inner.symbol, Some(namespaced));

        scopes.pop_element();
        let after = names.resolve("X", &scopes, &symbols, &mut path);
        assert_eq!(after.qname, QName::new(None, "X"));
        assert_eq!(after.symbol, Some(plain));
        assert_eq!(after.path_number, path.name_number("X"));
    }

    #[test]
    fn unknown_names_have_no_symbol() {
        let symbols = SymbolTable::new();
        let scopes = InScopeNamespaces::default();
        let mut names = ElementNames::default();
        let mut path = ElementPath::default();

        let unknown = names.resolve("p:Y", &scopes, &symbols, &mut path);
        assert_eq!(unknown.qname, QName::new(None, "Y"));
        assert_eq!(unknown.symbol, None);
    }

    #[test]
    fn repeated_sequences_resolve_to_the_same_entries() {
        let mut symbols = SymbolTable::new();
        let a = symbols.intern("A");
        let b = symbols.intern("B");
        let scopes = InScopeNamespaces::default();
        let mut names = ElementNames::default();
        let mut path = ElementPath::default();

        // The second round follows the guesses of the first, the third breaks them.
        for sequence in [["A", "B", "A"], ["A", "B", "A"], ["B", "B", "A"]] {
            for name in sequence {
                let resolved = names.resolve(name, &scopes, &symbols, &mut path);
                assert_eq!(resolved.qname, QName::new(None, name));
                assert_eq!(resolved.symbol, Some(if name == "A" { a } else { b }));
            }
        }
        assert_eq!(names.entries.len(), 2);
    }

    #[test]
    fn cache_starts_over_when_full() {
        let symbols = SymbolTable::new();
        let scopes = InScopeNamespaces::default();
        let mut names = ElementNames::default();
        let mut path = ElementPath::default();

        for number in 0..=MAX_CACHED_NAMES {
            let name = format!("E{number}");
            assert_eq!(
                names
                    .resolve(&name, &scopes, &symbols, &mut path)
                    .qname
                    .local,
                name
            );
        }
        assert_eq!(names.entries.len(), 1);
    }
}
