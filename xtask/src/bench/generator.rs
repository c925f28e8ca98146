//! Deterministic posture-info-like documents and the DTD they are valid against.
//!
//! The shape follows the Qualys posture-info response: an `INFO_LIST` of compliance
//! records, each with evidence (a CDATA boolean expression and a list of data point
//! values), then a `GLOSSARY` of the hosts. The same seed and size give the same bytes.

use std::io::{self, Write};

/// The file name of the DTD, which the document's DOCTYPE names as its SYSTEM
/// identifier, so the DTD must be written beside the document.
pub const DTD_FILE_NAME: &str = "posture_info.dtd";

/// The DTD that every generated document is valid against.
pub const DTD: &str = r#"<!-- Posture-info-like benchmark schema written by `cargo xtask bench`. -->
<!ELEMENT POSTURE_INFO_LIST_OUTPUT (RESPONSE)>
<!ELEMENT RESPONSE (DATETIME, INFO_LIST, GLOSSARY)>
<!ELEMENT DATETIME (#PCDATA)>
<!ELEMENT INFO_LIST (INFO+)>
<!ELEMENT INFO (ID, HOST_ID, CONTROL_ID, TECHNOLOGY_ID, INSTANCE, STATUS,
                FIRST_FAIL_DATE?, LAST_FAIL_DATE?, FIRST_PASS_DATE?, LAST_PASS_DATE?,
                POSTURE_MODIFIED_DATE, EVIDENCE)>
<!ELEMENT ID (#PCDATA)>
<!ELEMENT HOST_ID (#PCDATA)>
<!ELEMENT CONTROL_ID (#PCDATA)>
<!ELEMENT TECHNOLOGY_ID (#PCDATA)>
<!ELEMENT INSTANCE (#PCDATA)>
<!ELEMENT STATUS (#PCDATA)>
<!ELEMENT FIRST_FAIL_DATE (#PCDATA)>
<!ELEMENT LAST_FAIL_DATE (#PCDATA)>
<!ELEMENT FIRST_PASS_DATE (#PCDATA)>
<!ELEMENT LAST_PASS_DATE (#PCDATA)>
<!ELEMENT POSTURE_MODIFIED_DATE (#PCDATA)>
<!ELEMENT EVIDENCE (BOOLEAN_EXPR, DPV_LIST)>
<!ELEMENT BOOLEAN_EXPR (#PCDATA)>
<!ELEMENT DPV_LIST (DPV+)>
<!ELEMENT DPV (#PCDATA)>
<!ATTLIST DPV label CDATA #REQUIRED>
<!ELEMENT GLOSSARY (HOST_LIST)>
<!ELEMENT HOST_LIST (HOST+)>
<!ELEMENT HOST (ID, IP, DNS?, OS)>
<!ELEMENT IP (#PCDATA)>
<!ELEMENT DNS (#PCDATA)>
<!ELEMENT OS (#PCDATA)>
"#;

/// The file name of the XSD twin of [`DTD`], written beside the document.
pub const XSD_FILE_NAME: &str = "posture_info.xsd";

/// An XSD that accepts the same documents as [`DTD`], with the values typed as a
/// schema author would type them (integers, dateTime, an enumerated STATUS), so the
/// XSD rows also measure simple-type checks.
pub const XSD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- Posture-info-like benchmark schema written by `cargo xtask bench`. -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="POSTURE_INFO_LIST_OUTPUT">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="RESPONSE" type="Response"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:complexType name="Response">
    <xs:sequence>
      <xs:element name="DATETIME" type="xs:dateTime"/>
      <xs:element name="INFO_LIST">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="INFO" type="Info" maxOccurs="unbounded"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="GLOSSARY">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="HOST_LIST">
              <xs:complexType>
                <xs:sequence>
                  <xs:element name="HOST" type="Host" maxOccurs="unbounded"/>
                </xs:sequence>
              </xs:complexType>
            </xs:element>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="Info">
    <xs:sequence>
      <xs:element name="ID" type="xs:unsignedLong"/>
      <xs:element name="HOST_ID" type="xs:unsignedLong"/>
      <xs:element name="CONTROL_ID" type="xs:unsignedInt"/>
      <xs:element name="TECHNOLOGY_ID" type="xs:unsignedInt"/>
      <xs:element name="INSTANCE" type="xs:string"/>
      <xs:element name="STATUS" type="Status"/>
      <xs:element name="FIRST_FAIL_DATE" type="xs:dateTime" minOccurs="0"/>
      <xs:element name="LAST_FAIL_DATE" type="xs:dateTime" minOccurs="0"/>
      <xs:element name="FIRST_PASS_DATE" type="xs:dateTime" minOccurs="0"/>
      <xs:element name="LAST_PASS_DATE" type="xs:dateTime" minOccurs="0"/>
      <xs:element name="POSTURE_MODIFIED_DATE" type="xs:dateTime"/>
      <xs:element name="EVIDENCE" type="Evidence"/>
    </xs:sequence>
  </xs:complexType>
  <xs:simpleType name="Status">
    <xs:restriction base="xs:string">
      <xs:enumeration value="Passed"/>
      <xs:enumeration value="Failed"/>
      <xs:enumeration value="Error"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:complexType name="Evidence">
    <xs:sequence>
      <xs:element name="BOOLEAN_EXPR" type="xs:string"/>
      <xs:element name="DPV_LIST">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="DPV" type="DataPointValue" maxOccurs="unbounded"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="DataPointValue">
    <xs:simpleContent>
      <xs:extension base="xs:string">
        <xs:attribute name="label" type="xs:string" use="required"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>
  <xs:complexType name="Host">
    <xs:sequence>
      <xs:element name="ID" type="xs:unsignedLong"/>
      <xs:element name="IP" type="xs:string"/>
      <xs:element name="DNS" type="xs:string" minOccurs="0"/>
      <xs:element name="OS" type="xs:string"/>
    </xs:sequence>
  </xs:complexType>
</xs:schema>
"#;

/// The bytes before the first `INFO` record.
const HEADER: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<!DOCTYPE POSTURE_INFO_LIST_OUTPUT SYSTEM \"posture_info.dtd\">\n",
    "<POSTURE_INFO_LIST_OUTPUT>\n",
    "  <RESPONSE>\n",
    "    <DATETIME>2024-05-14T10:12:45Z</DATETIME>\n",
    "    <INFO_LIST>\n",
);

/// Hosts in the glossary per MiB of requested size, so the glossary stays a small
/// share of the document at every size.
const HOSTS_PER_MIB: u64 = 10;

const STATUSES: [&str; 3] = ["Passed", "Failed", "Error"];
const OPERATING_SYSTEMS: [&str; 4] = [
    "Red Hat Enterprise Linux 8.9",
    "Windows Server 2019 Datacenter",
    "Ubuntu Linux 22.04",
    "CentOS Linux 7.9",
];
const DPV_LABELS: [&str; 4] = [
    "Permission",
    "Status of the 'PermitRootLogin' setting",
    "Setting value",
    "Minimum password length",
];

/// A xorshift64* generator: small, seeded and identical on every platform, which is
/// all the document generator needs (it is not for cryptography).
#[derive(Clone, Debug)]
pub struct Prng {
    state: u64,
}

impl Prng {
    /// Creates a generator; seed 0 is replaced by a fixed non-zero constant because
    /// xorshift never leaves the all-zero state.
    pub fn new(seed: u64) -> Self {
        let state = if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        };
        Prng { state }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Returns a number in `0..bound`; `bound` 0 returns 0.
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            return 0;
        }
        self.next_u64() % bound
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        let index = usize::try_from(self.below(choices.len() as u64)).unwrap_or(0);
        choices.get(index).copied().unwrap_or("")
    }
}

/// Counts the bytes written through it, so the generator can stop at the target size.
struct CountingWriter<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let count = self.inner.write(bytes)?;
        self.written += count as u64;
        Ok(count)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes a document of at least `target_bytes` bytes, exceeding it by less than one
/// `INFO` record (under 2 KiB), and returns the number of bytes written. A target
/// below the header, one record and the glossary is exceeded by more.
pub fn write_document<W: Write>(output: W, target_bytes: u64, seed: u64) -> io::Result<u64> {
    let mut random = Prng::new(seed);
    let host_count = 1 + target_bytes.saturating_mul(HOSTS_PER_MIB) / (1024 * 1024);

    let mut glossary = Vec::new();
    write_glossary(&mut glossary, host_count, &mut random)?;
    let reserved = glossary.len() as u64;

    let mut output = CountingWriter {
        inner: output,
        written: 0,
    };
    output.write_all(HEADER.as_bytes())?;

    let mut record_id: u64 = 0;
    loop {
        record_id += 1;
        write_info(&mut output, record_id, host_count, &mut random)?;
        if output.written + reserved >= target_bytes {
            break;
        }
    }

    output.write_all(&glossary)?;
    output.flush()?;
    Ok(output.written)
}

fn write_info<W: Write>(
    output: &mut W,
    record_id: u64,
    host_count: u64,
    random: &mut Prng,
) -> io::Result<()> {
    let host_id = 1_000_000 + random.below(host_count);
    let control_id = 1000 + random.below(9000);
    let status = random.pick(&STATUSES);
    let day = 1 + random.below(28);

    writeln!(output, "      <INFO>")?;
    writeln!(output, "        <ID>{record_id}</ID>")?;
    writeln!(output, "        <HOST_ID>{host_id}</HOST_ID>")?;
    writeln!(output, "        <CONTROL_ID>{control_id}</CONTROL_ID>")?;
    writeln!(
        output,
        "        <TECHNOLOGY_ID>{}</TECHNOLOGY_ID>",
        1 + random.below(200)
    )?;
    writeln!(output, "        <INSTANCE>os</INSTANCE>")?;
    writeln!(output, "        <STATUS>{status}</STATUS>")?;

    if status == "Passed" {
        writeln!(
            output,
            "        <FIRST_PASS_DATE>2024-03-{day:02}T08:00:00Z</FIRST_PASS_DATE>"
        )?;
        writeln!(
            output,
            "        <LAST_PASS_DATE>2024-05-{day:02}T08:00:00Z</LAST_PASS_DATE>"
        )?;
    } else {
        writeln!(
            output,
            "        <FIRST_FAIL_DATE>2024-02-{day:02}T08:00:00Z</FIRST_FAIL_DATE>"
        )?;
        writeln!(
            output,
            "        <LAST_FAIL_DATE>2024-05-{day:02}T08:00:00Z</LAST_FAIL_DATE>"
        )?;
    }
    writeln!(
        output,
        "        <POSTURE_MODIFIED_DATE>2024-05-{day:02}T09:30:00Z</POSTURE_MODIFIED_DATE>"
    )?;

    writeln!(output, "        <EVIDENCE>")?;
    writeln!(
        output,
        "          <BOOLEAN_EXPR><![CDATA[(dp_{control_id}_1 matches \"^[0-9]+$\") && (dp_{control_id}_2 >= {}) && setting != \"<none>\"]]></BOOLEAN_EXPR>",
        random.below(100)
    )?;
    writeln!(output, "          <DPV_LIST>")?;
    let value_count = 1 + random.below(4);
    for _ in 0..value_count {
        let label = random.pick(&DPV_LABELS);
        let value = random.below(100_000);
        writeln!(
            output,
            "            <DPV label=\"{label}\">value {value} &amp; limit {}</DPV>",
            value / 2
        )?;
    }
    writeln!(output, "          </DPV_LIST>")?;
    writeln!(output, "        </EVIDENCE>")?;
    writeln!(output, "      </INFO>")?;
    Ok(())
}

fn write_glossary<W: Write>(output: &mut W, host_count: u64, random: &mut Prng) -> io::Result<()> {
    writeln!(output, "    </INFO_LIST>")?;
    writeln!(output, "    <GLOSSARY>")?;
    writeln!(output, "      <HOST_LIST>")?;

    for index in 0..host_count {
        let host_id = 1_000_000 + index;
        writeln!(output, "        <HOST>")?;
        writeln!(output, "          <ID>{host_id}</ID>")?;
        writeln!(
            output,
            "          <IP>10.{}.{}.{}</IP>",
            random.below(256),
            random.below(256),
            1 + random.below(254)
        )?;
        if random.below(2) == 0 {
            writeln!(
                output,
                "          <DNS>host-{host_id}.example.internal</DNS>"
            )?;
        }
        writeln!(
            output,
            "          <OS>{}</OS>",
            random.pick(&OPERATING_SYSTEMS)
        )?;
        writeln!(output, "        </HOST>")?;
    }

    writeln!(output, "      </HOST_LIST>")?;
    writeln!(output, "    </GLOSSARY>")?;
    writeln!(output, "  </RESPONSE>")?;
    writeln!(output, "</POSTURE_INFO_LIST_OUTPUT>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    fn generate(target_bytes: u64, seed: u64) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        write_document(&mut bytes, target_bytes, seed)?;
        Ok(bytes)
    }

    #[test]
    fn same_seed_same_bytes() -> io::Result<()> {
        let first = generate(MIB, 7)?;
        let second = generate(MIB, 7)?;
        assert_eq!(first, second);
        Ok(())
    }

    #[test]
    fn other_seed_other_bytes() -> io::Result<()> {
        let first = generate(MIB, 7)?;
        let second = generate(MIB, 8)?;
        assert_ne!(first, second);
        Ok(())
    }

    #[test]
    fn size_within_five_percent() -> io::Result<()> {
        for target in [64 * 1024, MIB, 3 * MIB] {
            let mut sink = io::sink();
            let written = write_document(&mut sink, target, 1)?;
            let difference = written.abs_diff(target);
            assert!(
                difference * 20 <= target,
                "request {target} bytes, wrote {written} bytes"
            );
        }
        Ok(())
    }

    #[test]
    fn reported_size_matches_bytes() -> io::Result<()> {
        let mut bytes = Vec::new();
        let written = write_document(&mut bytes, MIB, 3)?;
        assert_eq!(written, bytes.len() as u64);
        Ok(())
    }

    #[test]
    fn document_parses_with_roxmltree() -> Result<(), Box<dyn std::error::Error>> {
        let bytes = generate(256 * 1024, 11)?;
        let text = std::str::from_utf8(&bytes)?;
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        let document = roxmltree::Document::parse_with_options(text, options)?;

        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "POSTURE_INFO_LIST_OUTPUT");

        let infos = root.descendants().filter(|node| node.has_tag_name("INFO"));
        assert!(infos.count() > 100);

        let hosts = root.descendants().filter(|node| node.has_tag_name("HOST"));
        assert!(hosts.count() >= 1);

        let labelled = root
            .descendants()
            .filter(|node| node.has_tag_name("DPV"))
            .all(|node| node.attribute("label").is_some());
        assert!(labelled);

        let expression = root
            .descendants()
            .find(|node| node.has_tag_name("BOOLEAN_EXPR"))
            .and_then(|node| node.text());
        assert!(expression.is_some_and(|text| text.contains("\"<none>\"")));
        Ok(())
    }

    #[test]
    fn doctype_names_dtd_file() {
        let system_id = format!("SYSTEM \"{DTD_FILE_NAME}\"");
        assert!(HEADER.contains(&system_id));
    }

    /// Writes the DTD and a document generated with `seed`, passed through `edit`, to
    /// a temporary folder and returns schemakit's verdict on the document.
    fn schemakit_verdict(
        seed: u64,
        edit: impl Fn(String) -> String,
    ) -> Result<schemakit::Verdict, Box<dyn std::error::Error>> {
        let folder = tempfile::tempdir()?;
        std::fs::write(folder.path().join(DTD_FILE_NAME), DTD)?;
        let text = String::from_utf8(generate(128 * 1024, seed)?)?;
        let path = folder.path().join("document.xml");
        std::fs::write(&path, edit(text))?;

        let resolver = schemakit::Resolver::new(schemakit::ExternalPolicy::Local);
        let validator = schemakit::Validator::new(resolver, schemakit::ValidatorOptions::default());
        Ok(validator.validate_file(&path).verdict)
    }

    #[test]
    fn document_valid_against_dtd() -> Result<(), Box<dyn std::error::Error>> {
        let verdict = schemakit_verdict(5, |text| text)?;
        assert_eq!(verdict, schemakit::Verdict::Valid);
        Ok(())
    }

    #[test]
    fn document_valid_against_xsd_twin() -> Result<(), Box<dyn std::error::Error>> {
        let folder = tempfile::tempdir()?;
        let xsd_path = folder.path().join(XSD_FILE_NAME);
        std::fs::write(&xsd_path, XSD)?;
        let document = folder.path().join("document.xml");
        std::fs::write(&document, generate(128 * 1024, 5)?)?;

        let resolver = schemakit::Resolver::new(schemakit::ExternalPolicy::Local);
        let xsd = schemakit::CompiledXsd::load(&xsd_path, &resolver)?;
        let validator = schemakit::Validator::new(resolver, schemakit::ValidatorOptions::default())
            .with_xsd(std::sync::Arc::new(xsd));
        let report = validator.validate_file(&document);
        assert_eq!(
            report.verdict,
            schemakit::Verdict::Valid,
            "{:?}",
            report.diagnostics
        );
        Ok(())
    }

    #[test]
    fn edited_document_invalid() -> Result<(), Box<dyn std::error::Error>> {
        let verdict = schemakit_verdict(5, |text| text.replacen("<INSTANCE>os</INSTANCE>", "", 1))?;
        assert_eq!(verdict, schemakit::Verdict::Invalid);
        Ok(())
    }

    #[test]
    fn dtd_parses_with_roxmltree() -> Result<(), Box<dyn std::error::Error>> {
        let text =
            format!("<!DOCTYPE POSTURE_INFO_LIST_OUTPUT [\n{DTD}]>\n<POSTURE_INFO_LIST_OUTPUT/>");
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        let document = roxmltree::Document::parse_with_options(&text, options)?;
        assert_eq!(
            document.root_element().tag_name().name(),
            "POSTURE_INFO_LIST_OUTPUT"
        );
        Ok(())
    }
}
