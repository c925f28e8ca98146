//! Reading catalog files: XML parsing, entries, `xml:base`, `prefer`, and loading of
//! the catalogs that `nextCatalog` and delegate entries name.

use super::{Catalog, CatalogData, Entry, EntryKind, MAX_CHAIN_DEPTH};
use crate::bundled;
use crate::uri::{self, normalize_public_id, normalize_system_id, unwrap_public_id_urn};
use crate::{decode_entity, CatalogError};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

const CATALOG_NAMESPACE: &str = "urn:oasis:names:tc:entity:xmlns:xml:catalog";
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// Catalogs larger than this many XML nodes are rejected by the parser.
const MAX_CATALOG_NODES: u32 = 1_000_000;

/// The origin of a catalog text, for messages and for resolving its entries.
pub(super) struct Source<'a> {
    pub(super) name: String,
    pub(super) base_uri: String,
    pub(super) chain: &'a [String],
    /// Catalogs already loaded by this load, by URI, so that a catalog that several
    /// entries chain to is read and parsed once.
    pub(super) loaded: &'a RefCell<HashMap<String, Catalog>>,
}

impl Catalog {
    /// Loads the catalog at an absolute `file:` or bundled URI.
    pub(super) fn load_uri(
        base_uri: &str,
        name: &str,
        chain: &[String],
        loaded: &RefCell<HashMap<String, Catalog>>,
    ) -> Result<Catalog, CatalogError> {
        if chain.len() >= MAX_CHAIN_DEPTH || chain.iter().any(|seen| seen == base_uri) {
            return Err(CatalogError::ChainTooDeep {
                file: name.to_owned(),
                limit: MAX_CHAIN_DEPTH,
            });
        }

        let text = match uri::bundled_path(base_uri) {
            Some(relative) => bundled::file(&relative)
                .ok_or(CatalogError::BundledMissing { path: relative })?
                .to_owned(),
            None => {
                let path = uri::file_uri_to_path(base_uri).map_err(|reason| CatalogError::Io {
                    path: name.into(),
                    source: std::io::Error::new(std::io::ErrorKind::InvalidInput, reason),
                })?;
                let bytes = std::fs::read(&path).map_err(|source| match source.kind() {
                    std::io::ErrorKind::NotFound => CatalogError::NotFound { path: name.into() },
                    _ => CatalogError::Io {
                        path: name.into(),
                        source,
                    },
                })?;
                decode_entity(&bytes, name).map_err(|error| CatalogError::Decode {
                    error: Box::new(error),
                })?
            }
        };

        let source = Source {
            name: name.to_owned(),
            base_uri: base_uri.to_owned(),
            chain,
            loaded,
        };
        let catalog = Self::parse_source(&text, &source)?;
        loaded
            .borrow_mut()
            .insert(base_uri.to_owned(), catalog.clone());
        Ok(catalog)
    }

    pub(super) fn parse_source(text: &str, source: &Source<'_>) -> Result<Catalog, CatalogError> {
        tracing::debug!(catalog = %source.name, "loading catalog");
        let options = roxmltree::ParsingOptions {
            // The standard catalog DOCTYPE names an external DTD, which roxmltree never fetches.
            allow_dtd: true,
            nodes_limit: MAX_CATALOG_NODES,
            ..roxmltree::ParsingOptions::default()
        };
        let document = roxmltree::Document::parse_with_options(text, options).map_err(|error| {
            let position = error.pos();
            // roxmltree ends its messages with the position, which the error already starts with.
            let message = error.to_string();
            let suffix = format!(" at {}:{}", position.row, position.col);
            let message = message.strip_suffix(&suffix).unwrap_or(&message).to_owned();
            CatalogError::Xml {
                file: source.name.clone(),
                line: position.row,
                column: position.col,
                message,
            }
        })?;

        let root = document.root_element();
        if root.tag_name().namespace() != Some(CATALOG_NAMESPACE)
            || root.tag_name().name() != "catalog"
        {
            let position = document.text_pos_at(root.range().start);
            return Err(CatalogError::NotACatalog {
                file: source.name.clone(),
                line: position.row,
                column: position.col,
                root: root.tag_name().name().to_owned(),
            });
        }

        let mut chain = source.chain.to_vec();
        chain.push(source.base_uri.clone());
        let mut builder = Builder {
            document: &document,
            name: &source.name,
            chain: &chain,
            loaded: source.loaded,
            entries: Vec::new(),
            next: Vec::new(),
        };
        let context = Context {
            base: source.base_uri.clone(),
            // The specification leaves the initial `prefer` to the application, and
            // libxml2 (catalog.c, xmlCatalogDefaultPrefer) also starts with "public".
            prefer_public: true,
        };
        let context = builder.context_of(root, &context)?;
        builder.read_children(root, &context, false)?;

        Ok(Catalog {
            data: Arc::new(CatalogData {
                name: source.name.clone(),
                entries: builder.entries,
                next: builder.next,
            }),
        })
    }
}

/// The base URI and `prefer` value in effect for an element.
struct Context {
    base: String,
    prefer_public: bool,
}

struct Builder<'a, 'input> {
    document: &'a roxmltree::Document<'input>,
    name: &'a str,
    chain: &'a [String],
    loaded: &'a RefCell<HashMap<String, Catalog>>,
    entries: Vec<Entry>,
    next: Vec<Catalog>,
}

impl Builder<'_, '_> {
    fn read_children(
        &mut self,
        parent: roxmltree::Node<'_, '_>,
        context: &Context,
        in_group: bool,
    ) -> Result<(), CatalogError> {
        for child in parent.children().filter(roxmltree::Node::is_element) {
            if child.tag_name().namespace() != Some(CATALOG_NAMESPACE) {
                continue;
            }
            let context = self.context_of(child, context)?;
            let line = self.document.text_pos_at(child.range().start).row;

            let kind = match child.tag_name().name() {
                "group" if in_group => {
                    return Err(self.invalid(child, "a group cannot contain another group"))
                }
                "group" => {
                    self.read_children(child, &context, true)?;
                    continue;
                }
                "nextCatalog" => {
                    let catalog = self.chained(child, &context, "catalog")?;
                    self.next.push(catalog);
                    continue;
                }
                "system" => EntryKind::System {
                    id: normalize_system_id(self.required(child, "systemId")?),
                    uri: self.target(child, &context, "uri")?,
                },
                "rewriteSystem" => EntryKind::RewriteSystem {
                    start: normalize_system_id(self.required(child, "systemIdStartString")?),
                    prefix: self.target(child, &context, "rewritePrefix")?,
                },
                "systemSuffix" => EntryKind::SystemSuffix {
                    suffix: normalize_system_id(self.required(child, "systemIdSuffix")?),
                    uri: self.target(child, &context, "uri")?,
                },
                "public" => EntryKind::Public {
                    id: self.public_id(child, "publicId")?,
                    uri: self.target(child, &context, "uri")?,
                    prefer_public: context.prefer_public,
                },
                "delegateSystem" => EntryKind::DelegateSystem {
                    start: normalize_system_id(self.required(child, "systemIdStartString")?),
                    catalog: self.chained(child, &context, "catalog")?,
                },
                "delegatePublic" => EntryKind::DelegatePublic {
                    start: self.public_id(child, "publicIdStartString")?,
                    catalog: self.chained(child, &context, "catalog")?,
                    prefer_public: context.prefer_public,
                },
                "uri" => EntryKind::Uri {
                    name: normalize_system_id(self.required(child, "name")?),
                    uri: self.target(child, &context, "uri")?,
                },
                "rewriteURI" => EntryKind::RewriteUri {
                    start: normalize_system_id(self.required(child, "uriStartString")?),
                    prefix: self.target(child, &context, "rewritePrefix")?,
                },
                "uriSuffix" => EntryKind::UriSuffix {
                    suffix: normalize_system_id(self.required(child, "uriSuffix")?),
                    uri: self.target(child, &context, "uri")?,
                },
                other => {
                    let message = format!("`{other}` is not an OASIS XML Catalogs 1.1 entry");
                    return Err(self.invalid(child, &message));
                }
            };
            self.entries.push(Entry { kind, line });
        }
        Ok(())
    }

    /// Applies the element's own `xml:base` and `prefer` to the inherited context.
    fn context_of(
        &self,
        node: roxmltree::Node<'_, '_>,
        inherited: &Context,
    ) -> Result<Context, CatalogError> {
        let base = match node.attribute((XML_NAMESPACE, "base")) {
            Some(base) => uri::resolve_reference(&inherited.base, &normalize_system_id(base)),
            None => inherited.base.clone(),
        };
        let prefer_public = match node.attribute("prefer") {
            None => inherited.prefer_public,
            Some("public") => true,
            Some("system") => false,
            Some(other) => {
                let message = format!("prefer=\"{other}\" must be \"public\" or \"system\"");
                return Err(self.invalid(node, &message));
            }
        };
        Ok(Context {
            base,
            prefer_public,
        })
    }

    fn required<'n>(
        &self,
        node: roxmltree::Node<'n, '_>,
        attribute: &str,
    ) -> Result<&'n str, CatalogError> {
        match node.attribute(attribute) {
            Some(value) if !value.trim().is_empty() => Ok(value),
            _ => Err(self.invalid(
                node,
                &format!("the required attribute `{attribute}` is missing or empty"),
            )),
        }
    }

    fn public_id(
        &self,
        node: roxmltree::Node<'_, '_>,
        attribute: &str,
    ) -> Result<String, CatalogError> {
        let value = self.required(node, attribute)?;
        Ok(normalize_public_id(
            &unwrap_public_id_urn(value).unwrap_or_else(|| value.to_owned()),
        ))
    }

    /// Reads a URI attribute and makes it absolute against the base in effect.
    fn target(
        &self,
        node: roxmltree::Node<'_, '_>,
        context: &Context,
        attribute: &str,
    ) -> Result<String, CatalogError> {
        let value = self.required(node, attribute)?;
        Ok(uri::resolve_reference(
            &context.base,
            &normalize_system_id(value),
        ))
    }

    /// Loads the catalog a `nextCatalog` or delegate entry names.
    fn chained(
        &self,
        node: roxmltree::Node<'_, '_>,
        context: &Context,
        attribute: &str,
    ) -> Result<Catalog, CatalogError> {
        let target = self.target(node, context, attribute)?;
        let name = match uri::bundled_path(&target) {
            Some(relative) => format!("schemas/{relative}"),
            None => match uri::file_uri_to_path(&target) {
                Ok(path) => path.display().to_string(),
                Err(reason) => {
                    let message = format!("catalog `{target}` is not a local file ({reason})");
                    return Err(self.invalid(node, &message));
                }
            },
        };
        let cached = self.loaded.borrow().get(&target).cloned();
        match cached {
            Some(catalog) => Ok(catalog),
            None => Catalog::load_uri(&target, &name, self.chain, self.loaded).map_err(|error| {
                match error {
                    CatalogError::Io { .. }
                    | CatalogError::NotFound { .. }
                    | CatalogError::Decode { .. }
                    | CatalogError::BundledMissing { .. } => self.chain_error(node, error),
                    other => other,
                }
            }),
        }
    }

    fn invalid(&self, node: roxmltree::Node<'_, '_>, message: &str) -> CatalogError {
        let position = self.document.text_pos_at(node.range().start);
        CatalogError::InvalidEntry {
            file: self.name.to_owned(),
            line: position.row,
            column: position.col,
            entry: self.entry_text(node),
            message: message.to_owned(),
        }
    }

    /// Wraps the error of loading a chained catalog with the entry that names it.
    fn chain_error(&self, node: roxmltree::Node<'_, '_>, error: CatalogError) -> CatalogError {
        let position = self.document.text_pos_at(node.range().start);
        CatalogError::ChainedCatalog {
            file: self.name.to_owned(),
            line: position.row,
            column: position.col,
            entry: self.entry_text(node),
            reason: chained_reason(&error),
        }
    }

    /// Returns the first line of an element's markup, at most 200 characters, for messages.
    fn entry_text(&self, node: roxmltree::Node<'_, '_>) -> String {
        let text = self.document.input_text();
        let entry = text
            .get(node.range())
            .and_then(|element| element.lines().next())
            .unwrap_or(node.tag_name().name());
        entry.chars().take(200).collect()
    }
}

/// Describes why a chained catalog failed to load, without the advice meant for a
/// catalog named on the command line.
fn chained_reason(error: &CatalogError) -> String {
    match error {
        CatalogError::NotFound { path } => format!("{} not found", path.display()),
        CatalogError::Io { path, source } => format!("cannot read {}: {source}", path.display()),
        other => other.to_string(),
    }
}
