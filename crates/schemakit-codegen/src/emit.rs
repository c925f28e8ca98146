//! Turning the module plan into Rust tokens: type declarations and impls.

use crate::emit_io::{read_slot, read_variant, write_slot, KnownList};
use crate::error::CodegenError;
use crate::ir::{
    AttributeField, AttributeValue, Body, Card, ChoiceType, Item, Module, Slot, StructType, Target,
    Value, ValueEnum,
};
use crate::names::ident_text;
use crate::options::Options;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Builds an identifier from a planned name; planned names contain only ASCII
/// letters, digits and `_`, and keywords are raw or suffixed, so this never fails.
pub(crate) fn ident(name: &str) -> Ident {
    let text = ident_text(name);
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&text, Span::call_site()),
    }
}

/// Parses a Rust type written as text (a planned path or a type override).
pub(crate) fn rust_type(text: &str) -> Result<TokenStream, CodegenError> {
    syn::parse_str::<syn::Type>(text)
        .map(|ty| quote!(#ty))
        .map_err(|_| CodegenError::InvalidOverride {
            path: String::new(),
            rust_type: text.to_owned(),
        })
}

/// The emitted module: every item in plan order.
pub(crate) fn emit_module(module: &Module, options: &Options) -> Result<TokenStream, CodegenError> {
    let mut tokens = TokenStream::new();
    for item in &module.items {
        let item_tokens = match item {
            Item::Struct(item) => emit_struct(item, options)?,
            Item::Choice(item) => emit_choice(item, options)?,
            Item::Values(item) => emit_values(item, options),
            Item::Facets(item) => crate::facets::emit_facets(item),
        };
        tokens.extend(item_tokens);
    }
    Ok(tokens)
}

fn docs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| format!(" {line}"));
    quote!(#(#[doc = #lines])*)
}

fn serde_derive(options: &Options) -> TokenStream {
    if options.serde {
        quote!(#[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))])
    } else {
        TokenStream::new()
    }
}

/// The Rust type of a slot's value, with its box and cardinality.
pub(crate) fn slot_type(slot: &Slot) -> Result<TokenStream, CodegenError> {
    let base = match &slot.target {
        Target::Element {
            value: Value::Text(ty) | Value::CheckedText { ty, .. } | Value::Struct(ty),
            ..
        } => rust_type(ty)?,
        Target::Element {
            value: Value::NillableText { ty, .. },
            ..
        } => {
            let ty = rust_type(ty)?;
            quote!(::schemakit_runtime::Nillable<#ty>)
        }
        Target::Group { ident: name } | Target::Choice { ident: name } => {
            let name = ident(name);
            quote!(#name)
        }
        Target::Wildcard => quote!(::schemakit_runtime::AnyElement),
    };
    let base = if slot.boxed {
        quote!(::std::boxed::Box<#base>)
    } else {
        base
    };
    Ok(match slot.card {
        Card::One => base,
        Card::Optional => quote!(::std::option::Option<#base>),
        Card::Many { .. } => quote!(::std::vec::Vec<#base>),
    })
}

fn attribute_type(attribute: &AttributeField) -> Result<TokenStream, CodegenError> {
    let base = match &attribute.ty {
        AttributeValue::String => quote!(::std::string::String),
        AttributeValue::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
        AttributeValue::Parsed(ty) => rust_type(ty)?,
    };
    Ok(if attribute.required {
        base
    } else {
        quote!(::std::option::Option<#base>)
    })
}

fn emit_struct(item: &StructType, options: &Options) -> Result<TokenStream, CodegenError> {
    let name = ident(&item.ident);
    let item_docs = docs(&item.docs);
    let serde = serde_derive(options);

    let mut fields = Vec::new();
    for attribute in &item.attributes {
        let field = ident(&attribute.field);
        let ty = attribute_type(attribute)?;
        let field_docs = docs(&attribute.docs);
        fields.push(quote!(#field_docs pub #field: #ty));
    }
    fields.extend(body_fields(&item.body, options)?);
    if let Some(instance) = &item.instance_field {
        let instance = ident(instance);
        let serde_attribute = options.serde.then(|| {
            quote!(#[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "::schemakit_runtime::InstanceAttributes::is_empty"))])
        });
        fields.push(quote! {
            #[doc = " Namespace declarations, `xml:` attributes and `xsi:` attributes (such as"]
            #[doc = " `xsi:noNamespaceSchemaLocation`) of the element, written back as read."]
            #serde_attribute
            pub #instance: ::schemakit_runtime::InstanceAttributes
        });
    }
    if let Some(other) = &item.other_field {
        let other = ident(other);
        fields.push(quote! {
            #[doc = " Child elements the schema does not declare, kept in document order."]
            pub #other: ::std::vec::Vec<::schemakit_runtime::AnyElement>
        });
    }

    let declaration = quote! {
        #item_docs
        #[derive(Clone, Debug, PartialEq)]
        #[allow(dead_code)]
        #serde
        pub struct #name {
            #(#fields,)*
        }
    };

    let io = match &item.element {
        Some(element) => crate::emit_io::element_impls(item, element, options)?,
        None => crate::emit_io::group_impls(item)?,
    };
    let accessors = accessors(item);
    Ok(quote!(#declaration #io #accessors))
}

fn body_fields(body: &Body, options: &Options) -> Result<Vec<TokenStream>, CodegenError> {
    let fields = match body {
        Body::Empty => Vec::new(),
        Body::All {
            slots, order_field, ..
        } => {
            let mut fields = slot_fields(slots)?;
            let order_field = ident(order_field);
            let serde_attribute = options
                .serde
                .then(|| quote!(#[cfg_attr(feature = "serde", serde(default))]));
            fields.push(quote! {
                #[doc = " The order in which the members of the all group occurred, which"]
                #[doc = " writing reproduces; an empty record writes declaration order."]
                #serde_attribute
                pub #order_field: ::schemakit_runtime::MemberOrder
            });
            fields
        }
        Body::Text { field, ty, .. } => {
            let field = ident(field);
            let ty = rust_type(ty)?;
            vec![quote!(#[doc = " The text content."] pub #field: #ty)]
        }
        Body::Slots(slots) => slot_fields(slots)?,
        Body::Mixed { field, choice } => {
            let field = ident(field);
            let choice = ident(choice);
            vec![quote! {
                #[doc = " Text and child elements in document order."]
                pub #field: ::std::vec::Vec<#choice>
            }]
        }
        Body::Any { field } => {
            let field = ident(field);
            vec![quote! {
                #[doc = " Every child element and text, in document order."]
                pub #field: ::std::vec::Vec<::schemakit_runtime::AnyNode>
            }]
        }
    };
    Ok(fields)
}

fn slot_fields(slots: &[Slot]) -> Result<Vec<TokenStream>, CodegenError> {
    let mut fields = Vec::new();
    for slot in slots {
        let field = ident(&slot.field);
        let ty = slot_type(slot)?;
        let slot_docs = docs(&slot.docs);
        fields.push(quote!(#slot_docs pub #field: #ty));
    }
    Ok(fields)
}

/// Accessor methods that apply attribute defaults.
fn accessors(item: &StructType) -> TokenStream {
    let mut methods = Vec::new();
    for attribute in &item.attributes {
        let Some(default) = &attribute.default else {
            continue;
        };
        if attribute.required {
            continue;
        }
        let field = ident(&attribute.field);
        let method = ident(&default.method);
        let value = &default.value;
        let doc = format!(
            " Returns attribute `{}`, or its default {value:?} when the document omits it.",
            attribute.name
        );
        let method_tokens = match (&attribute.ty, &default.variant) {
            (AttributeValue::Enum(enum_name), Some(variant)) => {
                let enum_name = ident(enum_name);
                let variant = ident(variant);
                quote! {
                    #[doc = #doc]
                    pub fn #method(&self) -> #enum_name {
                        self.#field.unwrap_or(#enum_name::#variant)
                    }
                }
            }
            (AttributeValue::String, _) => quote! {
                #[doc = #doc]
                pub fn #method(&self) -> &str {
                    self.#field.as_deref().unwrap_or(#value)
                }
            },
            // NOTE: attributes of other parsed types have no accessor; their default
            // is only in the field's documentation.
            _ => continue,
        };
        methods.push(method_tokens);
    }

    if methods.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&item.ident);
    quote! {
        #[allow(dead_code)]
        impl #name {
            #(#methods)*
        }
    }
}

fn emit_choice(item: &ChoiceType, options: &Options) -> Result<TokenStream, CodegenError> {
    let name = ident(&item.ident);
    let item_docs = docs(&item.docs);
    let serde = serde_derive(options);

    let mut variants = Vec::new();
    if let Some(text) = &item.text_variant {
        let text = ident(text);
        variants.push(quote!(#[doc = " Character data."] #text(::std::string::String)));
    }
    for variant in &item.variants {
        let variant_name = ident(&variant.ident);
        let ty = slot_type(&variant.slot)?;
        let variant_docs = docs(&variant.slot.docs);
        variants.push(quote!(#variant_docs #variant_name(#ty)));
    }

    let declaration = quote! {
        #item_docs
        #[derive(Clone, Debug, PartialEq)]
        #[allow(dead_code)]
        #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
        #serde
        pub enum #name {
            #(#variants,)*
        }
    };

    let io = if item.text_variant.is_some() {
        TokenStream::new()
    } else {
        choice_impls(item)?
    };
    Ok(quote!(#declaration #io))
}

fn choice_impls(item: &ChoiceType) -> Result<TokenStream, CodegenError> {
    let name = ident(&item.ident);
    let known = KnownList::Parameter;

    let mut taken: Vec<&str> = Vec::new();
    let mut arms = Vec::new();
    let mut fallback = None;
    for variant in &item.variants {
        let variant_name = ident(&variant.ident);
        let read = read_variant(&variant.slot, &known)?;
        let names: Vec<&str> = variant
            .slot
            .first_refs()
            .into_iter()
            .filter(|name| !taken.contains(name))
            .collect();
        taken.extend(names.iter().copied());

        if variant.slot.nullable && fallback.is_none() {
            let empty = read_slot(&variant.slot, &known)?;
            fallback = Some(quote!(Self::#variant_name(#empty)));
        }
        if matches!(variant.slot.target, Target::Wildcard) {
            arms.push(quote! {
                ::std::option::Option::None if __reader.peek_wildcard_child(__known)? => Self::#variant_name(#read)
            });
        } else if !names.is_empty() {
            arms.push(
                quote!(::std::option::Option::Some(#(#names)|*) => Self::#variant_name(#read)),
            );
        }
    }
    let fallback = fallback.unwrap_or_else(
        || quote!(return ::core::result::Result::Err(__reader.missing_child(&[#(#taken),*]))),
    );

    let mut writes = Vec::new();
    for variant in &item.variants {
        let variant_name = ident(&variant.ident);
        let write = write_slot(&variant.slot, &quote!(value));
        writes.push(quote!(Self::#variant_name(value) => { #write }));
    }

    Ok(quote! {
        #[allow(dead_code)]
        impl #name {
            fn read_group<R: ::std::io::BufRead>(
                __reader: &mut ::schemakit_runtime::XmlReader<R>,
                __known: &[&'static str],
            ) -> ::core::result::Result<Self, ::schemakit_runtime::ReadError> {
                let item = match __reader.peek_child(__known)? {
                    #(#arms,)*
                    _ => #fallback,
                };
                ::core::result::Result::Ok(item)
            }

            fn write_group(&self, writer: &mut ::schemakit_runtime::XmlWriter) {
                match self {
                    #(#writes)*
                }
            }
        }
    })
}

fn emit_values(item: &ValueEnum, options: &Options) -> TokenStream {
    let name = ident(&item.ident);
    let name_text = &item.ident;
    let item_docs = docs(&item.docs);
    let serde = serde_derive(options);

    let variants = item.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        let doc = format!(" `{value}`");
        let rename = if options.serde {
            quote!(#[cfg_attr(feature = "serde", serde(rename = #value))])
        } else {
            TokenStream::new()
        };
        quote!(#[doc = #doc] #rename #variant)
    });
    let values = item.values.iter().map(|(_, value)| value);
    let as_str_arms = item.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        quote!(Self::#variant => #value)
    });
    let parse_arms = item.values.iter().map(|(variant, value)| {
        let variant = ident(variant);
        quote!(#value => ::core::result::Result::Ok(Self::#variant))
    });

    quote! {
        #item_docs
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(dead_code)]
        #serde
        pub enum #name {
            #(#variants,)*
        }

        #[allow(dead_code)]
        impl #name {
            /// Every value in schema order, exactly as the schema writes it.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// Returns the value exactly as the schema writes it.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#as_str_arms,)*
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::schemakit_runtime::EnumValueError;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                match value {
                    #(#parse_arms,)*
                    _ => ::core::result::Result::Err(
                        ::schemakit_runtime::EnumValueError::new(#name_text, value, Self::VALUES),
                    ),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }
    }
}
