//! Encoding detection and decoding of entity bytes.

use schemakit_resolve::{decode_entity, detect_encoding, EncodingSource, ResolveError};

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn utf16be(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

fn with_prefix(prefix: &[u8], rest: &[u8]) -> Vec<u8> {
    let mut bytes = prefix.to_vec();
    bytes.extend_from_slice(rest);
    bytes
}

#[test]
fn decodes_supported_encodings() -> Result<(), ResolveError> {
    let declaration_16 = r#"<?xml version="1.0" encoding="UTF-16"?><a>é</a>"#;

    // (case, bytes, expected text)
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "utf-8 without declaration",
            "<a>é</a>".as_bytes().to_vec(),
            "<a>é</a>".into(),
        ),
        (
            "utf-8 byte order mark is removed",
            with_prefix(&[0xEF, 0xBB, 0xBF], "<a>é</a>".as_bytes()),
            "<a>é</a>".into(),
        ),
        (
            "utf-8 byte order mark with matching declaration",
            with_prefix(
                &[0xEF, 0xBB, 0xBF],
                r#"<?xml version="1.0" encoding="utf-8"?><a/>"#.as_bytes(),
            ),
            r#"<?xml version="1.0" encoding="utf-8"?><a/>"#.into(),
        ),
        (
            "utf-16le byte order mark",
            with_prefix(&[0xFF, 0xFE], &utf16le(declaration_16)),
            declaration_16.into(),
        ),
        (
            "utf-16be byte order mark",
            with_prefix(&[0xFE, 0xFF], &utf16be(declaration_16)),
            declaration_16.into(),
        ),
        (
            "utf-16le detected from <?",
            utf16le(declaration_16),
            declaration_16.into(),
        ),
        (
            "utf-16be detected from <?",
            utf16be(declaration_16),
            declaration_16.into(),
        ),
        (
            "iso-8859-1 maps every byte to the same code point",
            with_prefix(
                br#"<?xml version="1.0" encoding="ISO-8859-1"?>"#,
                &[0xE9, 0x80],
            ),
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\u{e9}\u{80}".into(),
        ),
        (
            "encoding names are case-insensitive",
            with_prefix(br#"<?xml version="1.0" encoding='iso-8859-15'?>"#, &[0xA4]),
            "<?xml version=\"1.0\" encoding='iso-8859-15'?>\u{20ac}".into(),
        ),
        (
            "iso-8859-2",
            with_prefix(br#"<?xml version="1.0" encoding="ISO-8859-2"?>"#, &[0xB9]),
            "<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?>\u{161}".into(),
        ),
        (
            "windows-1251",
            with_prefix(br#"<?xml version="1.0" encoding="windows-1251"?>"#, &[0xC0]),
            "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\u{410}".into(),
        ),
        (
            "utf-16le byte order mark with utf-16le declaration",
            with_prefix(
                &[0xFF, 0xFE],
                &utf16le(r#"<?xml version="1.0" encoding="UTF-16LE"?><a/>"#),
            ),
            r#"<?xml version="1.0" encoding="UTF-16LE"?><a/>"#.into(),
        ),
        (
            "windows-1252",
            with_prefix(br#"<?xml version="1.0" encoding="windows-1252"?>"#, &[0x80]),
            "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\u{20ac}".into(),
        ),
        (
            "us-ascii",
            br#"<?xml version="1.0" encoding="US-ASCII"?><a/>"#.to_vec(),
            r#"<?xml version="1.0" encoding="US-ASCII"?><a/>"#.into(),
        ),
        (
            "shift_jis",
            with_prefix(
                br#"<?xml version="1.0" encoding="Shift_JIS"?>"#,
                &[0x93, 0xFA],
            ),
            "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\u{65e5}".into(),
        ),
        (
            "euc-jp",
            with_prefix(br#"<?xml version="1.0" encoding="EUC-JP"?>"#, &[0xC6, 0xFC]),
            "<?xml version=\"1.0\" encoding=\"EUC-JP\"?>\u{65e5}".into(),
        ),
        (
            "iso-2022-jp",
            with_prefix(
                br#"<?xml version="1.0" encoding="ISO-2022-JP"?>"#,
                b"\x1b$BF|\x1b(B",
            ),
            "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?>\u{65e5}".into(),
        ),
    ];

    for (case, bytes, expected) in cases {
        let text = decode_entity(&bytes, case)?;
        assert_eq!(text, expected, "{case}");
    }
    Ok(())
}

/// Names the error of a decode for table comparisons.
fn error_kind(result: Result<String, ResolveError>) -> String {
    match result {
        Ok(text) => format!("decoded {text:?}"),
        Err(ResolveError::UnsupportedEncoding { encoding, .. }) => {
            format!("unsupported {encoding}")
        }
        Err(ResolveError::InvalidEncoding { offset, .. }) => format!("invalid at {offset}"),
        Err(ResolveError::EncodingMismatch { declared, .. }) => format!("mismatch {declared}"),
        Err(other) => format!("other: {other}"),
    }
}

#[test]
fn rejects_bad_encodings() {
    let latin1_declaration = br#"<?xml version="1.0" encoding="ISO-8859-1"?>"#;
    let ascii_declaration = br#"<?xml version="1.0" encoding="US-ASCII"?>"#;

    // (case, bytes, expected outcome)
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "utf-32le byte order mark",
            vec![0xFF, 0xFE, 0x00, 0x00, 0x3C, 0, 0, 0],
            "unsupported UTF-32".into(),
        ),
        (
            "utf-32be byte order mark",
            vec![0x00, 0x00, 0xFE, 0xFF, 0, 0, 0, 0x3C],
            "unsupported UTF-32".into(),
        ),
        (
            "ucs-4 without byte order mark",
            vec![0x3C, 0, 0, 0, 0x3F, 0, 0, 0],
            "unsupported UCS-4".into(),
        ),
        (
            "unknown encoding name",
            br#"<?xml version="1.0" encoding="KLINGON-8"?><a/>"#.to_vec(),
            "unsupported KLINGON-8".into(),
        ),
        (
            "utf-32 declared",
            br#"<?xml version="1.0" encoding="UTF-32"?><a/>"#.to_vec(),
            "unsupported UTF-32".into(),
        ),
        (
            "invalid utf-8 byte",
            b"<a>\xFF</a>".to_vec(),
            "invalid at 3".into(),
        ),
        (
            "truncated utf-8 sequence",
            b"<a>\xC3".to_vec(),
            "invalid at 3".into(),
        ),
        (
            "invalid utf-8 after byte order mark",
            with_prefix(&[0xEF, 0xBB, 0xBF], b"ab\xFF"),
            "invalid at 5".into(),
        ),
        (
            "byte above 0x7f in us-ascii",
            with_prefix(ascii_declaration, &[b'a', 0xE9]),
            format!("invalid at {}", ascii_declaration.len() + 1),
        ),
        (
            "invalid shift_jis sequence",
            with_prefix(
                br#"<?xml version="1.0" encoding="Shift_JIS"?>"#,
                &[0x81, 0x20],
            ),
            "invalid at 42".into(),
        ),
        (
            "utf-16 byte order mark with utf-8 declaration",
            with_prefix(
                &[0xFF, 0xFE],
                &utf16le(r#"<?xml version="1.0" encoding="UTF-8"?><a/>"#),
            ),
            "mismatch UTF-8".into(),
        ),
        (
            "utf-8 byte order mark with latin-1 declaration",
            with_prefix(&[0xEF, 0xBB, 0xBF], latin1_declaration),
            "mismatch ISO-8859-1".into(),
        ),
        (
            "utf-16le byte order mark with utf-16be declaration",
            with_prefix(
                &[0xFF, 0xFE],
                &utf16le(r#"<?xml version="1.0" encoding="UTF-16BE"?><a/>"#),
            ),
            "mismatch UTF-16BE".into(),
        ),
        (
            "utf-16 declared in single-byte text",
            br#"<?xml version="1.0" encoding="UTF-16"?><a/>"#.to_vec(),
            "mismatch UTF-16".into(),
        ),
        (
            "utf-16le detected with latin-1 declaration",
            utf16le(r#"<?xml version="1.0" encoding="ISO-8859-1"?><a/>"#),
            "mismatch ISO-8859-1".into(),
        ),
    ];

    for (case, bytes, expected) in cases {
        assert_eq!(error_kind(decode_entity(&bytes, case)), expected, "{case}");
    }
}

#[test]
fn errors_name_entity_and_encoding() {
    let message = decode_entity(b"<a>\xFF</a>", "dtds/broken.dtd")
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();

    assert!(message.contains("dtds/broken.dtd"), "{message}");
    assert!(message.contains('3'), "{message}");
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn detect_reports_source_and_bom_length() -> Result<(), Box<dyn std::error::Error>> {
    // (case, prefix, expected encoding name, source, byte order mark length)
    let cases: Vec<(&str, Vec<u8>, &str, EncodingSource, usize)> = vec![
        ("empty", vec![], "UTF-8", EncodingSource::Default, 0),
        (
            "plain",
            b"<a/>".to_vec(),
            "UTF-8",
            EncodingSource::Default,
            0,
        ),
        (
            "utf-8 bom",
            vec![0xEF, 0xBB, 0xBF, b'<'],
            "UTF-8",
            EncodingSource::ByteOrderMark,
            3,
        ),
        (
            "utf-16le bom",
            vec![0xFF, 0xFE, b'<', 0],
            "UTF-16LE",
            EncodingSource::ByteOrderMark,
            2,
        ),
        (
            "utf-16be bom",
            vec![0xFE, 0xFF, 0, b'<'],
            "UTF-16BE",
            EncodingSource::ByteOrderMark,
            2,
        ),
        (
            "utf-16le pattern",
            vec![0x3C, 0, 0x3F, 0],
            "UTF-16LE",
            EncodingSource::Autodetected,
            0,
        ),
        (
            "utf-16be pattern",
            vec![0, 0x3C, 0, 0x3F],
            "UTF-16BE",
            EncodingSource::Autodetected,
            0,
        ),
        (
            "declaration",
            br#"<?xml version="1.0" encoding="windows-1251"?>"#.to_vec(),
            "windows-1251",
            EncodingSource::Declaration,
            0,
        ),
        (
            "declaration without encoding",
            br#"<?xml version="1.0" standalone="yes"?>"#.to_vec(),
            "UTF-8",
            EncodingSource::Default,
            0,
        ),
        (
            "short prefix",
            vec![0x3C],
            "UTF-8",
            EncodingSource::Default,
            0,
        ),
    ];

    for (case, prefix, name, source, bom_length) in cases {
        let detected = detect_encoding(&prefix)?;
        assert_eq!(detected.encoding.name(), name, "{case}: encoding");
        assert_eq!(detected.source, source, "{case}: source");
        assert_eq!(
            detected.bom_length, bom_length,
            "{case}: byte order mark length"
        );
    }
    Ok(())
}
