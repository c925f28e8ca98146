//! Building XSD components from the parsed schema documents.
//!
//! Named types are allocated an id when first referenced and built later, so that a
//! type may contain elements of types derived from it. A derivation needs its base
//! built first, which is where circular derivations are caught.

mod attribute_wildcards;
mod attributes;
mod complex_types;
mod elements;
mod groups;
mod index;
mod particles;
mod redefine;
mod simple_types;
mod types;

use crate::document::SchemaDocument;
use crate::errors::{Reporter, UnreadSchema};
use crate::names::{resolve_qname, QNameError, XSD_NAMESPACE};
use index::GlobalIndex;
pub(crate) use index::Space;
use indexmap::IndexMap;
use schemakit_model::xsd::{
    AttributeUse, DerivationSet, ElementId, QName, TypeId, XsdComponents, XsdNotation,
};
use schemakit_model::{Code, Particle, Span, Symbol, SymbolTable, Wildcard};
use std::collections::HashMap;
use types::set_contains;

pub(crate) use simple_types::is_notation;
pub(crate) use types::TypeState;

/// An element of one schema document, with the index of that document.
#[derive(Clone, Copy)]
pub(crate) struct XNode<'a, 'i> {
    pub(crate) doc: usize,
    pub(crate) node: roxmltree::Node<'a, 'i>,
}

impl<'a, 'i> XNode<'a, 'i> {
    /// Returns the same document's element `node`.
    pub(crate) fn with(self, node: roxmltree::Node<'a, 'i>) -> Self {
        XNode {
            doc: self.doc,
            node,
        }
    }
}

/// The element declarations each element name of a content model stands for.
pub(crate) type Children = IndexMap<Symbol, ElementId>;

/// A built model group definition: its particle and the declarations in it.
#[derive(Clone)]
pub(crate) struct BuiltGroup {
    pub(crate) particle: Option<Particle>,
    pub(crate) children: Children,
}

/// A built attribute group: its attribute uses, the names it prohibits and its
/// complete attribute wildcard.
#[derive(Clone, Default)]
pub(crate) struct BuiltAttributes {
    pub(crate) uses: Vec<AttributeUse>,
    pub(crate) prohibited: Vec<QName>,
    /// The own `xs:anyAttribute` intersected with those of the referenced attribute
    /// groups (the "complete wildcard" of XSD 1.0 section 3.4.2).
    pub(crate) wildcard: Option<Wildcard>,
}

enum Cached<T> {
    InProgress,
    Done(Option<T>),
}

/// A default or fixed value to check once every type is built.
pub(crate) struct ValueCheck<'a, 'i> {
    pub(crate) at: XNode<'a, 'i>,
    pub(crate) attribute: &'static str,
    pub(crate) value: String,
    pub(crate) type_id: TypeId,
    /// Whether the value belongs to an element declaration, whose type may be complex.
    pub(crate) of_element: bool,
}

/// The state of one load: documents, index, the components built so far and the
/// diagnostics.
pub(crate) struct Builder<'a, 'i> {
    pub(crate) documents: &'a [SchemaDocument<'i>],
    pub(crate) reporter: Reporter,
    pub(crate) symbols: SymbolTable,
    pub(crate) components: XsdComponents,
    index: GlobalIndex<'a, 'i>,
    type_states: Vec<TypeState<'a, 'i>>,
    builtin_ids: HashMap<String, TypeId>,
    groups: HashMap<QName, Cached<BuiltGroup>>,
    attribute_groups: HashMap<QName, Cached<BuiltAttributes>>,
    global_attributes: HashMap<QName, Cached<AttributeUse>>,
    pub(crate) value_checks: Vec<ValueCheck<'a, 'i>>,
    /// Every complex type built from a definition, for the checks at the end.
    pub(crate) built_complex_types: Vec<(TypeId, XNode<'a, 'i>)>,
    /// Every element and attribute declaration with its type, for the checks that
    /// need the type built.
    pub(crate) typed_declarations: Vec<(XNode<'a, 'i>, TypeId)>,
    /// The ids of the types that redefinitions replaced, by name.
    pub(super) redefined_types: HashMap<QName, TypeId>,
}

impl<'a, 'i> Builder<'a, 'i> {
    /// Indexes the global components of `documents`.
    pub(crate) fn new(
        documents: &'a [SchemaDocument<'i>],
        mut reporter: Reporter,
        target_namespace: Option<String>,
    ) -> Self {
        let index = GlobalIndex::build(documents, &mut reporter);
        let mut builder = Builder {
            documents,
            reporter,
            symbols: SymbolTable::new(),
            components: XsdComponents {
                notations: indexmap::IndexMap::new(),
                target_namespace,
                elements: Vec::new(),
                global_elements: IndexMap::new(),
                types: Vec::new(),
                named_types: IndexMap::new(),
                global_attributes: IndexMap::new(),
            },
            index,
            type_states: Vec::new(),
            builtin_ids: HashMap::new(),
            groups: HashMap::new(),
            attribute_groups: HashMap::new(),
            global_attributes: HashMap::new(),
            value_checks: Vec::new(),
            built_complex_types: Vec::new(),
            typed_declarations: Vec::new(),
            redefined_types: HashMap::new(),
        };
        builder.add_any_type();
        builder
    }

    /// Builds every global component and everything they reference.
    pub(crate) fn build_all(&mut self) {
        let types: Vec<QName> = self.index.types.keys().cloned().collect();
        for name in &types {
            self.named_type_id(name);
        }

        let elements: Vec<(QName, XNode<'a, 'i>)> = self
            .index
            .elements
            .iter()
            .map(|(name, node)| (name.clone(), *node))
            .collect();
        for (name, node) in &elements {
            let id = self.allocate_element(name.clone(), node, true);
            self.components.global_elements.insert(name.clone(), id);
        }
        for (name, node) in &elements {
            if let Some(id) = self.components.global_elements.get(name).copied() {
                self.build_global_element(id, *node);
            }
        }

        let attributes: Vec<QName> = self.index.attributes.keys().cloned().collect();
        for name in &attributes {
            if let Some(attribute) = self.global_attribute(name) {
                self.components
                    .global_attributes
                    .insert(name.clone(), attribute);
            }
        }
        self.build_notations();
        let groups: Vec<QName> = self.index.groups.keys().cloned().collect();
        for name in &groups {
            self.model_group(name);
        }
        let attribute_groups: Vec<QName> = self.index.attribute_groups.keys().cloned().collect();
        for name in &attribute_groups {
            self.attribute_group(name);
        }

        self.build_pending_types();
    }

    /// Adds every `xs:notation` declaration to the components.
    fn build_notations(&mut self) {
        let notations: Vec<(QName, XNode<'a, 'i>)> = self
            .index
            .notations
            .iter()
            .map(|(name, at)| (name.clone(), *at))
            .collect();
        for (name, at) in notations {
            let notation = XsdNotation {
                name: name.clone(),
                public_id: at.node.attribute("public").map(str::to_owned),
                system_id: at.node.attribute("system").map(str::to_owned),
                span: self.span(at),
            };
            self.components.notations.insert(name, notation);
        }
    }

    /// Returns whether a notation called `name` is declared.
    pub(crate) fn is_notation_declared(&self, name: &QName) -> bool {
        self.index.notations.contains_key(name)
    }

    pub(crate) fn document(&self, at: XNode<'a, 'i>) -> Option<&'a SchemaDocument<'i>> {
        self.documents.get(at.doc)
    }

    /// Records an error located at the start of `at`.
    pub(crate) fn error(&mut self, at: XNode<'a, 'i>, code: Code, message: String) {
        self.error_at(at, at.node.range().start, code, message);
    }

    /// Records an error located at the attribute `attribute` of `at`, or at `at`
    /// when it has no such attribute.
    pub(crate) fn error_at_attribute(
        &mut self,
        at: XNode<'a, 'i>,
        attribute: &str,
        code: Code,
        message: String,
    ) {
        let offset = at
            .node
            .attributes()
            .find(|candidate| candidate.name() == attribute && candidate.namespace().is_none())
            .map(|found| found.range().start)
            .unwrap_or(at.node.range().start);
        self.error_at(at, offset, code, message);
    }

    fn error_at(&mut self, at: XNode<'a, 'i>, offset: usize, code: Code, message: String) {
        let Some(document) = self.documents.get(at.doc) else {
            return;
        };
        let position = document.position(offset);
        self.reporter
            .schema_error(code, message, &document.name, position);
    }

    /// Returns the span of `at`.
    pub(crate) fn span(&self, at: XNode<'a, 'i>) -> Option<Span> {
        let document = self.documents.get(at.doc)?;
        let range = at.node.range();
        Some(Span {
            source: document.source_id,
            start: document.position(range.start),
            end: document.position(range.end),
        })
    }

    /// Returns the name a declaration called `local` in `at`'s document gets:
    /// in the target namespace when `qualified`, in no namespace otherwise.
    pub(crate) fn declared_name(&self, at: XNode<'a, 'i>, local: &str, qualified: bool) -> QName {
        let namespace = self
            .document(at)
            .filter(|_| qualified)
            .and_then(|document| document.target_namespace.as_deref());
        QName::new(namespace, local.trim())
    }

    /// Resolves the QName in attribute `attribute` of `at`, reporting an unbound
    /// prefix or a namespace the document neither targets nor imports.
    pub(crate) fn resolve_reference(
        &mut self,
        at: XNode<'a, 'i>,
        attribute: &str,
    ) -> Option<QName> {
        let value = at.node.attribute(attribute)?;
        let document = self.document(at)?;
        let name = match resolve_qname(at.node, value, document.chameleon_namespace()) {
            Ok(name) => name,
            // The structure check reported the syntax already.
            Err(QNameError::Syntax) => return None,
            Err(QNameError::UnboundPrefix(prefix)) => {
                self.error_at_attribute(
                    at,
                    attribute,
                    Code::UnresolvedReference,
                    format!("the prefix `{prefix}` of `{value}` in `{attribute}` is not bound to a namespace: declare `xmlns:{prefix}` on `xs:schema`"),
                );
                return None;
            }
        };

        let visible = name.namespace == document.target_namespace
            || name.namespace.as_deref() == Some(XSD_NAMESPACE)
            || document.imported.contains(&name.namespace);
        if !visible {
            let namespace = name.namespace.as_deref().unwrap_or("");
            let fix = match &name.namespace {
                Some(namespace) => format!("add `<xs:import namespace=\"{namespace}\"/>` to the schema document"),
                None => "add `<xs:import/>` without `namespace` to the schema document, or give the name a prefix".to_owned(),
            };
            let described = if namespace.is_empty() {
                "no namespace".to_owned()
            } else {
                format!("namespace `{namespace}`")
            };
            self.error_at_attribute(
                at,
                attribute,
                Code::UnresolvedReference,
                format!("`{value}` in `{attribute}` is in {described}, which the schema document neither targets nor imports: {fix}"),
            );
            return None;
        }
        Some(name)
    }

    /// Returns the end of a message about the missing component `name`: `fix`, or
    /// the schema documents that could not be read and may declare it.
    pub(crate) fn missing_component_fix(&self, name: &QName, fix: &str) -> String {
        let mut unread: Vec<&UnreadSchema> = self
            .reporter
            .unread
            .iter()
            .filter(|unread| unread.namespace == name.namespace)
            .collect();
        unread.sort_by_key(|unread| (&unread.file, unread.position.line, unread.position.column));
        let candidates: Vec<String> = unread
            .iter()
            .map(|unread| format!("`{}`", unread.location))
            .collect();
        match candidates.as_slice() {
            [] => format!(": {fix}"),
            [only] => format!("; it may be in {only}, which could not be read: make that file readable, or {fix}"),
            _ => format!("; it may be in one of {}, which could not be read: make those files readable, or {fix}", candidates.join(", ")),
        }
    }

    /// Interns the element name `name` in Clark notation.
    pub(crate) fn symbol(&mut self, name: &QName) -> Symbol {
        self.symbols.intern(&name.clark())
    }

    /// Returns the derivations that the `block` attribute of `at` blocks, or its
    /// document's `blockDefault` when `at` has no `block`.
    pub(crate) fn block_of(&self, at: XNode<'a, 'i>) -> DerivationSet {
        let value = at.node.attribute("block").unwrap_or_else(|| {
            self.document(at)
                .map(|document| document.block_default.as_str())
                .unwrap_or("")
        });
        DerivationSet {
            extension: set_contains(value, "extension"),
            restriction: set_contains(value, "restriction"),
            substitution: set_contains(value, "substitution"),
        }
    }

    /// Returns the `finalDefault` of `at`'s document.
    pub(crate) fn final_default(&self, at: XNode<'a, 'i>) -> &'a str {
        self.document(at)
            .map(|document| document.final_default.as_str())
            .unwrap_or("")
    }
}
