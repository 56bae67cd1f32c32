/*
** weir: an embeddable streaming SQL engine ("SQLite for streams"). This header is the whole public
** contract of libweir; the `weir` shell is a client of it and nothing else.
**
** Lifetimes. A weir_db owns its catalog, its running jobs and its statements' shared state. Close
** every weir_stmt with weir_finalize before weir_close (weir_close finalizes leftovers itself, but a
** handle used after that is undefined behaviour, as in SQLite). Every destructor accepts NULL.
**
** Strings. Pointers returned by weir_errmsg, weir_column_name and weir_column_text are owned by the
** library: weir_column_text is valid until the next weir_step or weir_finalize of that statement,
** weir_errmsg until the next call on that weir_db from the same thread.
**
** Threads. A weir_db may be used from several threads at once (calls are serialized inside). A
** weir_stmt belongs to one thread at a time. Jobs run on their own threads; the notice callback is
** called from those threads and must be thread-safe.
**
** Errors. Every function returns a result code; no C++ exception ever crosses this header. The
** message of the last error on a db is weir_errmsg(db): one sentence saying what is wrong and what
** to do. Secrets (passwords, keys) never appear in messages.
*/
#ifndef WEIR_H
#define WEIR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WEIR_VERSION "0.1.0"
#define WEIR_VERSION_NUMBER 1000 /* major * 1000000 + minor * 1000 + patch */

/* Result codes. */
#define WEIR_OK 0        /* success */
#define WEIR_ERROR 1     /* SQL error, bad data, failed job, I/O: see weir_errmsg */
#define WEIR_MISUSE 21   /* the API was used wrongly (NULL handle, finalized statement, ...) */
#define WEIR_NOTFOUND 12 /* a named object (source, job) does not exist */
#define WEIR_ROW 100     /* weir_step: a row is ready */
#define WEIR_DONE 101    /* weir_step: no more rows; weir_wait_jobs: every job has ended */
#define WEIR_TIMEOUT 102 /* weir_step / weir_wait_jobs: nothing yet within the timeout */

/* Column types. */
#define WEIR_NULL 0
#define WEIR_BOOLEAN 1
#define WEIR_BIGINT 2
#define WEIR_DOUBLE 3
#define WEIR_TEXT 4
#define WEIR_TIMESTAMP 5 /* microseconds since 1970-01-01 UTC, read with weir_column_int64 */
#define WEIR_INTERVAL 6  /* microseconds, read with weir_column_int64 */

typedef struct weir_db weir_db;     /* one engine: catalog, running jobs, state directory */
typedef struct weir_stmt weir_stmt; /* one prepared statement / result cursor */

/* Opens an engine. state_path NULL or ":memory:" keeps nothing on disk. On failure *db is still set
** (so weir_errmsg works) unless it is out of memory; close it with weir_close. */
int weir_open(const char *state_path, weir_db **db);
/* Stops every job gracefully (flush, close sinks), finalizes leftover statements, frees the db.
** NULL is a no-op. */
int weir_close(weir_db *db);

/* Runs every statement in sql, in order, stopping at the first error. CREATE/DROP change the
** catalog; INSERT INTO starts a background job; a SELECT runs until its sources end and its rows are
** discarded (use weir_prepare to read them). */
int weir_exec(weir_db *db, const char *sql);

/* Prepares the first statement of sql. A SELECT starts running now (its result rows are buffered
** until stepped); SHOW/DESCRIBE/EXPLAIN produce rows; other statements run at the first weir_step,
** which returns WEIR_DONE. If tail is not NULL it receives a pointer to the text after the first
** statement (for running a script one statement at a time). A blank sql gives *stmt = NULL, WEIR_OK. */
int weir_prepare(weir_db *db, const char *sql, weir_stmt **stmt);
int weir_prepare_tail(weir_db *db, const char *sql, weir_stmt **stmt, const char **tail);
/* Waits up to timeout_ms (negative: forever) for the next row. Returns WEIR_ROW, WEIR_DONE when the
** query has ended, WEIR_TIMEOUT, or WEIR_ERROR when the query failed (message in weir_errmsg). */
int weir_step(weir_stmt *stmt, int timeout_ms);
/* Stops a running SELECT early (safe from another thread, e.g. a signal-handling thread);
** the next weir_step returns WEIR_DONE once buffered rows are read. */
int weir_interrupt(weir_stmt *stmt);
int weir_column_count(weir_stmt *stmt);
const char *weir_column_name(weir_stmt *stmt, int col);
int weir_column_type(weir_stmt *stmt, int col); /* declared type of the column: WEIR_BOOLEAN.. */
int weir_column_is_null(weir_stmt *stmt, int col);
long long weir_column_int64(weir_stmt *stmt, int col); /* BIGINT, BOOLEAN, TIMESTAMP, INTERVAL */
double weir_column_double(weir_stmt *stmt, int col);   /* DOUBLE (BIGINT converted) */
/* Any column as text, in the engine's display form (timestamps "2025-01-15 14:00:00"); NULL for NULL. */
const char *weir_column_text(weir_stmt *stmt, int col);
/* The statement's text as prepared (without the trailing semicolon). */
const char *weir_sql(weir_stmt *stmt);
/* Stops the statement's query if it still runs and frees it. NULL is a no-op. */
int weir_finalize(weir_stmt *stmt);

/* Progress of a running query or job. watermark is microseconds since the epoch, or
** WEIR_NO_WATERMARK before any data and after the input ended. */
#define WEIR_NO_WATERMARK (-9223372036854775807LL - 1)
typedef struct weir_metrics {
    long long records_in;   /* well-formed records read from the source */
    long long records_out;  /* rows delivered to the sink or result */
    long long late_records; /* records that arrived after all their windows closed */
    long long bad_records;  /* malformed records skipped (or that stopped the job) */
    long long watermark;
    double seconds;         /* since the query or job started */
} weir_metrics;
/* Fills *out with the metrics of a SELECT's query (any other statement: zeros, WEIR_OK). */
int weir_stmt_metrics(weir_stmt *stmt, weir_metrics *out);
/* Fills *out with the metrics of the named background job; WEIR_NOTFOUND if there is none. */
int weir_job_metrics(weir_db *db, const char *job, weir_metrics *out);

/* Pushes one or more JSON lines (objects, separated by newlines) into a source created with
** connector = 'memory'. Malformed lines are counted and reported like any bad record. */
int weir_push_json(weir_db *db, const char *source, const char *json, size_t len);
/* Marks a memory source as ended: its windows flush and queries reading it finish. */
int weir_source_end(weir_db *db, const char *source);

/* Waits up to timeout_ms (negative: forever) for every running job (INSERT INTO) to end.
** Returns WEIR_DONE when none is running, WEIR_TIMEOUT otherwise, WEIR_ERROR if a job failed
** (message in weir_errmsg). */
int weir_wait_jobs(weir_db *db, int timeout_ms);
/* Asks every running job to stop gracefully (flush sinks); returns at once. */
int weir_stop_jobs(weir_db *db);

/* Receives notices: malformed records skipped, late records, jobs started/finished. Called from job
** threads; must be thread-safe. fn NULL removes it. */
typedef void (*weir_notice_fn)(void *context, const char *message);
int weir_set_notice(weir_db *db, weir_notice_fn fn, void *context);

/* 1 if sql ends with a complete statement (a semicolon outside strings and comments), else 0. */
int weir_complete(const char *sql);

const char *weir_errmsg(weir_db *db);
const char *weir_errstr(int rc);
const char *weir_libversion(void);
int weir_libversion_number(void);

#ifdef __cplusplus
}
#endif

#endif /* WEIR_H */
