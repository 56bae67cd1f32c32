-- Nexmark q5-style hot items: bids per auction per HOP 2s/10s window (the counts q5 ranks).
CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel TEXT, url TEXT, date_time TIMESTAMP,
                  extra TEXT, WATERMARK FOR date_time AS date_time - 4s)
    WITH (connector = 'file', path = '__DATA__', format = '__FORMAT__');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT auction, window_start, window_end, count(*) AS num FROM bid GROUP BY auction, HOP(date_time, 2s, 10s);
