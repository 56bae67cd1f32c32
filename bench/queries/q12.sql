-- Nexmark q12-style: bids per bidder per TUMBLE 10s window (event time instead of processing time).
CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel TEXT, url TEXT, date_time TIMESTAMP,
                  extra TEXT, WATERMARK FOR date_time AS date_time - 4s)
    WITH (connector = 'file', path = '__DATA__', format = '__FORMAT__');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT bidder, window_start, window_end, count(*) AS bid_count FROM bid GROUP BY bidder, TUMBLE(date_time, 10s);
