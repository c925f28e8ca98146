//! Named model groups and attribute groups, built once and reused by reference.

use super::{Builder, BuiltAttributes, BuiltGroup, Cached, Children, XNode};
use crate::document::xsd_children;
use schemakit_model::xsd::QName;
use schemakit_model::Code;

impl<'a, 'i> Builder<'a, 'i> {
    /// Returns the model group definition `name`, building it when first asked;
    /// `None` when it is undefined, circular or broken.
    pub(super) fn model_group(&mut self, name: &QName) -> Option<BuiltGroup> {
        match self.groups.get(name) {
            Some(Cached::Done(found)) => return found.clone(),
            Some(Cached::InProgress) => return None,
            None => {}
        }
        let at = *self.index.groups.get(name)?;
        self.groups.insert(name.clone(), Cached::InProgress);
        let built = self.build_model_group(at);
        self.groups
            .insert(name.clone(), Cached::Done(built.clone()));
        built
    }

    /// Builds the `xs:group` definition at `at`; `None` when it has no compositor.
    pub(super) fn build_model_group(&mut self, at: XNode<'a, 'i>) -> Option<BuiltGroup> {
        let mut children = Children::new();
        xsd_children(at.node).next().map(|compositor| {
            let particle = self.particle(at.with(compositor), &mut children, true);
            BuiltGroup { particle, children }
        })
    }

    /// Returns the model group `name` referenced at `at`, reporting an undefined or
    /// circular reference there.
    pub(super) fn model_group_at(&mut self, name: &QName, at: XNode<'a, 'i>) -> Option<BuiltGroup> {
        if !self.index.groups.contains_key(name) {
            self.error_at_attribute(
                at,
                "ref",
                Code::UnresolvedReference,
                format!(
                    "model group `{name}` named in `ref` is not defined{}",
                    self.missing_component_fix(name, "define it or correct the name")
                ),
            );
            return None;
        }
        if matches!(self.groups.get(name), Some(Cached::InProgress)) {
            self.error_at_attribute(
                at,
                "ref",
                Code::SchemaConstraint,
                format!("model group `{name}` contains a reference to itself: break the cycle"),
            );
            return None;
        }
        self.model_group(name)
    }

    /// Returns the attribute group `name`, building it when first asked.
    pub(super) fn attribute_group(&mut self, name: &QName) -> Option<BuiltAttributes> {
        match self.attribute_groups.get(name) {
            Some(Cached::Done(found)) => return found.clone(),
            Some(Cached::InProgress) => return None,
            None => {}
        }
        let at = *self.index.attribute_groups.get(name)?;
        self.attribute_groups
            .insert(name.clone(), Cached::InProgress);
        let built = self.attribute_uses(at);
        self.attribute_groups
            .insert(name.clone(), Cached::Done(Some(built.clone())));
        Some(built)
    }

    /// Returns the attribute group `name` referenced at `at`, reporting an undefined
    /// or circular reference there.
    pub(super) fn attribute_group_at(
        &mut self,
        name: &QName,
        at: XNode<'a, 'i>,
    ) -> Option<BuiltAttributes> {
        if !self.index.attribute_groups.contains_key(name) {
            self.error_at_attribute(
                at,
                "ref",
                Code::UnresolvedReference,
                format!(
                    "attribute group `{name}` named in `ref` is not defined{}",
                    self.missing_component_fix(name, "define it or correct the name")
                ),
            );
            return None;
        }
        if matches!(self.attribute_groups.get(name), Some(Cached::InProgress)) {
            self.error_at_attribute(
                at,
                "ref",
                Code::SchemaConstraint,
                format!("attribute group `{name}` contains a reference to itself: break the cycle"),
            );
            return None;
        }
        self.attribute_group(name)
    }
}
