-- The weather pipeline (bench/queries/weather.sql) reading a Redis stream through a new consumer group to its end.
CREATE SOURCE weather (city TEXT, sensor_id TEXT, temp DOUBLE, humidity DOUBLE, pm25 DOUBLE, ts TIMESTAMP,
                       WATERMARK FOR ts AS ts - 10s)
    WITH (connector = 'redis', url = '__URL__', stream = '__STREAM__', group = '__GROUP__', start = '0',
          stop = 'latest', format = 'json', batch = '__BATCH__', batch_size = '__BATCH__');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT city, window_start, window_end, avg(temp) AS avg_temp, max(pm25) AS max_pm25, count(*) AS n
FROM weather GROUP BY city, HOP(ts, 1m, 5m);
