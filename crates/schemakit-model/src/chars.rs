//! Character classes of XML 1.0 (Fifth Edition), section 2.2 and 2.3.

/// `[2] Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`
pub fn is_xml_char(ch: char) -> bool {
    matches!(ch,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// `[3] S ::= (#x20 | #x9 | #xD | #xA)+`, one character of it.
pub fn is_xml_whitespace(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\r' | '\n')
}

/// `[4] NameStartChar`
pub fn is_name_start_char(ch: char) -> bool {
    matches!(ch,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}'
        | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}'
        | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// `[4a] NameChar`
pub fn is_name_char(ch: char) -> bool {
    is_name_start_char(ch)
        || matches!(ch,
            '-' | '.' | '0'..='9'
            | '\u{B7}'
            | '\u{300}'..='\u{36F}'
            | '\u{203F}'..='\u{2040}')
}

/// `[5] Name ::= NameStartChar (NameChar)*`
pub fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if is_name_start_char(first) => chars.all(is_name_char),
        _ => false,
    }
}

/// `[7] Nmtoken ::= (NameChar)+`
pub fn is_nmtoken(text: &str) -> bool {
    !text.is_empty() && text.chars().all(is_name_char)
}

/// Returns whether `text` is an NCName from Namespaces in XML 1.0: a Name without
/// colons.
pub fn is_ncname(text: &str) -> bool {
    is_name(text) && !text.contains(':')
}

/// `[13] PubidChar`
pub fn is_pubid_char(ch: char) -> bool {
    matches!(ch,
        ' ' | '\r' | '\n' | 'a'..='z' | 'A'..='Z' | '0'..='9'
        | '-' | '\'' | '(' | ')' | '+' | ',' | '.' | '/' | ':' | '=' | '?'
        | ';' | '!' | '*' | '#' | '@' | '$' | '_' | '%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_fifth_edition() {
        let cases = [
            ("ID_SET", true),
            ("xml:lang", true),
            ("_a.b-c", true),
            ("1abc", false),
            ("-abc", false),
            ("", false),
            ("a b", false),
            ("\u{0E01}\u{0E33}", true),
        ];
        for (name, expected) in cases {
            assert_eq!(is_name(name), expected, "is_name({name:?})");
        }
        assert!(is_nmtoken("1abc"));
        assert!(!is_nmtoken(""));
        assert!(!is_ncname("a:b"));
        assert!(!is_xml_char('\u{1}'));
        assert!(!is_xml_char('\u{FFFE}'));
    }
}
