// Replays a Delta table's _delta_log (JSON commits 0..n in order, as the Delta protocol defines) and
// checks its actions: version 0 starts with protocol and metaData, versions are contiguous, every add
// names an existing file once, txn versions of an appId only grow. Prints one line of findings, then
// DuckDB's aggregate over the active files. Usage: node delta_check.mjs TABLE_DIR 'SELECT-LIST'
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [table, selectList] = process.argv.slice(2);
const names = readdirSync(`${table}/_delta_log`).filter((n) => /^\d{20}\.json$/.test(n)).sort();
const problems = [];
const active = new Set();
const txn = new Map();
let protocol = null;
let metaData = null;
names.forEach((name, index) => {
  if (Number(name.slice(0, 20)) !== index) problems.push(`version ${index} missing`);
  for (const line of readFileSync(`${table}/_delta_log/${name}`, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const action = JSON.parse(line);
    if (action.protocol) protocol = action.protocol;
    if (action.metaData) metaData = action.metaData;
    if ((action.add || action.txn) && index === 0 && (!protocol || !metaData)) problems.push('adds before protocol/metaData');
    if (action.add) {
      if (active.has(action.add.path)) problems.push(`${action.add.path} added twice`);
      if (!existsSync(`${table}/${action.add.path}`)) problems.push(`${action.add.path} does not exist`);
      active.add(action.add.path);
    }
    if (action.remove) active.delete(action.remove.path);
    if (action.txn) {
      const last = txn.get(action.txn.appId);
      if (last !== undefined && action.txn.version <= last) problems.push(`txn ${action.txn.version} after ${last}`);
      txn.set(action.txn.appId, action.txn.version);
    }
  }
});
if (!protocol || protocol.minReaderVersion !== 1 || protocol.minWriterVersion !== 2) problems.push('no protocol 1/2');
if (!metaData || metaData.format.provider !== 'parquet') problems.push('no parquet metaData');
console.log(problems.length === 0 ? 'log ok' : `log problems: ${problems.join('; ')}`);
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
const files = [...active].map((path) => `'${table}/${path}'`).join(', ');
const result = await connection.runAndReadAll(`SELECT ${selectList} FROM read_parquet([${files}])`);
for (const row of result.getRowsJson()) console.log(row.map((v) => (v === null ? '' : String(v))).join(','));
