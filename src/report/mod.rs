//! The Report Form's bundle (`report.html`, under `/report`): the form
//! with its four photos, and the case status page. Its own bundle, so that
//! the camera and photo code cost only the people who need it.

pub mod form;
pub mod slots;
pub mod status;
