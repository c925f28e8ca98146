//! Pattern and length facets of XSD simple types, planned as `TextFacets` statics
//! that generated readers check values against.

use crate::emit::ident;
use crate::ir::{FacetsStatic, Item};
use crate::names::type_name;
use crate::plan::Planner;
use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use schemakit_datatypes::{BuiltinType, WhiteSpace};
use schemakit_model::xsd::SimpleTypeDefinition;

/// Plans the facets static of `definition` when it has pattern facets, or length
/// facets on a string type, and returns its name. Enumerations get none, because
/// their generated enum accepts only the listed values.
pub(crate) fn plan_facets(
    planner: &mut Planner<'_>,
    definition: &SimpleTypeDefinition,
    fallback_name: &str,
) -> Option<String> {
    let facets = &definition.simple.facets;
    if facets.enumeration().is_some() {
        return None;
    }

    let patterns: Vec<Vec<String>> = facets
        .pattern_sources()
        .into_iter()
        .map(|step| step.into_iter().map(str::to_owned).collect())
        .collect();
    // NOTE: length facets of lists and binary types count items and octets, which
    // generated readers do not check; only string types count characters here.
    let counts_characters = definition.simple.builtin_ancestor().is_some_and(|builtin| {
        builtin.is_derived_from(BuiltinType::String) || builtin == BuiltinType::AnyUri
    });
    let (length, min_length, max_length) = if counts_characters {
        (facets.length(), facets.min_length(), facets.max_length())
    } else {
        (None, None, None)
    };
    if patterns.is_empty() && length.is_none() && min_length.is_none() && max_length.is_none() {
        return None;
    }

    let schema_name = definition
        .name
        .as_ref()
        .map(|name| name.local.clone())
        .unwrap_or_else(|| fallback_name.to_owned());
    let claimed = planner.types.claim(
        &format!("{}Facets", type_name(&schema_name)),
        &format!("the facets of {schema_name}"),
        "",
        "type names",
        &mut planner.warnings,
    );
    let static_ident = claimed.to_shouty_snake_case();
    let white_space = match definition.simple.white_space() {
        WhiteSpace::Preserve => "Preserve",
        WhiteSpace::Replace => "Replace",
        WhiteSpace::Collapse => "Collapse",
    };

    planner.items.push(Item::Facets(FacetsStatic {
        ident: static_ident.clone(),
        type_name: schema_name,
        white_space,
        patterns,
        length,
        min_length,
        max_length,
    }));
    Some(static_ident)
}

/// Emits the `static` of one simple type's facets.
pub(crate) fn emit_facets(item: &FacetsStatic) -> TokenStream {
    let name = ident(&item.ident);
    let type_name = &item.type_name;
    let doc = format!(" The pattern and length facets of `{type_name}`.");
    let white_space = ident(item.white_space);
    let steps = item.patterns.iter().map(|step| quote!(&[#(#step),*]));
    let limit = |limit: Option<u64>| match limit {
        Some(limit) => {
            let limit = proc_macro2::Literal::u64_unsuffixed(limit);
            quote!(::std::option::Option::Some(#limit))
        }
        None => quote!(::std::option::Option::None),
    };
    let length = limit(item.length);
    let min_length = limit(item.min_length);
    let max_length = limit(item.max_length);

    quote! {
        #[doc = #doc]
        #[allow(dead_code)]
        static #name: ::schemakit_runtime::TextFacets = ::schemakit_runtime::TextFacets::new(
            #type_name,
            ::schemakit_runtime::WhiteSpace::#white_space,
            &[#(#steps),*],
            #length,
            #min_length,
            #max_length,
        );
    }
}
