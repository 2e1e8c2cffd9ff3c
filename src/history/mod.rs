//! The review log as learning data (undo applied, read through
//! `store::history`): statistics, fitting FSRS parameters, simulating the
//! work ahead, and review histories from elsewhere.
//!
//! - [`stats`]: the figures of `trialdrill stats`.
//! - [`optimize`]: fitting the learner's own FSRS parameters.
//! - [`simulate`]: the daily work each desired retention would cost.
//! - [`revlog`]: the review-history CSV of the FSRS tools.
//! - [`import`]: turning such a history into review-log records.
//! - [`class`]: a class's exam results, analysed for the instructor.

pub mod class;
pub mod import;
pub mod optimize;
pub mod revlog;
pub mod simulate;
pub mod stats;
