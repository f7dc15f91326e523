//! The one component that owns ECharts DOM: it creates the chart on its `<div>`, keeps the
//! handle, feeds it new options, resizes it with the window and disposes it on unmount.

use charming::Chart;
use leptos::{html::Div, prelude::*};
use wasm_bindgen::prelude::*;

use crate::state::use_app_state;

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
}

struct Handle {
    chart: ECharts,
    dark: bool,
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
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let handle = StoredValue::new_local(None::<Handle>);
    let error = RwSignal::new(None::<String>);
    let is_dark = use_app_state().is_dark();

    Effect::new(move |_| {
        let option = crate::charts::to_json(&chart.get());
        let dark = is_dark.get();
        let Some(el) = node.get() else { return };
        // ECharts measures its container: wait until the browser has laid it out.
        request_animation_frame(move || {
            let option = match js_sys::JSON::parse(&option) {
                Ok(o) => o,
                Err(_) => return error.set(Some("This chart's data could not be read.".into())),
            };
            handle.update_value(|slot| {
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
                    match echarts_init(&el, theme, &opts) {
                        Ok(chart) => *slot = Some(Handle { chart, dark }),
                        Err(_) => {
                            error.set(Some(
                                "Charts are unavailable: the chart library did not load.".into(),
                            ));
                            return;
                        }
                    }
                }
                if let Some(h) = slot.as_ref() {
                    h.chart.set_option(&option, true);
                }
            });
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

    view! {
        <figure class="chart" data-testid=test_id>
            <div node_ref=node class="chart__canvas" role="img" aria-label=label.clone()></div>
            {move || error.get().map(|e| view! { <p class="chart__error" role="alert">{e}</p> })}
        </figure>
    }
}
