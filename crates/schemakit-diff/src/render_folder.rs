//! Reports of a folder diff: one section per changed schema, then added and removed
//! schemas and the overall verdict.

use crate::change::{Change, Compatibility};
use crate::folder::FolderDiff;
use crate::render::{render_human, render_markdown, summary, JSON_FORMAT_VERSION};
use serde::Serialize;
use std::fmt::Write as _;

/// Writes a `== path` header and the human report of each changed schema, a line
/// per added or removed schema, then the overall verdict.
pub fn render_folder_human(diff: &FolderDiff) -> String {
    let mut text = String::new();
    for (path, schema_diff) in &diff.changed {
        if schema_diff.is_empty() {
            continue;
        }
        let _ = writeln!(text, "== {path}");
        text.push_str(&render_human(schema_diff));
    }
    for path in &diff.added {
        let _ = writeln!(text, "schema added: {path}");
    }
    for path in &diff.removed {
        let _ = writeln!(text, "schema removed: {path}");
    }

    let changed = diff
        .changed
        .iter()
        .filter(|(_, schema_diff)| !schema_diff.is_empty())
        .count();
    let noun = if changed == 1 { "schema" } else { "schemas" };
    let _ = writeln!(
        text,
        "{changed} {noun} changed, {} added, {} removed, {}",
        diff.added.len(),
        diff.removed.len(),
        summary(&diff.compatibility())
    );
    text
}

/// Writes a "Schema changes" section with one subsection per changed schema.
pub fn render_folder_markdown(diff: &FolderDiff) -> String {
    let mut text = String::from("# Schema changes\n\n");
    let _ = writeln!(
        text,
        "Compatibility: **{}**.\n",
        summary(&diff.compatibility())
    );
    for path in &diff.added {
        let _ = writeln!(text, "- schema added: `{path}`");
    }
    for path in &diff.removed {
        let _ = writeln!(text, "- schema removed: `{path}`");
    }
    for (path, schema_diff) in &diff.changed {
        if schema_diff.is_empty() {
            continue;
        }
        let _ = writeln!(text, "\n# `{path}`\n");
        text.push_str(&render_markdown(schema_diff));
    }
    text
}

#[derive(Serialize)]
struct SchemaReport<'a> {
    path: &'a str,
    changes: &'a [Change],
    compatibility: Compatibility,
}

#[derive(Serialize)]
struct FolderReport<'a> {
    version: u32,
    schemas: Vec<SchemaReport<'a>>,
    added: &'a [String],
    removed: &'a [String],
    compatibility: Compatibility,
}

/// Writes the folder diff as a JSON object with `version`, `schemas` (each with
/// `path`, `changes` and `compatibility`), `added`, `removed` and the overall
/// `compatibility`.
pub fn render_folder_json(diff: &FolderDiff) -> Result<String, serde_json::Error> {
    let schemas = diff
        .changed
        .iter()
        .map(|(path, schema_diff)| SchemaReport {
            path,
            changes: &schema_diff.changes,
            compatibility: schema_diff.compatibility(),
        })
        .collect();
    let report = FolderReport {
        version: JSON_FORMAT_VERSION,
        schemas,
        added: &diff.added,
        removed: &diff.removed,
        compatibility: diff.compatibility(),
    };
    serde_json::to_string_pretty(&report)
}
