//! Tables of documents and the events or the error the reader gives for each.

use super::DocumentReader;
use crate::event::Event;
use crate::{Limits, ValidatorOptions};
use schemakit_model::{
    Code, Diagnostic, DiagnosticKind, EntityDecl, EntityValue, ExternalId, Schema, SchemaKind,
    SourceFile,
};
use schemakit_resolve::{EntityLoader, LoadedEntity, Resolution, ResolveError};
use std::collections::HashMap;
use std::sync::Arc;

/// A loader that serves external entities from memory by system identifier. An id
/// starting with `disabled` fails as if external loading were off, and any other
/// unknown id fails as a missing file.
#[derive(Default)]
struct MemoryLoader {
    files: HashMap<String, String>,
}

impl EntityLoader for MemoryLoader {
    fn load(&self, id: &ExternalId) -> Result<LoadedEntity, ResolveError> {
        let system_id = id.system_id.clone();
        if system_id.starts_with("disabled") {
            return Err(ResolveError::ExternalDisabled { system_id });
        }
        let text = self
            .files
            .get(&system_id)
            .ok_or_else(|| ResolveError::NotFound {
                path: system_id.clone().into(),
                system_id: system_id.clone(),
            })?;
        Ok(LoadedEntity {
            text: text.clone(),
            source: SourceFile {
                name: id.system_id.clone(),
                path: None,
            },
            base: id.system_id.clone(),
            resolution: Resolution::Relative,
        })
    }
}

/// The DTD a test document gets when the reader reports its DOCTYPE.
#[derive(Default, Clone)]
struct TestDtd {
    /// `(name, replacement text)` of internal general entities.
    internal: Vec<(&'static str, &'static str)>,
    /// `(name, system id)` of external parsed entities.
    external: Vec<(&'static str, &'static str)>,
    /// `(name, notation)` of unparsed entities.
    unparsed: Vec<(&'static str, &'static str)>,
    /// Names of internal entities declared in external markup.
    declared_externally: Vec<&'static str>,
    has_external_markup: bool,
}

impl TestDtd {
    fn entities(internal: &[(&'static str, &'static str)]) -> Self {
        TestDtd {
            internal: internal.to_vec(),
            ..TestDtd::default()
        }
    }

    fn schema(&self) -> Schema {
        let mut schema = Schema::new(SchemaKind::Dtd);
        let mut declare = |name: &str, value: EntityValue, external_markup: bool| {
            schema.general_entities.insert(
                name.to_owned(),
                EntityDecl {
                    name: name.to_owned(),
                    value,
                    span: None,
                    external_markup,
                },
            );
        };
        for (name, text) in &self.internal {
            let external_markup = self.declared_externally.contains(name);
            declare(
                name,
                EntityValue::Internal((*text).to_owned()),
                external_markup,
            );
        }
        for (name, system_id) in &self.external {
            let id = ExternalId {
                public_id: None,
                system_id: (*system_id).to_owned(),
                base: None,
            };
            declare(name, EntityValue::External { id, notation: None }, false);
        }
        for (name, notation) in &self.unparsed {
            let id = ExternalId {
                public_id: None,
                system_id: format!("{name}.bin"),
                base: None,
            };
            let notation = Some((*notation).to_owned());
            declare(name, EntityValue::External { id, notation }, false);
        }
        schema
    }
}

/// Everything a test looks at after reading a document.
struct Outcome {
    events: Vec<Event<'static>>,
    error: Option<Diagnostic>,
    findings: Vec<Diagnostic>,
}

fn read_with(
    document: &[u8],
    dtd: &TestDtd,
    options: &ValidatorOptions,
    loader: &MemoryLoader,
) -> Outcome {
    let mut reader = DocumentReader::new(document, "doc.xml".to_owned(), None, options, loader);
    let mut outcome = Outcome {
        events: Vec::new(),
        error: None,
        findings: Vec::new(),
    };

    // A bound on events, so that a reader that never ends fails the test instead of hanging.
    for _ in 0..100_000 {
        match reader.next_event() {
            Ok(Event::Eof) => {
                outcome.events.push(Event::Eof);
                break;
            }
            Ok(event) => {
                if matches!(event, Event::Doctype(_)) {
                    reader.set_dtd(Arc::new(dtd.schema()), dtd.has_external_markup);
                }
                outcome.events.push(event);
            }
            Err(error) => {
                outcome.error = Some(error);
                break;
            }
        }
        outcome.findings.extend(reader.take_diagnostics());
    }
    outcome
}

fn read(document: &str, dtd: &TestDtd) -> Outcome {
    read_with(
        document.as_bytes(),
        dtd,
        &ValidatorOptions::default(),
        &MemoryLoader::default(),
    )
}

/// Summarizes an event on one line, with its position for located events.
fn summarize(event: &Event) -> String {
    match event {
        Event::XmlDecl(declaration) => format!(
            "decl {} {:?} {:?}",
            declaration.version, declaration.encoding, declaration.standalone
        ),
        Event::Doctype(doctype) => format!(
            "doctype {} {:?} {:?}@{}:{}",
            doctype.name,
            doctype.external_id.as_ref().map(|id| id.system_id.as_str()),
            doctype
                .internal_subset
                .as_ref()
                .map(|(text, _)| text.as_str()),
            doctype.position.line,
            doctype.position.column
        ),
        Event::StartElement {
            name,
            attributes,
            empty,
            position,
        } => {
            let attributes: Vec<String> = attributes
                .iter()
                .map(|attribute| {
                    format!(
                        " {}={:?}@{}:{}{}",
                        attribute.name,
                        attribute.value,
                        attribute.position.line,
                        attribute.position.column,
                        if attribute.value_had_references {
                            "+ref"
                        } else {
                            ""
                        }
                    )
                })
                .collect();
            let kind = if *empty { "empty" } else { "start" };
            format!(
                "{kind} {name}@{}:{}{}",
                position.line,
                position.column,
                attributes.concat()
            )
        }
        Event::EndElement { name, position } => {
            format!("end {name}@{}:{}", position.line, position.column)
        }
        Event::Text {
            text,
            ignorable_candidate,
            cdata,
            position,
        } => {
            let kind = match (cdata, ignorable_candidate) {
                (true, _) => "cdata",
                (false, true) => "space",
                (false, false) => "text",
            };
            format!("{kind} {text:?}@{}:{}", position.line, position.column)
        }
        Event::SkippedEntity { name, position } => {
            format!("skipped {name}@{}:{}", position.line, position.column)
        }
        Event::CommentOrPi { position } => format!("misc@{}:{}", position.line, position.column),
        Event::EntityStart { name, position } => {
            format!("entity {name}@{}:{}", position.line, position.column)
        }
        Event::EntityEnd { name } => format!("/entity {name}"),
        Event::Eof => "eof".to_owned(),
    }
}

fn summary(outcome: &Outcome) -> String {
    let events: Vec<String> = outcome.events.iter().map(summarize).collect();
    events.join(" | ")
}

fn describe_error(outcome: &Outcome) -> String {
    match &outcome.error {
        Some(error) => format!("{}:{}: {}", error.line, error.column, error.message),
        None => format!("no error; events: {}", summary(outcome)),
    }
}

#[test]
fn well_formed_documents_give_events() {
    let cases = [
        ("<a/>", "empty a@1:1 | end a@1:1 | eof"),
        ("<a></a>", "start a@1:1 | end a@1:4 | eof"),
        ("<a>x</a >", "start a@1:1 | text \"x\"@1:4 | end a@1:5 | eof"),
        (
            "<?xml version=\"1.0\" encoding='UTF-8' standalone=\"yes\"?><a/>",
            "decl 1.0 Some(\"UTF-8\") Some(true) | empty a@1:56 | end a@1:56 | eof",
        ),
        ("<?xml version='1.7'?><a/>", "decl 1.7 None None | empty a@1:22 | end a@1:22 | eof"),
        (
            "<a b='1' c = \"2\"/>",
            "empty a@1:1 b=\"1\"@1:4 c=\"2\"@1:10 | end a@1:1 | eof",
        ),
        (
            "<a>\n  <b/>\n</a>",
            "start a@1:1 | space \"\\n  \"@1:4 | empty b@2:3 | end b@2:3 | space \"\\n\"@2:7 | end a@3:1 | eof",
        ),
        ("<a><![CDATA[<x>&]]></a>", "start a@1:1 | cdata \"<x>&\"@1:4 | end a@1:20 | eof"),
        (
            "<!-- c --><?pi data?><a><!--x--><?p?></a><!--after-->",
            "start a@1:22 | misc@1:25 | misc@1:33 | end a@1:38 | eof",
        ),
        (
            "<a>&lt;&#65;&#x42;&amp;</a>",
            "start a@1:1 | text \"<\"@1:4 | text \"A\"@1:8 | text \"B\"@1:13 | text \"&\"@1:19 | end a@1:24 | eof",
        ),
        ("<a>&#32;</a>", "start a@1:1 | text \" \"@1:4 | end a@1:9 | eof"),
        ("<a>]]</a>", "start a@1:1 | text \"]]\"@1:4 | end a@1:6 | eof"),
        ("\u{FEFF}<a/>", "empty a@1:1 | end a@1:1 | eof"),
        ("<a xml:lang='en' xmlns:p='urn:p' p:b='1'/>", "empty a@1:1 xml:lang=\"en\"@1:4 xmlns:p=\"urn:p\"@1:18 p:b=\"1\"@1:34 | end a@1:1 | eof"),
        ("<p:a xmlns:p='urn:p'><p:b/></p:a>", "start p:a@1:1 xmlns:p=\"urn:p\"@1:6 | empty p:b@1:22 | end p:b@1:22 | end p:a@1:28 | eof"),
    ];
    for (document, expected) in cases {
        let outcome = read(document, &TestDtd::default());
        assert!(
            outcome.error.is_none(),
            "{document:?}: {}",
            describe_error(&outcome)
        );
        assert_eq!(summary(&outcome), expected, "{document:?}");
    }
}

#[test]
fn attribute_values_are_normalized() {
    let dtd = TestDtd::entities(&[("e", "x&#9;y"), ("nested", "[&e;]"), ("sp", " \t")]);
    let cases = [
        ("<a b='1\t2\n3\r\n4\r5'/>", "1 2 3 4 5", false),
        ("<a b='&#9;&#10;&#13;&#32;'/>", "\t\n\r ", true),
        ("<a b='&lt;&amp;&quot;'/>", "<&\"", false),
        ("<!DOCTYPE a [ ]><a b='&e;'/>", "x\ty", true),
        ("<!DOCTYPE a [ ]><a b='&nested;'/>", "[x\ty]", true),
        ("<!DOCTYPE a [ ]><a b='&sp;'/>", "  ", true),
        ("<a b=\"it's\"/>", "it's", false),
        ("<a b='>'/>", ">", false),
    ];
    for (document, expected, had_references) in cases {
        let outcome = read(document, &dtd);
        assert!(
            outcome.error.is_none(),
            "{document:?}: {}",
            describe_error(&outcome)
        );
        let attribute = outcome.events.iter().find_map(|event| match event {
            Event::StartElement { attributes, .. } => attributes.first().cloned(),
            _ => None,
        });
        let Some(attribute) = attribute else {
            panic!("{document:?}: no attribute in {}", summary(&outcome));
        };
        assert_eq!(attribute.value, expected, "{document:?}");
        assert_eq!(
            attribute.value_had_references, had_references,
            "{document:?}"
        );
    }
}

#[test]
fn positions_count_characters_and_line_ends() {
    let cases = [
        ("<a>\r\n<b/></a>", "start a@1:1 | space \"\\n\"@1:4 | empty b@2:1 | end b@2:1 | end a@2:5 | eof"),
        ("<a>\r<b/>\r\r<c/></a>", "start a@1:1 | space \"\\n\"@1:4 | empty b@2:1 | end b@2:1 | space \"\\n\\n\"@2:5 | empty c@4:1 | end c@4:1 | end a@4:5 | eof"),
        ("<a>éü<b/>𝄞<c/></a>", "start a@1:1 | text \"éü\"@1:4 | empty b@1:6 | end b@1:6 | text \"𝄞\"@1:10 | empty c@1:11 | end c@1:11 | end a@1:15 | eof"),
        ("<a\n  b='1'\n  c='2'\n><d/></a>", "start a@1:1 b=\"1\"@2:3 c=\"2\"@3:3 | empty d@4:2 | end d@4:2 | end a@4:6 | eof"),
        ("<é x='&#x10000;'>\n\n</é>", "start é@1:1 x=\"\u{10000}\"@1:4 | space \"\\n\\n\"@1:18 | end é@3:1 | eof"),
        ("<!--\n\n--><a/>", "empty a@3:4 | end a@3:4 | eof"),
    ];
    for (document, expected) in cases {
        let outcome = read(document, &TestDtd::default());
        assert!(
            outcome.error.is_none(),
            "{document:?}: {}",
            describe_error(&outcome)
        );
        assert_eq!(summary(&outcome), expected, "{document:?}");
    }
}

#[test]
fn offsets_match_byte_positions() {
    let document = "\u{FEFF}<a>\r\n é<b c='x'/>&amp;</a>";
    let outcome = read(document, &TestDtd::default());
    let offsets: Vec<usize> = outcome
        .events
        .iter()
        .filter_map(|event| match event {
            Event::StartElement { position, .. }
            | Event::Text { position, .. }
            | Event::EndElement { position, .. } => Some(position.offset),
            _ => None,
        })
        .collect();
    for offset in &offsets {
        let rest = document.get(*offset..).unwrap_or("");
        assert!(
            rest.starts_with('<') || rest.starts_with('&') || rest.starts_with('\r'),
            "offset {offset} is at {rest:?}"
        );
    }
    assert_eq!(offsets.first(), Some(&3));
}

/// `(document, expected message fragment, line, column)`
const NOT_WELL_FORMED: &[(&str, &str, u32, u32)] = &[
    // Structure.
    ("", "has no root element", 1, 1),
    ("<!-- only -->", "has no root element", 1, 14),
    (
        "<a/><b/>",
        "element `b` comes after the root element `a` ended",
        1,
        5,
    ),
    (
        "<a></a>text",
        "text `text` is not allowed after the root element",
        1,
        8,
    ),
    (
        "x<a/>",
        "text `x` is not allowed before the root element",
        1,
        1,
    ),
    (
        "<a>",
        "the document ends before element `a` (started at line 1, column 1) is closed",
        1,
        4,
    ),
    (
        "<a><b></a>",
        "end tag `</a>` does not match the start tag `<b>` at line 1, column 4",
        1,
        7,
    ),
    (
        "<a></b>",
        "end tag `</b>` does not match the start tag `<a>`",
        1,
        4,
    ),
    ("<a/></a>", "end tag `</a>` has no matching start tag", 1, 5),
    (
        "<a></a x>",
        "may contain only the element name `a` and whitespace",
        1,
        4,
    ),
    (
        "<a/><!DOCTYPE a>",
        "the DOCTYPE declaration must come before the root element",
        1,
        5,
    ),
    ("<!DOCTYPE a><!DOCTYPE a><a/>", "only one DOCTYPE", 1, 13),
    (
        "<!doctype a><a/>",
        "must be written `<!DOCTYPE` in upper case",
        1,
        1,
    ),
    (
        "<!DOCTYPE a SYSTEM><a/>",
        "invalid document type declaration",
        1,
        19,
    ),
    (
        "<!DOCTYPE a SYSTEM a.dtd><a/>",
        "invalid document type declaration",
        1,
        20,
    ),
    (
        "<!DOCTYPEa><a/>",
        "whitespace is required after `<!DOCTYPE`",
        1,
        10,
    ),
    (
        "<a/>&amp;",
        "the reference `&amp;` is not allowed outside the root element",
        1,
        5,
    ),
    (
        "<![CDATA[x]]><a/>",
        "a CDATA section is not allowed outside the root element",
        1,
        1,
    ),
    // XML declaration.
    (
        " <?xml version='1.0'?><a/>",
        "allowed only at the very start",
        1,
        2,
    ),
    (
        "<a/><?xml version='1.0'?>",
        "allowed only at the very start",
        1,
        5,
    ),
    (
        "<?xml encoding='UTF-8'?><a/>",
        "must start with `version`",
        1,
        7,
    ),
    ("<?xml?><a/>", "has no `version`", 1, 6),
    (
        "<?xml version='1.0' standalone='yes' encoding='UTF-8'?><a/>",
        "`encoding` is out of order",
        1,
        38,
    ),
    (
        "<?xml version='2.0'?><a/>",
        "invalid XML version `2.0`",
        1,
        16,
    ),
    (
        "<?xml version='1.0' standalone='maybe'?><a/>",
        "invalid standalone value `maybe`",
        1,
        33,
    ),
    (
        "<?xml version='1.0'encoding='UTF-8'?><a/>",
        "whitespace is required before `e`",
        1,
        20,
    ),
    (
        "<?xml version='1.0' encoding=' UTF-8'?><a/>",
        "invalid encoding name ` UTF-8`",
        1,
        31,
    ),
    (
        "<?xml version='1.0' encoding='8bit'?><a/>",
        "unsupported encoding `8bit`",
        1,
        1,
    ),
    ("<?xml version=1.0?><a/>", "must be quoted", 1, 15),
    (
        "<?xml version='1.0' encoding='UTF-16'?><a/>",
        "the encoding declaration says `UTF-16`",
        1,
        1,
    ),
    (
        "\u{FEFF}<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
        "declares encoding `ISO-8859-1`, but the document was read as UTF-8",
        1,
        31,
    ),
    (
        "<?XML version='1.0'?><a/>",
        "target `XML` is reserved",
        1,
        3,
    ),
    (
        "<a><?xml-stylesheet x?><?Xml y?></a>",
        "target `Xml` is reserved",
        1,
        26,
    ),
    // Characters.
    ("<a>\u{1}</a>", "invalid character U+0001 in text", 1, 4),
    ("<a>x\u{FFFE}</a>", "invalid character U+FFFE in text", 1, 5),
    ("<a b='\u{8}'/>", "invalid character U+0008", 1, 7),
    (
        "<!--\u{1}--><a/>",
        "invalid character U+0001 in a comment",
        1,
        5,
    ),
    (
        "<a>&#0;</a>",
        "names U+0000, which is not an XML character",
        1,
        4,
    ),
    ("<a>&#xD800;</a>", "does not name a Unicode character", 1, 4),
    ("<a>&#x;</a>", "is not a character reference", 1, 4),
    ("<a>&#X41;</a>", "is not a character reference", 1, 4),
    ("<a>&#12a;</a>", "is not a character reference", 1, 4),
    // Names.
    (
        "<1abc/>",
        "the name `1abc` does not start with a name character",
        1,
        2,
    ),
    ("<a b@c='1'/>", "the name `b@c` contains `@`", 1, 5),
    ("< a/>", "`<` must be followed by an element name", 1, 2),
    (
        "<a><?1pi?></a>",
        "invalid processing instruction target",
        1,
        6,
    ),
    ("<a><? x?></a>", "has no target name", 1, 6),
    ("<a>& b;</a>", "invalid entity reference `& b;`", 1, 5),
    ("<a>&a b;</a>", "invalid entity reference `&a b;`", 1, 6),
    // Attributes.
    (
        "<a id='1' id='2'/>",
        "attribute `id` is given twice in element `a`",
        1,
        11,
    ),
    (
        "<a b=1/>",
        "the value of attribute `b` must be quoted",
        1,
        6,
    ),
    ("<a b/>", "attribute `b` of element `a` has no value", 1, 5),
    (
        "<a b='1'c='2'/>",
        "whitespace is required between the attributes",
        1,
        9,
    ),
    ("<a b='<'/>", "`<` is not allowed in attribute values", 1, 7),
    ("<a b='&'/>", "`&` must start a reference", 1, 7),
    (
        "<a b='x&undeclared;'/>",
        "entity `undeclared` is referenced but not declared",
        1,
        8,
    ),
    // Text, comments, CDATA.
    ("<a>x]]>y</a>", "`]]>` is not allowed in text", 1, 5),
    (
        "<a>&</a>",
        "`&` must start a character or entity reference",
        1,
        4,
    ),
    (
        "<a>&undeclared;</a>",
        "entity `undeclared` is referenced but not declared",
        1,
        4,
    ),
    (
        "<a><!-- x -- y --></a>",
        "`--` is not allowed inside a comment",
        1,
        11,
    ),
    (
        "<a><!-- x ---></a>",
        "`--` is not allowed inside a comment",
        1,
        11,
    ),
    ("<a><!-- x", "the comment is not closed", 1, 4),
    ("<a><![CDATA[x", "the CDATA section is not closed", 1, 4),
    ("<a><?pi", "the processing instruction is not closed", 1, 4),
    ("<a b='1", "an attribute value is not closed", 1, 1),
    ("<a", "the tag is not closed", 1, 1),
    ("<!DOCTYPE a", "the DOCTYPE declaration is not closed", 1, 1),
    ("<a><!x></a>", "`<!` must start a comment", 1, 4),
    // Namespaces.
    (
        "<p:a/>",
        "the prefix `p` of element `p:a` is not declared",
        1,
        2,
    ),
    (
        "<a p:b='1'/>",
        "the prefix `p` of attribute `p:b` on element `a` is not declared",
        1,
        4,
    ),
    ("<a:b:c xmlns:a='u'/>", "contains more than one `:`", 1, 5),
    ("<a: xmlns:a='u'/>", "has an empty local part", 1, 3),
    ("<:a/>", "has an empty prefix", 1, 2),
    ("<a xmlns:p=''/>", "`xmlns:p=\"\"` is not allowed", 1, 4),
    (
        "<a xmlns:xml='urn:x'/>",
        "the prefix `xml` may be bound only to",
        1,
        4,
    ),
    (
        "<a xmlns:x='http://www.w3.org/XML/1998/namespace'/>",
        "only the prefix `xml` may be bound",
        1,
        4,
    ),
    (
        "<a xmlns:xmlns='urn:x'/>",
        "the prefix `xmlns` may not be declared",
        1,
        4,
    ),
    ("<xmlns:a/>", "reserved prefix `xmlns`", 1, 2),
    (
        "<a xmlns:p='urn:u' xmlns:q='urn:u' p:x='1' q:x='2'/>",
        "attribute `q:x` on element `a` has the same local name and namespace `urn:u`",
        1,
        44,
    ),
    ("<a><?p:q?></a>", "contains `:`", 1, 7),
    // Positions after line ends and multi-byte characters.
    (
        "<a>\r\n\u{e9}\u{e9}\u{1}</a>",
        "invalid character U+0001 in text",
        2,
        3,
    ),
    ("<a>\r\r<b></c></a>", "end tag `</c>` does not match", 3, 4),
    (
        "<a\n  b='1'\n  b='2'/>",
        "attribute `b` is given twice",
        3,
        3,
    ),
];

#[test]
fn not_well_formed_documents_fail_located() {
    for (document, message, line, column) in NOT_WELL_FORMED {
        let outcome = read(document, &TestDtd::default());
        let Some(error) = &outcome.error else {
            panic!("{document:?}: expected an error, got {}", summary(&outcome));
        };
        assert!(
            error.message.contains(message),
            "{document:?}: expected {message:?} in {:?}",
            error.message
        );
        assert_eq!(
            (error.line, error.column),
            (*line, *column),
            "{document:?}: {}",
            error.message
        );
        assert_eq!(error.file.as_deref(), Some("doc.xml"), "{document:?}");
        assert!(error.is_error(), "{document:?}");
    }
}

#[test]
fn not_well_formed_errors_use_syntax_codes() {
    let outcome = read("<a b='1' b='2'/>", &TestDtd::default());
    let Some(error) = outcome.error else {
        panic!("expected an error");
    };
    assert_eq!(error.kind, DiagnosticKind::Syntax);
    assert_eq!(error.code, Code::NotWellFormed);
}

#[test]
fn xml_1_1_is_unsupported() {
    let outcome = read("<?xml version=\"1.1\"?><a/>", &TestDtd::default());
    let Some(error) = outcome.error else {
        panic!("expected an error");
    };
    assert_eq!(error.code, Code::UnsupportedXmlVersion);
    assert!(
        error
            .message
            .contains("XML 1.1 documents are not supported"),
        "{}",
        error.message
    );
    assert_eq!((error.line, error.column), (1, 16));
}

#[test]
fn reader_returns_eof_after_an_error() {
    let options = ValidatorOptions::default();
    let loader = MemoryLoader::default();
    let mut reader = DocumentReader::new(
        "<a><b></a>".as_bytes(),
        "doc.xml".to_owned(),
        None,
        &options,
        &loader,
    );
    let mut saw_error = false;
    for _ in 0..10 {
        if reader.next_event().is_err() {
            saw_error = true;
            break;
        }
    }
    assert!(saw_error);
    assert!(matches!(reader.next_event(), Ok(Event::Eof)));
    assert!(matches!(reader.next_event(), Ok(Event::Eof)));
}

#[test]
fn namespaces_can_be_turned_off() {
    let options = ValidatorOptions {
        namespaces: false,
        ..ValidatorOptions::default()
    };
    let outcome = read_with(
        b"<p:a q:b='1'/>",
        &TestDtd::default(),
        &options,
        &MemoryLoader::default(),
    );
    assert!(outcome.error.is_none(), "{}", describe_error(&outcome));
}

#[test]
fn doctype_event_carries_the_header() {
    let document = "<!DOCTYPE r PUBLIC \"-//A//DTD  R//EN\" 'r.dtd' [\n<!ENTITY e 'v'>\n]>\n<r/>";
    let outcome = read(document, &TestDtd::default());
    assert!(outcome.error.is_none(), "{}", describe_error(&outcome));
    let Some(Event::Doctype(doctype)) = outcome.events.first() else {
        panic!("expected a DOCTYPE first: {}", summary(&outcome));
    };
    assert_eq!(doctype.name, "r");
    let Some(id) = &doctype.external_id else {
        panic!("expected an external id");
    };
    assert_eq!(id.public_id.as_deref(), Some("-//A//DTD R//EN"));
    assert_eq!(id.system_id, "r.dtd");
    let Some((subset, subset_position)) = &doctype.internal_subset else {
        panic!("expected an internal subset");
    };
    assert_eq!(subset, "\n<!ENTITY e 'v'>\n");
    assert_eq!((subset_position.line, subset_position.column), (1, 48));
    assert_eq!((doctype.position.line, doctype.position.column), (1, 1));
}

#[test]
fn internal_entities_expand_as_content() {
    let dtd = TestDtd::entities(&[
        ("e", "text"),
        ("markup", "<b x='1'>in</b>"),
        ("outer", "[&markup;]"),
        ("chars", "&#60;&lt;"),
    ]);
    let cases = [
        (
            "<!DOCTYPE a []><a>&e;</a>",
            "doctype a None Some(\"\")@1:1 | start a@1:16 | entity e@1:19 | text \"text\"@1:19 | /entity e | end a@1:22 | eof",
        ),
        (
            "<!DOCTYPE a []>\n<a> &markup;</a>",
            "doctype a None Some(\"\")@1:1 | start a@2:1 | space \" \"@2:4 | entity markup@2:5 | start b@2:5 x=\"1\"@2:5 | text \"in\"@2:5 | end b@2:5 | /entity markup | end a@2:13 | eof",
        ),
        (
            "<!DOCTYPE a []><a>&outer;</a>",
            "doctype a None Some(\"\")@1:1 | start a@1:16 | entity outer@1:19 | text \"[\"@1:19 | entity markup@1:19 | start b@1:19 x=\"1\"@1:19 | text \"in\"@1:19 | end b@1:19 | /entity markup | text \"]\"@1:19 | /entity outer | end a@1:26 | eof",
        ),
        (
            "<!DOCTYPE a []><a>&chars;</a>",
            "doctype a None Some(\"\")@1:1 | start a@1:16 | entity chars@1:19 | text \"<\"@1:19 | text \"<\"@1:19 | /entity chars | end a@1:26 | eof",
        ),
    ];
    for (document, expected) in cases {
        let outcome = read(document, &dtd);
        assert!(
            outcome.error.is_none(),
            "{document:?}: {}",
            describe_error(&outcome)
        );
        assert_eq!(summary(&outcome), expected, "{document:?}");
    }
}

/// `(document, internal entities, expected message fragment, line, column, code)`
type EntityErrorCase = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
    u32,
    u32,
    Code,
);

#[test]
fn entity_errors_are_located_at_the_reference() {
    let cases: &[EntityErrorCase] = &[
        ("<!DOCTYPE a []><a>&self;</a>", &[("self", "x&self;")], "entity `self` refers to itself", 1, 19, Code::EntityRecursion),
        (
            "<!DOCTYPE a []><a>\n &one;</a>",
            &[("one", "&two;"), ("two", "&one;")],
            "entity `one` refers to itself through `two`",
            2,
            2,
            Code::EntityRecursion,
        ),
        ("<!DOCTYPE a []><a b='&self;'/>", &[("self", "&self;")], "entity `self` refers to itself", 1, 22, Code::EntityRecursion),
        ("<!DOCTYPE a []><a>&open;</a>", &[("open", "<b>")], "element `b` starts in entity `open` but does not end in it", 1, 19, Code::NotWellFormed),
        ("<!DOCTYPE a []><a><b>&close;</a>", &[("close", "</b>")], "closes an element that started outside the entity", 1, 22, Code::NotWellFormed),
        ("<!DOCTYPE a []><a b='&lt2;'/>", &[("lt2", "x<y")], "the replacement text of entity `lt2` contains `<`", 1, 22, Code::NotWellFormed),
        ("<!DOCTYPE a []><a>&bad;</a>", &[("bad", "x]]>")], "`]]>` is not allowed in text: write `]]&gt;` (in the replacement text of entity `bad`)", 1, 19, Code::NotWellFormed),
        ("<!DOCTYPE a []><a>&decl;</a>", &[("decl", "<?xml version='1.0'?>")], "allowed only at the very start", 1, 19, Code::NotWellFormed),
        ("<!DOCTYPE a []><a>&cmt;</a>", &[("cmt", "<!-- x")], "the comment is not closed: `-->` is missing before the end of entity `cmt`", 1, 19, Code::NotWellFormed),
    ];
    for (document, entities, message, line, column, code) in cases {
        let outcome = read(document, &TestDtd::entities(entities));
        let Some(error) = &outcome.error else {
            panic!("{document:?}: expected an error, got {}", summary(&outcome));
        };
        assert!(
            error.message.contains(message),
            "{document:?}: expected {message:?} in {:?}",
            error.message
        );
        assert_eq!(
            (error.line, error.column),
            (*line, *column),
            "{document:?}: {}",
            error.message
        );
        assert_eq!(error.code, *code, "{document:?}");
    }
}

#[test]
fn billion_laughs_stops_at_the_expansion_limit() {
    let dtd = TestDtd::entities(&[
        ("l0", "ha"),
        ("l1", "&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;"),
        ("l2", "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;"),
        ("l3", "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;"),
        ("l4", "&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;"),
    ]);
    let options = ValidatorOptions {
        limits: Limits {
            max_entity_expansions: 1000,
            ..Limits::default()
        },
        ..ValidatorOptions::default()
    };
    let loader = MemoryLoader::default();
    for document in ["<!DOCTYPE a []><a>&l4;</a>", "<!DOCTYPE a []><a b='&l4;'/>"] {
        let outcome = read_with(document.as_bytes(), &dtd, &options, &loader);
        let Some(error) = outcome.error else {
            panic!("{document:?}: expected the limit to stop expansion");
        };
        assert_eq!(error.kind, DiagnosticKind::Limit, "{document:?}");
        assert_eq!(error.code, Code::LimitExceeded, "{document:?}");
        assert!(
            error.message.contains("max_entity_expansions = 1000"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("raise the limit"),
            "{}",
            error.message
        );
    }
}

#[test]
fn quadratic_blowup_stops_at_the_byte_limit() {
    let big: &'static str = Box::leak("x".repeat(10_000).into_boxed_str());
    let dtd = TestDtd::entities(&[("big", big)]);
    let options = ValidatorOptions {
        limits: Limits {
            max_expansion_bytes: 100_000,
            ..Limits::default()
        },
        ..ValidatorOptions::default()
    };
    let document = format!("<!DOCTYPE a []><a>{}</a>", "&big;".repeat(20));
    let outcome = read_with(
        document.as_bytes(),
        &dtd,
        &options,
        &MemoryLoader::default(),
    );
    let Some(error) = outcome.error else {
        panic!("expected the byte limit to stop expansion");
    };
    assert_eq!(error.code, Code::LimitExceeded);
    assert!(
        error.message.contains("max_expansion_bytes = 100000"),
        "{}",
        error.message
    );
}

#[test]
fn other_limits_stop_reading() {
    let cases: &[(&str, Limits, &str)] = &[
        (
            "<a><b><c/></b></a>",
            Limits {
                max_element_depth: 2,
                ..Limits::default()
            },
            "max_element_depth = 2",
        ),
        (
            "<a>0123456789012345678901234567890123456789</a>",
            Limits {
                max_token_bytes: 16,
                ..Limits::default()
            },
            "max_token_bytes = 16",
        ),
        (
            "<a><name_longer_than_the_limit/></a>",
            Limits {
                max_token_bytes: 16,
                ..Limits::default()
            },
            "max_token_bytes = 16",
        ),
    ];
    for (document, limits, message) in cases {
        let options = ValidatorOptions {
            limits: limits.clone(),
            ..ValidatorOptions::default()
        };
        let outcome = read_with(
            document.as_bytes(),
            &TestDtd::default(),
            &options,
            &MemoryLoader::default(),
        );
        let Some(error) = outcome.error else {
            panic!("{document:?}: expected a limit error");
        };
        assert_eq!(error.kind, DiagnosticKind::Limit, "{document:?}");
        assert!(
            error.message.contains(message),
            "{document:?}: {}",
            error.message
        );
    }
}

#[test]
fn entity_depth_limit_stops_nesting() {
    let dtd = TestDtd::entities(&[("a1", "&a2;"), ("a2", "&a3;"), ("a3", "&a4;"), ("a4", "x")]);
    let options = ValidatorOptions {
        limits: Limits {
            max_entity_depth: 3,
            ..Limits::default()
        },
        ..ValidatorOptions::default()
    };
    let outcome = read_with(
        b"<!DOCTYPE a []><a>&a1;</a>",
        &dtd,
        &options,
        &MemoryLoader::default(),
    );
    let Some(error) = outcome.error else {
        panic!("expected the depth limit");
    };
    assert!(
        error.message.contains("max_entity_depth = 3"),
        "{}",
        error.message
    );
}

#[test]
fn undeclared_entities_depend_on_external_markup() {
    let with_external = TestDtd {
        has_external_markup: true,
        ..TestDtd::default()
    };

    let skipped = read(
        "<!DOCTYPE a SYSTEM 'a.dtd'><a b='&u;'>&u;</a>",
        &with_external,
    );
    assert!(skipped.error.is_none(), "{}", describe_error(&skipped));
    assert_eq!(
        summary(&skipped),
        "doctype a Some(\"a.dtd\") None@1:1 | start a@1:28 b=\"\"@1:31+ref | skipped u@1:31 | skipped u@1:39 | end a@1:42 | eof"
    );

    let standalone = read(
        "<?xml version='1.0' standalone='yes'?><!DOCTYPE a SYSTEM 'a.dtd'><a>&u;</a>",
        &with_external,
    );
    let Some(error) = standalone.error else {
        panic!("expected an error for a standalone document");
    };
    assert_eq!(error.code, Code::UndeclaredEntity);

    let internal_only = read("<!DOCTYPE a []><a>&u;</a>", &TestDtd::default());
    let Some(error) = internal_only.error else {
        panic!("expected an error without external markup");
    };
    assert_eq!(error.code, Code::UndeclaredEntity);
    assert_eq!((error.line, error.column), (1, 19));

    // The same reference in an attribute value gets the same code.
    let in_attribute = read("<!DOCTYPE a []><a b='x&u;'/>", &TestDtd::default());
    let Some(error) = in_attribute.error else {
        panic!("expected an error for the attribute value");
    };
    assert_eq!(error.code, Code::UndeclaredEntity);
    assert_eq!((error.line, error.column), (1, 23));
}

#[test]
fn standalone_documents_report_external_declarations() {
    let dtd = TestDtd {
        internal: vec![("ext", "x")],
        declared_externally: vec!["ext"],
        has_external_markup: true,
        ..TestDtd::default()
    };
    let outcome = read(
        "<?xml version='1.0' standalone='yes'?><!DOCTYPE a SYSTEM 'a.dtd'><a>&ext;</a>",
        &dtd,
    );
    assert!(outcome.error.is_none(), "{}", describe_error(&outcome));
    assert_eq!(outcome.findings.len(), 1);
    // WFC: Entity Declared makes this a well-formedness error, reported without
    // stopping the reader.
    let finding = &outcome.findings[0];
    assert_eq!(finding.code, Code::UndeclaredEntity);
    assert_eq!(finding.kind, DiagnosticKind::Syntax);
    assert_eq!((finding.line, finding.column), (1, 69));
}

#[test]
fn unparsed_and_external_entities_in_the_wrong_place() {
    let dtd = TestDtd {
        unparsed: vec![("pic", "gif")],
        external: vec![("chapter", "chapter.xml")],
        ..TestDtd::default()
    };
    let cases = [
        ("<!DOCTYPE a []><a>&pic;</a>", "the unparsed entity `pic` (notation `gif`) cannot be referenced in content"),
        ("<!DOCTYPE a []><a b='&pic;'/>", "the unparsed entity `pic` cannot be referenced in an attribute value"),
        ("<!DOCTYPE a []><a b='&chapter;'/>", "the external entity `chapter` (`chapter.xml`) cannot be referenced in an attribute value"),
    ];
    for (document, message) in cases {
        let outcome = read(document, &dtd);
        let Some(error) = outcome.error else {
            panic!("{document:?}: expected an error");
        };
        assert!(
            error.message.contains(message),
            "{document:?}: {}",
            error.message
        );
    }
}

#[test]
fn external_entities_load_through_the_loader() {
    let dtd = TestDtd {
        external: vec![
            ("chapter", "chapter.xml"),
            ("broken", "broken.xml"),
            ("missing", "missing.xml"),
            ("off", "disabled.xml"),
        ],
        ..TestDtd::default()
    };
    let mut loader = MemoryLoader::default();
    loader.files.insert(
        "chapter.xml".to_owned(),
        "<?xml version='1.0' encoding='UTF-8'?><p>one</p>\n<p>two</p>".to_owned(),
    );
    loader.files.insert(
        "broken.xml".to_owned(),
        "<?xml encoding='UTF-8'?>\n<p>x</q>".to_owned(),
    );

    let options = ValidatorOptions::default();
    let outcome = read_with(b"<!DOCTYPE a []><a>&chapter;</a>", &dtd, &options, &loader);
    assert!(outcome.error.is_none(), "{}", describe_error(&outcome));
    assert_eq!(
        summary(&outcome),
        "doctype a None Some(\"\")@1:1 | start a@1:16 | entity chapter@1:19 | start p@1:19 | text \"one\"@1:19 | end p@1:19 | space \"\\n\"@1:19 | start p@1:19 | text \"two\"@1:19 | end p@1:19 | /entity chapter | end a@1:28 | eof"
    );

    let broken = read_with(b"<!DOCTYPE a []><a>&broken;</a>", &dtd, &options, &loader);
    let Some(error) = broken.error else {
        panic!("expected an error inside the external entity");
    };
    assert_eq!(error.file.as_deref(), Some("broken.xml"));
    assert_eq!((error.line, error.column), (2, 5), "{}", error.message);

    let skipped = read_with(b"<!DOCTYPE a []><a>&off;</a>", &dtd, &options, &loader);
    assert!(skipped.error.is_none(), "{}", describe_error(&skipped));
    assert!(
        summary(&skipped).contains("skipped off@1:19"),
        "{}",
        summary(&skipped)
    );

    let missing = read_with(b"<!DOCTYPE a []><a>&missing;</a>", &dtd, &options, &loader);
    let Some(error) = missing.error else {
        panic!("expected a load failure");
    };
    assert_eq!(error.kind, DiagnosticKind::Resource);
    assert!(error.message.contains("`missing.xml`"), "{}", error.message);
    assert_eq!((error.line, error.column), (1, 19));
}

#[test]
fn invalid_utf8_is_located() {
    let outcome = read_with(
        b"<a>\n ok \xFF</a>",
        &TestDtd::default(),
        &ValidatorOptions::default(),
        &MemoryLoader::default(),
    );
    let Some(error) = outcome.error else {
        panic!("expected an encoding error");
    };
    assert!(
        error.message.contains("invalid UTF-8: byte 0xFF"),
        "{}",
        error.message
    );
    assert_eq!((error.line, error.column), (2, 5));
}

#[test]
fn utf16_documents_are_decoded() {
    let text = "<?xml version='1.0' encoding='UTF-16'?><a>é</a>";
    for big_endian in [true, false] {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        let outcome = read_with(
            &bytes,
            &TestDtd::default(),
            &ValidatorOptions::default(),
            &MemoryLoader::default(),
        );
        assert!(outcome.error.is_none(), "{}", describe_error(&outcome));
        assert_eq!(
            summary(&outcome),
            "decl 1.0 Some(\"UTF-16\") None | start a@1:40 | text \"é\"@1:43 | end a@1:44 | eof"
        );
    }
}

#[test]
fn text_is_line_end_normalized() {
    let outcome = read("<a>x\r\ny\rz<![CDATA[\r\n]]></a>", &TestDtd::default());
    assert!(outcome.error.is_none(), "{}", describe_error(&outcome));
    assert_eq!(
        summary(&outcome),
        "start a@1:1 | text \"x\\ny\\nz\"@1:4 | cdata \"\\n\"@3:2 | end a@4:4 | eof"
    );
}

#[test]
fn memory_stays_flat_on_long_documents() {
    let mut document = String::from("<root>");
    for index in 0..50_000 {
        document.push_str(&format!("<item n='{index}'>text &amp; more</item>\n"));
    }
    document.push_str("</root>");

    let options = ValidatorOptions::default();
    let loader = MemoryLoader::default();
    let mut reader = DocumentReader::new(
        document.as_bytes(),
        "doc.xml".to_owned(),
        None,
        &options,
        &loader,
    );
    let mut events = 0;
    loop {
        match reader.next_event() {
            Ok(Event::Eof) => break,
            Ok(_) => events += 1,
            Err(error) => panic!("unexpected error: {error}"),
        }
    }

    assert_eq!(events, 2 + 50_000 * 6);
    assert!(
        reader.buf.capacity() <= 1024,
        "buffer grew to {}",
        reader.buf.capacity()
    );
    let (elements, name_bytes) = reader.elements.capacity();
    assert!(elements <= 16, "element stack grew to {elements}");
    assert!(name_bytes <= 64, "element names grew to {name_bytes} bytes");
    assert!(
        reader.spare_attributes.capacity() <= 16,
        "attribute list grew to {}",
        reader.spare_attributes.capacity()
    );
}

/// Reads `snippet` after a padding element that ends one line, placing the snippet's
/// first byte `shift` bytes before the end of the first window. Returns the summaries
/// of the events from the padding's end tag on (which start on line 2, so their
/// positions do not depend on the padding) or the error.
fn read_at_window_end(snippet: &[u8], shift: usize) -> Result<Vec<String>, String> {
    let head = b"<r><p>";
    let tail = b"\n</p>";
    let padding = super::window::READ_BYTES - shift - head.len() - tail.len();
    let mut document = head.to_vec();
    document.extend(std::iter::repeat_n(b'x', padding));
    document.extend_from_slice(tail);
    document.extend_from_slice(snippet);
    document.extend_from_slice(b"</r>");

    let outcome = read_with(
        &document,
        &TestDtd::default(),
        &ValidatorOptions::default(),
        &MemoryLoader::default(),
    );
    if let Some(error) = outcome.error {
        return Err(format!("{}@{}:{}", error.message, error.line, error.column));
    }
    Ok(outcome.events.iter().skip(3).map(summarize).collect())
}

#[test]
fn events_split_by_the_window_read_whole() {
    let snippets: &[&[u8]] = &[
        b"<a b=\"1\" c='x y'>t</a>",
        b"<!-- a comment --><e/>",
        b"<![CDATA[x<y]]>",
        b"<?pi some data?>",
        b"a&amp;b&#233;c&#x20AC;d",
        b"line\r\nnext\rend",
        "caf\u{e9} \u{20ac}\u{10348}<e/>".as_bytes(),
        "\u{feff}text<e/>".as_bytes(),
        "<e/>\u{feff}".as_bytes(),
        b"<a\n  b=\"v\"\n/>",
        b"caf\xff",
        b"<a>&unknown;</a>",
    ];
    for snippet in snippets {
        // Far from the end of the window, the snippet is read in one piece.
        let expected = read_at_window_end(snippet, 1000);
        for shift in 0..=snippet.len() + 1 {
            assert_eq!(
                read_at_window_end(snippet, shift),
                expected,
                "snippet {:?} starting {shift} bytes before the end of the window",
                String::from_utf8_lossy(snippet)
            );
        }
    }
}

#[test]
fn reader_reads_token_longer_than_window() {
    let long_text = "y".repeat(3 * super::window::READ_BYTES);
    let document = format!("<r>{long_text}<e/></r>");
    let outcome = read(&document, &TestDtd::default());

    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    let texts: Vec<&Event> = outcome
        .events
        .iter()
        .filter(|event| matches!(event, Event::Text { .. }))
        .collect();
    assert_eq!(texts.len(), 1);
    assert!(matches!(texts[0], Event::Text { text, .. } if *text == long_text));
}
