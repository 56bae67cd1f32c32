-- In-memory generator path (no parsing): TUMBLE 10s average per city over the built-in sensor generator.
CREATE SOURCE readings (city TEXT, temp DOUBLE, ts TIMESTAMP)
    WITH (connector = 'generator', rate = '0', count = '__EVENTS__', keys = '1000', interval = '1ms',
          start = '2025-01-15T00:00:00Z');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT city, window_start, window_end, avg(temp) AS avg_temp, count(*) AS n
FROM readings GROUP BY city, TUMBLE(ts, 10s);
