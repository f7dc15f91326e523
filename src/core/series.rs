//! Labelled numeric series: the common shape of "value per period/category" metric results.

use serde::{Deserialize, Serialize};

/// One labelled value, e.g. (`"2024-03"`, revenue of March 2024).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// The category or period label.
    pub label: String,
    /// The value for that label.
    pub value: f64,
}

/// An ordered list of labelled values with a name (used as the legend entry).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// What the values are, e.g. "Revenue".
    pub name: String,
    /// The points in display order.
    pub points: Vec<Point>,
}

impl Series {
    /// A series with a name and no points.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            points: Vec::new(),
        }
    }

    /// Appends a point.
    pub fn push(&mut self, label: impl Into<String>, value: f64) {
        self.points.push(Point {
            label: label.into(),
            value,
        });
    }

    /// True when there is nothing to plot.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The labels, in order.
    pub fn labels(&self) -> Vec<String> {
        self.points.iter().map(|p| p.label.clone()).collect()
    }

    /// The values, in order.
    pub fn values(&self) -> Vec<f64> {
        self.points.iter().map(|p| p.value).collect()
    }
}
