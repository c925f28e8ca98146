//! Pattern and length facets of XSD simple types, checked when generated readers
//! read a value.

use schemakit_datatypes::{Pattern, WhiteSpace};
use std::sync::OnceLock;

/// The pattern and length facets of one simple type, as generated code declares
/// them in a `static`. Patterns compile on first use.
#[derive(Debug)]
pub struct TextFacets {
    type_name: &'static str,
    white_space: WhiteSpace,
    /// The patterns of each derivation step. A value must match one pattern of
    /// every step, because the patterns of one step are alternatives and each
    /// restriction step narrows the value space further.
    patterns: &'static [&'static [&'static str]],
    length: Option<usize>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    compiled: OnceLock<Result<Vec<Vec<Pattern>>, String>>,
}

impl TextFacets {
    /// Declares the facets of the simple type `type_name`. The length facets count
    /// characters, as they do for string types, after `white_space` is applied.
    pub const fn new(
        type_name: &'static str,
        white_space: WhiteSpace,
        patterns: &'static [&'static [&'static str]],
        length: Option<usize>,
        min_length: Option<usize>,
        max_length: Option<usize>,
    ) -> Self {
        TextFacets {
            type_name,
            white_space,
            patterns,
            length,
            min_length,
            max_length,
            compiled: OnceLock::new(),
        }
    }

    /// Checks `text` as written against every facet, and returns a message that
    /// names the first facet it violates.
    pub fn check(&self, text: &str) -> Result<(), String> {
        let normalized = self.white_space.apply(text);
        let type_name = self.type_name;

        for step in self.compiled_patterns()? {
            if !step.iter().any(|pattern| pattern.is_match(&normalized)) {
                let sources: Vec<String> = step
                    .iter()
                    .map(|pattern| format!("{:?}", pattern.source()))
                    .collect();
                return Err(format!(
                    "{normalized:?} does not match the pattern {} of {type_name}",
                    sources.join(" or ")
                ));
            }
        }

        let count = normalized.chars().count();
        let violated = match (self.length, self.min_length, self.max_length) {
            (Some(length), _, _) if count != length => Some(format!("exactly {length}")),
            (_, Some(min), _) if count < min => Some(format!("at least {min}")),
            (_, _, Some(max)) if count > max => Some(format!("at most {max}")),
            _ => None,
        };
        match violated {
            Some(allowed) => Err(format!(
                "{normalized:?} is {count} characters long, but {type_name} allows {allowed}"
            )),
            None => Ok(()),
        }
    }

    fn compiled_patterns(&self) -> Result<&[Vec<Pattern>], String> {
        let compiled = self.compiled.get_or_init(|| {
            self.patterns
                .iter()
                .map(|step| step.iter().map(|source| Pattern::compile(source)).collect())
                .collect::<Result<Vec<Vec<Pattern>>, _>>()
                .map_err(|error| {
                    format!(
                        "the pattern facet of {} does not compile ({error}); regenerate the code from a schema that the XSD loader accepts",
                        self.type_name
                    )
                })
        });
        compiled.as_deref().map_err(Clone::clone)
    }
}

#[cfg(test)]
mod tests {
    use super::TextFacets;
    use schemakit_datatypes::WhiteSpace;

    static CODE: TextFacets = TextFacets::new(
        "Code",
        WhiteSpace::Preserve,
        &[&["[A-Z]{3}-[0-9]+"]],
        None,
        None,
        Some(8),
    );

    #[test]
    fn matching_values_pass() {
        for text in ["ABC-1", "XYZ-1234"] {
            assert_eq!(CODE.check(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn violations_name_the_facet() {
        let cases = [
            (
                "abc-1",
                "\"abc-1\" does not match the pattern \"[A-Z]{3}-[0-9]+\" of Code",
            ),
            (
                "ABC-12345",
                "\"ABC-12345\" is 9 characters long, but Code allows at most 8",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(CODE.check(text), Err(message.to_owned()), "{text}");
        }
    }

    #[test]
    fn every_derivation_step_applies() {
        static STEPS: TextFacets = TextFacets::new(
            "Id",
            WhiteSpace::Collapse,
            &[&["[a-z]+[0-9]*", "[0-9]+"], &[".{2,}"]],
            None,
            Some(1),
            None,
        );

        assert_eq!(STEPS.check("  ab1 "), Ok(()));
        assert_eq!(STEPS.check("42"), Ok(()));
        assert!(
            STEPS.check("7").is_err(),
            "the second step needs two characters"
        );
        assert!(
            STEPS.check("AB").is_err(),
            "the first step needs lower case"
        );
    }

    #[test]
    fn invalid_pattern_is_an_error_not_a_panic() {
        static BROKEN: TextFacets =
            TextFacets::new("Broken", WhiteSpace::Preserve, &[&["(a"]], None, None, None);

        let error = BROKEN.check("a").expect_err("the pattern does not compile");

        assert!(
            error.contains("the pattern facet of Broken does not compile"),
            "{error}"
        );
    }
}
