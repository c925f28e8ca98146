//! URI handling for system identifiers: normalization, reference resolution
//! (RFC 3986 section 5.2) and conversion between `file:` URIs and paths.

use std::path::{Component, Path, PathBuf};

/// The scheme of locations inside the bundled schemas.
pub(crate) const BUNDLED_SCHEME: &str = "schemakit-bundled";

/// Returns the scheme of an absolute URI, or `None` for a relative reference.
///
/// A one-letter scheme is read as a Windows drive letter, so it is not a scheme.
pub(crate) fn scheme(uri: &str) -> Option<&str> {
    let (candidate, _) = uri.split_once(':')?;
    let mut chars = candidate.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && candidate.len() > 1;
    valid.then_some(candidate)
}

/// Normalizes a system identifier as section 6.3 of OASIS XML Catalogs 1.1 defines:
/// characters outside printable ASCII and the characters space, `"`, `<`, `>`, `\`,
/// `^`, `` ` ``, `{`, `|` and `}` are percent-encoded as UTF-8 bytes.
/// Existing `%` escapes stay as they are.
pub fn normalize_system_id(id: &str) -> String {
    let mut normalized = String::with_capacity(id.len());
    for ch in id.chars() {
        let escape = !ch.is_ascii()
            || ch.is_ascii_control()
            || matches!(
                ch,
                ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}'
            );
        if escape {
            let mut buffer = [0u8; 4];
            for byte in ch.encode_utf8(&mut buffer).bytes() {
                normalized.push_str(&format!("%{byte:02X}"));
            }
        } else {
            normalized.push(ch);
        }
    }
    normalized
}

/// Normalizes a public identifier as section 6.2 of OASIS XML Catalogs 1.1 defines:
/// leading and trailing whitespace is removed and inner runs become one space.
pub fn normalize_public_id(id: &str) -> String {
    id.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Unwraps a `urn:publicid:` URN into the public identifier it stands for
/// (OASIS XML Catalogs 1.1 section 6.4), or returns `None` for any other string.
pub fn unwrap_public_id_urn(id: &str) -> Option<String> {
    let prefix = "urn:publicid:";
    let head = id.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }

    let rest = id.get(prefix.len()..)?;
    let mut unwrapped = String::with_capacity(rest.len());
    let mut index = 0;
    while let Some(ch) = rest.get(index..).and_then(|tail| tail.chars().next()) {
        let escaped = rest.get(index..index + 3).and_then(|escape| {
            match escape.to_ascii_uppercase().as_str() {
                "%2B" => Some('+'),
                "%3A" => Some(':'),
                "%2F" => Some('/'),
                "%3B" => Some(';'),
                "%27" => Some('\''),
                "%3F" => Some('?'),
                "%23" => Some('#'),
                "%25" => Some('%'),
                _ => None,
            }
        });
        if let Some(decoded) = escaped {
            unwrapped.push(decoded);
            index += 3;
            continue;
        }

        match ch {
            '+' => unwrapped.push(' '),
            ':' => unwrapped.push_str("//"),
            ';' => unwrapped.push_str("::"),
            other => unwrapped.push(other),
        }
        index += ch.len_utf8();
    }
    Some(unwrapped)
}

/// The five components of a URI reference (RFC 3986 section 3).
struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
}

/// Splits a URI reference into its components; the fragment is dropped because it
/// never selects a different entity.
fn split(reference: &str) -> Parts<'_> {
    let without_fragment = reference.split('#').next().unwrap_or_default();
    let (rest, query) = match without_fragment.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (without_fragment, None),
    };

    let scheme = scheme(rest);
    let rest = match scheme {
        Some(name) => rest.get(name.len() + 1..).unwrap_or_default(),
        None => rest,
    };

    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => match after.find('/') {
            Some(slash) => (after.get(..slash), after.get(slash..).unwrap_or_default()),
            None => (Some(after), ""),
        },
        None => (None, rest),
    };

    Parts {
        scheme,
        authority,
        path,
        query,
    }
}

/// Resolves `reference` against the absolute URI `base` (RFC 3986 section 5.2.2,
/// with dot segments removed). Fragments are dropped from the result.
pub(crate) fn resolve_reference(base: &str, reference: &str) -> String {
    let reference_parts = split(reference);
    if reference_parts.scheme.is_some() {
        return compose(
            reference_parts.scheme,
            reference_parts.authority,
            &remove_dot_segments(reference_parts.path),
            reference_parts.query,
        );
    }

    let base_parts = split(base);
    if reference_parts.authority.is_some() {
        return compose(
            base_parts.scheme,
            reference_parts.authority,
            &remove_dot_segments(reference_parts.path),
            reference_parts.query,
        );
    }

    let (path, query) = if reference_parts.path.is_empty() {
        (
            base_parts.path.to_owned(),
            reference_parts.query.or(base_parts.query),
        )
    } else if reference_parts.path.starts_with('/') {
        (
            remove_dot_segments(reference_parts.path),
            reference_parts.query,
        )
    } else {
        let merged = merge(
            base_parts.authority.is_some(),
            base_parts.path,
            reference_parts.path,
        );
        (remove_dot_segments(&merged), reference_parts.query)
    };
    compose(base_parts.scheme, base_parts.authority, &path, query)
}

fn merge(base_has_authority: bool, base_path: &str, reference_path: &str) -> String {
    if base_has_authority && base_path.is_empty() {
        return format!("/{reference_path}");
    }
    match base_path.rfind('/') {
        Some(slash) => format!("{}{reference_path}", base_path.get(..=slash).unwrap_or("/")),
        None => reference_path.to_owned(),
    }
}

/// Removes `.` and `..` segments (RFC 3986 section 5.2.4); `..` never climbs above
/// the root.
fn remove_dot_segments(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut output: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    let mut trailing_slash = false;
    for (index, segment) in segments.iter().enumerate() {
        match *segment {
            "." => trailing_slash = index == last,
            ".." => {
                if output.len() > usize::from(absolute) {
                    output.pop();
                }
                trailing_slash = index == last;
            }
            other => {
                output.push(other);
                trailing_slash = false;
            }
        }
    }

    let mut joined = output.join("/");
    if absolute && !joined.starts_with('/') {
        joined.insert(0, '/');
    }
    if trailing_slash && !joined.ends_with('/') {
        joined.push('/');
    }
    joined
}

fn compose(
    scheme: Option<&str>,
    authority: Option<&str>,
    path: &str,
    query: Option<&str>,
) -> String {
    let mut uri = String::new();
    if let Some(scheme) = scheme {
        uri.push_str(scheme);
        uri.push(':');
    }
    if let Some(authority) = authority {
        uri.push_str("//");
        uri.push_str(authority);
    }
    uri.push_str(path);
    if let Some(query) = query {
        uri.push('?');
        uri.push_str(query);
    }
    uri
}

/// Decodes `%XX` escapes into bytes; a `%` not followed by two hex digits stays as is.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escape = (byte == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escape {
            Some(value) => {
                decoded.push(value);
                index += 3;
            }
            None => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    decoded
}

/// Converts a `file:` URI (`file:///a/b`, `file://localhost/a/b` or `file:/a/b`) into
/// a local path, decoding percent escapes.
pub(crate) fn file_uri_to_path(uri: &str) -> Result<PathBuf, String> {
    let parts = split(uri);
    if !parts
        .scheme
        .is_some_and(|name| name.eq_ignore_ascii_case("file"))
    {
        return Err("the URI scheme is not `file`".to_owned());
    }
    match parts.authority {
        None | Some("") => {}
        Some(host) if host.eq_ignore_ascii_case("localhost") => {}
        Some(host) => return Err(format!("host `{host}` is not the local machine")),
    }
    if !parts.path.starts_with('/') {
        return Err("the path is not absolute".to_owned());
    }

    let bytes = percent_decode(parts.path);
    let text = String::from_utf8(bytes)
        .map_err(|_| "the percent-encoded path is not valid UTF-8".to_owned())?;
    if text.contains('\0') {
        return Err("the path contains a NUL character".to_owned());
    }
    Ok(PathBuf::from(text))
}

/// Converts an absolute local path into a `file:` URI with percent-encoding.
pub(crate) fn path_to_file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    let text = path.to_string_lossy();
    for byte in text.bytes() {
        let plain = byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte);
        if plain {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// Makes a base given as a path or a URI into an absolute URI; a relative path is
/// taken relative to the current directory.
pub(crate) fn base_to_uri(base: &str) -> String {
    if scheme(base).is_some() {
        return base.to_owned();
    }
    path_to_file_uri(&absolute_path(Path::new(base)))
}

/// Makes a path absolute against the current directory and removes `.` and `..`
/// components without touching the file system.
pub(crate) fn absolute_path(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|dir| dir.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };

    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other.as_os_str()),
        }
    }
    clean
}

/// Returns the path inside the bundled schemas that a bundled URI names.
pub(crate) fn bundled_path(uri: &str) -> Option<String> {
    let parts = split(uri);
    if parts.scheme != Some(BUNDLED_SCHEME) {
        return None;
    }
    let decoded = String::from_utf8(percent_decode(parts.path)).ok()?;
    Some(decoded.trim_start_matches('/').to_owned())
}

/// Returns the bundled URI of a path relative to `schemas/`.
pub(crate) fn bundled_uri(relative: &str) -> String {
    format!("{BUNDLED_SCHEME}:///{}", normalize_system_id(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_reference_cases() {
        let cases = [
            ("file:///a/b/c.xml", "d.dtd", "file:///a/b/d.dtd"),
            ("file:///a/b/c.xml", "../d.dtd", "file:///a/d.dtd"),
            ("file:///a/b/c.xml", "../../../d.dtd", "file:///d.dtd"),
            ("file:///a/b/c.xml", "./x/./y.dtd", "file:///a/b/x/y.dtd"),
            ("file:///a/b/c.xml", "/z.dtd", "file:///z.dtd"),
            ("file:///a/b/c.xml", "d.dtd#frag", "file:///a/b/d.dtd"),
            ("file:///a/b/c.xml", "http://h/x.dtd", "http://h/x.dtd"),
            ("http://h/a/b.dtd", "c.ent", "http://h/a/c.ent"),
            ("http://h", "c.ent", "http://h/c.ent"),
            (
                "schemakit-bundled:///api/x.dtd",
                "y.ent",
                "schemakit-bundled:///api/y.ent",
            ),
        ];
        for (base, reference, expected) in cases {
            assert_eq!(
                resolve_reference(base, reference),
                expected,
                "{base} + {reference}"
            );
        }
    }

    #[test]
    fn file_uri_to_path_cases() {
        let good = [
            ("file:///a/my%20dir/x.dtd", "/a/my dir/x.dtd"),
            ("file://localhost/a/x.dtd", "/a/x.dtd"),
            ("file:/a/x.dtd", "/a/x.dtd"),
            ("file:///a/x.dtd#part", "/a/x.dtd"),
            ("file:///a/%+1%zz.dtd", "/a/%+1%zz.dtd"),
        ];
        for (uri, expected) in good {
            assert_eq!(file_uri_to_path(uri), Ok(PathBuf::from(expected)), "{uri}");
        }
        for bad in [
            "file://remote/x.dtd",
            "http://h/x.dtd",
            "file:x.dtd",
            "file:///%00",
        ] {
            assert!(file_uri_to_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn normalize_system_id_escapes() {
        assert_eq!(normalize_system_id("a b/é{x}%41"), "a%20b/%C3%A9%7Bx%7D%41");
    }

    #[test]
    fn public_id_urn_unwraps() {
        assert_eq!(
            unwrap_public_id_urn("urn:publicid:-:OASIS:DTD+DocBook+XML+V4.1.2:EN").as_deref(),
            Some("-//OASIS//DTD DocBook XML V4.1.2//EN")
        );
        assert_eq!(unwrap_public_id_urn("http://x"), None);
    }

    #[test]
    fn scheme_ignores_drive_letters() {
        assert_eq!(scheme("C:/x.dtd"), None);
        assert_eq!(scheme("https://x"), Some("https"));
        assert_eq!(scheme("a/b:c"), None);
    }
}
