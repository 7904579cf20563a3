//! segmint-core's integration tests, one binary: each file is a module (linking 25 test
//! binaries separately cost CI minutes). Run one with `cargo test -p segmint-core --test it MODULE::`.

mod analyses_parallel;
mod basket_labels;
mod basket_props;
mod basket_reference;
mod clean;
mod cluster_columns;
mod cluster_invariants;
mod cluster_methods;
mod cluster_quality;
mod cluster_reference;
mod clv_cdnow;
mod clv_intervals;
mod clv_invariants;
mod clv_optimum;
mod clv_propensity;
mod clv_support;
mod cohort_retention;
mod ingest_fuzz;
mod ingest_fuzz_check;
mod ingest_parallel;
mod ingest_pipeline_props;
mod ingest_reader;
mod ingest_robustness;
mod ingest_sniff;
mod ingest_spectrum;
mod ingest_throughput;
mod lift_reference;
mod no_web_deps;
mod overview_reference;
mod presets;
mod profile_exports;
mod protocol;
mod quality;
mod recommend_reference;
mod rfm_props;
mod rfm_reference;
mod roles;
mod values;
#[cfg(feature = "workbook")]
mod workbook;
