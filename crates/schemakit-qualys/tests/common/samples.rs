//! The documents that the generated types are tested on, each with the bundled
//! schema that describes it.
//!
//! The schema of a document is chosen as `schemakit validate` chooses it: by the
//! DOCTYPE's SYSTEM identifier through `schemas/catalog.xml`, or by the root element
//! through `schemas/roots.toml` when there is no DOCTYPE. Option profile documents
//! are also listed once more with `schemas/option_profiles.xsd`.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The option profile import and export schema, relative to `schemas/`.
pub const OPTION_PROFILES_XSD: &str = "option_profiles.xsd";

/// A document and the bundled schema it is read and validated with.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Absolute path of the document.
    pub path: PathBuf,
    /// Local name of the root element.
    pub root: String,
    /// Path of the schema relative to `schemas/`, with `/` separators.
    pub schema: String,
}

impl Sample {
    /// Returns the name of the generated module for the sample's schema: the snake
    /// case file stem, as the generator names it.
    pub fn module(&self) -> String {
        Path::new(&self.schema)
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Returns the document's text.
    pub fn text(&self) -> String {
        std::fs::read_to_string(&self.path)
            .unwrap_or_else(|error| panic!("failed to read {}: {error}", self.path.display()))
    }

    /// Returns the document's path relative to the workspace root, or its full path
    /// when it lies outside, for stable test messages.
    pub fn name(&self) -> String {
        let relative = self
            .path
            .strip_prefix(super::workspace_root())
            .unwrap_or(&self.path);
        relative.to_string_lossy().replace('\\', "/")
    }
}

/// Returns every `*.xml` in the workspace's `tests/samples`, each with its schema,
/// sorted by path.
pub fn workspace_samples() -> Vec<Sample> {
    let dir = super::workspace_root().join("tests/samples");
    let selector = SchemaSelector::bundled();

    let samples: Vec<Sample> = super::xml_files(&dir)
        .into_iter()
        .map(|path| selector.sample(path))
        .collect();
    assert!(
        samples.len() >= 19,
        "expected 19 or more documents in {}, found {}",
        dir.display(),
        samples.len()
    );
    samples
}

/// Returns the option profile documents that `schemas/option_profiles.xsd`
/// accepts: the option profile samples and the valid import files of
/// `tests/data/xsd/option_profiles/ok`, each with the XSD as its schema.
pub fn option_profiles_xsd_samples() -> Vec<Sample> {
    let root = super::workspace_root();
    let mut paths: Vec<PathBuf> = [
        "Database_OP.xml",
        "option_profiles_export.xml",
        "option_profiles_list.xml",
    ]
    .iter()
    .map(|file| root.join("tests/samples").join(file))
    .collect();
    paths.extend(super::xml_files(
        &root.join("tests/data/xsd/option_profiles/ok"),
    ));

    paths
        .into_iter()
        .map(|path| Sample {
            root: root_element(&read(&path), &path),
            path,
            schema: OPTION_PROFILES_XSD.to_owned(),
        })
        .collect()
}

/// Returns the workspace samples followed by the option profile documents read
/// with the XSD, each (document, schema) pair once.
pub fn all_samples() -> Vec<Sample> {
    let mut samples = workspace_samples();
    for sample in option_profiles_xsd_samples() {
        let listed = samples
            .iter()
            .any(|known| known.path == sample.path && known.schema == sample.schema);
        if !listed {
            samples.push(sample);
        }
    }
    samples
}

/// The entries of the corpus expectations file that matter here.
#[derive(Deserialize)]
struct CorpusExpectations {
    document: Vec<CorpusDocument>,
}

#[derive(Deserialize)]
struct CorpusDocument {
    file: String,
    verdict: String,
}

/// Returns the corpus documents that validate against a bundled schema (verdict
/// `valid` in `tests/data/corpus_expectations.toml`), each with that schema.
/// Returns `None` after printing `skipped:` when the corpus is absent outside CI.
pub fn corpus_samples() -> Option<Vec<Sample>> {
    let corpus = super::material_dir("SCHEMAKIT_CORPUS", "../shared/corpus/qualys")?;
    let expectations_path = super::workspace_root().join("tests/data/corpus_expectations.toml");
    let expectations: CorpusExpectations = toml::from_str(&read(&expectations_path))
        .unwrap_or_else(|error| panic!("{}: {error}", expectations_path.display()));
    let selector = SchemaSelector::bundled();

    let samples: Vec<Sample> = expectations
        .document
        .iter()
        .filter(|document| document.verdict == "valid")
        .map(|document| selector.sample(corpus.join(&document.file)))
        .collect();
    assert!(
        !samples.is_empty(),
        "{} lists no valid document",
        expectations_path.display()
    );
    Some(samples)
}

/// Chooses the bundled schema of a document from `schemas/catalog.xml` and
/// `schemas/roots.toml`.
pub struct SchemaSelector {
    /// `system` and `uri` entries of the catalog: (identifier, path relative to
    /// `schemas/`).
    exact: Vec<(String, String)>,
    /// `systemSuffix` entries of the catalog: (SYSTEM id suffix, path relative to
    /// `schemas/`).
    suffixes: Vec<(String, String)>,
    /// `roots.toml` entries: (root element, SYSTEM id).
    roots: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct RootIndex {
    root: Vec<RootEntry>,
}

#[derive(Deserialize)]
struct RootEntry {
    element: String,
    system_id: String,
}

impl SchemaSelector {
    /// Loads the bundled catalog and root index.
    pub fn bundled() -> Self {
        let schemas = super::workspace_root().join("schemas");

        let catalog_path = schemas.join("catalog.xml");
        let catalog_text = read(&catalog_path);
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        let catalog = roxmltree::Document::parse_with_options(&catalog_text, options)
            .unwrap_or_else(|error| panic!("{}: {error}", catalog_path.display()));
        let entries = |element: &str, key: &str| -> Vec<(String, String)> {
            catalog
                .descendants()
                .filter(|node| node.has_tag_name(element))
                .filter_map(|node| {
                    let identifier = node.attribute(key)?;
                    let uri = node.attribute("uri")?;
                    Some((identifier.to_owned(), uri.to_owned()))
                })
                .collect()
        };
        let mut exact = entries("system", "systemId");
        exact.extend(entries("uri", "name"));
        let suffixes = entries("systemSuffix", "systemIdSuffix");

        let roots_path = schemas.join("roots.toml");
        let index: RootIndex = toml::from_str(&read(&roots_path))
            .unwrap_or_else(|error| panic!("{}: {error}", roots_path.display()));
        let roots = index
            .root
            .into_iter()
            .map(|entry| (entry.element, entry.system_id))
            .collect();

        SchemaSelector {
            exact,
            suffixes,
            roots,
        }
    }

    /// Returns the document at `path` with its schema. Panics when no bundled
    /// schema describes it.
    pub fn sample(&self, path: PathBuf) -> Sample {
        let text = read(&path);
        let root = root_element(&text, &path);
        let system_id = match doctype_system_id(&text) {
            Some(system_id) => system_id,
            None => self
                .roots
                .iter()
                .find(|(element, _)| *element == root)
                .map(|(_, system_id)| system_id.clone())
                .unwrap_or_else(|| {
                    panic!(
                        "{}: no DOCTYPE and schemas/roots.toml has no entry for {root}",
                        path.display()
                    )
                }),
        };
        let schema = self.schema_for(&system_id).unwrap_or_else(|| {
            panic!(
                "{}: schemas/catalog.xml maps no schema for {system_id}",
                path.display()
            )
        });

        Sample { path, root, schema }
    }

    /// Returns the schema that the catalog maps `system_id` to. A `system` or
    /// `uri` entry naming it exactly wins over `systemSuffix` entries, and among
    /// those the longest matching suffix wins, as the OASIS XML Catalogs 1.1
    /// standard orders them.
    pub fn schema_for(&self, system_id: &str) -> Option<String> {
        let exact = self
            .exact
            .iter()
            .find(|(identifier, _)| identifier == system_id);
        if let Some((_, uri)) = exact {
            return Some(uri.clone());
        }

        self.suffixes
            .iter()
            .filter(|(suffix, _)| system_id.ends_with(suffix.as_str()))
            .max_by_key(|(suffix, _)| suffix.len())
            .map(|(_, uri)| uri.clone())
    }
}

/// Returns the SYSTEM identifier of the document's DOCTYPE, when it has one.
pub fn doctype_system_id(text: &str) -> Option<String> {
    let start = text.find("<!DOCTYPE")?;
    let declaration = text.get(start + "<!DOCTYPE".len()..)?;

    // Skip the root name, then read the external ID: SYSTEM "system" or
    // PUBLIC "public" "system". An internal subset alone has no SYSTEM id.
    let after_name = declaration
        .trim_start()
        .trim_start_matches(|ch: char| !ch.is_whitespace() && ch != '[' && ch != '>')
        .trim_start();
    let (literals_to_skip, rest) = if let Some(rest) = after_name.strip_prefix("SYSTEM") {
        (0, rest)
    } else if let Some(rest) = after_name.strip_prefix("PUBLIC") {
        (1, rest)
    } else {
        return None;
    };

    let mut rest = rest;
    let mut literal = None;
    for _ in 0..=literals_to_skip {
        let (value, remainder) = quoted_literal(rest)?;
        literal = Some(value);
        rest = remainder;
    }
    literal.map(str::to_owned)
}

/// Splits a leading quoted literal, after optional whitespace, from `text`.
fn quoted_literal(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    let quote = text.chars().next().filter(|ch| *ch == '"' || *ch == '\'')?;
    let body = text.get(1..)?;
    let end = body.find(quote)?;
    Some((body.get(..end)?, body.get(end + 1..)?))
}

fn root_element(text: &str, path: &Path) -> String {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    document.root_element().tag_name().name().to_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()))
}
