//! The built-in datatypes of XSD 1.0 Part 2, with their derivation hierarchy.

/// A built-in simple type of XSD 1.0 (namespace `http://www.w3.org/2001/XMLSchema`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum BuiltinType {
    AnySimpleType,
    // Primitive types.
    String,
    Boolean,
    Decimal,
    Float,
    Double,
    Duration,
    DateTime,
    Time,
    Date,
    GYearMonth,
    GYear,
    GMonthDay,
    GDay,
    GMonth,
    HexBinary,
    Base64Binary,
    AnyUri,
    QName,
    Notation,
    // Derived from string.
    NormalizedString,
    Token,
    Language,
    NmToken,
    NmTokens,
    Name,
    NcName,
    Id,
    IdRef,
    IdRefs,
    Entity,
    Entities,
    // Derived from decimal.
    Integer,
    NonPositiveInteger,
    NegativeInteger,
    Long,
    Int,
    Short,
    Byte,
    NonNegativeInteger,
    UnsignedLong,
    UnsignedInt,
    UnsignedShort,
    UnsignedByte,
    PositiveInteger,
}

impl BuiltinType {
    /// Every built-in type, in the order of XSD 1.0 Part 2.
    pub const ALL: [BuiltinType; 45] = [
        BuiltinType::AnySimpleType,
        BuiltinType::String,
        BuiltinType::Boolean,
        BuiltinType::Decimal,
        BuiltinType::Float,
        BuiltinType::Double,
        BuiltinType::Duration,
        BuiltinType::DateTime,
        BuiltinType::Time,
        BuiltinType::Date,
        BuiltinType::GYearMonth,
        BuiltinType::GYear,
        BuiltinType::GMonthDay,
        BuiltinType::GDay,
        BuiltinType::GMonth,
        BuiltinType::HexBinary,
        BuiltinType::Base64Binary,
        BuiltinType::AnyUri,
        BuiltinType::QName,
        BuiltinType::Notation,
        BuiltinType::NormalizedString,
        BuiltinType::Token,
        BuiltinType::Language,
        BuiltinType::NmToken,
        BuiltinType::NmTokens,
        BuiltinType::Name,
        BuiltinType::NcName,
        BuiltinType::Id,
        BuiltinType::IdRef,
        BuiltinType::IdRefs,
        BuiltinType::Entity,
        BuiltinType::Entities,
        BuiltinType::Integer,
        BuiltinType::NonPositiveInteger,
        BuiltinType::NegativeInteger,
        BuiltinType::Long,
        BuiltinType::Int,
        BuiltinType::Short,
        BuiltinType::Byte,
        BuiltinType::NonNegativeInteger,
        BuiltinType::UnsignedLong,
        BuiltinType::UnsignedInt,
        BuiltinType::UnsignedShort,
        BuiltinType::UnsignedByte,
        BuiltinType::PositiveInteger,
    ];

    /// Returns the type's local name in the XSD namespace, e.g. `"nonNegativeInteger"`.
    pub fn name(self) -> &'static str {
        match self {
            BuiltinType::AnySimpleType => "anySimpleType",
            BuiltinType::String => "string",
            BuiltinType::Boolean => "boolean",
            BuiltinType::Decimal => "decimal",
            BuiltinType::Float => "float",
            BuiltinType::Double => "double",
            BuiltinType::Duration => "duration",
            BuiltinType::DateTime => "dateTime",
            BuiltinType::Time => "time",
            BuiltinType::Date => "date",
            BuiltinType::GYearMonth => "gYearMonth",
            BuiltinType::GYear => "gYear",
            BuiltinType::GMonthDay => "gMonthDay",
            BuiltinType::GDay => "gDay",
            BuiltinType::GMonth => "gMonth",
            BuiltinType::HexBinary => "hexBinary",
            BuiltinType::Base64Binary => "base64Binary",
            BuiltinType::AnyUri => "anyURI",
            BuiltinType::QName => "QName",
            BuiltinType::Notation => "NOTATION",
            BuiltinType::NormalizedString => "normalizedString",
            BuiltinType::Token => "token",
            BuiltinType::Language => "language",
            BuiltinType::NmToken => "NMTOKEN",
            BuiltinType::NmTokens => "NMTOKENS",
            BuiltinType::Name => "Name",
            BuiltinType::NcName => "NCName",
            BuiltinType::Id => "ID",
            BuiltinType::IdRef => "IDREF",
            BuiltinType::IdRefs => "IDREFS",
            BuiltinType::Entity => "ENTITY",
            BuiltinType::Entities => "ENTITIES",
            BuiltinType::Integer => "integer",
            BuiltinType::NonPositiveInteger => "nonPositiveInteger",
            BuiltinType::NegativeInteger => "negativeInteger",
            BuiltinType::Long => "long",
            BuiltinType::Int => "int",
            BuiltinType::Short => "short",
            BuiltinType::Byte => "byte",
            BuiltinType::NonNegativeInteger => "nonNegativeInteger",
            BuiltinType::UnsignedLong => "unsignedLong",
            BuiltinType::UnsignedInt => "unsignedInt",
            BuiltinType::UnsignedShort => "unsignedShort",
            BuiltinType::UnsignedByte => "unsignedByte",
            BuiltinType::PositiveInteger => "positiveInteger",
        }
    }

    /// Returns the built-in type with local name `name`, if any.
    pub fn from_name(name: &str) -> Option<BuiltinType> {
        BuiltinType::ALL
            .into_iter()
            .find(|builtin| builtin.name() == name)
    }

    /// Returns the type this one is derived from: `anySimpleType` for the primitive
    /// types, `None` for `anySimpleType` itself. The list types NMTOKENS, IDREFS and
    /// ENTITIES are derived from `anySimpleType` by list, as XSD 1.0 Part 2 defines
    /// them.
    pub fn base(self) -> Option<BuiltinType> {
        let base = match self {
            BuiltinType::AnySimpleType => return None,
            BuiltinType::NormalizedString => BuiltinType::String,
            BuiltinType::Token => BuiltinType::NormalizedString,
            BuiltinType::Language | BuiltinType::NmToken | BuiltinType::Name => BuiltinType::Token,
            BuiltinType::NcName => BuiltinType::Name,
            BuiltinType::Id | BuiltinType::IdRef | BuiltinType::Entity => BuiltinType::NcName,
            BuiltinType::Integer => BuiltinType::Decimal,
            BuiltinType::NonPositiveInteger
            | BuiltinType::Long
            | BuiltinType::NonNegativeInteger => BuiltinType::Integer,
            BuiltinType::NegativeInteger => BuiltinType::NonPositiveInteger,
            BuiltinType::Int => BuiltinType::Long,
            BuiltinType::Short => BuiltinType::Int,
            BuiltinType::Byte => BuiltinType::Short,
            BuiltinType::UnsignedLong | BuiltinType::PositiveInteger => {
                BuiltinType::NonNegativeInteger
            }
            BuiltinType::UnsignedInt => BuiltinType::UnsignedLong,
            BuiltinType::UnsignedShort => BuiltinType::UnsignedInt,
            BuiltinType::UnsignedByte => BuiltinType::UnsignedShort,
            _ => BuiltinType::AnySimpleType,
        };
        Some(base)
    }

    /// Returns the primitive ancestor: the type itself for a primitive type and for
    /// `anySimpleType`, and the item's primitive type for NMTOKENS, IDREFS and
    /// ENTITIES.
    pub fn primitive(self) -> BuiltinType {
        let mut current = self.list_item().unwrap_or(self);
        while let Some(base) = current.base() {
            if base == BuiltinType::AnySimpleType {
                return current;
            }
            current = base;
        }
        current
    }

    /// Tells whether the type is one of the 19 primitive types.
    pub fn is_primitive(self) -> bool {
        self.base() == Some(BuiltinType::AnySimpleType) && self.list_item().is_none()
    }

    /// Returns the item type of the built-in list types NMTOKENS, IDREFS and ENTITIES.
    pub fn list_item(self) -> Option<BuiltinType> {
        match self {
            BuiltinType::NmTokens => Some(BuiltinType::NmToken),
            BuiltinType::IdRefs => Some(BuiltinType::IdRef),
            BuiltinType::Entities => Some(BuiltinType::Entity),
            _ => None,
        }
    }

    /// Tells whether the type is `self` or derived from `ancestor` by restriction.
    pub fn is_derived_from(self, ancestor: BuiltinType) -> bool {
        let mut current = Some(self);
        while let Some(builtin) = current {
            if builtin == ancestor {
                return true;
            }
            current = builtin.base();
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::BuiltinType;

    #[test]
    fn names_round_trip() {
        for builtin in BuiltinType::ALL {
            assert_eq!(BuiltinType::from_name(builtin.name()), Some(builtin));
        }
        assert_eq!(BuiltinType::from_name("Int"), None);
    }

    #[test]
    fn primitive_of_derived_types() {
        let cases = [
            (BuiltinType::Byte, BuiltinType::Decimal),
            (BuiltinType::PositiveInteger, BuiltinType::Decimal),
            (BuiltinType::Id, BuiltinType::String),
            (BuiltinType::IdRefs, BuiltinType::String),
            (BuiltinType::Date, BuiltinType::Date),
            (BuiltinType::AnySimpleType, BuiltinType::AnySimpleType),
        ];
        for (builtin, primitive) in cases {
            assert_eq!(builtin.primitive(), primitive, "{builtin:?}");
        }
    }

    #[test]
    fn primitive_count_is_19() {
        let primitives = BuiltinType::ALL
            .into_iter()
            .filter(|builtin| builtin.is_primitive())
            .count();
        assert_eq!(primitives, 19);
    }

    #[test]
    fn derivation_chain() {
        assert!(BuiltinType::UnsignedByte.is_derived_from(BuiltinType::Integer));
        assert!(BuiltinType::Language.is_derived_from(BuiltinType::String));
        assert!(!BuiltinType::Long.is_derived_from(BuiltinType::NonNegativeInteger));
    }
}
