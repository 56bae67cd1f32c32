-- Quickstart: simulated city sensors → 10-second windows per city → this terminal and a SQLite file.
-- Run from the repository root: build/weir -f examples/quickstart.sql
-- Event time runs 10x faster than the wall clock, so a 10-second window closes every second.
CREATE SOURCE sensors (
    city TEXT, sensor_id TEXT, temp DOUBLE, humidity DOUBLE, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - 2s
) WITH (connector = 'generator', rate = '2000', count = '16000', keys = '5', speed = '10',
        jitter = '1s', seed = '42', start = '2025-01-15 14:00:00');

-- Every window result also goes into quickstart.db (table city_averages), upserted by key.
CREATE SINK city_averages WITH (connector = 'sqlite', path = 'quickstart.db', table = 'city_averages',
                                mode = 'upsert', key = 'city, window_start');

INSERT INTO city_averages
SELECT city, window_start, window_end, avg(temp) AS avg_temp, count(*) AS readings
FROM sensors
GROUP BY city, TUMBLE(ts, 10s);

-- The same windows, shown here as each one closes.
SELECT city, window_start, round(avg(temp), 2) AS avg_temp, round(min(temp), 1) AS min_temp,
       round(max(temp), 1) AS max_temp, count(*) AS readings
FROM sensors
GROUP BY city, TUMBLE(ts, 10s);
