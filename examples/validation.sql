-- Validation: keep good readings, count bad ones instead of letting them vanish.
-- Malformed records (bad JSON, wrong types, missing event time) are skipped, counted and reported
-- on stderr with file:line; out-of-range readings are kept aside in their own file.
-- Run from the repository root: build/weir -f examples/validation.sql
CREATE SOURCE readings (
    city TEXT, temp DOUBLE, humidity DOUBLE, ts TIMESTAMP
) WITH (connector = 'file', path = 'examples/data/weather.jsonl', format = 'json');

-- mode = 'overwrite': each run rewrites the two files (the default, 'append', keeps earlier runs' rows).
CREATE SINK good_readings WITH (connector = 'file', path = 'good_readings.jsonl', format = 'json',
                                mode = 'overwrite');
CREATE SINK suspicious_readings WITH (connector = 'file', path = 'suspicious_readings.jsonl', format = 'json',
                                      mode = 'overwrite');

INSERT INTO good_readings
SELECT city, temp, humidity, ts FROM readings
WHERE temp BETWEEN -60 AND 60 AND humidity IS NOT NULL;

INSERT INTO suspicious_readings
SELECT city, temp, humidity, ts,
       CASE WHEN temp IS NULL THEN 'missing temp' WHEN humidity IS NULL THEN 'missing humidity'
            ELSE 'temp out of range' END AS reason
FROM readings
WHERE temp IS NULL OR humidity IS NULL OR temp NOT BETWEEN -60 AND 60;

-- How many readings of each kind (the counts of malformed records are printed on stderr).
SELECT count(*) AS readings, count(temp) AS with_temp,
       sum(CASE WHEN temp BETWEEN -60 AND 60 THEN 1 ELSE 0 END) AS good
FROM readings;
