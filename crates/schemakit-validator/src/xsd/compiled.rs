//! An XSD prepared for validation: the loaded schema with content-model automata
//! compiled on first use and shared between threads.

use crate::ValidateError;
use rustc_hash::FxHashMap;
use schemakit_model::xsd::{ComplexContent, ElementId, TypeDefinition, TypeId, XsdComponents};
use schemakit_model::{
    AutomatonError, CountingAutomaton, CountingState, Diagnostic, Schema, Symbol,
};
use schemakit_resolve::Resolver;
use schemakit_xsd::LoadedXsd;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The automaton that complex types with element content compile into: it checks
/// any `minOccurs`/`maxOccurs` bounds with counters and `xs:all` groups with member
/// sets.
pub(crate) type XsdAutomaton = CountingAutomaton;

/// The matching progress of an [`XsdAutomaton`].
pub(crate) type XsdMatchState = CountingState;

/// An XSD loaded and compiled once, to validate many documents.
///
/// The content model of each complex type compiles the first time a document uses it
/// and stays cached here. Share one `CompiledXsd` (in an [`Arc`]) between documents
/// and threads.
#[derive(Debug)]
pub struct CompiledXsd {
    schema: Arc<Schema>,
    /// One slot per entry of the components' `types`, in the same order.
    automata: Vec<OnceLock<Result<XsdAutomaton, AutomatonError>>>,
    /// The declaration of each child name of each complex type with element
    /// content, gathered from the types' `children` for a faster lookup per child.
    child_declarations: FxHashMap<(TypeId, Symbol), ElementId>,
    warnings: Vec<Diagnostic>,
    files: Vec<PathBuf>,
    system_id: Option<String>,
    file: Option<String>,
}

impl CompiledXsd {
    /// Wraps a schema that the XSD loader produced. A schema without XSD components
    /// declares no element, so every document checked against it is invalid.
    pub fn from_loaded(loaded: LoadedXsd) -> CompiledXsd {
        let LoadedXsd {
            schema,
            warnings,
            files,
        } = loaded;
        let type_count = schema.xsd.as_ref().map_or(0, |xsd| xsd.types.len());
        let file = files.first().map(|path| path.display().to_string());
        let child_declarations = schema
            .xsd
            .as_ref()
            .map(gather_child_declarations)
            .unwrap_or_default();
        CompiledXsd {
            schema: Arc::new(schema),
            automata: (0..type_count).map(|_| OnceLock::new()).collect(),
            child_declarations,
            warnings,
            files,
            system_id: None,
            file,
        }
    }

    /// Loads the XSD at `path` with everything it includes or imports, which load
    /// through `resolver`. Fails with every error the loader found.
    pub fn load(path: &Path, resolver: &Resolver) -> Result<CompiledXsd, ValidateError> {
        match schemakit_xsd::load_file(path, resolver) {
            Ok(loaded) => Ok(CompiledXsd::from_loaded(loaded)
                .with_origin(None, Some(path.display().to_string()))),
            Err(error) => Err(ValidateError::InvalidXsd {
                path: path.to_owned(),
                diagnostics: error.diagnostics,
            }),
        }
    }

    /// Records where the XSD came from, for reports.
    pub(crate) fn with_origin(mut self, system_id: Option<String>, file: Option<String>) -> Self {
        self.system_id = system_id;
        if file.is_some() {
            self.file = file;
        }
        self
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Returns the XSD components, `None` when the schema was not loaded from an XSD.
    pub fn components(&self) -> Option<&XsdComponents> {
        self.schema.xsd.as_ref()
    }

    /// Findings of the loader that do not make the schema unusable, included in every
    /// report that uses it.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Returns every file the schema was read from: the schema, its includes and
    /// imports.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Returns the identifier the XSD was found by (a schema location hint or a root
    /// index entry), if any.
    pub fn system_id(&self) -> Option<&str> {
        self.system_id.as_deref()
    }

    /// Returns the file the XSD was read from, if any.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// Returns the declaration of the child `symbol` in the content model of the
    /// complex type `id`, when the model names it.
    pub(crate) fn child_declaration(&self, id: TypeId, symbol: Symbol) -> Option<ElementId> {
        self.child_declarations.get(&(id, symbol)).copied()
    }

    /// Returns the automaton of the complex type `id`, compiling it on first use.
    /// Returns `None` when `id` is out of range or the type has no element content.
    pub(crate) fn automaton(&self, id: TypeId) -> Option<&Result<XsdAutomaton, AutomatonError>> {
        let components = self.components()?;
        let Some(TypeDefinition::Complex(complex)) = components.type_definition(id) else {
            return None;
        };
        let ComplexContent::Elements { particle, .. } = &complex.content else {
            return None;
        };
        let slot = self.automata.get(id.0 as usize)?;
        Some(slot.get_or_init(|| {
            tracing::trace!(type_index = id.0, name = ?complex.name, "compiling content model");
            XsdAutomaton::compile(particle)
        }))
    }
}

fn gather_child_declarations(components: &XsdComponents) -> FxHashMap<(TypeId, Symbol), ElementId> {
    let mut declarations = FxHashMap::default();
    for (index, definition) in components.types.iter().enumerate() {
        let TypeDefinition::Complex(complex) = definition else {
            continue;
        };
        let ComplexContent::Elements { children, .. } = &complex.content else {
            continue;
        };
        // The arena contains fewer than u32::MAX types, as TypeId itself assumes.
        let type_id = TypeId(index as u32);
        for (symbol, element) in children {
            declarations.insert((type_id, *symbol), *element);
        }
    }
    declarations
}
