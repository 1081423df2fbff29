//! The selected object: why it is the way it is (the controllers' explanations) and its
//! `kubectl describe`, exactly as kubectl prints it.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::Details;
use crate::view::ObjRef;

#[derive(Properties, PartialEq)]
pub struct DetailsProps {
    pub selected: ObjRef,
    pub details: Rc<Details>,
    pub on_close: Callback<()>,
}

#[component]
pub fn DetailsPanel(props: &DetailsProps) -> Html {
    let obj = &props.selected;
    let ns = if obj.namespace.is_empty() || obj.namespace == "default" {
        String::new()
    } else {
        format!(" -n {}", obj.namespace)
    };
    html! {
        <section class="details panel" aria-label="Selected object" data-testid="details">
            <header class="panel-head">
                <h2>{format!("{}/{}", obj.kind, obj.name)}</h2>
                <button type="button" class="icon-button" title="Close (Esc)" aria-label="Close"
                    onclick={props.on_close.reform(|_: MouseEvent| ())}>{"×"}</button>
            </header>
            if !props.details.why.trim().is_empty() {
                <h3 class="details-h"><code>{format!("why {}/{}{ns}", obj.kind, obj.name)}</code></h3>
                <pre class="details-why" data-testid="details-why">{&props.details.why}</pre>
            }
            <h3 class="details-h"><code>{format!("kubectl describe {} {}{ns}", obj.kind, obj.name)}</code></h3>
            <pre class="details-describe" data-testid="details-describe">{&props.details.describe}</pre>
        </section>
    }
}
