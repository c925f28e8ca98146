//! Element declarations and content models.

use crate::change::{ChangeKind, Compatibility, Verdict};
use crate::language::{includes, Inclusion, Language, Witness};
use schemakit_model::{ContentSpec, Schema};

/// Compares the content specifications of the element `name`, which both schemas
/// declare. Returns `None` when both accept the same content.
pub fn compare_content(
    name: &str,
    old: (&ContentSpec, &Schema),
    new: (&ContentSpec, &Schema),
) -> Option<(ChangeKind, Compatibility)> {
    let (old_spec, old_schema) = old;
    let (new_spec, new_schema) = new;

    // ANY accepts every declared element, and the added and removed declarations are
    // reported on their own.
    if matches!((old_spec, new_spec), (ContentSpec::Any, ContentSpec::Any)) {
        return None;
    }

    let kind = ChangeKind::ContentModelChanged {
        old: old_spec.to_dtd_syntax(&old_schema.symbols),
        new: new_spec.to_dtd_syntax(&new_schema.symbols),
    };
    let (old_language, new_language) = match (
        Language::new(old_spec, old_schema),
        Language::new(new_spec, new_schema),
    ) {
        (Ok(old_language), Ok(new_language)) => (old_language, new_language),
        (Err(reason), _) | (_, Err(reason)) => {
            let undecided = Verdict::Undecided { reason };
            let compatibility = Compatibility {
                backward: undecided.clone(),
                forward: undecided,
            };
            return Some((kind, compatibility));
        }
    };

    let backward = verdict(
        name,
        includes(&old_language, &new_language),
        "was valid and is not any more",
    );
    let forward = verdict(
        name,
        includes(&new_language, &old_language),
        "is now valid and was not",
    );
    if backward.is_compatible() && forward.is_compatible() {
        return None;
    }
    Some((kind, Compatibility { backward, forward }))
}

pub(crate) fn verdict(name: &str, inclusion: Inclusion, outcome: &str) -> Verdict {
    match inclusion {
        Inclusion::Holds => Verdict::Compatible,
        Inclusion::Fails(witness) => Verdict::Incompatible {
            witness: format!("`{name}` {} {outcome}", describe(&witness)),
        },
        Inclusion::Undecided => Verdict::Undecided {
            reason: format!(
                "the inclusion search stopped after {} state pairs",
                crate::language::MAX_SEARCH_PAIRS
            ),
        },
    }
}

/// Describes a witness. A run of four or more equal children is written once with
/// its count (`ITEM ×5000`), so that witnesses of large occurrence bounds stay short.
pub(crate) fn describe(witness: &Witness) -> String {
    let children = match witness {
        Witness::Text => return "with text content".to_owned(),
        Witness::Children(children) if children.is_empty() => return "with no children".to_owned(),
        Witness::Children(children) => children,
    };

    let mut parts: Vec<String> = Vec::new();
    let mut index = 0;
    while let Some(name) = children.get(index) {
        let run = children
            .get(index..)
            .unwrap_or(&[])
            .iter()
            .take_while(|other| *other == name)
            .count();
        if run >= 4 {
            parts.push(format!("{name} ×{run}"));
        } else {
            parts.extend(std::iter::repeat_n(name.clone(), run));
        }
        index += run;
    }
    format!("with children ({})", parts.join(", "))
}

/// Builds the change for an element that only the new schema declares.
///
/// NOTE: a DTD does not name the root element, so any declared element counts as a
/// possible document root and a new declaration breaks forward compatibility.
pub fn declared(name: &str, model: String) -> (ChangeKind, Compatibility) {
    (
        ChangeKind::ElementDeclared { model },
        Compatibility::breaks_forward(format!("an element `{name}` is now valid and was not")),
    )
}

/// Builds the change for an element that only the old schema declares.
pub fn removed(name: &str, model: String) -> (ChangeKind, Compatibility) {
    (
        ChangeKind::ElementRemoved { model },
        Compatibility::breaks_backward(format!(
            "an element `{name}` was valid and is not any more"
        )),
    )
}
