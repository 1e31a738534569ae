//! Statements through the connection's cache. The writer runs the same few statements for every
//! message; preparing them each time (`sqlite3RunParser`) showed in the intake profile.

use rusqlite::{Connection, Params, Row};

/// `Connection::execute`, with the statement prepared once per connection.
pub fn exec(conn: &Connection, sql: &str, params: impl Params) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// `Connection::query_row`, with the statement prepared once per connection.
pub fn query_one<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}
