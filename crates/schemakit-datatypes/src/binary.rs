//! The lexical forms of `hexBinary` and `base64Binary`.

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Decodes hexBinary: an even number of hexadecimal digits in either case.
pub(crate) fn decode_hex(text: &str) -> Result<Vec<u8>, String> {
    if text.len() % 2 != 0 {
        return Err(format!(
            "it has {} hexadecimal digits, but each octet takes two",
            text.len()
        ));
    }

    let digit_value = |byte: u8| match byte {
        b'0'..=b'9' => Ok(byte - b'0'),
        b'a'..=b'f' => Ok(byte - b'a' + 10),
        b'A'..=b'F' => Ok(byte - b'A' + 10),
        _ => Err(format!("{:?} is not a hexadecimal digit", char::from(byte))),
    };
    text.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [high, low] => Ok(digit_value(*high)? * 16 + digit_value(*low)?),
            _ => Err("an odd digit is left over".to_owned()),
        })
        .collect()
}

fn base64_value(byte: u8) -> Option<u8> {
    BASE64_ALPHABET
        .iter()
        .position(|&candidate| candidate == byte)
        .and_then(|position| u8::try_from(position).ok())
}

/// Decodes base64Binary with the grammar of XSD 1.0 Part 2 (second edition, 3.2.16).
///
/// The text is groups of four characters from `A-Za-z0-9+/`, with a single space
/// allowed after any character except the last. `=` padding may appear only at the
/// end, and the character before it must leave no bits over: one of `AQgw` before
/// `==`, one of `AEIMQUYcgkosw048` before `=`. `text` is already collapsed.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    if text.contains(['\t', '\n', '\r']) || text.contains("  ") {
        return Err("whitespace inside base64 must be single spaces".to_owned());
    }

    let characters: Vec<u8> = text.bytes().filter(|&byte| byte != b' ').collect();
    if characters.len() % 4 != 0 {
        return Err(format!(
            "it has {} base64 characters, which is not a multiple of four",
            characters.len()
        ));
    }

    let padding = characters
        .iter()
        .rev()
        .take_while(|&&byte| byte == b'=')
        .count();
    if padding > 2 {
        return Err("it ends with more than two '=' padding characters".to_owned());
    }
    let encoded = characters
        .get(..characters.len() - padding)
        .unwrap_or_default();

    let mut values = Vec::with_capacity(encoded.len());
    for &byte in encoded {
        let value = base64_value(byte).ok_or_else(|| match byte {
            b'=' => "'=' padding may appear only at the end".to_owned(),
            _ => format!("{:?} is not a base64 character", char::from(byte)),
        })?;
        values.push(value);
    }

    let last_value = values.last().copied().unwrap_or(0);
    let unused_bits_are_zero = match padding {
        2 => last_value & 0b1111 == 0,
        1 => last_value & 0b11 == 0,
        _ => true,
    };
    if !unused_bits_are_zero {
        return Err(format!(
            "the character before the padding must leave no bits over, which {:?} does not",
            encoded.last().map(|&byte| char::from(byte)).unwrap_or('?')
        ));
    }

    let mut octets = Vec::with_capacity(values.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for value in values {
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            octets.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Ok(octets)
}

/// Encodes octets as base64 with padding and no whitespace.
pub(crate) fn encode_base64(octets: &[u8]) -> String {
    let mut text = String::with_capacity(octets.len().div_ceil(3) * 4);
    for chunk in octets.chunks(3) {
        let first = chunk.first().copied().unwrap_or(0);
        let second = chunk.get(1).copied();
        let third = chunk.get(2).copied();
        let group = (u32::from(first) << 16)
            | (u32::from(second.unwrap_or(0)) << 8)
            | u32::from(third.unwrap_or(0));

        let character = |shift: u32| {
            let index = ((group >> shift) & 0b11_1111) as usize;
            char::from(BASE64_ALPHABET.get(index).copied().unwrap_or(b'A'))
        };
        text.push(character(18));
        text.push(character(12));
        text.push(if second.is_some() { character(6) } else { '=' });
        text.push(if third.is_some() { character(0) } else { '=' });
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_cases() {
        assert_eq!(decode_hex("0fB7"), Ok(vec![0x0f, 0xb7]));
        assert_eq!(decode_hex(""), Ok(vec![]));
        assert!(decode_hex("0").is_err());
        assert!(decode_hex("0g").is_err());
        assert!(decode_hex("0 f").is_err());
    }

    #[test]
    fn base64_cases() {
        let valid = [
            ("", ""),
            ("TWFu", "Man"),
            ("TWE=", "Ma"),
            ("TQ==", "M"),
            ("TW Fu", "Man"),
            ("T W F u", "Man"),
            ("TQ= =", "M"),
            ("SGVsbG8gd29ybGQ=", "Hello world"),
        ];
        for (text, octets) in valid {
            assert_eq!(
                decode_base64(text),
                Ok(octets.as_bytes().to_vec()),
                "{text:?}"
            );
            if !text.contains(' ') {
                assert_eq!(encode_base64(octets.as_bytes()), text);
            }
        }

        for text in [
            "TWF", "TW=u", "T===", "TR==", "TWF=", "TWFu=", "TW\tFu", "TW  Fu", "TWF*", "====",
            "TQ==TWFu",
        ] {
            assert!(decode_base64(text).is_err(), "{text:?}");
        }
    }
}
