//! Rust names for schema names, and deterministic resolution of clashes.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Keywords that cannot be raw identifiers, so they get a trailing underscore.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Rust keywords, strict and reserved (edition 2021), which become raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Converts a schema name to an UpperCamelCase type or variant name.
///
/// Words are split at spaces, `_`, `-`, `.`, `:` and case changes, so `MS SQL`,
/// `MS_SQL` and `ms-sql` all give `MsSql`. A name that starts with a digit gets a
/// `_` prefix (`3DES` gives `_3des`), and one without letters or digits gives `Empty`
/// (the empty string) or `Value`. Characters other than ASCII letters and digits are
/// dropped, so `Café` gives `Caf`.
pub(crate) fn type_name(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    fix_start(camel, name)
}

/// Converts a schema name to a snake_case field or method name, with the same word
/// rules as [`type_name`]; `type` and other keywords become raw identifiers
/// (`r#type`).
pub(crate) fn field_name(name: &str) -> String {
    let snake = name.to_snake_case();
    fix_start(snake, name)
}

fn fix_start(converted: String, original: &str) -> String {
    // Only ASCII letters, digits and `_` are kept, so every name is a valid identifier.
    let converted: String = converted
        .chars()
        .filter(|character| character.is_ascii_alphanumeric() || *character == '_')
        .collect();
    if converted.is_empty() {
        return if original.is_empty() {
            "Empty"
        } else {
            "Value"
        }
        .to_owned();
    }
    if converted.starts_with(|character: char| character.is_ascii_digit()) {
        return format!("_{converted}");
    }
    converted
}

/// Renders a name as identifier source text: keywords become raw identifiers, and
/// the few keywords that cannot be raw get a trailing underscore.
pub(crate) fn ident_text(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name) {
        return format!("r#{name}");
    }
    name.to_owned()
}

/// Hands out unique names within one scope (a module's types, a struct's fields, an
/// enum's variants). The first claimant of a name keeps it; each later one gets the
/// lowest free numeric suffix (`MsSql2`, `id_2`) and a warning names both schema
/// names, so the result depends only on declaration order.
#[derive(Debug, Default)]
pub(crate) struct Namer {
    taken: HashSet<String>,
    owners: Vec<(String, String)>,
}

impl Namer {
    /// Claims `wanted` for the schema name `source`, or a suffixed variant of it.
    /// `separator` goes between the name and the suffix (`""` for types, `"_"` for
    /// fields). A warning is pushed when the name was already taken.
    pub(crate) fn claim(
        &mut self,
        wanted: &str,
        source: &str,
        separator: &str,
        scope: &str,
        warnings: &mut Vec<String>,
    ) -> String {
        let mut name = wanted.to_owned();
        let mut suffix = 2;
        while self.taken.contains(&ident_key(&name)) {
            name = format!("{wanted}{separator}{suffix}");
            suffix += 1;
        }

        if name != wanted {
            let previous = self
                .owners
                .iter()
                .find(|(taken, _)| taken == wanted)
                .map(|(_, owner)| owner.as_str())
                .unwrap_or("a generated item");
            warnings.push(format!(
                "{scope}: {source:?} and {previous:?} both map to the Rust name {wanted}, so {source:?} is named {name}; add a rename to choose another name"
            ));
        }

        self.taken.insert(ident_key(&name));
        self.owners.push((name.clone(), source.to_owned()));
        name
    }

    /// Returns whether `name` is already taken.
    pub(crate) fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(&ident_key(name))
    }
}

/// Names that render to the same identifier clash; `type` and `r#type` are one name.
fn ident_key(name: &str) -> String {
    name.trim_start_matches("r#").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_from_schema_names() {
        let cases = [
            ("OPTION_PROFILES", "OptionProfiles"),
            ("MS SQL", "MsSql"),
            ("MS_SQL", "MsSql"),
            ("x.509", "X509"),
            ("3DES", "_3des"),
            ("auth-record", "AuthRecord"),
            ("", "Empty"),
            ("-", "Value"),
        ];
        for (schema, expected) in cases {
            assert_eq!(type_name(schema), expected, "type name of {schema:?}");
        }
    }

    #[test]
    fn field_names_from_schema_names() {
        let cases = [
            ("AUTH_NEO4J", "auth_neo4j"),
            ("ID", "id"),
            ("type", "type"),
            ("2FA", "_2fa"),
            ("xml:lang", "xml_lang"),
        ];
        for (schema, expected) in cases {
            assert_eq!(field_name(schema), expected, "field name of {schema:?}");
        }
    }

    #[test]
    fn keywords_render_as_raw_or_suffixed() {
        assert_eq!(ident_text("type"), "r#type");
        assert_eq!(ident_text("Self"), "Self_");
        assert_eq!(ident_text("self"), "self_");
        assert_eq!(ident_text("name"), "name");
    }

    #[test]
    fn namer_suffixes_later_claimants() {
        let mut namer = Namer::default();
        let mut warnings = Vec::new();

        let first = namer.claim("MsSql", "MS SQL", "", "enum Kind", &mut warnings);
        let second = namer.claim("MsSql", "MS_SQL", "", "enum Kind", &mut warnings);
        let third = namer.claim("MsSql", "ms-sql", "", "enum Kind", &mut warnings);

        assert_eq!(first, "MsSql");
        assert_eq!(second, "MsSql2");
        assert_eq!(third, "MsSql3");
        assert_eq!(warnings.len(), 2);
        assert!(
            warnings[0].contains("\"MS_SQL\" and \"MS SQL\""),
            "{}",
            warnings[0]
        );
    }
}
