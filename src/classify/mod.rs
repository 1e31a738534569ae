//! Status and text → reason and category (issue 3).
