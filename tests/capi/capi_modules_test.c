/* The connector modules from C: an idle engine maps none of the kafka, postgres and s3 libraries, the first use
   of such a connector loads its module (libweir_<name>.so), and a module that cannot be found is one sentence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "weir.h"

/* 1 when a mapped file's path in /proc/self/maps contains `name`. */
static int mapped(const char *name) {
    char line[4096];
    int found = 0;
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps) return -1;
    while (!found && fgets(line, sizeof line, maps)) found = strstr(line, name) != NULL;
    fclose(maps);
    return found;
}

static weir_db *open_db(void) {
    weir_db *db = NULL;
    CHECK_INT(weir_open(NULL, &db), WEIR_OK);
    return db;
}

/* A memory source takes a record and a query over it returns it. */
static void check_memory_source_works(weir_db *db, const char *source) {
    char sql[256];
    weir_stmt *stmt = NULL;
    snprintf(sql, sizeof sql, "CREATE SOURCE %s (v BIGINT) WITH (connector = 'memory');", source);
    CHECK_INT(weir_exec(db, sql), WEIR_OK);
    snprintf(sql, sizeof sql, "SELECT v FROM %s;", source);
    CHECK_INT(weir_prepare(db, sql, &stmt), WEIR_OK);
    CHECK_INT(weir_push_json(db, source, "{\"v\": 7}\n", 9), WEIR_OK);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_INT(weir_column_int64(stmt, 0), 7);
    weir_finalize(stmt);
}

static void test_idle_engine_maps_no_module_library(void) {
    weir_db *db = open_db();
    CHECK_INT(weir_exec(db, "CREATE SOURCE m (v BIGINT) WITH (connector = 'memory');"), WEIR_OK);
    CHECK_INT(mapped("librdkafka"), 0);
    CHECK_INT(mapped("libpq"), 0);
    CHECK_INT(mapped("libcurl"), 0);
    CHECK_INT(mapped("libgnutls"), 0);
    CHECK_INT(mapped("libweir_"), 0);
    weir_close(db);
}

/* Runs before any module is loaded: a load is tried again on the next use, with the environment of then. */
static void test_missing_module_is_one_sentence(void) {
    char empty_dir[] = "/tmp/weir_modules_XXXXXX";
    char expected[512];
    weir_db *db = open_db();
    CHECK(mkdtemp(empty_dir) != NULL);
    setenv("WEIR_MODULE_DIR", empty_dir, 1);
    CHECK_INT(weir_exec(db, "CREATE SINK lake WITH (connector = 's3', endpoint = 'http://127.0.0.1:1', "
                            "bucket = 'lake', access_key = 'a', secret_key = 's');"),
              WEIR_ERROR);
    snprintf(expected, sizeof expected,
             "cannot load the s3 connector: %s/libweir_s3.so: cannot open shared object file: No such file or "
             "directory (set WEIR_MODULE_DIR to the folder holding libweir_s3.so)",
             empty_dir);
    CHECK_STR(weir_errmsg(db), expected);
    CHECK_INT(mapped("libcurl"), 0);
    check_memory_source_works(db, "after_failure");
    unsetenv("WEIR_MODULE_DIR");
    rmdir(empty_dir);
    weir_close(db);
}

static void test_first_use_loads_the_module(void) {
    weir_db *db = open_db();
    CHECK_INT(weir_exec(db, "CREATE SOURCE k (city TEXT, ts TIMESTAMP) WITH (connector = 'kafka', topic = 't', "
                            "brokers = '127.0.0.1:1');"),
              WEIR_OK);
    CHECK_INT(mapped("libweir_kafka.so"), 1);
    CHECK_INT(mapped("librdkafka"), 1);
    CHECK_INT(mapped("libweir_postgres.so"), 0);
    CHECK_INT(weir_exec(db, "CREATE SINK pg WITH (connector = 'postgres', url = 'postgresql://app@127.0.0.1:1/db', "
                            "table = 't');"),
              WEIR_OK);
    CHECK_INT(mapped("libweir_postgres.so"), 1);
    CHECK_INT(mapped("libpq"), 1);
    /* s3 loads now that WEIR_MODULE_DIR is unset: the failed load above was not remembered. */
    CHECK_INT(weir_exec(db, "CREATE SINK lake WITH (connector = 'minio', endpoint = 'http://127.0.0.1:1', "
                            "bucket = 'lake', access_key = 'a', secret_key = 's');"),
              WEIR_OK);
    CHECK_INT(mapped("libweir_s3.so"), 1);
    CHECK_INT(mapped("libcurl"), 1);
    weir_close(db);
}

static void test_module_errors_read_as_before(void) {
    weir_db *db = open_db();
    CHECK_INT(weir_exec(db, "CREATE SOURCE k (city TEXT) WITH (connector = 'kafka', topic = 't', "
                            "brokers = '127.0.0.1:1', grup_id = 'g');"),
              WEIR_ERROR);
    CHECK_CONTAINS(weir_errmsg(db), "unknown option `grup_id` for connector 'kafka'; valid options: ");
    CHECK_CONTAINS(weir_errmsg(db), "did you mean `group_id`?");
    CHECK_INT(weir_exec(db, "CREATE SOURCE k (city TEXT) WITH (connector = 'kafka', topic = 't', "
                            "brokers = '127.0.0.1:1', kafka.bootstrap.servers = 'x:1');"),
              WEIR_ERROR);
    CHECK_STR(weir_errmsg(db), "option `kafka.bootstrap.servers` cannot be set on connector 'kafka': use option "
                               "`brokers`");
    CHECK_INT(weir_exec(db, "CREATE SOURCE k (city TEXT) WITH (connector = 'kafka', topic = 't', "
                            "brokers = '127.0.0.1:1', start = 'committed');"),
              WEIR_ERROR);
    CHECK_STR(weir_errmsg(db),
              "start = 'committed' needs option `group_id` (whose committed offsets to resume from)");
    CHECK_INT(weir_exec(db, "CREATE SINK k WITH (connector = 'kafak', topic = 't');"), WEIR_ERROR);
    CHECK_CONTAINS(weir_errmsg(db), "did you mean `kafka`?");
    weir_close(db);
}

int main(void) {
    RUN(test_idle_engine_maps_no_module_library);
    RUN(test_missing_module_is_one_sentence);
    RUN(test_first_use_loads_the_module);
    RUN(test_module_errors_read_as_before);
    if (check_failures) fprintf(stderr, "%d check(s) failed\n", check_failures);
    return check_failures ? 1 : 0;
}
