//! The name productions of XML 1.0 (fifth edition) that the string-derived built-in
//! types use: Name, NCName and Nmtoken.

/// Tells whether `character` may start an XML name (`NameStartChar`).
pub(crate) fn is_name_start_char(character: char) -> bool {
    matches!(character,
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

/// Tells whether `character` may appear in an XML name after the first character
/// (`NameChar`).
pub(crate) fn is_name_char(character: char) -> bool {
    is_name_start_char(character)
        || matches!(character,
            '-' | '.' | '0'..='9' | '\u{B7}'
            | '\u{300}'..='\u{36F}'
            | '\u{203F}'..='\u{2040}')
}

/// Tells whether `text` matches the `Name` production.
pub(crate) fn is_name(text: &str) -> bool {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => is_name_start_char(first) && characters.all(is_name_char),
        None => false,
    }
}

/// Tells whether `text` is a name without colons (`NCName` of Namespaces in XML).
pub(crate) fn is_ncname(text: &str) -> bool {
    is_name(text) && !text.contains(':')
}

/// Tells whether `text` matches the `Nmtoken` production.
pub(crate) fn is_nmtoken(text: &str) -> bool {
    !text.is_empty() && text.chars().all(is_name_char)
}

/// Tells whether `text` matches the pattern XSD 1.0 gives `xs:language`:
/// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`.
pub(crate) fn is_language(text: &str) -> bool {
    let mut subtags = text.split('-');
    let primary_is_valid = subtags.next().is_some_and(|primary| {
        (1..=8).contains(&primary.len()) && primary.bytes().all(|byte| byte.is_ascii_alphabetic())
    });
    primary_is_valid
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len())
                && subtag.bytes().all(|byte| byte.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_productions() {
        let cases = [
            ("a", true, true, true),
            ("_x.1-2", true, true, true),
            ("a:b", true, false, true),
            (":a", true, false, true),
            ("1a", false, false, true),
            ("-a", false, false, true),
            ("é·", true, true, true),
            ("", false, false, false),
            ("a b", false, false, false),
            ("a$", false, false, false),
        ];
        for (text, name, ncname, nmtoken) in cases {
            assert_eq!(is_name(text), name, "Name {text:?}");
            assert_eq!(is_ncname(text), ncname, "NCName {text:?}");
            assert_eq!(is_nmtoken(text), nmtoken, "Nmtoken {text:?}");
        }
    }

    #[test]
    fn language_tags() {
        for tag in ["en", "en-US", "x-klingon", "abcdefgh-12345678", "i-default"] {
            assert!(is_language(tag), "{tag}");
        }
        for tag in [
            "",
            "en-",
            "-en",
            "abcdefghi",
            "e1",
            "en--us",
            "en_US",
            "en-123456789",
        ] {
            assert!(!is_language(tag), "{tag}");
        }
    }
}
