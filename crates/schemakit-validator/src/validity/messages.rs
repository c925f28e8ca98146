//! Wording shared by the checker's messages.

/// Joins names as "`A`, `B` and `C`" with `conjunction` before the last one.
pub(crate) fn quote_list(names: &[&str], conjunction: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// Describes what a content model allows at some point: the names that may come
/// next and, when `accepts_end`, the end of the element.
pub(crate) fn describe_expected(names: &[&str], accepts_end: bool) -> String {
    let mut items: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    if accepts_end {
        items.push("the end of the element".to_owned());
    }
    match items.split_last() {
        None => "no further children".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_list_forms() {
        assert_eq!(quote_list(&[], "and"), "");
        assert_eq!(quote_list(&["A"], "and"), "`A`");
        assert_eq!(quote_list(&["A", "B", "C"], "or"), "`A`, `B` or `C`");
    }

    #[test]
    fn describe_expected_forms() {
        assert_eq!(describe_expected(&[], false), "no further children");
        assert_eq!(describe_expected(&[], true), "the end of the element");
        assert_eq!(
            describe_expected(&["A"], true),
            "`A` or the end of the element"
        );
        assert_eq!(describe_expected(&["A", "B"], false), "`A` or `B`");
    }
}
