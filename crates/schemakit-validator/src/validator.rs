//! The validator: options, schema sources and the cache of compiled DTDs.

use crate::compiled::CompiledDtd;
use crate::dtd_loading::{self, DtdSources};
use crate::options::ValidatorOptions;
use crate::reader::DocumentReader;
use crate::report::{Findings, Report};
use crate::session::{self, EventSource};
use schemakit_model::{Code, Diagnostic, DiagnosticKind};
use schemakit_resolve::{ResolveError, Resolver, RootIndex};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// An error loading a DTD.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ValidateError {
    // The resolver's error is part of the message rather than a `source()`, so that
    // printing the error chain does not repeat it.
    #[error("cannot read the DTD {path}: {reason}")]
    Read { path: PathBuf, reason: ResolveError },
    #[error("the DTD {path} cannot be used: {} error(s){}", count_errors(.diagnostics), first_error(.diagnostics))]
    InvalidDtd {
        path: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}

fn first_error(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| format!(", the first: {d}"))
        .unwrap_or_default()
}

impl CompiledDtd {
    /// Loads and compiles the DTD in `path`, reporting every error in it. External
    /// parameter entities load through `resolver`.
    pub fn load(path: &Path, resolver: &Resolver) -> Result<CompiledDtd, ValidateError> {
        Self::load_with(path, resolver, &ValidatorOptions::default())
    }

    /// Loads and compiles the DTD in `path` with the limits and strictness of `options`.
    pub fn load_with(
        path: &Path,
        resolver: &Resolver,
        options: &ValidatorOptions,
    ) -> Result<CompiledDtd, ValidateError> {
        let entity = resolver
            .load_file(path)
            .map_err(|reason| ValidateError::Read {
                path: path.to_owned(),
                reason,
            })?;
        let sources = DtdSources {
            internal: None,
            external: Some(&entity),
            base: None,
            standalone: false,
        };
        let parsed =
            dtd_loading::parse(sources, resolver, &options.limits).map_err(|diagnostics| {
                ValidateError::InvalidDtd {
                    path: path.to_owned(),
                    diagnostics,
                }
            })?;
        let dtd = dtd_loading::compile(parsed, options.strict);
        Ok(dtd.with_origin(None, Some(path.display().to_string())))
    }
}

/// Validates documents; cheap to share between threads.
///
/// External DTDs are compiled once per resolved file and reused for every document
/// that refers to them.
pub struct Validator {
    pub(crate) resolver: Resolver,
    pub(crate) options: ValidatorOptions,
    pub(crate) dtd: Option<Arc<CompiledDtd>>,
    pub(crate) root_index: Option<RootIndex>,
    cache: Mutex<HashMap<String, Arc<CompiledDtd>>>,
}

impl Validator {
    pub fn new(resolver: Resolver, options: ValidatorOptions) -> Self {
        Validator {
            resolver,
            options,
            dtd: None,
            root_index: None,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Validates every document against `dtd`, whatever its DOCTYPE names. The
    /// document's internal subset still declares its entities.
    pub fn with_dtd(mut self, dtd: Arc<CompiledDtd>) -> Self {
        self.dtd = Some(dtd);
        self
    }

    /// Uses `index` to choose a schema for documents without a usable DOCTYPE.
    pub fn with_root_index(mut self, index: RootIndex) -> Self {
        self.root_index = Some(index);
        self
    }

    pub fn options(&self) -> &ValidatorOptions {
        &self.options
    }

    /// Validates a document read from `reader`. `name` is used in diagnostics;
    /// `base` is the location relative identifiers resolve against.
    pub fn validate_reader<R: BufRead>(
        &self,
        reader: R,
        name: &str,
        base: Option<&Path>,
    ) -> Report {
        let base = base.map(|base| base.display().to_string());
        let mut source = DocumentReader::new(
            reader,
            name.to_owned(),
            base.clone(),
            &self.options,
            &self.resolver,
        );
        session::run(
            self,
            &mut source as &mut dyn EventSource,
            name,
            base.as_deref(),
        )
    }

    /// Validates the document in the file at `path`.
    pub fn validate_file(&self, path: &Path) -> Report {
        let name = path.display().to_string();
        match std::fs::File::open(path) {
            Ok(file) => self.validate_reader(std::io::BufReader::new(file), &name, Some(path)),
            Err(error) => {
                let mut findings = Findings::new(&name, self.options.max_errors);
                findings.push(
                    Diagnostic::error(
                        DiagnosticKind::Resource,
                        Code::Io,
                        format!("cannot read {name}: {error}"),
                    )
                    .with_help("check that the file exists and is readable"),
                );
                tracing::info!(document = %name, verdict = "unchecked", "cannot read document");
                findings.into_report(None, false)
            }
        }
    }

    pub(crate) fn cached(&self, key: &str) -> Option<Arc<CompiledDtd>> {
        let cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.get(key).cloned()
    }

    pub(crate) fn remember(&self, key: String, dtd: Arc<CompiledDtd>) {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.entry(key).or_insert(dtd);
    }
}
