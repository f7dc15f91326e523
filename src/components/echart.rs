//! The one component that owns ECharts DOM: it creates the chart on its `<div>`, keeps the
//! handle, feeds it new options, resizes it with the window and disposes it on unmount.
//! ECharts itself (`echarts.min.js`, 1 MB, served with the app) is loaded by the first chart
//! that is shown, or in an idle period once there is data ([`load_echarts_for`]), not by the
//! page: the app's first render does not wait for it.

use charming::Chart;
use leptos::{html::Div, prelude::*};
use wasm_bindgen::prelude::*;

use crate::state::{use_app_state, use_texts};

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance (`echarts.init(...)`'s result).
    type ECharts;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn echarts_init(
        el: &web_sys::HtmlElement,
        theme: JsValue,
        opts: &JsValue,
    ) -> Result<ECharts, JsValue>;

    #[wasm_bindgen(method, js_name = setOption)]
    fn set_option(this: &ECharts, option: &JsValue, not_merge: bool);

    #[wasm_bindgen(method)]
    fn resize(this: &ECharts);

    #[wasm_bindgen(method)]
    fn dispose(this: &ECharts);

    #[wasm_bindgen(method, js_name = getDataURL)]
    fn get_data_url(this: &ECharts, opts: &JsValue) -> String;

    #[wasm_bindgen(method)]
    fn on(this: &ECharts, event: &str, handler: &js_sys::Function);
}

/// An element of a chart that was clicked (or its data-table row chosen): its series and
/// its index in the series' data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartClick {
    /// The series' index.
    pub series: usize,
    /// The data item's index in its series.
    pub index: usize,
}

/// The click handler of a chart, made once: ECharts' `params` to a [`ChartClick`].
fn click_handler(pick: Callback<ChartClick>) -> js_sys::Function {
    let number = |params: &JsValue, key: &str| {
        let v = js_sys::Reflect::get(params, &key.into()).ok();
        v.and_then(|v| v.as_f64()).map_or(0, |v| v as usize)
    };
    let handler = Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
        let (series, index) = (number(&params, "seriesIndex"), number(&params, "dataIndex"));
        pick.run(ChartClick { series, index });
    });
    handler.into_js_value().unchecked_into()
}

thread_local! {
    /// Whether `echarts.min.js` has run (or failed to load: then `echarts.init` fails and
    /// the chart says charts are unavailable). Shared by every chart; not owned by any.
    static ECHARTS_READY: (ArcRwSignal<bool>, std::cell::Cell<bool>) =
        (ArcRwSignal::new(has_echarts()), std::cell::Cell::new(false));
}

fn has_echarts() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("echarts")).unwrap_or(false)
}

/// The "ECharts is there" signal, adding its `<script>` to the page the first time.
fn echarts_ready() -> ArcRwSignal<bool> {
    ECHARTS_READY.with(|(ready, requested)| {
        if !ready.get_untracked() && !requested.replace(true) {
            let done = ready.clone();
            let loaded = Closure::<dyn Fn()>::new(move || done.set(true)).into_js_value();
            let script = document().create_element("script").ok();
            if let Some(script) = script {
                // Relative to <base>: the app's root, also under a sub-path.
                let _ = script.set_attribute("src", "echarts.min.js");
                let _ = script.add_event_listener_with_callback("load", loaded.unchecked_ref());
                let _ = script.add_event_listener_with_callback("error", loaded.unchecked_ref());
                let _ = document().head().map(|h| h.append_child(&script));
            }
        }
        ready.clone()
    })
}

/// Loads ECharts in an idle period of the browser once `has_data` (once), a little after
/// the data arrived: the first chart a page then shows does not wait for the script's
/// download and its evaluation (a task of 55–80 ms at a first run), and that task does not
/// fall within an import (whose summary is on screen by then). An app without data never
/// loads it, so its first render is as before.
pub fn load_echarts_for(has_data: Signal<bool>) {
    Effect::new(move |loading: Option<bool>| {
        if loading == Some(true) || !has_data.get() {
            return loading == Some(true);
        }
        let load = || {
            leptos::task::spawn_local(async {
                crate::tasks::idle_task(ECHARTS_IDLE_WAIT_MS).await;
                let _ = echarts_ready();
            })
        };
        set_timeout(load, ECHARTS_AFTER_DATA);
        true
    });
}

/// How long after the data arrived ECharts starts loading.
const ECHARTS_AFTER_DATA: std::time::Duration = std::time::Duration::from_millis(1000);

/// Longest wait for an idle period before ECharts loads anyway.
const ECHARTS_IDLE_WAIT_MS: u32 = 3000;

struct Handle {
    chart: ECharts,
    dark: bool,
}

/// Shows `chart` in `el`: the chart's ECharts instance (made at first, and again when the
/// theme changes) in `handle`, or why it cannot be shown in `error`.
fn draw(
    el: &web_sys::HtmlDivElement,
    chart: &Chart,
    dark: bool,
    handle: StoredValue<Option<Handle>, LocalStorage>,
    error: RwSignal<Option<String>>,
    on_click: Option<Callback<ChartClick>>,
    t: &'static crate::i18n::Texts,
) {
    let option = match js_sys::JSON::parse(&crate::charts::to_json(chart)) {
        Ok(o) => o,
        Err(_) => return error.set(Some(t.parts.chart_unreadable.into())),
    };
    let _ = handle.try_update_value(|slot| {
        if slot.as_ref().is_some_and(|h| h.dark != dark) {
            // ECharts 5 cannot switch themes in place.
            if let Some(old) = slot.take() {
                old.chart.dispose();
            }
        }
        if slot.is_none() {
            let theme = if dark {
                JsValue::from_str("dark")
            } else {
                JsValue::NULL
            };
            let opts = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&opts, &"renderer".into(), &"canvas".into());
            match echarts_init(el, theme, &opts) {
                Ok(chart) => {
                    if let Some(pick) = on_click {
                        chart.on("click", &click_handler(pick));
                    }
                    *slot = Some(Handle { chart, dark })
                }
                Err(_) => {
                    error.set(Some(t.parts.charts_unavailable.into()));
                    return;
                }
            }
        }
        if let Some(h) = slot.as_ref() {
            h.chart.set_option(&option, true);
        }
    });
}

/// A chart. `chart` is a pure option (from `crate::charts`); this component only renders it.
#[component]
pub fn EChart(
    /// The chart option to show; the chart updates when it changes.
    #[prop(into)]
    chart: Signal<Chart>,
    /// What the chart shows, for assistive technology.
    #[prop(into)]
    label: String,
    /// Test id of the chart's container.
    #[prop(optional, into)]
    test_id: Option<String>,
    /// What a click on an element does (narrow the filter to it). The data table's rows
    /// then become buttons too (row k: series 0, item k), for the keyboard.
    #[prop(optional)]
    on_click: Option<Callback<ChartClick>>,
    /// The elements are the cells of a grid (a heatmap), not the data table's rows: the
    /// rows stay text.
    #[prop(optional)]
    grid: bool,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let handle = StoredValue::new_local(None::<Handle>);
    let error = RwSignal::new(None::<String>);
    let is_dark = use_app_state().is_dark();
    let t = use_texts();

    let ready = echarts_ready();
    Effect::new(move |_| {
        let chart = chart.get();
        let dark = is_dark.get();
        if !ready.get() {
            return; // runs again once ECharts has loaded
        }
        let Some(el) = node.get() else { return };
        // ECharts measures its container: wait until the browser has laid it out, and let
        // that frame paint first, so that the numbers of a page (a KPI beside the chart)
        // show as soon as they are computed and the charts follow a frame later.
        request_animation_frame(move || {
            let draw = move || draw(&el, &chart, dark, handle, error, on_click, t);
            set_timeout(draw, std::time::Duration::ZERO);
        });
    });

    let resize = window_event_listener(leptos::ev::resize, move |_| {
        handle.with_value(|h| {
            if let Some(h) = h {
                h.chart.resize();
            }
        });
    });
    on_cleanup(move || {
        resize.remove();
        // The stored value may already be gone when the owner is torn down.
        let _ = handle.try_update_value(|h| {
            if let Some(h) = h.take() {
                h.chart.dispose();
            }
        });
    });

    let save_png = save_png(handle, &label);
    view! {
        <figure class="chart" data-testid=test_id>
            <div node_ref=node class="chart__canvas" role="img" aria-label=label.clone()></div>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="chart__error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            <figcaption class="chart__tools">
                <DataTable chart on_click=on_click.filter(|_| !grid) />
                <button type="button" class="link-button" on:click=save_png>
                    {t.parts.save_png}
                </button>
            </figcaption>
        </figure>
    }
}

/// Saves the chart in `handle` as a PNG file named after `label` (twice its size, on the
/// page's background).
fn save_png(
    handle: StoredValue<Option<Handle>, LocalStorage>,
    label: &str,
) -> impl Fn(leptos::ev::MouseEvent) + 'static {
    let name = label
        .to_lowercase()
        .replace(|c: char| !c.is_alphanumeric(), "-");
    let file_name = format!("{name}.png");
    move |_| {
        handle.with_value(|h| {
            let Some(h) = h else { return };
            let opts = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&opts, &"type".into(), &"png".into());
            let _ = js_sys::Reflect::set(&opts, &"pixelRatio".into(), &2.into());
            let background = if h.dark { "#181c24" } else { "#ffffff" };
            let _ = js_sys::Reflect::set(&opts, &"backgroundColor".into(), &background.into());
            let url = h.chart.get_data_url(&opts);
            if let Ok(a) = document().create_element("a") {
                let a: web_sys::HtmlAnchorElement = wasm_bindgen::JsCast::unchecked_into(a);
                a.set_href(&url);
                a.set_download(&file_name);
                a.click();
            }
        });
    }
}

/// The data behind a chart as a table, in a disclosure. The table is only made while the
/// disclosure is open (and then follows the chart): closed, it costs nothing at a render or
/// a filter change (a heatmap's has a row per cell).
#[component]
fn DataTable(
    /// The chart whose data it shows.
    chart: Signal<Chart>,
    /// What choosing a row does (row k: series 0, item k); `None`: the rows are text.
    on_click: Option<Callback<ChartClick>>,
) -> impl IntoView {
    let t = use_texts();
    let opened = RwSignal::new(false);
    let toggled = move |ev: leptos::ev::Event| {
        let details: web_sys::Element = event_target(&ev);
        opened.set(details.has_attribute("open"));
    };
    let table = move || {
        if !opened.get() {
            return None;
        }
        let (header, rows) = crate::charts::data_table(&chart.get());
        let header = (header.into_iter())
            .map(|h| view! { <th scope="col">{h}</th> })
            .collect_view();
        let rows = (rows.into_iter().enumerate())
            .map(|(k, cells)| data_row(k, cells, on_click))
            .collect_view();
        Some(view! {
            <table class="table table--compact">
                <thead>
                    <tr>{header}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        })
    };
    view! {
        <details class="chart__data" on:toggle=toggled>
            <summary>{t.parts.data_table}</summary>
            <div class="table-scroll">{table}</div>
        </details>
    }
}

/// Row `k` of a chart's data table: its label (a button when `on_click`), then its values.
fn data_row(k: usize, cells: Vec<String>, on_click: Option<Callback<ChartClick>>) -> impl IntoView {
    let mut cells = cells.into_iter();
    let first = cells.next().unwrap_or_default();
    let first = match on_click {
        Some(pick) => {
            let click = move |_| {
                pick.run(ChartClick {
                    series: 0,
                    index: k,
                })
            };
            view! {
                <button type="button" class="link-button" on:click=click>
                    {first}
                </button>
            }
            .into_any()
        }
        None => first.into_any(),
    };
    let values = cells
        .map(|c| view! { <td class="num">{c}</td> })
        .collect_view();
    view! {
        <tr>
            <th scope="row">{first}</th>
            {values}
        </tr>
    }
}
