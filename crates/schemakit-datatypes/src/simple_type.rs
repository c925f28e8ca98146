//! Simple type definitions: atomic restrictions of the built-in types, lists and
//! unions.

use crate::check::check_facets;
use crate::decimal::Decimal;
use crate::facets::{Bound, FacetValue};
use crate::lexical::{lexical_hint, parse_atomic};
use crate::text_check::accepts_text;
use crate::{BuiltinType, DerivationError, Facet, FacetSet, Value, ValueError};
use std::borrow::Cow;

/// The whiteSpace facet's value, ordered from weakest to strongest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WhiteSpace {
    /// The text is left as it is.
    Preserve,
    /// Tabs, line feeds and carriage returns become spaces.
    Replace,
    /// As `Replace`, then runs of spaces become one space and leading and trailing
    /// spaces are removed.
    Collapse,
}

impl WhiteSpace {
    /// Returns the facet value as written in a schema, e.g. `"collapse"`.
    pub fn name(self) -> &'static str {
        match self {
            WhiteSpace::Preserve => "preserve",
            WhiteSpace::Replace => "replace",
            WhiteSpace::Collapse => "collapse",
        }
    }

    /// Parses a whiteSpace facet value.
    pub fn from_name(name: &str) -> Option<WhiteSpace> {
        [
            WhiteSpace::Preserve,
            WhiteSpace::Replace,
            WhiteSpace::Collapse,
        ]
        .into_iter()
        .find(|white_space| white_space.name() == name)
    }

    /// Applies the normalization to `text`, borrowing it when nothing changes.
    pub fn apply(self, text: &str) -> Cow<'_, str> {
        let is_xml_space = |character: char| matches!(character, '\t' | '\n' | '\r' | ' ');
        match self {
            WhiteSpace::Preserve => Cow::Borrowed(text),
            WhiteSpace::Replace if !text.bytes().any(is_tab_or_line_end) => Cow::Borrowed(text),
            WhiteSpace::Replace => Cow::Owned(text.replace(['\t', '\n', '\r'], " ")),
            WhiteSpace::Collapse => {
                if is_collapsed(text) {
                    return Cow::Borrowed(text);
                }
                let words: Vec<&str> = text
                    .split(is_xml_space)
                    .filter(|word| !word.is_empty())
                    .collect();
                Cow::Owned(words.join(" "))
            }
        }
    }
}

fn is_tab_or_line_end(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\r')
}

/// Tells whether collapsing whitespace leaves `text` unchanged, which is the case when it
/// has no tab or line end, no leading or trailing space and no two spaces in a row.
/// It scans bytes, because every XML whitespace character is ASCII.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !has_byte_up_to_space(bytes) {
        return true;
    }
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }

    let mut after_space = false;
    for &byte in bytes {
        match byte {
            b'\t' | b'\n' | b'\r' => return false,
            b' ' if after_space => return false,
            b' ' => after_space = true,
            _ => after_space = false,
        }
    }
    true
}

/// Tells whether some byte of `bytes` is at most 0x20 (space), as every XML whitespace
/// character is. Text without such a byte has no whitespace, so it is collapsed
/// already. It tests eight bytes at a time, because for a word `x` the expression
/// `(x - 0x21..21) & !x & 0x80..80` is nonzero exactly when some byte of `x` is
/// below 0x21.
fn has_byte_up_to_space(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; 8]);
    const BELOW: u64 = ONES * 0x21;

    let mut words = bytes.chunks_exact(8);
    let in_words = words.by_ref().any(|chunk| {
        // `chunks_exact` yields 8-byte chunks only. Returning true for a shorter
        // one would only make the caller scan the text byte by byte.
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            return true;
        };
        let word = u64::from_ne_bytes(word);
        word.wrapping_sub(BELOW) & !word & HIGH_BITS != 0
    });
    in_words || words.remainder().iter().any(|&byte| byte <= b' ')
}

/// Resolves namespace prefixes of QName and NOTATION values in the document or
/// schema where the value was written.
pub trait NamespaceLookup {
    /// Returns the namespace bound to `prefix` (`""` for the default namespace), or
    /// `None` when the prefix is not bound (for `""`: no default namespace).
    fn namespace(&self, prefix: &str) -> Option<String>;
}

/// A [`NamespaceLookup`] with no bindings.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoNamespaces;

impl NamespaceLookup for NoNamespaces {
    fn namespace(&self, _prefix: &str) -> Option<String> {
        None
    }
}

/// The variety of a simple type.
#[derive(Clone, Debug)]
pub enum Variety {
    /// A built-in type or a restriction of one. `builtin` is the nearest built-in
    /// ancestor, whose lexical space the type uses.
    Atomic { builtin: BuiltinType },
    /// Whitespace-separated items of `item`.
    List { item: Box<SimpleType> },
    /// A value of the first member type that accepts it.
    Union { members: Vec<SimpleType> },
}

/// A simple type definition.
#[derive(Clone, Debug)]
pub struct SimpleType {
    /// The type's name as written in the schema (`None` for an anonymous type); for
    /// built-in types the local name, e.g. `"int"`.
    pub name: Option<String>,
    pub variety: Variety,
    pub facets: FacetSet,
}

impl SimpleType {
    /// Returns the built-in type `builtin` with its own facets (e.g. `xs:byte` has
    /// minInclusive -128). NMTOKENS, IDREFS and ENTITIES are lists of their item type
    /// with minLength 1.
    pub fn builtin(builtin: BuiltinType) -> SimpleType {
        if let Some(item) = builtin.list_item() {
            let mut list =
                SimpleType::list_of(SimpleType::builtin(item), Some(builtin.name().to_owned()));
            list.facets.min_length = Some(FacetValue {
                value: 1,
                fixed: false,
            });
            return list;
        }

        let mut facets = match builtin.base() {
            Some(BuiltinType::AnySimpleType) | None => FacetSet::default(),
            Some(base) => SimpleType::builtin(base).facets,
        };
        add_builtin_facets(builtin, &mut facets);
        SimpleType {
            name: Some(builtin.name().to_owned()),
            variety: Variety::Atomic { builtin },
            facets,
        }
    }

    /// Derives a type from `base` by restriction with `facets`, checking every rule of
    /// XSD 1.0 Part 2 on facet applicability, values and consistency. Returns every
    /// fault found, not only the first. Prefixed QName or NOTATION values in the
    /// facets need [`SimpleType::restrict_with_namespaces`].
    pub fn restrict(
        base: &SimpleType,
        name: Option<String>,
        facets: &[Facet],
    ) -> Result<SimpleType, Vec<DerivationError>> {
        crate::derive::restrict(base, name, facets, &NoNamespaces)
    }

    /// Derives a type as [`SimpleType::restrict`] does, resolving the prefixes of
    /// QName and NOTATION facet values with `namespaces`, the bindings in scope at
    /// the `xs:restriction` element.
    pub fn restrict_with_namespaces(
        base: &SimpleType,
        name: Option<String>,
        facets: &[Facet],
        namespaces: &dyn NamespaceLookup,
    ) -> Result<SimpleType, Vec<DerivationError>> {
        crate::derive::restrict(base, name, facets, namespaces)
    }

    /// Defines a list type of `item`. The item type must not be a list, nor a union
    /// with a list among its members.
    pub fn list(item: SimpleType, name: Option<String>) -> Result<SimpleType, DerivationError> {
        if item.contains_list() {
            return Err(DerivationError {
                facet_index: None,
                message: format!(
                    "the item type {} of a list is itself a list or a union of lists, so give an atomic item type or a union of atomic types",
                    item.describe()
                ),
            });
        }
        Ok(SimpleType::list_of(item, name))
    }

    fn list_of(item: SimpleType, name: Option<String>) -> SimpleType {
        let facets = FacetSet {
            white_space: Some(FacetValue {
                value: WhiteSpace::Collapse,
                fixed: true,
            }),
            ..FacetSet::default()
        };
        SimpleType {
            name,
            variety: Variety::List {
                item: Box::new(item),
            },
            facets,
        }
    }

    /// Defines a union of `members`. A member that is itself a union without facets
    /// of its own is replaced by its members, so that [`Variety::Union`] lists the
    /// types a value is tried against, in order.
    pub fn union(
        members: Vec<SimpleType>,
        name: Option<String>,
    ) -> Result<SimpleType, DerivationError> {
        if members.is_empty() {
            return Err(DerivationError {
                facet_index: None,
                message: "a union has no member types, so name them in memberTypes or add xs:simpleType children".to_owned(),
            });
        }

        let mut flattened = Vec::with_capacity(members.len());
        for member in members {
            match member.variety {
                Variety::Union { members: inner } if member.facets.is_empty() => {
                    flattened.extend(inner);
                }
                variety => flattened.push(SimpleType {
                    name: member.name,
                    variety,
                    facets: member.facets,
                }),
            }
        }

        Ok(SimpleType {
            name,
            variety: Variety::Union { members: flattened },
            facets: FacetSet::default(),
        })
    }

    /// Returns the whiteSpace facet in effect. Lists collapse. Unions return
    /// `Preserve` because each member normalizes the text itself during validation.
    pub fn white_space(&self) -> WhiteSpace {
        match &self.variety {
            Variety::List { .. } => WhiteSpace::Collapse,
            Variety::Union { .. } => WhiteSpace::Preserve,
            Variety::Atomic { .. } => self.facets.white_space().unwrap_or(WhiteSpace::Preserve),
        }
    }

    /// Applies the whiteSpace facet to `text`.
    pub fn normalize<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.white_space().apply(text)
    }

    /// Checks `text` (as written; normalization is applied here) against the type
    /// and every facet, and returns its value.
    pub fn validate(
        &self,
        text: &str,
        namespaces: &dyn NamespaceLookup,
    ) -> Result<Value, ValueError> {
        let normalized = self.normalize(text);

        let value = match &self.variety {
            Variety::Atomic { builtin } => parse_atomic(*builtin, &normalized, namespaces)
                .map_err(|error| lexical_error(*builtin, &normalized, error.reason))?,
            Variety::List { item } => {
                let items = normalized
                    .split(' ')
                    .filter(|part| !part.is_empty())
                    .map(|part| item.validate(part, namespaces))
                    .collect::<Result<Vec<_>, _>>()?;
                Value::List(items)
            }
            Variety::Union { members } => members
                .iter()
                .find_map(|member| member.validate(&normalized, namespaces).ok())
                .ok_or_else(|| self.union_error(&normalized, members))?,
        };

        check_facets(&self.facets, &normalized, &value)?;
        Ok(value)
    }

    /// Checks `text` as [`SimpleType::validate`] does, with the same error, but
    /// without building the value where the type's facets can be checked on the
    /// text.
    pub fn check(&self, text: &str, namespaces: &dyn NamespaceLookup) -> Result<(), ValueError> {
        if let Variety::Atomic { builtin } = &self.variety {
            if accepts_text(*builtin, &self.facets, &self.normalize(text)) {
                return Ok(());
            }
        }
        self.validate(text, namespaces).map(drop)
    }

    fn union_error(&self, text: &str, members: &[SimpleType]) -> ValueError {
        let names: Vec<String> = members.iter().map(SimpleType::describe).collect();
        let expected = names.join(" or ");
        ValueError {
            facet: None,
            message: format!(
                "{text:?} is not valid for any member type of the union, which accepts {expected}"
            ),
            expected: Some(expected),
        }
    }

    /// Returns the nearest built-in ancestor of an atomic type, `None` for lists
    /// and unions.
    pub fn builtin_ancestor(&self) -> Option<BuiltinType> {
        match &self.variety {
            Variety::Atomic { builtin } => Some(*builtin),
            _ => None,
        }
    }

    /// Describes the type for messages: its name, or what an anonymous type is
    /// derived from.
    pub fn describe(&self) -> String {
        if let Some(name) = &self.name {
            return name.clone();
        }
        match &self.variety {
            Variety::Atomic { builtin } => format!("a restriction of {}", builtin.name()),
            Variety::List { item } => format!("a list of {}", item.describe()),
            Variety::Union { .. } => "an anonymous union".to_owned(),
        }
    }

    /// Tells whether the type is a list or a union with a list among its members.
    fn contains_list(&self) -> bool {
        match &self.variety {
            Variety::Atomic { .. } => false,
            Variety::List { .. } => true,
            Variety::Union { members } => members.iter().any(SimpleType::contains_list),
        }
    }
}

fn lexical_error(builtin: BuiltinType, text: &str, reason: Option<String>) -> ValueError {
    let hint = lexical_hint(builtin);
    let name = builtin.name();
    let message = match reason {
        Some(reason) => format!("{text:?} is not a valid {name} because {reason}"),
        None => format!("{text:?} is not a valid {name}, expected {hint}"),
    };
    ValueError {
        facet: None,
        message,
        expected: Some(hint.to_owned()),
    }
}

/// Adds the facets that XSD 1.0 Part 2 gives `builtin` on top of those of its base.
fn add_builtin_facets(builtin: BuiltinType, facets: &mut FacetSet) {
    let white_space = |value, fixed| Some(FacetValue { value, fixed });
    match builtin {
        BuiltinType::AnySimpleType => {}
        BuiltinType::String => facets.white_space = white_space(WhiteSpace::Preserve, false),
        BuiltinType::NormalizedString => {
            facets.white_space = white_space(WhiteSpace::Replace, false);
        }
        BuiltinType::Token => facets.white_space = white_space(WhiteSpace::Collapse, false),
        _ if builtin.is_primitive() => facets.white_space = white_space(WhiteSpace::Collapse, true),
        BuiltinType::Integer => {
            facets.fraction_digits = Some(FacetValue {
                value: 0,
                fixed: true,
            });
        }
        _ => {}
    }

    let (minimum, maximum): (Option<&str>, Option<&str>) = match builtin {
        BuiltinType::NonPositiveInteger => (None, Some("0")),
        BuiltinType::NegativeInteger => (None, Some("-1")),
        BuiltinType::Long => (Some("-9223372036854775808"), Some("9223372036854775807")),
        BuiltinType::Int => (Some("-2147483648"), Some("2147483647")),
        BuiltinType::Short => (Some("-32768"), Some("32767")),
        BuiltinType::Byte => (Some("-128"), Some("127")),
        BuiltinType::NonNegativeInteger => (Some("0"), None),
        BuiltinType::UnsignedLong => (None, Some("18446744073709551615")),
        BuiltinType::UnsignedInt => (None, Some("4294967295")),
        BuiltinType::UnsignedShort => (None, Some("65535")),
        BuiltinType::UnsignedByte => (None, Some("255")),
        BuiltinType::PositiveInteger => (Some("1"), None),
        _ => (None, None),
    };
    let integer_bound = |written: &str| {
        Decimal::parse_integer(written).map(|value| Bound {
            written: written.to_owned(),
            value: Value::Integer(value),
            fixed: false,
        })
    };
    if let Some(minimum) = minimum {
        facets.min_inclusive = integer_bound(minimum);
    }
    if let Some(maximum) = maximum {
        facets.max_inclusive = integer_bound(maximum);
    }
}

#[cfg(test)]
mod tests {
    use super::{has_byte_up_to_space, WhiteSpace};
    use std::borrow::Cow;

    #[test]
    fn collapse_borrows_collapsed_text() {
        let cases = [
            ("a b c", "a b c", true),
            ("", "", true),
            ("a", "a", true),
            (" a", "a", false),
            ("a ", "a", false),
            ("a  b", "a b", false),
            ("a\tb", "a b", false),
            ("a\nb\r", "a b", false),
            (" \t\n ", "", false),
            ("2024-05-14T10:12:45Z", "2024-05-14T10:12:45Z", true),
            ("2024-05-14T10:12:45Z\n", "2024-05-14T10:12:45Z", false),
            ("2024-05-1\t4T10:12:45Z", "2024-05-1 4T10:12:45Z", false),
            ("abcdefgh  ijklmnop", "abcdefgh ijklmnop", false),
            ("abcdefgh ijklmnop", "abcdefgh ijklmnop", true),
            (
                "\u{e9}t\u{e9} \u{2003}caf\u{e9}",
                "\u{e9}t\u{e9} \u{2003}caf\u{e9}",
                true,
            ),
        ];
        for (text, expected, borrowed) in cases {
            let collapsed = WhiteSpace::Collapse.apply(text);
            assert_eq!(collapsed, expected, "{text:?}");
            assert_eq!(matches!(collapsed, Cow::Borrowed(_)), borrowed, "{text:?}");
        }
    }

    #[test]
    fn byte_up_to_space_found_at_each_offset() {
        for length in 0..20 {
            let plain = vec![b'a'; length];
            assert!(!has_byte_up_to_space(&plain), "length {length}");
            for offset in 0..length {
                for byte in [b' ', b'\t', b'\n', b'\r', 0x00, 0x1f, 0x20] {
                    let mut text = plain.clone();
                    text[offset] = byte;
                    assert!(
                        has_byte_up_to_space(&text),
                        "{byte:#x} at {offset} of {length}"
                    );
                }
            }
        }
    }

    #[test]
    fn byte_up_to_space_ignores_other_bytes() {
        let bytes: Vec<u8> = (0x21..=0xff).collect();
        assert!(!has_byte_up_to_space(&bytes));
        assert!(!has_byte_up_to_space(&bytes[3..]));
    }

    #[test]
    fn replace_borrows_text_without_tabs() {
        assert!(matches!(
            WhiteSpace::Replace.apply("a  b "),
            Cow::Borrowed("a  b ")
        ));
        assert_eq!(WhiteSpace::Replace.apply("a\tb\r\n"), "a b  ");
    }
}
