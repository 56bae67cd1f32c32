-- A batch "gold" table from a bounded CSV: sales per department per day, written to SQLite.
-- A bounded run of a streaming query gives the batch answer and exits when the file ends.
-- Run from the repository root: build/weir -f examples/gold_sales.sql
CREATE SOURCE orders (
    order_id BIGINT, customer TEXT, department TEXT, amount DOUBLE, ordered_at TIMESTAMP
) WITH (connector = 'file', path = 'examples/data/orders.csv', format = 'csv');

CREATE SINK sales_gold WITH (connector = 'sqlite', path = 'gold.db', table = 'sales_per_department_day',
                             mode = 'upsert', key = 'department, day');

INSERT INTO sales_gold
SELECT department, window_start AS day, count(*) AS orders, round(sum(amount), 2) AS revenue,
       round(avg(amount), 2) AS avg_order, count(DISTINCT customer) AS customers
FROM orders
GROUP BY department, TUMBLE(ordered_at, 1d);
