//! The Unicode blocks that XSD 1.0 block escapes such as `\p{IsBasicLatin}` name.
//!
//! XSD 1.0 uses the block list of Unicode 3.1, with the spaces of the block names
//! removed and hyphens kept (`IsLatin-1Supplement`). The `regex` crate has no block
//! properties, so each block is translated to its code point ranges. Blocks added
//! after Unicode 3.1 are unknown names in XSD 1.0 and are rejected.

/// A Unicode 3.1 block.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Block {
    /// The name as written after `Is`, such as `BasicLatin`.
    pub(crate) name: &'static str,
    /// Inclusive code point ranges. Private Use and Specials have several ranges.
    /// The three surrogate blocks have none, because surrogate code points are not
    /// characters and so no value can contain one.
    pub(crate) ranges: &'static [(u32, u32)],
}

const fn block(name: &'static str, ranges: &'static [(u32, u32)]) -> Block {
    Block { name, ranges }
}

/// Every block of Unicode 3.1, in code point order.
pub(crate) static BLOCKS: &[Block] = &[
    block("BasicLatin", &[(0x0000, 0x007F)]),
    block("Latin-1Supplement", &[(0x0080, 0x00FF)]),
    block("LatinExtended-A", &[(0x0100, 0x017F)]),
    block("LatinExtended-B", &[(0x0180, 0x024F)]),
    block("IPAExtensions", &[(0x0250, 0x02AF)]),
    block("SpacingModifierLetters", &[(0x02B0, 0x02FF)]),
    block("CombiningDiacriticalMarks", &[(0x0300, 0x036F)]),
    block("Greek", &[(0x0370, 0x03FF)]),
    block("Cyrillic", &[(0x0400, 0x04FF)]),
    block("Armenian", &[(0x0530, 0x058F)]),
    block("Hebrew", &[(0x0590, 0x05FF)]),
    block("Arabic", &[(0x0600, 0x06FF)]),
    block("Syriac", &[(0x0700, 0x074F)]),
    block("Thaana", &[(0x0780, 0x07BF)]),
    block("Devanagari", &[(0x0900, 0x097F)]),
    block("Bengali", &[(0x0980, 0x09FF)]),
    block("Gurmukhi", &[(0x0A00, 0x0A7F)]),
    block("Gujarati", &[(0x0A80, 0x0AFF)]),
    block("Oriya", &[(0x0B00, 0x0B7F)]),
    block("Tamil", &[(0x0B80, 0x0BFF)]),
    block("Telugu", &[(0x0C00, 0x0C7F)]),
    block("Kannada", &[(0x0C80, 0x0CFF)]),
    block("Malayalam", &[(0x0D00, 0x0D7F)]),
    block("Sinhala", &[(0x0D80, 0x0DFF)]),
    block("Thai", &[(0x0E00, 0x0E7F)]),
    block("Lao", &[(0x0E80, 0x0EFF)]),
    block("Tibetan", &[(0x0F00, 0x0FFF)]),
    block("Myanmar", &[(0x1000, 0x109F)]),
    block("Georgian", &[(0x10A0, 0x10FF)]),
    block("HangulJamo", &[(0x1100, 0x11FF)]),
    block("Ethiopic", &[(0x1200, 0x137F)]),
    block("Cherokee", &[(0x13A0, 0x13FF)]),
    block("UnifiedCanadianAboriginalSyllabics", &[(0x1400, 0x167F)]),
    block("Ogham", &[(0x1680, 0x169F)]),
    block("Runic", &[(0x16A0, 0x16FF)]),
    block("Khmer", &[(0x1780, 0x17FF)]),
    block("Mongolian", &[(0x1800, 0x18AF)]),
    block("LatinExtendedAdditional", &[(0x1E00, 0x1EFF)]),
    block("GreekExtended", &[(0x1F00, 0x1FFF)]),
    block("GeneralPunctuation", &[(0x2000, 0x206F)]),
    block("SuperscriptsandSubscripts", &[(0x2070, 0x209F)]),
    block("CurrencySymbols", &[(0x20A0, 0x20CF)]),
    block("CombiningMarksforSymbols", &[(0x20D0, 0x20FF)]),
    block("LetterlikeSymbols", &[(0x2100, 0x214F)]),
    block("NumberForms", &[(0x2150, 0x218F)]),
    block("Arrows", &[(0x2190, 0x21FF)]),
    block("MathematicalOperators", &[(0x2200, 0x22FF)]),
    block("MiscellaneousTechnical", &[(0x2300, 0x23FF)]),
    block("ControlPictures", &[(0x2400, 0x243F)]),
    block("OpticalCharacterRecognition", &[(0x2440, 0x245F)]),
    block("EnclosedAlphanumerics", &[(0x2460, 0x24FF)]),
    block("BoxDrawing", &[(0x2500, 0x257F)]),
    block("BlockElements", &[(0x2580, 0x259F)]),
    block("GeometricShapes", &[(0x25A0, 0x25FF)]),
    block("MiscellaneousSymbols", &[(0x2600, 0x26FF)]),
    block("Dingbats", &[(0x2700, 0x27BF)]),
    block("BraillePatterns", &[(0x2800, 0x28FF)]),
    block("CJKRadicalsSupplement", &[(0x2E80, 0x2EFF)]),
    block("KangxiRadicals", &[(0x2F00, 0x2FDF)]),
    block("IdeographicDescriptionCharacters", &[(0x2FF0, 0x2FFF)]),
    block("CJKSymbolsandPunctuation", &[(0x3000, 0x303F)]),
    block("Hiragana", &[(0x3040, 0x309F)]),
    block("Katakana", &[(0x30A0, 0x30FF)]),
    block("Bopomofo", &[(0x3100, 0x312F)]),
    block("HangulCompatibilityJamo", &[(0x3130, 0x318F)]),
    block("Kanbun", &[(0x3190, 0x319F)]),
    block("BopomofoExtended", &[(0x31A0, 0x31BF)]),
    block("EnclosedCJKLettersandMonths", &[(0x3200, 0x32FF)]),
    block("CJKCompatibility", &[(0x3300, 0x33FF)]),
    block("CJKUnifiedIdeographsExtensionA", &[(0x3400, 0x4DB5)]),
    block("CJKUnifiedIdeographs", &[(0x4E00, 0x9FFF)]),
    block("YiSyllables", &[(0xA000, 0xA48F)]),
    block("YiRadicals", &[(0xA490, 0xA4CF)]),
    block("HangulSyllables", &[(0xAC00, 0xD7A3)]),
    block("HighSurrogates", &[]),
    block("HighPrivateUseSurrogates", &[]),
    block("LowSurrogates", &[]),
    block(
        "PrivateUse",
        &[(0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)],
    ),
    block("CJKCompatibilityIdeographs", &[(0xF900, 0xFAFF)]),
    block("AlphabeticPresentationForms", &[(0xFB00, 0xFB4F)]),
    block("ArabicPresentationForms-A", &[(0xFB50, 0xFDFF)]),
    block("CombiningHalfMarks", &[(0xFE20, 0xFE2F)]),
    block("CJKCompatibilityForms", &[(0xFE30, 0xFE4F)]),
    block("SmallFormVariants", &[(0xFE50, 0xFE6F)]),
    block("ArabicPresentationForms-B", &[(0xFE70, 0xFEFE)]),
    block("Specials", &[(0xFEFF, 0xFEFF), (0xFFF0, 0xFFFD)]),
    block("HalfwidthandFullwidthForms", &[(0xFF00, 0xFFEF)]),
    block("OldItalic", &[(0x10300, 0x1032F)]),
    block("Gothic", &[(0x10330, 0x1034F)]),
    block("Deseret", &[(0x10400, 0x1044F)]),
    block("ByzantineMusicalSymbols", &[(0x1D000, 0x1D0FF)]),
    block("MusicalSymbols", &[(0x1D100, 0x1D1FF)]),
    block("MathematicalAlphanumericSymbols", &[(0x1D400, 0x1D7FF)]),
    block("CJKUnifiedIdeographsExtensionB", &[(0x20000, 0x2A6D6)]),
    block(
        "CJKCompatibilityIdeographsSupplement",
        &[(0x2F800, 0x2FA1F)],
    ),
    block("Tags", &[(0xE0000, 0xE007F)]),
];

/// Finds the block named `name`, written without the `Is` prefix. Names are
/// case-sensitive, as in XSD 1.0.
pub(crate) fn find_block(name: &str) -> Option<&'static Block> {
    BLOCKS.iter().find(|block| block.name == name)
}
