//! Entity expansion: the stack of entities being read, the expansion limits,
//! recursion detection and character references.

use super::position::LineTracker;
use crate::Limits;
use schemakit_model::{chars, Position};
use std::io::Cursor;

/// Returns the character of a predefined entity (XML 1.0 section 4.6).
pub(super) fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

/// Resolves the body of a character reference (the text between `&#` and `;`).
///
/// ```text
/// [66] CharRef ::= '&#' [0-9]+ ';' | '&#x' [0-9a-fA-F]+ ';'
/// ```
pub(super) fn resolve_char_ref(body: &str) -> Result<char, String> {
    let (digits, radix) = match body.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (body, 10),
    };
    let well_formed = !digits.is_empty() && digits.chars().all(|ch| ch.is_digit(radix));
    if !well_formed {
        return Err(format!(
            "`&#{body};` is not a character reference: write `&#` and decimal digits or `&#x` and hexadecimal digits, then `;`"
        ));
    }

    let code = u32::from_str_radix(digits, radix).ok();
    match code.and_then(char::from_u32) {
        Some(ch) if chars::is_xml_char(ch) => Ok(ch),
        Some(ch) => Err(format!(
            "the character reference `&#{body};` names U+{:04X}, which is not an XML character",
            u32::from(ch)
        )),
        None => Err(format!(
            "the character reference `&#{body};` does not name a Unicode character"
        )),
    }
}

/// The reason an expansion was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ExpansionError {
    /// The entity refers to itself: the chain of entity names from the entity back
    /// to itself.
    Recursion(Vec<String>),
    /// A limit was exceeded: its option name, its value and what exceeded it.
    Limit {
        limit: &'static str,
        value: usize,
        what: &'static str,
    },
}

impl ExpansionError {
    pub(super) fn message(&self) -> String {
        match self {
            ExpansionError::Recursion(chain) => recursion_message(chain),
            ExpansionError::Limit { limit, value, what } => format!(
                "entity expansion stopped: {what} exceeds the limit {limit} = {value}; raise the limit (`--{}` on the command line) if the document is trusted",
                limit.replace('_', "-")
            ),
        }
    }
}

fn recursion_message(chain: &[String]) -> String {
    let Some(first) = chain.first() else {
        return "an entity refers to itself".to_owned();
    };
    let through = chain.get(1..).unwrap_or(&[]);
    if through.is_empty() {
        format!("entity `{first}` refers to itself")
    } else {
        let names: Vec<String> = through.iter().map(|name| format!("`{name}`")).collect();
        format!(
            "entity `{first}` refers to itself through {}",
            names.join(", ")
        )
    }
}

/// The expansion counters of one document, shared by content and attribute values.
#[derive(Debug, Default)]
pub(super) struct ExpansionBudget {
    expansions: usize,
    bytes: usize,
}

impl ExpansionBudget {
    /// Counts one expansion of `length` bytes of replacement text, nested `depth`
    /// entities deep (1 for a reference in the document itself).
    pub(super) fn charge(
        &mut self,
        length: usize,
        depth: usize,
        limits: &Limits,
    ) -> Result<(), ExpansionError> {
        if depth > limits.max_entity_depth {
            return Err(ExpansionError::Limit {
                limit: "max_entity_depth",
                value: limits.max_entity_depth,
                what: "the nesting of entity references",
            });
        }

        self.expansions = self.expansions.saturating_add(1);
        if self.expansions > limits.max_entity_expansions {
            return Err(ExpansionError::Limit {
                limit: "max_entity_expansions",
                value: limits.max_entity_expansions,
                what: "the number of expanded entity references",
            });
        }

        self.bytes = self.bytes.saturating_add(length);
        if self.bytes > limits.max_expansion_bytes {
            return Err(ExpansionError::Limit {
                limit: "max_expansion_bytes",
                value: limits.max_expansion_bytes,
                what: "the total size of expanded replacement text",
            });
        }
        Ok(())
    }
}

/// Checks that expanding `name` inside the entities `open` (outermost first) does not
/// recurse.
pub(super) fn check_recursion<'a>(
    name: &str,
    open: impl Iterator<Item = &'a str>,
) -> Result<(), ExpansionError> {
    let open: Vec<&str> = open.collect();
    match open.iter().position(|entity| *entity == name) {
        Some(first) => Err(ExpansionError::Recursion(
            open.get(first..)
                .unwrap_or(&[])
                .iter()
                .map(|entity| (*entity).to_owned())
                .collect(),
        )),
        None => Ok(()),
    }
}

/// An entity whose replacement text is being read as content.
pub(super) struct EntityFrame {
    pub(super) name: String,
    pub(super) reader: quick_xml::Reader<Cursor<Vec<u8>>>,
    /// The position of the next byte in the replacement text.
    pub(super) tracker: LineTracker,
    /// The position in the document of the outermost reference that led here. Every
    /// event from the entity is reported there.
    pub(super) reference: Position,
    /// The file of an external entity, whose errors are located in that file.
    pub(super) external_file: Option<String>,
    /// The number of open elements when the entity started, so that elements
    /// started inside it can be distinguished.
    pub(super) element_depth: usize,
}
