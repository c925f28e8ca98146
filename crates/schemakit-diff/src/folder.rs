//! Comparison of two folders of schemas, matched by SYSTEM id or relative path.
//!
//! When both folders have a `catalog.xml`, a schema that both catalogs map from the
//! same identifier (a `system`, `systemSuffix` or `uri` entry) is compared with its
//! counterpart even when the file moved. Every other schema is matched by relative
//! path, and then a schema left without a counterpart is matched by its file name
//! when exactly one unmatched schema on each side has that name (a flat baseline
//! folder against the catalog's tree). Two catalog files are compared as the
//! folders that contain them.

use crate::change::{Compatibility, SchemaDiff};
use crate::load::{load_schema_file, DiffError};
use crate::{diff_schemas, Change, ChangeKind};
use schemakit_resolve::Catalog;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The result of comparing two folders of schemas.
#[derive(Debug, Default, Serialize)]
pub struct FolderDiff {
    /// Schemas present in both folders with their diff, by relative path, or as
    /// `old path -> new path` when a catalog identifier matched files that moved.
    pub changed: Vec<(String, SchemaDiff)>,
    /// Relative paths of schemas only the new folder has.
    pub added: Vec<String>,
    /// Relative paths of schemas only the old folder has.
    pub removed: Vec<String>,
}

impl FolderDiff {
    /// Combines the verdicts of every schema. A removed schema breaks backward
    /// compatibility (its documents have no schema any more) and an added one breaks
    /// forward compatibility.
    pub fn compatibility(&self) -> Compatibility {
        let mut total = SchemaDiff::default();
        for (_, diff) in &self.changed {
            total.changes.extend(diff.changes.iter().cloned());
        }
        for path in &self.removed {
            total.changes.push(schema_change(
                path,
                Compatibility::breaks_backward(format!(
                    "documents of schema {path} were valid and have no schema any more"
                )),
            ));
        }
        for path in &self.added {
            total.changes.push(schema_change(
                path,
                Compatibility::breaks_forward(format!(
                    "documents of schema {path} are now valid and had no schema"
                )),
            ));
        }
        total.compatibility()
    }

    /// Checks whether no schema was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.iter().all(|(_, diff)| diff.is_empty())
    }
}

fn schema_change(path: &str, compatibility: Compatibility) -> Change {
    Change {
        element: path.to_owned(),
        kind: ChangeKind::ElementDeclared {
            model: String::new(),
        },
        compatibility,
    }
}

/// Compares every schema (`*.dtd`, `*.xsd`) below `old` with the one at the same
/// relative path below `new`. Either may be a catalog file, which is read as its
/// folder.
pub fn diff_folders(old: &Path, new: &Path) -> Result<FolderDiff, DiffError> {
    let old_root = folder_of(old);
    let new_root = folder_of(new);
    let old_files = list_schemas(&old_root)?;
    let new_files = list_schemas(&new_root)?;

    let mut moved = moved_by_catalog(&old_root, &new_root, &old_files, &new_files)?;
    moved.extend(moved_by_file_name(&old_files, &new_files, &moved));

    let mut result = FolderDiff::default();
    for relative in &old_files {
        let (new_relative, label) = match moved.get(relative) {
            Some(new_relative) => (new_relative, format!("{relative} -> {new_relative}")),
            None if new_files.contains(relative) => (relative, relative.clone()),
            None => {
                result.removed.push(relative.clone());
                continue;
            }
        };
        let old_schema = load_schema_file(&old_root.join(relative))?;
        let new_schema = load_schema_file(&new_root.join(new_relative))?;
        result
            .changed
            .push((label, diff_schemas(&old_schema, &new_schema)));
    }
    result.added = new_files
        .iter()
        .filter(|relative| {
            !old_files.contains(relative) && !moved.values().any(|target| target == *relative)
        })
        .cloned()
        .collect();
    Ok(result)
}

/// Pairs the schemas that both folders' catalogs map from one identifier but that
/// sit at different relative paths: old relative path to new relative path.
fn moved_by_catalog(
    old_root: &Path,
    new_root: &Path,
    old_files: &[String],
    new_files: &[String],
) -> Result<BTreeMap<String, String>, DiffError> {
    let old_ids = catalog_targets(old_root)?;
    let new_ids = catalog_targets(new_root)?;

    let mut moved = BTreeMap::new();
    for (identifier, old_relative) in &old_ids {
        let Some(new_relative) = new_ids.get(identifier) else {
            continue;
        };
        let both_exist = old_files.contains(old_relative) && new_files.contains(new_relative);
        let old_path_kept = new_files.contains(old_relative);
        if old_relative != new_relative && both_exist && !old_path_kept {
            moved.insert(old_relative.clone(), new_relative.clone());
        }
    }
    Ok(moved)
}

/// Pairs the schemas that no catalog identifier or relative path matched, by file
/// name, when the name is unique among the unmatched schemas of each folder: old
/// relative path to new relative path.
fn moved_by_file_name(
    old_files: &[String],
    new_files: &[String],
    moved: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let file_name = |relative: &str| relative.rsplit('/').next().unwrap_or(relative).to_owned();
    let unmatched_by_name = |files: Vec<&String>| {
        let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for relative in files {
            by_name
                .entry(file_name(relative))
                .or_default()
                .push(relative.clone());
        }
        by_name
    };

    let old_unmatched = unmatched_by_name(
        old_files
            .iter()
            .filter(|relative| !moved.contains_key(*relative) && !new_files.contains(relative))
            .collect(),
    );
    let new_unmatched = unmatched_by_name(
        new_files
            .iter()
            .filter(|relative| {
                !old_files.contains(relative) && !moved.values().any(|target| target == *relative)
            })
            .collect(),
    );

    let mut pairs = BTreeMap::new();
    for (name, old_paths) in &old_unmatched {
        if let ([old_relative], Some([new_relative])) = (
            old_paths.as_slice(),
            new_unmatched.get(name).map(Vec::as_slice),
        ) {
            pairs.insert(old_relative.clone(), new_relative.clone());
        }
    }
    pairs
}

/// Maps each identifier of the `system`, `systemSuffix` and `uri` entries of
/// `root/catalog.xml` to the relative path of the file it names. Entries that name
/// files outside `root` are left out. Returns an empty map without a catalog.
fn catalog_targets(root: &Path) -> Result<BTreeMap<String, String>, DiffError> {
    let catalog_path = root.join("catalog.xml");
    if !catalog_path.is_file() {
        return Ok(BTreeMap::new());
    }
    let catalog = Catalog::load(&catalog_path).map_err(|source| DiffError::Catalog {
        path: catalog_path.clone(),
        source,
    })?;
    let Ok(canonical_root) = root.canonicalize() else {
        return Ok(BTreeMap::new());
    };

    let mut targets = BTreeMap::new();
    for entry in catalog.entries() {
        if !matches!(entry.kind, "system" | "systemSuffix" | "uri") {
            continue;
        }
        let Some(file) = entry.target.strip_prefix("file://") else {
            continue;
        };
        let Ok(canonical_file) = Path::new(file).canonicalize() else {
            continue;
        };
        if let Ok(relative) = canonical_file.strip_prefix(&canonical_root) {
            targets.insert(entry.key, slash_path(relative));
        }
    }
    Ok(targets)
}

/// Writes a relative path with `/` separators.
fn slash_path(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Returns the folder that `path` names: itself, or the folder of a catalog file.
pub fn folder_of(path: &Path) -> PathBuf {
    if path.is_file() {
        return path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_owned);
    }
    path.to_owned()
}

/// Lists the schema files below `root` by relative path with `/` separators, sorted.
pub fn list_schemas(root: &Path) -> Result<Vec<String>, DiffError> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|source| DiffError::ReadFolder {
            path: folder.clone(),
            source,
        })?;
        for entry in entries {
            let path = entry
                .map_err(|source| DiffError::ReadFolder {
                    path: folder.clone(),
                    source,
                })?
                .path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let is_schema = path.extension().is_some_and(|extension| {
                extension.eq_ignore_ascii_case("dtd") || extension.eq_ignore_ascii_case("xsd")
            });
            if let (true, Ok(relative)) = (is_schema, path.strip_prefix(root)) {
                found.push(slash_path(relative));
            }
        }
    }
    found.sort();
    Ok(found)
}
