//! A class's results of one exam, analysed for the instructor: how the
//! class did and which questions work (classical item analysis).
//!
//! - [`stats`]: the pure figures (facility, point-biserial, upper-lower
//!   index, KR-20, centre and spread), undefined where they do not exist.
//! - [`report`]: reading result files, refusing those of another exam, and
//!   the analysis.
//! - [`text`]: the report for a terminal.
//! - [`html`]: the report as one self-contained page with inline SVG charts.

pub mod html;
pub mod report;
pub mod stats;
pub mod text;
