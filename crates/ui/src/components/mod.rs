//! Reusable components, one per file.

mod column_chart;
mod file_picker;
mod progress;
mod summary;

pub(crate) use column_chart::ColumnChart;
pub(crate) use file_picker::FilePicker;
pub(crate) use progress::ProgressBar;
pub(crate) use summary::Summary;
