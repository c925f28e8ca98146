//! The XML writer that generated `ToXml` implementations call.

/// Writes XML text into a `String`, escaping text and attribute values.
///
/// Attributes are written in the order of the calls, which generated code makes
/// the order of the schema declarations. An element with no content is written as
/// an empty-element tag (`<A/>`).
#[derive(Clone, Debug, Default)]
pub struct XmlWriter {
    output: String,
    start_tag_open: bool,
}

impl XmlWriter {
    /// Creates an empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `<name`; attributes may follow until content is written.
    pub fn start(&mut self, name: &str) {
        self.close_start_tag();
        self.output.push('<');
        self.output.push_str(name);
        self.start_tag_open = true;
    }

    /// Writes an attribute of the element just started.
    pub fn attribute(&mut self, name: &str, value: &str) {
        self.output.push(' ');
        self.output.push_str(name);
        self.output.push_str("=\"");
        escape_into(&mut self.output, value, true);
        self.output.push('"');
    }

    /// Writes escaped character data.
    pub fn text(&mut self, text: &str) {
        self.close_start_tag();
        escape_into(&mut self.output, text, false);
    }

    /// Writes the end tag of `name`, or closes its start tag as an empty-element tag
    /// when nothing was written inside it.
    pub fn end(&mut self, name: &str) {
        if self.start_tag_open {
            self.output.push_str("/>");
            self.start_tag_open = false;
            return;
        }

        self.output.push_str("</");
        self.output.push_str(name);
        self.output.push('>');
    }

    /// Writes `<name>value</name>` with `value` formatted by `Display`.
    pub fn value_element(&mut self, name: &str, value: &impl std::fmt::Display) {
        self.start(name);
        self.text(&value.to_string());
        self.end(name);
    }

    /// Returns the text written so far.
    pub fn into_string(self) -> String {
        self.output
    }

    fn close_start_tag(&mut self) {
        if self.start_tag_open {
            self.output.push('>');
            self.start_tag_open = false;
        }
    }
}

/// Escapes `&`, `<` and `>` always, quotes in attribute values, and carriage
/// returns, tabs and line feeds in attribute values so that they survive
/// attribute-value normalization.
fn escape_into(output: &mut String, text: &str, attribute: bool) {
    for character in text.chars() {
        match character {
            '&' => output.push_str("&amp;"),
            '<' => output.push_str("&lt;"),
            '>' => output.push_str("&gt;"),
            '"' if attribute => output.push_str("&quot;"),
            '\t' if attribute => output.push_str("&#9;"),
            '\n' if attribute => output.push_str("&#10;"),
            '\r' => output.push_str("&#13;"),
            other => output.push(other),
        }
    }
}
