//! `xs:boolean` values that keep their lexical form.

use std::fmt;
use std::str::FromStr;

/// An `xs:boolean` value in one of its four lexical forms, so that writing a read
/// value gives back the text of the document (`1` stays `1`).
///
/// Compare values with [`XsdBoolean::get`]: the forms are distinct variants, so
/// `XsdBoolean::One != XsdBoolean::True`. With the `serde` feature a value
/// serializes as a plain `bool`, which does not keep the `1` and `0` forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum XsdBoolean {
    /// `true`
    True,
    /// `false`
    False,
    /// `1`, which means true.
    One,
    /// `0`, which means false.
    Zero,
}

impl XsdBoolean {
    /// Returns the truth value.
    pub fn get(self) -> bool {
        matches!(self, XsdBoolean::True | XsdBoolean::One)
    }

    /// Returns the lexical form.
    pub fn as_str(self) -> &'static str {
        match self {
            XsdBoolean::True => "true",
            XsdBoolean::False => "false",
            XsdBoolean::One => "1",
            XsdBoolean::Zero => "0",
        }
    }
}

impl From<bool> for XsdBoolean {
    fn from(value: bool) -> Self {
        if value {
            XsdBoolean::True
        } else {
            XsdBoolean::False
        }
    }
}

impl From<XsdBoolean> for bool {
    fn from(value: XsdBoolean) -> Self {
        value.get()
    }
}

/// The error for text other than `true`, `false`, `1` and `0`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not an xs:boolean; expected one of \"true\", \"false\", \"1\", \"0\"")]
pub struct BooleanError {
    /// The text as written.
    pub value: String,
}

impl FromStr for XsdBoolean {
    type Err = BooleanError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "true" => Ok(XsdBoolean::True),
            "false" => Ok(XsdBoolean::False),
            "1" => Ok(XsdBoolean::One),
            "0" => Ok(XsdBoolean::Zero),
            _ => Err(BooleanError {
                value: text.to_owned(),
            }),
        }
    }
}

impl fmt::Display for XsdBoolean {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for XsdBoolean {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(self.get())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for XsdBoolean {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        bool::deserialize(deserializer).map(XsdBoolean::from)
    }
}

#[cfg(test)]
mod tests {
    use super::XsdBoolean;

    #[test]
    fn four_lexical_forms_parse() {
        let cases = [
            ("true", XsdBoolean::True, true),
            ("false", XsdBoolean::False, false),
            ("1", XsdBoolean::One, true),
            ("0", XsdBoolean::Zero, false),
        ];
        for (text, form, value) in cases {
            let parsed = text.parse::<XsdBoolean>();
            assert_eq!(parsed, Ok(form), "{text}");
            let Ok(parsed) = parsed else {
                continue;
            };
            assert_eq!(parsed.get(), value, "{text}");
            assert_eq!(parsed.to_string(), text, "{text}");
        }
    }

    #[test]
    fn other_text_is_an_error() {
        for text in ["TRUE", "yes", "", "01"] {
            let error = text.parse::<XsdBoolean>().err();
            assert!(error.is_some(), "{text:?} parsed");
        }
    }
}
