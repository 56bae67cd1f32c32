/* The C API from C under load: many statements and jobs at once, and one db shared by several threads. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "weir.h"

#define STATEMENTS 16
#define JOBS 8
#define THREADS 4

static weir_db *open_db(void) {
    weir_db *db = NULL;
    CHECK_INT(weir_open(NULL, &db), WEIR_OK);
    return db;
}

/* Pushes {"v": first} .. {"v": first + count - 1}, 50 lines per call. */
static void push_range(weir_db *db, const char *source, int first, int count) {
    char lines[50 * 24];
    int v = first;
    while (v < first + count) {
        size_t used = 0;
        int n;
        for (n = 0; n < 50 && v < first + count; n++, v++) used += (size_t)sprintf(lines + used, "{\"v\":%d}\n", v);
        CHECK_INT(weir_push_json(db, source, lines, used), WEIR_OK);
    }
}

/* Reads every row; returns the count and adds column 0 to *sum. */
static int drain(weir_stmt *stmt, long long *sum) {
    int rows = 0, rc;
    while ((rc = weir_step(stmt, 10000)) == WEIR_ROW) {
        rows++;
        *sum += weir_column_int64(stmt, 0);
    }
    CHECK_INT(rc, WEIR_DONE);
    return rows;
}

static void test_many_statements_at_once(void) {
    weir_db *db = open_db();
    weir_stmt *stmts[STATEMENTS];
    char sql[160], name[16];
    int i;
    for (i = 0; i < STATEMENTS; i++) {
        sprintf(sql, "CREATE SOURCE s%d (v BIGINT) WITH (connector = 'memory');", i);
        CHECK_INT(weir_exec(db, sql), WEIR_OK);
        sprintf(sql, "SELECT v FROM s%d WHERE v >= %d;", i, i);
        CHECK_INT(weir_prepare(db, sql, &stmts[i]), WEIR_OK);
    }
    for (i = 0; i < STATEMENTS; i++) {
        sprintf(name, "s%d", i);
        push_range(db, name, 0, 100);
        CHECK_INT(weir_source_end(db, name), WEIR_OK);
    }
    /* Statement i keeps v = i..99: 100 - i rows summing to 4950 - i(i-1)/2. Read in reverse order. */
    for (i = STATEMENTS - 1; i >= 0; i--) {
        long long sum = 0;
        CHECK_INT(drain(stmts[i], &sum), 100 - i);
        CHECK_INT(sum, 4950 - i * (i - 1) / 2);
        CHECK_INT(weir_finalize(stmts[i]), WEIR_OK);
    }
    /* Running queries finalized without being read: their jobs stop and everything is freed. */
    for (i = 0; i < STATEMENTS; i++) {
        sprintf(sql, "SELECT v FROM s%d;", i);
        CHECK_INT(weir_prepare(db, sql, &stmts[i]), WEIR_OK);
    }
    for (i = 0; i < STATEMENTS; i += 2) CHECK_INT(weir_finalize(stmts[i]), WEIR_OK);
    weir_close(db); /* finalizes the odd ones */
}

static void test_many_jobs_at_once(void) {
    weir_db *db = open_db();
    char sql[200], name[16];
    weir_metrics m;
    int i;
    for (i = 0; i < JOBS; i++) {
        sprintf(sql,
                "CREATE SOURCE in%d (v BIGINT) WITH (connector = 'memory');"
                "CREATE SINK out%d WITH (connector = 'blackhole');"
                "INSERT INTO out%d SELECT v FROM in%d WHERE v < %d;",
                i, i, i, i, 10 * (i + 1));
        CHECK_INT(weir_exec(db, sql), WEIR_OK);
    }
    for (i = 0; i < JOBS; i++) {
        sprintf(name, "in%d", i);
        push_range(db, name, 0, 200);
        CHECK_INT(weir_source_end(db, name), WEIR_OK);
    }
    CHECK_INT(weir_wait_jobs(db, 20000), WEIR_DONE);
    for (i = 0; i < JOBS; i++) {
        sprintf(name, "out%d", i);
        CHECK_INT(weir_job_metrics(db, name, &m), WEIR_OK);
        CHECK_INT(m.records_in, 200);
        CHECK_INT(m.records_out, 10 * (i + 1));
    }
    /* The name of a finished job can be taken again. */
    CHECK_INT(weir_exec(db, "INSERT INTO out0 SELECT v FROM in1;"), WEIR_OK);
    CHECK_INT(weir_wait_jobs(db, 20000), WEIR_DONE);
    weir_close(db);
}

/* Each thread: its own source and query on the shared db, and its own errors. */
struct worker {
    weir_db *db;
    int id;
    int failures;
};

static void *work(void *context) {
    struct worker *self = context;
    char sql[160], name[16], missing[24], expected[64];
    weir_stmt *stmt = NULL;
    long long sum = 0;
    int round, rows;
    sprintf(name, "t%d", self->id);
    sprintf(missing, "missing%d", self->id);
    sprintf(expected, "no source named `%s`", missing);
    sprintf(sql, "CREATE SOURCE %s (v BIGINT) WITH (connector = 'memory');", name);
    if (weir_exec(self->db, sql) != WEIR_OK) self->failures++;
    sprintf(sql, "SELECT v FROM %s;", name);
    if (weir_prepare(self->db, sql, &stmt) != WEIR_OK) self->failures++;
    for (round = 0; round < 20; round++) {
        push_range(self->db, name, round * 50, 50);
        /* Another thread's failure never replaces this thread's message. */
        if (weir_push_json(self->db, missing, "{}", 2) != WEIR_ERROR) self->failures++;
        if (!strstr(weir_errmsg(self->db), expected)) {
            fprintf(stderr, "thread %d read \"%s\"\n", self->id, weir_errmsg(self->db));
            self->failures++;
        }
    }
    if (weir_source_end(self->db, name) != WEIR_OK) self->failures++;
    rows = drain(stmt, &sum);
    if (rows != 1000 || sum != 999 * 1000 / 2) {
        fprintf(stderr, "thread %d read %d rows summing to %lld\n", self->id, rows, sum);
        self->failures++;
    }
    weir_finalize(stmt);
    return NULL;
}

static void test_threads_share_one_db(void) {
    weir_db *db = open_db();
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    int i;
    for (i = 0; i < THREADS; i++) {
        workers[i].db = db;
        workers[i].id = i;
        workers[i].failures = 0;
        pthread_create(&threads[i], NULL, work, &workers[i]);
    }
    for (i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK_INT(workers[i].failures, 0);
    }
    weir_close(db);
}

struct pusher {
    weir_db *db;
    int first;
};

static void *push_quarter(void *context) {
    struct pusher *self = context;
    push_range(self->db, "shared", self->first, 250);
    return NULL;
}

static void test_threads_push_into_one_source(void) {
    weir_db *db = open_db();
    weir_stmt *stmt = NULL;
    pthread_t threads[THREADS];
    struct pusher pushers[THREADS];
    long long sum = 0;
    int i;
    CHECK_INT(weir_exec(db, "CREATE SOURCE shared (v BIGINT) WITH (connector = 'memory');"), WEIR_OK);
    CHECK_INT(weir_prepare(db, "SELECT v FROM shared;", &stmt), WEIR_OK);
    for (i = 0; i < THREADS; i++) {
        pushers[i].db = db;
        pushers[i].first = i * 250;
        pthread_create(&threads[i], NULL, push_quarter, &pushers[i]);
    }
    for (i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
    CHECK_INT(weir_source_end(db, "shared"), WEIR_OK);
    CHECK_INT(drain(stmt, &sum), 1000);
    CHECK_INT(sum, 999 * 1000 / 2);
    weir_finalize(stmt);
    weir_close(db);
}

static void *interrupt_later(void *context) {
    struct timespec pause = {0, 50000000};
    nanosleep(&pause, NULL);
    weir_interrupt((weir_stmt *)context);
    return NULL;
}

static void test_interrupt_from_another_thread(void) {
    weir_db *db = open_db();
    weir_stmt *stmt = NULL;
    weir_batch *batch = NULL;
    pthread_t thread;
    CHECK_INT(weir_exec(db, "CREATE SOURCE quiet (v BIGINT) WITH (connector = 'memory');"), WEIR_OK);
    CHECK_INT(weir_prepare(db, "SELECT v FROM quiet;", &stmt), WEIR_OK);
    pthread_create(&thread, NULL, interrupt_later, stmt);
    /* No data ever comes; the interrupt ends the wait (the 30 s timeout would fail the test's time). */
    CHECK_INT(weir_step_batch(stmt, 30000, &batch), WEIR_DONE);
    pthread_join(thread, NULL);
    weir_finalize(stmt);
    weir_close(db);
}

int main(void) {
    RUN(test_many_statements_at_once);
    RUN(test_many_jobs_at_once);
    RUN(test_threads_share_one_db);
    RUN(test_threads_push_into_one_source);
    RUN(test_interrupt_from_another_thread);
    if (check_failures) fprintf(stderr, "%d check(s) failed\n", check_failures);
    return check_failures ? 1 : 0;
}
