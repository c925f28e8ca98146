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
        todo!("datatypes helper")
    }

    /// Returns the built-in type with local name `name`, if any.
    pub fn from_name(name: &str) -> Option<BuiltinType> {
        BuiltinType::ALL
            .into_iter()
            .find(|builtin| builtin.name() == name)
    }
}
