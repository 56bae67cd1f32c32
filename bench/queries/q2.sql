-- Nexmark q2: selection of a few auctions.
CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel TEXT, url TEXT, date_time TIMESTAMP,
                  extra TEXT, WATERMARK FOR date_time AS date_time - 4s)
    WITH (connector = 'file', path = '__DATA__', format = '__FORMAT__');
CREATE SINK hole WITH (connector = 'blackhole');
INSERT INTO hole SELECT auction, price FROM bid WHERE auction % 123 = 0;
