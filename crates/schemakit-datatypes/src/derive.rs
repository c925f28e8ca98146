//! Derivation by restriction: the facet rules of XSD 1.0 Part 2, section 4.3, that
//! a restriction must obey.

use crate::decimal::Decimal;
use crate::facets::{Bound, Enumeration, FacetValue};
use crate::lexical::{lexical_hint, parse_atomic};
use crate::{
    BuiltinType, DerivationError, Facet, FacetKind, FacetSet, NamespaceLookup, Pattern, SimpleType,
    Value, Variety, WhiteSpace,
};
use std::cmp::Ordering;

const LENGTH_FACETS: [FacetKind; 6] = [
    FacetKind::Length,
    FacetKind::MinLength,
    FacetKind::MaxLength,
    FacetKind::Pattern,
    FacetKind::Enumeration,
    FacetKind::WhiteSpace,
];

const ORDERED_FACETS: [FacetKind; 7] = [
    FacetKind::Pattern,
    FacetKind::Enumeration,
    FacetKind::WhiteSpace,
    FacetKind::MaxInclusive,
    FacetKind::MaxExclusive,
    FacetKind::MinInclusive,
    FacetKind::MinExclusive,
];

const DECIMAL_FACETS: [FacetKind; 9] = [
    FacetKind::TotalDigits,
    FacetKind::FractionDigits,
    FacetKind::Pattern,
    FacetKind::Enumeration,
    FacetKind::WhiteSpace,
    FacetKind::MaxInclusive,
    FacetKind::MaxExclusive,
    FacetKind::MinInclusive,
    FacetKind::MinExclusive,
];

/// Returns the facets that a restriction of `base` may use (XSD 1.0 Part 2, 4.1.5).
pub(crate) fn applicable_facets(base: &SimpleType) -> &'static [FacetKind] {
    let builtin = match &base.variety {
        Variety::List { .. } => return &LENGTH_FACETS,
        Variety::Union { .. } => return &[FacetKind::Pattern, FacetKind::Enumeration],
        Variety::Atomic { builtin } => *builtin,
    };

    match builtin.primitive() {
        BuiltinType::AnySimpleType => &[],
        BuiltinType::Boolean => &[FacetKind::Pattern, FacetKind::WhiteSpace],
        BuiltinType::Decimal => &DECIMAL_FACETS,
        BuiltinType::Float
        | BuiltinType::Double
        | BuiltinType::Duration
        | BuiltinType::DateTime
        | BuiltinType::Time
        | BuiltinType::Date
        | BuiltinType::GYearMonth
        | BuiltinType::GYear
        | BuiltinType::GMonthDay
        | BuiltinType::GDay
        | BuiltinType::GMonth => &ORDERED_FACETS,
        _ => &LENGTH_FACETS,
    }
}

/// The facets given in one restriction step, each with its index in the facet slice.
#[derive(Default)]
struct Step {
    counts: Vec<(FacetKind, usize, FacetValue<u64>)>,
    bounds: Vec<(FacetKind, usize, Bound)>,
    white_space: Option<(usize, FacetValue<WhiteSpace>)>,
    patterns: Vec<Pattern>,
    enumeration: Vec<(usize, String)>,
}

impl Step {
    fn count(&self, kind: FacetKind) -> Option<(usize, u64)> {
        self.counts
            .iter()
            .find(|(candidate, _, _)| *candidate == kind)
            .map(|(_, index, facet)| (*index, facet.value))
    }

    fn bound(&self, kind: FacetKind) -> Option<(usize, &Bound)> {
        self.bounds
            .iter()
            .find(|(candidate, _, _)| *candidate == kind)
            .map(|(_, index, bound)| (*index, bound))
    }

    fn has(&self, kind: FacetKind) -> bool {
        self.count(kind).is_some()
            || self.bound(kind).is_some()
            || (kind == FacetKind::WhiteSpace && self.white_space.is_some())
    }
}

/// Collects the faults of one derivation.
struct Faults(Vec<DerivationError>);

impl Faults {
    fn add(&mut self, facet_index: Option<usize>, message: String) {
        self.0.push(DerivationError {
            facet_index,
            message,
        });
    }
}

pub(crate) fn restrict(
    base: &SimpleType,
    name: Option<String>,
    facets: &[Facet],
    namespaces: &dyn NamespaceLookup,
) -> Result<SimpleType, Vec<DerivationError>> {
    let mut faults = Faults(Vec::new());

    let step = read_step(base, facets, namespaces, &mut faults);

    check_fixed(base, &step, &mut faults);
    check_white_space(base, &step, &mut faults);
    check_counts(base, &step, &mut faults);
    check_bounds(base, &step, &mut faults);

    let mut merged = merge(base, &step);
    merged.enumeration = read_enumeration(base, &step, namespaces, &mut faults);

    if !faults.0.is_empty() {
        return Err(faults.0);
    }
    Ok(SimpleType {
        name,
        variety: base.variety.clone(),
        facets: merged,
    })
}

/// Parses every facet value and checks that the facet applies to the base.
fn read_step(
    base: &SimpleType,
    facets: &[Facet],
    namespaces: &dyn NamespaceLookup,
    faults: &mut Faults,
) -> Step {
    let applicable = applicable_facets(base);
    let mut step = Step::default();

    for (index, facet) in facets.iter().enumerate() {
        let kind = facet.kind;
        let written = &facet.value;
        if !applicable.contains(&kind) {
            faults.add(Some(index), not_applicable(base, facet, applicable));
            continue;
        }

        let is_repeatable = matches!(kind, FacetKind::Pattern | FacetKind::Enumeration);
        if !is_repeatable && step.has(kind) {
            faults.add(
                Some(index),
                format!("{kind}={written:?} is the second {kind} facet of one restriction, so remove one of them"),
            );
            continue;
        }

        match kind {
            FacetKind::Pattern => match Pattern::compile(written) {
                Ok(pattern) => step.patterns.push(pattern),
                Err(error) => faults.add(Some(index), format!("the pattern facet has an {error}")),
            },
            FacetKind::Enumeration => step.enumeration.push((index, written.clone())),
            FacetKind::WhiteSpace => match WhiteSpace::from_name(written.trim()) {
                Some(value) => {
                    let fixed = facet.fixed;
                    step.white_space = Some((index, FacetValue { value, fixed }));
                }
                None => faults.add(
                    Some(index),
                    format!("whiteSpace={written:?} is not one of preserve, replace or collapse"),
                ),
            },
            FacetKind::MaxInclusive
            | FacetKind::MaxExclusive
            | FacetKind::MinExclusive
            | FacetKind::MinInclusive => match read_bound(base, facet, namespaces) {
                Ok(bound) => step.bounds.push((kind, index, bound)),
                Err(message) => faults.add(Some(index), message),
            },
            FacetKind::Length
            | FacetKind::MinLength
            | FacetKind::MaxLength
            | FacetKind::TotalDigits
            | FacetKind::FractionDigits => match read_count(facet) {
                Ok(value) => {
                    let fixed = facet.fixed;
                    step.counts.push((kind, index, FacetValue { value, fixed }));
                }
                Err(message) => faults.add(Some(index), message),
            },
        }
    }
    step
}

fn not_applicable(base: &SimpleType, facet: &Facet, applicable: &[FacetKind]) -> String {
    let kind = facet.kind;
    let written = &facet.value;
    let base_name = base.describe();
    if applicable.is_empty() {
        return format!(
            "{kind}={written:?} cannot restrict {base_name}, which takes no facets, so derive from a primitive type such as string"
        );
    }

    let names: Vec<&str> = applicable.iter().map(|kind| kind.name()).collect();
    format!(
        "{kind}={written:?} does not apply to {base_name}, whose facets are {}",
        names.join(", ")
    )
}

/// Parses the value of a length or digits facet: a non-negative integer, positive
/// for totalDigits. Values beyond `u64` are kept as `u64::MAX`, which no value can
/// reach either.
fn read_count(facet: &Facet) -> Result<u64, String> {
    let kind = facet.kind;
    let written = &facet.value;
    let expected = if kind == FacetKind::TotalDigits {
        "a positive integer"
    } else {
        "a non-negative integer"
    };
    let invalid = || format!("{kind}={written:?} is not valid, expected {expected}");

    let number = Decimal::parse_integer(written.trim()).ok_or_else(invalid)?;
    let is_too_small = number.is_negative() || (kind == FacetKind::TotalDigits && number.is_zero());
    if is_too_small {
        return Err(invalid());
    }
    Ok(number
        .to_i128()
        .and_then(|value| u64::try_from(value).ok())
        .unwrap_or(u64::MAX))
}

/// Parses a bound's value in the lexical space of the base's built-in type, after
/// the base's whitespace normalization.
fn read_bound(
    base: &SimpleType,
    facet: &Facet,
    namespaces: &dyn NamespaceLookup,
) -> Result<Bound, String> {
    let kind = facet.kind;
    let normalized = base.normalize(&facet.value).into_owned();
    let builtin = base
        .builtin_ancestor()
        .unwrap_or(BuiltinType::AnySimpleType);

    match parse_atomic(builtin, &normalized, namespaces) {
        Ok(value) => Ok(Bound {
            written: normalized,
            value,
            fixed: facet.fixed,
        }),
        Err(error) => {
            let name = builtin.name();
            Err(match error.reason {
                Some(reason) => {
                    format!("{kind}={normalized:?} is not a valid {name} because {reason}")
                }
                None => format!(
                    "{kind}={normalized:?} is not a valid {name}, expected {}",
                    lexical_hint(builtin)
                ),
            })
        }
    }
}

/// Reports every facet of the step that changes a facet the base fixes.
fn check_fixed(base: &SimpleType, step: &Step, faults: &mut Faults) {
    let is_integer = base
        .builtin_ancestor()
        .is_some_and(|builtin| builtin.is_derived_from(BuiltinType::Integer));

    for (kind, index, facet) in &step.counts {
        let Some(base_facet) = base.facets.count(*kind) else {
            continue;
        };
        if !base_facet.fixed || base_facet.value == facet.value {
            continue;
        }

        let message = if *kind == FacetKind::FractionDigits && is_integer {
            format!(
                "fractionDigits=\"{}\" is not allowed on integer types, whose fractionDigits is fixed at 0",
                facet.value
            )
        } else {
            fixed_message(
                base,
                *kind,
                &facet.value.to_string(),
                &base_facet.value.to_string(),
            )
        };
        faults.add(Some(*index), message);
    }

    for (kind, index, bound) in &step.bounds {
        let Some(base_bound) = base.facets.bound(*kind) else {
            continue;
        };
        if base_bound.fixed && base_bound.value != bound.value {
            let message = fixed_message(base, *kind, &bound.written, &base_bound.written);
            faults.add(Some(*index), message);
        }
    }

    if let Some((index, white_space)) = &step.white_space {
        let base_fixed = base.facets.is_fixed(FacetKind::WhiteSpace);
        let base_value = base.white_space();
        if base_fixed && base_value != white_space.value {
            let message = fixed_message(
                base,
                FacetKind::WhiteSpace,
                white_space.value.name(),
                base_value.name(),
            );
            faults.add(Some(*index), message);
        }
    }
}

fn fixed_message(base: &SimpleType, kind: FacetKind, value: &str, base_value: &str) -> String {
    format!(
        "{kind}={value:?} changes the value {base_value} that {} fixes, so remove the facet or give {base_value}",
        base.describe()
    )
}

/// Rejects a whiteSpace facet weaker than the base's (collapse, then replace, then
/// preserve). A fixed base is reported by [`check_fixed`] instead.
fn check_white_space(base: &SimpleType, step: &Step, faults: &mut Faults) {
    let Some((index, white_space)) = &step.white_space else {
        return;
    };
    let base_value = base.white_space();
    if base.facets.is_fixed(FacetKind::WhiteSpace) || white_space.value >= base_value {
        return;
    }
    faults.add(
        Some(*index),
        format!(
            "whiteSpace={:?} is weaker than {} of the base type {}, so use {} or leave the facet out",
            white_space.value.name(),
            base_value.name(),
            base.describe(),
            base_value.name()
        ),
    );
}

/// Checks the length and digit facets against the base and against each other.
/// minLength <= length <= maxLength must hold. XSD 1.0 (second edition, 4.3.1.4)
/// also rejects a new minLength or maxLength next to a length unless a base type
/// already has that minLength or maxLength, as IDREFS has minLength 1.
fn check_counts(base: &SimpleType, step: &Step, faults: &mut Faults) {
    let base_count = |kind| {
        base.facets
            .count(kind)
            .map(|facet| (facet.value, facet.fixed))
    };
    let new = |kind| step.count(kind);

    if let (Some((index, length)), Some((base_length, false))) =
        (new(FacetKind::Length), base_count(FacetKind::Length))
    {
        if length != base_length {
            faults.add(
                Some(index),
                format!("length=\"{length}\" differs from the length {base_length} of the base type, and a restriction cannot change a length"),
            );
        }
    }

    let widening = [
        (FacetKind::MinLength, Ordering::Less, "less"),
        (FacetKind::MaxLength, Ordering::Greater, "greater"),
        (FacetKind::TotalDigits, Ordering::Greater, "greater"),
        (FacetKind::FractionDigits, Ordering::Greater, "greater"),
    ];
    for (kind, wider, comparison) in widening {
        let (Some((index, value)), Some((base_value, false))) = (new(kind), base_count(kind))
        else {
            continue;
        };
        if value.cmp(&base_value) == wider {
            faults.add(
                Some(index),
                widening_message(
                    kind,
                    &value.to_string(),
                    comparison,
                    kind,
                    &base_value.to_string(),
                ),
            );
        }
    }

    let length = new(FacetKind::Length)
        .map(|(_, value)| value)
        .or_else(|| base_count(FacetKind::Length).map(|(value, _)| value));
    if let Some(length) = length {
        for other in [FacetKind::MinLength, FacetKind::MaxLength] {
            let Some((index, value)) = new(other) else {
                continue;
            };
            if base_count(other).map(|(base_value, _)| base_value) != Some(value) {
                faults.add(
                    Some(index),
                    format!("{other}=\"{value}\" is given together with length {length}, which XSD 1.0 allows only when the base type already has {other} {value}, so remove {other}"),
                );
            }
        }
    }

    let effective = |kind| {
        new(kind)
            .map(|(index, value)| (Some(index), value))
            .or_else(|| base_count(kind).map(|(value, _)| (None, value)))
    };
    let pairs = [
        (FacetKind::MinLength, FacetKind::MaxLength),
        (FacetKind::MinLength, FacetKind::Length),
        (FacetKind::Length, FacetKind::MaxLength),
        (FacetKind::FractionDigits, FacetKind::TotalDigits),
    ];
    for (smaller, larger) in pairs {
        let (Some((small_index, small)), Some((large_index, large))) =
            (effective(smaller), effective(larger))
        else {
            continue;
        };
        if small_index.is_none() && large_index.is_none() {
            continue;
        }
        if small > large {
            faults.add(
                small_index.or(large_index),
                format!("{smaller}=\"{small}\" is greater than {larger}=\"{large}\", so lower {smaller} or raise {larger}"),
            );
        }
    }
}

fn widening_message(
    kind: FacetKind,
    value: &str,
    comparison: &str,
    base_kind: FacetKind,
    base_value: &str,
) -> String {
    format!(
        "{kind}={value:?} is {comparison} than the base type's {base_kind} {base_value}, but a restriction may only narrow its base"
    )
}

fn is_lower(kind: FacetKind) -> bool {
    matches!(kind, FacetKind::MinInclusive | FacetKind::MinExclusive)
}

/// Checks the bound facets: one inclusive or exclusive bound per side and step, no
/// bound outside the base's, and no lower bound above an upper bound.
fn check_bounds(base: &SimpleType, step: &Step, faults: &mut Faults) {
    let same_step_pairs = [
        (FacetKind::MinInclusive, FacetKind::MinExclusive),
        (FacetKind::MaxInclusive, FacetKind::MaxExclusive),
    ];
    for (inclusive, exclusive) in same_step_pairs {
        if let (Some(_), Some((index, _))) = (step.bound(inclusive), step.bound(exclusive)) {
            faults.add(
                Some(index),
                format!("{inclusive} and {exclusive} are both given in one restriction, so keep one of them"),
            );
        }
    }

    for (kind, index, bound) in &step.bounds {
        for base_kind in [
            FacetKind::MinInclusive,
            FacetKind::MinExclusive,
            FacetKind::MaxInclusive,
            FacetKind::MaxExclusive,
        ] {
            let Some(base_bound) = base.facets.bound(base_kind) else {
                continue;
            };
            if *kind == base_kind && base_bound.fixed {
                continue;
            }
            if let Some(problem) =
                bound_conflict(*kind, &bound.value, base_kind, &base_bound.value, true)
            {
                let message = format!(
                    "{kind}={:?} is {problem} the base type's {base_kind} {}, but a restriction may only narrow its base",
                    bound.written, base_bound.written
                );
                faults.add(Some(*index), message);
            }
        }
    }

    for (lower_kind, lower_index, lower) in
        step.bounds.iter().filter(|(kind, _, _)| is_lower(*kind))
    {
        for (upper_kind, _, upper) in step.bounds.iter().filter(|(kind, _, _)| !is_lower(*kind)) {
            if let Some(problem) =
                bound_conflict(*lower_kind, &lower.value, *upper_kind, &upper.value, false)
            {
                faults.add(
                    Some(*lower_index),
                    format!(
                        "{lower_kind}={:?} is {problem} {upper_kind}={:?}, so no value could be valid",
                        lower.written, upper.written
                    ),
                );
            }
        }
    }
}

/// Describes how the bound `kind`=`value` conflicts with `other_kind`=`other`, or
/// returns `None`. With `against_base`, a bound on the same side as `other` must
/// not be wider than it. Bounds on opposite sides must leave room for a value.
/// Incomparable values do not conflict, because XSD 1.0 states every rule as an
/// order relation that must hold.
fn bound_conflict(
    kind: FacetKind,
    value: &Value,
    other_kind: FacetKind,
    other: &Value,
    against_base: bool,
) -> Option<&'static str> {
    use FacetKind::{MaxExclusive, MaxInclusive, MinExclusive, MinInclusive};

    let order = value.partial_cmp(other)?;
    let is_less = order == Ordering::Less;
    let is_greater = order == Ordering::Greater;
    let is_equal = order == Ordering::Equal;

    match (kind, other_kind) {
        (MaxInclusive, MaxInclusive)
        | (MaxExclusive, MaxExclusive)
        | (MaxExclusive, MaxInclusive)
            if against_base =>
        {
            is_greater.then_some("greater than")
        }
        (MaxInclusive, MaxExclusive) if against_base => {
            (is_greater || is_equal).then_some("not less than")
        }
        (MinInclusive, MinInclusive)
        | (MinExclusive, MinExclusive)
        | (MinExclusive, MinInclusive)
            if against_base =>
        {
            is_less.then_some("less than")
        }
        (MinInclusive, MinExclusive) if against_base => {
            (is_less || is_equal).then_some("not greater than")
        }
        // Against the base, an exclusive bound equal to the base's opposite exclusive
        // bound leaves no value, which XSD 1.0 forbids (minExclusive and maxExclusive
        // valid restriction). Within one step, equal exclusive bounds are allowed.
        (MinExclusive, MaxExclusive) if against_base => {
            (is_greater || is_equal).then_some("not less than")
        }
        (MaxExclusive, MinExclusive) if against_base => {
            (is_less || is_equal).then_some("not greater than")
        }
        (MinInclusive, MaxInclusive) | (MinExclusive, MaxExclusive) => {
            is_greater.then_some("greater than")
        }
        (MinInclusive, MaxExclusive) | (MinExclusive, MaxInclusive) => {
            (is_greater || is_equal).then_some("not less than")
        }
        (MaxInclusive, MinInclusive) | (MaxExclusive, MinExclusive) => {
            is_less.then_some("less than")
        }
        (MaxInclusive, MinExclusive) | (MaxExclusive, MinInclusive) => {
            (is_less || is_equal).then_some("not greater than")
        }
        _ => None,
    }
}

/// Builds the facets in effect: the step's facets replace the base's, and the
/// step's patterns become a new pattern step.
fn merge(base: &SimpleType, step: &Step) -> FacetSet {
    let mut merged = base.facets.clone();

    for (kind, _, facet) in &step.counts {
        if let Some(slot) = merged.count_slot(*kind) {
            *slot = Some(facet.clone());
        }
    }
    for (kind, _, bound) in &step.bounds {
        if let Some(slot) = merged.bound_slot(*kind) {
            *slot = Some(bound.clone());
        }
    }
    if let Some((_, white_space)) = &step.white_space {
        merged.white_space = Some(white_space.clone());
    }
    if !step.patterns.is_empty() {
        merged.pattern_steps.push(step.patterns.clone());
    }
    merged
}

/// Validates the step's enumeration values against the base type, with all of its
/// facets, and returns the enumeration in effect.
fn read_enumeration(
    base: &SimpleType,
    step: &Step,
    namespaces: &dyn NamespaceLookup,
    faults: &mut Faults,
) -> Option<Enumeration> {
    if step.enumeration.is_empty() {
        return base.facets.enumeration.clone();
    }

    let mut enumeration = Enumeration {
        written: Vec::with_capacity(step.enumeration.len()),
        values: Vec::with_capacity(step.enumeration.len()),
    };
    for (index, written) in &step.enumeration {
        match base.validate(written, namespaces) {
            Ok(value) => {
                enumeration.written.push(written.clone());
                enumeration.values.push(value);
            }
            Err(error) => faults.add(
                Some(*index),
                format!(
                    "the enumeration value {written:?} is not valid for the base type {} because {}",
                    base.describe(),
                    error.message
                ),
            ),
        }
    }
    Some(enumeration)
}
