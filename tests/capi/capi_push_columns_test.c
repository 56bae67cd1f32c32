/* The C API from C: weir_push_columns (rows given column by column, as the Python binding pushes a DataFrame). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "weir.h"

/* 2025-01-15T14:00:00Z in microseconds: 2025-01-01 is 1735689600 s, plus 14 days and 14 hours. */
#define T14 ((1735689600LL + 14 * 86400 + 14 * 3600) * 1000000LL)

static weir_db *open_with(const char *sql) {
    weir_db *db = NULL;
    CHECK_INT(weir_open(NULL, &db), WEIR_OK);
    CHECK_INT(weir_exec(db, sql), WEIR_OK);
    return db;
}

static weir_push_column column(const char *name, int type, const void *values, const unsigned char *nulls) {
    weir_push_column c;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.type = type;
    c.values = values;
    c.nulls = nulls;
    return c;
}

/* Every type and NULL in every way it can be said (mask, NaN, negative code), read back row by row. */
static void test_every_type_and_null(void) {
    weir_db *db = open_with("CREATE SOURCE s (b BOOLEAN, i BIGINT, d DOUBLE, t TEXT, ts TIMESTAMP, iv INTERVAL) "
                            "WITH (connector = 'memory');");
    unsigned char b[3] = {1, 0, 1}, b_nulls[3] = {0, 0, 1};
    long long i[3] = {-7, 9007199254740993LL, 5};
    unsigned char i_nulls[3] = {0, 0, 1};
    double d[3] = {2.5, NAN, -0.125};
    const char text[] = "Oslo\"q\"\nZ\xc3\xb8rich"; /* 0 = Oslo, 1 = "q" and a newline, 2 = Zürich */
    long long offsets[4] = {0, 4, 8, 15};
    long long codes[3] = {2, -1, 0};
    long long ts[3] = {T14 + 10000000LL, T14 + 123456LL, 0};
    unsigned char ts_nulls[3] = {0, 0, 1};
    long long iv[3] = {300000000LL, 1500LL, 0};
    weir_push_column columns[6];
    weir_stmt *stmt = NULL;
    columns[0] = column("B", WEIR_BOOLEAN, b, b_nulls); /* names ignore case, as JSON keys do */
    columns[1] = column("i", WEIR_BIGINT, i, i_nulls);
    columns[2] = column("d", WEIR_DOUBLE, d, NULL);
    columns[3] = column("t", WEIR_TEXT, codes, NULL);
    columns[3].text = text;
    columns[3].text_offsets = offsets;
    columns[3].text_count = 3;
    columns[4] = column("ts", WEIR_TIMESTAMP, ts, ts_nulls);
    columns[5] = column("iv", WEIR_INTERVAL, iv, NULL);
    CHECK_INT(weir_prepare(db, "SELECT b, i, d, t, ts, iv FROM s;", &stmt), WEIR_OK);
    CHECK_INT(weir_push_columns(db, "s", columns, 6, 3), WEIR_OK);
    CHECK_INT(weir_source_end(db, "s"), WEIR_OK);

    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_int64(stmt, 0), 1);
    CHECK_INT(weir_column_int64(stmt, 1), -7);
    CHECK(weir_column_double(stmt, 2) == 2.5);
    CHECK_INT(weir_column_bytes(stmt, 3), 7);
    CHECK(memcmp(weir_column_text(stmt, 3), "Z\xc3\xb8rich", 7) == 0);
    CHECK_INT(weir_column_int64(stmt, 4), T14 + 10000000LL);
    CHECK_INT(weir_column_int64(stmt, 5), 300000000LL);

    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_is_null(stmt, 0), 0);
    CHECK_INT(weir_column_int64(stmt, 0), 0);
    CHECK_INT(weir_column_int64(stmt, 1), 9007199254740993LL); /* beyond a double's 53 bits: not via a double */
    CHECK_INT(weir_column_is_null(stmt, 2), 1);                /* NaN is NULL */
    CHECK_INT(weir_column_is_null(stmt, 3), 1);                /* negative code */
    CHECK_INT(weir_column_int64(stmt, 4), T14 + 123456LL);     /* microseconds kept */
    CHECK_INT(weir_column_int64(stmt, 5), 1500LL);

    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_is_null(stmt, 0), 1);
    CHECK_INT(weir_column_is_null(stmt, 1), 1);
    CHECK(weir_column_double(stmt, 2) == -0.125);
    CHECK_STR(weir_column_text(stmt, 3), "Oslo");
    CHECK_INT(weir_column_is_null(stmt, 4), 1);
    CHECK_INT(weir_step(stmt, 10000), WEIR_DONE);
    weir_finalize(stmt);
    weir_close(db);
}

/* A string holding a quote, a newline and a NUL byte arrives whole (the JSON escaping is invisible). */
static void test_text_escapes_and_nul(void) {
    weir_db *db = open_with("CREATE SOURCE s (t TEXT) WITH (connector = 'memory');");
    const char text[] = "a\"b\\c\nd\0e";
    long long offsets[2] = {0, 9};
    long long codes[1] = {0};
    weir_push_column c = column("t", WEIR_TEXT, codes, NULL);
    weir_stmt *stmt = NULL;
    c.text = text;
    c.text_offsets = offsets;
    c.text_count = 1;
    CHECK_INT(weir_push_columns(db, "s", &c, 1, 1), WEIR_OK);
    CHECK_INT(weir_source_end(db, "s"), WEIR_OK);
    CHECK_INT(weir_prepare(db, "SELECT t, length(t) FROM s;", &stmt), WEIR_OK);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_bytes(stmt, 0), 9);
    CHECK(memcmp(weir_column_text(stmt, 0), "a\"b\\c\nd\0e", 9) == 0);
    CHECK_INT(weir_column_int64(stmt, 1), 9);
    CHECK_INT(weir_step(stmt, 10000), WEIR_DONE);
    weir_finalize(stmt);
    weir_close(db);
}

/* 100,000 rows through a TUMBLE: per key k (0..3) and minute m (0..9) the sum of v is known in closed form. */
static void test_many_rows_through_a_window(void) {
    enum { N = 100000 };
    weir_db *db = open_with("CREATE SOURCE s (k TEXT, v BIGINT, ts TIMESTAMP) WITH (connector = 'memory');");
    long long *codes = malloc(N * sizeof(long long)), *v = malloc(N * sizeof(long long)),
              *ts = malloc(N * sizeof(long long));
    const char text[] = "k0k1k2k3";
    long long offsets[5] = {0, 2, 4, 6, 8};
    weir_push_column columns[3];
    weir_stmt *stmt = NULL;
    long long rows = 0, total = 0;
    int n;
    for (n = 0; n < N; n++) {
        codes[n] = n % 4;
        v[n] = n;
        ts[n] = T14 + (long long)(n / (N / 10)) * 60000000LL; /* 10,000 rows per minute */
    }
    columns[0] = column("k", WEIR_TEXT, codes, NULL);
    columns[0].text = text;
    columns[0].text_offsets = offsets;
    columns[0].text_count = 4;
    columns[1] = column("v", WEIR_BIGINT, v, NULL);
    columns[2] = column("ts", WEIR_TIMESTAMP, ts, NULL);
    CHECK_INT(weir_prepare(db, "SELECT k, window_start, sum(v) AS s, count(*) AS c FROM s "
                               "GROUP BY k, TUMBLE(ts, 1m) ORDER BY window_start, k;", &stmt), WEIR_OK);
    CHECK_INT(weir_push_columns(db, "s", columns, 3, N), WEIR_OK);
    CHECK_INT(weir_source_end(db, "s"), WEIR_OK);
    while (weir_step(stmt, 10000) == WEIR_ROW) {
        /* minute m, key k: n = 10000 m + k + 4 j for j = 0..2499: sum = 2500 (10000 m + k) + 4 * 2499 * 2500 / 2 */
        long long m = rows / 4, k = rows % 4;
        char key[3] = {'k', (char)('0' + k), 0};
        CHECK_STR(weir_column_text(stmt, 0), key);
        CHECK_INT(weir_column_int64(stmt, 1), T14 + m * 60000000LL);
        CHECK_INT(weir_column_int64(stmt, 2), 2500LL * (10000 * m + k) + 4LL * 2499 * 2500 / 2);
        CHECK_INT(weir_column_int64(stmt, 3), 2500);
        total += weir_column_int64(stmt, 3);
        rows++;
    }
    CHECK_INT(rows, 40);
    CHECK_INT(total, N);
    weir_finalize(stmt);
    weir_close(db);
    free(codes);
    free(v);
    free(ts);
}

/* Rows that do not convert are malformed (counted), as with weir_push_json; bad arguments are misuse with a sentence. */
static void test_malformed_rows_and_misuse(void) {
    weir_db *db = open_with("CREATE SOURCE s (v BIGINT, ts TIMESTAMP) WITH (connector = 'memory');"
                            "CREATE SOURCE f (ts TIMESTAMP) WITH (connector = 'generator', count = '1');");
    long long v[2] = {1, 2};
    double ts[2] = {1.5, 2.5}; /* a number where an ISO-8601 TIMESTAMP is declared: malformed */
    long long codes[2] = {0, 3};
    long long offsets[2] = {0, 1};
    weir_push_column columns[2];
    weir_metrics metrics;
    weir_stmt *stmt = NULL;
    columns[0] = column("v", WEIR_BIGINT, v, NULL);
    columns[1] = column("ts", WEIR_DOUBLE, ts, NULL);
    CHECK_INT(weir_prepare(db, "SELECT v, ts FROM s;", &stmt), WEIR_OK); /* reads ts, so checks it */
    CHECK_INT(weir_push_columns(db, "s", columns, 1, 2), WEIR_OK);
    CHECK_INT(weir_push_columns(db, "s", columns, 2, 2), WEIR_OK);
    CHECK_INT(weir_source_end(db, "s"), WEIR_OK);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_int64(stmt, 0), 1);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_int64(stmt, 0), 2);
    CHECK_INT(weir_step(stmt, 10000), WEIR_DONE);
    CHECK_INT(weir_stmt_metrics(stmt, &metrics), WEIR_OK);
    CHECK_INT(metrics.bad_records, 2);
    weir_finalize(stmt);

    columns[0].type = 42;
    CHECK_INT(weir_push_columns(db, "s", columns, 1, 2), WEIR_MISUSE);
    CHECK_STR(weir_errmsg(db), "pushed column `v` has unknown type 42.");
    columns[0] = column("k", WEIR_TEXT, codes, NULL);
    columns[0].text = "a";
    columns[0].text_offsets = offsets;
    columns[0].text_count = 1;
    CHECK_INT(weir_push_columns(db, "s", columns, 1, 2), WEIR_MISUSE);
    CHECK_STR(weir_errmsg(db), "pushed column `k` has code 3 at row 1, but only 1 strings.");
    columns[0] = column("v", WEIR_BIGINT, NULL, NULL);
    CHECK_INT(weir_push_columns(db, "s", columns, 1, 2), WEIR_MISUSE);
    CHECK_STR(weir_errmsg(db), "pushed column `v` has no values array.");
    columns[0] = column("v", WEIR_BIGINT, v, NULL);
    CHECK_INT(weir_push_columns(db, "s", columns, 1, 2), WEIR_MISUSE); /* ended */
    CHECK_CONTAINS(weir_errmsg(db), "after its end was signalled");
    CHECK_INT(weir_push_columns(db, "nope", columns, 1, 2), WEIR_ERROR);
    CHECK_STR(weir_errmsg(db), "no source named `nope`");
    CHECK_INT(weir_push_columns(db, "f", columns, 1, 2), WEIR_MISUSE);
    CHECK_CONTAINS(weir_errmsg(db), "only sources with connector = 'memory' accept pushed rows");
    CHECK_INT(weir_push_columns(NULL, "s", columns, 1, 2), WEIR_MISUSE);
    CHECK_INT(weir_push_columns(db, NULL, columns, 1, 2), WEIR_MISUSE);
    CHECK_INT(weir_push_columns(db, "s", NULL, 1, 2), WEIR_MISUSE);
    weir_close(db);
}

int main(void) {
    RUN(test_every_type_and_null);
    RUN(test_text_escapes_and_nul);
    RUN(test_many_rows_through_a_window);
    RUN(test_malformed_rows_and_misuse);
    return check_failures == 0 ? 0 : 1;
}
