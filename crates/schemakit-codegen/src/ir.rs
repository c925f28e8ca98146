//! The language-neutral plan of the generated module: what types exist, their fields
//! and how each field is read. The DTD and XSD front ends build it; the emitter turns
//! it into Rust.

/// Every item of one generated module, in declaration order.
#[derive(Debug, Default)]
pub(crate) struct Module {
    pub items: Vec<Item>,
}

#[derive(Debug)]
pub(crate) enum Item {
    Struct(StructType),
    Choice(ChoiceType),
    Values(ValueEnum),
    Facets(FacetsStatic),
}

/// A struct for an element, or for a sequence group nested in a content model.
#[derive(Debug)]
pub(crate) struct StructType {
    pub ident: String,
    pub docs: Vec<String>,
    /// The element name for element structs; `None` for sequence groups, which are
    /// read inline from their parent's children.
    pub element: Option<String>,
    /// Whether the element can be a document root, which adds `XmlRoot` and the
    /// inherent `from_xml`, `from_reader` and `to_xml` methods.
    pub root: bool,
    pub attributes: Vec<AttributeField>,
    pub body: Body,
    /// Whether the content model has a wildcard (`xs:any`), so that readers leave
    /// undeclared children for it in every `UnknownElements` mode.
    pub wildcard_content: bool,
    /// The field for kept unknown elements, under `UnknownElements::Keep`.
    pub other_field: Option<String>,
    /// The field for namespace declarations, `xml:` and `xsi:` attributes, which
    /// XSD element structs accept on every element and write back.
    pub instance_field: Option<String>,
    /// For mixed content: the element variants of the content enum.
    pub mixed_variants: Option<Vec<(String, Slot)>>,
    /// For mixed content: the variant that contains text.
    pub mixed_text_variant: Option<String>,
}

/// What an element struct holds between its tags.
#[derive(Debug)]
pub(crate) enum Body {
    Empty,
    Text {
        field: String,
        ty: String,
        /// The `static` with the pattern and length facets that the text is checked
        /// against.
        facets: Option<String>,
    },
    Slots(Vec<Slot>),
    /// An `xs:all` group: element slots read in any order, each at most once,
    /// with the document order recorded in `order_field` for writing.
    All {
        slots: Vec<Slot>,
        order_field: String,
        /// For an optional all group, whose slots are all optional: the indexes of
        /// the members that are required once any member occurs.
        required_when_present: Vec<usize>,
    },
    /// Mixed content: one `Vec` of the named enum, whose `Text` variant holds text.
    Mixed {
        field: String,
        choice: String,
    },
    Any {
        field: String,
    },
}

/// A field filled from children: an element, a sequence group or a choice, with its
/// occurrence.
#[derive(Clone, Debug)]
pub(crate) struct Slot {
    pub field: String,
    pub docs: Vec<String>,
    pub card: Card,
    pub target: Target,
    /// The element names that can start this particle.
    pub first: Vec<String>,
    /// Every element name inside this particle.
    pub all_names: Vec<String>,
    pub nullable: bool,
    pub boxed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Card {
    One,
    Optional,
    Many { min: u32, max: Option<u32> },
}

#[derive(Clone, Debug)]
pub(crate) enum Target {
    Element {
        name: String,
        value: Value,
    },
    /// A sequence group struct, read inline.
    Group {
        ident: String,
    },
    /// A choice enum, read inline.
    Choice {
        ident: String,
    },
    /// A wildcard (`xs:any`): child elements that the content model does not name,
    /// kept as `AnyElement`s.
    Wildcard,
}

/// How a child element's value is read.
#[derive(Clone, Debug)]
pub(crate) enum Value {
    /// Text content parsed with `FromStr` into the given Rust type.
    Text(String),
    /// Text content checked against the facets in the named `static`, then parsed
    /// with `FromStr` into `ty`.
    CheckedText { ty: String, facets: String },
    /// The text of an element declared nillable, read into
    /// `schemakit_runtime::Nillable<ty>`, checked against the facets static when
    /// there is one.
    NillableText { ty: String, facets: Option<String> },
    /// A type that implements `FromXml` and `ToXml`.
    Struct(String),
}

/// A choice (or mixed content) enum: one variant per alternative.
#[derive(Debug)]
pub(crate) struct ChoiceType {
    pub ident: String,
    pub docs: Vec<String>,
    pub variants: Vec<Variant>,
    /// The variant holding text, for mixed content.
    pub text_variant: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Variant {
    pub ident: String,
    pub slot: Slot,
}

/// An attribute field.
#[derive(Debug)]
pub(crate) struct AttributeField {
    pub field: String,
    pub name: String,
    pub docs: Vec<String>,
    pub ty: AttributeValue,
    pub required: bool,
    /// The default or fixed value, applied by the accessor method.
    pub default: Option<DefaultValue>,
    /// The `static` with the pattern and length facets that the value is checked
    /// against.
    pub facets: Option<String>,
}

#[derive(Debug)]
pub(crate) enum AttributeValue {
    String,
    /// A generated enumeration and its variants in schema order.
    Enum(String),
    /// Another Rust type parsed with `FromStr` (XSD simple types).
    Parsed(String),
}

/// The accessor for an attribute with a default.
#[derive(Debug)]
pub(crate) struct DefaultValue {
    pub method: String,
    pub value: String,
    /// The enum variant for the default, for enumerated attributes.
    pub variant: Option<String>,
}

/// An enumeration of text values whose `FromStr` and `Display` keep the schema's
/// exact strings.
#[derive(Debug)]
pub(crate) struct ValueEnum {
    pub ident: String,
    pub docs: Vec<String>,
    /// Variant names and the schema value of each.
    pub values: Vec<(String, String)>,
}

/// The pattern and length facets of one simple type, emitted as a
/// `schemakit_runtime::TextFacets` static.
#[derive(Debug)]
pub(crate) struct FacetsStatic {
    pub ident: String,
    /// The simple type's name, for messages.
    pub type_name: String,
    /// `Preserve`, `Replace` or `Collapse`.
    pub white_space: &'static str,
    /// The pattern sources of each derivation step.
    pub patterns: Vec<Vec<String>>,
    pub length: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
}

impl Slot {
    /// The names of every element that this slot's particle can contain.
    pub(crate) fn first_refs(&self) -> Vec<&str> {
        self.first.iter().map(String::as_str).collect()
    }
}
