//! Loads XSD 1.0 schemas into the shared schema model.
//!
//! The loader reads a schema document with roxmltree, follows `xs:include` and
//! `xs:import` through the resolver (catalog, then local paths relative to the
//! including schema), and builds [`schemakit_model::xsd::XsdComponents`]: element
//! declarations, complex types with their content models, attribute uses and simple
//! types with facets. Every fault is collected and reported with file, line and
//! column; a construct outside the supported subset is reported by name.
//!
//! ```no_run
//! use schemakit_resolve::{ExternalPolicy, Resolver};
//!
//! let resolver = Resolver::new(ExternalPolicy::Local);
//! let loaded = schemakit_xsd::load_file(std::path::Path::new("webapp.xsd"), &resolver)?;
//! let components = loaded.schema.xsd.as_ref();
//! # let _ = components;
//! # Ok::<(), schemakit_xsd::LoadError>(())
//! ```

mod checks;
mod document;
mod errors;
mod include;
mod names;
mod structures;
mod wildcards;

pub use include::Limits;

use document::SchemaDocument;
use errors::Reporter;
use include::SourceText;
use schemakit_model::{Code, Diagnostic, DiagnosticKind, Schema, SchemaKind, Severity, SourceFile};
use schemakit_resolve::Resolver;
use std::path::{Path, PathBuf};

/// A schema loaded from an XSD.
#[derive(Debug)]
pub struct LoadedXsd {
    /// The schema, with `kind` [`schemakit_model::SchemaKind::Xsd`] and `xsd` set.
    pub schema: Schema,
    /// Findings that do not make the schema unusable.
    pub warnings: Vec<Diagnostic>,
    /// Every file read (the schema, its includes and imports), for build scripts'
    /// `cargo:rerun-if-changed`.
    pub files: Vec<PathBuf>,
}

/// An XSD that could not be loaded: every error found, in document order.
#[derive(Debug, thiserror::Error)]
#[error("{}", summary(.diagnostics))]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    match diagnostics {
        [] => "the schema could not be loaded".to_owned(),
        [only] => only.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more errors)", rest.len()),
    }
}

/// Loads the XSD at `path` and everything it includes or imports.
pub fn load_file(path: &Path, resolver: &Resolver) -> Result<LoadedXsd, LoadError> {
    Loader::new(resolver).load_file(path)
}

/// Loads an XSD from `text`; `name` is its file name in messages and `base` the
/// location that relative `schemaLocation`s resolve against.
pub fn load_str(
    text: &str,
    name: &str,
    base: Option<&Path>,
    resolver: &Resolver,
) -> Result<LoadedXsd, LoadError> {
    Loader::new(resolver).load_str(text, name, base)
}

/// A schema loader with options.
#[derive(Clone, Copy, Debug)]
pub struct Loader<'r> {
    resolver: &'r Resolver,
    limits: Limits,
}

impl<'r> Loader<'r> {
    /// Creates a loader that reads includes and imports through `resolver`.
    pub fn new(resolver: &'r Resolver) -> Self {
        Loader {
            resolver,
            limits: Limits::default(),
        }
    }

    /// Sets the limits on the number and nesting of schema documents.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Loads the XSD at `path` and everything it includes or imports.
    pub fn load_file(&self, path: &Path) -> Result<LoadedXsd, LoadError> {
        let loaded = self.resolver.load_file(path).map_err(|error| {
            let diagnostic = Diagnostic::error(
                DiagnosticKind::Resource,
                Code::Io,
                format!("cannot read the schema {}: {error}", path.display()),
            );
            LoadError {
                diagnostics: vec![diagnostic],
            }
        })?;
        self.load(SourceText {
            name: loaded.source.name,
            path: loaded.source.path,
            base: Some(loaded.base),
            text: loaded.text,
            chameleon_namespace: None,
            usable: false,
        })
    }

    /// Loads an XSD from `text`, with `name` as its file name in messages. `base` is
    /// the schema's own location: relative `schemaLocation`s resolve against its
    /// directory, or against the working directory when it is `None`.
    pub fn load_str(
        &self,
        text: &str,
        name: &str,
        base: Option<&Path>,
    ) -> Result<LoadedXsd, LoadError> {
        self.load(SourceText {
            name: name.to_owned(),
            path: None,
            base: base.map(|base| base.display().to_string()),
            // A byte order mark is not part of the document text.
            text: text.strip_prefix('\u{feff}').unwrap_or(text).to_owned(),
            chameleon_namespace: None,
            usable: false,
        })
    }

    fn load(&self, root: SourceText) -> Result<LoadedXsd, LoadError> {
        let mut reporter = Reporter::default();
        let sources = include::collect(root, self.resolver, self.limits, &mut reporter);

        let mut schema = Schema::new(SchemaKind::Xsd);
        let mut documents = Vec::new();
        for source in sources.iter().filter(|source| source.usable) {
            let Ok(parsed) = document::parse(&source.text) else {
                continue;
            };
            let source_id = schema.add_source(SourceFile {
                name: source.name.clone(),
                path: source.path.clone(),
            });
            documents.push(SchemaDocument::new(
                parsed,
                source.name.clone(),
                source_id,
                source.chameleon_namespace.clone(),
            ));
        }
        for document in &documents {
            checks::structure::check_document(document, &mut reporter);
        }

        let target_namespace = documents
            .first()
            .and_then(|document| document.target_namespace.clone());
        let mut builder = structures::Builder::new(&documents, reporter, target_namespace);
        builder.build_all();
        builder.check_components();
        let structures::Builder {
            reporter,
            symbols,
            components,
            ..
        } = builder;

        let file_order: Vec<&str> = sources.iter().map(|source| source.name.as_str()).collect();
        let mut diagnostics = reporter.diagnostics;
        diagnostics.sort_by_key(|diagnostic| {
            let file = diagnostic
                .file
                .as_deref()
                .and_then(|file| file_order.iter().position(|name| *name == file))
                .unwrap_or(usize::MAX);
            (file, diagnostic.line, diagnostic.column)
        });
        let has_errors = diagnostics.iter().any(Diagnostic::is_error);
        if has_errors || documents.is_empty() {
            return Err(LoadError {
                diagnostics: diagnostics
                    .into_iter()
                    .filter(|diagnostic| diagnostic.severity == Severity::Error)
                    .collect(),
            });
        }

        schema.symbols = symbols;
        schema.xsd = Some(components);
        let files = sources
            .iter()
            .filter_map(|source| source.path.clone())
            .collect();
        Ok(LoadedXsd {
            schema,
            warnings: diagnostics,
            files,
        })
    }
}
