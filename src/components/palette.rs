//! The command palette: Ctrl/Cmd+K (or the header button) opens a modal dialog with a
//! combobox to jump to a page or a customer. Arrow keys choose, Enter goes, Esc closes;
//! focus stays in the dialog while it is open and returns where it was.

use leptos::html::{Dialog, Input};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

use crate::filters::FilterQuery;
use crate::i18n::Texts;
use crate::palette::{search, Entry, Person, Target};
use crate::routes::{customer_path, href, Page};
use crate::state::{use_analytics, use_app_state, use_texts};

/// Most customers listed at once.
const LIMIT: usize = 8;

/// The router's navigation (`use_navigate`), kept where event handlers reach it.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// The palette and its opener button (placed in the header).
#[component]
pub fn CommandPalette() -> impl IntoView {
    let t = use_texts();
    let palette = Palette::new(t);
    let shortcut = window_event_listener(leptos::ev::keydown, move |e: web_sys::KeyboardEvent| {
        if (e.ctrl_key() || e.meta_key()) && !e.alt_key() && e.key().eq_ignore_ascii_case("k") {
            e.prevent_default();
            if palette.open.get_untracked() {
                palette.close();
            } else {
                palette.show();
            }
        }
    });
    on_cleanup(move || shortcut.remove());
    view! {
        <button
            type="button"
            class="button button--small palette-opener"
            data-testid="palette-open"
            aria-keyshortcuts="Control+K Meta+K"
            on:click=move |_| palette.show()
        >
            {t.palette.open}
        </button>
        <PaletteDialog palette />
    }
}

/// The palette's state: its dialog and search field, what is typed and which option is
/// chosen, and where the focus was before it opened.
#[derive(Clone, Copy)]
struct Palette {
    dialog: NodeRef<Dialog>,
    input: NodeRef<Input>,
    open: RwSignal<bool>,
    query: RwSignal<String>,
    /// The option chosen, by the arrow keys or the mouse.
    active: RwSignal<usize>,
    /// The pages and customers that match the query (none while the palette is closed).
    results: Memo<Vec<Entry>>,
    /// Where the focus was before opening, to give it back.
    before: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    /// The URL's filter, which a page entry keeps.
    filter: Memo<FilterQuery>,
    navigate: StoredValue<Navigate, LocalStorage>,
}

impl Palette {
    fn new(t: &'static Texts) -> Palette {
        let state = use_app_state();
        let (open, query) = (RwSignal::new(false), RwSignal::new(String::new()));
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
        let navigate: Navigate = Box::new(use_navigate());
        Palette {
            dialog: NodeRef::new(),
            input: NodeRef::new(),
            open,
            query,
            active: RwSignal::new(0),
            results,
            before: StoredValue::new_local(None),
            filter: use_analytics().query,
            navigate: StoredValue::new_local(navigate),
        }
    }

    /// Opens the palette, empty, with the focus in its search field.
    fn show(self) {
        if self.open.get_untracked() {
            return;
        }
        self.before.set_value(
            document()
                .active_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
        );
        self.query.set(String::new());
        self.active.set(0);
        self.open.set(true);
        if let Some(d) = self.dialog.get_untracked() {
            let _ = d.show_modal();
        }
        if let Some(i) = self.input.get_untracked() {
            i.set_value("");
            let _ = i.focus();
        }
    }

    /// Closes the palette; the focus goes back where it was.
    fn close(self) {
        if !self.open.get_untracked() {
            return;
        }
        self.open.set(false);
        if let Some(d) = self.dialog.get_untracked() {
            d.close();
        }
        if let Some(el) = self.before.get_value() {
            let _ = el.focus();
        }
    }

    /// Goes to an entry's page (a page keeps the URL's filter), the focus on its content.
    fn go(self, entry: Entry) {
        let url = match entry.target {
            Target::Page(page) => {
                let query = crate::filters::query_string(&self.filter.get_untracked());
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
        self.before.set_value(None);
        self.close();
        self.navigate.with_value(|n| n(&url, Default::default()));
        if let Some(main) = document().get_element_by_id("main") {
            let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    }

    /// The search field's keys: the arrows choose an option, Enter goes to it, Tab stays.
    fn key(self, e: web_sys::KeyboardEvent) {
        let (results, active) = (self.results, self.active);
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
                    self.go(entry);
                }
            }
            // The search field is the dialog's one stop: Tab stays in it.
            "Tab" => e.prevent_default(),
            _ => {}
        }
    }
}

fn option_id(i: usize) -> String {
    format!("palette-option-{i}")
}

/// The modal dialog: the search field (a combobox) and the list of what matches it.
#[component]
fn PaletteDialog(
    /// The palette it shows.
    palette: Palette,
) -> impl IntoView {
    let t = use_texts();
    let Palette {
        open,
        query,
        active,
        results,
        ..
    } = palette;
    let options = move || {
        (results.get().into_iter().enumerate())
            .map(|(i, entry)| palette_option(t, palette, i, entry))
            .collect_view()
    };
    view! {
        <dialog
            node_ref=palette.dialog
            class="palette"
            aria-labelledby="palette-title"
            aria-modal="true"
            data-testid="palette"
            on:cancel=move |e: leptos::ev::Event| {
                e.prevent_default();
                palette.close();
            }
            on:click=move |e| {
                if e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlDialogElement>().ok())
                    .is_some()
                {
                    palette.close();
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
                node_ref=palette.input
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
                on:keydown=move |e| palette.key(e)
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

/// Option `i` of the list: what it is (a page, a customer), its label and detail.
fn palette_option(t: &'static Texts, palette: Palette, i: usize, entry: Entry) -> impl IntoView {
    let active = palette.active;
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
            aria-selected=move || (active.get() == i).to_string()
            on:mousemove=move |_| active.set(i)
            on:click=move |_| palette.go(entry.clone())
        >
            <span class="palette__kind">{kind}</span>
            <span class="palette__label">{label}</span>
            <span class="palette__detail muted">{detail}</span>
        </li>
    }
}
