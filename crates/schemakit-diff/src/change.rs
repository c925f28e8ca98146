//! The result of a diff: changes with their compatibility verdicts.

use serde::Serialize;

/// Whether one direction of compatibility holds for a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Compatible,
    /// The change breaks this direction; `witness` describes a smallest document
    /// part that shows it.
    Incompatible {
        witness: String,
    },
    /// The search for a witness hit its limit or the content model could not be
    /// compiled, so no verdict is given.
    Undecided {
        reason: String,
    },
}

impl Verdict {
    pub fn is_compatible(&self) -> bool {
        matches!(self, Verdict::Compatible)
    }

    fn incompatible(witness: impl Into<String>) -> Self {
        Verdict::Incompatible {
            witness: witness.into(),
        }
    }

    /// Combines the verdicts of several changes: any incompatibility wins over an
    /// undecided one, which wins over compatible.
    fn combine(self, other: &Verdict) -> Verdict {
        match (&self, other) {
            (Verdict::Incompatible { .. }, _) => self,
            (_, Verdict::Incompatible { .. }) => other.clone(),
            (Verdict::Undecided { .. }, _) => self,
            (_, Verdict::Undecided { .. }) => other.clone(),
            _ => Verdict::Compatible,
        }
    }
}

/// Both directions of compatibility.
///
/// Backward compatible: every document valid under the old schema is valid under the
/// new one, which is what producers of documents need. Forward compatible: every
/// document valid under the new schema is valid under the old one, which is what
/// consumers and code generated from the old schema need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Compatibility {
    pub backward: Verdict,
    pub forward: Verdict,
}

impl Compatibility {
    pub const FULL: Compatibility = Compatibility {
        backward: Verdict::Compatible,
        forward: Verdict::Compatible,
    };

    /// Creates the verdicts of a change that breaks backward compatibility only.
    pub fn breaks_backward(witness: impl Into<String>) -> Self {
        Compatibility {
            backward: Verdict::incompatible(witness),
            forward: Verdict::Compatible,
        }
    }

    /// Creates the verdicts of a change that breaks forward compatibility only.
    pub fn breaks_forward(witness: impl Into<String>) -> Self {
        Compatibility {
            backward: Verdict::Compatible,
            forward: Verdict::incompatible(witness),
        }
    }

    /// Creates the verdicts of a change that breaks both directions.
    pub fn breaks_both(backward: impl Into<String>, forward: impl Into<String>) -> Self {
        Compatibility {
            backward: Verdict::incompatible(backward),
            forward: Verdict::incompatible(forward),
        }
    }

    pub fn is_full(&self) -> bool {
        self.backward.is_compatible() && self.forward.is_compatible()
    }
}

/// The kind of a change to one declaration, with its details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// The element has an `<!ELEMENT>` declaration in the new schema only.
    ElementDeclared { model: String },
    /// The element has an `<!ELEMENT>` declaration in the old schema only.
    ElementRemoved { model: String },
    /// The content model accepts a different language. Both models are in DTD syntax.
    ContentModelChanged { old: String, new: String },
    AttributeAdded {
        attribute: String,
        declaration: String,
    },
    AttributeRemoved {
        attribute: String,
        declaration: String,
    },
    /// `#IMPLIED` or a default value became `#REQUIRED`.
    AttributeMadeRequired { attribute: String },
    /// `#REQUIRED` became `#IMPLIED` or a default value.
    AttributeMadeOptional { attribute: String },
    AttributeTypeChanged {
        attribute: String,
        old: String,
        new: String,
    },
    /// The default or `#FIXED` value changed, appeared or went away.
    AttributeDefaultChanged {
        attribute: String,
        old: String,
        new: String,
    },
    /// The `nillable` property of an XSD element declaration changed to `nillable`.
    ElementNillableChanged { nillable: bool },
    /// The default or fixed value of an XSD element declaration changed, appeared
    /// or went away. Both values are written like `default "1"`, `fixed "1"` or
    /// "none".
    ElementValueChanged { old: String, new: String },
    EnumerationValuesAdded {
        attribute: String,
        values: Vec<String>,
    },
    EnumerationValuesRemoved {
        attribute: String,
        values: Vec<String>,
    },
    /// Values added to the enumeration of an element's text (XSD simple content).
    TextValuesAdded { values: Vec<String> },
    /// Values removed from the enumeration of an element's text.
    TextValuesRemoved { values: Vec<String> },
    /// A facet of the simple type of an attribute, or of the element's text when
    /// `attribute` is `None`, changed, appeared or went away ("none").
    FacetChanged {
        attribute: Option<String>,
        facet: String,
        old: String,
        new: String,
    },
    /// The simple type of an attribute, or of the element's text when `attribute`
    /// is `None`, derives from another built-in type or has another variety.
    SimpleTypeChanged {
        attribute: Option<String>,
        old: String,
        new: String,
    },
    /// The elements that may be a document's root changed. For a DTD these are the
    /// declared elements that no other element's content model names. XSDs do not
    /// use this kind, because their roots are the global element declarations,
    /// which are listed as declared or removed.
    RootElementsChanged {
        added: Vec<String>,
        removed: Vec<String>,
    },
}

/// One change to an element type, with its compatibility verdicts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub element: String,
    #[serde(flatten)]
    pub kind: ChangeKind,
    pub compatibility: Compatibility,
}

/// Every change between two schemas, in declaration order: the old schema's
/// elements first, then the elements that only the new schema declares.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SchemaDiff {
    pub changes: Vec<Change>,
    /// The language of the two schemas, which names the Markdown section.
    #[serde(skip)]
    pub language: SchemaLanguage,
}

/// The schema language of a diff.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SchemaLanguage {
    #[default]
    Dtd,
    Xsd,
}

impl SchemaDiff {
    /// Combines the verdicts of every change: a direction holds when it holds for
    /// every change.
    pub fn compatibility(&self) -> Compatibility {
        let mut total = Compatibility::FULL;
        for change in &self.changes {
            total.backward = total.backward.combine(&change.compatibility.backward);
            total.forward = total.forward.combine(&change.compatibility.forward);
        }
        total
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}
