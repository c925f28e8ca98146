//! Validation of written documents against the bundled schema they were generated
//! from.

use schemakit_resolve::{Catalog, ExternalPolicy, Resolver};
use schemakit_validator::{CompiledDtd, CompiledXsd, Validator, ValidatorOptions, Verdict};
use std::collections::HashMap;
use std::sync::Arc;

/// Validators for the bundled schemas, each loaded once, keyed by the schema path
/// relative to `schemas/`.
#[derive(Default)]
pub struct SchemaValidators {
    validators: HashMap<String, Validator>,
}

impl SchemaValidators {
    /// Validates `xml` against `schema` alone, whatever DOCTYPE or schema location
    /// hint it has, and returns the errors found. An empty list means valid.
    pub fn errors(&mut self, schema: &str, xml: &str) -> Vec<String> {
        let validator = self
            .validators
            .entry(schema.to_owned())
            .or_insert_with(|| schema_validator(schema));
        let report = validator.validate_reader(xml.as_bytes(), "written.xml", None);

        let mut errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .map(ToString::to_string)
            .collect();
        if report.verdict != Verdict::Valid && errors.is_empty() {
            errors.push(format!("verdict {:?} without errors", report.verdict));
        }
        errors
    }
}

/// Returns a validator that checks every document against the bundled `schema`.
/// External entities and XSD includes resolve through the bundled catalog only.
fn schema_validator(schema: &str) -> Validator {
    let path = super::workspace_root().join("schemas").join(schema);
    let resolver = Resolver::new(ExternalPolicy::Catalog)
        .with_catalog(Catalog::bundled().expect("the bundled catalog loads"));

    if schema.ends_with(".xsd") {
        let xsd = CompiledXsd::load(&path, &resolver)
            .unwrap_or_else(|error| panic!("failed to load {schema}: {error}"));
        Validator::new(resolver, ValidatorOptions::default()).with_xsd(Arc::new(xsd))
    } else {
        let dtd = CompiledDtd::load(&path, &resolver)
            .unwrap_or_else(|error| panic!("failed to load {schema}: {error}"));
        Validator::new(resolver, ValidatorOptions::default()).with_dtd(Arc::new(dtd))
    }
}
