-- Arduino PIR sensors → MQTT → weir → one Kafka topic per sensor, and 1-minute motion counts → the lake.
-- Each board publishes {"motion": 1, "ts": "2025-01-15T14:00:05Z"} (or motion 0 when the room is quiet)
-- to sensors/<device>/pir. Kafka gets every reading in topic sensor-<device> (create the topics, or
-- let the brokers auto-create them), keyed by device; each minute's motion count per device lands in
-- a JSON-lines file (point MOTION_PATH at the lake folder, or use the s3 sink with the same query).
-- The MQTT session is persistent (clean_session = 'false', QoS 1): readings published while weir is
-- down wait on the broker and arrive when it is back (README: guarantees).
-- Run: MQTT_URL=mqtt://user:pass@broker:1883 KAFKA_BROKERS=kafka:9092 build/weir -f examples/arduino_bridge.sql
CREATE SOURCE pir (
    device TEXT, motion BIGINT, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - 5s                  -- boards' clocks (NTP) and the network disagree a little
) WITH (connector = 'mqtt', url = '${MQTT_URL:-mqtt://localhost:1883}', topic = 'sensors/+/pir', qos = '1',
        topic_columns = 'sensors/{device}/pir', clean_session = 'false',
        client_id = '${MQTT_CLIENT_ID:-arduino-bridge}', idle_timeout = '1m');

CREATE SINK per_sensor WITH (connector = 'kafka', brokers = '${KAFKA_BROKERS:-localhost:9092}',
                             topic = 'sensor-{device}', key = 'device');

CREATE SINK motion_lake WITH (connector = 'file', path = '${MOTION_PATH:-motion_counts.jsonl}', format = 'json');

CREATE JOB to_kafka AS
INSERT INTO per_sensor SELECT device, motion, ts FROM pir;

CREATE JOB motion_counts AS
INSERT INTO motion_lake
SELECT device, window_start, window_end, sum(motion) AS motions, count(*) AS readings
FROM pir
GROUP BY device, TUMBLE(ts, 1m);
