//! Choosing the schema for a document: an explicit DTD or XSD, the DOCTYPE's
//! external identifier, the internal subset, the root element's schema location
//! hint, or the root index of bundled schemas.

use crate::compiled::CompiledDtd;
use crate::dtd_loading::{self, DtdSources};
use crate::event::{Attribute, Doctype};
use crate::report::{SchemaSelection, SchemaUsed};
use crate::xsd::{schema_hint, CompiledXsd, SchemaHint};
use crate::xsd_loading::{self, is_xsd_identifier, ResolvedXsd, XsdFailure};
use crate::Validator;
use schemakit_model::{
    Code, Diagnostic, DiagnosticKind, ExternalId, Position, Schema, SchemaKind, SourceFile,
};
use schemakit_resolve::{EntityLoader, LoadedEntity, Resolution};
use std::sync::Arc;

/// The outcome of schema selection for one document.
#[derive(Default)]
pub(crate) struct Selection {
    /// The DTD to validate against; with `xsd` also `None`, the document stays
    /// unchecked.
    pub(crate) dtd: Option<Arc<CompiledDtd>>,
    /// The XSD to validate against.
    pub(crate) xsd: Option<Arc<CompiledXsd>>,
    /// The declarations the reader expands entities and applies defaults from, and
    /// whether they include external markup.
    pub(crate) reader_schema: Option<(Arc<Schema>, bool)>,
    pub(crate) used: Option<SchemaUsed>,
    /// The name the root element must have.
    pub(crate) root_name: Option<String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Everything about the document that selection needs.
pub(crate) struct DocumentInfo<'a> {
    pub(crate) name: &'a str,
    pub(crate) base: Option<&'a str>,
    pub(crate) standalone: bool,
}

/// Chooses the schema for a document with a DOCTYPE.
pub(crate) fn for_doctype(
    validator: &Validator,
    doctype: &Doctype,
    document: &DocumentInfo,
) -> Selection {
    let mut selection = Selection::default();
    let internal = doctype
        .internal_subset
        .as_ref()
        .map(|(text, start)| (text.as_str(), *start, document_source(document)));

    if let Some(xsd) = &validator.xsd {
        // The XSD decides validity; the internal subset still declares entities.
        let external = doctype.external_id.is_some();
        selection.reader_schema = match internal {
            Some(internal) => {
                parse_for_entities(validator, internal, document, &mut selection.diagnostics)
                    .map(|(schema, has_external)| (schema, has_external || external))
            }
            None => Some((Arc::new(Schema::new(SchemaKind::Dtd)), external)),
        };
        selection.used = Some(xsd_override_used(
            xsd,
            "the document's DOCTYPE is not used for validation",
        ));
        selection.diagnostics.extend(xsd.warnings().iter().cloned());
        selection.xsd = Some(Arc::clone(xsd));
        return selection;
    }

    if let Some(dtd) = &validator.dtd {
        // The override decides validity; the internal subset still declares entities.
        selection.reader_schema = match internal {
            Some(internal) => {
                parse_for_entities(validator, internal, document, &mut selection.diagnostics)
            }
            None => Some((dtd.shared_schema(), true)),
        };
        selection.used = Some(override_used(
            dtd,
            "the document's DOCTYPE is not used for validation",
        ));
        selection.dtd = Some(Arc::clone(dtd));
        return selection;
    }

    let Some(external_id) = &doctype.external_id else {
        let sources = DtdSources {
            internal,
            external: None,
            base: document.base.map(str::to_owned),
            standalone: document.standalone,
        };
        let dtd = build(validator, sources, None, None, &mut selection.diagnostics);
        selection.reader_schema = dtd
            .as_ref()
            .map(|dtd| (dtd.shared_schema(), dtd.has_external_markup()));
        selection.used = Some(SchemaUsed {
            kind: SchemaKind::Dtd,
            system_id: None,
            file: None,
            selection: SchemaSelection::InternalSubset,
            reason: "the DOCTYPE has an internal subset and no external identifier".to_owned(),
        });
        selection.dtd = dtd;
        selection.root_name = Some(doctype.name.clone());
        return selection;
    };

    selection.root_name = Some(doctype.name.clone());
    let (entity, used) = match validator.resolver.load(external_id) {
        Ok(entity) => {
            let used = doctype_used(external_id, &entity);
            (entity, used)
        }
        Err(error) => {
            // A document that declares a DTD falls back to bundled DTDs only: an XSD
            // entry of the root index would not declare the entities it may use.
            let from_index = validator.root_index.as_ref().and_then(|index| index.lookup(&doctype.name)).filter(|entry| !is_xsd_identifier(&entry.system_id)).and_then(|entry| {
                let id = ExternalId {
                    public_id: None,
                    system_id: entry.system_id.clone(),
                    base: None,
                };
                let entity = validator.resolver.load(&id).ok()?;
                let reason = format!(
                    "the DOCTYPE's identifier \"{}\" could not be resolved ({error}), so the bundled schema \"{}\" for root element `{}` was used: {}",
                    external_id.system_id, entry.system_id, doctype.name, entry.reason
                );
                Some((entity, SchemaUsed {
                    kind: SchemaKind::Dtd,
                    system_id: Some(entry.system_id.clone()),
                    file: None,
                    selection: SchemaSelection::RootIndex,
                    reason,
                }))
            });
            match from_index {
                Some(found) => found,
                None => {
                    selection.diagnostics.push(unresolved(
                        external_id,
                        &error.to_string(),
                        document.name,
                        doctype.position,
                    ));
                    // The reader still needs the internal subset's entities, and must
                    // know that external markup exists, so that references to entities
                    // it cannot see are validity findings rather than fatal errors.
                    selection.reader_schema = match internal {
                        Some(internal) => parse_for_entities(
                            validator,
                            internal,
                            document,
                            &mut selection.diagnostics,
                        )
                        .map(|(schema, _)| (schema, true)),
                        None => Some((Arc::new(Schema::new(SchemaKind::Dtd)), true)),
                    };
                    return selection;
                }
            }
        }
    };

    let mut used = used;
    used.file = Some(entity_file(&entity));
    let sources = DtdSources {
        internal,
        external: Some(&entity),
        base: document.base.map(str::to_owned),
        standalone: document.standalone,
    };
    let dtd = build(
        validator,
        sources,
        used.system_id.clone(),
        used.file.clone(),
        &mut selection.diagnostics,
    );
    selection.reader_schema = match &dtd {
        Some(dtd) => Some((dtd.shared_schema(), dtd.has_external_markup())),
        None => Some((Arc::new(Schema::new(SchemaKind::Dtd)), true)),
    };
    selection.dtd = dtd;
    selection.used = Some(used);
    selection
}

/// Chooses the schema for a document without a DOCTYPE, by its root element: an
/// explicit schema, then the root's schema location hint, then the root index.
pub(crate) fn for_root(
    validator: &Validator,
    root: &str,
    attributes: &[Attribute],
    document: &DocumentInfo,
    position: Position,
) -> Selection {
    let mut selection = Selection::default();

    if let Some(dtd) = &validator.dtd {
        selection.used = Some(override_used(dtd, "the document has no DOCTYPE"));
        selection.dtd = Some(Arc::clone(dtd));
        return selection;
    }

    if let Some(xsd) = &validator.xsd {
        selection.used = Some(xsd_override_used(xsd, "the document has no DOCTYPE"));
        selection.diagnostics.extend(xsd.warnings().iter().cloned());
        selection.xsd = Some(Arc::clone(xsd));
        return selection;
    }

    if let Some(hint) = schema_hint(root, attributes) {
        return for_hint(validator, &hint, document, position);
    }

    let entry = validator
        .root_index
        .as_ref()
        .and_then(|index| index.lookup(root));
    let Some(entry) = entry else {
        let message = format!("the document has no DOCTYPE and no known schema for root element `{root}`, so it was not validated");
        selection.diagnostics.push(
            Diagnostic::error(DiagnosticKind::Resource, Code::NoDoctype, message)
                .at(Some(document.name), position)
                .with_path(format!("/{root}"))
                .with_found(root)
                .with_help(
                    "add a <!DOCTYPE> declaration, or pass the DTD to validate against with --dtd",
                ),
        );
        return selection;
    };

    let id = ExternalId {
        public_id: None,
        system_id: entry.system_id.clone(),
        base: None,
    };
    if is_xsd_identifier(&entry.system_id) {
        let reason = format!(
            "the document has no DOCTYPE and no schema location hint, and root element `{root}` selects \"{}\": {}",
            entry.system_id, entry.reason
        );
        return for_xsd_id(
            validator,
            &id,
            SchemaSelection::RootIndex,
            reason,
            document,
            position,
        );
    }
    let entity = match validator.resolver.load(&id) {
        Ok(entity) => entity,
        Err(error) => {
            selection.diagnostics.push(unresolved(
                &id,
                &error.to_string(),
                document.name,
                position,
            ));
            return selection;
        }
    };

    let file = entity_file(&entity);
    let sources = DtdSources {
        internal: None,
        external: Some(&entity),
        base: None,
        standalone: document.standalone,
    };
    selection.dtd = build(
        validator,
        sources,
        Some(entry.system_id.clone()),
        Some(file.clone()),
        &mut selection.diagnostics,
    );
    selection.used = Some(SchemaUsed {
        kind: SchemaKind::Dtd,
        system_id: Some(entry.system_id.clone()),
        file: Some(file),
        selection: SchemaSelection::RootIndex,
        reason: format!(
            "the document has no DOCTYPE, and root element `{root}` selects \"{}\": {}",
            entry.system_id, entry.reason
        ),
    });
    selection
}

/// Selects the XSD that the root element's schema location hint names. A hint that
/// cannot be resolved leaves the document unchecked.
fn for_hint(
    validator: &Validator,
    hint: &SchemaHint,
    document: &DocumentInfo,
    position: Position,
) -> Selection {
    let id = ExternalId {
        public_id: None,
        system_id: hint.location.clone(),
        base: document.base.map(str::to_owned),
    };
    let reason = format!(
        "the document has no DOCTYPE, and the root element's {} names \"{}\"",
        hint.attribute, hint.location
    );
    for_xsd_id(
        validator,
        &id,
        SchemaSelection::SchemaLocation,
        reason,
        document,
        position,
    )
}

/// Resolves and loads the XSD `id`, which `selection` chose for `reason`.
fn for_xsd_id(
    validator: &Validator,
    id: &ExternalId,
    selection_rule: SchemaSelection,
    reason: String,
    document: &DocumentInfo,
    position: Position,
) -> Selection {
    let mut selection = Selection::default();
    match xsd_loading::resolve_and_load(validator, id) {
        Ok(ResolvedXsd { xsd, file, entity }) => {
            let resolution = match &entity.resolution {
                Resolution::Catalog { catalog } => {
                    format!("which maps to {file} in the catalog {catalog}")
                }
                Resolution::Relative | Resolution::LocalFile => {
                    format!("which is the local file {file}")
                }
            };
            selection.diagnostics.extend(xsd.warnings().iter().cloned());
            selection.used = Some(SchemaUsed {
                kind: SchemaKind::Xsd,
                system_id: Some(id.system_id.clone()),
                file: Some(file),
                selection: selection_rule,
                reason: format!("{reason}, {resolution}"),
            });
            selection.xsd = Some(xsd);
        }
        Err(XsdFailure::Unresolved(error)) => {
            let message = format!(
                "cannot resolve the XSD \"{}\", so the document was not validated: {error}",
                id.system_id
            );
            // Only a local location that the policy refused can be made loadable by
            // the policy; a missing file or a remote location cannot.
            let refused_by_policy = matches!(
                error,
                schemakit_resolve::ResolveError::NeedsLocalPolicy { .. }
                    | schemakit_resolve::ResolveError::ExternalDisabled { .. }
            );
            let local_policy = if refused_by_policy {
                "allow local files (--external local), "
            } else {
                ""
            };
            selection.diagnostics.push(
                Diagnostic::error(DiagnosticKind::Resource, Code::Unresolved, message)
                    .at(Some(document.name), position)
                    .with_found(id.system_id.clone())
                    .with_help(format!(
                        "map \"{}\" to a local file in an XML catalog (--catalog or XML_CATALOG_FILES), {local_policy}or pass the XSD with --schema",
                        id.system_id
                    )),
            );
        }
        Err(XsdFailure::Invalid(diagnostics)) => {
            selection.diagnostics.extend(diagnostics);
            selection.diagnostics.push(
                Diagnostic::error(
                    DiagnosticKind::Resource,
                    Code::Unresolved,
                    format!(
                        "the XSD \"{}\" has errors, so the document was not validated",
                        id.system_id
                    ),
                )
                .at(Some(document.name), position)
                .with_found(id.system_id.clone())
                .with_help("correct the XSD (`schemakit check` lists its errors) or pass another one with --schema"),
            );
        }
    }
    selection
}

/// Parses and compiles the DTD, reusing the validator's cache when the document
/// adds no internal subset. Pushes the DTD's findings to `diagnostics`; returns
/// `None` when the DTD cannot be used.
fn build(
    validator: &Validator,
    sources: DtdSources,
    system_id: Option<String>,
    file: Option<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Arc<CompiledDtd>> {
    let cache_key = match (&sources.internal, sources.external) {
        (None, Some(entity)) => Some(entity_file(entity)),
        _ => None,
    };

    if let Some(key) = &cache_key {
        if let Some(dtd) = validator.cached(key) {
            tracing::debug!(dtd = %key, "compiled DTD cache hit");
            diagnostics.extend(dtd.diagnostics().iter().cloned());
            return Some(dtd);
        }
    }

    match dtd_loading::parse(sources, &validator.resolver, &validator.options.limits) {
        Ok(parsed) => {
            let dtd = Arc::new(
                dtd_loading::compile(parsed, validator.options.strict).with_origin(system_id, file),
            );
            diagnostics.extend(dtd.diagnostics().iter().cloned());
            if let Some(key) = cache_key {
                validator.remember(key, Arc::clone(&dtd));
            }
            Some(dtd)
        }
        Err(found) => {
            diagnostics.extend(found);
            None
        }
    }
}

/// Parses only the internal subset, for its entity declarations.
fn parse_for_entities(
    validator: &Validator,
    internal: (&str, Position, SourceFile),
    document: &DocumentInfo,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Arc<Schema>, bool)> {
    let sources = DtdSources {
        internal: Some(internal),
        external: None,
        base: document.base.map(str::to_owned),
        standalone: document.standalone,
    };
    match dtd_loading::parse(
        sources,
        &validator.resolver as &dyn EntityLoader,
        &validator.options.limits,
    ) {
        Ok(parsed) => {
            diagnostics.extend(parsed.diagnostics);
            let dtd = CompiledDtd::from_schema(parsed.schema, Vec::new())
                .with_external_markup(parsed.has_external_markup);
            let external = dtd.has_external_markup();
            Some((dtd.shared_schema(), external))
        }
        Err(found) => {
            diagnostics.extend(found);
            None
        }
    }
}

fn document_source(document: &DocumentInfo) -> SourceFile {
    SourceFile {
        name: document.name.to_owned(),
        path: document.base.map(Into::into),
    }
}

/// Names the file a schema was read from, for the report. A bundled schema is named by
/// its place in the repository (`schemas/...`), because its text comes from the
/// binary, not from any file that may exist on this machine.
pub(crate) fn entity_file(entity: &LoadedEntity) -> String {
    match &entity.source.path {
        Some(path) if !entity.is_bundled() => path.display().to_string(),
        _ => entity.source.name.clone(),
    }
}

fn override_used(dtd: &CompiledDtd, why: &str) -> SchemaUsed {
    let name = dtd
        .file()
        .or(dtd.system_id())
        .unwrap_or("given to the validator");
    SchemaUsed {
        kind: SchemaKind::Dtd,
        system_id: dtd.system_id().map(str::to_owned),
        file: dtd.file().map(str::to_owned),
        selection: SchemaSelection::Override,
        reason: format!("the DTD {name} was given explicitly, and {why}"),
    }
}

fn xsd_override_used(xsd: &CompiledXsd, why: &str) -> SchemaUsed {
    let name = xsd
        .file()
        .or(xsd.system_id())
        .unwrap_or("given to the validator");
    SchemaUsed {
        kind: SchemaKind::Xsd,
        system_id: xsd.system_id().map(str::to_owned),
        file: xsd.file().map(str::to_owned),
        selection: SchemaSelection::Override,
        reason: format!("the XSD {name} was given explicitly, and {why}"),
    }
}

fn doctype_used(id: &ExternalId, entity: &LoadedEntity) -> SchemaUsed {
    let identifier = match &id.public_id {
        Some(public_id) => format!("PUBLIC \"{public_id}\" \"{}\"", id.system_id),
        None => format!("SYSTEM \"{}\"", id.system_id),
    };
    let (selection, reason) = match &entity.resolution {
        Resolution::Catalog { catalog } => (
            SchemaSelection::DoctypeCatalog,
            format!(
                "the DOCTYPE's identifier {identifier} maps to {} in the catalog {catalog}",
                entity_file(entity)
            ),
        ),
        Resolution::Relative | Resolution::LocalFile => (
            SchemaSelection::DoctypeLocal,
            format!(
                "the DOCTYPE's identifier {identifier} names the local file {}",
                entity_file(entity)
            ),
        ),
    };
    SchemaUsed {
        kind: SchemaKind::Dtd,
        system_id: Some(id.system_id.clone()),
        file: None,
        selection,
        reason,
    }
}

fn unresolved(id: &ExternalId, error: &str, document: &str, position: Position) -> Diagnostic {
    let message = format!(
        "cannot resolve the DTD \"{}\", so the document was not validated: {error}",
        id.system_id
    );
    Diagnostic::error(DiagnosticKind::Resource, Code::Unresolved, message)
        .at(Some(document), position)
        .with_found(id.system_id.clone())
        .with_help(format!(
            "map \"{}\" to a local file in an XML catalog (--catalog or XML_CATALOG_FILES), or pass the DTD with --dtd",
            id.system_id
        ))
}
