//! The reader, writer and record streaming, driven by hand-written `FromXml`
//! implementations like the generated ones.

use schemakit_runtime::{
    AnyElement, AnyNode, FromXml, MixedItem, ReadError, StartTag, UnknownElements, XmlReader,
    XmlRoot, XmlWriter,
};
use std::io::BufRead;

/// `<ITEM code="..."><NAME>..</NAME><SIZE>..</SIZE>?</ITEM>`
#[derive(Debug, PartialEq)]
struct Item {
    code: Option<String>,
    name: String,
    size: Option<u32>,
    other: Vec<AnyElement>,
}

impl FromXml for Item {
    fn read_element<R: BufRead>(
        reader: &mut XmlReader<R>,
        start: StartTag,
    ) -> Result<Self, ReadError> {
        const KNOWN: &[&str] = &["NAME", "SIZE"];
        let mut code = None;
        for (name, value) in &start.attributes {
            match name.as_str() {
                "code" => code = Some(value.clone()),
                _ => reader.unknown_attribute(&start, name)?,
            }
        }

        let name = if reader.peek_child(KNOWN)? == Some("NAME") {
            reader.take_child()?;
            reader.read_value::<String>()?
        } else {
            return Err(reader.missing_child(&["NAME"]));
        };
        let size = if reader.peek_child(KNOWN)? == Some("SIZE") {
            reader.take_child()?;
            Some(reader.read_value::<u32>()?)
        } else {
            None
        };
        let other = reader.end_element(KNOWN)?;
        Ok(Item {
            code,
            name,
            size,
            other,
        })
    }
}

impl schemakit_runtime::ToXml for Item {
    fn write_element(&self, writer: &mut XmlWriter, name: &str) {
        writer.start(name);
        if let Some(code) = &self.code {
            writer.attribute("code", code);
        }
        writer.value_element("NAME", &self.name);
        if let Some(size) = &self.size {
            writer.value_element("SIZE", size);
        }
        writer.end(name);
    }
}

impl XmlRoot for Item {
    const ELEMENT_NAME: &'static str = "ITEM";
}

fn read_with(xml: &str, mode: UnknownElements) -> Result<Item, ReadError> {
    let mut reader = XmlReader::new(xml.as_bytes()).with_unknown_elements(mode);
    schemakit_runtime::read_document(&mut reader)
}

#[test]
fn writer_escapes_text_and_attributes() {
    let item = Item {
        code: Some("a\"b<c>&\td\ne".to_owned()),
        name: "x < y & z > w\r".to_owned(),
        size: Some(3),
        other: Vec::new(),
    };

    let xml = item.to_xml();

    assert_eq!(
        xml,
        "<ITEM code=\"a&quot;b&lt;c&gt;&amp;&#9;d&#10;e\"><NAME>x &lt; y &amp; z &gt; w&#13;</NAME><SIZE>3</SIZE></ITEM>"
    );
    assert_eq!(Item::from_xml(&xml).expect("re-reads"), item);
}

#[test]
fn writer_uses_empty_element_tags() {
    let mut writer = XmlWriter::new();
    writer.start("A");
    writer.attribute("x", "1");
    writer.end("A");
    writer.start("B");
    writer.text("");
    writer.end("B");

    assert_eq!(writer.into_string(), "<A x=\"1\"/><B></B>");
}

#[test]
fn columns_count_characters_not_bytes() {
    let xml = "<ITEM>\n  <NAME>é</NAME><SIZE>ü</SIZE></ITEM>";

    let error = Item::from_xml(xml).expect_err("invalid size");

    assert_eq!((error.line, error.column), (2, 17), "{error}");
    assert_eq!(error.path, "/ITEM/SIZE");
}

#[test]
fn unknown_element_modes() {
    let xml = "<ITEM extra=\"1\"><NAME>n</NAME><NOTE a=\"b\">t<I/></NOTE><SIZE>2</SIZE></ITEM>";

    let error = read_with(xml, UnknownElements::Error).expect_err("undeclared attribute");
    assert_eq!(
        error.message,
        "attribute extra is not declared for element ITEM"
    );

    let skipped = read_with(xml, UnknownElements::Skip).expect("skips");
    assert_eq!(skipped.size, Some(2));
    assert!(skipped.other.is_empty());

    let kept = read_with(xml, UnknownElements::Keep).expect("keeps");
    assert_eq!(kept.size, Some(2));
    assert_eq!(
        kept.other,
        vec![AnyElement {
            name: "NOTE".to_owned(),
            attributes: vec![("a".to_owned(), "b".to_owned())],
            children: vec![
                AnyNode::Text("t".to_owned()),
                AnyNode::Element(AnyElement {
                    name: "I".to_owned(),
                    ..AnyElement::default()
                }),
            ],
        }]
    );
}

#[test]
fn malformed_documents_are_errors() {
    let cases = [
        ("<ITEM><NAME>n</NAME></ITEMX>", "not well-formed"),
        ("<ITEM><NAME>n</NAME>", "the document ended"),
        ("", "the document has no root element"),
        (
            "<ITEM><NAME>n</NAME></ITEM><ITEM/>",
            "content after the root element",
        ),
        (
            "<ITEM>text<NAME>n</NAME></ITEM>",
            "text \"text\" is not allowed in element ITEM",
        ),
        (
            "<ITEM><NAME>&#xD800;</NAME></ITEM>",
            "invalid character reference",
        ),
    ];
    for (xml, expected) in cases {
        let error = Item::from_xml(xml).expect_err(xml);
        assert!(error.message.contains(expected), "{xml}: {error}");
    }
}

#[test]
fn numbers_parse_with_surrounding_whitespace() {
    let item = Item::from_xml("<ITEM><NAME> n </NAME><SIZE>\n 12 \n</SIZE></ITEM>").expect("reads");

    assert_eq!(item.name, " n ", "strings keep their whitespace");
    assert_eq!(item.size, Some(12));
}

#[test]
fn records_stream_from_a_list() {
    let xml = "<LIST><HEADER/><ITEMS><ITEM><NAME>a</NAME></ITEM><ITEM><NAME>b</NAME></ITEM></ITEMS><FOOTER><ITEM><NAME>no</NAME></ITEM></FOOTER></LIST>";

    let names: Vec<String> = Item::stream_records(xml.as_bytes(), &["LIST", "ITEMS", "ITEM"])
        .map(|item| item.map(|item| item.name))
        .collect::<Result<_, _>>()
        .expect("streams");

    assert_eq!(names, ["a", "b"]);
}

#[test]
fn mixed_items_join_text_pieces() {
    let xml = "<P>a &amp; <![CDATA[b]]><B>x</B>c</P>";
    let mut reader = XmlReader::new(xml.as_bytes());
    reader.read_root("P").expect("root");

    let first = reader.next_mixed(&["B"]).expect("reads");
    assert_eq!(first, Some(MixedItem::Text("a & b".to_owned())));
    let second = reader.next_mixed(&["B"]).expect("reads");
    assert_eq!(second, Some(MixedItem::Element("B")));
    reader.take_child().expect("opens B");
    assert_eq!(reader.read_text().expect("text"), "x");
    let third = reader.next_mixed(&["B"]).expect("reads");
    assert_eq!(third, Some(MixedItem::Text("c".to_owned())));
    assert_eq!(reader.next_mixed(&["B"]).expect("reads"), None);
    assert!(reader.end_element(&["B"]).expect("ends").is_empty());
}
