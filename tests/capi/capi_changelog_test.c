/* The C API from C: change kinds and key columns of an updating result (issue 14, docs/changelog.md). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "weir.h"

/* One order per batch, so every version of a group is emitted. Hand-computed for HAVING sum > 100:
** a 150 → +U a 150; b 50 → nothing (never matched); a -80 → -D a 70; b 60 → +U b 110. */
static const char *kOrders = "{\"customer\":\"a\",\"amount\":150}\n{\"customer\":\"b\",\"amount\":50}\n"
                             "{\"customer\":\"a\",\"amount\":-80}\n{\"customer\":\"b\",\"amount\":60}\n";
static const char *kQuery =
    "SELECT customer, sum(amount) AS total FROM orders GROUP BY customer HAVING sum(amount) > 100;";

static weir_db *open_orders(void) {
    weir_db *db = NULL;
    CHECK_INT(weir_open(NULL, &db), WEIR_OK);
    CHECK_INT(weir_exec(db, "CREATE SOURCE orders (customer TEXT, amount BIGINT) "
                            "WITH (connector = 'memory', batch_size = '1');"),
              WEIR_OK);
    return db;
}

static void test_rows_carry_their_kind(void) {
    weir_db *db = open_orders();
    weir_stmt *stmt = NULL;
    CHECK_INT(weir_prepare(db, kQuery, &stmt), WEIR_OK);
    CHECK_INT(weir_column_is_key(stmt, 0), 1);
    CHECK_INT(weir_column_is_key(stmt, 1), 0);
    CHECK_INT(weir_column_is_key(stmt, 7), 0);
    CHECK_INT(weir_row_kind(stmt), WEIR_ROW_INSERT); /* no current row */
    CHECK_INT(weir_push_json(db, "orders", kOrders, strlen(kOrders)), WEIR_OK);
    CHECK_INT(weir_source_end(db, "orders"), WEIR_OK);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_STR(weir_column_text(stmt, 0), "a");
    CHECK_INT(weir_column_int64(stmt, 1), 150);
    CHECK_INT(weir_row_kind(stmt), WEIR_ROW_UPSERT);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_STR(weir_column_text(stmt, 0), "a");
    CHECK_INT(weir_column_int64(stmt, 1), 70);
    CHECK_INT(weir_row_kind(stmt), WEIR_ROW_DELETE);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_STR(weir_column_text(stmt, 0), "b");
    CHECK_INT(weir_column_int64(stmt, 1), 110);
    CHECK_INT(weir_row_kind(stmt), WEIR_ROW_UPSERT);
    CHECK_INT(weir_step(stmt, 10000), WEIR_DONE);
    weir_finalize(stmt);

    /* Over an ended (bounded) source the same query is append-only: final rows (inserts), no key. */
    CHECK_INT(weir_exec(db, "CREATE SOURCE ended (customer TEXT, amount BIGINT) WITH (connector = 'memory');"),
              WEIR_OK);
    CHECK_INT(weir_push_json(db, "ended", kOrders, strlen(kOrders)), WEIR_OK);
    CHECK_INT(weir_source_end(db, "ended"), WEIR_OK);
    CHECK_INT(weir_prepare(db, "SELECT customer, sum(amount) AS total FROM ended GROUP BY customer "
                               "HAVING sum(amount) > 100;", &stmt),
              WEIR_OK);
    CHECK_INT(weir_column_is_key(stmt, 0), 0);
    CHECK_INT(weir_step(stmt, 10000), WEIR_ROW);
    CHECK_STR(weir_column_text(stmt, 0), "b");
    CHECK_INT(weir_column_int64(stmt, 1), 110);
    CHECK_INT(weir_row_kind(stmt), WEIR_ROW_INSERT);
    CHECK_INT(weir_step(stmt, 10000), WEIR_DONE);
    weir_finalize(stmt);
    CHECK_INT(weir_row_kind(NULL), WEIR_ROW_INSERT);
    CHECK_INT(weir_column_is_key(NULL, 0), 0);
    weir_close(db);
}

static void test_batches_carry_kinds(void) {
    weir_db *db = open_orders();
    weir_stmt *stmt = NULL;
    weir_batch *batch = NULL;
    char kinds[16] = "";
    CHECK_INT(weir_prepare(db, kQuery, &stmt), WEIR_OK);
    CHECK_INT(weir_push_json(db, "orders", kOrders, strlen(kOrders)), WEIR_OK);
    CHECK_INT(weir_source_end(db, "orders"), WEIR_OK);
    while (weir_step_batch(stmt, 10000, &batch) == WEIR_ROW) {
        int row;
        for (row = 0; row < weir_batch_row_count(batch); row++) {
            int kind = weir_batch_row_kind(batch, row);
            strcat(kinds, kind == WEIR_ROW_UPSERT ? "U" : kind == WEIR_ROW_DELETE ? "D" : "I");
        }
        CHECK_INT(weir_batch_row_kind(batch, -1), WEIR_ROW_INSERT);
        CHECK_INT(weir_batch_row_kind(batch, 99), WEIR_ROW_INSERT);
    }
    CHECK_STR(kinds, "UDU");
    CHECK_INT(weir_batch_row_kind(NULL, 0), WEIR_ROW_INSERT);
    weir_finalize(stmt);
    weir_close(db);
}

/* Appends each row's kind letter; stops the query after the third row (the source never ends). */
static int collect_kind(void *context, weir_stmt *row) {
    char *kinds = (char *)context;
    int kind = weir_row_kind(row);
    strcat(kinds, kind == WEIR_ROW_UPSERT ? "U" : kind == WEIR_ROW_DELETE ? "D" : "I");
    CHECK_INT(weir_column_is_key(row, 0), 1);
    return strlen(kinds) >= 3;
}

static void test_callback_rows_carry_kinds(void) {
    weir_db *db = open_orders();
    char kinds[16] = "";
    /* Rows pushed while no query reads a memory source go to the next query that starts; the source
    ** has not ended, so the result is updating. */
    CHECK_INT(weir_push_json(db, "orders", kOrders, strlen(kOrders)), WEIR_OK);
    CHECK_INT(weir_query_callback(db, kQuery, collect_kind, kinds), WEIR_OK);
    CHECK_STR(kinds, "UDU");
    weir_close(db);
}

int main(void) {
    RUN(test_rows_carry_their_kind);
    RUN(test_batches_carry_kinds);
    RUN(test_callback_rows_carry_kinds);
    if (check_failures) fprintf(stderr, "%d check(s) failed\n", check_failures);
    return check_failures ? 1 : 0;
}
