//! The attribute wildcards of derived complex types: the union of an extension and
//! the subset rule of a restriction.

use super::{Builder, XNode};
use crate::wildcards::{describe, is_subset, process_contents_allowed, union};
use schemakit_model::xsd::QName;
use schemakit_model::{Code, ProcessContents, Wildcard};

impl<'a, 'i> Builder<'a, 'i> {
    /// Returns the attribute wildcard of an extension: the union of the base's and
    /// the extension's own, with the own `processContents` when there is one.
    pub(super) fn extend_wildcard(
        &mut self,
        at: XNode<'a, 'i>,
        base: Option<Wildcard>,
        own: Option<Wildcard>,
    ) -> Option<Wildcard> {
        let (base, own) = match (base, own) {
            (Some(base), Some(own)) => (base, own),
            (base, None) => return base,
            (None, own) => return own,
        };
        let Some(namespaces) = union(&own.namespaces, &base.namespaces) else {
            self.error(
                at,
                Code::SchemaConstraint,
                format!(
                    "the attribute wildcard {} of the extension and {} of its base have no union that XSD 1.0 can express: change the extension's `namespace`",
                    describe(&own.namespaces),
                    describe(&base.namespaces)
                ),
            );
            return None;
        };
        Some(Wildcard {
            namespaces,
            process_contents: own.process_contents,
        })
    }

    /// Returns the attribute wildcard of a restriction, its own, after checking that
    /// it allows no namespace the base's does not and processes contents at least
    /// as strictly.
    pub(super) fn restrict_wildcard(
        &mut self,
        at: XNode<'a, 'i>,
        base_name: &QName,
        base: Option<&Wildcard>,
        own: Option<Wildcard>,
    ) -> Option<Wildcard> {
        let own = own?;
        let Some(base) = base else {
            self.error(
                at,
                Code::SchemaConstraint,
                format!("`{base_name}` has no attribute wildcard, so a restriction of it cannot have one: remove `xs:anyAttribute`"),
            );
            return Some(own);
        };
        if !is_subset(&own.namespaces, &base.namespaces) {
            self.error(
                at,
                Code::SchemaConstraint,
                format!(
                    "the attribute wildcard {} allows namespaces that the wildcard {} of `{base_name}` does not: narrow the restriction's `namespace`",
                    describe(&own.namespaces),
                    describe(&base.namespaces)
                ),
            );
        } else if !process_contents_allowed(own.process_contents, base.process_contents) {
            self.error(
                at,
                Code::SchemaConstraint,
                format!(
                    "the attribute wildcard of `{base_name}` has processContents {}, which a restriction cannot weaken to {}: use {} or stricter",
                    process_contents_name(base.process_contents),
                    process_contents_name(own.process_contents),
                    process_contents_name(base.process_contents)
                ),
            );
        }
        Some(own)
    }
}

/// Returns the `processContents` value as written.
fn process_contents_name(process_contents: ProcessContents) -> &'static str {
    match process_contents {
        ProcessContents::Strict => "strict",
        ProcessContents::Lax => "lax",
        ProcessContents::Skip => "skip",
    }
}
