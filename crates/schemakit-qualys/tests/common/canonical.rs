//! Canonical comparison of two XML documents.
//!
//! Two documents are equal when they have the same elements in the same order, the
//! same attributes with the same values, and the same text. Some differences do not
//! count, because they change neither the infoset that the generated types read nor
//! what a validator accepts:
//!
//! - whitespace-only text in an element that has child elements (indentation);
//! - CDATA sections against escaped text, and character or entity references
//!   against the characters they stand for;
//! - the order of attributes, and the prefixes bound to namespaces (names compare
//!   by namespace URI and local name);
//! - the XML declaration, the DOCTYPE, comments and processing instructions;
//! - `<A/>` against `<A></A>`.
//!
//! The text of an element without child elements is compared exactly, so `<A> </A>`
//! differs from `<A/>`.

use std::fmt;

/// One step of a document in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A start tag: the element's expanded name and its attributes sorted by name.
    Start {
        name: String,
        attributes: Vec<(String, String)>,
    },
    /// The text between two tags, after CDATA sections and references are resolved.
    Text(String),
    /// An end tag, with the element's expanded name.
    End(String),
}

impl fmt::Display for Event {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Start { name, attributes } => {
                write!(formatter, "<{name}")?;
                for (attribute, value) in attributes {
                    write!(formatter, " {attribute}={value:?}")?;
                }
                write!(formatter, ">")
            }
            Event::Text(text) => write!(formatter, "text {text:?}"),
            Event::End(name) => write!(formatter, "</{name}>"),
        }
    }
}

/// Parses `xml` and returns its canonical events, or a message that says why it is
/// not well-formed.
pub fn canonical_events(xml: &str) -> Result<Vec<Event>, String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(xml, options)
        .map_err(|error| format!("the document is not well-formed XML: {error}"))?;

    let mut events = Vec::new();
    push_element(document.root_element(), &mut events);
    Ok(events)
}

/// Appends the events of `element` and everything inside it to `events`.
fn push_element(element: roxmltree::Node<'_, '_>, events: &mut Vec<Event>) {
    let name = expanded_name(element.tag_name().namespace(), element.tag_name().name());
    let mut attributes: Vec<(String, String)> = element
        .attributes()
        .map(|attribute| {
            let name = expanded_name(attribute.namespace(), attribute.name());
            (name, attribute.value().to_owned())
        })
        .collect();
    attributes.sort();
    events.push(Event::Start {
        name: name.clone(),
        attributes,
    });

    let has_child_elements = element.children().any(|child| child.is_element());
    for child in element.children() {
        if child.is_element() {
            push_element(child, events);
            continue;
        }

        // roxmltree merges adjacent text and CDATA into one node, so a text node here
        // is all the text between two tags.
        let Some(text) = child.text().filter(|_| child.is_text()) else {
            continue;
        };
        let is_indentation = text.chars().all(|ch| ch.is_ascii_whitespace());
        if !(has_child_elements && is_indentation) {
            events.push(Event::Text(text.to_owned()));
        }
    }

    events.push(Event::End(name));
}

fn expanded_name(namespace: Option<&str>, local: &str) -> String {
    match namespace {
        Some(uri) => format!("{{{uri}}}{local}"),
        None => local.to_owned(),
    }
}

/// Compares `expected` and `actual` in canonical form. Returns `Err` with the first
/// difference and the element path where it occurs, or with the parse error of
/// either document.
pub fn compare(expected: &str, actual: &str) -> Result<(), String> {
    let expected_events =
        canonical_events(expected).map_err(|error| format!("expected document: {error}"))?;
    let actual_events =
        canonical_events(actual).map_err(|error| format!("actual document: {error}"))?;

    let mut path: Vec<&str> = Vec::new();
    for (index, expected_event) in expected_events.iter().enumerate() {
        let Some(actual_event) = actual_events.get(index) else {
            return Err(format!(
                "the actual document ends early, at /{}; expected {expected_event}",
                path.join("/")
            ));
        };
        if expected_event != actual_event {
            return Err(format!(
                "documents differ at /{}: expected {expected_event}, found {actual_event}",
                path.join("/")
            ));
        }

        match expected_event {
            Event::Start { name, .. } => path.push(name),
            Event::End(_) => {
                path.pop();
            }
            Event::Text(_) => {}
        }
    }

    if let Some(extra) = actual_events.get(expected_events.len()) {
        return Err(format!(
            "the actual document continues after the expected end: found {extra}"
        ));
    }
    Ok(())
}

/// Panics with the first difference when `expected` and `actual` differ in
/// canonical form. `context` names the document in the message.
pub fn assert_canonical_eq(expected: &str, actual: &str, context: &str) {
    if let Err(difference) = compare(expected, actual) {
        panic!("{context}: {difference}\n--- written XML ---\n{actual}");
    }
}
