-- weir serve demo: simulated city sensors and a memory source fed over HTTP, watched on the dashboard.
-- Run from the repository root: build/weir serve -f examples/serve_demo.sql, then open http://127.0.0.1:8080/
-- and push readings: curl -X POST localhost:8080/ingest/readings --data '{"city":"Oslo","temp":3.5,"ts":"2025-01-15T14:00:10Z"}'
-- Event time of the generator runs 10x faster than the wall clock, so a 10-second window closes every second.
CREATE SOURCE sensors (
    city TEXT, temp DOUBLE, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - 2s
) WITH (connector = 'generator', rate = '1000', keys = '5', speed = '10', jitter = '1s', seed = '42');

CREATE SOURCE readings (
    city TEXT, temp DOUBLE, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - 10s
) WITH (connector = 'memory');

CREATE SINK sensor_averages WITH (connector = 'sqlite', path = 'serve_demo.db', table = 'sensor_averages',
                                  mode = 'upsert', key = 'city, window_start');
CREATE SINK reading_averages WITH (connector = 'sqlite', path = 'serve_demo.db', table = 'reading_averages',
                                   mode = 'upsert', key = 'city, window_start');

CREATE JOB sensors_10s AS INSERT INTO sensor_averages
SELECT city, window_start, window_end, avg(temp) AS avg_temp, count(*) AS readings
FROM sensors
GROUP BY city, TUMBLE(ts, 10s);

CREATE JOB readings_1m AS INSERT INTO reading_averages
SELECT city, window_start, window_end, avg(temp) AS avg_temp, count(*) AS readings
FROM readings
GROUP BY city, TUMBLE(ts, 1m);
