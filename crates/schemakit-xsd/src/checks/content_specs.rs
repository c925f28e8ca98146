//! The schema for schemas as tables: which attributes and children each `xs:`
//! element may have, depending on where it appears (XSD 1.0 Part 1, appendix A).

/// A run of children with one of `names`, between `min` and `max` times.
pub(crate) struct Slot {
    pub(crate) names: &'static [&'static str],
    pub(crate) min: usize,
    pub(crate) max: usize,
}

const fn slot(names: &'static [&'static str], min: usize, max: usize) -> Slot {
    Slot { names, min, max }
}

const MANY: usize = usize::MAX;

/// The allowed attributes, required attributes and children of one `xs:` element.
pub(crate) struct ElementSpec {
    pub(crate) attributes: &'static [&'static str],
    pub(crate) required: &'static [&'static str],
    pub(crate) content: &'static [Slot],
}

/// The twelve facet elements.
pub(crate) const FACETS: &[&str] = &[
    "minExclusive",
    "minInclusive",
    "maxExclusive",
    "maxInclusive",
    "totalDigits",
    "fractionDigits",
    "length",
    "minLength",
    "maxLength",
    "enumeration",
    "whiteSpace",
    "pattern",
];

const ANNOTATION: Slot = slot(&["annotation"], 0, 1);
const ATTRIBUTES: Slot = slot(&["attribute", "attributeGroup"], 0, MANY);
const ANY_ATTRIBUTE: Slot = slot(&["anyAttribute"], 0, 1);
const MODEL_GROUP: Slot = slot(&["group", "all", "choice", "sequence"], 0, 1);
const ANNOTATION_ONLY: &[Slot] = &[ANNOTATION];

const SCHEMA: &[Slot] = &[
    slot(&["include", "import", "redefine", "annotation"], 0, MANY),
    slot(
        &[
            "simpleType",
            "complexType",
            "group",
            "attributeGroup",
            "element",
            "attribute",
            "notation",
            "annotation",
        ],
        0,
        MANY,
    ),
];
const COMPLEX_TYPE_DERIVED: &[Slot] =
    &[ANNOTATION, slot(&["simpleContent", "complexContent"], 1, 1)];
const COMPLEX_TYPE_PLAIN: &[Slot] = &[ANNOTATION, MODEL_GROUP, ATTRIBUTES, ANY_ATTRIBUTE];
const ELEMENT: &[Slot] = &[
    ANNOTATION,
    slot(&["simpleType", "complexType"], 0, 1),
    slot(&["unique", "key", "keyref"], 0, MANY),
];
const CONTENT_DERIVATION: &[Slot] = &[ANNOTATION, slot(&["restriction", "extension"], 1, 1)];
const SIMPLE_TYPE: &[Slot] = &[ANNOTATION, slot(&["restriction", "list", "union"], 1, 1)];
const SIMPLE_RESTRICTION: &[Slot] = &[
    ANNOTATION,
    slot(&["simpleType"], 0, 1),
    slot(FACETS, 0, MANY),
];
const SIMPLE_CONTENT_RESTRICTION: &[Slot] = &[
    ANNOTATION,
    slot(&["simpleType"], 0, 1),
    slot(FACETS, 0, MANY),
    ATTRIBUTES,
    ANY_ATTRIBUTE,
];
const SIMPLE_CONTENT_EXTENSION: &[Slot] = &[ANNOTATION, ATTRIBUTES, ANY_ATTRIBUTE];
const COMPLEX_CONTENT_DERIVATION: &[Slot] = &[ANNOTATION, MODEL_GROUP, ATTRIBUTES, ANY_ATTRIBUTE];
const LIST: &[Slot] = &[ANNOTATION, slot(&["simpleType"], 0, 1)];
const UNION: &[Slot] = &[ANNOTATION, slot(&["simpleType"], 0, MANY)];
const GROUP_DEFINITION: &[Slot] = &[ANNOTATION, slot(&["all", "choice", "sequence"], 1, 1)];
const ALL: &[Slot] = &[ANNOTATION, slot(&["element"], 0, MANY)];
const NESTED_GROUP: &[Slot] = &[
    ANNOTATION,
    slot(&["element", "group", "choice", "sequence", "any"], 0, MANY),
];
const ATTRIBUTE: &[Slot] = &[ANNOTATION, slot(&["simpleType"], 0, 1)];
const ATTRIBUTE_GROUP: &[Slot] = &[ANNOTATION, ATTRIBUTES, ANY_ATTRIBUTE];
const IDENTITY_CONSTRAINT: &[Slot] = &[
    ANNOTATION,
    slot(&["selector"], 1, 1),
    slot(&["field"], 1, MANY),
];
const REDEFINE: &[Slot] = &[slot(
    &[
        "annotation",
        "simpleType",
        "complexType",
        "group",
        "attributeGroup",
    ],
    0,
    MANY,
)];
const ANNOTATION_CONTENT: &[Slot] = &[slot(&["appinfo", "documentation"], 0, MANY)];

const fn spec(
    attributes: &'static [&'static str],
    required: &'static [&'static str],
    content: &'static [Slot],
) -> ElementSpec {
    ElementSpec {
        attributes,
        required,
        content,
    }
}

/// Returns the rules for the `xs:` element `local` whose parent is the `xs:`
/// element `parent` (`""` for the document root), or `None` when `local` is no
/// element of XSD 1.0 or does not belong under `parent`.
pub(crate) fn element_spec(
    local: &str,
    parent: &str,
    has_derived_content: bool,
) -> Option<ElementSpec> {
    let top = parent == "schema" || parent == "redefine";
    let occurs = &["id", "minOccurs", "maxOccurs"];
    let found = match (local, parent) {
        ("schema", "") => spec(
            &[
                "attributeFormDefault",
                "blockDefault",
                "elementFormDefault",
                "finalDefault",
                "id",
                "targetNamespace",
                "version",
            ],
            &[],
            SCHEMA,
        ),
        (_, "") => return None,
        ("annotation", _) => spec(&["id"], &[], ANNOTATION_CONTENT),
        ("appinfo", "annotation") => spec(&["source"], &[], &[]),
        ("documentation", "annotation") => spec(&["source"], &[], &[]),
        ("include", "schema") => spec(
            &["id", "schemaLocation"],
            &["schemaLocation"],
            ANNOTATION_ONLY,
        ),
        ("import", "schema") => spec(&["id", "namespace", "schemaLocation"], &[], ANNOTATION_ONLY),
        ("redefine", "schema") => spec(&["id", "schemaLocation"], &["schemaLocation"], REDEFINE),
        ("notation", "schema") => spec(
            &["id", "name", "public", "system"],
            &["name", "public"],
            ANNOTATION_ONLY,
        ),
        ("element", "schema") => spec(
            &[
                "abstract",
                "block",
                "default",
                "final",
                "fixed",
                "id",
                "name",
                "nillable",
                "substitutionGroup",
                "type",
            ],
            &["name"],
            ELEMENT,
        ),
        ("element", "sequence" | "choice" | "all") => spec(
            &[
                "block",
                "default",
                "fixed",
                "form",
                "id",
                "maxOccurs",
                "minOccurs",
                "name",
                "nillable",
                "ref",
                "type",
            ],
            &[],
            ELEMENT,
        ),
        ("complexType", _) if top || parent == "element" => {
            let attributes: &'static [&'static str] = if top {
                &["abstract", "block", "final", "id", "mixed", "name"]
            } else {
                &["id", "mixed"]
            };
            let required: &'static [&'static str] = if top { &["name"] } else { &[] };
            let content = if has_derived_content {
                COMPLEX_TYPE_DERIVED
            } else {
                COMPLEX_TYPE_PLAIN
            };
            spec(attributes, required, content)
        }
        ("simpleType", _)
            if top
                || matches!(
                    parent,
                    "element" | "attribute" | "restriction" | "list" | "union"
                ) =>
        {
            if top {
                spec(&["final", "id", "name"], &["name"], SIMPLE_TYPE)
            } else {
                spec(&["id"], &[], SIMPLE_TYPE)
            }
        }
        ("simpleContent", "complexType") => spec(&["id"], &[], CONTENT_DERIVATION),
        ("complexContent", "complexType") => spec(&["id", "mixed"], &[], CONTENT_DERIVATION),
        ("list", "simpleType") => spec(&["id", "itemType"], &[], LIST),
        ("union", "simpleType") => spec(&["id", "memberTypes"], &[], UNION),
        ("group", _) if top => spec(&["id", "name"], &["name"], GROUP_DEFINITION),
        ("group", "complexType" | "restriction" | "extension" | "sequence" | "choice") => spec(
            &["id", "maxOccurs", "minOccurs", "ref"],
            &["ref"],
            ANNOTATION_ONLY,
        ),
        ("all", "group") => spec(&["id"], &[], ALL),
        ("choice" | "sequence", "group") => spec(&["id"], &[], NESTED_GROUP),
        ("all", "complexType" | "restriction" | "extension") => spec(occurs, &[], ALL),
        (
            "choice" | "sequence",
            "complexType" | "restriction" | "extension" | "sequence" | "choice",
        ) => spec(occurs, &[], NESTED_GROUP),
        ("any", "sequence" | "choice") => spec(
            &[
                "id",
                "maxOccurs",
                "minOccurs",
                "namespace",
                "processContents",
            ],
            &[],
            ANNOTATION_ONLY,
        ),
        ("anyAttribute", "complexType" | "restriction" | "extension" | "attributeGroup") => spec(
            &["id", "namespace", "processContents"],
            &[],
            ANNOTATION_ONLY,
        ),
        ("attribute", "schema") => spec(
            &["default", "fixed", "id", "name", "type"],
            &["name"],
            ATTRIBUTE,
        ),
        ("attribute", "complexType" | "restriction" | "extension" | "attributeGroup") => spec(
            &[
                "default", "fixed", "form", "id", "name", "ref", "type", "use",
            ],
            &[],
            ATTRIBUTE,
        ),
        ("attributeGroup", _) if top => spec(&["id", "name"], &["name"], ATTRIBUTE_GROUP),
        ("attributeGroup", "complexType" | "restriction" | "extension" | "attributeGroup") => {
            spec(&["id", "ref"], &["ref"], ANNOTATION_ONLY)
        }
        ("unique" | "key", "element") => spec(&["id", "name"], &["name"], IDENTITY_CONSTRAINT),
        ("keyref", "element") => spec(
            &["id", "name", "refer"],
            &["name", "refer"],
            IDENTITY_CONSTRAINT,
        ),
        ("selector" | "field", "unique" | "key" | "keyref") => {
            spec(&["id", "xpath"], &["xpath"], ANNOTATION_ONLY)
        }
        ("restriction", "simpleType") => spec(&["base", "id"], &[], SIMPLE_RESTRICTION),
        ("restriction", "simpleContent") => {
            spec(&["base", "id"], &["base"], SIMPLE_CONTENT_RESTRICTION)
        }
        ("extension", "simpleContent") => {
            spec(&["base", "id"], &["base"], SIMPLE_CONTENT_EXTENSION)
        }
        ("restriction" | "extension", "complexContent") => {
            spec(&["base", "id"], &["base"], COMPLEX_CONTENT_DERIVATION)
        }
        (facet, "restriction") if FACETS.contains(&facet) => {
            if facet == "pattern" || facet == "enumeration" {
                spec(&["id", "value"], &["value"], ANNOTATION_ONLY)
            } else {
                spec(&["fixed", "id", "value"], &["value"], ANNOTATION_ONLY)
            }
        }
        _ => return None,
    };
    Some(found)
}

/// Returns whether `local` is the name of any element of the XSD 1.0 namespace.
pub(crate) fn is_known_element(local: &str) -> bool {
    const KNOWN: &[&str] = &[
        "schema",
        "annotation",
        "appinfo",
        "documentation",
        "include",
        "import",
        "redefine",
        "notation",
        "element",
        "complexType",
        "simpleType",
        "simpleContent",
        "complexContent",
        "restriction",
        "extension",
        "list",
        "union",
        "group",
        "all",
        "choice",
        "sequence",
        "any",
        "anyAttribute",
        "attribute",
        "attributeGroup",
        "unique",
        "key",
        "keyref",
        "selector",
        "field",
    ];
    KNOWN.contains(&local) || FACETS.contains(&local)
}
