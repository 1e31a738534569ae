//! MIME → per-recipient reports (issue 3).
