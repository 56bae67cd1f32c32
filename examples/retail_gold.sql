-- The gold table of the retail pipeline: orders ⋈ customers ⋈ products → revenue per category and
-- city per day, upserted into SQLite (issue #14). All three inputs are CSV files, so this is a
-- batch join (the same rows as SQLite would give) and weir exits when the files end.
-- Run from the repository root: build/weir -f examples/retail_gold.sql
CREATE SOURCE orders (order_id BIGINT, customer_id TEXT, product_id BIGINT, quantity BIGINT, ordered_at TIMESTAMP)
WITH (connector = 'file', path = 'examples/data/retail_orders.csv', format = 'csv');

CREATE SOURCE customers (customer_id TEXT, city TEXT)
WITH (connector = 'file', path = 'examples/data/customers.csv', format = 'csv');

CREATE SOURCE products (product_id BIGINT, name TEXT, category TEXT, price DOUBLE)
WITH (connector = 'file', path = 'examples/data/products.csv', format = 'csv');

CREATE SINK revenue_gold WITH (connector = 'sqlite', path = 'gold.db', table = 'revenue_per_category_day',
                               mode = 'upsert', key = 'category, city, day');

-- Orders of an unknown product (999) find no product and are left out, as in SQL.
CREATE JOB gold AS INSERT INTO revenue_gold
WITH sold AS (
    SELECT o.ordered_at, c.city, p.category, o.quantity * p.price AS amount
    FROM orders AS o
    JOIN customers AS c ON o.customer_id = c.customer_id
    JOIN products AS p ON o.product_id = p.product_id
)
SELECT category, city, window_start AS day, count(*) AS orders, round(sum(amount), 2) AS revenue
FROM sold
GROUP BY category, city, TUMBLE(ordered_at, 1d);
