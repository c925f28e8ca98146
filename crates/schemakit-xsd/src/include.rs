//! Reading a schema and the documents it includes and imports.

use crate::document::{is_xsd, parse};
use crate::errors::{LineIndex, Reporter, UnreadSchema};
use crate::names::XSD_NAMESPACE;
use schemakit_model::{Code, ExternalId, Position};
use schemakit_resolve::{EntityLoader, Resolver};
use std::collections::HashSet;
use std::path::PathBuf;

/// Limits on the documents one load reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The maximum number of schema documents, the first one included.
    pub max_documents: usize,
    /// The maximum chain length of includes and imports below the first document.
    pub max_include_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_documents: 1_000,
            max_include_depth: 64,
        }
    }
}

/// The text of one schema document and how it was reached.
#[derive(Debug, Clone)]
pub(crate) struct SourceText {
    /// The file name in messages.
    pub(crate) name: String,
    pub(crate) path: Option<PathBuf>,
    /// The location relative `schemaLocation`s resolve against.
    pub(crate) base: Option<String>,
    pub(crate) text: String,
    /// The includer's target namespace, which a document without one takes over.
    pub(crate) chameleon_namespace: Option<String>,
    /// Whether the document parsed and has `xs:schema` as its root element.
    pub(crate) usable: bool,
}

/// The location of an include or import, and the target namespace it requires.
struct Reference {
    file: String,
    position: Position,
    /// `Include(namespace)`: the target namespace must be absent or `namespace`;
    /// `Import(namespace)`: it must equal `namespace`.
    expected: Expected,
}

enum Expected {
    Include(Option<String>),
    Import(Option<String>),
}

struct Pending {
    index: usize,
    depth: usize,
    reference: Option<Reference>,
}

/// Reads `root` and every document it includes or imports, transitively. A document
/// reached twice with the same target namespace is read once.
pub(crate) fn collect(
    root: SourceText,
    resolver: &Resolver,
    limits: Limits,
    reporter: &mut Reporter,
) -> Vec<SourceText> {
    let mut sources = vec![root];
    let mut seen: HashSet<(String, Option<String>)> = HashSet::new();
    if let Some(root) = sources.first() {
        let key = root.base.clone().unwrap_or_else(|| root.name.clone());
        seen.insert((key, None));
    }
    let mut queue = vec![Pending {
        index: 0,
        depth: 0,
        reference: None,
    }];

    while let Some(pending) = queue.pop() {
        let references = match sources.get_mut(pending.index) {
            Some(source) => scan(source, pending.reference.as_ref(), reporter),
            None => continue,
        };

        for found in references {
            let Some(includer) = sources.get(pending.index) else {
                continue;
            };
            if pending.depth + 1 > limits.max_include_depth {
                reporter.schema_error(
                    Code::LimitExceeded,
                    format!(
                        "`{}` is nested more than {} includes or imports deep: flatten the include chain",
                        found.location, limits.max_include_depth
                    ),
                    &found.reference.file,
                    found.reference.position,
                );
                continue;
            }

            let id = ExternalId {
                public_id: None,
                system_id: found.location.clone(),
                base: includer.base.clone(),
            };
            let loaded = match resolver.load(&id) {
                Ok(loaded) => loaded,
                Err(error) => {
                    // XSD 1.0 makes `schemaLocation` a hint, so the schema may still
                    // be complete without the file. A reference that then misses a
                    // component names the file.
                    reporter.resource_warning(
                        Code::Unresolved,
                        format!(
                            "cannot read `{}`, which {} {} at {}:{}:{}: {error}; its components are missing unless another document declares them",
                            found.location,
                            includer.name,
                            found.verb,
                            found.reference.file,
                            found.reference.position.line,
                            found.reference.position.column
                        ),
                        &found.reference.file,
                        found.reference.position,
                    );
                    let namespace = match &found.reference.expected {
                        Expected::Include(namespace) | Expected::Import(namespace) => {
                            namespace.clone()
                        }
                    };
                    reporter.unread.push(UnreadSchema {
                        location: found.location.clone(),
                        namespace,
                        file: found.reference.file.clone(),
                        position: found.reference.position,
                    });
                    continue;
                }
            };

            let chameleon_namespace = match &found.reference.expected {
                Expected::Include(namespace) => namespace.clone(),
                Expected::Import(_) => None,
            };
            let key = (loaded.base.clone(), chameleon_namespace.clone());
            if !seen.insert(key) {
                continue;
            }
            if sources.len() >= limits.max_documents {
                reporter.schema_error(
                    Code::LimitExceeded,
                    format!(
                        "`{}` would be schema document number {}, above the limit of {}: raise the limit or merge schema files",
                        found.location,
                        sources.len() + 1,
                        limits.max_documents
                    ),
                    &found.reference.file,
                    found.reference.position,
                );
                continue;
            }

            sources.push(SourceText {
                name: loaded.source.name.clone(),
                path: loaded.source.path.clone(),
                base: Some(loaded.base.clone()),
                text: loaded.text,
                chameleon_namespace,
                usable: false,
            });
            queue.push(Pending {
                index: sources.len() - 1,
                depth: pending.depth + 1,
                reference: Some(found.reference),
            });
        }
    }
    sources
}

struct FoundReference {
    location: String,
    verb: &'static str,
    reference: Reference,
}

/// Parses `source`, checks its target namespace against `reference`, and returns the
/// `xs:include` and `xs:import` locations it names.
fn scan(
    source: &mut SourceText,
    reference: Option<&Reference>,
    reporter: &mut Reporter,
) -> Vec<FoundReference> {
    let document = match parse(&source.text) {
        Ok(document) => document,
        Err(error) => {
            // roxmltree reports a line and column but no byte offset.
            let position = Position {
                line: error.pos().row,
                column: error.pos().col,
                offset: 0,
            };
            reporter.schema_error(
                Code::XsdSyntax,
                format!("the schema document is not well-formed XML: {error}"),
                &source.name,
                position,
            );
            return Vec::new();
        }
    };

    let index = LineIndex::new(&source.text);
    let schema = document.root_element();
    if !is_xsd(schema, "schema") {
        reporter.schema_error(
            Code::XsdSyntax,
            format!(
                "the root element is `{}`, not `schema` in namespace {XSD_NAMESPACE}: load a schema document",
                schema.tag_name().name()
            ),
            &source.name,
            index.position(&source.text, schema.range().start),
        );
        return Vec::new();
    }
    source.usable = true;

    let own_namespace = schema.attribute("targetNamespace").map(str::to_owned);
    if let Some(reference) = reference {
        check_namespace(reference, own_namespace.as_deref(), reporter);
    }
    let effective_namespace = own_namespace.or_else(|| source.chameleon_namespace.clone());

    let mut found = Vec::new();
    for child in schema.children() {
        let (expected, verb) = if is_xsd(child, "include") {
            (Expected::Include(effective_namespace.clone()), "includes")
        } else if is_xsd(child, "redefine") {
            // A redefined schema is included, with some components replaced.
            (Expected::Include(effective_namespace.clone()), "redefines")
        } else if is_xsd(child, "import") {
            let namespace = child.attribute("namespace").map(str::to_owned);
            (Expected::Import(namespace), "imports")
        } else {
            continue;
        };
        let Some(location) = child.attribute("schemaLocation") else {
            continue;
        };
        found.push(FoundReference {
            location: location.trim().to_owned(),
            verb,
            reference: Reference {
                file: source.name.clone(),
                position: index.position(&source.text, child.range().start),
                expected,
            },
        });
    }
    // The queue pops from the end, so reverse to read documents in schema order.
    found.reverse();
    found
}

fn check_namespace(reference: &Reference, own: Option<&str>, reporter: &mut Reporter) {
    let message = match &reference.expected {
        Expected::Include(expected) => match own {
            Some(own) if Some(own) != expected.as_deref() => Some(format!(
                "the included schema has target namespace `{own}` but the including schema has {}: include only schemas of the same namespace or none, and import the others",
                describe(expected.as_deref())
            )),
            _ => None,
        },
        Expected::Import(expected) => {
            if own == expected.as_deref() {
                None
            } else {
                Some(format!(
                    "the imported schema has {} but the import names {}: make `namespace` match the imported schema's `targetNamespace`",
                    describe(own),
                    describe(expected.as_deref())
                ))
            }
        }
    };
    if let Some(message) = message {
        reporter.schema_error(
            Code::SchemaConstraint,
            message,
            &reference.file,
            reference.position,
        );
    }
}

fn describe(namespace: Option<&str>) -> String {
    match namespace {
        Some(namespace) => format!("target namespace `{namespace}`"),
        None => "no target namespace".to_owned(),
    }
}
