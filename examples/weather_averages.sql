-- The weather pipeline users run on Spark today: 5-minute averages per city, updated every minute
-- (HOP 1m / 5m), a 10-minute watermark for late readings, results upserted into a table for
-- dashboards (table weather_rt in weather.db; the PostgreSQL sink takes the same statement).
-- Run from the repository root: build/weir -f examples/weather_averages.sql
CREATE SOURCE weather (
    city TEXT, temp DOUBLE, humidity DOUBLE, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - 10m
) WITH (connector = 'file', path = 'examples/data/weather.jsonl', format = 'json');

CREATE SINK weather_rt WITH (connector = 'sqlite', path = 'weather.db', table = 'weather_rt',
                             mode = 'upsert', key = 'city, window_start');

INSERT INTO weather_rt
SELECT city, window_start, window_end, round(avg(temp), 2) AS avg_temp,
       round(avg(humidity), 1) AS avg_humidity, count(*) AS readings
FROM weather
WHERE temp BETWEEN -60 AND 60
GROUP BY city, HOP(ts, 1m, 5m);
