-- Lookup join: JSON readings enriched with a 10,000-row CSV device table (read completely first).
CREATE SOURCE devices (id BIGINT, room TEXT, site TEXT) WITH (connector = 'file', path = '__DATA__/devices.csv', format = 'csv');
CREATE SOURCE readings (device_id BIGINT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 5s)
    WITH (connector = 'file', path = '__DATA__/readings.jsonl', format = '__FORMAT__');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT r.device_id, d.room, d.site, r.temp, r.ts FROM readings r JOIN devices d ON r.device_id = d.id;
