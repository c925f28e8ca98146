//! The XML declaration and the text declaration of external entities.
//!
//! ```text
//! [23] XMLDecl      ::= '<?xml' VersionInfo EncodingDecl? SDDecl? S? '?>'
//! [24] VersionInfo  ::= S 'version' Eq ("'" VersionNum "'" | '"' VersionNum '"')
//! [26] VersionNum   ::= '1.' [0-9]+
//! [80] EncodingDecl ::= S 'encoding' Eq ('"' EncName '"' | "'" EncName "'" )
//! [81] EncName      ::= [A-Za-z] ([A-Za-z0-9._] | '-')*
//! [32] SDDecl       ::= S 'standalone' Eq (("'" ('yes' | 'no') "'") | ('"' ('yes' | 'no') '"'))
//! [77] TextDecl     ::= '<?xml' VersionInfo? EncodingDecl S? '?>'
//! ```

use super::names::is_whitespace_byte;
use crate::event::XmlDecl;
use schemakit_model::Code;

/// The kind of declaration being parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DeclKind {
    /// The XML declaration of a document.
    Document,
    /// The text declaration of an external parsed entity.
    Text,
}

/// Why a declaration is malformed: the message, its code and the byte index in the
/// text given to [`parse_declaration`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DeclError {
    pub(super) message: String,
    pub(super) code: Code,
    pub(super) index: usize,
}

fn malformed(message: impl Into<String>, index: usize) -> DeclError {
    DeclError {
        message: message.into(),
        code: Code::NotWellFormed,
        index,
    }
}

/// One `name="value"` of a declaration, with byte indexes of the name and the value.
struct PseudoAttribute<'a> {
    name: &'a str,
    value: &'a str,
    name_index: usize,
    value_index: usize,
}

/// Parses the content of `<?xml ...?>`: `content` starts right after `<?xml` and
/// ends before `?>`.
pub(super) fn parse_declaration(content: &str, kind: DeclKind) -> Result<XmlDecl, DeclError> {
    let what = match kind {
        DeclKind::Document => "the XML declaration",
        DeclKind::Text => "the text declaration",
    };
    let pseudo_attributes = split_pseudo_attributes(content, what)?;

    let mut version = None;
    let mut encoding = None;
    let mut standalone = None;
    // 0: nothing seen, 1: version seen, 2: encoding seen, 3: standalone seen.
    let mut stage = 0;

    for attribute in &pseudo_attributes {
        let order = match attribute.name {
            "version" => 1,
            "encoding" => 2,
            "standalone" if kind == DeclKind::Document => 3,
            other => {
                let allowed = match kind {
                    DeclKind::Document => "`version`, `encoding` and `standalone`",
                    DeclKind::Text => "`version` and `encoding`",
                };
                return Err(malformed(
                    format!(
                        "`{other}` is not allowed in {what}: only {allowed} are, in that order"
                    ),
                    attribute.name_index,
                ));
            }
        };
        if order <= stage {
            return Err(malformed(
                format!(
                    "`{}` is out of order or repeated in {what}: the order is `version`, `encoding`, `standalone`",
                    attribute.name
                ),
                attribute.name_index,
            ));
        }
        if kind == DeclKind::Document && stage == 0 && order != 1 {
            return Err(malformed(
                format!(
                    "{what} must start with `version`, found `{}`",
                    attribute.name
                ),
                attribute.name_index,
            ));
        }
        stage = order;

        match order {
            1 => version = Some(check_version(attribute)?),
            2 => encoding = Some(check_encoding_name(attribute)?),
            _ => standalone = Some(check_standalone(attribute)?),
        }
    }

    if kind == DeclKind::Document && version.is_none() {
        return Err(malformed(format!("{what} has no `version`"), content.len()));
    }
    if kind == DeclKind::Text && encoding.is_none() {
        return Err(malformed(
            format!("{what} has no `encoding`, which a text declaration requires"),
            content.len(),
        ));
    }

    Ok(XmlDecl {
        version: version.unwrap_or_else(|| "1.0".to_owned()),
        encoding,
        standalone,
    })
}

/// Splits `S name Eq quoted-value` items up to the end of `content`.
fn split_pseudo_attributes<'a>(
    content: &'a str,
    what: &str,
) -> Result<Vec<PseudoAttribute<'a>>, DeclError> {
    let bytes = content.as_bytes();
    let mut items = Vec::new();
    let mut index = 0;

    loop {
        let before_space = index;
        while bytes.get(index).copied().is_some_and(is_whitespace_byte) {
            index += 1;
        }
        if index >= bytes.len() {
            return Ok(items);
        }
        if index == before_space {
            return Err(malformed(
                format!(
                    "whitespace is required before `{}` in {what}",
                    char_at(content, index)
                ),
                index,
            ));
        }

        let name_index = index;
        while bytes
            .get(index)
            .is_some_and(|byte| byte.is_ascii_alphanumeric())
        {
            index += 1;
        }
        let name = content.get(name_index..index).unwrap_or("");
        if name.is_empty() {
            return Err(malformed(
                format!("unexpected `{}` in {what}", char_at(content, index)),
                index,
            ));
        }

        while bytes.get(index).copied().is_some_and(is_whitespace_byte) {
            index += 1;
        }
        if bytes.get(index) != Some(&b'=') {
            return Err(malformed(
                format!("`=` is missing after `{name}` in {what}"),
                index,
            ));
        }
        index += 1;
        while bytes.get(index).copied().is_some_and(is_whitespace_byte) {
            index += 1;
        }

        let quote = match bytes.get(index) {
            Some(&quote @ (b'"' | b'\'')) => quote,
            _ => {
                return Err(malformed(
                    format!("the value of `{name}` in {what} must be quoted with `\"` or `'`"),
                    index,
                ))
            }
        };
        let value_index = index + 1;
        let Some(length) = bytes
            .get(value_index..)
            .and_then(|rest| rest.iter().position(|&byte| byte == quote))
        else {
            return Err(malformed(
                format!("the value of `{name}` in {what} has no closing quote"),
                index,
            ));
        };
        let value = content.get(value_index..value_index + length).unwrap_or("");
        index = value_index + length + 1;

        items.push(PseudoAttribute {
            name,
            value,
            name_index,
            value_index,
        });
    }
}

fn char_at(text: &str, index: usize) -> char {
    text.get(index..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or(' ')
}

fn check_version(attribute: &PseudoAttribute<'_>) -> Result<String, DeclError> {
    let value = attribute.value;
    if value == "1.1" {
        return Err(DeclError {
            message: "XML 1.1 documents are not supported: only XML 1.0 is".to_owned(),
            code: Code::UnsupportedXmlVersion,
            index: attribute.value_index,
        });
    }

    // XML 1.0 fifth edition: a processor reads any other 1.x version as 1.0.
    let digits = value.strip_prefix("1.").unwrap_or("");
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(malformed(
            format!("invalid XML version `{value}`: expected `1.0`"),
            attribute.value_index,
        ));
    }
    Ok(value.to_owned())
}

fn check_encoding_name(attribute: &PseudoAttribute<'_>) -> Result<String, DeclError> {
    let value = attribute.value;
    let mut bytes = value.bytes();
    let valid = bytes
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-'));
    if !valid {
        return Err(malformed(
            format!("invalid encoding name `{value}`: it must start with a letter and contain only letters, digits, `.`, `_` and `-`"),
            attribute.value_index,
        ));
    }
    Ok(value.to_owned())
}

fn check_standalone(attribute: &PseudoAttribute<'_>) -> Result<bool, DeclError> {
    match attribute.value {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(malformed(
            format!("invalid standalone value `{other}`: expected `yes` or `no`"),
            attribute.value_index,
        )),
    }
}
