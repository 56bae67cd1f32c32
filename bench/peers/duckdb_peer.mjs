// DuckDB peer of bench/run.sh: runs one benchmark query as a bounded batch query over the same file.
// Usage: node duckdb_peer.mjs QUERY DATA FORMAT THREADS — prints "rows_out cpu_seconds wall_seconds peak_rss_mb".
// CPU time is this process's (every DuckDB thread included), measured around the query only.
import { DuckDBInstance } from '@duckdb/node-api';

const [query, data, format, threads] = process.argv.slice(2);

const bidColumns = "{auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', channel: 'VARCHAR', url: 'VARCHAR', " +
  "date_time: 'TIMESTAMP', extra: 'VARCHAR'}";
const weatherColumns = "{city: 'VARCHAR', sensor_id: 'VARCHAR', temp: 'DOUBLE', humidity: 'DOUBLE', pm25: 'DOUBLE', " +
  "ts: 'TIMESTAMP'}";
const reader = (columns) => format === 'csv'
  ? `read_csv('${data}', header = true, columns = ${columns}, timestampformat = '%Y-%m-%dT%H:%M:%S.%gZ')`
  : `read_json('${data}', format = 'newline_delimited', columns = ${columns})`;
const bid = reader(bidColumns);
// The join queries read DATA as the directory of `weir_datagen joins` (JSON lines and devices.csv).
const json = (file, columns) => `read_json('${data}/${file}', format = 'newline_delimited', columns = ${columns})`;
const devices = `read_csv('${data}/devices.csv', header = true, columns = {id: 'BIGINT', room: 'VARCHAR', site: 'VARCHAR'})`;
const readings = json('readings.jsonl', "{device_id: 'BIGINT', temp: 'DOUBLE', ts: 'TIMESTAMP'}");
const orders = json('orders.jsonl', "{id: 'BIGINT', customer: 'BIGINT', amount: 'BIGINT', ts: 'TIMESTAMP'}");
const shipments = json('shipments.jsonl', "{order_id: 'BIGINT', carrier: 'VARCHAR', ts: 'TIMESTAMP'}");

// Window starts as epoch microseconds: TUMBLE = floor(t / size) * size; HOP = each of the size/slide
// windows of length size starting at a multiple of slide that holds t.
const us = (column) => `epoch_us(${column})`;
const tumble = (column, size) => `(${us(column)} // ${size}) * ${size}`;
const hop = (column, slide) => `(${us(column)} // ${slide}) * ${slide} - k * ${slide}`;

const queries = {
  q0: `SELECT auction, bidder, price, date_time, extra FROM ${bid}`,
  q1: `SELECT auction, bidder, 0.908 * price AS price, date_time, extra FROM ${bid}`,
  q2: `SELECT auction, price FROM ${bid} WHERE auction % 123 = 0`,
  q5: `SELECT auction, ${hop('date_time', 2000000)} AS window_start, count(*) AS num
       FROM ${bid}, range(5) AS panes(k) GROUP BY ALL`,
  q7: `SELECT ${tumble('date_time', 10000000)} AS window_start, max(price) AS maxprice FROM ${bid} GROUP BY ALL`,
  q12: `SELECT bidder, ${tumble('date_time', 10000000)} AS window_start, count(*) AS bid_count
        FROM ${bid} GROUP BY ALL`,
  weather: `SELECT city, ${hop('ts', 60000000)} AS window_start, avg(temp) AS avg_temp, max(pm25) AS max_pm25,
            count(*) AS n FROM ${reader(weatherColumns)}, range(5) AS panes(k) GROUP BY ALL`,
  lookup_join: `SELECT r.device_id, d.room, d.site, r.temp, r.ts FROM ${readings} r JOIN ${devices} d ON r.device_id = d.id`,
  interval_join: `SELECT o.id, o.customer, o.amount, s.carrier, s.ts AS shipped FROM ${orders} o JOIN ${shipments} s
                  ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL 1 MINUTE`,
};
if (!(query in queries)) {
  console.error(`duckdb_peer: no query ${query}`);
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
const cpuBefore = process.cpuUsage();
const start = process.hrtime.bigint();
// Materialized into a table: the peer of weir's blackhole sink (every result row is produced).
await connection.run(`CREATE TABLE result AS ${queries[query]}`);
const wall = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const count = await connection.runAndReadAll('SELECT count(*) FROM result');
const rows = count.getRows()[0][0];
const peak = process.resourceUsage().maxRSS / 1024;
console.log(`${rows} ${((cpu.user + cpu.system) / 1e6).toFixed(4)} ${wall.toFixed(4)} ${peak.toFixed(1)}`);
