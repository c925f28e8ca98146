//! Emitting the reader and writer of an `xs:all` group: members in any order,
//! each at most once, with the document order recorded for writing.

use crate::emit::ident;
use crate::emit_io::{read_one, write_slot};
use crate::error::CodegenError;
use crate::ir::{Card, Slot};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Builds the statements that read the members of an all group and check that the
/// required ones occurred, and returns them with the field names they bind. The
/// members at `required_when_present` are required once any member occurred.
pub(crate) fn read_all(
    slots: &[Slot],
    order_field: &str,
    required_when_present: &[usize],
) -> Result<(TokenStream, Vec<TokenStream>), CodegenError> {
    let order = ident(order_field);
    let mut declarations = Vec::new();
    let mut arms = Vec::new();
    let mut checks = Vec::new();
    let mut fields = Vec::new();

    for (slot_index, slot) in slots.iter().enumerate() {
        let field = ident(&slot.field);
        let names = slot.first_refs();
        let label = names.join(" or ");
        let one = read_one(slot, &quote!(KNOWN))?;
        let index = Literal::usize_unsuffixed(slot_index);

        declarations.push(quote!(let mut #field = ::std::option::Option::None;));
        arms.push(quote! {
            ::std::option::Option::Some(#(#names)|*) => {
                if #field.is_some() {
                    return ::core::result::Result::Err(__reader.duplicate_child(#label));
                }
                #field = ::std::option::Option::Some(#one);
                #order.push(#index);
            }
        });
        if slot.card == Card::One {
            checks.push(quote! {
                let ::std::option::Option::Some(#field) = #field else {
                    return ::core::result::Result::Err(__reader.missing_child(&[#(#names),*]));
                };
            });
        }
        if required_when_present.contains(&slot_index) {
            checks.push(quote! {
                if #field.is_none() && !#order.as_slice().is_empty() {
                    return ::core::result::Result::Err(__reader.missing_child(&[#(#names),*]));
                }
            });
        }
        fields.push(quote!(#field));
    }
    fields.push(quote!(#order));

    let reads = quote! {
        #(#declarations)*
        let mut #order = ::schemakit_runtime::MemberOrder::new();
        loop {
            match __reader.peek_child(KNOWN)? {
                #(#arms)*
                _ => break,
            }
        }
        #(#checks)*
    };
    Ok((reads, fields))
}

/// Builds the statements that write the members of an all group in the recorded
/// order.
pub(crate) fn write_all(slots: &[Slot], order_field: &str) -> TokenStream {
    let order = ident(order_field);
    let count = Literal::usize_unsuffixed(slots.len());
    let arms = slots.iter().enumerate().map(|(index, slot)| {
        let field = ident(&slot.field);
        let write = write_slot(slot, &quote!(&self.#field));
        let index = Literal::usize_unsuffixed(index);
        quote!(#index => { #write })
    });

    quote! {
        for member in self.#order.write_order(#count) {
            match member {
                #(#arms)*
                _ => {}
            }
        }
    }
}
