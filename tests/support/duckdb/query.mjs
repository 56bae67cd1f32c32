// Runs SQL statements in an in-memory DuckDB and prints the last one's rows as CSV (no header), for the
// Parquet tests' independent oracle. Usage: node query.mjs 'SQL; SQL; ...'
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
const statements = process.argv[2].split(';').map((s) => s.trim()).filter((s) => s.length > 0);
let result = null;
for (const statement of statements) result = await connection.runAndReadAll(statement);
for (const row of result.getRowsJson()) {
  console.log(row.map((value) => (value === null ? '' : String(value))).join(','));
}
