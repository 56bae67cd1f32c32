-- Nexmark q0: pass-through of the bid stream.
CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel TEXT, url TEXT, date_time TIMESTAMP,
                  extra TEXT, WATERMARK FOR date_time AS date_time - 4s)
    WITH (connector = 'file', path = '__DATA__', format = '__FORMAT__');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT auction, bidder, price, date_time, extra FROM bid;
