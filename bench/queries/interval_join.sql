-- Interval join of two streams: each order with its shipments within a minute (state expires by the watermarks).
-- Both files are followed (unbounded streams, as weir_bench_query --stream expects): read as bounded, the
-- join would be a batch join.
CREATE SOURCE orders (id BIGINT, customer BIGINT, amount BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - 5s)
    WITH (connector = 'file', path = '__DATA__/orders.jsonl', format = '__FORMAT__', follow = 'true');
CREATE SOURCE shipments (order_id BIGINT, carrier TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - 2m)
    WITH (connector = 'file', path = '__DATA__/shipments.jsonl', format = '__FORMAT__', follow = 'true');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT o.id, o.customer, o.amount, s.carrier, s.ts AS shipped FROM orders o JOIN shipments s
ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' MINUTE;
