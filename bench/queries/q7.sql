-- Nexmark q7-style highest bid: max price per TUMBLE 10s window.
CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel TEXT, url TEXT, date_time TIMESTAMP,
                  extra TEXT, WATERMARK FOR date_time AS date_time - 4s)
    WITH (connector = 'file', path = '__DATA__', format = '__FORMAT__');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT window_start, window_end, max(price) AS maxprice FROM bid GROUP BY TUMBLE(date_time, 10s);
