//! The error returned when a DTD cannot be used.

use schemakit_model::Diagnostic;

/// The reason a DTD could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DtdError {
    /// The DTD has syntax (well-formedness) errors or hit a safety limit. Holds
    /// every diagnostic found, warnings included, in source order.
    #[error("{}", summary(diagnostics))]
    NotWellFormed { diagnostics: Vec<Diagnostic> },
}

impl DtdError {
    /// Returns every diagnostic found, in source order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            DtdError::NotWellFormed { diagnostics } => diagnostics,
        }
    }
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .count();
    let noun = if errors == 1 { "error" } else { "errors" };
    match diagnostics.iter().find(|diagnostic| diagnostic.is_error()) {
        Some(first) => format!("DTD is not well-formed: {errors} {noun}, the first is {first}"),
        None => "DTD is not well-formed".to_owned(),
    }
}
