/*
** weir: an embeddable streaming SQL engine ("SQLite for streams"). This header is the whole public
** contract of libweir; the `weir` shell is a client of it and nothing else. It compiles as C89 (with
** `long long`, as sqlite3.h does) and as C++.
**
** Handles. weir_db is one engine: its catalog, memory sources, running jobs and statements.
** weir_stmt is one prepared statement and its result cursor. weir_batch is a block of result rows
** owned by its statement. All are opaque. A stale handle (finalized, closed, never opened) passed to
** any function gives WEIR_MISUSE (or a NULL / zero result) instead of a crash, as far as the library
** can tell; do not rely on that for memory that was reused.
**
** Lifetimes. Close every weir_stmt with weir_finalize before weir_close (weir_close finalizes
** leftovers itself, but a handle used after that is undefined behaviour, as in SQLite). Every
** destructor accepts NULL. Strings and arrays returned by the library are owned by it:
**   - weir_column_name: until the statement is finalized;
**   - weir_column_text: until the next weir_step or weir_finalize of that statement;
**   - weir_batch and everything read from it: until the next weir_step_batch or weir_finalize of the
**     statement that produced it;
**   - weir_sql: until the statement is finalized;
**   - weir_errmsg: until the next call on that weir_db from the same thread;
**   - the weir_stmt passed to a weir_query_callback row function: during that call only;
**   - weir_errstr, weir_libversion: forever.
**
** Threads. A weir_db may be used from several threads at once: the engine is thread-safe and each
** thread sees the messages of its own failed calls in weir_errmsg. A weir_stmt (and its batches)
** belongs to one thread at a time; only weir_interrupt may be called on it from another thread.
** weir_close must not run while another thread is inside a call on the same db. Every query runs on
** a job thread of its own: the notice function and weir_query_callback's row function are called
** from those threads and must be thread-safe with respect to the host's other threads.
**
** Errors. Every function returns a result code (or a documented neutral value such as NULL or 0);
** no C++ exception ever crosses this header. The message of the last failed call on a db (per
** thread) is weir_errmsg(db): one sentence saying what is wrong and what to do; syntax errors name
** the line and column. Secrets (passwords, keys) never appear in messages.
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

typedef struct weir_db weir_db;       /* one engine: catalog, running jobs, state directory */
typedef struct weir_stmt weir_stmt;   /* one prepared statement / result cursor */
typedef struct weir_batch weir_batch; /* a block of result rows, read column by column */

/* ---- Opening and closing ---------------------------------------------------------------------- */

/* Opens an engine. state_path NULL or ":memory:" keeps nothing on disk. Returns WEIR_OK, WEIR_MISUSE
** if db is NULL, or WEIR_ERROR. On failure *db is still set (so weir_errmsg works) unless it is out
** of memory (then *db is NULL); close it with weir_close. A state directory is locked until
** weir_close: another engine or process opening it gets WEIR_ERROR at once, naming the holder's pid. */
int weir_open(const char *state_path, weir_db **db);
/* Stops every job gracefully (flush, close sinks), finalizes leftover statements, frees the db.
** NULL is a no-op (WEIR_OK); a stale handle gives WEIR_MISUSE. */
int weir_close(weir_db *db);

/* Sets an engine option for jobs started afterwards. Options: "checkpoint_interval" (a duration
** such as "10s" or "500ms"; "0" = checkpoints only at a graceful stop and at the end of a bounded
** input; default "10s"). Checkpoints are taken only when the engine has a state directory
** (weir_open with a path): INSERT jobs then resume from their newest checkpoint when the same job
** (same name, same INSERT text) is started again. Returns WEIR_OK, WEIR_MISUSE (NULL argument,
** unknown option or bad value, message in weir_errmsg). */
int weir_set_option(weir_db *db, const char *name, const char *value);

/* Starts job `job` over (the shell's --reset-job): forgets its checkpoints in the state directory;
** when the job next starts, its sink forgets its record of them (PostgreSQL: the job's row of
** weir_sink_commits) and the job reads its input from the start. The reset deletes no rows of the sink. Returns
** WEIR_OK, or WEIR_MISUSE (NULL argument, no state directory, the job is running). */
int weir_reset_job(weir_db *db, const char *job);

/* ---- Running statements ----------------------------------------------------------------------- */

/* Runs every statement in sql, in order, stopping at the first error (WEIR_ERROR with the message
** in weir_errmsg). CREATE/DROP change the catalog; INSERT INTO starts a background job; a SELECT
** runs until its sources end and its rows are discarded (use weir_prepare to read them). */
int weir_exec(weir_db *db, const char *sql);

/* Prepares the first statement of sql. A SELECT starts running now (its result rows are buffered
** until stepped; a memory source delivers to it every row pushed from now on); SHOW/DESCRIBE/EXPLAIN
** produce rows; other statements run at the first weir_step, which returns WEIR_DONE or their error.
** If tail is not NULL it receives a pointer to the text after the first statement (for running a
** script one statement at a time). A blank sql gives *stmt = NULL and WEIR_OK. On error *stmt is
** NULL: WEIR_ERROR for bad SQL (the message names line and column), WEIR_MISUSE for NULL arguments. */
int weir_prepare(weir_db *db, const char *sql, weir_stmt **stmt);
int weir_prepare_tail(weir_db *db, const char *sql, weir_stmt **stmt, const char **tail);

/* Waits up to timeout_ms (0: do not wait; negative: forever) for the next row. Returns WEIR_ROW (the
** row is readable with weir_column_*), WEIR_DONE when the query has ended (and again on every later
** call), WEIR_TIMEOUT, WEIR_ERROR when the query failed (message in weir_errmsg), or WEIR_MISUSE for
** a stale handle, a callback row, or a statement already read with weir_step_batch. */
int weir_step(weir_stmt *stmt, int timeout_ms);
/* Stops a running SELECT early (safe from another thread, e.g. a signal-handling thread); the next
** steps return the rows already produced, then WEIR_DONE. */
int weir_interrupt(weir_stmt *stmt);

/* Result columns; valid as soon as the statement is prepared. Out-of-range col or a stale handle:
** weir_column_count 0, weir_column_name NULL, weir_column_type WEIR_NULL. */
int weir_column_count(weir_stmt *stmt);
const char *weir_column_name(weir_stmt *stmt, int col);
int weir_column_type(weir_stmt *stmt, int col); /* declared type of the column: WEIR_BOOLEAN.. */

/* Cells of the current row (after weir_step returned WEIR_ROW, or inside a weir_query_callback row
** function). Without a current row, or with col out of range: weir_column_is_null 1, the numbers 0,
** weir_column_text NULL. A NULL cell reads as 0 / NULL text. */
int weir_column_is_null(weir_stmt *stmt, int col);
long long weir_column_int64(weir_stmt *stmt, int col); /* BIGINT, BOOLEAN, TIMESTAMP, INTERVAL */
double weir_column_double(weir_stmt *stmt, int col);   /* DOUBLE (BIGINT converted) */
/* Any column as text, in the engine's display form (timestamps "2025-01-15 14:00:00"); NULL for NULL.
** The text is followed by a NUL, but a TEXT value may itself contain NUL bytes (JSON "\u0000"): a
** host that must see every byte reads weir_column_bytes of them. */
const char *weir_column_text(weir_stmt *stmt, int col);
/* The length in bytes of the cell's text (as weir_column_text returns it, without the terminating
** NUL), like sqlite3_column_bytes; 0 for a NULL cell, no current row or col out of range. Calling it
** before or after weir_column_text leaves the text where it is. */
int weir_column_bytes(weir_stmt *stmt, int col);
/* The statement's text as prepared (without the trailing semicolon); NULL for a stale handle. */
const char *weir_sql(weir_stmt *stmt);
/* Stops the statement's query if it still runs, waits for its job thread and frees it. NULL is a
** no-op (WEIR_OK); a stale handle or a callback row gives WEIR_MISUSE. */
int weir_finalize(weir_stmt *stmt);

/* ---- Reading a batch of rows at a time (columnar) --------------------------------------------- */

/* Like weir_step, but hands over every row that is ready (at least one, at most a few thousand) as
** one batch: returns WEIR_ROW with *batch set, or WEIR_DONE / WEIR_TIMEOUT / WEIR_ERROR / WEIR_MISUSE
** with *batch = NULL. The batch is owned by the statement and valid until the next weir_step_batch
** or weir_finalize of it. A statement is read either row by row or batch by batch: the first
** weir_step or weir_step_batch call decides, and calling the other one later gives WEIR_MISUSE. */
int weir_step_batch(weir_stmt *stmt, int timeout_ms, weir_batch **batch);
/* Number of rows (>= 1) and of columns in the batch; 0 for NULL. Columns are the statement's. */
int weir_batch_row_count(weir_batch *batch);
int weir_batch_column_count(weir_batch *batch);
/* The whole column as one contiguous array of weir_batch_row_count values, or NULL if col is out of
** range or the column has another type. weir_batch_column_int64s: BIGINT, TIMESTAMP, INTERVAL and
** BOOLEAN (0/1) columns; weir_batch_column_doubles: DOUBLE columns. The value at a NULL cell is 0. */
const long long *weir_batch_column_int64s(weir_batch *batch, int col);
const double *weir_batch_column_doubles(weir_batch *batch, int col);
/* One cell as text in the display form (as weir_column_text); NULL for a NULL cell or bad col/row. */
const char *weir_batch_column_text(weir_batch *batch, int col, int row);
/* The length in bytes of that text without its terminating NUL (TEXT may contain NUL bytes, as with
** weir_column_bytes); 0 for a NULL cell, bad col/row or a NULL batch. */
int weir_batch_column_bytes(weir_batch *batch, int col, int row);
/* 1 if the cell is NULL (or col/row is out of range), else 0. */
int weir_batch_is_null(weir_batch *batch, int col, int row);

/* ---- Change kinds (docs/changelog.md) --------------------------------------------------------- */

/* What a result row does to the result table. An append-only result has only WEIR_ROW_INSERT rows.
** An updating result (EMIT CHANGES, a GROUP BY without a window over an unbounded source) has
** WEIR_ROW_UPSERT rows (the row of its key is now this one, its first version included) and, after
** HAVING, WEIR_ROW_DELETE rows (its key has no row any more; the row holds the key and the last
** values). The key is the query's group keys (plus window_start for a window). */
#define WEIR_ROW_INSERT 0
#define WEIR_ROW_UPSERT 1
#define WEIR_ROW_DELETE 2
/* 1 if column col identifies the row of an updating result (a group key, or window_start of a
** window: rows with equal key columns are versions of one row), else 0; valid once prepared. */
int weir_column_is_key(weir_stmt *stmt, int col);
/* The change kind of the current row (after weir_step returned WEIR_ROW, or of a weir_query_callback
** row); WEIR_ROW_INSERT without a current row or for a stale handle. */
int weir_row_kind(weir_stmt *stmt);
/* The change kind of a row of a batch; WEIR_ROW_INSERT for a bad row or a NULL batch. */
int weir_batch_row_kind(weir_batch *batch, int row);

/* ---- Pushing rows to the host (callback) ------------------------------------------------------ */

/* Called once per result row, in order, never concurrently. Read the row with weir_column_* on
** `row` (valid during the call only; weir_step / weir_finalize on it give WEIR_MISUSE). Return 0 to
** go on, non-zero to stop the query (no further calls follow). */
typedef int (*weir_row_fn)(void *context, weir_stmt *row);
/* Runs one SELECT and calls on_row for each result row on the query's job thread (not the calling
** thread), with no queue in between. Blocks the calling thread until the query ends: its sources
** ended, on_row returned non-zero, or weir_stop_jobs(db) was called from another thread; then returns
** WEIR_OK. Returns WEIR_ERROR for bad SQL, a statement that is not a SELECT, or a failed query
** (message in weir_errmsg), WEIR_MISUSE for NULL arguments. A host that wants the rows pushed while it
** does other work calls this from a thread of its own. */
int weir_query_callback(weir_db *db, const char *sql, weir_row_fn on_row, void *context);

/* ---- Metrics ---------------------------------------------------------------------------------- */

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
    long long state_groups; /* live aggregation state: (window pane, group) entries held */
} weir_metrics;
/* Fills *out with the metrics of a SELECT's query (any other statement: zeros, WEIR_OK). Counters
** are updated by the job thread as it goes, so they may lag the rows already read by a batch or so;
** after the statement returned WEIR_DONE they are final. WEIR_MISUSE for a stale handle or NULL out. */
int weir_stmt_metrics(weir_stmt *stmt, weir_metrics *out);
/* Fills *out with the metrics of the named background job (names are case-insensitive; finished
** jobs stay listed until a new job takes the name); WEIR_NOTFOUND if there is none. */
int weir_job_metrics(weir_db *db, const char *job, weir_metrics *out);

/* ---- Memory sources (connector = 'memory') ---------------------------------------------------- */

/* Pushes one or more JSON lines (objects, separated by newlines; blank lines ignored) into a source
** created with connector = 'memory'. Every query reading the source receives them; when none reads
** it they are buffered (up to the source's max_buffered lines) for the next query that starts.
** Malformed lines are not an error here: the queries count them in bad_records and report them
** through the notice function. WEIR_ERROR if no such source exists; WEIR_MISUSE if it is not a
** memory source, is weir_errors (fed by the engine only), has ended, or its buffer is full (no query
** reads it). */
int weir_push_json(weir_db *db, const char *source, const char *json, size_t len);
/* Marks a memory source as ended: its windows flush and queries reading it finish. */
int weir_source_end(weir_db *db, const char *source);

/* One column of the rows weir_push_columns pushes: row_count values in one contiguous array. */
typedef struct weir_push_column {
    const char *name;           /* the source column it fills (matched as a JSON key is: ignoring case) */
    int type;                   /* WEIR_BOOLEAN, WEIR_BIGINT, WEIR_DOUBLE, WEIR_TEXT, WEIR_TIMESTAMP, WEIR_INTERVAL */
    const void *values;         /* BOOLEAN: unsigned char 0/1; BIGINT, TIMESTAMP (microseconds since
                                ** 1970-01-01 UTC), INTERVAL (microseconds): long long; DOUBLE: double (NaN
                                ** and +-inf are NULL); TEXT: long long codes into the strings below, a
                                ** negative code is NULL */
    const unsigned char *nulls; /* NULL (no NULL cell), or row_count bytes, non-zero marking a NULL cell */
    const char *text;           /* TEXT: the distinct strings, UTF-8, one after another */
    const long long *text_offsets; /* TEXT: text_count + 1 ascending offsets: string i is text[offsets[i]..offsets[i+1]) */
    long long text_count;       /* TEXT: number of distinct strings */
} weir_push_column;
/* Pushes row_count rows given column by column (as a DataFrame holds them) into a memory source,
** with the meaning of weir_push_json of the same rows as JSON objects (a key per column, NULL cells
** as null): the source's columns missing here are NULL, values convert to the declared types as JSON
** values do, rows that do not convert are malformed (counted, reported) rather than an error. All rows
** are pushed or none. Returns WEIR_OK; WEIR_MISUSE for a NULL or inconsistent argument (an unknown
** type, a TEXT code out of range, offsets that decrease; the message names the column) and in the
** cases weir_push_json gives it; WEIR_ERROR if no such source exists. */
int weir_push_columns(weir_db *db, const char *source, const weir_push_column *columns, int column_count,
                      long long row_count);

/* ---- Background jobs -------------------------------------------------------------------------- */

/* Waits up to timeout_ms (negative: forever) for every running job (INSERT INTO) to end.
** Returns WEIR_DONE when none is running, WEIR_TIMEOUT otherwise, WEIR_ERROR if a job failed
** (message in weir_errmsg; each failure is reported once). */
int weir_wait_jobs(weir_db *db, int timeout_ms);
/* Like weir_wait_jobs, but waits only for the running jobs whose sources are bounded (files, a
** generator with count, an ended memory source, Kafka or Redis with stop = 'latest'): those end by
** themselves. Returns WEIR_DONE when none of them runs, WEIR_TIMEOUT otherwise; job failures are
** left for weir_wait_jobs to report. The weir shell runs it before a script's SHOW JOBS. */
int weir_wait_bounded_jobs(weir_db *db, int timeout_ms);
/* Asks every running job, and every weir_query_callback query, to stop gracefully (flush sinks);
** returns at once. */
int weir_stop_jobs(weir_db *db);

/* Receives notices: malformed records skipped, late records, jobs started/finished. Called from job
** threads, possibly several at once; must be thread-safe and must not call back into the same db.
** The message is valid during the call only. fn NULL removes it. */
typedef void (*weir_notice_fn)(void *context, const char *message);
int weir_set_notice(weir_db *db, weir_notice_fn fn, void *context);

/* ---- Miscellaneous ---------------------------------------------------------------------------- */

/* 1 if sql ends with a complete statement (a semicolon outside strings and comments), else 0. */
int weir_complete(const char *sql);

/* The message of the last failed call on db from this thread, or "not an error" if none failed since
** this thread's last successful weir_prepare, weir_exec or weir_push_json; for a NULL or stale db a
** fixed message saying so. */
const char *weir_errmsg(weir_db *db);
/* A fixed English description of a result code. */
const char *weir_errstr(int rc);
/* WEIR_VERSION and WEIR_VERSION_NUMBER of the library actually linked. */
const char *weir_libversion(void);
int weir_libversion_number(void);

#ifdef __cplusplus
}
#endif

#endif /* WEIR_H */
