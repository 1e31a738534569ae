//! SQLite storage: one writer thread, group commit.
