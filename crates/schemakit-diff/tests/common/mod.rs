//! Helpers for the XSD diff tables: loading inline schemas and writing each change
//! as one comparable line.

#![allow(clippy::expect_used, dead_code)]

use schemakit_diff::{diff_schemas, Change, ChangeKind, Verdict};
use schemakit_model::Schema;
use schemakit_resolve::{ExternalPolicy, Resolver};

/// Wraps `body` (global declarations) in a schema document and loads it.
pub fn xsd(body: &str) -> Schema {
    let text =
        format!(r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{body}</xs:schema>"#);
    let resolver = Resolver::new(ExternalPolicy::None);
    schemakit_xsd::load_str(&text, "inline.xsd", None, &resolver)
        .unwrap_or_else(|error| panic!("the test schema loads: {error}\n{text}"))
        .schema
}

/// Writes a verdict as one letter: C compatible, I incompatible, U undecided.
pub fn letter(verdict: &Verdict) -> char {
    match verdict {
        Verdict::Compatible => 'C',
        Verdict::Incompatible { .. } => 'I',
        Verdict::Undecided { .. } => 'U',
    }
}

/// Writes a change as `path: what old -> new B/F`, with B and F the backward and
/// forward verdict letters.
pub fn line(change: &Change) -> String {
    let description = match &change.kind {
        ChangeKind::FacetChanged {
            attribute,
            facet,
            old,
            new,
        } => format!("{}{facet} {old} -> {new}", at(attribute.as_deref())),
        ChangeKind::AttributeDefaultChanged {
            attribute,
            old,
            new,
        } => format!("@{attribute} value {old} -> {new}"),
        ChangeKind::ElementValueChanged { old, new } => format!("value {old} -> {new}"),
        ChangeKind::ElementNillableChanged { nillable } => format!("nillable -> {nillable}"),
        ChangeKind::TextValuesAdded { values } => format!("values added {}", values.join(",")),
        ChangeKind::TextValuesRemoved { values } => {
            format!("values removed {}", values.join(","))
        }
        ChangeKind::ContentModelChanged { old, new } => format!("content {old} -> {new}"),
        ChangeKind::AttributeAdded { attribute, .. } => format!("@{attribute} added"),
        ChangeKind::AttributeRemoved { attribute, .. } => format!("@{attribute} removed"),
        other => format!("{other:?}"),
    };
    format!(
        "{}: {description} {}/{}",
        change.element,
        letter(&change.compatibility.backward),
        letter(&change.compatibility.forward)
    )
}

fn at(attribute: Option<&str>) -> String {
    attribute.map_or_else(String::new, |attribute| format!("@{attribute} "))
}

/// Diffs `old` against `new` and writes every change with [`line`].
pub fn lines(old: &Schema, new: &Schema) -> Vec<String> {
    diff_schemas(old, new).changes.iter().map(line).collect()
}

/// Returns the witness or reason of a verdict, empty for a compatible one.
pub fn detail(verdict: &Verdict) -> &str {
    match verdict {
        Verdict::Compatible => "",
        Verdict::Incompatible { witness } => witness,
        Verdict::Undecided { reason } => reason,
    }
}
