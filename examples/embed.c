/* A host program embedding weir: it feeds sensor readings into a memory source and prints one
** row per sensor and minute as each window closes.
**
** Build against an installed libweir:  cc embed.c $(pkg-config --cflags --libs weir) -o embed
** or in the source tree:                cc embed.c -Iinclude -Lbuild -lweir -o embed
*/
#include <stdio.h>
#include <string.h>

#include "weir.h"

/* Stops the program with weir's one-sentence message when a call fails. */
static int check(weir_db *db, int rc, const char *what) {
    if (rc == WEIR_OK) return 0;
    fprintf(stderr, "embed: %s failed: %s\n", what, weir_errmsg(db));
    return 1;
}

/* Pushes some JSON lines (one reading per line) into the memory source `readings`. */
static int push(weir_db *db, const char *lines) {
    return check(db, weir_push_json(db, "readings", lines, strlen(lines)), "weir_push_json");
}

/* Prints one window row (after weir_step returned WEIR_ROW). */
static void print_window(weir_stmt *stmt) {
    printf("%s  %-12s  n=%lld  avg=%.2f  max=%.1f\n",
           weir_column_text(stmt, 1),    /* window_start, in UTC */
           weir_column_text(stmt, 0),    /* sensor */
           weir_column_int64(stmt, 2),   /* n */
           weir_column_double(stmt, 3),  /* avg_temp */
           weir_column_double(stmt, 4)); /* max_temp */
}

int main(void) {
    weir_db *db = NULL;
    weir_stmt *stmt = NULL;
    weir_metrics metrics;
    int rows;
    int rc;

    /* An engine that keeps nothing on disk. */
    if (weir_open(NULL, &db) != WEIR_OK) {
        fprintf(stderr, "embed: weir_open failed: %s\n", weir_errmsg(db));
        weir_close(db);
        return 1;
    }

    /* A source the host feeds itself; event time is ts, and readings may be up to 5 s late. */
    if (check(db, weir_exec(db, "CREATE SOURCE readings (sensor TEXT, temp DOUBLE, ts TIMESTAMP, "
                                "WATERMARK FOR ts AS ts - 5s) WITH (connector = 'memory');"),
              "CREATE SOURCE"))
        goto fail;

    /* A SELECT starts running when it is prepared: from now on it sees every pushed reading. */
    if (check(db, weir_prepare(db, "SELECT sensor, window_start, count(*) AS n, avg(temp) AS avg_temp, "
                                   "max(temp) AS max_temp FROM readings GROUP BY sensor, TUMBLE(ts, 1m);",
                               &stmt),
              "weir_prepare"))
        goto fail;

    /* Minute 14:00 for two sensors. No window has closed yet: the watermark is 14:00:50 - 5 s. */
    if (push(db, "{\"sensor\":\"greenhouse-1\",\"temp\":21.5,\"ts\":\"2025-01-15T14:00:05Z\"}\n"
                 "{\"sensor\":\"greenhouse-2\",\"temp\":18.0,\"ts\":\"2025-01-15T14:00:20Z\"}\n"
                 "{\"sensor\":\"greenhouse-1\",\"temp\":22.5,\"ts\":\"2025-01-15T14:00:35Z\"}\n"
                 "{\"sensor\":\"greenhouse-2\",\"temp\":19.0,\"ts\":\"2025-01-15T14:00:50Z\"}\n"))
        goto fail;
    /* Nothing to read: weir_step waits up to 200 ms and says so. */
    if (weir_step(stmt, 200) == WEIR_TIMEOUT) printf("14:00:50  no window has closed yet\n");

    /* A reading at 14:01:10 moves the watermark to 14:01:05, past the end of the 14:00 window: it
    ** closes, one row per sensor. A malformed line is skipped and counted, not fatal. */
    if (push(db, "{\"sensor\":\"greenhouse-1\",\"temp\":23.0,\"ts\":\"2025-01-15T14:01:10Z\"}\n"
                 "{\"sensor\":\"greenhouse-2\",\"temp\":\"warm\"\n"
                 "{\"sensor\":\"greenhouse-2\",\"temp\":20.0,\"ts\":\"2025-01-15T14:01:40Z\"}\n"))
        goto fail;
    for (rows = 0; rows < 2; rows++) {
        rc = weir_step(stmt, 5000); /* the job thread needs a moment: wait up to 5 s per row */
        if (rc != WEIR_ROW) {
            fprintf(stderr, "embed: expected a closed window, got %s\n", weir_errstr(rc));
            goto fail;
        }
        print_window(stmt);
    }

    /* The host has no more data: ending the source closes every open window. */
    if (check(db, weir_source_end(db, "readings"), "weir_source_end")) goto fail;
    while ((rc = weir_step(stmt, 5000)) == WEIR_ROW) print_window(stmt);
    if (rc != WEIR_DONE) {
        fprintf(stderr, "embed: the query did not end: %s\n", weir_errstr(rc));
        goto fail;
    }

    /* The query's counters: well-formed records in, rows out, malformed records skipped. */
    weir_stmt_metrics(stmt, &metrics);
    printf("records in %lld, rows out %lld, bad records %lld\n", metrics.records_in, metrics.records_out,
           metrics.bad_records);

    weir_finalize(stmt);
    weir_close(db);
    return 0;

fail:
    weir_finalize(stmt);
    weir_close(db);
    return 1;
}
