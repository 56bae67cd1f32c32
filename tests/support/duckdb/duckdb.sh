# Sourced by tests: duckdb_query 'SQL; ...' prints the last statement's rows as CSV through DuckDB's
# Node API (tests/support/duckdb/package-lock.json; npm ci runs there when node_modules is missing).
duckdb_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ ! -d "$duckdb_dir/node_modules/@duckdb/node-api" ]; then
  (cd "$duckdb_dir" && npm ci --no-audit --no-fund > /dev/null 2>&1) || {
    echo "cannot install @duckdb/node-api with npm ci in $duckdb_dir" >&2
    exit 1
  }
fi
duckdb_query() { (cd "$duckdb_dir" && node query.mjs "$1"); }
# delta_check TABLE_DIR 'SELECT-LIST': "log ok" (or the problems) and DuckDB's aggregate over the active files.
delta_check() { (cd "$duckdb_dir" && node delta_check.mjs "$1" "$2"); }
