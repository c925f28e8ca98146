//! The XSD front end: one struct per complex type (named types by their name,
//! anonymous ones by their element), simple types mapped to Rust types or enums.

use crate::dtd::{doc_lines, plan_values};
use crate::ir::{
    AttributeField, AttributeValue, Body, Card, ChoiceType, DefaultValue, Item, Slot, StructType,
    Target, Value, ValueEnum, Variant,
};
use crate::names::{field_name, type_name, Namer};
use crate::plan::{ElementResolver, Planner};
use indexmap::IndexMap;
use schemakit_datatypes::{BuiltinType, SimpleType};
use schemakit_model::xsd::{
    AttributeUse, ComplexContent, ComplexTypeDefinition, ElementId, TypeDefinition, TypeId,
    ValueConstraint, XsdComponents,
};
use schemakit_model::{MaxOccurs, Occurs, Particle, Schema, Symbol, Term};
use std::collections::{HashMap, VecDeque};

/// Plans every global element of an XSD and the complex types they reach.
pub(crate) fn plan_xsd(schema: &Schema, components: &XsdComponents, planner: &mut Planner<'_>) {
    let mut state = XsdState {
        components,
        struct_idents: HashMap::new(),
        roots: HashMap::new(),
        simple_types: HashMap::new(),
        facets: HashMap::new(),
        queue: VecDeque::new(),
    };
    let _ = schema;

    for element_id in components.global_elements.values() {
        let Some(element) = components.element(*element_id) else {
            continue;
        };
        if let Some(TypeDefinition::Complex(_)) = components.type_definition(element.type_id) {
            state
                .roots
                .entry(element.type_id)
                .or_insert_with(|| element.name.local.clone());
            state.struct_for(planner, element.type_id, &element.name.local);
        }
    }

    while let Some((type_id, ident, element_name)) = state.queue.pop_front() {
        let Some(TypeDefinition::Complex(complex)) = components.type_definition(type_id) else {
            continue;
        };
        let root = state.roots.get(&type_id).cloned();
        let docs = type_docs(components, type_id, complex, planner);
        let position = planner.items.len();
        let item = state.plan_complex(planner, complex, &ident, &element_name, root, docs);
        planner.items.insert(position, Item::Struct(item));
    }
}

struct XsdState<'c> {
    components: &'c XsdComponents,
    struct_idents: HashMap<TypeId, String>,
    roots: HashMap<TypeId, String>,
    simple_types: HashMap<TypeId, String>,
    /// The facets static of each simple type with pattern or length facets, and
    /// `None` for one without.
    facets: HashMap<TypeId, Option<String>>,
    queue: VecDeque<(TypeId, String, String)>,
}

impl XsdState<'_> {
    /// Returns the struct name of a complex type, queueing it for planning on first use.
    fn struct_for(
        &mut self,
        planner: &mut Planner<'_>,
        type_id: TypeId,
        element_name: &str,
    ) -> String {
        if let Some(ident) = self.struct_idents.get(&type_id) {
            return ident.clone();
        }

        let source = self
            .components
            .type_definition(type_id)
            .and_then(TypeDefinition::name)
            .map(|name| name.local.clone())
            .unwrap_or_else(|| element_name.to_owned());
        let ident = planner.claim_type(&source, &type_name(&source));
        self.struct_idents.insert(type_id, ident.clone());
        self.queue
            .push_back((type_id, ident.clone(), element_name.to_owned()));
        ident
    }

    fn plan_complex(
        &mut self,
        planner: &mut Planner<'_>,
        complex: &ComplexTypeDefinition,
        ident: &str,
        element_name: &str,
        root: Option<String>,
        docs: Vec<String>,
    ) -> StructType {
        let mut fields = Namer::default();
        let mut mixed_variants = None;
        let mut mixed_text_variant = None;

        let body = match &complex.content {
            ComplexContent::Empty => Body::Empty,
            ComplexContent::Any => Body::Any {
                field: claim(&mut fields, "content", ident, planner),
            },
            ComplexContent::Simple(type_id) => {
                let ty = self.simple_rust_type(planner, *type_id, &format!("{ident}Value"));
                let facets = self.facets_static(planner, *type_id, &format!("{ident}Value"));
                Body::Text {
                    field: claim(&mut fields, "value", ident, planner),
                    ty,
                    facets,
                }
            }
            ComplexContent::Elements {
                particle,
                mixed: false,
                children,
            } => {
                let mut resolver = XsdResolver {
                    state: self,
                    children,
                    parent: element_name.to_owned(),
                };
                match all_group_slots(planner, ident, element_name, particle, &mut resolver) {
                    Some((slots, required_when_present)) => {
                        let slots = planner.name_fields_with(&mut fields, ident, slots);
                        Body::All {
                            slots,
                            order_field: claim(&mut fields, "member_order", ident, planner),
                            required_when_present,
                        }
                    }
                    None => {
                        let slots =
                            planner.content_slots(ident, element_name, particle, &mut resolver);
                        Body::Slots(planner.name_fields_with(&mut fields, ident, slots))
                    }
                }
            }
            ComplexContent::Elements {
                children,
                mixed: true,
                ..
            } => {
                let (choice, text, variants) =
                    self.plan_mixed(planner, ident, element_name, children);
                mixed_text_variant = Some(text);
                mixed_variants = Some(variants);
                Body::Mixed {
                    field: claim(&mut fields, "content", ident, planner),
                    choice,
                }
            }
        };

        let attributes = complex
            .attributes
            .iter()
            .map(|attribute| self.plan_attribute(planner, attribute, ident, &mut fields))
            .collect();
        let keeps_unknown = planner.options.unknown_elements == crate::UnknownElements::Keep
            && matches!(
                body,
                Body::Slots(_) | Body::All { .. } | Body::Mixed { .. } | Body::Empty
            );
        let other_field = keeps_unknown.then(|| claim(&mut fields, "other", ident, planner));
        let instance_field = Some(claim(&mut fields, "instance_attributes", ident, planner));
        let wildcard_content = match &complex.content {
            ComplexContent::Elements { particle, .. } => contains_wildcard(particle),
            _ => false,
        };

        StructType {
            ident: ident.to_owned(),
            docs,
            element: Some(root.clone().unwrap_or_else(|| element_name.to_owned())),
            root: root.is_some(),
            attributes,
            body,
            other_field,
            instance_field,
            wildcard_content,
            mixed_variants,
            mixed_text_variant,
        }
    }

    fn plan_mixed(
        &mut self,
        planner: &mut Planner<'_>,
        ident: &str,
        element_name: &str,
        children: &IndexMap<Symbol, ElementId>,
    ) -> (String, String, Vec<(String, Slot)>) {
        let choice = planner.claim_type(
            &format!("{element_name} content"),
            &format!("{ident}Content"),
        );
        let mut names = Namer::default();
        let text = names.claim(
            "Text",
            "text",
            "",
            &format!("enum {choice}"),
            &mut planner.warnings,
        );

        let mut variants = Vec::new();
        for symbol in children.keys() {
            let mut resolver = XsdResolver {
                state: self,
                children,
                parent: element_name.to_owned(),
            };
            let (child, value) = resolver.resolve(planner, *symbol);
            let variant = names.claim(
                &type_name(&child),
                &child,
                "",
                &format!("enum {choice}"),
                &mut planner.warnings,
            );
            let slot = Slot {
                field: String::new(),
                docs: vec![format!("Child element `{child}`.")],
                card: Card::One,
                target: Target::Element {
                    name: child.clone(),
                    value,
                },
                first: vec![child.clone()],
                all_names: vec![child],
                nullable: false,
                boxed: false,
            };
            variants.push(Variant {
                ident: variant,
                slot,
            });
        }

        let pairs = variants
            .iter()
            .map(|variant| (variant.ident.clone(), variant.slot.clone()))
            .collect();
        planner.items.push(Item::Choice(ChoiceType {
            ident: choice.clone(),
            docs: vec![format!("An item of the mixed content of `{element_name}`: text or a child element, in document order.")],
            variants,
            text_variant: Some(text.clone()),
        }));
        (choice, text, pairs)
    }

    fn plan_attribute(
        &mut self,
        planner: &mut Planner<'_>,
        attribute: &AttributeUse,
        ident: &str,
        fields: &mut Namer,
    ) -> AttributeField {
        let name = attribute.name.local.clone();
        let mut wanted = field_name(&name);
        if fields.is_taken(&wanted) {
            wanted = format!("{wanted}_attribute");
        }
        let field = fields.claim(
            &wanted,
            &format!("attribute {name}"),
            "_",
            &format!("struct {ident}"),
            &mut planner.warnings,
        );

        let rust_type = self.simple_rust_type(
            planner,
            attribute.type_id,
            &format!("{ident}{}", type_name(&name)),
        );
        let ty = if rust_type == STRING {
            AttributeValue::String
        } else if self.simple_types.values().any(|known| *known == rust_type) {
            AttributeValue::Enum(rust_type.clone())
        } else {
            AttributeValue::Parsed(rust_type.clone())
        };

        let default = attribute.value_constraint.as_ref().and_then(|constraint| {
            let (ValueConstraint::Default(value) | ValueConstraint::Fixed(value)) = constraint;
            let variant = match &ty {
                AttributeValue::Enum(enum_ident) => {
                    Some(self.variant_of(planner, enum_ident, value)?)
                }
                AttributeValue::Parsed(_) => return None,
                AttributeValue::String => None,
            };
            Some(DefaultValue {
                method: field.clone(),
                value: value.clone(),
                variant,
            })
        });

        let facets = self.facets_static(
            planner,
            attribute.type_id,
            &format!("{ident}{}", type_name(&name)),
        );
        let mut docs = doc_lines(attribute.doc.as_deref());
        docs.push(format!(
            "Attribute `{name}`{}.",
            if attribute.required { ", required" } else { "" }
        ));
        AttributeField {
            field,
            name,
            docs,
            ty,
            required: attribute.required,
            default,
            facets,
        }
    }

    fn variant_of(&self, planner: &Planner<'_>, enum_ident: &str, value: &str) -> Option<String> {
        planner.items.iter().find_map(|item| match item {
            Item::Values(values) if values.ident == enum_ident => values
                .values
                .iter()
                .find(|(_, allowed)| allowed == value)
                .map(|(variant, _)| variant.clone()),
            _ => None,
        })
    }

    /// Plans the facets static of a simple type with pattern facets, or with length
    /// facets on a string type, named after the type or `fallback_name`. Returns
    /// `None` for other types and for enumerations, whose enum already restricts
    /// the value.
    fn facets_static(
        &mut self,
        planner: &mut Planner<'_>,
        type_id: TypeId,
        fallback_name: &str,
    ) -> Option<String> {
        if let Some(known) = self.facets.get(&type_id) {
            return known.clone();
        }
        let Some(TypeDefinition::Simple(definition)) = self.components.type_definition(type_id)
        else {
            return None;
        };

        let planned = crate::facets::plan_facets(planner, definition, fallback_name);
        self.facets.insert(type_id, planned.clone());
        planned
    }

    /// Maps a simple type to a Rust type; an enumeration becomes an enum named after
    /// the type, or `fallback_name` for an anonymous type.
    fn simple_rust_type(
        &mut self,
        planner: &mut Planner<'_>,
        type_id: TypeId,
        fallback_name: &str,
    ) -> String {
        if let Some(ident) = self.simple_types.get(&type_id) {
            return ident.clone();
        }
        let Some(TypeDefinition::Simple(definition)) = self.components.type_definition(type_id)
        else {
            return STRING.to_owned();
        };

        let Some(values) = definition.simple.facets.enumeration() else {
            return builtin_rust_type(&definition.simple).to_owned();
        };
        let source = definition.name.as_ref().map(|name| name.local.clone());
        let ident = match &source {
            Some(name) => planner.claim_type(name, &type_name(name)),
            None => planner.claim_type(fallback_name, fallback_name),
        };
        let mut docs = doc_lines(definition.doc.as_deref());
        docs.push(format!(
            "The values of `{}`.",
            source.as_deref().unwrap_or(fallback_name)
        ));
        let values = plan_values(&ident, values, planner);
        planner.items.push(Item::Values(ValueEnum {
            ident: ident.clone(),
            docs,
            values,
        }));
        self.simple_types.insert(type_id, ident.clone());
        ident
    }
}

const STRING: &str = "::std::string::String";

fn contains_wildcard(particle: &Particle) -> bool {
    match &particle.term {
        Term::Wildcard(_) => true,
        Term::Sequence(items) | Term::Choice(items) | Term::All(items) => {
            items.iter().any(contains_wildcard)
        }
        _ => false,
    }
}

/// Plans the members of an `xs:all` group that is the whole content model (alone
/// or as the only item of a sequence that occurs once), so that readers accept them
/// in any order. Returns `None` for any other content model, and for an all group
/// with a member that is not a single element occurring at most once (XSD 1.1),
/// which is then read in declaration order. The members of an optional all group
/// are all optional fields, because the group may be absent as a whole, and the
/// indexes of its required members are returned with the slots.
fn all_group_slots(
    planner: &mut Planner<'_>,
    ident: &str,
    element_name: &str,
    particle: &Particle,
    resolver: &mut XsdResolver<'_, '_, '_>,
) -> Option<(Vec<Slot>, Vec<usize>)> {
    let (items, group_optional) = match &particle.term {
        Term::All(items) if particle.occurs.max == MaxOccurs::Bounded(1) => {
            (items, particle.occurs.min == 0)
        }
        Term::Sequence(items) if particle.occurs == Occurs::ONCE && items.len() == 1 => {
            return items
                .first()
                .and_then(|item| all_group_slots(planner, ident, element_name, item, resolver));
        }
        _ => return None,
    };

    let single_elements = items.iter().all(|item| {
        matches!(item.term, Term::Element(_))
            && matches!(item.occurs.max, MaxOccurs::Bounded(0 | 1))
    });
    if !single_elements {
        return None;
    }

    let mut slots = Vec::new();
    for item in items {
        slots.extend(planner.content_slots(ident, element_name, item, resolver));
    }
    let mut required_when_present = Vec::new();
    if group_optional {
        for (index, slot) in slots.iter_mut().enumerate() {
            if slot.card == Card::One {
                required_when_present.push(index);
            }
            slot.card = Card::Optional;
        }
    }
    Some((slots, required_when_present))
}

/// Maps an XSD built-in type to a Rust type. Decimals stay `String` so no digit is
/// lost, and lists, unions and other types are `String` too.
fn builtin_rust_type(simple: &SimpleType) -> &'static str {
    let Some(builtin) = simple.builtin_ancestor() else {
        return STRING;
    };
    match builtin {
        // `bool::from_str` rejects the lexical forms `1` and `0`, and `XsdBoolean`
        // reads all four and writes back the one it read.
        BuiltinType::Boolean => "::schemakit_runtime::XsdBoolean",
        BuiltinType::Byte => "i8",
        BuiltinType::Short => "i16",
        BuiltinType::Int => "i32",
        // NOTE: xs:integer is unbounded; values outside i64 are read errors.
        BuiltinType::Long
        | BuiltinType::Integer
        | BuiltinType::NonPositiveInteger
        | BuiltinType::NegativeInteger => "i64",
        BuiltinType::UnsignedByte => "u8",
        BuiltinType::UnsignedShort => "u16",
        BuiltinType::UnsignedInt => "u32",
        BuiltinType::UnsignedLong
        | BuiltinType::NonNegativeInteger
        | BuiltinType::PositiveInteger => "u64",
        BuiltinType::Float => "f32",
        BuiltinType::Double => "f64",
        _ => STRING,
    }
}

fn claim(fields: &mut Namer, wanted: &str, ident: &str, planner: &mut Planner<'_>) -> String {
    fields.claim(
        wanted,
        &format!("the {wanted} field"),
        "_",
        &format!("struct {ident}"),
        &mut planner.warnings,
    )
}

fn type_docs(
    components: &XsdComponents,
    type_id: TypeId,
    complex: &ComplexTypeDefinition,
    planner: &Planner<'_>,
) -> Vec<String> {
    let element_doc = components
        .elements
        .iter()
        .find(|element| element.type_id == type_id && element.doc.is_some())
        .and_then(|element| element.doc.as_deref());
    let mut docs = doc_lines(complex.doc.as_deref().or(element_doc));
    if let ComplexContent::Elements { particle, .. } = &complex.content {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!(
            "Content model: `{}`",
            particle.to_dtd_syntax(planner.symbols)
        ));
    }
    docs
}

struct XsdResolver<'s, 'c, 'm> {
    state: &'s mut XsdState<'c>,
    children: &'m IndexMap<Symbol, ElementId>,
    parent: String,
}

impl ElementResolver for XsdResolver<'_, '_, '_> {
    fn resolve(&mut self, planner: &mut Planner<'_>, symbol: Symbol) -> (String, Value) {
        let element = self
            .children
            .get(&symbol)
            .and_then(|id| self.state.components.element(*id));
        let Some(element) = element else {
            let name = planner.symbols.name(symbol).to_owned();
            planner.warnings.push(format!(
                "element {name} in {} has no declaration, so it is read as an AnyElement",
                self.parent
            ));
            return (
                name,
                Value::Struct("::schemakit_runtime::AnyElement".to_owned()),
            );
        };

        let name = element.name.local.clone();
        let override_type = planner.override_for(&self.parent, &name);
        let value = match self.state.components.type_definition(element.type_id) {
            // NOTE: a nillable element of a complex type is read as its struct, so
            // `xsi:nil="true"` on it fails on its missing required content.
            Some(TypeDefinition::Complex(_)) => {
                Value::Struct(self.state.struct_for(planner, element.type_id, &name))
            }
            Some(TypeDefinition::Simple(_)) => {
                let fallback = format!("{}{}", type_name(&self.parent), type_name(&name));
                let ty = override_type.unwrap_or_else(|| {
                    self.state
                        .simple_rust_type(planner, element.type_id, &fallback)
                });
                let facets = self
                    .state
                    .facets_static(planner, element.type_id, &fallback);
                match facets {
                    _ if element.nillable => Value::NillableText { ty, facets },
                    Some(facets) => Value::CheckedText { ty, facets },
                    None => Value::Text(ty),
                }
            }
            None => Value::Text(STRING.to_owned()),
        };
        (name, value)
    }
}
