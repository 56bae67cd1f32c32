-- Built-in generator → S3 sink (JSON lines objects of roll_rows rows each): the sink's objects/s and MB/s.
CREATE SOURCE gen (city TEXT, sensor_id TEXT, temp DOUBLE, humidity DOUBLE, ts TIMESTAMP)
    WITH (connector = 'generator', rate = '0', count = '__EVENTS__', keys = '1000', start = '2025-01-15T00:00:00Z');
CREATE SINK objects WITH (connector = 's3', endpoint = '__ENDPOINT__', bucket = '__BUCKET__', prefix = '__PREFIX__',
                          access_key = '__ACCESS_KEY__', secret_key = '__SECRET_KEY__', format = 'json',
                          roll_rows = '__ROLL__');
INSERT INTO objects SELECT * FROM gen;
