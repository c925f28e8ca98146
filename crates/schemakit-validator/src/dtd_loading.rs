//! Parsing DTD text with the DTD parser and compiling it into a [`CompiledDtd`].

use crate::compiled::CompiledDtd;
use crate::options::Limits;
use schemakit_dtd::{check_schema, DtdBuilder, DtdError, DtdLimits};
use schemakit_model::{Code, Diagnostic, DiagnosticKind, Position, Schema, Severity, SourceFile};
use schemakit_resolve::{EntityLoader, LoadedEntity};

/// The DTD text of one document: the internal subset (read first, so its entity and
/// attribute declarations bind first) and the external subset.
pub(crate) struct DtdSources<'a> {
    /// The internal subset's text, where it starts in the document, and the document.
    pub(crate) internal: Option<(&'a str, Position, SourceFile)>,
    pub(crate) external: Option<&'a LoadedEntity>,
    /// The document's base, which relative identifiers in the internal subset resolve against.
    pub(crate) base: Option<String>,
    pub(crate) standalone: bool,
}

/// A DTD read from its subsets.
pub(crate) struct ParsedDtd {
    pub(crate) schema: Schema,
    /// Warnings, and validity or resource errors that make the document invalid.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Whether the DTD has markup the internal subset does not show: an external
    /// subset or a parameter-entity reference. A reference to an undeclared general
    /// entity is then a validity error instead of a well-formedness error.
    pub(crate) has_external_markup: bool,
}

/// Parses the subsets into one schema. Returns every diagnostic when the DTD cannot
/// be used: it is not well-formed, a safety limit stopped it, or a parameter entity
/// could not be read.
pub(crate) fn parse(
    sources: DtdSources,
    loader: &dyn EntityLoader,
    limits: &Limits,
) -> Result<ParsedDtd, Vec<Diagnostic>> {
    let dtd_limits = DtdLimits {
        max_entity_expansions: limits.max_entity_expansions,
        max_expansion_bytes: limits.max_expansion_bytes,
        max_entity_depth: limits.max_entity_depth,
        ..DtdLimits::default()
    };
    let has_external_subset = sources.external.is_some();
    let mut builder = DtdBuilder::new(loader, dtd_limits);
    builder.set_standalone(sources.standalone);
    builder.set_has_external_subset(has_external_subset);

    if let Some((text, start, source)) = sources.internal {
        builder.parse_internal_subset(text, source, start, sources.base.clone());
    }
    if let Some(entity) = sources.external {
        builder.parse_external_subset(
            &entity.text,
            entity.source.clone(),
            Some(entity.base.clone()),
        );
    }

    match builder.finish() {
        // A parameter entity that could not be read leaves the DTD incomplete:
        // checking against it would report findings that are not in the document.
        Ok(dtd)
            if dtd
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.kind == DiagnosticKind::Resource) =>
        {
            Err(dtd.diagnostics)
        }
        Ok(dtd) => Ok(ParsedDtd {
            schema: dtd.schema,
            diagnostics: dtd.diagnostics,
            has_external_markup: has_external_subset || dtd.has_parameter_entity_references,
        }),
        Err(DtdError::NotWellFormed { diagnostics }) => Err(diagnostics),
        Err(other) => Err(vec![Diagnostic::error(
            DiagnosticKind::Syntax,
            Code::DtdSyntax,
            other.to_string(),
        )]),
    }
}

/// Compiles a parsed DTD, adding the schema checks' findings: warnings, or errors
/// when `strict` is set.
pub(crate) fn compile(parsed: ParsedDtd, strict: bool) -> CompiledDtd {
    let ParsedDtd {
        schema,
        mut diagnostics,
        has_external_markup,
    } = parsed;

    for mut finding in check_schema(&schema) {
        if strict && finding.severity == Severity::Warning {
            finding.severity = Severity::Error;
        }
        diagnostics.push(finding);
    }

    CompiledDtd::from_schema(schema, diagnostics).with_external_markup(has_external_markup)
}
