//! Reusable components, one per file.

mod activity;
mod chart_figure;
mod column_chart;
mod file_fold;
mod file_picker;
mod mapping;
pub(crate) mod privacy;
mod progress;
mod rules_editor;
mod summary;
mod tabs;

pub(crate) use activity::ActivityBar;
pub(crate) use chart_figure::ChartFigure;
pub(crate) use column_chart::ColumnChart;
pub(crate) use file_fold::FileFold;
pub(crate) use file_picker::FilePicker;
pub(crate) use mapping::{MappingView, Remap};
pub(crate) use privacy::PrivacyPanel;
pub(crate) use progress::ProgressBar;
pub(crate) use rules_editor::RulesEditor;
pub(crate) use summary::Summary;
pub(crate) use tabs::TabList;
