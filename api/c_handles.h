// The structs behind the C API's opaque handles and the checks and exception barrier every extern "C" function uses.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api/cursor.h"
#include "api/engine.h"
#include "api/result_batch.h"
#include "common/weir_error.h"
#include "weir.h"

// What a statement has been read with so far: the first weir_step / weir_step_batch decides.
// CallbackRow marks the row view handed to a weir_query_callback function (never stepped or freed
// by the host).
enum class WeirReadMode { Undecided, Rows, Batches, CallbackRow };

struct weir_batch {
    weir::ResultBatch rows;
};

struct weir_db {
    std::unique_ptr<weir::Engine> engine;
    std::mutex error_mutex;
    // The last failure of each calling thread (an entry is erased by that thread's next success
    // that resets messages), so threads sharing a db never see or invalidate each other's message.
    std::map<std::thread::id, std::string> errors;
    std::mutex statements_mutex;
    std::set<weir_stmt *> statements;
    std::mutex callback_mutex;
    std::set<weir::JobDriver *> callback_jobs;  // running weir_query_callback queries
};

struct weir_stmt {
    weir_db *db = nullptr;
    std::unique_ptr<weir::Cursor> cursor;
    std::string sql;
    // weir_column_text of the current row, per column: filled on first use (so a second call, or
    // weir_column_bytes, never moves a text already handed out); reset with every new row.
    std::vector<std::optional<std::string>> text_cache;
    bool has_row = false;
    bool done = false;
    WeirReadMode mode = WeirReadMode::Undecided;
    weir_batch batch;
};

namespace weir::capi {

// Live handles (weir_db and weir_stmt), so that a stale or foreign pointer gives WEIR_MISUSE
// instead of a crash. Thread-safe.
bool is_live(const void *handle);
void track(const void *handle);
void untrack(const void *handle);

// Records `message` as the calling thread's last error on db (db may be nullptr); returns rc.
int set_error(weir_db *db, int rc, const std::string &message);
// Forgets the calling thread's last error on db; returns WEIR_OK.
int clear_error(weir_db *db);

// Runs `body`, turning every exception into a result code and a message on `db`.
template <typename Body>
int guarded(weir_db *db, Body body) {
    try {
        return body();
    } catch (const WeirError &error) {
        return set_error(db, error.kind() == ErrorKind::Misuse ? WEIR_MISUSE : WEIR_ERROR, error.what());
    } catch (const std::bad_alloc &) {
        return set_error(db, WEIR_ERROR, "out of memory");
    } catch (const std::exception &error) {
        return set_error(db, WEIR_ERROR, std::string("internal error: ") + error.what());
    } catch (...) {
        return set_error(db, WEIR_ERROR, "internal error");
    }
}

// Takes the statement's read mode `wanted` (Rows or Batches), or explains the misuse on its db.
int claim_mode(weir_stmt *stmt, WeirReadMode wanted);

}  // namespace weir::capi
