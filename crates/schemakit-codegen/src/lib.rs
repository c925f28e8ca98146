//! Generates Rust types with streaming XML readers and writers from DTDs and XSDs.
//!
//! [`generate`] turns a loaded [`Schema`] into one module of Rust source; [`Config`]
//! is the build-script API that loads schema files and writes one `<module>.rs` per
//! schema into `OUT_DIR`. The generated code depends on the `schemakit-runtime`
//! crate.
//!
//! # Type mapping
//!
//! - An element with element content, attributes or mixed content is a struct.
//!   Fields follow the content model: `T` for a required child, `Option<T>` for `?`,
//!   `Vec<T>` for `*` and `+` (`+` is checked non-empty on read).
//! - A choice is an enum, and a repeated choice a `Vec` of it, so document order
//!   survives. A nested sequence that repeats or sits in a choice is a struct of its
//!   own, named after its owner (`ScanGroup`, `ScanChoice`).
//! - A text-only element without attributes is a `String` field of its parent, or
//!   the type given by a type override (`AUTH_NEO4J/PORT` to `u16`).
//! - Mixed content is a `Vec` of an enum with a `Text` variant, in document order.
//! - Attributes are fields kept as written (`Option<String>`, or an enum for an
//!   enumerated type); an attribute with a default also gets an accessor method of
//!   the same name that applies it.
//! - Enumerations are enums whose `FromStr` and `Display` use the exact schema
//!   strings (`"MS SQL"`, `"x.509"`); an unknown value is an error naming the
//!   allowed ones.
//! - A field that would make a type contain itself is boxed.
//!
//! # XSD specifics
//!
//! - An `xs:all` group that is the whole content model becomes fields of its
//!   owner, read in any order, each member at most once. A repeated member and a
//!   missing required one are located errors. A `member_order` field
//!   (`schemakit_runtime::MemberOrder`) records the document order, and writing
//!   reproduces it. An empty record writes declaration order.
//!   The members of an optional all group (`minOccurs="0"`) are all `Option`s,
//!   and its required members are checked once any member occurs.
//! - Every XSD element struct has an `instance_attributes` field that keeps
//!   namespace declarations and `xml:` and `xsi:` attributes
//!   (`xsi:noNamespaceSchemaLocation`, `xsi:type`) in document order and writes
//!   them back. An `xsi:` attribute is one whose prefix is bound to the XML Schema
//!   instance namespace.
//! - A wildcard (`xs:any`) is a field of `AnyElement`s (`any`), or an `Any`
//!   variant in a choice, that takes every child element its content model does
//!   not name, whatever `processContents` says; its namespace constraint is not
//!   checked.
//! - `xs:boolean` is `schemakit_runtime::XsdBoolean`, which reads `true`, `false`,
//!   `1` and `0` and writes back the form it read.
//! - A text element declared `nillable="true"` is a `schemakit_runtime::Nillable`,
//!   which is `Nil` for `xsi:nil="true"` and writes the element back as read.
//! - Pattern facets, and length facets of string types, are checked on read
//!   through a `schemakit_runtime::TextFacets` static per simple type; a value
//!   that violates one is a located read error. Writing does not check them.
//!
//! Every generated type and inherent impl carries `#[allow(dead_code)]`, so a
//! binary crate that includes the module privately and uses only some of the
//! types compiles without dead-code warnings.
//!
//! # Names
//!
//! - Types and variants are UpperCamelCase and fields snake_case. Words split at
//!   spaces, `_`, `-`, `.`, `:` and case changes; only ASCII letters and digits are
//!   kept. A leading digit gets a `_` prefix, keywords become raw identifiers
//!   (`r#type`) and `self`, `Self`, `super` and `crate` get a `_` suffix.
//! - Clashes are resolved before any code is emitted, in declaration order: the
//!   first schema name keeps the Rust name and each later one gets the lowest free
//!   numeric suffix (`MsSql`, `MsSql2`; `id`, `id_2`), with a warning. An attribute
//!   whose field name a child element already took becomes `<name>_attribute`.
//! - Each schema is its own module, so same-named elements of different schemas
//!   never meet.
//!
//! Generated items use fully qualified paths (`::std::string::String`), so schema
//! types named `Result` or `Option` do not break them. The readers' own parameters
//! and locals start with `__` (`__reader`, `__start`, `__items`), which no field
//! name does, so children named `READER` or `START` do not shadow them.

mod build;
mod dtd;
mod emit;
mod emit_all;
mod emit_io;
mod error;
mod facets;
mod ir;
mod names;
mod options;
mod plan;
mod xsd;

pub use build::Config;
pub use error::CodegenError;
pub use options::{Options, UnknownElements};

use plan::Planner;
use schemakit_model::{Schema, SchemaKind};
use std::collections::BTreeSet;

/// Generated source for one schema.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The module source, formatted by prettyplease, preceded by one comment line.
    pub code: String,
    /// The parsed module.
    pub file: syn::File,
    /// Name clashes resolved, constructs without a field, and other notes.
    pub warnings: Vec<String>,
}

/// Generates the Rust module for `schema`. The output depends only on the schema
/// and the options, so equal input gives byte-for-byte equal code. A type override
/// or rename that matches nothing in `schema` is an error.
pub fn generate(schema: &Schema, options: &Options) -> Result<Generated, CodegenError> {
    let (generated, usage) = generate_with_usage(schema, options)?;
    usage.check(options)?;
    Ok(generated)
}

/// The type overrides and renames that matched something in the schemas generated
/// so far.
#[derive(Debug, Default)]
pub(crate) struct OptionUsage {
    overrides: BTreeSet<String>,
    renames: BTreeSet<String>,
}

impl OptionUsage {
    /// Adds the options that matched in another schema.
    pub(crate) fn extend(&mut self, other: OptionUsage) {
        self.overrides.extend(other.overrides);
        self.renames.extend(other.renames);
    }

    /// Returns the first type override, then the first rename, of `options` that
    /// matched nothing, as the option's kind and key.
    pub(crate) fn first_unused(&self, options: &Options) -> Option<(&'static str, String)> {
        let unused_override = options
            .type_overrides
            .keys()
            .find(|path| !self.overrides.contains(*path))
            .map(|path| ("the type override", path.clone()));
        let unused_rename = || {
            options
                .renames
                .keys()
                .find(|element| !self.renames.contains(*element))
                .map(|element| ("the rename", element.clone()))
        };
        unused_override.or_else(unused_rename)
    }

    fn check(&self, options: &Options) -> Result<(), CodegenError> {
        match self.first_unused(options) {
            Some((option, key)) => Err(CodegenError::UnusedOption { option, key }),
            None => Ok(()),
        }
    }
}

/// Generates the module for `schema` and returns which options matched, without
/// rejecting the ones that did not.
pub(crate) fn generate_with_usage(
    schema: &Schema,
    options: &Options,
) -> Result<(Generated, OptionUsage), CodegenError> {
    validate_options(options)?;

    let mut planner = Planner::new(options, &schema.symbols);
    match (&schema.xsd, schema.kind) {
        (Some(components), _) => xsd::plan_xsd(schema, components, &mut planner),
        (None, SchemaKind::Dtd | _) => dtd::plan_dtd(schema, &mut planner),
    }
    let usage = OptionUsage {
        overrides: std::mem::take(&mut planner.used_overrides),
        renames: std::mem::take(&mut planner.used_renames),
    };
    let (module, warnings) = planner.finish();
    if module.items.is_empty() {
        return Err(CodegenError::EmptySchema {
            name: source_name(schema),
        });
    }

    let tokens = emit::emit_module(&module, options)?;
    let file: syn::File = syn::parse2(tokens).map_err(|error| CodegenError::Internal {
        message: error.to_string(),
    })?;
    let code = format!(
        "// Generated by schemakit-codegen from {}; do not edit.\n\n{}",
        source_name(schema),
        prettyplease::unparse(&file)
    );
    let generated = Generated {
        code,
        file,
        warnings,
    };
    Ok((generated, usage))
}

/// Returns the file name of the schema's first source, without its directory.
fn source_name(schema: &Schema) -> String {
    let name = schema
        .sources
        .first()
        .map(|source| source.name.as_str())
        .unwrap_or("the schema");
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_owned()
}

fn validate_options(options: &Options) -> Result<(), CodegenError> {
    for (path, rust_type) in &options.type_overrides {
        if syn::parse_str::<syn::Type>(rust_type).is_err() {
            return Err(CodegenError::InvalidOverride {
                path: path.clone(),
                rust_type: rust_type.clone(),
            });
        }
    }
    for (element, rust_name) in &options.renames {
        let valid = syn::parse_str::<syn::Ident>(rust_name).is_ok()
            && rust_name
                .chars()
                .all(|character| character.is_ascii_alphanumeric() || character == '_');
        if !valid {
            return Err(CodegenError::InvalidRename {
                element: element.clone(),
                rust_name: rust_name.clone(),
            });
        }
    }
    Ok(())
}
