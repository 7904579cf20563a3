//! Reusable components, one per file.

mod chart_figure;
mod column_chart;
mod file_picker;
mod mapping;
mod progress;
mod summary;
mod tabs;

pub(crate) use chart_figure::ChartFigure;
pub(crate) use column_chart::ColumnChart;
pub(crate) use file_picker::FilePicker;
pub(crate) use mapping::MappingView;
pub(crate) use progress::ProgressBar;
pub(crate) use summary::Summary;
pub(crate) use tabs::TabList;
