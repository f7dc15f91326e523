//! The command palette: Ctrl/Cmd+K (or the header button) opens a modal dialog with a
//! combobox to jump to a page or a customer. Arrow keys choose, Enter goes, Esc closes;
//! focus stays in the dialog while it is open and returns where it was.

use leptos::html::{Dialog, Input};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::palette::{search, Entry, Person, Target};
use crate::routes::{customer_path, href, Page};
use crate::state::{use_analytics, use_app_state, use_texts};

/// Most customers listed at once.
const LIMIT: usize = 8;

/// The palette and its opener button (placed in the header).
#[component]
pub fn CommandPalette() -> impl IntoView {
    let state = use_app_state();
    let analytics = use_analytics();
    let t = use_texts();
    let navigate = StoredValue::new_local(use_navigate());
    let dialog = NodeRef::<Dialog>::new();
    let input = NodeRef::<Input>::new();
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    // Where the focus was before opening, to give it back.
    let before = StoredValue::new_local(None::<web_sys::HtmlElement>);

    let pages: Vec<(Page, &'static str)> = (Page::AREAS.into_iter())
        .chain(Page::ADMIN)
        .map(|p| (p, (t.shell.page)(p)))
        .collect();
    let results = Memo::new(move |_| {
        if !open.get() {
            return Vec::new();
        }
        let q = query.get();
        state.dataset.with(|ds| {
            let people = ds.customers.rows.iter().map(|c| Person {
                id: ds.str(c.id),
                name: ds.str(c.name),
                email: ds.str(c.email),
            });
            search(&q, &pages, people, LIMIT)
        })
    });

    let show = move || {
        if open.get_untracked() {
            return;
        }
        before.set_value(
            document()
                .active_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
        );
        query.set(String::new());
        active.set(0);
        open.set(true);
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
        if let Some(i) = input.get_untracked() {
            i.set_value("");
            let _ = i.focus();
        }
    };
    let close = move || {
        if !open.get_untracked() {
            return;
        }
        open.set(false);
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
        if let Some(el) = before.get_value() {
            let _ = el.focus();
        }
    };
    let go = move |entry: Entry| {
        let url = match entry.target {
            Target::Page(page) => {
                let query = crate::filters::query_string(&analytics.query.get_untracked());
                let url = href(page.path());
                if query.is_empty() {
                    url
                } else {
                    format!("{url}?{query}")
                }
            }
            Target::Customer(id) => href(&customer_path(&id)),
        };
        // The page changes: the focus goes to its content, not back to the opener.
        before.set_value(None);
        close();
        navigate.with_value(|n| n(&url, Default::default()));
        if let Some(main) = document().get_element_by_id("main") {
            let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    };

    let shortcut = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if (e.ctrl_key() || e.meta_key()) && !e.alt_key() && e.key().eq_ignore_ascii_case("k") {
            e.prevent_default();
            if open.get_untracked() {
                close();
            } else {
                show();
            }
        }
    });
    on_cleanup(move || shortcut.remove());

    let on_keydown = move |e: web_sys::KeyboardEvent| {
        let n = results.with_untracked(Vec::len);
        match e.key().as_str() {
            "ArrowDown" if n > 0 => {
                e.prevent_default();
                active.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                e.prevent_default();
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" => {
                e.prevent_default();
                if let Some(entry) =
                    results.with_untracked(|r| r.get(active.get_untracked()).cloned())
                {
                    go(entry);
                }
            }
            // The search field is the dialog's one stop: Tab stays in it.
            "Tab" => e.prevent_default(),
            _ => {}
        }
    };
    let option_id = |i: usize| format!("palette-option-{i}");
    let options = move || {
        results
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, entry)| {
                let selected = move || active.get() == i;
                let kind = match entry.target {
                    Target::Page(_) => t.palette.pages,
                    Target::Customer(_) => t.palette.customers,
                };
                let (label, detail) = (entry.label.clone(), entry.detail.clone());
                view! {
                    <li
                        id=option_id(i)
                        role="option"
                        class="palette__option"
                        aria-selected=move || selected().to_string()
                        on:mousemove=move |_| active.set(i)
                        on:click=move |_| go(entry.clone())
                    >
                        <span class="palette__kind">{kind}</span>
                        <span class="palette__label">{label}</span>
                        <span class="palette__detail muted">{detail}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <button
            type="button"
            class="button button--small palette-opener"
            data-testid="palette-open"
            aria-keyshortcuts="Control+K Meta+K"
            on:click=move |_| show()
        >
            {t.palette.open}
        </button>
        <dialog
            node_ref=dialog
            class="palette"
            aria-labelledby="palette-title"
            aria-modal="true"
            data-testid="palette"
            on:cancel=move |e: leptos::ev::Event| {
                e.prevent_default();
                close();
            }
            on:click=move |e| {
                if e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlDialogElement>().ok())
                    .is_some()
                {
                    close();
                }
            }
        >
            <h2 id="palette-title" class="palette__title">
                {t.palette.title}
            </h2>
            <label for="palette-input" class="visually-hidden">
                {t.palette.search}
            </label>
            <input
                node_ref=input
                id="palette-input"
                type="text"
                class="palette__input"
                autocomplete="off"
                role="combobox"
                aria-expanded=move || open.get().to_string()
                aria-controls="palette-list"
                aria-autocomplete="list"
                aria-activedescendant=move || {
                    (results.with(|r| !r.is_empty())).then(|| option_id(active.get()))
                }
                placeholder=t.palette.placeholder
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(0);
                }
                on:keydown=on_keydown
            />
            <ul id="palette-list" role="listbox" class="palette__list" aria-label=t.palette.title>
                {options}
            </ul>
            <Show when=move || open.get() && results.with(Vec::is_empty)>
                <p class="muted" role="status">
                    {t.palette.nothing}
                </p>
            </Show>
            <p class="palette__hint muted">{t.palette.hint}</p>
        </dialog>
    }
}
