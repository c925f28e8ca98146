//! Type ids: `xs:anyType`, built-in simple types, and named and anonymous types
//! that are allocated when referenced and built on demand.

use super::{Builder, XNode};
use crate::document::is_xsd;
use crate::names::XSD_NAMESPACE;
use schemakit_datatypes::{BuiltinType, SimpleType};
use schemakit_model::xsd::{
    ComplexContent, ComplexTypeDefinition, QName, SimpleTypeDefinition, TypeDefinition, TypeId,
};
use schemakit_model::Code;

/// The build state of a type id.
pub(crate) enum TypeState<'a, 'i> {
    /// Complete: built-in, or built from its definition.
    Done,
    /// Allocated but not built yet.
    Pending {
        at: XNode<'a, 'i>,
        name: Option<QName>,
    },
    /// Being built; reaching it again means a circular derivation.
    InProgress,
}

impl<'a, 'i> Builder<'a, 'i> {
    /// Adds `xs:anyType` at index 0.
    pub(super) fn add_any_type(&mut self) {
        let name = QName::new(Some(XSD_NAMESPACE), "anyType");
        self.components
            .types
            .push(TypeDefinition::Complex(ComplexTypeDefinition {
                block: schemakit_model::xsd::DerivationSet::default(),
                name: Some(name.clone()),
                base: None,
                content: ComplexContent::Any,
                attributes: Vec::new(),
                attribute_wildcard: Some(schemakit_model::Wildcard::any(
                    schemakit_model::ProcessContents::Lax,
                )),
                is_abstract: false,
                span: None,
                doc: None,
            }));
        self.type_states.push(TypeState::Done);
        self.components.named_types.insert(name, TypeId(0));
    }

    /// Returns the id of the type called `name`: `xs:anyType`, a built-in simple type
    /// or a type of the schema, allocating it when first asked. `None` when no type
    /// has that name.
    pub(crate) fn named_type_id(&mut self, name: &QName) -> Option<TypeId> {
        if let Some(id) = self.components.named_types.get(name) {
            return Some(*id);
        }

        if name.namespace.as_deref() == Some(XSD_NAMESPACE) && !self.index.types.contains_key(name)
        {
            return self.builtin_type_id(&name.local);
        }

        let at = *self.index.types.get(name)?;
        let id = self.allocate_type(at, Some(name.clone()));
        self.components.named_types.insert(name.clone(), id);
        Some(id)
    }

    /// Returns the id of the built-in simple type `local`, adding it when first used.
    fn builtin_type_id(&mut self, local: &str) -> Option<TypeId> {
        if let Some(id) = self.builtin_ids.get(local) {
            return Some(*id);
        }
        let builtin = BuiltinType::from_name(local)?;
        let base = builtin
            .base()
            .and_then(|base| self.builtin_type_id(base.name()));
        let name = QName::new(Some(XSD_NAMESPACE), local);
        let id = self.push_type(TypeDefinition::Simple(SimpleTypeDefinition {
            base,
            name: Some(name.clone()),
            simple: SimpleType::builtin(builtin),
            span: None,
            doc: None,
        }));
        self.type_states.push(TypeState::Done);
        self.builtin_ids.insert(local.to_owned(), id);
        self.components.named_types.insert(name, id);
        Some(id)
    }

    /// Returns the id of `xs:anySimpleType`.
    pub(crate) fn any_simple_type_id(&mut self) -> TypeId {
        self.builtin_type_id("anySimpleType")
            .unwrap_or(schemakit_model::xsd::XsdComponents::ANY_TYPE)
    }

    /// Allocates an id for the type defined at `at`, to be built later.
    pub(crate) fn allocate_type(&mut self, at: XNode<'a, 'i>, name: Option<QName>) -> TypeId {
        let id = self.push_type(placeholder(name.clone()));
        self.type_states.push(TypeState::Pending { at, name });
        id
    }

    fn push_type(&mut self, definition: TypeDefinition) -> TypeId {
        self.components.types.push(definition);
        TypeId(u32::try_from(self.components.types.len() - 1).unwrap_or(u32::MAX))
    }

    /// Builds the type `id` if it is pending. Returns false when it is being built
    /// already, which means that a derivation reached it again.
    pub(crate) fn ensure_built(&mut self, id: TypeId) -> bool {
        let Some(state) = self.type_states.get_mut(id.0 as usize) else {
            return false;
        };
        match std::mem::replace(state, TypeState::InProgress) {
            TypeState::Done => {
                *state = TypeState::Done;
                true
            }
            TypeState::InProgress => false,
            TypeState::Pending { at, name } => {
                let definition = if is_xsd(at.node, "simpleType") {
                    self.build_simple_type(at, name).map(TypeDefinition::Simple)
                } else {
                    self.build_complex_type(id, at, name)
                        .map(TypeDefinition::Complex)
                };
                if let (Some(definition), Some(slot)) =
                    (definition, self.components.types.get_mut(id.0 as usize))
                {
                    *slot = definition;
                }
                if let Some(state) = self.type_states.get_mut(id.0 as usize) {
                    *state = TypeState::Done;
                }
                true
            }
        }
    }

    /// Builds every type still pending, including those allocated while building.
    pub(crate) fn build_pending_types(&mut self) {
        let mut next = 0;
        while next < self.type_states.len() {
            if matches!(self.type_states.get(next), Some(TypeState::Pending { .. })) {
                self.ensure_built(TypeId(u32::try_from(next).unwrap_or(u32::MAX)));
            }
            next += 1;
        }
    }

    /// Builds the base type `id` of a derivation at `at`, reporting a circular
    /// derivation. Returns false when the base cannot be used.
    pub(crate) fn ensure_base_built(
        &mut self,
        id: TypeId,
        at: XNode<'a, 'i>,
        base: &QName,
    ) -> bool {
        if self.ensure_built(id) {
            return true;
        }
        self.error_at_attribute(
            at,
            "base",
            Code::SchemaConstraint,
            format!("type `{base}` is derived from itself: break the cycle of `base` references"),
        );
        false
    }

    /// Returns the simple type of `id`: the type itself for a simple type, the
    /// content type for a complex type with simple content.
    pub(crate) fn simple_type_of(&self, id: TypeId) -> Option<SimpleType> {
        match self.components.types.get(id.0 as usize)? {
            TypeDefinition::Simple(simple) => Some(simple.simple.clone()),
            TypeDefinition::Complex(complex) => match complex.content {
                schemakit_model::xsd::ComplexContent::Simple(content) if content != id => {
                    self.simple_type_of(content)
                }
                _ => None,
            },
        }
    }

    /// Returns whether `id` names a simple type definition (built or pending).
    pub(crate) fn is_simple_type(&self, id: TypeId) -> bool {
        match self.type_states.get(id.0 as usize) {
            Some(TypeState::Pending { at, .. }) => is_xsd(at.node, "simpleType"),
            _ => matches!(
                self.components.types.get(id.0 as usize),
                Some(TypeDefinition::Simple(_))
            ),
        }
    }

    /// Returns the `final` attribute of the type called `name`, or its document's
    /// `finalDefault`, or `""` for built-in types.
    pub(crate) fn final_of(&self, name: &QName) -> &'a str {
        match self.index.types.get(name) {
            Some(at) => at
                .node
                .attribute("final")
                .unwrap_or_else(|| self.final_default(*at)),
            None => "",
        }
    }
}

/// Returns whether the `final` (or `block`) value `set` contains `method`.
pub(crate) fn set_contains(set: &str, method: &str) -> bool {
    let set = set.trim();
    set == "#all" || set.split_ascii_whitespace().any(|item| item == method)
}

fn placeholder(name: Option<QName>) -> TypeDefinition {
    TypeDefinition::Complex(ComplexTypeDefinition {
        block: schemakit_model::xsd::DerivationSet::default(),
        name,
        base: None,
        content: ComplexContent::Empty,
        attributes: Vec::new(),
        attribute_wildcard: None,
        is_abstract: false,
        span: None,
        doc: None,
    })
}

impl<'a, 'i> Builder<'a, 'i> {
    /// Adds a complete type definition that no schema element defines by itself.
    pub(crate) fn add_built_type(&mut self, definition: TypeDefinition) -> TypeId {
        let id = self.push_type(definition);
        self.type_states.push(TypeState::Done);
        id
    }
}
