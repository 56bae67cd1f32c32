-- Lookup join: a stream of JSON readings enriched with a 10,000-row CSV device table (read completely first).
-- The readings file is followed (an unbounded stream, as weir_bench_query --stream expects): read as
-- bounded, both inputs would be bounded and the join a batch join.
CREATE SOURCE devices (id BIGINT, room TEXT, site TEXT) WITH (connector = 'file', path = '__DATA__/devices.csv', format = 'csv');
CREATE SOURCE readings (device_id BIGINT, temp DOUBLE, ts TIMESTAMP, WATERMARK FOR ts AS ts - 5s)
    WITH (connector = 'file', path = '__DATA__/readings.jsonl', format = '__FORMAT__', follow = 'true');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT r.device_id, d.room, d.site, r.temp, r.ts FROM readings r JOIN devices d ON r.device_id = d.id;
