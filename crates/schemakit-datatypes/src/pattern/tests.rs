use super::blocks::BLOCKS;
use super::names::{NAME_CHAR_TABLES, NAME_START_TABLES};
use super::{Pattern, MAX_NESTING};

/// Patterns with values that must or must not match. The first rows use patterns
/// of the kind found in the W3C XSD test suite's facet tests and in real schemas.
const MATCH_CASES: &[(&str, &str, bool)] = &[
    // Facet patterns of the built-in types.
    ("[a-z]{3}", "abc", true),
    ("[a-z]{3}", "ab", false),
    ("[a-z]{3}", "abcd", false),
    ("[a-z]{3}", "ABC", false),
    ("[a-z]{1}peg", "jpeg", true),
    ("[a-z]{1}peg", "peg", false),
    ("[A-C]{0,2}", "", true),
    ("[A-C]{0,2}", "AB", true),
    ("[A-C]{0,2}", "ABC", false),
    ("[A-C]{0,2}", "D", false),
    (r"\p{Nd}{1,3}", "123", true),
    (r"\p{Nd}{1,3}", "1234", false),
    (r"\p{Nd}{1,3}", "", false),
    (r"\p{Nd}{1,3}", "\u{661}\u{662}", true),
    (r"-\p{Nd}{1,3}", "-12", true),
    (r"-\p{Nd}{1,3}", "12", false),
    ("[0-9]{0,2}.[0-9]{0,2}", "12.34", true),
    ("[0-9]{0,2}.[0-9]{0,2}", "1x2", true),
    ("[0-9]{0,2}.[0-9]{0,2}", "", false),
    ("[0-9]{0,2}.[0-9]{0,2}", "12\n34", false),
    (r"P\p{Nd}{1,4}Y\p{Nd}{1,2}MT\p{Nd}{1,2}H", "P1Y2MT3H", true),
    (r"P\p{Nd}{1,4}Y\p{Nd}{1,2}MT\p{Nd}{1,2}H", "P1Y2M3H", false),
    ("---[0-9]{2}", "---05", true),
    ("--[0-9]{2}--", "--12--", true),
    ("--[0-9]{2}-[0-9]{2}", "--12-31", true),
    (
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{1,2}:[0-9]{2}:[0-9]{2}",
        "2002-10-10T12:00:00",
        true,
    ),
    (
        "[0-9]{1,2}:[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}",
        "1:20:00-05:00",
        true,
    ),
    ("en-[a-z]{2}", "en-us", true),
    ("en-[a-z]{2}", "en-US", false),
    ("[0-9A-Fa-f]{2}", "fF", true),
    ("[0-9A-Fa-f]{2}", "fg", false),
    (
        r"\-?P(\d*D)?(T(\d*H)?(\d*M)?(\d*(\.\d*)?S)?)?",
        "P1DT2H",
        true,
    ),
    (
        r"\-?P(\d*D)?(T(\d*H)?(\d*M)?(\d*(\.\d*)?S)?)?",
        "-PT3.5S",
        true,
    ),
    (
        r"\-?P(\d*D)?(T(\d*H)?(\d*M)?(\d*(\.\d*)?S)?)?",
        "P1D2H",
        false,
    ),
    (r"\d{3}-\d{2}", "123-45", true),
    (r"\d{3}-\d{2}", "12-345", false),
    (r"[0-9]{1,3}(\.[0-9]{1,3}){3}", "10.0.0.1", true),
    (r"[0-9]{1,3}(\.[0-9]{1,3}){3}", "10.0.0", false),
    // Branches are anchored as a whole.
    ("1|2|3", "2", true),
    ("1|2|3", "12", false),
    ("1|2|3", "", false),
    ("abc", "xabc", false),
    ("abc", "abcx", false),
    ("1*", "", true),
    ("1*", "111", true),
    ("a+", "", false),
    ("a|", "", true),
    ("a|", "a", true),
    ("()", "", true),
    ("(a|b)*c", "abbac", true),
    ("(a|b)*c", "abbacc", false),
    // Counted repetitions.
    ("a{2}", "aa", true),
    ("a{2}", "a", false),
    ("a{2,}", "aaaa", true),
    ("a{2,}", "a", false),
    ("a{2,3}", "aaaa", false),
    ("a{0}", "", true),
    ("a{0,0}", "", true),
    ("a{02}", "aa", true),
    ("(ab){2}", "abab", true),
    // `^`, `$` and `}` are ordinary characters outside classes.
    ("^abc$", "^abc$", true),
    ("^abc$", "abc", false),
    ("a$", "a$", true),
    ("}", "}", true),
    ("a}", "a}", true),
    // Single-character escapes.
    (r"\{\}\(\)\|\.\?\*\+\\", r"{}()|.?*+\", true),
    (r"\-\[\]\^", "-[]^", true),
    (r"\n\r\t", "\n\r\t", true),
    // The wildcard excludes only line feed and carriage return.
    (".", "a", true),
    (".", "\t", true),
    (".", "\n", false),
    (".", "\r", false),
    (".", "", false),
    (".", "ab", false),
    ("a.b", "a\u{10000}b", true),
    // Multi-character escapes with their XSD meanings.
    (r"\s+", " \t\n\r", true),
    (r"\s", "\u{A0}", false),
    (r"\s", "\u{2003}", false),
    (r"\S", "a", true),
    (r"\S", " ", false),
    (r"\d", "\u{663}", true),
    (r"\d", "a", false),
    (r"\D", "a", true),
    (r"\D", "5", false),
    (r"\w+", "abc123", true),
    (r"\w", "_", false),
    (r"\w", "-", false),
    (r"\w", " ", false),
    (r"\w", "+", true),
    (r"\w", "\u{E000}", false),
    (r"\W", "_", true),
    (r"\W", "a", false),
    (r"\i", ":", true),
    (r"\i", "_", true),
    (r"\i", "a", true),
    (r"\i", "\u{4E00}", true),
    (r"\i", "\u{3007}", true),
    (r"\i", "1", false),
    (r"\i", "-", false),
    (r"\i", "\u{132}", false),
    (r"\I", "1", true),
    (r"\I", "a", false),
    (r"\c", "-", true),
    (r"\c", ".", true),
    (r"\c", "1", true),
    (r"\c", "\u{B7}", true),
    (r"\c", "\u{301}", true),
    (r"\c", "\u{663}", true),
    (r"\c", " ", false),
    (r"\c", "\u{132}", false),
    (r"\C", " ", true),
    (r"\C", "a", false),
    (r"[\i-[:]][\c-[:]]*", "foo", true),
    (r"[\i-[:]][\c-[:]]*", "_x1.2-y", true),
    (r"[\i-[:]][\c-[:]]*", "\u{E9}t\u{E9}", true),
    (r"[\i-[:]][\c-[:]]*", "a:b", false),
    (r"[\i-[:]][\c-[:]]*", "1a", false),
    (r"[\i-[:]][\c-[:]]*", "-a", false),
    (r"\i\c*", "xs:string", true),
    // Category escapes.
    (r"\p{Lu}\p{Ll}", "Ab", true),
    (r"\p{Lu}", "a", false),
    (r"\P{Lu}", "a", true),
    (r"\P{Lu}", "A", false),
    (r"\p{Lt}", "\u{1C5}", true),
    (r"\p{Lm}", "\u{2B0}", true),
    (r"\p{Lo}", "\u{5D0}", true),
    (r"\p{L}", "\u{5D0}", true),
    (r"\p{Mn}", "\u{301}", true),
    (r"\p{Mc}", "\u{903}", true),
    (r"\p{Me}", "\u{20DD}", true),
    (r"\p{M}", "\u{301}", true),
    (r"\p{Nl}", "\u{216B}", true),
    (r"\p{No}", "\u{BD}", true),
    (r"\p{N}", "7", true),
    (r"\p{Pc}", "_", true),
    (r"\p{Pd}", "-", true),
    (r"\p{Ps}", "(", true),
    (r"\p{Pe}", ")", true),
    (r"\p{Pi}", "\u{AB}", true),
    (r"\p{Pf}", "\u{BB}", true),
    (r"\p{Po}", "!", true),
    (r"\p{P}", "!", true),
    (r"\p{Zs}", " ", true),
    (r"\p{Zl}", "\u{2028}", true),
    (r"\p{Zp}", "\u{2029}", true),
    (r"\p{Z}", " ", true),
    (r"\p{Sm}", "+", true),
    (r"\p{Sc}", "$", true),
    (r"\p{Sc}", "\u{20AC}", true),
    (r"\p{Sk}", "^", true),
    (r"\p{So}", "\u{A9}", true),
    (r"\p{S}", "+", true),
    (r"\p{Cc}", "\u{7}", true),
    (r"\p{Cf}", "\u{200B}", true),
    (r"\p{Co}", "\u{E000}", true),
    (r"\p{Cn}", "\u{378}", true),
    (r"\p{Cn}", "a", false),
    (r"\p{C}", "\u{7}", true),
    (r"\p{C}", "a", false),
    // Block escapes.
    (r"\p{IsBasicLatin}*", "hello", true),
    (r"\p{IsBasicLatin}*", "h\u{E9}llo", false),
    (
        r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]*",
        "h\u{E9}llo",
        true,
    ),
    (
        r"[\p{IsBasicLatin}\p{IsLatin-1Supplement}]*",
        "\u{109}",
        false,
    ),
    (r"\P{IsBasicLatin}", "\u{E9}", true),
    (r"\P{IsBasicLatin}", "e", false),
    (r"\p{IsLatin-1Supplement}", "\u{FF}", true),
    (r"\p{IsLatinExtended-A}", "\u{17F}", true),
    (r"\p{IsCJKUnifiedIdeographs}", "\u{4E2D}", true),
    (r"\p{IsCJKUnifiedIdeographsExtensionA}", "\u{4DB5}", true),
    (r"\p{IsCJKUnifiedIdeographsExtensionA}", "\u{4DB6}", false),
    (r"\p{IsHalfwidthandFullwidthForms}", "\u{FF21}", true),
    (r"\p{IsMathematicalAlphanumericSymbols}", "\u{1D400}", true),
    (r"\p{IsCJKUnifiedIdeographsExtensionB}", "\u{2A6D6}", true),
    (r"\p{IsCJKUnifiedIdeographsExtensionB}", "\u{2A6D7}", false),
    (r"\p{IsPrivateUse}", "\u{E000}", true),
    (r"\p{IsPrivateUse}", "\u{F0000}", true),
    (r"\p{IsPrivateUse}", "\u{10FFFD}", true),
    (r"\p{IsPrivateUse}", "\u{FFFFE}", false),
    (r"\p{IsSpecials}", "\u{FEFF}", true),
    (r"\p{IsSpecials}", "\u{FFFD}", true),
    (r"\p{IsSpecials}", "\u{FFEF}", false),
    (r"\p{IsHighSurrogates}", "a", false),
    (r"\p{IsHighSurrogates}?", "", true),
    (r"\P{IsHighSurrogates}", "a", true),
    (r"\p{IsTags}", "\u{E0041}", true),
    // Character class expressions.
    ("[^a]", "b", true),
    ("[^a]", "a", false),
    ("[^a]", "\n", true),
    ("[a-z-[aeiou]]+", "bcd", true),
    ("[a-z-[aeiou]]+", "bad", false),
    ("[^a-z-[0-9]]", "A", true),
    ("[^a-z-[0-9]]", "5", false),
    ("[^a-z-[0-9]]", "a", false),
    ("[a-z-[b-y-[c]]]", "a", true),
    ("[a-z-[b-y-[c]]]", "c", true),
    ("[a-z-[b-y-[c]]]", "z", true),
    ("[a-z-[b-y-[c]]]", "b", false),
    (r"[\p{L}-[\p{Lu}]]", "a", true),
    (r"[\p{L}-[\p{Lu}]]", "A", false),
    (r"[\d-[5]]", "4", true),
    (r"[\d-[5]]", "5", false),
    ("[a-[a]]?", "", true),
    ("[a-[a]]", "a", false),
    ("[-a]", "-", true),
    ("[-a]", "a", true),
    ("[a-]", "-", true),
    ("[^-a]", "-", false),
    ("[^-a]", "b", true),
    ("[a^]", "^", true),
    ("[$]", "$", true),
    (r"[\-\[\]\^]+", "-[]^", true),
    (r"[\n-\r]", "\u{B}", true),
    (r"[\--\[]", "A", true),
    (r"[\--\[]", "\\", false),
    ("[a-a]", "a", true),
    (r"[\s\d]+", " 1 2", true),
    (r"[^\s]", " ", false),
    (r"[^\S]", " ", true),
    (r"[\P{L}]", "1", true),
    ("[\u{E9}-\u{FF}]", "\u{F0}", true),
];

/// Patterns that XSD 1.0 rejects, with the character offset of the fault and a
/// snippet of the reason.
const INVALID_CASES: &[(&str, usize, &str)] = &[
    // Character classes.
    ("[", 1, "missing `]`"),
    ("[a", 2, "missing `]`"),
    ("[]", 1, "empty character class"),
    ("[^]", 2, "empty character class"),
    ("]", 0, "unescaped `]` outside a character class"),
    ("a]", 1, "unescaped `]` outside a character class"),
    ("[a[b]", 2, "unescaped `[` inside a character class"),
    ("[[a]]", 1, "unescaped `[` inside a character class"),
    ("[a-z-0]", 4, "unescaped `-`"),
    ("[a-b-c]", 4, "unescaped `-`"),
    ("[--a]", 2, "unescaped `-`"),
    (r"[\d-z]", 3, "unescaped `-`"),
    ("[-[a]]", 2, "unescaped `[` inside a character class"),
    (r"[a-\d]", 3, "a range must end with a single character"),
    (r"[a-\p{L}]", 3, "a range must end with a single character"),
    ("[a--]", 3, "a range cannot end with an unescaped `-`"),
    ("[z-a]", 1, "starts above its end"),
    (r"[\]-\[]", 1, "starts above its end"),
    ("[a-z-[aeiou]x]", 12, "must be the last part"),
    ("[a-z-[aeiou]", 12, "must be the last part"),
    ("[a-", 3, "the pattern ends inside a character class range"),
    // Groups.
    ("(", 1, "missing `)`"),
    ("(a", 2, "missing `)`"),
    (
        "((a)",
        4,
        "missing `)` to close the group opened at character 0",
    ),
    (")", 0, "unmatched `)`"),
    ("a)", 1, "unmatched `)`"),
    ("(?:a)", 0, "`(?` is not XSD syntax"),
    ("(?=a)", 0, "`(?` is not XSD syntax"),
    ("(?i)a", 0, "`(?` is not XSD syntax"),
    // Quantifiers.
    ("*a", 0, "has no atom before it"),
    ("+", 0, "has no atom before it"),
    ("a|*", 2, "has no atom before it"),
    ("(*)", 1, "has no atom before it"),
    ("{2}", 0, "has no atom before it"),
    ("a**", 2, "second quantifier"),
    ("a*?", 2, "no lazy or possessive quantifiers"),
    ("a+?", 2, "no lazy or possessive quantifiers"),
    ("a{2}?", 4, "no lazy or possessive quantifiers"),
    ("a?+", 2, "no lazy or possessive quantifiers"),
    ("a{", 1, "must be followed by a number"),
    ("a{}", 1, "must be followed by a number"),
    ("a{,3}", 1, "must be followed by a number"),
    ("a{x}", 1, "must be followed by a number"),
    ("a{2", 3, "must end with `}`"),
    ("a{2,x}", 4, "must end with `}`"),
    ("a{2 }", 3, "must end with `}`"),
    ("a{3,2}", 1, "`{3,2}` has a minimum above its maximum"),
    (
        "a{10001}",
        1,
        "the repetition count 10001 exceeds the maximum of 10000",
    ),
    ("a{1,10001}", 1, "exceeds the maximum of 10000"),
    (
        "a{99999999999999999999999}",
        1,
        "exceeds the maximum of 10000",
    ),
    // Escapes.
    ("\\", 0, "lone `\\`"),
    ("a\\", 1, "lone `\\`"),
    ("[a\\", 2, "lone `\\`"),
    ("\\1", 0, "no back-references"),
    ("(a)\\1", 3, "no back-references"),
    ("\\b", 0, "no anchors or word boundaries"),
    ("\\A", 0, "no anchors or word boundaries"),
    ("\\z", 0, "no anchors or word boundaries"),
    ("\\$", 0, "`$` is an ordinary character"),
    ("\\x41", 0, "no code point escapes"),
    ("\\u0041", 0, "no code point escapes"),
    ("\\e", 0, "`\\e` is not a valid escape"),
    ("\\a", 0, "`\\a` is not a valid escape"),
    ("\\/", 0, "`\\/` is not a valid escape"),
    ("[\\e]", 1, "`\\e` is not a valid escape"),
    // Category and block escapes.
    ("\\p{Foo}", 0, "unknown Unicode category `Foo`"),
    ("\\p{Cs}", 0, "unknown Unicode category `Cs`"),
    ("\\p{Latin}", 0, "unknown Unicode category `Latin`"),
    ("\\p{lu}", 0, "unknown Unicode category `lu`"),
    ("\\p{}", 0, "unknown Unicode category ``"),
    ("\\P{Xx}", 0, "in `\\P{Xx}`"),
    ("[\\p{Foo}]", 1, "unknown Unicode category `Foo`"),
    ("\\p{IsFoo}", 0, "unknown Unicode block `IsFoo`"),
    (
        "\\p{IsLatin1Supplement}",
        0,
        "unknown Unicode block `IsLatin1Supplement`",
    ),
    (
        "\\p{IsbasicLatin}",
        0,
        "unknown Unicode block `IsbasicLatin`",
    ),
    (
        "\\p{IsBasic Latin}",
        0,
        "unknown Unicode block `IsBasic Latin`",
    ),
    ("\\p{IsArabicSupplement}", 0, "unknown Unicode block"),
    ("\\p{Lu", 0, "missing `}`"),
    ("\\pL", 0, "must be followed by a name in braces"),
    ("\\P", 0, "must be followed by a name in braces"),
    // Offsets count characters, not bytes.
    (
        "\u{E9}\u{E9}]",
        2,
        "unescaped `]` outside a character class",
    ),
    ("\u{1D400}(", 2, "missing `)`"),
    // Resource limits.
    (
        r"\p{L}{1,1000}",
        0,
        "the pattern compiles to more than 33554432 bytes",
    ),
];

#[test]
fn match_table() {
    for &(source, value, expected) in MATCH_CASES {
        let pattern = match Pattern::compile(source) {
            Ok(pattern) => pattern,
            Err(error) => panic!("{source:?} must compile: {error}"),
        };
        assert_eq!(
            pattern.is_match(value),
            expected,
            "{source:?} against {value:?} (translated to {:?})",
            pattern.regex_source()
        );
    }
}

#[test]
fn invalid_table() {
    for &(source, offset, reason) in INVALID_CASES {
        let error = match Pattern::compile(source) {
            Ok(pattern) => panic!(
                "{source:?} must be rejected, but compiled to {:?}",
                pattern.regex_source()
            ),
            Err(error) => error,
        };
        assert_eq!(error.source_text, source, "source of {source:?}");
        assert_eq!(error.offset, offset, "offset for {source:?}: {error}");
        assert!(
            error.reason.contains(reason),
            "reason for {source:?} must contain {reason:?}: {error}"
        );
    }
}

#[test]
fn error_messages_are_one_lower_case_sentence() {
    for &(source, _, _) in INVALID_CASES {
        let Err(error) = Pattern::compile(source) else {
            panic!("{source:?} must be rejected");
        };
        let first = error.reason.chars().next();
        assert!(
            first.is_some_and(|c| !c.is_uppercase()),
            "reason for {source:?} starts in upper case: {}",
            error.reason
        );
        assert!(
            !error.reason.ends_with('.'),
            "reason for {source:?} ends with a period: {}",
            error.reason
        );
        assert!(
            !error.reason.contains('\n'),
            "reason for {source:?} spans lines: {}",
            error.reason
        );
    }
}

#[test]
fn error_display_names_pattern_and_offset() {
    let error = Pattern::compile("[z-a]").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid regular expression \"[z-a]\" at character 1: the range `z-a` starts above \
         its end, because U+007A comes after U+0061 (write the lower character first)"
    );
}

#[test]
fn error_display_keeps_backslashes_and_escapes_controls() {
    let error = Pattern::compile("\\p{IsFoo}\n").unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("invalid regular expression \"\\p{IsFoo}\\n\" at character 0: "),
        "{message}"
    );
}

#[test]
fn source_returns_pattern_as_written() {
    let pattern = Pattern::compile(r"\d{3}-\d{2}").unwrap();
    assert_eq!(pattern.source(), r"\d{3}-\d{2}");
}

#[test]
fn regex_source_is_anchored_translation() {
    let pattern = Pattern::compile("^a.$").unwrap();
    assert_eq!(pattern.regex_source(), r"\A(?:\^a[^\n\r]\$)\z");

    let reused = regex::Regex::new(pattern.regex_source()).unwrap();
    assert!(reused.is_match("^ab$"));
    assert!(!reused.is_match("ab"));
}

#[test]
fn subtraction_translates_to_class_difference() {
    let pattern = Pattern::compile("[a-z-[aeiou]]").unwrap();
    assert_eq!(
        pattern.regex_source(),
        r"\A(?:[[\x{61}-\x{7A}]--[\x{61}\x{65}\x{69}\x{6F}\x{75}]])\z"
    );
}

#[test]
fn clones_and_equality_follow_source() {
    let pattern = Pattern::compile("[a-z]+").unwrap();
    let clone = pattern.clone();
    assert_eq!(pattern, clone);
    assert!(clone.is_match("abc"));
    assert_ne!(pattern, Pattern::compile("[a-z]*").unwrap());
}

#[test]
fn nesting_up_to_limit_compiles() {
    let groups = format!("{}a{}", "(".repeat(MAX_NESTING), ")*".repeat(MAX_NESTING));
    let pattern = Pattern::compile(&groups).unwrap();
    assert!(pattern.is_match("aaa"));

    let subtractions = format!(
        "{}[b]{}",
        "[a-z-".repeat(MAX_NESTING - 1),
        "]".repeat(MAX_NESTING - 1)
    );
    let pattern = Pattern::compile(&subtractions).unwrap();
    assert!(pattern.is_match("a"));

    let groups_around_class = format!(
        r"{}[\W\i]*{}",
        "(".repeat(MAX_NESTING - 1),
        ")*".repeat(MAX_NESTING - 1)
    );
    let pattern = Pattern::compile(&groups_around_class).unwrap();
    assert!(pattern.is_match("a_!"));

    let groups_around_subtraction = format!(
        r"{}[a-z-[\W\d]]+{}",
        "(".repeat(MAX_NESTING - 2),
        ")+".repeat(MAX_NESTING - 2)
    );
    let pattern = Pattern::compile(&groups_around_subtraction).unwrap();
    assert!(pattern.is_match("abc"));

    let half_and_half = format!(
        r"{}{}[\w]{}{}",
        "(".repeat(MAX_NESTING / 2),
        "[a-z-".repeat(MAX_NESTING / 2 - 1),
        "]".repeat(MAX_NESTING / 2 - 1),
        ")?".repeat(MAX_NESTING / 2)
    );
    let pattern = Pattern::compile(&half_and_half).unwrap();
    assert!(pattern.is_match(""));
}

#[test]
fn nesting_above_limit_is_rejected() {
    let groups = format!(
        "{}a{}",
        "(".repeat(MAX_NESTING + 1),
        ")".repeat(MAX_NESTING + 1)
    );
    let error = Pattern::compile(&groups).unwrap_err();
    assert_eq!(error.offset, MAX_NESTING);
    assert!(
        error.reason.contains("nested more than 100 levels"),
        "{error}"
    );

    let classes = format!(
        "{}b{}",
        "[a-".repeat(MAX_NESTING + 1),
        "]".repeat(MAX_NESTING + 1)
    );
    let error = Pattern::compile(&classes).unwrap_err();
    assert!(
        error.reason.contains("nested more than 100 levels"),
        "{error}"
    );
}

#[test]
fn counted_repetition_at_limit_compiles() {
    let pattern = Pattern::compile(".{0,10000}").unwrap();
    assert!(pattern.is_match(&"x".repeat(10_000)));
    assert!(!pattern.is_match(&"x".repeat(10_001)));
}

#[test]
fn every_block_compiles_and_matches_its_ranges() {
    for block in BLOCKS {
        let inside = Pattern::compile(&format!(r"\p{{Is{}}}", block.name)).unwrap();
        let outside = Pattern::compile(&format!(r"\P{{Is{}}}", block.name)).unwrap();
        for &(start, end) in block.ranges {
            for code_point in [start, end] {
                let value = char::from_u32(code_point).unwrap().to_string();
                assert!(
                    inside.is_match(&value),
                    "U+{code_point:04X} in {}",
                    block.name
                );
                assert!(
                    !outside.is_match(&value),
                    "U+{code_point:04X} in {}",
                    block.name
                );
            }
        }
    }
}

#[test]
fn blocks_are_ordered_and_disjoint() {
    let mut previous_end: Option<u32> = None;
    let mut ranges: Vec<(u32, u32)> = BLOCKS
        .iter()
        .flat_map(|block| block.ranges.iter().copied())
        .collect();
    ranges.sort_unstable();
    for (start, end) in ranges {
        assert!(start <= end, "range {start:X}-{end:X}");
        assert!(end <= 0x10FFFF, "range {start:X}-{end:X}");
        if let Some(previous_end) = previous_end {
            assert!(start > previous_end, "range {start:X}-{end:X} overlaps");
        }
        previous_end = Some(end);
    }

    for block in BLOCKS {
        assert!(
            block
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "block name {:?}",
            block.name
        );
    }
}

#[test]
fn name_tables_are_well_formed() {
    for table in NAME_START_TABLES.iter().chain(NAME_CHAR_TABLES) {
        for &(start, end) in *table {
            assert!(start <= end, "range {start:X}-{end:X}");
            assert!(end <= 0xFFFD, "range {start:X}-{end:X}");
            assert!(
                !(0xD800..=0xDFFF).contains(&start),
                "range {start:X}-{end:X}"
            );
        }
    }
}

/// Every string of up to three characters over the syntax characters, and a
/// sample of longer ones, either compiles or fails with a syntax reason: no input
/// panics, and no translation is rejected by the `regex` crate.
#[test]
fn no_input_panics_or_mistranslates() {
    const ALPHABET: &[char] = &[
        'a', 'z', '-', '[', ']', '^', '\\', '{', '}', '(', ')', '|', '?', '*', '+', '.', ',', '1',
        'p', 'I', 'd', 's',
    ];

    let check = |source: &str| match Pattern::compile(source) {
        Ok(pattern) => {
            let _ = pattern.is_match("a-z");
        }
        Err(error) => {
            assert!(
                !error.reason.starts_with("internal error"),
                "{source:?}: {error}"
            );
            assert!(
                error.offset <= source.chars().count(),
                "{source:?}: offset {} past the end",
                error.offset
            );
        }
    };

    let mut sources = vec![String::new()];
    for _ in 0..3 {
        let mut longer = Vec::new();
        for source in &sources {
            for &c in ALPHABET {
                let mut next = source.clone();
                next.push(c);
                check(&next);
                longer.push(next);
            }
        }
        sources = longer;
    }

    // A fixed linear congruential generator, so that failures reproduce.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..20_000 {
        let mut source = String::new();
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let length = 4 + (state >> 60) as usize;
        for _ in 0..length {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let index = (state >> 33) as usize % ALPHABET.len();
            source.push(ALPHABET[index]);
        }
        check(&source);
    }
}
