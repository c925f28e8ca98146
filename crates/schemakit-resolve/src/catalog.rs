//! OASIS XML Catalogs 1.1: loading catalog files and resolving identifiers.

mod loader;

use crate::bundled;
use crate::uri::{self, normalize_public_id, normalize_system_id, unwrap_public_id_urn};
use crate::CatalogError;
use loader::Source;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// How many catalogs `nextCatalog` and delegate entries may chain through.
const MAX_CHAIN_DEPTH: usize = 16;

/// An OASIS XML catalog with the catalogs it chains to, loaded eagerly and
/// immutable afterwards. Cloning is cheap.
#[derive(Clone, Debug)]
pub struct Catalog {
    data: Arc<CatalogData>,
}

#[derive(Debug)]
struct CatalogData {
    /// The catalog's name in messages: its path, or `schemas/catalog.xml`.
    name: String,
    entries: Vec<Entry>,
    next: Vec<Catalog>,
}

#[derive(Debug)]
struct Entry {
    kind: EntryKind,
    line: u32,
}

#[derive(Debug)]
enum EntryKind {
    System {
        id: String,
        uri: String,
    },
    RewriteSystem {
        start: String,
        prefix: String,
    },
    SystemSuffix {
        suffix: String,
        uri: String,
    },
    Public {
        id: String,
        uri: String,
        prefer_public: bool,
    },
    DelegateSystem {
        start: String,
        catalog: Catalog,
    },
    DelegatePublic {
        start: String,
        catalog: Catalog,
        prefer_public: bool,
    },
    Uri {
        name: String,
        uri: String,
    },
    RewriteUri {
        start: String,
        prefix: String,
    },
    UriSuffix {
        suffix: String,
        uri: String,
    },
}

impl Entry {
    fn describe(&self) -> CatalogEntry {
        let (kind, key, target) = match &self.kind {
            EntryKind::System { id, uri } => ("system", id, uri.clone()),
            EntryKind::RewriteSystem { start, prefix } => ("rewriteSystem", start, prefix.clone()),
            EntryKind::SystemSuffix { suffix, uri } => ("systemSuffix", suffix, uri.clone()),
            EntryKind::Public { id, uri, .. } => ("public", id, uri.clone()),
            EntryKind::DelegateSystem { start, catalog } => {
                ("delegateSystem", start, catalog.name().to_owned())
            }
            EntryKind::DelegatePublic { start, catalog, .. } => {
                ("delegatePublic", start, catalog.name().to_owned())
            }
            EntryKind::Uri { name, uri } => ("uri", name, uri.clone()),
            EntryKind::RewriteUri { start, prefix } => ("rewriteURI", start, prefix.clone()),
            EntryKind::UriSuffix { suffix, uri } => ("uriSuffix", suffix, uri.clone()),
        };
        CatalogEntry {
            kind,
            key: key.clone(),
            target,
            line: self.line,
        }
    }
}

/// A catalog entry that matched an identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogMatch {
    /// The absolute URI the identifier maps to: a `file:` URI, a location inside the
    /// bundled schemas, or whatever other URI the entry names.
    pub target: String,
    /// The name of the catalog file that contains the matching entry.
    pub catalog: String,
    /// The matching entry for messages, such as `systemSuffix "/x.dtd" at line 4`.
    pub entry: String,
}

/// One entry of a catalog file, for listing and consistency checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The element name, such as `systemSuffix`.
    pub kind: &'static str,
    /// The identifier, prefix or suffix the entry matches, after normalization.
    pub key: String,
    /// The absolute URI (or, for a rewrite entry, URI prefix) the entry maps to, or
    /// the name of the delegated catalog.
    pub target: String,
    pub line: u32,
}

impl Catalog {
    /// Loads a catalog file and every catalog it chains to with `nextCatalog`,
    /// `delegateSystem` and `delegatePublic`, which must be local files.
    pub fn load(path: &Path) -> Result<Catalog, CatalogError> {
        let absolute = uri::absolute_path(path);
        let base_uri = uri::path_to_file_uri(&absolute);
        let loaded = RefCell::new(HashMap::new());
        Self::load_uri(&base_uri, &path.display().to_string(), &[], &loaded)
    }

    /// Parses a catalog text; `location` is the file it stands for, which relative
    /// URIs in its entries resolve against (the file need not exist).
    pub fn parse(text: &str, location: &Path) -> Result<Catalog, CatalogError> {
        let base_uri = uri::path_to_file_uri(&uri::absolute_path(location));
        let source = Source {
            name: location.display().to_string(),
            base_uri,
            chain: &[],
            loaded: &RefCell::new(HashMap::new()),
        };
        Self::parse_source(text, &source)
    }

    /// Loads the catalog shipped with schemakit, which maps Qualys SYSTEM identifiers to the
    /// bundled schemas.
    pub fn bundled() -> Result<Catalog, CatalogError> {
        let path = bundled::CATALOG_PATH;
        let text = bundled::file(path).ok_or_else(|| CatalogError::BundledMissing {
            path: path.to_owned(),
        })?;
        let source = Source {
            name: format!("schemas/{path}"),
            base_uri: uri::bundled_uri(path),
            chain: &[],
            loaded: &RefCell::new(HashMap::new()),
        };
        Self::parse_source(text, &source)
    }

    /// Returns the catalog's name for messages.
    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// Returns the entries of this catalog file in document order, without those of
    /// chained catalogs.
    pub fn entries(&self) -> Vec<CatalogEntry> {
        self.data.entries.iter().map(Entry::describe).collect()
    }

    /// Returns the catalogs that `nextCatalog` entries chain to, in order.
    pub fn next_catalogs(&self) -> &[Catalog] {
        &self.data.next
    }

    /// Maps a system identifier alone.
    pub fn resolve_system(&self, system_id: &str) -> Option<String> {
        self.resolve_external(None, Some(system_id))
            .map(|found| found.target)
    }

    /// Maps a public identifier alone; every `public` entry applies, whatever its `prefer`.
    pub fn resolve_public(&self, public_id: &str) -> Option<String> {
        self.resolve_external(Some(public_id), None)
            .map(|found| found.target)
    }

    /// Maps an external identifier in the order that section 7.1.2 of OASIS XML
    /// Catalogs 1.1 defines. The system identifier is tried against `system`, the
    /// longest `rewriteSystem`, the longest `systemSuffix` and then `delegateSystem`.
    /// Next the public identifier is tried against `public` and `delegatePublic`, where
    /// an entry under `prefer="system"` applies only when there is no system
    /// identifier. Each `nextCatalog` follows in order.
    pub fn resolve_external(
        &self,
        public_id: Option<&str>,
        system_id: Option<&str>,
    ) -> Option<CatalogMatch> {
        let (public_id, system_id) = unwrap_urns(public_id, system_id);
        let public_id = public_id.map(|id| normalize_public_id(&id));
        let system_id = system_id.map(|id| normalize_system_id(&id));
        self.resolve_normalized(public_id.as_deref(), system_id.as_deref(), 0)
    }

    /// Maps a URI reference (such as an XSD `schemaLocation`) with `uri`, the longest
    /// `rewriteURI` and the longest `uriSuffix` entries, then each `nextCatalog`
    /// (OASIS XML Catalogs 1.1 section 7.2.2).
    pub fn resolve_uri(&self, uri_reference: &str) -> Option<CatalogMatch> {
        let normalized = normalize_system_id(uri_reference);
        self.resolve_uri_normalized(&normalized, 0)
    }

    fn resolve_normalized(
        &self,
        public_id: Option<&str>,
        system_id: Option<&str>,
        depth: usize,
    ) -> Option<CatalogMatch> {
        if depth > MAX_CHAIN_DEPTH {
            return None;
        }

        if let Some(system_id) = system_id {
            if let Some(found) = self.match_system(system_id, depth) {
                return found;
            }
        }

        if let Some(public_id) = public_id {
            if let Some(found) = self.match_public(public_id, system_id.is_none(), depth) {
                return found;
            }
        }

        self.data
            .next
            .iter()
            .find_map(|next| next.resolve_normalized(public_id, system_id, depth + 1))
    }

    /// Returns `Some(result)` when a system entry decided the resolution: a match, or
    /// a delegation whose catalogs had no match, which ends the resolution.
    fn match_system(&self, system_id: &str, depth: usize) -> Option<Option<CatalogMatch>> {
        let entries = &self.data.entries;

        let exact = entries.iter().find_map(|entry| match &entry.kind {
            EntryKind::System { id, uri } if id == system_id => {
                Some(self.found(uri.clone(), format!("system \"{id}\""), entry.line))
            }
            _ => None,
        });
        if exact.is_some() {
            return Some(exact);
        }

        let rewrite = longest(entries, |kind| match kind {
            EntryKind::RewriteSystem { start, prefix } => {
                system_id.strip_prefix(start.as_str()).map(|rest| {
                    (
                        start.len(),
                        format!("{prefix}{rest}"),
                        format!("rewriteSystem \"{start}\""),
                    )
                })
            }
            _ => None,
        });
        if let Some((target, description, line)) = rewrite {
            return Some(Some(self.found(target, description, line)));
        }

        let suffix = longest(entries, |kind| match kind {
            EntryKind::SystemSuffix { suffix, uri } if system_id.ends_with(suffix.as_str()) => {
                Some((
                    suffix.len(),
                    uri.clone(),
                    format!("systemSuffix \"{suffix}\""),
                ))
            }
            _ => None,
        });
        if let Some((target, description, line)) = suffix {
            return Some(Some(self.found(target, description, line)));
        }

        let delegates = delegates(entries, |kind| match kind {
            EntryKind::DelegateSystem { start, catalog }
                if system_id.starts_with(start.as_str()) =>
            {
                Some((start.len(), catalog))
            }
            _ => None,
        });
        if delegates.is_empty() {
            return None;
        }
        tracing::debug!(system_id, catalog = %self.data.name, "delegating system id");
        Some(
            delegates
                .iter()
                .find_map(|catalog| catalog.resolve_normalized(None, Some(system_id), depth + 1)),
        )
    }

    fn match_public(
        &self,
        public_id: &str,
        no_system_id: bool,
        depth: usize,
    ) -> Option<Option<CatalogMatch>> {
        let entries = &self.data.entries;

        let exact = entries.iter().find_map(|entry| match &entry.kind {
            EntryKind::Public {
                id,
                uri,
                prefer_public,
            } if id == public_id && (*prefer_public || no_system_id) => {
                Some(self.found(uri.clone(), format!("public \"{id}\""), entry.line))
            }
            _ => None,
        });
        if exact.is_some() {
            return Some(exact);
        }

        let delegates = delegates(entries, |kind| match kind {
            EntryKind::DelegatePublic {
                start,
                catalog,
                prefer_public,
            } if public_id.starts_with(start.as_str()) && (*prefer_public || no_system_id) => {
                Some((start.len(), catalog))
            }
            _ => None,
        });
        if delegates.is_empty() {
            return None;
        }
        tracing::debug!(public_id, catalog = %self.data.name, "delegating public id");
        Some(
            delegates
                .iter()
                .find_map(|catalog| catalog.resolve_normalized(Some(public_id), None, depth + 1)),
        )
    }

    fn resolve_uri_normalized(&self, uri_reference: &str, depth: usize) -> Option<CatalogMatch> {
        if depth > MAX_CHAIN_DEPTH {
            return None;
        }
        let entries = &self.data.entries;

        let exact = entries.iter().find_map(|entry| match &entry.kind {
            EntryKind::Uri { name, uri } if name == uri_reference => {
                Some(self.found(uri.clone(), format!("uri \"{name}\""), entry.line))
            }
            _ => None,
        });
        if exact.is_some() {
            return exact;
        }

        let rewrite = longest(entries, |kind| match kind {
            EntryKind::RewriteUri { start, prefix } => {
                uri_reference.strip_prefix(start.as_str()).map(|rest| {
                    (
                        start.len(),
                        format!("{prefix}{rest}"),
                        format!("rewriteURI \"{start}\""),
                    )
                })
            }
            _ => None,
        });
        if let Some((target, description, line)) = rewrite {
            return Some(self.found(target, description, line));
        }

        let suffix = longest(entries, |kind| match kind {
            EntryKind::UriSuffix { suffix, uri } if uri_reference.ends_with(suffix.as_str()) => {
                Some((suffix.len(), uri.clone(), format!("uriSuffix \"{suffix}\"")))
            }
            _ => None,
        });
        if let Some((target, description, line)) = suffix {
            return Some(self.found(target, description, line));
        }

        self.data
            .next
            .iter()
            .find_map(|next| next.resolve_uri_normalized(uri_reference, depth + 1))
    }

    fn found(&self, target: String, description: String, line: u32) -> CatalogMatch {
        CatalogMatch {
            target,
            catalog: self.data.name.clone(),
            entry: format!("{description} at line {line}"),
        }
    }
}

/// Turns `urn:publicid:` URNs into public identifiers (section 7.1.1).
fn unwrap_urns(
    public_id: Option<&str>,
    system_id: Option<&str>,
) -> (Option<String>, Option<String>) {
    let public = public_id.map(|id| unwrap_public_id_urn(id).unwrap_or_else(|| id.to_owned()));
    match system_id.and_then(unwrap_public_id_urn) {
        Some(from_system) => (public.or(Some(from_system)), None),
        None => (public, system_id.map(str::to_owned)),
    }
}

/// Returns (target, description, line) of the entry with the longest matching key;
/// the first such entry wins a tie.
fn longest(
    entries: &[Entry],
    matcher: impl Fn(&EntryKind) -> Option<(usize, String, String)>,
) -> Option<(String, String, u32)> {
    let mut best: Option<(usize, String, String, u32)> = None;
    for entry in entries {
        if let Some((length, target, description)) = matcher(&entry.kind) {
            if best
                .as_ref()
                .is_none_or(|(best_length, ..)| length > *best_length)
            {
                best = Some((length, target, description, entry.line));
            }
        }
    }
    best.map(|(_, target, description, line)| (target, description, line))
}

/// Returns the delegated catalogs of matching entries, longest prefix first.
fn delegates<'a>(
    entries: &'a [Entry],
    matcher: impl Fn(&'a EntryKind) -> Option<(usize, &'a Catalog)>,
) -> Vec<&'a Catalog> {
    let mut matches: Vec<(usize, &Catalog)> = entries
        .iter()
        .filter_map(|entry| matcher(&entry.kind))
        .collect();
    matches.sort_by_key(|(length, _)| std::cmp::Reverse(*length));
    matches.into_iter().map(|(_, catalog)| catalog).collect()
}
