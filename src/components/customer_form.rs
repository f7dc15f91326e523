//! The form to add or edit a customer.

use leptos::prelude::*;

use crate::core::edit::{CustomerFields, ProfileField};

type Getter = fn(&CustomerFields) -> String;
type Setter = fn(&mut CustomerFields, String);

const FIELDS: [(&str, ProfileField, Getter, Setter); 10] = [
    ("id", ProfileField::Id, |f| f.id.clone(), |f, v| f.id = v),
    (
        "name",
        ProfileField::Name,
        |f| f.name.clone(),
        |f, v| f.name = v,
    ),
    (
        "email",
        ProfileField::Email,
        |f| f.email.clone(),
        |f, v| f.email = v,
    ),
    (
        "phone",
        ProfileField::Phone,
        |f| f.phone.clone(),
        |f, v| f.phone = v,
    ),
    (
        "company",
        ProfileField::Company,
        |f| f.company.clone(),
        |f, v| f.company = v,
    ),
    (
        "city",
        ProfileField::City,
        |f| f.city.clone(),
        |f, v| f.city = v,
    ),
    (
        "country",
        ProfileField::Country,
        |f| f.country.clone(),
        |f, v| f.country = v,
    ),
    (
        "segment",
        ProfileField::Segment,
        |f| f.segment.clone(),
        |f, v| f.segment = v,
    ),
    (
        "owner",
        ProfileField::Owner,
        |f| f.owner.clone(),
        |f, v| f.owner = v,
    ),
    (
        "status",
        ProfileField::Status,
        |f| f.status.clone(),
        |f, v| f.status = v,
    ),
];

/// Edits [`CustomerFields`]; `on_save` gets the result, `on_cancel` closes the form.
#[component]
pub fn CustomerForm(
    /// The values to start from.
    initial: CustomerFields,
    /// Called with the edited fields.
    on_save: Callback<CustomerFields>,
    /// Called when the user gives up.
    on_cancel: Callback<()>,
    /// Why the last save was refused, if it was.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let fields = RwSignal::new(initial);
    let t = crate::state::use_texts();
    let inputs = FIELDS
        .into_iter()
        .map(|(key, label, get, set)| {
            let id = format!("customer-{key}");
            view! {
                <div class="form-field">
                    <label for=id.clone()>{(t.words.field)(label)}</label>
                    <input
                        type="text"
                        id=id
                        prop:value=move || fields.with(get)
                        required=key == "id"
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            fields.update(|f| set(f, v));
                        }
                    />
                </div>
            }
        })
        .collect_view();
    view! {
        <form
            class="customer-form"
            data-testid="customer-form"
            on:submit=move |ev| {
                ev.prevent_default();
                on_save.run(fields.get_untracked());
            }
        >
            <div class="form-grid">{inputs}</div>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="alert alert--error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            <div class="actions">
                <button type="submit" class="button button--primary">
                    {t.words.save}
                </button>
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                    {t.words.cancel}
                </button>
            </div>
        </form>
    }
}
