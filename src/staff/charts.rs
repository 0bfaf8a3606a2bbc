//! 统计's charts as SVG: columns per day, bars per name. Geometry is in
//! attributes and colours in classes (the CSP allows no style attribute);
//! each chart is an image named by its title, and the page puts the same
//! numbers in a table beside it.

use eport_app_core::chart_scale::{axis_ticks, clipped, label_every, nice_top, scaled};
use leptos::prelude::*;

/// One series: its colour class (`series-a` …) and a value per category.
#[derive(Clone)]
pub struct Series {
    pub class: &'static str,
    pub name: String,
    pub values: Vec<u32>,
}

const W: f64 = 720.0;
const H: f64 = 240.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 12.0;

/// A chart `height` high: an image named by its title, in a box that
/// scrolls on its own on a phone.
fn frame(id: String, title: String, height: f64, body: impl IntoView + 'static) -> impl IntoView {
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let group_label = title.clone();
    view! {
        <div class="chart-scroll" tabindex="0" role="group" aria-label=group_label>
            <svg class="chart" viewBox=format!("0 0 {W} {height}") role="img" aria-labelledby=labelled_by id=id>
                <title id=title_id>{title}</title>
                {body}
            </svg>
        </div>
    }
}

/// The legend: a swatch and a name per series.
#[component]
pub fn Legend(series: Vec<Series>) -> impl IntoView {
    view! {
        <ul class="chart-legend" aria-hidden="true">
            {series.into_iter().map(|s| view! { <li><span class=format!("swatch {}", s.class)></span>{s.name}</li> }).collect_view()}
        </ul>
    }
}

/// Side-by-side columns per category (a day), a series a column.
#[component]
pub fn Columns(
    id: String,
    title: String,
    labels: Vec<String>,
    series: Vec<Series>,
) -> impl IntoView {
    let n = labels.len().max(1);
    let top = nice_top(
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .max()
            .unwrap_or(0),
    );
    let plot_h = H - TOP - BOTTOM;
    let group = (W - LEFT) / n as f64;
    let bar = group * 0.8 / series.len().max(1) as f64;
    let every = label_every(n, 12);
    let grid = axis_ticks(top)
        .into_iter()
        .map(|v| {
            let y = TOP + plot_h - scaled(v, top, plot_h);
            view! {
                <line class="chart-grid" x1=LEFT x2=W y1=y y2=y />
                <text class="chart-axis" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{v}</text>
            }
        })
        .collect_view();
    let columns = series
        .iter()
        .enumerate()
        .flat_map(|(k, s)| {
            s.values.iter().enumerate().map(move |(i, v)| {
                let h = scaled(*v, top, plot_h);
                view! {
                    <rect class=s.class x=LEFT + group * i as f64 + group * 0.1 + bar * k as f64
                        y=TOP + plot_h - h width=bar height=h />
                }
            })
        })
        .collect_view();
    let ticks = labels
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, l)| {
            view! {
                <text class="chart-axis" x=LEFT + group * (i as f64 + 0.5) y=H - 6.0 text-anchor="middle">{l}</text>
            }
        })
        .collect_view();
    frame(id, title, H, view! { {grid}{columns}{ticks} })
}

/// A horizontal bar per name, its series stacked.
#[component]
pub fn Bars(id: String, title: String, names: Vec<String>, series: Vec<Series>) -> impl IntoView {
    const ROW: f64 = 28.0;
    const GUTTER: f64 = 300.0;
    let n = names.len();
    let totals: Vec<u32> = (0..n)
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let top = nice_top(totals.iter().copied().max().unwrap_or(0));
    let length = W - GUTTER - 40.0;
    let h = ROW * n.max(1) as f64 + 8.0;
    let rows = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let y = 4.0 + ROW * i as f64;
            let mut x = GUTTER;
            let parts = series
                .iter()
                .map(|s| {
                    let w = scaled(s.values.get(i).copied().unwrap_or(0), top, length);
                    let at = x;
                    x += w;
                    view! { <rect class=s.class x=at y=y + 4.0 width=w height=ROW - 8.0 /> }
                })
                .collect_view();
            view! {
                <text class="chart-axis" x=GUTTER - 8.0 y=y + ROW / 2.0 + 4.0 text-anchor="end">{clipped(&name, 24)}</text>
                {parts}
                <text class="chart-value" x=x + 6.0 y=y + ROW / 2.0 + 4.0>{totals[i]}</text>
            }
        })
        .collect_view();
    frame(id, title, h, rows)
}
