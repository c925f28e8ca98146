//! Data-driven tests: every `data/ok/*.dtd` parses without errors and its schema
//! matches a snapshot; every `data/err/*.dtd` reports the diagnostics in its
//! snapshot. Files whose name starts with `internal-` are parsed as a document's
//! internal subset, the others as an external subset. External entities resolve
//! to the files in `data/entities/`, by system identifier.

use schemakit_dtd::{check_schema, DtdBuilder, DtdLimits};
use schemakit_model::{
    AttributeDecl, DefaultDecl, EntityDecl, EntityValue, ExternalId, Position, Schema, SourceFile,
    Span,
};
use schemakit_resolve::{EntityLoader, LoadedEntity, Resolution, ResolveError};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// An in-memory loader over the files of `data/entities/`.
struct MemoryLoader {
    files: BTreeMap<String, String>,
}

impl MemoryLoader {
    fn from_dir(dir: &Path) -> Self {
        let mut files = BTreeMap::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    files.insert(name, text);
                }
            }
        }
        MemoryLoader { files }
    }
}

impl EntityLoader for MemoryLoader {
    fn load(&self, id: &ExternalId) -> Result<LoadedEntity, ResolveError> {
        match self.files.get(&id.system_id) {
            Some(text) => Ok(LoadedEntity {
                text: text.clone(),
                source: SourceFile {
                    name: format!("entities/{}", id.system_id),
                    path: None,
                },
                base: "entities/".to_owned(),
                resolution: Resolution::Relative,
            }),
            None => Err(ResolveError::NotInCatalog {
                system_id: id.system_id.clone(),
                public_id: id.public_id.clone(),
            }),
        }
    }
}

fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Parses the DTD file at `path` and returns the result of `finish`.
fn parse_file(path: &Path) -> Result<schemakit_dtd::Dtd, schemakit_dtd::DtdError> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let loader = MemoryLoader::from_dir(&data_dir().join("entities"));
    let limits = DtdLimits {
        max_entity_expansions: 10_000,
        max_expansion_bytes: 1024 * 1024,
        max_entity_depth: 16,
        max_group_nesting: 128,
    };
    let mut builder = DtdBuilder::new(&loader, limits);
    let source = SourceFile {
        name: file_name.clone(),
        path: None,
    };

    if file_name.starts_with("internal-") {
        builder.parse_internal_subset(&text, source, Position::START, Some("data/".to_owned()));
    } else {
        builder.parse_external_subset(&text, source, Some("data/".to_owned()));
    }
    builder.finish()
}

fn span_text(span: Option<Span>) -> String {
    match span {
        Some(span) => format!(
            "{}:{}-{}:{}",
            span.start.line, span.start.column, span.end.line, span.end.column
        ),
        None => "-".to_owned(),
    }
}

fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "&quot;").replace('\n', "\\n"))
}

fn external_id_text(id: &ExternalId) -> String {
    match &id.public_id {
        Some(public) => format!("PUBLIC {} {}", quoted(public), quoted(&id.system_id)),
        None => format!("SYSTEM {}", quoted(&id.system_id)),
    }
}

fn attribute_text(attribute: &AttributeDecl) -> String {
    let default = match &attribute.default {
        DefaultDecl::Required => "#REQUIRED".to_owned(),
        DefaultDecl::Implied => "#IMPLIED".to_owned(),
        DefaultDecl::Fixed(value) => format!("#FIXED {}", quoted(value)),
        DefaultDecl::Default(value) => quoted(value),
    };
    format!(
        "{} {} {}",
        attribute.name,
        attribute.ty.to_dtd_syntax(),
        default
    )
}

fn entity_text(prefix: &str, entity: &EntityDecl) -> String {
    let value = match &entity.value {
        EntityValue::Internal(text) => quoted(text),
        EntityValue::External { id, notation } => {
            let mut text = external_id_text(id);
            if let Some(notation) = notation {
                let _ = write!(text, " NDATA {notation}");
            }
            text
        }
    };
    let external = if entity.external_markup {
        " [external]"
    } else {
        ""
    };
    format!(
        "<!ENTITY {prefix}{} {value}> @ {}{external}",
        entity.name,
        span_text(entity.span)
    )
}

/// Writes every declaration of `schema` in DTD syntax with its span.
fn dump_schema(schema: &Schema) -> String {
    let mut out = String::new();

    for element in schema.elements.values() {
        let name = schema.name(element.name);
        if let Some(doc) = &element.doc {
            for line in doc.lines() {
                let _ = writeln!(out, "/// {line}");
            }
        }
        match &element.content {
            Some(content) => {
                let _ = writeln!(
                    out,
                    "<!ELEMENT {name} {}> @ {}{}",
                    content.to_dtd_syntax(&schema.symbols),
                    span_text(element.span),
                    if element.external_markup {
                        " [external]"
                    } else {
                        ""
                    }
                );
            }
            None => {
                let _ = writeln!(out, "(no element declaration for {name})");
            }
        }
        for attribute in element.attributes.values() {
            let _ = writeln!(
                out,
                "  <!ATTLIST {name} {}> @ {}",
                attribute_text(attribute),
                span_text(attribute.span)
            );
        }
    }
    for entity in schema.general_entities.values() {
        let _ = writeln!(out, "{}", entity_text("", entity));
    }
    for entity in schema.parameter_entities.values() {
        let _ = writeln!(out, "{}", entity_text("% ", entity));
    }
    for notation in schema.notations.values() {
        let id = match (&notation.public_id, &notation.system_id) {
            (Some(public), Some(system)) => format!("PUBLIC {} {}", quoted(public), quoted(system)),
            (Some(public), None) => format!("PUBLIC {}", quoted(public)),
            (None, system) => format!("SYSTEM {}", quoted(system.as_deref().unwrap_or(""))),
        };
        let _ = writeln!(
            out,
            "<!NOTATION {} {id}> @ {}",
            notation.name,
            span_text(notation.span)
        );
    }
    let sources: Vec<&str> = schema
        .sources
        .iter()
        .map(|source| source.name.as_str())
        .collect();
    let _ = writeln!(out, "sources: {}", sources.join(", "));
    out
}

#[test]
fn ok_files_parse_cleanly() {
    insta::glob!("data/ok/*.dtd", |path| {
        let dtd = match parse_file(path) {
            Ok(dtd) => dtd,
            Err(error) => panic!("{}: {error}\n{:#?}", path.display(), error.diagnostics()),
        };
        let errors: Vec<String> = dtd
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());

        let mut dump = dump_schema(&dtd.schema);
        for diagnostic in dtd
            .diagnostics
            .iter()
            .chain(check_schema(&dtd.schema).iter())
        {
            let _ = writeln!(dump, "{diagnostic}");
        }
        insta::assert_snapshot!(dump);
    });
}

/// A declaration cut off by the next one names what it lacks, and no `found` value:
/// the parser saw only the declaration's own text, not what follows it.
#[test]
fn unterminated_declaration_has_no_found_value() {
    let diagnostics = match parse_file(&data_dir().join("err/syntax_errors.dtd")) {
        Ok(dtd) => dtd.diagnostics,
        Err(error) => error.diagnostics().to_vec(),
    };
    let unterminated: Vec<_> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.message.contains("is not terminated"))
        .collect();

    assert!(!unterminated.is_empty(), "{diagnostics:?}");
    for diagnostic in unterminated {
        assert_eq!(diagnostic.found, None, "{diagnostic}");
    }
}

#[test]
fn err_files_report_diagnostics() {
    insta::glob!("data/err/*.dtd", |path| {
        let diagnostics = match parse_file(path) {
            Ok(dtd) => dtd.diagnostics,
            Err(error) => error.diagnostics().to_vec(),
        };
        assert!(
            diagnostics.iter().any(|diagnostic| diagnostic.is_error()),
            "{}: no error reported",
            path.display()
        );
        let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!(lines.join("\n"));
    });
}
