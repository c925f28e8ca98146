//! The DTD front end: one struct per element with attributes or element content,
//! `String` (or an override type) for text-only elements without attributes.

use crate::ir::{
    AttributeField, AttributeValue, Body, ChoiceType, DefaultValue, Item, Slot, StructType, Target,
    Value, ValueEnum, Variant,
};
use crate::names::{field_name, type_name, Namer};
use crate::plan::{ElementResolver, Planner};
use schemakit_model::{
    AttributeDecl, AttributeType, ContentSpec, DefaultDecl, ElementDecl, Schema, Symbol,
};
use std::collections::HashMap;

/// Method names that generated code defines on element structs; accessors that
/// would take one get a `_value` suffix.
const RESERVED_METHODS: &[&str] = &[
    "from_xml",
    "from_reader",
    "to_xml",
    "read_group",
    "write_group",
];

/// Plans every element of a DTD.
pub(crate) fn plan_dtd(schema: &Schema, planner: &mut Planner<'_>) {
    let mut idents: HashMap<String, String> = HashMap::new();
    for decl in schema.elements.values() {
        let name = schema.name(decl.name);
        if is_struct(decl) {
            let ident = planner.claim_type(name, &type_name(name));
            idents.insert(name.to_owned(), ident);
        }
    }

    let mut resolver = DtdResolver {
        schema,
        idents: idents.clone(),
        parent: String::new(),
    };
    for decl in schema.elements.values() {
        let name = schema.name(decl.name);
        let Some(ident) = idents.get(name) else {
            continue;
        };
        resolver.parent = name.to_owned();
        // The element's struct goes before the group types its content creates.
        let position = planner.items.len();
        let item = plan_element(decl, name, ident, planner, &mut resolver);
        planner.items.insert(position, Item::Struct(item));
    }
}

/// Whether an element gets its own struct: every element except text-only ones
/// without attributes, which become `String` fields of their parents.
fn is_struct(decl: &ElementDecl) -> bool {
    let text_only = matches!(&decl.content, Some(ContentSpec::Mixed(names)) if names.is_empty());
    !(text_only && decl.attributes.is_empty())
}

struct DtdResolver<'s> {
    schema: &'s Schema,
    idents: HashMap<String, String>,
    parent: String,
}

impl ElementResolver for DtdResolver<'_> {
    fn resolve(&mut self, planner: &mut Planner<'_>, element: Symbol) -> (String, Value) {
        let name = self.schema.name(element).to_owned();
        let override_type = planner.override_for(&self.parent, &name);

        let value = match (self.idents.get(&name), self.schema.element(&name)) {
            (Some(ident), _) => {
                if override_type.is_some() {
                    planner.warnings.push(format!(
                        "the type override for {}/{name} is ignored because {name} has attributes or child elements",
                        self.parent
                    ));
                }
                Value::Struct(ident.clone())
            }
            (None, Some(_)) => {
                Value::Text(override_type.unwrap_or_else(|| "::std::string::String".to_owned()))
            }
            (None, None) => {
                planner.warnings.push(format!(
                    "element {name}, used in {}, is not declared, so it is read as an AnyElement",
                    self.parent
                ));
                Value::Struct("::schemakit_runtime::AnyElement".to_owned())
            }
        };
        (name, value)
    }
}

fn plan_element(
    decl: &ElementDecl,
    name: &str,
    ident: &str,
    planner: &mut Planner<'_>,
    resolver: &mut DtdResolver<'_>,
) -> StructType {
    let mut docs = doc_lines(decl.doc.as_deref());
    let mut fields = Namer::default();
    let mut mixed = None;

    let body = match &decl.content {
        None => {
            planner.warnings.push(format!(
                "element {name} has attributes but no element declaration, so its content is read as ANY"
            ));
            Body::Any {
                field: claim_field(&mut fields, "content", name, ident, planner),
            }
        }
        Some(ContentSpec::Empty) => Body::Empty,
        Some(ContentSpec::Any) => Body::Any {
            field: claim_field(&mut fields, "content", name, ident, planner),
        },
        Some(ContentSpec::Mixed(names)) if names.is_empty() => Body::Text {
            field: claim_field(&mut fields, "value", name, ident, planner),
            ty: "::std::string::String".to_owned(),
            facets: None,
        },
        Some(ContentSpec::Mixed(names)) => {
            let (choice, text_variant, variants) =
                plan_mixed(name, ident, names, planner, resolver);
            mixed = Some((text_variant, variants));
            Body::Mixed {
                field: claim_field(&mut fields, "content", name, ident, planner),
                choice,
            }
        }
        Some(ContentSpec::Children(particle)) => {
            let slots = planner.content_slots(ident, name, particle, resolver);
            Body::Slots(planner.name_fields_with(&mut fields, ident, slots))
        }
        Some(_) => Body::Any {
            field: claim_field(&mut fields, "content", name, ident, planner),
        },
    };

    if let Some(content) = &decl.content {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!(
            "Content model: `{}`",
            content.to_dtd_syntax(planner.symbols)
        ));
    }

    let attributes = decl
        .attributes
        .values()
        .map(|attribute| plan_attribute(attribute, name, ident, &mut fields, planner))
        .collect();

    let keeps_unknown = planner.options.unknown_elements == crate::UnknownElements::Keep
        && matches!(body, Body::Slots(_) | Body::Mixed { .. } | Body::Empty);
    let other_field =
        keeps_unknown.then(|| claim_field(&mut fields, "other", name, ident, planner));

    let (mixed_text_variant, mixed_variants) = match mixed {
        Some((text, variants)) => (Some(text), Some(variants)),
        None => (None, None),
    };
    StructType {
        ident: ident.to_owned(),
        docs,
        element: Some(name.to_owned()),
        root: true,
        attributes,
        body,
        other_field,
        instance_field: None,
        wildcard_content: false,
        mixed_variants,
        mixed_text_variant,
    }
}

fn claim_field(
    fields: &mut Namer,
    wanted: &str,
    element: &str,
    ident: &str,
    planner: &mut Planner<'_>,
) -> String {
    fields.claim(
        wanted,
        &format!("the {wanted} of {element}"),
        "_",
        &format!("struct {ident}"),
        &mut planner.warnings,
    )
}

/// Plans the enum of mixed content: a `Text` variant and one per element. Returns
/// the enum name, the text variant and the element variants.
fn plan_mixed(
    name: &str,
    ident: &str,
    names: &[Symbol],
    planner: &mut Planner<'_>,
    resolver: &mut DtdResolver<'_>,
) -> (String, String, Vec<(String, Slot)>) {
    let choice = planner.claim_type(&format!("{name} content"), &format!("{ident}Content"));
    let mut variant_names = Namer::default();
    let text_variant = variant_names.claim(
        "Text",
        "#PCDATA",
        "",
        &format!("enum {choice}"),
        &mut planner.warnings,
    );

    let mut variants = Vec::new();
    for symbol in names {
        let (child, value) = resolver.resolve(planner, *symbol);
        let variant = variant_names.claim(
            &type_name(&child),
            &child,
            "",
            &format!("enum {choice}"),
            &mut planner.warnings,
        );
        let slot = Slot {
            field: String::new(),
            docs: vec![format!("Child element `{child}`.")],
            card: crate::ir::Card::One,
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
        docs: vec![format!(
            "An item of the mixed content of `{name}`: text or a child element, in document order."
        )],
        variants,
        text_variant: Some(text_variant.clone()),
    }));
    (choice, text_variant, pairs)
}

fn plan_attribute(
    attribute: &AttributeDecl,
    element: &str,
    ident: &str,
    fields: &mut Namer,
    planner: &mut Planner<'_>,
) -> AttributeField {
    let mut wanted = field_name(&attribute.name);
    if fields.is_taken(&wanted) {
        wanted = format!("{wanted}_attribute");
    }
    let field = fields.claim(
        &wanted,
        &format!("attribute {}", attribute.name),
        "_",
        &format!("struct {ident}"),
        &mut planner.warnings,
    );
    if field != field_name(&attribute.name) {
        planner.warnings.push(format!(
            "struct {ident}: attribute {} of {element} is the field {field} because a child element took {}",
            attribute.name,
            field_name(&attribute.name)
        ));
    }

    let mut planned_values = Vec::new();
    let ty = match &attribute.ty {
        AttributeType::Enumeration(values) | AttributeType::Notation(values) => {
            let enum_ident = planner.claim_type(
                &format!("{element} attribute {}", attribute.name),
                &format!("{ident}{}", type_name(&attribute.name)),
            );
            let docs = vec![format!(
                "The values of attribute `{}` of `{element}`: `{}`.",
                attribute.name,
                attribute.ty.to_dtd_syntax()
            )];
            planned_values = plan_values(&enum_ident, values, planner);
            planner.items.push(Item::Values(ValueEnum {
                ident: enum_ident.clone(),
                docs,
                values: planned_values.clone(),
            }));
            AttributeValue::Enum(enum_ident)
        }
        _ => AttributeValue::String,
    };

    let default = attribute_default(attribute, &field, &planned_values, planner, element);
    AttributeField {
        docs: vec![format!(
            "Attribute `{}`: `{} {}`.",
            attribute.name,
            attribute.ty.to_dtd_syntax(),
            default_syntax(&attribute.default)
        )],
        field,
        name: attribute.name.clone(),
        required: attribute.default == DefaultDecl::Required,
        ty,
        default,
        facets: None,
    }
}

/// Plans the variants of an enumeration, keeping every value, spaces included;
/// a value listed twice gets one variant.
pub(crate) fn plan_values(
    enum_ident: &str,
    values: &[String],
    planner: &mut Planner<'_>,
) -> Vec<(String, String)> {
    let mut variant_names = Namer::default();
    let mut seen = std::collections::HashSet::new();
    values
        .iter()
        .filter(|value| seen.insert(value.as_str()))
        .map(|value| {
            let variant = variant_names.claim(
                &type_name(value),
                value,
                "",
                &format!("enum {enum_ident}"),
                &mut planner.warnings,
            );
            (variant, value.clone())
        })
        .collect()
}

fn attribute_default(
    attribute: &AttributeDecl,
    field: &str,
    variants: &[(String, String)],
    planner: &mut Planner<'_>,
    element: &str,
) -> Option<DefaultValue> {
    let value = attribute.default_value()?.to_owned();
    let method = if RESERVED_METHODS.contains(&field) {
        format!("{field}_value")
    } else {
        field.to_owned()
    };

    let mut variant = None;
    if !variants.is_empty() {
        let Some((ident, _)) = variants.iter().find(|(_, allowed)| *allowed == value) else {
            planner.warnings.push(format!(
                "the default {value:?} of attribute {} of {element} is not one of its values, so it has no accessor",
                attribute.name
            ));
            return None;
        };
        variant = Some(ident.clone());
    }
    Some(DefaultValue {
        method,
        value,
        variant,
    })
}

fn default_syntax(default: &DefaultDecl) -> String {
    match default {
        DefaultDecl::Required => "#REQUIRED".to_owned(),
        DefaultDecl::Implied => "#IMPLIED".to_owned(),
        DefaultDecl::Fixed(value) => format!("#FIXED {value:?}"),
        DefaultDecl::Default(value) => format!("{value:?}"),
    }
}

/// Splits a DTD comment or XSD documentation into doc comment lines.
pub(crate) fn doc_lines(doc: Option<&str>) -> Vec<String> {
    let Some(doc) = doc else {
        return Vec::new();
    };
    let lines: Vec<String> = doc.lines().map(|line| line.trim().to_owned()).collect();
    let start = lines
        .iter()
        .position(|line| !line.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|line| !line.is_empty())
        .map_or(start, |end| end + 1);
    lines
        .get(start..end)
        .map(<[String]>::to_vec)
        .unwrap_or_default()
}
