//! Text that came from the user's files, shown in a table cell or a list.

use leptos::prelude::*;

/// Data text: at most three lines on screen (then an ellipsis), the whole text in its
/// tooltip and in the page (copy-paste, screen readers), and isolated for bidi (`<bdi>`) so
/// a right-to-left override inside it cannot reorder the text around it.
#[component]
pub fn Clip(
    /// The text, as imported.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    let title = text.clone();
    view! {
        <bdi class="clip" title=title>
            {text}
        </bdi>
    }
}
