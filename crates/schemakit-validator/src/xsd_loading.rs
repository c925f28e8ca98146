//! Loading the XSD a document's hint or the root index names: resolved through the
//! resolver (catalogs first, local files only as the policy allows), loaded with the
//! XSD loader and cached per resolved location in the [`Validator`].

use crate::selection::entity_file;
use crate::validator::XsdLoad;
use crate::xsd::CompiledXsd;
use crate::Validator;
use schemakit_model::{Code, Diagnostic, DiagnosticKind, ExternalId};
use schemakit_resolve::{EntityLoader, LoadedEntity, ResolveError};
use std::sync::Arc;

/// An XSD loaded for a document, with the facts its report needs.
pub(crate) struct ResolvedXsd {
    pub(crate) xsd: Arc<CompiledXsd>,
    /// The file the schema was read from, as the report names it.
    pub(crate) file: String,
    /// The loaded schema text, whose resolution (catalog or local file) the report's
    /// reason names.
    pub(crate) entity: LoadedEntity,
}

/// The reasons an XSD could not be used.
pub(crate) enum XsdFailure {
    /// The identifier could not be resolved or read.
    Unresolved(ResolveError),
    /// The XSD was read but has errors: every diagnostic the loader reported.
    Invalid(Vec<Diagnostic>),
}

/// Resolves `id` and loads the XSD it names, once per resolved file for the whole
/// validator.
pub(crate) fn resolve_and_load(
    validator: &Validator,
    id: &ExternalId,
) -> Result<ResolvedXsd, XsdFailure> {
    let entity = validator
        .resolver
        .load(id)
        .map_err(|error| XsdFailure::Unresolved(for_xsd(error)))?;
    let file = entity_file(&entity);

    let loaded: XsdLoad = validator.xsd_for(&file, || {
        tracing::debug!(xsd = %file, "loading XSD");
        // NOTE: a bundled schema has no path, so the loader resolves its relative
        // includes and imports without a base (through the catalogs only).
        let base = match entity.is_bundled() {
            true => None,
            false => entity.source.path.as_deref(),
        };
        match schemakit_xsd::load_str(&entity.text, &entity.source.name, base, &validator.resolver)
        {
            Ok(loaded) => Ok(Arc::new(
                CompiledXsd::from_loaded(loaded)
                    .with_origin(Some(id.system_id.clone()), Some(file.clone())),
            )),
            Err(error) if error.diagnostics.is_empty() => Err(vec![Diagnostic::error(
                DiagnosticKind::Schema,
                Code::XsdSyntax,
                format!("the XSD {file} could not be loaded: {error}"),
            )]),
            Err(error) => Err(error.diagnostics),
        }
    });

    match loaded {
        Ok(xsd) => Ok(ResolvedXsd { xsd, file, entity }),
        Err(diagnostics) => Err(XsdFailure::Invalid(diagnostics)),
    }
}

/// Replaces the DTD advice of an unmapped remote identifier with advice for an XSD.
fn for_xsd(error: ResolveError) -> ResolveError {
    match error {
        ResolveError::NotInCatalog { system_id, .. } => ResolveError::XsdNotInCatalog { system_id },
        other => other,
    }
}

/// Tells whether a root index entry names an XSD rather than a DTD.
pub(crate) fn is_xsd_identifier(system_id: &str) -> bool {
    let path = system_id.split(['?', '#']).next().unwrap_or(system_id);
    path.to_ascii_lowercase().ends_with(".xsd")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xsd_loads_once_per_location() {
        use schemakit_resolve::{ExternalPolicy, Resolver};
        use std::cell::Cell;

        let validator = Validator::new(
            Resolver::new(ExternalPolicy::None),
            crate::ValidatorOptions::default(),
        );
        let loads = Cell::new(0);
        let load = || {
            loads.set(loads.get() + 1);
            Err(Vec::new())
        };

        assert!(validator.xsd_for("a.xsd", load).is_err());
        assert!(validator.xsd_for("a.xsd", load).is_err());
        assert_eq!(loads.get(), 1);
        assert!(validator.xsd_for("b.xsd", load).is_err());
        assert_eq!(loads.get(), 2);
    }

    #[test]
    fn unmapped_xsd_gets_xsd_advice() {
        use schemakit_resolve::{ExternalPolicy, Resolver};

        let validator = Validator::new(
            Resolver::new(ExternalPolicy::Local),
            crate::ValidatorOptions::default(),
        );
        let id = ExternalId {
            public_id: None,
            system_id: "https://example.com/unmapped/r.xsd".to_owned(),
            base: None,
        };
        let Err(XsdFailure::Unresolved(error)) = resolve_and_load(&validator, &id) else {
            panic!("an unmapped remote XSD must fail to resolve");
        };
        let message = error.to_string();

        assert!(
            matches!(error, ResolveError::XsdNotInCatalog { .. }),
            "{message}"
        );
        assert!(message.contains("uri=\"local/file.xsd\""), "{message}");
        assert!(message.contains("--schema FILE.xsd"), "{message}");
        assert!(!message.contains("DTD"), "{message}");
    }

    #[test]
    fn xsd_identifiers_recognised() {
        let cases = [
            ("https://example.com/a/option_profiles.xsd", true),
            ("schemas/A.XSD", true),
            ("a.xsd?version=2", true),
            ("https://example.com/a.dtd", false),
            ("a.xsd.dtd", false),
            ("xsd", false),
        ];
        for (id, expected) in cases {
            assert_eq!(is_xsd_identifier(id), expected, "{id}");
        }
    }
}
