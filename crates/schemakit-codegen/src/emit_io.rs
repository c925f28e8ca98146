//! Emitting the generated readers and writers: `FromXml`, `ToXml` and `XmlRoot`
//! impls for element structs, and inline `read_group` / `write_group` for groups.
//!
//! Readers are recursive descent with one element of lookahead: a particle is read
//! when the next child's name is in its FIRST set. DTD content models are
//! deterministic (XML 1.0, section 3.2.1) and XSD ones obey Unique Particle
//! Attribution, so one name of lookahead picks the only possible particle.

use crate::emit::{ident, rust_type};
use crate::error::CodegenError;
use crate::ir::{AttributeValue, Body, Card, Slot, StructType, Target, Value};
use crate::options::{Options, UnknownElements};
use proc_macro2::TokenStream;
use quote::quote;

/// The source of the declared-children list: the element's `KNOWN` constant, or
/// the `known` parameter of a group reader.
pub(crate) enum KnownList {
    Constant,
    Parameter,
}

impl KnownList {
    fn tokens(&self) -> TokenStream {
        match self {
            KnownList::Constant => quote!(KNOWN),
            KnownList::Parameter => quote!(__known),
        }
    }
}

/// Builds the expression that reads one slot, with its cardinality.
pub(crate) fn read_slot(slot: &Slot, known: &KnownList) -> Result<TokenStream, CodegenError> {
    let known_tokens = known.tokens();
    let first = slot.first_refs();
    let present = if matches!(slot.target, Target::Wildcard) {
        quote!(__reader.peek_wildcard_child(#known_tokens)?)
    } else if first.is_empty() {
        quote!(false)
    } else {
        quote!(
            ::std::matches!(__reader.peek_child(#known_tokens)?, ::std::option::Option::Some(#(#first)|*))
        )
    };
    let one = read_one(slot, &known_tokens)?;

    let expression = match (slot.card, &slot.target) {
        (Card::One, Target::Element { .. } | Target::Wildcard) => quote! {
            if #present {
                #one
            } else {
                return ::core::result::Result::Err(__reader.missing_child(&[#(#first),*]));
            }
        },
        (Card::One, _) => one,
        (Card::Optional, _) => quote! {
            if #present {
                ::std::option::Option::Some(#one)
            } else {
                ::std::option::Option::None
            }
        },
        (Card::Many { min, max }, _) => {
            let limit = max.map(|max| {
                let max = max as usize;
                quote!(__items.len() < #max &&)
            });
            let label = match slot.target {
                Target::Wildcard => "elements for the wildcard (xs:any)".to_owned(),
                _ => first.join(" or "),
            };
            let min_check = (min > 0).then(|| {
                let min = min as usize;
                quote!(__reader.check_min_occurs(#label, __items.len(), #min)?;)
            });
            quote! {
                {
                    let mut __items = ::std::vec::Vec::new();
                    while #limit #present {
                        __items.push(#one);
                    }
                    #min_check
                    __items
                }
            }
        }
    };
    Ok(expression)
}

/// Builds the expression that reads a choice variant once its first element
/// matched. A variant that occurs once needs no second presence check.
pub(crate) fn read_variant(slot: &Slot, known: &KnownList) -> Result<TokenStream, CodegenError> {
    match slot.card {
        Card::One => read_one(slot, &known.tokens()),
        _ => read_slot(slot, known),
    }
}

/// Builds the expression that reads one occurrence of a slot whose start is next.
pub(crate) fn read_one(slot: &Slot, known: &TokenStream) -> Result<TokenStream, CodegenError> {
    let value = match &slot.target {
        Target::Element {
            value: Value::Text(ty),
            ..
        } => {
            let ty = rust_type(ty)?;
            quote! {
                {
                    __reader.take_text_child()?;
                    __reader.read_value::<#ty>()?
                }
            }
        }
        Target::Element {
            value: Value::CheckedText { ty, facets },
            ..
        } => {
            let ty = rust_type(ty)?;
            let facets = ident(facets);
            quote! {
                {
                    __reader.take_text_child()?;
                    __reader.read_checked_value::<#ty>(&#facets)?
                }
            }
        }
        Target::Element {
            value: Value::NillableText { ty, facets },
            ..
        } => {
            let ty = rust_type(ty)?;
            let facets = match facets {
                Some(facets) => {
                    let facets = ident(facets);
                    quote!(::std::option::Option::Some(&#facets))
                }
                None => quote!(::std::option::Option::None),
            };
            quote! {
                {
                    let __start = __reader.take_child()?;
                    __reader.read_nillable_value::<#ty>(&__start, #facets)?
                }
            }
        }
        Target::Element {
            value: Value::Struct(ty),
            ..
        } => {
            let ty = rust_type(ty)?;
            quote! {
                {
                    let __start = __reader.take_child()?;
                    <#ty as ::schemakit_runtime::FromXml>::read_element(__reader, __start)?
                }
            }
        }
        Target::Group { ident: name } | Target::Choice { ident: name } => {
            let name = ident(name);
            quote!(#name::read_group(__reader, #known)?)
        }
        Target::Wildcard => quote!(__reader.take_any_child()?),
    };
    Ok(if slot.boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    })
}

/// Builds the statements that write a slot whose value is the reference `value`.
pub(crate) fn write_slot(slot: &Slot, value: &TokenStream) -> TokenStream {
    match slot.card {
        Card::One => write_one(slot, value),
        Card::Optional => {
            let one = write_one(slot, &quote!(item));
            quote!(if let ::std::option::Option::Some(item) = #value { #one })
        }
        Card::Many { .. } => {
            let one = write_one(slot, &quote!(item));
            quote!(for item in #value { #one })
        }
    }
}

fn write_one(slot: &Slot, value: &TokenStream) -> TokenStream {
    let value = if slot.boxed {
        quote!(&**#value)
    } else {
        value.clone()
    };
    match &slot.target {
        Target::Element {
            name,
            value: Value::Text(_) | Value::CheckedText { .. },
        } => quote!(writer.value_element(#name, #value);),
        Target::Element {
            name,
            value: Value::NillableText { .. },
        } => quote!(::schemakit_runtime::Nillable::write(#value, writer, #name);),
        Target::Element {
            name,
            value: Value::Struct(_),
        } => quote!(::schemakit_runtime::ToXml::write_element(#value, writer, #name);),
        Target::Group { ident: name } | Target::Choice { ident: name } => {
            let name = ident(name);
            quote!(#name::write_group(#value, writer);)
        }
        Target::Wildcard => quote!(::schemakit_runtime::AnyElement::write(#value, writer);),
    }
}

/// Builds a `let` statement reading each slot, and returns them with the field names.
fn read_slots(
    slots: &[Slot],
    known: &KnownList,
) -> Result<(Vec<TokenStream>, Vec<TokenStream>), CodegenError> {
    let mut statements = Vec::new();
    let mut names = Vec::new();
    for slot in slots {
        let field = ident(&slot.field);
        let read = read_slot(slot, known)?;
        statements.push(quote!(let #field = #read;));
        names.push(quote!(#field));
    }
    Ok((statements, names))
}

/// `read_group` and `write_group` of a sequence group struct.
pub(crate) fn group_impls(item: &StructType) -> Result<TokenStream, CodegenError> {
    let name = ident(&item.ident);
    let Body::Slots(slots) = &item.body else {
        return Ok(TokenStream::new());
    };
    let (reads, fields) = read_slots(slots, &KnownList::Parameter)?;
    let writes = slots.iter().map(|slot| {
        let field = ident(&slot.field);
        write_slot(slot, &quote!(&self.#field))
    });

    Ok(quote! {
        #[allow(dead_code)]
        impl #name {
            fn read_group<R: ::std::io::BufRead>(
                __reader: &mut ::schemakit_runtime::XmlReader<R>,
                __known: &[&'static str],
            ) -> ::core::result::Result<Self, ::schemakit_runtime::ReadError> {
                #(#reads)*
                ::core::result::Result::Ok(Self { #(#fields),* })
            }

            fn write_group(&self, writer: &mut ::schemakit_runtime::XmlWriter) {
                #(#writes)*
            }
        }
    })
}

/// `FromXml`, `ToXml` and `XmlRoot` impls and the inherent document methods of an
/// element struct.
pub(crate) fn element_impls(
    item: &StructType,
    element: &str,
    options: &Options,
) -> Result<TokenStream, CodegenError> {
    let name = ident(&item.ident);
    let known_names = known_children(item);
    let known = (!matches!(item.body, Body::Text { .. }))
        .then(|| quote!(const KNOWN: &[&str] = &[#(#known_names),*];));
    let (attribute_reads, mut fields) = read_attributes(item)?;
    let wildcard = item
        .wildcard_content
        .then(|| quote!(__reader.start_wildcard_content();));
    let (body_reads, body_fields) = read_body(item)?;
    fields.extend(body_fields);

    let mode = match options.unknown_elements {
        UnknownElements::Error => TokenStream::new(),
        UnknownElements::Skip => quote!(
            const UNKNOWN_ELEMENTS: ::schemakit_runtime::UnknownElements =
                ::schemakit_runtime::UnknownElements::Skip;
        ),
        UnknownElements::Keep => quote!(
            const UNKNOWN_ELEMENTS: ::schemakit_runtime::UnknownElements =
                ::schemakit_runtime::UnknownElements::Keep;
        ),
    };
    let attribute_writes = write_attributes(item);
    let body_writes = write_body(item);
    let from_xml_doc = format!(" Reads a document whose root element is `{element}`.");
    let root = item.root.then(|| {
        quote! {
        impl ::schemakit_runtime::XmlRoot for #name {
            const ELEMENT_NAME: &'static str = #element;
        }

        #[allow(dead_code)]
        impl #name {
            #[doc = #from_xml_doc]
            pub fn from_xml(xml: &str) -> ::core::result::Result<Self, ::schemakit_runtime::ReadError> {
                <Self as ::schemakit_runtime::XmlRoot>::from_xml(xml)
            }

            #[doc = #from_xml_doc]
            pub fn from_reader<R: ::std::io::BufRead>(input: R) -> ::core::result::Result<Self, ::schemakit_runtime::ReadError> {
                <Self as ::schemakit_runtime::XmlRoot>::from_reader(input)
            }

            /// Writes the value as a document, without an XML declaration.
            pub fn to_xml(&self) -> ::std::string::String {
                <Self as ::schemakit_runtime::XmlRoot>::to_xml(self)
            }
        }
        }
    });

    Ok(quote! {
        impl ::schemakit_runtime::FromXml for #name {
            #mode

            fn read_element<R: ::std::io::BufRead>(
                __reader: &mut ::schemakit_runtime::XmlReader<R>,
                __start: ::schemakit_runtime::StartTag,
            ) -> ::core::result::Result<Self, ::schemakit_runtime::ReadError> {
                #known
                #attribute_reads
                #wildcard
                #body_reads
                ::core::result::Result::Ok(Self { #(#fields),* })
            }
        }

        impl ::schemakit_runtime::ToXml for #name {
            fn write_element(&self, writer: &mut ::schemakit_runtime::XmlWriter, name: &str) {
                writer.start(name);
                #attribute_writes
                #body_writes
                writer.end(name);
            }
        }

        #root
    })
}

/// Lists every child element name the body declares, in content-model order.
fn known_children(item: &StructType) -> Vec<String> {
    let body = &item.body;
    let mut names: Vec<String> = Vec::new();
    if let Body::Slots(slots) | Body::All { slots, .. } = body {
        collect_names(slots, &mut names);
    }
    for (_, slot) in item.mixed_variants.iter().flatten() {
        collect_names(std::slice::from_ref(slot), &mut names);
    }
    names
}

fn collect_names(slots: &[Slot], names: &mut Vec<String>) {
    for slot in slots {
        for name in &slot.all_names {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
}

fn read_attributes(item: &StructType) -> Result<(TokenStream, Vec<TokenStream>), CodegenError> {
    let mut declarations = Vec::new();
    let mut arms = Vec::new();
    let mut finishes = Vec::new();
    let mut fields = Vec::new();

    for attribute in &item.attributes {
        let field = ident(&attribute.field);
        let name = &attribute.name;
        let parse = match &attribute.ty {
            AttributeValue::String => quote!(__attribute_value.clone()),
            AttributeValue::Enum(ty) => {
                let ty = ident(ty);
                quote!(__reader.parse_attribute::<#ty>(&__start, __attribute_name, __attribute_value)?)
            }
            AttributeValue::Parsed(ty) => {
                let ty = rust_type(ty)?;
                quote!(__reader.parse_attribute::<#ty>(&__start, __attribute_name, __attribute_value)?)
            }
        };
        let parse = match &attribute.facets {
            Some(facets) => {
                let facets = ident(facets);
                quote! {{
                    __reader.check_attribute(&__start, __attribute_name, __attribute_value, &#facets)?;
                    #parse
                }}
            }
            None => parse,
        };
        declarations.push(quote!(let mut #field = ::std::option::Option::None;));
        arms.push(quote!(#name => #field = ::std::option::Option::Some(#parse)));
        if attribute.required {
            finishes.push(quote!(let #field = #field.ok_or_else(|| __reader.missing_attribute(&__start, #name))?;));
        }
        fields.push(quote!(#field));
    }

    let other = match &item.instance_field {
        Some(instance) => {
            let instance = ident(instance);
            declarations
                .push(quote!(let mut #instance = ::schemakit_runtime::InstanceAttributes::new();));
            fields.push(quote!(#instance));
            quote!(__reader.other_attribute(&__start, __attribute_name, __attribute_value, &mut #instance)?)
        }
        None => quote!(__reader.unknown_attribute(&__start, __attribute_name)?),
    };

    // The loop binds `attribute_name` and `attribute_value` rather than `name` and
    // `value`, because attributes called `name` or `value` are common and their
    // field variables would shadow the bindings.
    if item.attributes.is_empty() {
        let value_binding = match item.instance_field {
            Some(_) => quote!(__attribute_value),
            None => quote!(_),
        };
        let tokens = quote! {
            #(#declarations)*
            for (__attribute_name, #value_binding) in &__start.attributes {
                #other;
            }
        };
        return Ok((tokens, fields));
    }

    let tokens = quote! {
        #(#declarations)*
        for (__attribute_name, __attribute_value) in &__start.attributes {
            match __attribute_name.as_str() {
                #(#arms,)*
                _ => #other,
            }
        }
        #(#finishes)*
    };
    Ok((tokens, fields))
}

fn read_body(item: &StructType) -> Result<(TokenStream, Vec<TokenStream>), CodegenError> {
    let mut fields = Vec::new();
    let other = item.other_field.as_ref().map(|other| ident(other));
    let end = match &other {
        Some(other) => {
            fields.push(quote!(#other));
            quote!(let #other = __reader.end_element(KNOWN)?;)
        }
        None => quote!(__reader.end_element(KNOWN)?;),
    };

    let reads = match &item.body {
        Body::Empty => end,
        Body::Text { field, ty, facets } => {
            let field = ident(field);
            let ty = rust_type(ty)?;
            fields.push(quote!(#field));
            match facets {
                Some(facets) => {
                    let facets = ident(facets);
                    quote!(let #field = __reader.read_checked_value::<#ty>(&#facets)?;)
                }
                None => quote!(let #field = __reader.read_value::<#ty>()?;),
            }
        }
        Body::Slots(slots) => {
            let (reads, slot_fields) = read_slots(slots, &KnownList::Constant)?;
            fields.extend(slot_fields);
            quote!(#(#reads)* #end)
        }
        Body::All {
            slots,
            order_field,
            required_when_present,
        } => {
            let (reads, all_fields) =
                crate::emit_all::read_all(slots, order_field, required_when_present)?;
            fields.extend(all_fields);
            quote!(#reads #end)
        }
        Body::Mixed { field, choice } => {
            let field = ident(field);
            fields.push(quote!(#field));
            let mixed = mixed_reads(item, choice)?;
            quote! {
                let mut #field = ::std::vec::Vec::new();
                #mixed
                #end
            }
        }
        Body::Any { field } => {
            let field = ident(field);
            fields.push(quote!(#field));
            quote! {
                let #field = __reader.read_any()?;
                __reader.end_element(KNOWN)?;
            }
        }
    };
    Ok((reads, fields))
}

fn mixed_reads(item: &StructType, choice: &str) -> Result<TokenStream, CodegenError> {
    let Body::Mixed { field, .. } = &item.body else {
        return Ok(TokenStream::new());
    };
    let field = ident(field);
    let choice_ident = ident(choice);
    let Some(variants) = item.mixed_variants.as_ref() else {
        return Ok(TokenStream::new());
    };

    let mut arms = Vec::new();
    for (variant, slot) in variants {
        let variant = ident(variant);
        let Target::Element { name, .. } = &slot.target else {
            continue;
        };
        let one = read_one(slot, &quote!(KNOWN))?;
        arms.push(quote!(::schemakit_runtime::MixedItem::Element(#name) => #field.push(#choice_ident::#variant(#one))));
    }
    let text = ident(
        &item
            .mixed_text_variant
            .clone()
            .unwrap_or_else(|| "Text".to_owned()),
    );

    Ok(quote! {
        while let ::std::option::Option::Some(item) = __reader.next_mixed(KNOWN)? {
            match item {
                ::schemakit_runtime::MixedItem::Text(text) => #field.push(#choice_ident::#text(text)),
                #(#arms,)*
                ::schemakit_runtime::MixedItem::Element(_) => break,
            }
        }
    })
}

fn write_attributes(item: &StructType) -> TokenStream {
    let writes = item.attributes.iter().map(|attribute| {
        let field = ident(&attribute.field);
        let name = &attribute.name;
        let text = match &attribute.ty {
            AttributeValue::String => quote!(value),
            AttributeValue::Enum(_) => quote!(value.as_str()),
            AttributeValue::Parsed(_) => quote!(&::std::string::ToString::to_string(value)),
        };
        if attribute.required {
            quote!({ let value = &self.#field; writer.attribute(#name, #text); })
        } else {
            quote!(if let ::std::option::Option::Some(value) = &self.#field { writer.attribute(#name, #text); })
        }
    });
    let instance = item.instance_field.as_ref().map(|instance| {
        let instance = ident(instance);
        quote!(self.#instance.write(writer);)
    });
    quote!(#instance #(#writes)*)
}

fn write_body(item: &StructType) -> TokenStream {
    let body = match &item.body {
        Body::Empty => TokenStream::new(),
        Body::Text { field, .. } => {
            let field = ident(field);
            quote!(writer.text(&::std::string::ToString::to_string(&self.#field));)
        }
        Body::Slots(slots) => {
            let writes = slots.iter().map(|slot| {
                let field = ident(&slot.field);
                write_slot(slot, &quote!(&self.#field))
            });
            quote!(#(#writes)*)
        }
        Body::All {
            slots, order_field, ..
        } => crate::emit_all::write_all(slots, order_field),
        Body::Mixed { field, choice } => {
            let field = ident(field);
            let choice = ident(choice);
            let text = ident(
                &item
                    .mixed_text_variant
                    .clone()
                    .unwrap_or_else(|| "Text".to_owned()),
            );
            let arms = item.mixed_variants.iter().flatten().map(|(variant, slot)| {
                let variant = ident(variant);
                let write = write_slot(slot, &quote!(value));
                quote!(#choice::#variant(value) => { #write })
            });
            quote! {
                for item in &self.#field {
                    match item {
                        #choice::#text(text) => writer.text(text),
                        #(#arms)*
                    }
                }
            }
        }
        Body::Any { field } => {
            let field = ident(field);
            quote!(::schemakit_runtime::write_nodes(&self.#field, writer);)
        }
    };

    let other = item.other_field.as_ref().map(|other| {
        let other = ident(other);
        quote!(for element in &self.#other { element.write(writer); })
    });
    quote!(#body #other)
}
