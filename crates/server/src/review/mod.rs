//! The staff's work beyond one request: a decision checked once for the
//! console and the command line, the register and its statistics sheet.

pub mod decision;
pub mod register;
pub mod statistics_sheet;
