//! Building the module plan from content models, shared by the DTD and XSD front
//! ends: particles to slots, nested groups to named types, and field naming.

use crate::ir::{Body, Card, ChoiceType, Item, Module, Slot, StructType, Target, Value, Variant};
use crate::names::{field_name, type_name, Namer};
use crate::options::Options;
use schemakit_model::{MaxOccurs, Occurs, Particle, ProcessContents, Symbol, SymbolTable, Term};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The state of one module being planned.
pub(crate) struct Planner<'a> {
    pub options: &'a Options,
    pub symbols: &'a SymbolTable,
    pub types: Namer,
    pub warnings: Vec<String>,
    pub items: Vec<Item>,
    pub used_overrides: BTreeSet<String>,
    pub used_renames: BTreeSet<String>,
}

/// Resolves an element of a content model to its name and value type. The
/// implementation tracks which element's content is being planned.
pub(crate) trait ElementResolver {
    fn resolve(&mut self, planner: &mut Planner<'_>, element: Symbol) -> (String, Value);
}

impl<'a> Planner<'a> {
    pub(crate) fn new(options: &'a Options, symbols: &'a SymbolTable) -> Self {
        Planner {
            options,
            symbols,
            types: Namer::default(),
            warnings: Vec::new(),
            items: Vec::new(),
            used_overrides: BTreeSet::new(),
            used_renames: BTreeSet::new(),
        }
    }

    /// Claims a type name for the schema name `source`, applying a rename.
    pub(crate) fn claim_type(&mut self, source: &str, derived: &str) -> String {
        let wanted = match self.options.renames.get(source) {
            Some(rename) => {
                self.used_renames.insert(source.to_owned());
                rename.clone()
            }
            None => derived.to_owned(),
        };
        self.types
            .claim(&wanted, source, "", "type names", &mut self.warnings)
    }

    /// Returns the override type for the child `child` of `parent`, if one is set.
    pub(crate) fn override_for(&mut self, parent: &str, child: &str) -> Option<String> {
        let key = format!("{parent}/{child}");
        let rust_type = self.options.type_overrides.get(&key)?.clone();
        self.used_overrides.insert(key);
        Some(rust_type)
    }

    /// Builds the slots of a content model: a sequence that occurs once is
    /// flattened into fields, any other particle becomes one field.
    pub(crate) fn content_slots(
        &mut self,
        owner_ident: &str,
        owner_element: &str,
        particle: &Particle,
        resolver: &mut dyn ElementResolver,
    ) -> Vec<Slot> {
        if let Some(inner) = unwrap_single_item_group(particle) {
            return self.content_slots(owner_ident, owner_element, &inner, resolver);
        }

        match (&particle.term, particle.occurs == Occurs::ONCE) {
            (Term::Sequence(items), true) => items
                .iter()
                .flat_map(|item| self.content_slots(owner_ident, owner_element, item, resolver))
                .collect(),
            _ => self
                .particle_slot(owner_ident, owner_element, particle, resolver)
                .into_iter()
                .collect(),
        }
    }

    /// Builds the slot for one particle. Nested sequence groups become structs and
    /// choices become enums, each named after its owner.
    fn particle_slot(
        &mut self,
        owner_ident: &str,
        owner_element: &str,
        particle: &Particle,
        resolver: &mut dyn ElementResolver,
    ) -> Option<Slot> {
        let card = card(particle.occurs)?;
        let syntax = particle.to_dtd_syntax(self.symbols);
        let first = first_names(particle, self.symbols);
        let mut all_names: Vec<String> = Vec::new();
        particle.for_each_element(&mut |symbol| {
            let name = self.symbols.name(symbol).to_owned();
            if !all_names.contains(&name) {
                all_names.push(name);
            }
        });
        let nullable = particle.is_nullable();

        let (field, target, docs) = match &particle.term {
            Term::Element(symbol) => {
                let (name, value) = resolver.resolve(self, *symbol);
                let docs = vec![format!("Child element `{name}`.")];
                (field_name(&name), Target::Element { name, value }, docs)
            }
            Term::Sequence(items) | Term::All(items) => {
                if matches!(particle.term, Term::All(_)) {
                    self.warnings.push(format!(
                        "{owner_ident}: the all group {syntax} is read in declaration order only"
                    ));
                }
                let ident = self.claim_type(
                    &format!("{owner_element} group"),
                    &format!("{owner_ident}Group"),
                );
                let slots: Vec<Slot> = items
                    .iter()
                    .flat_map(|item| self.content_slots(&ident, owner_element, item, resolver))
                    .collect();
                let slots = self.name_fields(&ident, slots);
                let docs = vec![format!("The group `{syntax}` in `{owner_element}`.")];
                self.items.push(Item::Struct(StructType {
                    ident: ident.clone(),
                    docs: docs.clone(),
                    element: None,
                    root: false,
                    attributes: Vec::new(),
                    body: Body::Slots(slots),
                    other_field: None,
                    instance_field: None,
                    wildcard_content: false,
                    mixed_variants: None,
                    mixed_text_variant: None,
                }));
                ("group".to_owned(), Target::Group { ident }, docs)
            }
            Term::Choice(items) => {
                let (field, derived) = choice_names(items, self.symbols);
                let ident = self.claim_type(
                    &format!("{owner_element} choice"),
                    &format!("{owner_ident}{derived}"),
                );
                let variants = self.choice_variants(&ident, owner_element, items, resolver);
                let docs = vec![format!("One of `{syntax}` in `{owner_element}`.")];
                self.items.push(Item::Choice(ChoiceType {
                    ident: ident.clone(),
                    docs: docs.clone(),
                    variants,
                    text_variant: None,
                }));
                (field, Target::Choice { ident }, docs)
            }
            Term::Wildcard(wildcard) => {
                let docs = vec![format!(
                    "Elements matched by the wildcard `{syntax}` (processContents {}), kept as read.",
                    process_contents_name(wildcard.process_contents)
                )];
                ("any".to_owned(), Target::Wildcard, docs)
            }
            _ => {
                self.warnings.push(format!(
                    "{owner_ident}: the particle {syntax} has no field; readers handle its elements as unknown elements"
                ));
                return None;
            }
        };

        Some(Slot {
            field,
            docs,
            card,
            target,
            first,
            all_names,
            nullable,
            boxed: false,
        })
    }

    /// Builds one variant per alternative. A sequence alternative becomes a group
    /// struct even when it occurs once, because a variant contains one value.
    fn choice_variants(
        &mut self,
        ident: &str,
        owner_element: &str,
        items: &[Particle],
        resolver: &mut dyn ElementResolver,
    ) -> Vec<Variant> {
        let mut variant_names = Namer::default();
        let mut variants = Vec::new();

        for item in items {
            let Some(slot) = self.particle_slot(ident, owner_element, item, resolver) else {
                continue;
            };
            let (wanted, source) = match &slot.target {
                Target::Element { name, .. } => (type_name(name), name.clone()),
                Target::Group { ident } => ("Group".to_owned(), ident.clone()),
                Target::Choice { ident } => ("Choice".to_owned(), ident.clone()),
                Target::Wildcard => ("Any".to_owned(), "the wildcard".to_owned()),
            };
            let variant = variant_names.claim(
                &wanted,
                &source,
                "",
                &format!("enum {ident}"),
                &mut self.warnings,
            );
            variants.push(Variant {
                ident: variant,
                slot,
            });
        }
        variants
    }

    /// Gives the slots of one struct unique field names, in order.
    pub(crate) fn name_fields(&mut self, owner_ident: &str, slots: Vec<Slot>) -> Vec<Slot> {
        let mut fields = Namer::default();
        self.name_fields_with(&mut fields, owner_ident, slots)
    }

    /// Names slots with an existing field namer, so attributes can follow.
    pub(crate) fn name_fields_with(
        &mut self,
        fields: &mut Namer,
        owner_ident: &str,
        slots: Vec<Slot>,
    ) -> Vec<Slot> {
        slots
            .into_iter()
            .map(|mut slot| {
                let source = match &slot.target {
                    Target::Element { name, .. } => name.clone(),
                    _ => slot.field.clone(),
                };
                slot.field = fields.claim(
                    &slot.field,
                    &source,
                    "_",
                    &format!("struct {owner_ident}"),
                    &mut self.warnings,
                );
                slot
            })
            .collect()
    }

    /// Finishes the module: boxes fields that would make a type contain itself.
    pub(crate) fn finish(mut self) -> (Module, Vec<String>) {
        box_recursive_fields(&mut self.items);
        (Module { items: self.items }, self.warnings)
    }
}

/// Returns the `processContents` value as the schema writes it.
fn process_contents_name(process_contents: ProcessContents) -> &'static str {
    match process_contents {
        ProcessContents::Strict => "strict",
        ProcessContents::Lax => "lax",
        ProcessContents::Skip => "skip",
    }
}

/// Names a choice after its alternatives when it has two or three single elements
/// (`port_or_range`, `PortOrRange`), and `choice`, `Choice` otherwise.
fn choice_names(items: &[Particle], symbols: &SymbolTable) -> (String, String) {
    let names: Vec<&str> = items
        .iter()
        .filter_map(|item| match item.term {
            Term::Element(symbol) => Some(symbols.name(symbol)),
            _ => None,
        })
        .collect();
    if names.len() != items.len() || !(2..=3).contains(&names.len()) {
        return ("choice".to_owned(), "Choice".to_owned());
    }

    let field = names
        .iter()
        .map(|name| field_name(name))
        .collect::<Vec<_>>()
        .join("_or_");
    let ty = names
        .iter()
        .map(|name| type_name(name))
        .collect::<Vec<_>>()
        .join("Or");
    (field, ty)
}

/// Maps an occurrence range to a field cardinality; `None` for a particle that may
/// not occur at all (`maxOccurs="0"`).
fn card(occurs: Occurs) -> Option<Card> {
    match (occurs.min, occurs.max) {
        (_, MaxOccurs::Bounded(0)) => None,
        (1, MaxOccurs::Bounded(1)) => Some(Card::One),
        (0, MaxOccurs::Bounded(1)) => Some(Card::Optional),
        (min, MaxOccurs::Bounded(max)) => Some(Card::Many {
            min,
            max: Some(max),
        }),
        (min, MaxOccurs::Unbounded) => Some(Card::Many { min, max: None }),
    }
}

/// Returns the one item of a sequence or choice of one item. It takes the group's
/// occurrence bounds when it occurs once, and keeps its own when the group occurs
/// once. So `(OPTION_PROFILE)*` reads as `OPTION_PROFILE*` and gets a `Vec` of the
/// element rather than of a one-field group. When neither occurs once (`(A?)*`),
/// the group stays.
fn unwrap_single_item_group(particle: &Particle) -> Option<Particle> {
    let (Term::Sequence(items) | Term::Choice(items)) = &particle.term else {
        return None;
    };
    let [item] = items.as_slice() else {
        return None;
    };

    let occurs = if item.occurs == Occurs::ONCE {
        particle.occurs
    } else if particle.occurs == Occurs::ONCE {
        item.occurs
    } else {
        return None;
    };
    Some(Particle::new(item.term.clone(), occurs))
}

/// Lists the element names that can start `particle`, in content-model order.
pub(crate) fn first_names(particle: &Particle, symbols: &SymbolTable) -> Vec<String> {
    let mut names = Vec::new();
    collect_first(particle, symbols, &mut names);
    names
}

fn collect_first(particle: &Particle, symbols: &SymbolTable, names: &mut Vec<String>) {
    match &particle.term {
        Term::Element(symbol) => {
            let name = symbols.name(*symbol).to_owned();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Term::Choice(items) | Term::All(items) => {
            for item in items {
                collect_first(item, symbols, names);
            }
        }
        Term::Sequence(items) => {
            for item in items {
                collect_first(item, symbols, names);
                if !item.is_nullable() {
                    break;
                }
            }
        }
        _ => {}
    }
}

/// Boxes every field or variant that contains its target directly (not in a `Vec`)
/// when the target can contain the owner again, so every type has a finite size.
fn box_recursive_fields(items: &mut [Item]) {
    let mut edges: HashMap<String, Vec<String>> = HashMap::new();
    for item in items.iter() {
        let (owner, slots) = item_slots(item);
        let targets = slots
            .into_iter()
            .filter(|slot| !matches!(slot.card, Card::Many { .. }))
            .filter_map(|slot| target_ident(slot).map(str::to_owned))
            .collect();
        edges.insert(owner.to_owned(), targets);
    }

    for item in items.iter_mut() {
        let owner = item_ident(item).to_owned();
        for slot in item_slots_mut(item) {
            let direct = !matches!(slot.card, Card::Many { .. });
            let Some(target) = target_ident(slot) else {
                continue;
            };
            if direct && reaches(&edges, target, &owner) {
                slot.boxed = true;
            }
        }
    }
}

fn reaches(edges: &HashMap<String, Vec<String>>, from: &str, goal: &str) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(current) = stack.pop() {
        if current == goal {
            return true;
        }
        if !seen.insert(current.clone()) {
            continue;
        }
        if let Some(next) = edges.get(&current) {
            stack.extend(next.iter().cloned());
        }
    }
    false
}

fn target_ident(slot: &Slot) -> Option<&str> {
    match &slot.target {
        Target::Element {
            value: Value::Struct(ident),
            ..
        } => Some(ident),
        Target::Group { ident } | Target::Choice { ident } => Some(ident),
        Target::Element { .. } | Target::Wildcard => None,
    }
}

fn item_ident(item: &Item) -> &str {
    match item {
        Item::Struct(item) => &item.ident,
        Item::Choice(item) => &item.ident,
        Item::Values(item) => &item.ident,
        Item::Facets(item) => &item.ident,
    }
}

fn item_slots(item: &Item) -> (&str, Vec<&Slot>) {
    match item {
        Item::Struct(item) => match &item.body {
            Body::Slots(slots) | Body::All { slots, .. } => (&item.ident, slots.iter().collect()),
            _ => (&item.ident, Vec::new()),
        },
        Item::Choice(item) => (
            &item.ident,
            item.variants.iter().map(|variant| &variant.slot).collect(),
        ),
        Item::Values(item) => (&item.ident, Vec::new()),
        Item::Facets(item) => (&item.ident, Vec::new()),
    }
}

fn item_slots_mut(item: &mut Item) -> Vec<&mut Slot> {
    match item {
        Item::Struct(item) => match &mut item.body {
            Body::Slots(slots) | Body::All { slots, .. } => slots.iter_mut().collect(),
            _ => Vec::new(),
        },
        Item::Choice(item) => item
            .variants
            .iter_mut()
            .map(|variant| &mut variant.slot)
            .collect(),
        Item::Values(_) | Item::Facets(_) => Vec::new(),
    }
}
