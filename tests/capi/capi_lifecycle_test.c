/* The C API from C: lifecycle, NULL and stale handles, misuse, and every error path with its message. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "weir.h"

static weir_db *open_db(void) {
    weir_db *db = NULL;
    CHECK_INT(weir_open(NULL, &db), WEIR_OK);
    CHECK(db != NULL);
    return db;
}

static int push(weir_db *db, const char *source, const char *lines) {
    return weir_push_json(db, source, lines, strlen(lines));
}

static void test_version_and_codes(void) {
    CHECK_STR(weir_libversion(), WEIR_VERSION);
    CHECK_STR(weir_libversion(), "0.1.0");
    CHECK_INT(weir_libversion_number(), 1000);
    CHECK_INT(WEIR_OK, 0);
    CHECK_INT(WEIR_ROW, 100);
    CHECK_INT(WEIR_DONE, 101);
    CHECK_STR(weir_errstr(WEIR_OK), "not an error");
    CHECK_STR(weir_errstr(WEIR_MISUSE), "library routine called out of sequence or with bad arguments");
    CHECK_STR(weir_errstr(WEIR_TIMEOUT), "timed out waiting for a row");
    CHECK_STR(weir_errstr(-7), "unknown error code");
}

static void test_lifecycle(void) {
    weir_db *db = NULL;
    weir_stmt *stmt = NULL;
    weir_stmt *leftover = NULL;
    CHECK_INT(weir_open(":memory:", &db), WEIR_OK);
    CHECK_STR(weir_errmsg(db), "not an error");
    CHECK_INT(weir_exec(db, "CREATE SOURCE r (city TEXT, ts TIMESTAMP) WITH (connector = 'memory');"), WEIR_OK);
    CHECK_INT(weir_prepare(db, "SHOW SOURCES;", &stmt), WEIR_OK);
    CHECK_STR(weir_sql(stmt), "SHOW SOURCES");
    CHECK_INT(weir_column_count(stmt), 4);
    CHECK_STR(weir_column_name(stmt, 0), "name");
    CHECK_STR(weir_column_name(stmt, 1), "connector");
    CHECK_INT(weir_column_type(stmt, 0), WEIR_TEXT);
    CHECK_INT(weir_step(stmt, 0), WEIR_ROW);
    CHECK_STR(weir_column_text(stmt, 0), "r");
    CHECK_STR(weir_column_text(stmt, 1), "memory");
    CHECK_STR(weir_column_text(stmt, 2), "city TEXT, ts TIMESTAMP");
    CHECK_INT(weir_step(stmt, 0), WEIR_ROW); /* the engine's built-in error stream */
    CHECK_STR(weir_column_text(stmt, 0), "weir_errors");
    CHECK_INT(weir_step(stmt, 0), WEIR_DONE);
    CHECK_INT(weir_step(stmt, 0), WEIR_DONE); /* and again */
    CHECK(weir_column_text(stmt, 0) == NULL); /* no current row after the end */
    CHECK_INT(weir_finalize(stmt), WEIR_OK);
    /* A statement left open is finalized by weir_close (LeakSanitizer checks it is freed). */
    CHECK_INT(weir_prepare(db, "SELECT city FROM r;", &leftover), WEIR_OK);
    CHECK_INT(weir_close(db), WEIR_OK);
    /* A blank statement gives no handle and no error. */
    db = open_db();
    stmt = (weir_stmt *)&db;
    CHECK_INT(weir_prepare(db, "  -- only a comment\n ", &stmt), WEIR_OK);
    CHECK(stmt == NULL);
    CHECK_INT(weir_exec(db, ""), WEIR_OK);
    weir_close(db);
}

static void test_null_handles(void) {
    weir_metrics metrics;
    weir_batch *batch = (weir_batch *)&metrics;
    CHECK_INT(weir_open(NULL, NULL), WEIR_MISUSE);
    CHECK_INT(weir_close(NULL), WEIR_OK);
    CHECK_INT(weir_finalize(NULL), WEIR_OK);
    CHECK_INT(weir_exec(NULL, "SHOW SOURCES;"), WEIR_MISUSE);
    CHECK_INT(weir_prepare(NULL, "SHOW SOURCES;", NULL), WEIR_MISUSE);
    CHECK_INT(weir_step(NULL, 0), WEIR_MISUSE);
    CHECK_INT(weir_step_batch(NULL, 0, &batch), WEIR_MISUSE);
    CHECK(batch == NULL);
    CHECK_INT(weir_interrupt(NULL), WEIR_MISUSE);
    CHECK_INT(weir_column_count(NULL), 0);
    CHECK(weir_column_name(NULL, 0) == NULL);
    CHECK_INT(weir_column_type(NULL, 0), WEIR_NULL);
    CHECK_INT(weir_column_is_null(NULL, 0), 1);
    CHECK_INT(weir_column_int64(NULL, 0), 0);
    CHECK(weir_column_double(NULL, 0) == 0.0);
    CHECK(weir_column_text(NULL, 0) == NULL);
    CHECK(weir_sql(NULL) == NULL);
    CHECK_INT(weir_push_json(NULL, "r", "{}", 2), WEIR_MISUSE);
    CHECK_INT(weir_source_end(NULL, "r"), WEIR_MISUSE);
    CHECK_INT(weir_wait_jobs(NULL, 0), WEIR_MISUSE);
    CHECK_INT(weir_stop_jobs(NULL), WEIR_MISUSE);
    CHECK_INT(weir_set_notice(NULL, NULL, NULL), WEIR_MISUSE);
    CHECK_INT(weir_stmt_metrics(NULL, &metrics), WEIR_MISUSE);
    CHECK_INT(weir_job_metrics(NULL, "j", &metrics), WEIR_MISUSE);
    CHECK_INT(weir_query_callback(NULL, "SELECT 1;", NULL, NULL), WEIR_MISUSE);
    CHECK_CONTAINS(weir_errmsg(NULL), "no database handle");
    CHECK_INT(weir_complete(NULL), 0);
    CHECK_INT(weir_batch_row_count(NULL), 0);
    CHECK_INT(weir_batch_column_count(NULL), 0);
    CHECK(weir_batch_column_int64s(NULL, 0) == NULL);
    CHECK(weir_batch_column_doubles(NULL, 0) == NULL);
    CHECK(weir_batch_column_text(NULL, 0, 0) == NULL);
    CHECK_INT(weir_batch_is_null(NULL, 0, 0), 1);
}

static void test_null_arguments_on_a_live_db(void) {
    weir_db *db = open_db();
    weir_stmt *stmt = NULL;
    weir_metrics metrics;
    CHECK_INT(weir_prepare(db, NULL, &stmt), WEIR_MISUSE);
    CHECK_CONTAINS(weir_errmsg(db), "weir_prepare needs");
    CHECK_INT(weir_prepare(db, "SHOW SOURCES;", NULL), WEIR_MISUSE);
    CHECK_INT(weir_exec(db, NULL), WEIR_MISUSE);
    CHECK_INT(weir_push_json(db, NULL, "{}", 2), WEIR_MISUSE);
    CHECK_INT(weir_push_json(db, "r", NULL, 2), WEIR_MISUSE);
    CHECK_INT(weir_source_end(db, NULL), WEIR_MISUSE);
    CHECK_INT(weir_job_metrics(db, NULL, &metrics), WEIR_MISUSE);
    CHECK_INT(weir_job_metrics(db, "j", NULL), WEIR_MISUSE);
    CHECK_INT(weir_query_callback(db, "SELECT 1;", NULL, NULL), WEIR_MISUSE);
    CHECK_CONTAINS(weir_errmsg(db), "weir_query_callback needs");
    CHECK_INT(weir_prepare(db, "SHOW SOURCES;", &stmt), WEIR_OK);
    CHECK_STR(weir_errmsg(db), "not an error"); /* a successful prepare resets the message */
    CHECK_INT(weir_stmt_metrics(stmt, NULL), WEIR_MISUSE);
    CHECK_INT(weir_step_batch(stmt, 0, NULL), WEIR_MISUSE);
    weir_finalize(stmt);
    weir_close(db);
}

static void test_bad_sql_names_the_position(void) {
    weir_db *db = open_db();
    weir_stmt *stmt = (weir_stmt *)&db;
    CHECK_INT(weir_exec(db, "SELEC 1;"), WEIR_ERROR);
    CHECK_CONTAINS(weir_errmsg(db), "line 1, column 1");
    /* `;` is the fifth character of the second line. */
    CHECK_INT(weir_prepare(db, "SELECT a\nFROM;", &stmt), WEIR_ERROR);
    CHECK(stmt == NULL);
    CHECK_CONTAINS(weir_errmsg(db), "syntax error at line 2, column 5");
    CHECK_INT(weir_exec(db, "SELECT x FROM nowhere;"), WEIR_ERROR);
    CHECK_CONTAINS(weir_errmsg(db), "no source or view named `nowhere`");
    /* weir_exec stops at the first failing statement: the third one never runs. */
    CHECK_INT(weir_exec(db, "CREATE SOURCE a (v BIGINT) WITH (connector = 'memory'); "
                            "CREATE SOURCE a (v BIGINT) WITH (connector = 'memory'); "
                            "CREATE SOURCE c (v BIGINT) WITH (connector = 'memory');"),
              WEIR_ERROR);
    CHECK_INT(weir_push_json(db, "a", "", 0), WEIR_OK);
    CHECK_INT(weir_push_json(db, "c", "", 0), WEIR_ERROR);
    CHECK_INT(weir_exec(db, "CREATE SOURCE w (v BIGINT) WITH (connector = 'memory', colour = 'red');"), WEIR_ERROR);
    CHECK_CONTAINS(weir_errmsg(db), "colour");
    weir_close(db);
}

static void test_statement_misuse(void) {
    weir_db *db = open_db();
    weir_stmt *stmt = NULL;
    weir_batch *batch = NULL;
    CHECK_INT(weir_exec(db, "CREATE SOURCE r (v BIGINT) WITH (connector = 'memory');"), WEIR_OK);
    CHECK_INT(weir_prepare(db, "SHOW SOURCES;", &stmt), WEIR_OK);
    /* Columns out of range, and cells before the first step. */
    CHECK(weir_column_name(stmt, -1) == NULL);
    CHECK(weir_column_name(stmt, 4) == NULL);
    CHECK_INT(weir_column_type(stmt, 99), WEIR_NULL);
    CHECK(weir_column_text(stmt, 0) == NULL);
    CHECK_INT(weir_column_is_null(stmt, 0), 1);
    CHECK_INT(weir_step(stmt, 0), WEIR_ROW);
    CHECK(weir_column_text(stmt, 4) == NULL);
    CHECK(weir_column_text(stmt, -1) == NULL);
    CHECK_INT(weir_column_int64(stmt, 4), 0);
    CHECK_INT(weir_column_is_null(stmt, 4), 1);
    /* Read row by row, so batch reads are refused, with a message. */
    CHECK_INT(weir_step_batch(stmt, 0, &batch), WEIR_MISUSE);
    CHECK(batch == NULL);
    CHECK_CONTAINS(weir_errmsg(db), "read with weir_step");
    CHECK_INT(weir_finalize(stmt), WEIR_OK);
    /* A finalized statement is refused everywhere, not a crash. */
    CHECK_INT(weir_step(stmt, 0), WEIR_MISUSE);
    CHECK_INT(weir_step_batch(stmt, 0, &batch), WEIR_MISUSE);
    CHECK_INT(weir_interrupt(stmt), WEIR_MISUSE);
    CHECK_INT(weir_finalize(stmt), WEIR_MISUSE);
    CHECK_INT(weir_column_count(stmt), 0);
    CHECK(weir_sql(stmt) == NULL);
    /* And the other way round: read as batches, then weir_step is refused. */
    CHECK_INT(weir_prepare(db, "SHOW SOURCES;", &stmt), WEIR_OK);
    CHECK_INT(weir_step_batch(stmt, 0, &batch), WEIR_ROW);
    CHECK_INT(weir_step(stmt, 0), WEIR_MISUSE);
    CHECK_CONTAINS(weir_errmsg(db), "read with weir_step_batch");
    weir_finalize(stmt);
    CHECK_INT(weir_close(db), WEIR_OK);
    /* A closed db is a stale handle. */
    CHECK_INT(weir_exec(db, "SHOW SOURCES;"), WEIR_MISUSE);
    CHECK_INT(weir_close(db), WEIR_MISUSE);
    CHECK_CONTAINS(weir_errmsg(db), "bad weir_db handle");
}

static void test_push_errors(void) {
    weir_db *db = open_db();
    CHECK_INT(push(db, "nope", "{\"v\": 1}\n"), WEIR_ERROR);
    CHECK_CONTAINS(weir_errmsg(db), "no source named `nope`");
    CHECK_INT(weir_exec(db, "CREATE SOURCE f (v BIGINT) WITH (connector = 'file', path = '/nonexistent.jsonl');"),
              WEIR_OK);
    CHECK_INT(push(db, "f", "{\"v\": 1}\n"), WEIR_MISUSE);
    CHECK_CONTAINS(weir_errmsg(db), "only sources with connector = 'memory' accept pushed rows");
    CHECK_INT(weir_source_end(db, "f"), WEIR_MISUSE);
    CHECK_INT(weir_source_end(db, "nope"), WEIR_ERROR);
    CHECK_INT(weir_exec(db, "CREATE SOURCE m (v BIGINT) WITH (connector = 'memory', max_buffered = '2');"), WEIR_OK);
    /* Nobody reads m: two lines fit in its buffer, a third does not. */
    CHECK_INT(push(db, "m", "{\"v\": 1}\n{\"v\": 2}\n"), WEIR_OK);
    CHECK_INT(push(db, "m", "{\"v\": 3}\n"), WEIR_MISUSE);
    CHECK_CONTAINS(weir_errmsg(db), "buffer is full");
    CHECK_INT(weir_source_end(db, "m"), WEIR_OK);
    CHECK_INT(push(db, "m", "{\"v\": 4}\n"), WEIR_MISUSE);
    CHECK_CONTAINS(weir_errmsg(db), "after its end");
    weir_close(db);
}

static void test_failing_query_reports_its_error(void) {
    weir_db *db = open_db();
    weir_stmt *stmt = NULL;
    CHECK_INT(weir_exec(db, "CREATE SOURCE f (v BIGINT) WITH (connector = 'memory', on_error = 'fail');"), WEIR_OK);
    CHECK_INT(weir_prepare(db, "SELECT v FROM f;", &stmt), WEIR_OK);
    CHECK_INT(push(db, "f", "{\"v\": 1}\n"), WEIR_OK);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_int64(stmt, 0), 1);
    CHECK_INT(push(db, "f", "not json\n"), WEIR_OK);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ERROR);
    CHECK_CONTAINS(weir_errmsg(db), "malformed record at memory:2");
    weir_finalize(stmt);
    weir_close(db);
}

static void test_complete(void) {
    CHECK_INT(weir_complete("SELECT 1;"), 1);
    CHECK_INT(weir_complete("SELECT 1"), 0);
    CHECK_INT(weir_complete("SELECT ';'"), 0);
    CHECK_INT(weir_complete("SELECT 1; -- done"), 1);
}

int main(void) {
    RUN(test_version_and_codes);
    RUN(test_lifecycle);
    RUN(test_null_handles);
    RUN(test_null_arguments_on_a_live_db);
    RUN(test_bad_sql_names_the_position);
    RUN(test_statement_misuse);
    RUN(test_push_errors);
    RUN(test_failing_query_reports_its_error);
    RUN(test_complete);
    if (check_failures) fprintf(stderr, "%d check(s) failed\n", check_failures);
    return check_failures ? 1 : 0;
}
