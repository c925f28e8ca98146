//! Reports of a diff: human lines, a Markdown section and JSON.

use crate::change::{Change, ChangeKind, Compatibility, SchemaDiff, SchemaLanguage, Verdict};
use serde::Serialize;
use std::fmt::Write as _;

/// The version of the JSON report layout; it changes when a field changes meaning or
/// goes away.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// Describes a change in one sentence without its verdicts. `code` formats DTD
/// syntax, so that Markdown can put it in code spans where `*` is not emphasis.
fn describe(change: &Change, code: fn(&str) -> String) -> String {
    let element = &change.element;
    match &change.kind {
        ChangeKind::ElementDeclared { model } => {
            format!("element {element} declared as {}", code(model))
        }
        ChangeKind::ElementRemoved { model } => {
            format!("element {element} removed (was {})", code(model))
        }
        ChangeKind::ContentModelChanged { old, new } => format!(
            "content model of {element} changed from {} to {}",
            code(old),
            code(new)
        ),
        ChangeKind::AttributeAdded { declaration, .. } => {
            format!("attribute added to {element}: {}", code(declaration))
        }
        ChangeKind::AttributeRemoved { declaration, .. } => {
            format!("attribute removed from {element}: {}", code(declaration))
        }
        ChangeKind::AttributeMadeRequired { attribute } => {
            format!("attribute {element}/@{attribute} made required")
        }
        ChangeKind::AttributeMadeOptional { attribute } => {
            format!("attribute {element}/@{attribute} made optional")
        }
        ChangeKind::AttributeTypeChanged {
            attribute,
            old,
            new,
        } => format!(
            "type of attribute {element}/@{attribute} changed from {} to {}",
            code(old),
            code(new)
        ),
        ChangeKind::AttributeDefaultChanged {
            attribute,
            old,
            new,
        } => format!(
            "default of attribute {element}/@{attribute} changed from {} to {}{}",
            code(old),
            code(new),
            infoset_note(change)
        ),
        ChangeKind::ElementNillableChanged { nillable: true } => {
            format!("element {element} made nillable")
        }
        ChangeKind::ElementNillableChanged { nillable: false } => {
            format!("element {element} no longer nillable")
        }
        ChangeKind::ElementValueChanged { old, new } => format!(
            "default of element {element} changed from {} to {}{}",
            code(old),
            code(new),
            infoset_note(change)
        ),
        ChangeKind::EnumerationValuesAdded { attribute, values } => format!(
            "values added to attribute {element}/@{attribute}: {}",
            code(&values.join(", "))
        ),
        ChangeKind::EnumerationValuesRemoved { attribute, values } => format!(
            "values removed from attribute {element}/@{attribute}: {}",
            code(&values.join(", "))
        ),
        ChangeKind::TextValuesAdded { values } => format!(
            "values added to the text of {element}: {}",
            code(&values.join(", "))
        ),
        ChangeKind::TextValuesRemoved { values } => format!(
            "values removed from the text of {element}: {}",
            code(&values.join(", "))
        ),
        ChangeKind::FacetChanged {
            attribute,
            facet,
            old,
            new,
        } => format!(
            "{facet} of {} changed from {} to {}",
            value_subject(element, attribute.as_deref()),
            code(old),
            code(new)
        ),
        ChangeKind::SimpleTypeChanged {
            attribute,
            old,
            new,
        } => format!(
            "type of {} changed from {} to {}",
            value_subject(element, attribute.as_deref()),
            code(old),
            code(new)
        ),
        ChangeKind::RootElementsChanged { added, removed } => {
            let list = |names: &[String]| {
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    code(&names.join(", "))
                }
            };
            format!(
                "possible root elements changed: added {}, removed {}",
                list(added),
                list(removed)
            )
        }
    }
}

/// Says that a changed default value keeps validity but changes what a validator
/// fills in, when the change keeps validity both ways.
fn infoset_note(change: &Change) -> &'static str {
    if change.compatibility.is_full() {
        " (documents stay valid, but a validator fills in another value where the document gives none)"
    } else {
        ""
    }
}

/// Names the value a simple type constrains: an attribute or an element's text.
fn value_subject(element: &str, attribute: Option<&str>) -> String {
    match attribute {
        Some(attribute) => format!("attribute {element}/@{attribute}"),
        None => format!("the text of {element}"),
    }
}

fn plain(text: &str) -> String {
    text.to_owned()
}

fn code_span(text: &str) -> String {
    format!("`{text}`")
}

fn verdict_text(direction: &str, verdict: &Verdict) -> String {
    match verdict {
        Verdict::Compatible => format!("{direction} compatible"),
        Verdict::Incompatible { witness } => format!("not {direction} compatible: {witness}"),
        Verdict::Undecided { reason } => format!("{direction} compatibility undecided: {reason}"),
    }
}

fn verdicts_text(compatibility: &Compatibility) -> String {
    format!(
        "{}; {}",
        verdict_text("backward", &compatibility.backward),
        verdict_text("forward", &compatibility.forward)
    )
}

pub(crate) fn summary(compatibility: &Compatibility) -> String {
    if compatibility.is_full() {
        return "fully compatible".to_owned();
    }
    format!(
        "{}, {}",
        direction_summary("backward", &compatibility.backward),
        direction_summary("forward", &compatibility.forward)
    )
}

fn direction_summary(direction: &str, verdict: &Verdict) -> String {
    match verdict {
        Verdict::Compatible => format!("{direction} compatible"),
        Verdict::Incompatible { .. } => format!("not {direction} compatible"),
        Verdict::Undecided { .. } => format!("{direction} compatibility undecided"),
    }
}

/// Writes one line per change with its verdicts, then a summary line.
pub fn render_human(diff: &SchemaDiff) -> String {
    let mut text = String::new();
    for change in &diff.changes {
        let _ = writeln!(
            text,
            "{}: {}",
            describe(change, plain),
            verdicts_text(&change.compatibility)
        );
    }

    let total = diff.compatibility();
    let count = diff.changes.len();
    let noun = if count == 1 { "change" } else { "changes" };
    let _ = writeln!(text, "{count} {noun}, {}", summary(&total));
    text
}

/// Writes a "DTD changes" (or "XSD changes") section for release notes: the overall
/// verdict, then the changes grouped by element.
pub fn render_markdown(diff: &SchemaDiff) -> String {
    let heading = match diff.language {
        SchemaLanguage::Dtd => "## DTD changes\n\n",
        SchemaLanguage::Xsd => "## XSD changes\n\n",
    };
    let mut text = String::from(heading);
    if diff.is_empty() {
        text.push_str("No changes.\n");
        return text;
    }

    let total = diff.compatibility();
    let _ = writeln!(text, "Compatibility: **{}**.\n", summary(&total));

    let mut current: Option<&str> = None;
    for change in &diff.changes {
        if current != Some(change.element.as_str()) {
            if current.is_some() {
                text.push('\n');
            }
            let _ = writeln!(text, "### `{}`\n", change.element);
            current = Some(change.element.as_str());
        }
        let _ = writeln!(
            text,
            "- {} ({})",
            describe(change, code_span),
            verdicts_text(&change.compatibility)
        );
    }
    text
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    changes: &'a [Change],
    compatibility: Compatibility,
}

/// Writes the diff as a JSON object with `version`, `changes` and the overall
/// `compatibility`.
pub fn render_json(diff: &SchemaDiff) -> Result<String, serde_json::Error> {
    let report = JsonReport {
        version: JSON_FORMAT_VERSION,
        changes: &diff.changes,
        compatibility: diff.compatibility(),
    };
    serde_json::to_string_pretty(&report)
}
