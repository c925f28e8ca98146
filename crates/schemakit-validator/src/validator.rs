//! The validator: options, schema sources and the caches of compiled DTDs and XSDs.

use crate::compiled::CompiledDtd;
use crate::dtd_loading::{self, DtdSources};
use crate::options::ValidatorOptions;
use crate::reader::DocumentReader;
use crate::report::{Findings, Report};
use crate::session;
use crate::xsd::CompiledXsd;
use schemakit_model::{Code, Diagnostic, DiagnosticKind};
use schemakit_resolve::{ResolveError, Resolver, RootIndex};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// An error loading a DTD or an XSD.
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
    #[error("the XSD {path} cannot be used: {} error(s){}", count_errors(.diagnostics), first_error(.diagnostics))]
    InvalidXsd {
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
/// External DTDs are compiled once per resolved file, and XSDs loaded once per
/// resolved location, and reused for every document that refers to them.
pub struct Validator {
    pub(crate) resolver: Resolver,
    pub(crate) options: ValidatorOptions,
    pub(crate) dtd: Option<Arc<CompiledDtd>>,
    pub(crate) xsd: Option<Arc<CompiledXsd>>,
    pub(crate) root_index: Option<RootIndex>,
    cache: Mutex<HashMap<String, Arc<CompiledDtd>>>,
    xsd_cache: Mutex<HashMap<String, Arc<OnceLock<XsdLoad>>>>,
}

/// The outcome of loading an XSD: the schema, or every error that made it unusable.
pub(crate) type XsdLoad = Result<Arc<CompiledXsd>, Vec<Diagnostic>>;

impl Validator {
    pub fn new(resolver: Resolver, options: ValidatorOptions) -> Self {
        Validator {
            resolver,
            options,
            dtd: None,
            xsd: None,
            root_index: None,
            cache: Mutex::new(HashMap::new()),
            xsd_cache: Mutex::new(HashMap::new()),
        }
    }

    /// Validates every document against `dtd`, whatever its DOCTYPE names. The
    /// document's internal subset still declares its entities. Replaces an XSD given
    /// with [`Validator::with_xsd`].
    pub fn with_dtd(mut self, dtd: Arc<CompiledDtd>) -> Self {
        self.xsd = None;
        self.dtd = Some(dtd);
        self
    }

    /// Validates every document against `xsd`, whatever its DOCTYPE or schema
    /// location hints name. A DOCTYPE's internal subset still declares entities.
    /// Replaces a DTD given with [`Validator::with_dtd`].
    pub fn with_xsd(mut self, xsd: Arc<CompiledXsd>) -> Self {
        self.dtd = None;
        self.xsd = Some(xsd);
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
        session::run(self, &mut source, name, base.as_deref())
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

    /// Returns the XSD loaded from the resolved location `key`, calling `load` only
    /// the first time, also when several threads ask at once. Failures are cached too.
    pub(crate) fn xsd_for(&self, key: &str, load: impl FnOnce() -> XsdLoad) -> XsdLoad {
        let slot = {
            let mut cache = self
                .xsd_cache
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(cache.entry(key.to_owned()).or_default())
        };
        slot.get_or_init(load).clone()
    }
}
