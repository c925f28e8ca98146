//! A DTD prepared for validation: the schema with content-model automata compiled
//! on first use and shared between threads.

use schemakit_model::{AutomatonError, ContentAutomaton, ContentSpec, Diagnostic, Schema};
use std::sync::{Arc, OnceLock};

/// A DTD loaded and compiled once, to validate many documents.
///
/// Each element type's content model compiles the first time a document uses it and
/// stays cached here. Share one `CompiledDtd` (in an [`Arc`]) between documents and
/// threads.
#[derive(Debug)]
pub struct CompiledDtd {
    schema: Arc<Schema>,
    /// One slot per entry of `schema.elements`, in the same order.
    automata: Vec<OnceLock<Result<ContentAutomaton, AutomatonError>>>,
    diagnostics: Vec<Diagnostic>,
    system_id: Option<String>,
    file: Option<String>,
    /// Whether the DTD has an external subset or parameter-entity references.
    external_markup: bool,
}

impl CompiledDtd {
    /// Wraps `schema`; `diagnostics` are the findings about the DTD itself (warnings,
    /// and validity or resource errors that make every document checked against it
    /// invalid).
    pub fn from_schema(schema: Schema, diagnostics: Vec<Diagnostic>) -> CompiledDtd {
        let automata = schema.elements.iter().map(|_| OnceLock::new()).collect();
        CompiledDtd {
            schema: Arc::new(schema),
            automata,
            diagnostics,
            system_id: None,
            file: None,
            external_markup: false,
        }
    }

    /// Records that the DTD has an external subset or parameter-entity references.
    pub(crate) fn with_external_markup(mut self, external_markup: bool) -> Self {
        self.external_markup = external_markup;
        self
    }

    /// Records where the DTD came from, for reports.
    pub(crate) fn with_origin(mut self, system_id: Option<String>, file: Option<String>) -> Self {
        self.system_id = system_id;
        self.file = file;
        self
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub(crate) fn shared_schema(&self) -> Arc<Schema> {
        Arc::clone(&self.schema)
    }

    /// Findings about the DTD itself, included in every report that uses it.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Returns the SYSTEM identifier the DTD was loaded by, if any.
    pub fn system_id(&self) -> Option<&str> {
        self.system_id.as_deref()
    }

    /// Returns the local file the DTD was read from, if any.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// Tells whether the DTD has external markup (an external subset, a
    /// parameter-entity reference or a declaration from one), which decides whether
    /// the reader treats an undeclared entity as a validity or a well-formedness error.
    pub(crate) fn has_external_markup(&self) -> bool {
        self.external_markup
            || self.schema.elements.values().any(|element| {
                element.external_markup
                    || element
                        .attributes
                        .values()
                        .any(|attribute| attribute.external_markup)
            })
            || self
                .schema
                .general_entities
                .values()
                .any(|entity| entity.external_markup)
    }

    /// Returns the automaton of the element type at `index` in `schema.elements` if
    /// [`Self::automaton`] compiled it already without error. Unlike that, it never
    /// compiles, so it costs only a read.
    pub(crate) fn compiled_automaton(&self, index: usize) -> Option<&ContentAutomaton> {
        self.automata.get(index)?.get()?.as_ref().ok()
    }

    /// Returns the automaton of the element type at `index` in `schema.elements`,
    /// compiling it on first use. Returns `None` when the index is out of range or the element
    /// has no element content.
    pub(crate) fn automaton(
        &self,
        index: usize,
    ) -> Option<&Result<ContentAutomaton, AutomatonError>> {
        let (_, element) = self.schema.elements.get_index(index)?;
        let ContentSpec::Children(particle) = element.content.as_ref()? else {
            return None;
        };
        let slot = self.automata.get(index)?;
        Some(slot.get_or_init(|| {
            tracing::trace!(
                element = self.schema.name(element.name),
                "compiling content model"
            );
            ContentAutomaton::compile(particle)
        }))
    }
}
