//! The index that maps root element names to bundled schemas.

use crate::{bundled, CatalogError};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One entry of the index that maps root element names to bundled schemas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootEntry {
    pub root: String,
    /// The canonical SYSTEM identifier of the schema, resolvable through the bundled catalog.
    pub system_id: String,
    /// The reason this schema is the one chosen for the root, for the output.
    pub reason: String,
}

/// The index of schemas by root element, used when a document has no DOCTYPE or
/// a SYSTEM identifier that no catalog maps.
#[derive(Clone, Debug, Default)]
pub struct RootIndex {
    entries: BTreeMap<String, RootEntry>,
}

/// The TOML layout: a `[[root]]` table per entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexFile {
    #[serde(default)]
    root: Vec<IndexRecord>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexRecord {
    element: String,
    system_id: String,
    reason: String,
}

impl RootIndex {
    /// Loads the index shipped with schemakit (`schemas/roots.toml`), which is empty when the build
    /// contains no such file.
    pub fn bundled() -> Result<RootIndex, CatalogError> {
        match bundled::file(bundled::ROOT_INDEX_PATH) {
            Some(text) => Self::parse(text, &format!("schemas/{}", bundled::ROOT_INDEX_PATH)),
            None => {
                tracing::warn!("this build contains no schemas/roots.toml, so no root element selects a bundled schema");
                Ok(RootIndex::default())
            }
        }
    }

    /// Reads a user's own index in the same format as `schemas/roots.toml`.
    pub fn load(path: &Path) -> Result<RootIndex, CatalogError> {
        let text = std::fs::read_to_string(path).map_err(|source| CatalogError::RootIndexIo {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses an index text; `name` is the file name for messages.
    pub fn parse(text: &str, name: &str) -> Result<RootIndex, CatalogError> {
        let file: IndexFile =
            toml::from_str(text).map_err(|error| toml_error(text, name, &error))?;

        let mut entries = BTreeMap::new();
        for record in file.root {
            if let Some(first) = entries.get(&record.element) {
                let first: &RootEntry = first;
                return Err(CatalogError::DuplicateRoot {
                    file: name.to_owned(),
                    element: record.element,
                    first: first.system_id.clone(),
                    second: record.system_id,
                });
            }
            let entry = RootEntry {
                root: record.element.clone(),
                system_id: record.system_id,
                reason: record.reason,
            };
            entries.insert(record.element, entry);
        }
        Ok(RootIndex { entries })
    }

    pub fn lookup(&self, root: &str) -> Option<&RootEntry> {
        self.entries.get(root)
    }

    /// Returns the entries sorted by element name.
    pub fn entries(&self) -> impl Iterator<Item = &RootEntry> {
        self.entries.values()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Converts a TOML error into a one-line message with the line and column it starts at.
fn toml_error(text: &str, name: &str, error: &toml::de::Error) -> CatalogError {
    let offset = error.span().map_or(0, |span| span.start);
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    CatalogError::RootIndexToml {
        file: name.to_owned(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        message: error.message().trim_end().replace('\n', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, EntityLoader, ExternalPolicy, Resolution, Resolver};
    use schemakit_model::ExternalId;

    #[test]
    fn bundled_index_ids_load_through_bundled_catalog() -> Result<(), Box<dyn std::error::Error>> {
        if bundled::file(bundled::ROOT_INDEX_PATH).is_none()
            || bundled::file(bundled::CATALOG_PATH).is_none()
        {
            println!("skipped: this build embedded no schemas/roots.toml or schemas/catalog.xml");
            return Ok(());
        }
        let index = RootIndex::bundled()?;
        assert!(!index.is_empty());
        let resolver = Resolver::new(ExternalPolicy::Catalog).with_catalog(Catalog::bundled()?);

        for entry in index.entries() {
            let id = ExternalId {
                public_id: None,
                system_id: entry.system_id.clone(),
                base: None,
            };
            let loaded = resolver
                .load(&id)
                .map_err(|error| format!("root {}: {error}", entry.root))?;
            assert!(
                loaded.source.name.starts_with("schemas/"),
                "{}",
                loaded.source.name
            );
            assert_eq!(
                loaded.resolution,
                Resolution::Catalog {
                    catalog: "schemas/catalog.xml".to_owned()
                }
            );
            let declares_root = loaded.text.contains(&format!("<!ELEMENT {} ", entry.root))
                || loaded.text.contains(&format!("<!ELEMENT {}\n", entry.root))
                || loaded.text.contains(&format!("name=\"{}\"", entry.root));
            assert!(
                declares_root,
                "{} does not declare the root {}",
                loaded.source.name, entry.root
            );
        }
        Ok(())
    }

    #[test]
    fn duplicate_element_is_rejected() {
        let text = r#"
[[root]]
element = "A"
system_id = "https://h/a.dtd"
reason = "first"

[[root]]
element = "A"
system_id = "https://h/b.dtd"
reason = "second"
"#;
        let error = RootIndex::parse(text, "roots.toml").map(|_| ()).err();
        let message = error.map(|error| error.to_string()).unwrap_or_default();
        assert!(message.contains("`A` is listed twice"), "{message}");
        assert!(message.contains("https://h/b.dtd"), "{message}");
    }

    #[test]
    fn unknown_field_is_rejected() {
        let text = "[[root]]\nelement = \"A\"\nsystem_id = \"x\"\nreason = \"r\"\nschema = \"y\"\n";
        let error = RootIndex::parse(text, "roots.toml").map(|_| ()).err();
        let message = error.map(|error| error.to_string()).unwrap_or_default();
        assert!(
            message.starts_with("roots.toml:5:1: invalid root index: unknown field `schema`"),
            "{message}"
        );
    }

    #[test]
    fn lookup_returns_entry() -> Result<(), CatalogError> {
        let text = "[[root]]\nelement = \"A\"\nsystem_id = \"https://h/a.dtd\"\nreason = \"only schema\"\n";
        let index = RootIndex::parse(text, "roots.toml")?;
        let entry = index.lookup("A");
        assert_eq!(
            entry.map(|entry| entry.system_id.as_str()),
            Some("https://h/a.dtd")
        );
        assert_eq!(
            entry.map(|entry| entry.reason.as_str()),
            Some("only schema")
        );
        assert!(index.lookup("B").is_none());
        Ok(())
    }
}
