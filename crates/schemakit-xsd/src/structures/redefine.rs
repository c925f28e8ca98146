//! `xs:redefine`: references inside a redefinition to the component it replaces,
//! and the restriction check of model group redefinitions.

use super::{Builder, Space, XNode};
use crate::document;
use crate::document::is_xsd;
use crate::names::resolve_qname;
use schemakit_model::xsd::{QName, TypeId};
use schemakit_model::{Code, Particle, Term};

impl<'a, 'i> Builder<'a, 'i> {
    /// Returns the component that a redefinition replaced, when `at` is inside the
    /// redefining component `name` of symbol space `space`: there, a reference to
    /// `name` means the replaced component.
    pub(crate) fn redefined_original(
        &self,
        at: XNode<'a, 'i>,
        space: Space,
        name: &QName,
    ) -> Option<XNode<'a, 'i>> {
        let component = at.node.ancestors().find(|node| {
            node.parent()
                .is_some_and(|parent| document::is_xsd(parent, "redefine"))
        })?;
        let in_space = match space {
            Space::Type => {
                document::is_xsd(component, "complexType")
                    || document::is_xsd(component, "simpleType")
            }
            Space::Group => document::is_xsd(component, "group"),
            Space::AttributeGroup => document::is_xsd(component, "attributeGroup"),
        };
        let local = component.attribute("name")?.trim();
        let target_namespace = self.document(at)?.target_namespace.as_deref();
        if !in_space || QName::new(target_namespace, local) != *name {
            return None;
        }
        self.index.redefined.get(&(space, name.clone())).copied()
    }

    /// Returns the id of the type named `name` that a reference at `at` means: the
    /// replaced type inside its redefinition, the named type elsewhere.
    pub(crate) fn referenced_type_id(&mut self, at: XNode<'a, 'i>, name: &QName) -> Option<TypeId> {
        let Some(original) = self.redefined_original(at, Space::Type, name) else {
            return self.named_type_id(name);
        };
        if let Some(id) = self.redefined_types.get(name) {
            return Some(*id);
        }
        let id = self.allocate_type(original, Some(name.clone()));
        self.redefined_types.insert(name.clone(), id);
        Some(id)
    }

    /// Reports each model group redefinition without a reference to the group it
    /// redefines that has an element name the redefined group lacks, so it cannot be
    /// a restriction of it.
    ///
    /// NOTE: this checks only the element names, not the full particle restriction
    /// rules, and skips redefined groups that contain a wildcard.
    pub(crate) fn check_group_redefinitions(&mut self) {
        let mut redefinitions: Vec<(QName, XNode<'a, 'i>)> = self
            .index
            .redefined
            .iter()
            .filter(|((space, _), _)| *space == Space::Group)
            .map(|((_, name), original)| (name.clone(), *original))
            .collect();
        redefinitions.sort_by(|first, second| first.0.cmp(&second.0));

        for (name, original) in redefinitions {
            let Some(redefining) = self.index.groups.get(&name).copied() else {
                continue;
            };
            let chameleon = self
                .document(redefining)
                .and_then(|document| document.chameleon_namespace());
            let refers_to_itself = redefining.node.descendants().any(|node| {
                is_xsd(node, "group")
                    && node.attribute("ref").is_some_and(|value| {
                        resolve_qname(node, value, chameleon).as_ref() == Ok(&name)
                    })
            });
            if refers_to_itself {
                continue;
            }

            let derived = self.model_group(&name).and_then(|group| group.particle);
            let base = self
                .build_model_group(original)
                .and_then(|group| group.particle);
            let Some(derived) = derived else {
                continue;
            };
            if base.as_ref().is_some_and(contains_wildcard) {
                continue;
            }
            let mut base_names = Vec::new();
            if let Some(base) = &base {
                base.for_each_element(&mut |symbol| base_names.push(symbol));
            }
            let mut extra = None;
            derived.for_each_element(&mut |symbol| {
                if extra.is_none() && !base_names.contains(&symbol) {
                    extra = Some(symbol);
                }
            });
            if let Some(symbol) = extra {
                let element = self.symbols.name(symbol).to_owned();
                self.error(
                    redefining,
                    Code::SchemaConstraint,
                    format!("the redefinition of model group `{name}` does not refer to it, so it must restrict it, but it allows element `{element}`, which `{name}` does not: refer to `{name}` or allow only its elements"),
                );
            }
        }

        // The redefined groups built here may have allocated anonymous types.
        self.build_pending_types();
    }
}

fn contains_wildcard(particle: &Particle) -> bool {
    match &particle.term {
        Term::Wildcard(_) => true,
        Term::Sequence(items) | Term::Choice(items) | Term::All(items) => {
            items.iter().any(contains_wildcard)
        }
        _ => false,
    }
}
