-- The weather pipeline (bench/queries/weather.sql: HOP 1m/5m avg/max/count per city) reading a Kafka source to its end.
CREATE SOURCE weather (city TEXT, sensor_id TEXT, temp DOUBLE, humidity DOUBLE, pm25 DOUBLE, ts TIMESTAMP,
                       WATERMARK FOR ts AS ts - 10s)
    WITH (connector = 'kafka', brokers = '__BROKERS__', topic = '__TOPICS__', stop = 'latest', format = 'json');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT city, window_start, window_end, avg(temp) AS avg_temp, max(pm25) AS max_pm25, count(*) AS n
FROM weather GROUP BY city, HOP(ts, 1m, 5m);
