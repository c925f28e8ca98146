//! The schemas embedded at build time from the repository's `schemas/` folder.

use std::path::PathBuf;

include!(concat!(env!("OUT_DIR"), "/bundled_table.rs"));

/// The bundled catalog, relative to `schemas/`.
pub(crate) const CATALOG_PATH: &str = "catalog.xml";

/// The bundled root index, relative to `schemas/`.
pub(crate) const ROOT_INDEX_PATH: &str = "roots.toml";

/// Returns every bundled file as (path relative to `schemas/`, text), sorted by path.
pub fn bundled_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUNDLED_FILES.iter().copied()
}

/// Returns the text of a bundled file by its path relative to `schemas/`.
pub(crate) fn file(relative: &str) -> Option<&'static str> {
    BUNDLED_FILES
        .binary_search_by(|(path, _)| (*path).cmp(relative))
        .ok()
        .and_then(|index| BUNDLED_FILES.get(index))
        .map(|(_, text)| *text)
}

/// Returns the file in the source checkout that a bundled file was built from, when
/// it still exists, so that messages can point an editor at it.
pub(crate) fn source_path(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(SCHEMAS_DIR).join(relative);
    path.is_file().then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uri::bundled_uri;
    use crate::Catalog;

    /// Returns false (after printing why) when the build embedded no catalog.
    fn has_bundled_catalog() -> bool {
        let present = file(CATALOG_PATH).is_some();
        if !present {
            println!("skipped: this build embedded no schemas/{CATALOG_PATH}");
        }
        present
    }

    #[test]
    fn table_is_sorted_and_unique() {
        let paths: Vec<&str> = bundled_files().map(|(path, _)| path).collect();
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(paths, sorted);
    }

    #[test]
    fn file_lookup_finds_every_entry() {
        for (path, text) in bundled_files() {
            assert_eq!(file(path), Some(text), "{path}");
        }
        assert_eq!(file("no/such/file.dtd"), None);
    }

    #[test]
    fn schema_has_suffix_and_rewrite_entries() -> Result<(), crate::CatalogError> {
        if !has_bundled_catalog() {
            return Ok(());
        }
        let catalog = Catalog::bundled()?;
        let entries = catalog.entries();

        let schemas = bundled_files()
            .map(|(path, _)| path)
            .filter(|path| path.ends_with(".dtd") || path.ends_with(".xsd"));
        for path in schemas {
            let uri = bundled_uri(path);
            let exact = entries
                .iter()
                .any(|entry| !entry.kind.starts_with("rewrite") && entry.target == uri);
            let rewritten = entries
                .iter()
                .any(|entry| entry.kind.starts_with("rewrite") && uri.starts_with(&entry.target));
            assert!(exact, "no catalog entry maps to schemas/{path}");
            assert!(rewritten, "no rewrite entry covers schemas/{path}");
        }
        Ok(())
    }
}
