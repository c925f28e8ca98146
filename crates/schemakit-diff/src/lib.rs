//! Compares two versions of a DTD or an XSD: what changed and whether documents stay
//! valid.
//!
//! [`diff_schemas`] lists every change between two [`Schema`]s in declaration order:
//! element declarations added and removed, content models that accept a different
//! language, and attribute changes. Each [`Change`] carries two verdicts. Backward
//! compatible means every document valid under the old schema is valid under the new
//! one; forward compatible means the reverse. An incompatible direction comes with a
//! smallest witness.
//!
//! Two loaded XSDs are compared by their components instead: global elements, the
//! complex types reached from them, attribute uses and simple-type facets.
//! [`diff_folders`] compares two folders of schemas, matched by catalog identifier
//! or relative path.
//!
//! Content models are compared by language, not by text: `(A, A*)` and `(A+)` are the
//! same model. The comparison runs a breadth-first search over pairs of automaton
//! states, so a witness is a shortest child sequence.
//!
//! ```
//! use schemakit_diff::{diff_schemas, load_dtd_text};
//!
//! let old = load_dtd_text("<!ELEMENT LIST (ITEM+)> <!ELEMENT ITEM (#PCDATA)>", "old.dtd")?;
//! let new = load_dtd_text("<!ELEMENT LIST (ITEM*)> <!ELEMENT ITEM (#PCDATA)>", "new.dtd")?;
//! let diff = diff_schemas(&old, &new);
//! assert_eq!(diff.changes.len(), 1);
//! assert!(diff.compatibility().backward.is_compatible());
//! assert!(!diff.compatibility().forward.is_compatible());
//! # Ok::<(), schemakit_diff::DiffError>(())
//! ```

mod attributes;
mod change;
mod elements;
mod folder;
mod language;
mod load;
mod render;
mod render_folder;
mod roots;
mod xsd;

pub use change::{Change, ChangeKind, Compatibility, SchemaDiff, SchemaLanguage, Verdict};
pub use folder::{diff_folders, folder_of, list_schemas, FolderDiff};
pub use language::MAX_SEARCH_PAIRS;
pub use load::{is_xsd, load_dtd_file, load_dtd_text, load_schema_file, DiffError};
pub use render::{render_human, render_json, render_markdown, JSON_FORMAT_VERSION};
pub use render_folder::{render_folder_human, render_folder_json, render_folder_markdown};
pub use roots::possible_roots;

use schemakit_model::{ElementDecl, Schema};

/// Lists the changes from `old` to `new` in declaration order: the old schema's
/// element types first, then those that only the new schema names.
///
/// When both schemas were loaded from XSDs, their XSD components are compared
/// instead: global elements, the types reached from them, attribute uses and simple
/// types with their facets.
pub fn diff_schemas(old: &Schema, new: &Schema) -> SchemaDiff {
    if let (Some(old_components), Some(new_components)) = (&old.xsd, &new.xsd) {
        return xsd::diff(
            xsd::Side {
                schema: old,
                components: old_components,
            },
            xsd::Side {
                schema: new,
                components: new_components,
            },
        );
    }

    let mut diff = SchemaDiff::default();

    for (symbol, old_element) in &old.elements {
        let name = old.name(*symbol);
        let new_element = new.element(name);
        compare_element(name, (old_element, old), (new_element, new), &mut diff);
    }

    for (symbol, new_element) in &new.elements {
        let name = new.name(*symbol);
        if old.element(name).is_none() {
            compare_element(
                name,
                (&ElementDecl::new(*symbol), old),
                (Some(new_element), new),
                &mut diff,
            );
        }
    }

    if let Some(change) = roots::compare(old, new) {
        diff.changes.push(change);
    }

    tracing::debug!(changes = diff.changes.len(), "schema diff finished");
    diff
}

fn compare_element(
    name: &str,
    old: (&ElementDecl, &Schema),
    new: (Option<&ElementDecl>, &Schema),
    diff: &mut SchemaDiff,
) {
    let (old_element, old_schema) = old;
    let (new_element, new_schema) = new;
    let mut push = |(kind, compatibility)| {
        diff.changes.push(Change {
            element: name.to_owned(),
            kind,
            compatibility,
        });
    };

    let old_content = old_element.content.as_ref();
    let new_content = new_element.and_then(|element| element.content.as_ref());
    match (old_content, new_content) {
        (Some(old_spec), Some(new_spec)) => {
            if let Some(change) =
                elements::compare_content(name, (old_spec, old_schema), (new_spec, new_schema))
            {
                push(change);
            }
        }
        (Some(old_spec), None) => {
            push(elements::removed(
                name,
                old_spec.to_dtd_syntax(&old_schema.symbols),
            ));
        }
        (None, Some(new_spec)) => {
            push(elements::declared(
                name,
                new_spec.to_dtd_syntax(&new_schema.symbols),
            ));
        }
        (None, None) => {}
    }

    // The attributes of an element that one schema does not declare cannot appear in
    // documents valid under that schema, so only the other direction can break. When
    // neither schema declares the element, no valid document carries them at all.
    let declared_in_old = old_content.is_some();
    let declared_in_new = new_content.is_some();
    let mut push = |(kind, compatibility)| {
        let compatibility = if declared_in_old || declared_in_new {
            compatibility
        } else {
            Compatibility::FULL
        };
        push((kind, compatibility));
    };

    let no_attributes = Default::default();
    let new_attributes = new_element.map_or(&no_attributes, |element| &element.attributes);
    for (attribute_name, old_attribute) in &old_element.attributes {
        match new_attributes.get(attribute_name) {
            Some(new_attribute) => {
                for change in attributes::compare_attribute(name, old_attribute, new_attribute) {
                    push(change);
                }
            }
            None => push(attributes::removed(name, old_attribute, declared_in_new)),
        }
    }
    for (attribute_name, new_attribute) in new_attributes {
        if !old_element.attributes.contains_key(attribute_name) {
            push(attributes::added(name, new_attribute, declared_in_old));
        }
    }
}
