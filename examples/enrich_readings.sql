-- Sensor readings enriched with a device table, averaged per room and minute (issue #14).
-- The device table is bounded (a CSV file); the readings here are a JSON-lines file too, so this
-- run is a batch join that exits at the end of the file. Point `readings` at Kafka, Redis or MQTT
-- and the same query is a lookup join: the device table is read first, then every reading is
-- joined as it arrives and the windows close with the readings' watermark.
-- Run from the repository root: build/weir -f examples/enrich_readings.sql
CREATE SOURCE devices (id BIGINT, room TEXT, floor BIGINT)
WITH (connector = 'file', path = 'examples/data/devices.csv', format = 'csv');

CREATE SOURCE readings (device_id BIGINT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 5s)
WITH (connector = 'file', path = 'examples/data/readings.jsonl', format = 'json');

CREATE SINK room_minutes WITH (connector = 'sqlite', path = 'rooms.db', table = 'room_minutes',
                               mode = 'upsert', key = 'room, window_start');

-- Readings of devices missing from the table (device 7) are dropped by the inner join; a LEFT JOIN
-- would keep them with room NULL.
CREATE JOB enrich AS INSERT INTO room_minutes
SELECT d.room, d.floor, window_start, round(avg(r.temp), 2) AS avg_temp, count(*) AS readings
FROM readings AS r JOIN devices AS d ON r.device_id = d.id
GROUP BY d.room, d.floor, TUMBLE(r.ts, 1m);
