/* The C API from C: reading rows, batches and callback rows, metrics, and malformed-record notices. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static int push(weir_db *db, const char *source, const char *lines) {
    return weir_push_json(db, source, lines, strlen(lines));
}

static void test_every_type_row_by_row(void) {
    weir_db *db = open_with("CREATE SOURCE s (b BOOLEAN, i BIGINT, d DOUBLE, t TEXT, ts TIMESTAMP) "
                            "WITH (connector = 'memory');");
    weir_stmt *stmt = NULL;
    CHECK_INT(push(db, "s", "{\"b\":true,\"i\":-7,\"d\":2.5,\"t\":\"Oslo\",\"ts\":\"2025-01-15T14:00:10Z\"}\n"
                            "{\"b\":false,\"i\":null,\"t\":\"\"}\n"),
              WEIR_OK);
    CHECK_INT(weir_source_end(db, "s"), WEIR_OK);
    CHECK_INT(weir_prepare(db, "SELECT b, i, d, t, ts, i * 2 AS twice FROM s;", &stmt), WEIR_OK);
    CHECK_INT(weir_column_count(stmt), 6);
    CHECK_INT(weir_column_type(stmt, 0), WEIR_BOOLEAN);
    CHECK_INT(weir_column_type(stmt, 1), WEIR_BIGINT);
    CHECK_INT(weir_column_type(stmt, 2), WEIR_DOUBLE);
    CHECK_INT(weir_column_type(stmt, 3), WEIR_TEXT);
    CHECK_INT(weir_column_type(stmt, 4), WEIR_TIMESTAMP);
    CHECK_STR(weir_column_name(stmt, 5), "twice");
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_int64(stmt, 0), 1);
    CHECK_STR(weir_column_text(stmt, 0), "true");
    CHECK_INT(weir_column_int64(stmt, 1), -7);
    CHECK(weir_column_double(stmt, 1) == -7.0);
    CHECK(weir_column_double(stmt, 2) == 2.5);
    CHECK_STR(weir_column_text(stmt, 3), "Oslo");
    CHECK_INT(weir_column_int64(stmt, 4), T14 + 10000000LL);
    CHECK_STR(weir_column_text(stmt, 4), "2025-01-15 14:00:10");
    CHECK_INT(weir_column_int64(stmt, 5), -14);
    CHECK_INT(weir_column_is_null(stmt, 1), 0);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_int64(stmt, 0), 0);
    CHECK_INT(weir_column_is_null(stmt, 1), 1);
    CHECK_INT(weir_column_int64(stmt, 1), 0);
    CHECK(weir_column_text(stmt, 1) == NULL);
    CHECK_INT(weir_column_is_null(stmt, 2), 1);
    CHECK_STR(weir_column_text(stmt, 3), "");
    CHECK_INT(weir_column_is_null(stmt, 4), 1);
    CHECK_INT(weir_column_is_null(stmt, 5), 1);
    CHECK_INT(weir_step(stmt, 10000), WEIR_DONE);
    weir_finalize(stmt);
    weir_close(db);
}

/* 5000 rows v = 0..4999, d = v / 2, t = "r<v>" except every tenth row, whose t is null. */
static void push_numbered_rows(weir_db *db, const char *source) {
    char *lines = malloc(5000 * 64);
    size_t used = 0;
    int v;
    for (v = 0; v < 5000; v++) {
        if (v % 10 == 0) used += (size_t)sprintf(lines + used, "{\"v\":%d,\"d\":%d.5}\n", v, v / 2);
        else used += (size_t)sprintf(lines + used, "{\"v\":%d,\"d\":%d.5,\"t\":\"r%d\"}\n", v, v / 2, v);
    }
    CHECK_INT(weir_push_json(db, source, lines, used), WEIR_OK);
    free(lines);
}

static void test_batches(void) {
    weir_db *db = open_with("CREATE SOURCE s (v BIGINT, d DOUBLE, t TEXT) WITH (connector = 'memory');");
    weir_stmt *stmt = NULL;
    weir_batch *batch = NULL;
    long long rows = 0, sum_v = 0, nulls = 0, batches = 0;
    double sum_d = 0;
    int rc, seen_row_1001 = 0;
    CHECK_INT(weir_prepare(db, "SELECT v, d, t FROM s WHERE v >= 1000;", &stmt), WEIR_OK);
    /* Nothing pushed yet: a zero timeout says so and hands out no batch. */
    CHECK_INT(weir_step_batch(stmt, 0, &batch), WEIR_TIMEOUT);
    CHECK(batch == NULL);
    push_numbered_rows(db, "s");
    CHECK_INT(weir_source_end(db, "s"), WEIR_OK);
    while ((rc = weir_step_batch(stmt, 10000, &batch)) == WEIR_ROW) {
        int n = weir_batch_row_count(batch), r;
        const long long *v = weir_batch_column_int64s(batch, 0);
        const double *d = weir_batch_column_doubles(batch, 1);
        batches++;
        CHECK(n >= 1);
        CHECK_INT(weir_batch_column_count(batch), 3);
        CHECK(v != NULL && d != NULL);
        if (!v || !d) break;
        /* Typed access only: v has no double array, d no integer array, t neither. */
        CHECK(weir_batch_column_doubles(batch, 0) == NULL);
        CHECK(weir_batch_column_int64s(batch, 1) == NULL);
        CHECK(weir_batch_column_int64s(batch, 2) == NULL);
        CHECK(weir_batch_column_int64s(batch, 3) == NULL);
        CHECK(weir_batch_column_int64s(batch, -1) == NULL);
        CHECK(weir_batch_column_text(batch, 0, n) == NULL);
        CHECK_INT(weir_batch_is_null(batch, 0, n), 1);
        for (r = 0; r < n; r++) {
            const char *t = weir_batch_column_text(batch, 2, r);
            sum_v += v[r];
            sum_d += d[r];
            if (weir_batch_is_null(batch, 2, r)) {
                nulls++;
                CHECK(t == NULL);
                CHECK_INT(v[r] % 10, 0);
            } else if (v[r] == 1001) {
                seen_row_1001 = 1;
                CHECK_STR(t, "r1001");
                CHECK_STR(weir_batch_column_text(batch, 0, r), "1001");
                CHECK_STR(weir_batch_column_text(batch, 1, r), "500.5");
            }
        }
        rows += n;
    }
    CHECK_INT(rc, WEIR_DONE);
    CHECK(batch == NULL);
    CHECK_INT(weir_step_batch(stmt, 0, &batch), WEIR_DONE);
    CHECK_INT(rows, 4000);
    CHECK(batches >= 1 && batches <= 4000);
    /* 1000 + ... + 4999 = 4000 * 5999 / 2. */
    CHECK_INT(sum_v, 11998000LL);
    /* d = floor(v / 2) + 0.5: each pair (2k, 2k+1) gives 2k + 1, k = 500..2499, so 2 * sum(k) + 2000. */
    CHECK(sum_d == 2.0 * (500.0 + 2499.0) * 2000.0 / 2.0 + 2000.0);
    CHECK_INT(nulls, 400);
    CHECK(seen_row_1001);
    weir_finalize(stmt);
    weir_close(db);
}

static void test_batches_of_other_statements(void) {
    weir_db *db = open_with("CREATE SOURCE a (v BIGINT) WITH (connector = 'memory');"
                            "CREATE SOURCE b (w TIMESTAMP) WITH (connector = 'memory');");
    weir_stmt *stmt = NULL;
    weir_batch *batch = NULL;
    /* SHOW computes its rows up front: one batch of three rows (with weir_errors), then done. */
    CHECK_INT(weir_prepare(db, "SHOW SOURCES;", &stmt), WEIR_OK);
    CHECK_INT(weir_step_batch(stmt, 0, &batch), WEIR_ROW);
    CHECK_INT(weir_batch_row_count(batch), 3);
    CHECK_STR(weir_batch_column_text(batch, 0, 0), "a");
    CHECK_STR(weir_batch_column_text(batch, 0, 1), "b");
    CHECK_STR(weir_batch_column_text(batch, 2, 1), "w TIMESTAMP");
    CHECK_INT(weir_step_batch(stmt, 0, &batch), WEIR_DONE);
    weir_finalize(stmt);
    /* DDL runs at the first step, with or without batches. */
    CHECK_INT(weir_prepare(db, "DROP SOURCE b;", &stmt), WEIR_OK);
    CHECK_INT(weir_step_batch(stmt, 0, &batch), WEIR_DONE);
    weir_finalize(stmt);
    CHECK_INT(weir_prepare(db, "DROP SOURCE b;", &stmt), WEIR_OK);
    CHECK_INT(weir_step_batch(stmt, 0, &batch), WEIR_ERROR);
    CHECK_CONTAINS(weir_errmsg(db), "`b`");
    weir_finalize(stmt);
    weir_close(db);
}

/* What the row function saw. */
struct collected {
    int rows;
    int stop_after; /* 0: never stop */
    char text[512];
    pthread_t caller;
    int on_other_thread;
    int step_refused;
    int finalize_refused;
};

static int collect_row(void *context, weir_stmt *row) {
    struct collected *seen = context;
    size_t used = strlen(seen->text);
    seen->rows++;
    if (!pthread_equal(pthread_self(), seen->caller)) seen->on_other_thread++;
    if (weir_step(row, 0) == WEIR_MISUSE) seen->step_refused++;
    if (weir_finalize(row) == WEIR_MISUSE) seen->finalize_refused++;
    if (used < sizeof seen->text - 64) {
        snprintf(seen->text + used, sizeof seen->text - used, "%s|%s|%lld;", weir_column_text(row, 0),
                 weir_column_text(row, 1), weir_column_int64(row, 2));
    }
    return seen->stop_after && seen->rows >= seen->stop_after;
}

static void test_callback(void) {
    weir_db *db = open_with("CREATE SOURCE r (city TEXT, temp DOUBLE, ts TIMESTAMP) WITH (connector = 'memory');");
    struct collected seen;
    memset(&seen, 0, sizeof seen);
    seen.caller = pthread_self();
    CHECK_INT(push(db, "r", "{\"city\":\"Oslo\",\"temp\":1,\"ts\":\"2025-01-15T14:00:10Z\"}\n"
                            "{\"city\":\"Rome\",\"temp\":9,\"ts\":\"2025-01-15T14:00:20Z\"}\n"
                            "{\"city\":\"Oslo\",\"temp\":3,\"ts\":\"2025-01-15T14:00:30Z\"}\n"
                            "{\"city\":\"Oslo\",\"temp\":5,\"ts\":\"2025-01-15T14:01:30Z\"}\n"),
              WEIR_OK);
    CHECK_INT(weir_source_end(db, "r"), WEIR_OK);
    CHECK_INT(weir_query_callback(db, "SELECT city, window_start, count(*) AS n FROM r GROUP BY city, TUMBLE(ts, 1m);",
                                  collect_row, &seen),
              WEIR_OK);
    CHECK_INT(seen.rows, 3);
    CHECK_STR(seen.text, "Oslo|2025-01-15 14:00:00|2;Rome|2025-01-15 14:00:00|1;Oslo|2025-01-15 14:01:00|1;");
    CHECK_INT(seen.on_other_thread, 3);
    CHECK_INT(seen.step_refused, 3);
    CHECK_INT(seen.finalize_refused, 3);
    /* Non-zero from the row function stops the query: 2 of 100 rows. */
    {
        char line[64];
        int v;
        CHECK_INT(weir_exec(db, "CREATE SOURCE n (v BIGINT) WITH (connector = 'memory');"), WEIR_OK);
        for (v = 0; v < 100; v++) {
            sprintf(line, "{\"v\":%d}\n", v);
            CHECK_INT(push(db, "n", line), WEIR_OK);
        }
        CHECK_INT(weir_source_end(db, "n"), WEIR_OK);
        memset(&seen, 0, sizeof seen);
        seen.caller = pthread_self();
        seen.stop_after = 2;
        CHECK_INT(weir_query_callback(db, "SELECT v, v + 1, v * 10 FROM n;", collect_row, &seen), WEIR_OK);
        CHECK_INT(seen.rows, 2);
        CHECK_STR(seen.text, "0|1|0;1|2|10;");
    }
    /* Errors: not a SELECT, bad SQL, no statement at all. */
    CHECK_INT(weir_query_callback(db, "SHOW SOURCES;", collect_row, &seen), WEIR_ERROR);
    CHECK_CONTAINS(weir_errmsg(db), "takes a SELECT statement");
    CHECK_INT(weir_query_callback(db, "SELECT v FROM;", collect_row, &seen), WEIR_ERROR);
    CHECK_CONTAINS(weir_errmsg(db), "line 1, column 14");
    CHECK_INT(weir_query_callback(db, "  ", collect_row, &seen), WEIR_ERROR);
    weir_close(db);
}

/* weir_stop_jobs from another thread ends a callback query over a source that never ends. */
struct endless {
    weir_db *db;
    pthread_mutex_t mutex;
    int rows;
    int rc;
};

static int count_row(void *context, weir_stmt *row) {
    struct endless *state = context;
    (void)row;
    pthread_mutex_lock(&state->mutex);
    state->rows++;
    pthread_mutex_unlock(&state->mutex);
    return 0;
}

static void *run_endless(void *context) {
    struct endless *state = context;
    state->rc = weir_query_callback(state->db, "SELECT v FROM forever;", count_row, state);
    return NULL;
}

static void test_callback_stopped_from_another_thread(void) {
    struct endless state;
    pthread_t thread;
    int rows = 0, tries;
    state.db = open_with("CREATE SOURCE forever (v BIGINT) WITH (connector = 'memory');");
    state.rows = 0;
    state.rc = -1;
    pthread_mutex_init(&state.mutex, NULL);
    pthread_create(&thread, NULL, run_endless, &state);
    /* Push until the query has seen a row (it may start after the first pushes: they are buffered). */
    for (tries = 0; tries < 500 && rows == 0; tries++) {
        CHECK_INT(push(state.db, "forever", "{\"v\":1}\n"), WEIR_OK);
        {
            struct timespec pause = {0, 10000000};
            nanosleep(&pause, NULL);
        }
        pthread_mutex_lock(&state.mutex);
        rows = state.rows;
        pthread_mutex_unlock(&state.mutex);
    }
    CHECK(rows > 0);
    CHECK_INT(weir_stop_jobs(state.db), WEIR_OK);
    pthread_join(thread, NULL);
    CHECK_INT(state.rc, WEIR_OK);
    pthread_mutex_destroy(&state.mutex);
    weir_close(state.db);
}

static void test_query_metrics_late_and_bad(void) {
    weir_db *db = open_with("CREATE SOURCE r (city TEXT, ts TIMESTAMP) WITH (connector = 'memory');");
    weir_stmt *stmt = NULL;
    weir_metrics m;
    int rows = 0, tries;
    CHECK_INT(weir_prepare(db, "SELECT city, count(*) FROM r GROUP BY city, TUMBLE(ts, 1m);", &stmt), WEIR_OK);
    CHECK_INT(weir_stmt_metrics(stmt, &m), WEIR_OK);
    CHECK_INT(m.records_in, 0);
    CHECK_INT(m.watermark, WEIR_NO_WATERMARK);
    /* 14:00:10 opens [14:00, 14:01); a bad line; 14:01:30 closes it (watermark delay 0); 14:00:20
    ** then belongs to a closed window only: late. Three well-formed records, one bad, one late. */
    CHECK_INT(push(db, "r", "{\"city\":\"Oslo\",\"ts\":\"2025-01-15T14:00:10Z\"}\n"
                            "{\"city\":\"Oslo\",\"ts\":\n"
                            "{\"city\":\"Oslo\",\"ts\":\"2025-01-15T14:01:30Z\"}\n"
                            "{\"city\":\"Oslo\",\"ts\":\"2025-01-15T14:00:20Z\"}\n"),
              WEIR_OK);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    rows++;
    CHECK_INT(weir_column_int64(stmt, 1), 1);
    /* The job thread stores its watermark just after emitting the window (and, in small batches,
    ** step by step): wait until it reaches 14:01:30 (<= 5 s). */
    for (tries = 0; tries < 500; tries++) {
        struct timespec pause = {0, 10000000};
        CHECK_INT(weir_stmt_metrics(stmt, &m), WEIR_OK);
        if (m.watermark == T14 + 90000000LL) break;
        nanosleep(&pause, NULL);
    }
    CHECK_INT(m.watermark, T14 + 90000000LL);
    CHECK(m.seconds >= 0.0);
    CHECK_INT(weir_source_end(db, "r"), WEIR_OK);
    while (weir_step(stmt, 10000) == WEIR_ROW) rows++;
    CHECK_INT(rows, 2);
    CHECK_INT(weir_stmt_metrics(stmt, &m), WEIR_OK);
    CHECK_INT(m.records_in, 3);
    CHECK_INT(m.bad_records, 1);
    CHECK_INT(m.late_records, 1);
    CHECK_INT(m.records_out, 2);
    CHECK_INT(m.watermark, WEIR_NO_WATERMARK); /* the input ended */
    weir_finalize(stmt);
    /* Statements without a query report zeros. */
    CHECK_INT(weir_prepare(db, "SHOW SOURCES;", &stmt), WEIR_OK);
    m.records_in = 99;
    CHECK_INT(weir_stmt_metrics(stmt, &m), WEIR_OK);
    CHECK_INT(m.records_in, 0);
    CHECK_INT(m.records_out, 0);
    weir_finalize(stmt);
    weir_close(db);
}

static void test_job_metrics(void) {
    weir_db *db = open_with("CREATE SOURCE r (v BIGINT, ts TIMESTAMP) WITH (connector = 'memory');"
                            "CREATE SINK hole WITH (connector = 'blackhole');"
                            "INSERT INTO hole SELECT v FROM r WHERE v > 1;");
    weir_metrics m;
    CHECK_INT(push(db, "r", "{\"v\":1,\"ts\":\"2025-01-15T14:00:00Z\"}\n{\"v\":2,\"ts\":\"2025-01-15T14:00:05Z\"}\n"
                            "{\"v\":3,\"ts\":\"2025-01-15T14:00:07Z\"}\n{\"v\":\"three\"}\n"),
              WEIR_OK);
    CHECK_INT(weir_source_end(db, "r"), WEIR_OK);
    CHECK_INT(weir_wait_jobs(db, 10000), WEIR_DONE);
    CHECK_INT(weir_job_metrics(db, "HOLE", &m), WEIR_OK); /* names are case-insensitive */
    CHECK_INT(m.records_in, 3);
    CHECK_INT(m.records_out, 2);
    CHECK_INT(m.bad_records, 1);
    CHECK_INT(m.late_records, 0);
    CHECK_INT(weir_job_metrics(db, "nope", &m), WEIR_NOTFOUND);
    CHECK_STR(weir_errmsg(db), "no job named `nope`; SHOW JOBS lists them");
    weir_close(db);
}

/* weir_wait_bounded_jobs waits for the jobs that end by themselves, not for the others. */
static void test_wait_for_bounded_jobs(void) {
    weir_db *db = open_with("CREATE SOURCE endless (v BIGINT) WITH (connector = 'memory');"
                            "CREATE SOURCE counted (ts TIMESTAMP) WITH (connector = 'generator', rate = '0', count = '5000');"
                            "CREATE SINK a WITH (connector = 'blackhole');"
                            "CREATE SINK b WITH (connector = 'blackhole');"
                            "INSERT INTO a SELECT v FROM endless;"
                            "INSERT INTO b SELECT ts FROM counted;");
    weir_metrics m;
    CHECK_INT(weir_wait_bounded_jobs(NULL, 0), WEIR_MISUSE);
    CHECK_INT(weir_wait_bounded_jobs(db, 10000), WEIR_DONE);
    CHECK_INT(weir_job_metrics(db, "b", &m), WEIR_OK);
    CHECK_INT(m.records_in, 5000);
    CHECK_INT(weir_wait_jobs(db, 0), WEIR_TIMEOUT); /* `a` reads a memory source that has not ended */
    CHECK_INT(weir_source_end(db, "endless"), WEIR_OK);
    CHECK_INT(weir_wait_jobs(db, 10000), WEIR_DONE);
    weir_close(db);
}

/* Notices arrive on job threads: the collector locks. */
struct notices {
    pthread_mutex_t mutex;
    int count;
    char first[256];
};

static void on_notice(void *context, const char *message) {
    struct notices *seen = context;
    pthread_mutex_lock(&seen->mutex);
    if (seen->count++ == 0) snprintf(seen->first, sizeof seen->first, "%s", message);
    pthread_mutex_unlock(&seen->mutex);
}

static void test_malformed_json_is_noticed_and_counted(void) {
    weir_db *db = open_with("CREATE SOURCE r (v BIGINT) WITH (connector = 'memory');");
    weir_stmt *stmt = NULL;
    struct notices seen;
    weir_metrics m;
    int rows = 0, count;
    memset(&seen, 0, sizeof seen);
    pthread_mutex_init(&seen.mutex, NULL);
    CHECK_INT(weir_set_notice(db, on_notice, &seen), WEIR_OK);
    CHECK_INT(weir_prepare(db, "SELECT v FROM r;", &stmt), WEIR_OK);
    CHECK_INT(push(db, "r", "{\"v\":1}\n{oops\n\n{\"v\":2}\n[1, 2]\n"), WEIR_OK);
    CHECK_INT(weir_source_end(db, "r"), WEIR_OK);
    while (weir_step(stmt, 10000) == WEIR_ROW) rows++;
    CHECK_INT(rows, 2);
    CHECK_INT(weir_stmt_metrics(stmt, &m), WEIR_OK);
    CHECK_INT(m.bad_records, 2);
    CHECK_INT(m.records_in, 2);
    weir_finalize(stmt);
    CHECK_INT(weir_set_notice(db, NULL, NULL), WEIR_OK);
    pthread_mutex_lock(&seen.mutex);
    count = seen.count;
    pthread_mutex_unlock(&seen.mutex);
    CHECK_INT(count, 2);
    /* The blank line is not counted: the second line is memory:2. */
    CHECK_CONTAINS(seen.first, "skipped a malformed record in source `r` at memory:2");
    pthread_mutex_destroy(&seen.mutex);
    weir_close(db);
}

static int check_nul_row(void *context, weir_stmt *row) {
    int *rows = context;
    const char *t = weir_column_text(row, 0);
    CHECK_INT(weir_column_bytes(row, 0), 3);
    CHECK(t != NULL && memcmp(t, "a\0b", 4) == 0);
    (*rows)++;
    return 0;
}

/* TEXT may hold NUL bytes (JSON "\u0000"): weir_column_bytes and weir_batch_column_bytes give the
** whole length, and the text pointer holds every byte, then a terminating NUL. */
static void test_text_with_nul_bytes(void) {
    static const char rows[] = "{\"t\":\"a\\u0000b\",\"v\":42}\n{\"t\":null,\"v\":7}\n";
    weir_db *db = open_with("CREATE SOURCE s (t TEXT, v BIGINT) WITH (connector = 'memory');"
                            "CREATE SOURCE s2 (t TEXT, v BIGINT) WITH (connector = 'memory');"
                            "CREATE SOURCE s3 (t TEXT, v BIGINT) WITH (connector = 'memory');");
    weir_stmt *stmt = NULL;
    weir_batch *batch = NULL;
    const char *t;
    int callback_rows = 0;
    CHECK_INT(weir_prepare(db, "SELECT t, v, length(t) AS n FROM s;", &stmt), WEIR_OK);
    CHECK_INT(push(db, "s", rows), WEIR_OK);
    CHECK_INT(weir_source_end(db, "s"), WEIR_OK);
    CHECK_INT(weir_column_bytes(stmt, 0), 0); /* no current row yet */
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    t = weir_column_text(stmt, 0);
    CHECK_INT(weir_column_bytes(stmt, 0), 3);
    CHECK(t != NULL && memcmp(t, "a\0b", 4) == 0);
    CHECK(weir_column_text(stmt, 0) == t); /* reading it again moves nothing */
    CHECK_INT(weir_column_bytes(stmt, 1), 2); /* "42" */
    CHECK_INT(weir_column_int64(stmt, 2), 3);
    CHECK_INT(weir_column_bytes(stmt, 3), 0); /* out of range */
    CHECK_INT(weir_column_bytes(stmt, -1), 0);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_bytes(stmt, 0), 0); /* NULL */
    CHECK(weir_column_text(stmt, 0) == NULL);
    CHECK_INT(weir_step(stmt, 10000), WEIR_DONE);
    weir_finalize(stmt);

    CHECK_INT(weir_prepare(db, "SELECT t, v FROM s2;", &stmt), WEIR_OK);
    CHECK_INT(push(db, "s2", rows), WEIR_OK);
    CHECK_INT(weir_source_end(db, "s2"), WEIR_OK);
    CHECK_INT(weir_step_batch(stmt, 10000, &batch), WEIR_ROW);
    CHECK_INT(weir_batch_row_count(batch), 2);
    t = weir_batch_column_text(batch, 0, 0);
    CHECK_INT(weir_batch_column_bytes(batch, 0, 0), 3);
    CHECK(t != NULL && memcmp(t, "a\0b", 4) == 0);
    CHECK_INT(weir_batch_column_bytes(batch, 0, 1), 0); /* NULL */
    CHECK_INT(weir_batch_column_bytes(batch, 1, 1), 1); /* "7" */
    CHECK_INT(weir_batch_column_bytes(batch, 2, 0), 0); /* out of range */
    CHECK_INT(weir_batch_column_bytes(NULL, 0, 0), 0);
    weir_finalize(stmt);

    CHECK_INT(push(db, "s3", rows), WEIR_OK);
    CHECK_INT(weir_source_end(db, "s3"), WEIR_OK);
    CHECK_INT(weir_query_callback(db, "SELECT t FROM s3 WHERE t IS NOT NULL;", check_nul_row, &callback_rows), WEIR_OK);
    CHECK_INT(callback_rows, 1);
    weir_close(db);
}

int main(void) {
    RUN(test_every_type_row_by_row);
    RUN(test_batches);
    RUN(test_batches_of_other_statements);
    RUN(test_callback);
    RUN(test_callback_stopped_from_another_thread);
    RUN(test_query_metrics_late_and_bad);
    RUN(test_job_metrics);
    RUN(test_wait_for_bounded_jobs);
    RUN(test_malformed_json_is_noticed_and_counted);
    RUN(test_text_with_nul_bytes);
    if (check_failures) fprintf(stderr, "%d check(s) failed\n", check_failures);
    return check_failures ? 1 : 0;
}
