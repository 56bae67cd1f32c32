-- Built-in generator → PostgreSQL sink in append mode (COPY), no aggregation: the sink's rows/s.
CREATE SOURCE gen (city TEXT, sensor_id TEXT, temp DOUBLE, humidity DOUBLE, ts TIMESTAMP)
    WITH (connector = 'generator', rate = '0', count = '__EVENTS__', keys = '1000', start = '2025-01-15T00:00:00Z');
CREATE SINK pg WITH (connector = 'postgres', url = '__URL__', table = '__TABLE__', mode = 'append',
                     batch_rows = '__BATCH__');
INSERT INTO pg SELECT * FROM gen;
