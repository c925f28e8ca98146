//! Feeds generated inputs to every parser and lookup in the crate. A library crate must
//! return an error, never panic, whatever its input. The generator is a fixed-seed
//! xorshift, so a failure reproduces on every run.

use schemakit_model::ExternalId;
use schemakit_resolve::{
    decode_entity, detect_encoding, Catalog, EntityLoader, ExternalPolicy, Resolver, RootIndex,
};
use std::path::Path;

/// Rounds per input kind. Each round builds one input of up to `MAX_PIECES` pieces.
const ROUNDS: usize = 20_000;
const MAX_PIECES: u64 = 24;

struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(bound).unwrap_or(1)).unwrap_or(0)
    }

    /// Concatenates random pieces, each a token or one random byte.
    fn bytes(&mut self, tokens: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let pieces = self.next() % MAX_PIECES;
        for _ in 0..pieces {
            if self.below(5) == 0 {
                out.push(self.next().to_le_bytes()[0]);
            } else if let Some(token) = tokens.get(self.below(tokens.len())) {
                out.extend_from_slice(token);
            }
        }
        out
    }

    fn text(&mut self, tokens: &[&[u8]]) -> String {
        String::from_utf8_lossy(&self.bytes(tokens)).into_owned()
    }
}

const ENCODING_TOKENS: &[&[u8]] = &[
    b"<?xml",
    b" version=\"1.0\"",
    b" encoding=\"",
    b" encoding='",
    b"UTF-16",
    b"UTF-8",
    b"ISO-8859-1",
    b"US-ASCII",
    b"Shift_JIS",
    b"ISO-2022-JP",
    b"\"",
    b"'",
    b"?>",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\x00\x00",
    b"\x3C\x00\x3F\x00",
    b"\x00\x3C\x00\x3F",
    b"\x1B$B",
    b"\xC3",
    b"\x81",
    b"<a>",
];

const ID_TOKENS: &[&[u8]] = &[
    b"http://",
    b"https://",
    b"file:",
    b"file://",
    b"///",
    b"example.com",
    b"/",
    b"../",
    b"./",
    b"..",
    b"%",
    b"%2",
    b"%20",
    b"%C3%A9",
    b"#",
    b"?",
    b":",
    b"urn:publicid:",
    b"+",
    b";",
    b"%3A",
    b" ",
    b"\xC3\xA9",
    b"a.dtd",
    b"exact.dtd",
    b"prefix/",
    b"suffix.dtd",
    b"-//",
    b"//EN",
];

const CATALOG_TOKENS: &[&[u8]] = &[
    b"<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">",
    b"</catalog>",
    b"<group",
    b"</group>",
    b"<system",
    b"<rewriteSystem",
    b"<systemSuffix",
    b"<public",
    b"<uri",
    b"<rewriteURI",
    b"<uriSuffix",
    b" systemId=\"",
    b" systemIdStartString=\"",
    b" systemIdSuffix=\"",
    b" publicId=\"",
    b" uri=\"",
    b" name=\"",
    b" rewritePrefix=\"",
    b" uriStartString=\"",
    b" prefer=\"",
    b" xml:base=\"",
    b"public",
    b"system",
    b"\"",
    b"/>",
    b">",
    b"<!DOCTYPE catalog PUBLIC \"-//OASIS//DTD XML Catalogs V1.1//EN\" \"catalog.dtd\">",
    b"<x:e xmlns:x=\"urn:x\">",
    b"</x:e>",
    b"&amp;",
    b"&#0;",
    b"http://a/",
    b"../",
    b"%",
];

const TOML_TOKENS: &[&[u8]] = &[
    b"[[root]]\n",
    b"[root]\n",
    b"element = ",
    b"system_id = ",
    b"reason = ",
    b"\"A\"",
    b"\"https://example.com/a.dtd\"",
    b"\"why\"",
    b"\n",
    b"=",
    b"\"",
    b"'''",
    b"[",
    b"]",
    b"1",
];

#[test]
fn decoding_never_panics() {
    let mut generator = Generator(0x9E37_79B9_7F4A_7C15);

    for _ in 0..ROUNDS {
        let bytes = generator.bytes(ENCODING_TOKENS);
        let _ = detect_encoding(&bytes);
        let _ = decode_entity(&bytes, "generated");
    }
}

#[test]
fn catalog_parsing_never_panics() {
    let mut generator = Generator(0xD1B5_4A32_D192_ED03);
    let location = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/catalogs/generated.xml");
    let mut parsed = 0;

    for _ in 0..ROUNDS {
        // A catalog start tag first, so that some inputs are catalogs with entries.
        let mut text =
            String::from(r#"<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">"#);
        text.push_str(&generator.text(CATALOG_TOKENS));
        if generator.below(2) == 0 {
            text.push_str("</catalog>");
        }
        // nextCatalog and delegate entries would read files, so they are not generated.
        if let Ok(catalog) = Catalog::parse(&text, &location) {
            parsed += 1;
            let id = generator.text(ID_TOKENS);
            let _ = catalog.resolve_system(&id);
            let _ = catalog.resolve_public(&id);
            let _ = catalog.resolve_uri(&id);
        }
    }

    assert!(parsed > 0, "no generated catalog parsed, so no lookup ran");
    eprintln!("{parsed} of {ROUNDS} generated catalogs parsed");
}

#[test]
fn identifier_lookup_never_panics() -> Result<(), Box<dyn std::error::Error>> {
    let mut generator = Generator(0x2545_F491_4F6C_DD1D);
    let catalog = Catalog::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/catalogs/entries.xml"),
    )?;
    // The catalog policy reads no file except catalog targets under tests/data.
    let resolver = Resolver::new(ExternalPolicy::Catalog).with_catalog(catalog.clone());

    for _ in 0..ROUNDS {
        let system_id = generator.text(ID_TOKENS);
        let public_id = generator.text(ID_TOKENS);
        let base = generator.text(ID_TOKENS);
        let _ = catalog.resolve_external(Some(&public_id), Some(&system_id));
        let _ = catalog.resolve_uri(&system_id);
        let id = ExternalId {
            public_id: Some(public_id).filter(|_| generator.below(2) == 0),
            system_id,
            base: Some(base).filter(|_| generator.below(2) == 0),
        };
        let _ = resolver.load(&id);
    }
    Ok(())
}

#[test]
fn root_index_parsing_never_panics() {
    let mut generator = Generator(0x6A09_E667_F3BC_C909);

    for _ in 0..ROUNDS {
        let text = generator.text(TOML_TOKENS);
        let _ = RootIndex::parse(&text, "generated.toml");
    }
}
