// The extern "C" functions of include/weir.h: handle checks, exception barriers, error messages.
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api/c_handles.h"
#include "common/secret_option.h"
#include "parser/parser.h"

namespace weir::capi {

namespace {
std::mutex handles_mutex;
std::set<const void *> &live_handles() {
    static std::set<const void *> handles;
    return handles;
}
}  // namespace

bool is_live(const void *handle) {
    if (!handle) return false;
    std::lock_guard<std::mutex> lock(handles_mutex);
    return live_handles().count(handle) > 0;
}

void track(const void *handle) {
    std::lock_guard<std::mutex> lock(handles_mutex);
    live_handles().insert(handle);
}

void untrack(const void *handle) {
    std::lock_guard<std::mutex> lock(handles_mutex);
    live_handles().erase(handle);
}

int set_error(weir_db *db, int rc, const std::string &message) {
    if (db) {
        std::lock_guard<std::mutex> lock(db->error_mutex);
        db->errors[std::this_thread::get_id()] = mask_secrets(message);  // no secret ever reaches the host
    }
    return rc;
}

int clear_error(weir_db *db) {
    std::lock_guard<std::mutex> lock(db->error_mutex);
    db->errors.erase(std::this_thread::get_id());
    return WEIR_OK;
}

int claim_mode(weir_stmt *stmt, WeirReadMode wanted) {
    if (stmt->mode == wanted) return WEIR_OK;
    if (stmt->mode == WeirReadMode::Undecided) {
        stmt->mode = wanted;
        return WEIR_OK;
    }
    if (stmt->mode == WeirReadMode::CallbackRow) {
        return set_error(stmt->db, WEIR_MISUSE,
                         "the row passed to a weir_query_callback function cannot be stepped; return non-zero to stop");
    }
    return set_error(stmt->db, WEIR_MISUSE,
                     wanted == WeirReadMode::Rows
                         ? "this statement is read with weir_step_batch; keep using it (or prepare the query again)"
                         : "this statement is read with weir_step; keep using it (or prepare the query again)");
}

}  // namespace weir::capi

namespace {

using weir::capi::clear_error;
using weir::capi::guarded;
using weir::capi::is_live;
using weir::capi::set_error;
using weir::capi::track;
using weir::capi::untrack;

bool valid_row(weir_stmt *stmt, int col) {
    return is_live(stmt) && stmt->has_row && col >= 0 && static_cast<size_t>(col) < stmt->cursor->schema().size();
}

// The current row's cell as display text, made once per row (nullptr for NULL or a bad col).
const std::string *cell_text(weir_stmt *stmt, int col) {
    if (!valid_row(stmt, col)) return nullptr;
    std::optional<std::string> &cached = stmt->text_cache[static_cast<size_t>(col)];
    if (!cached) {
        weir::Value value = stmt->cursor->value(static_cast<size_t>(col));
        if (value.is_null()) return nullptr;
        cached = value.to_string();
    }
    return &*cached;
}

int type_code(weir::TypeId type) {
    switch (type) {
    case weir::TypeId::Boolean: return WEIR_BOOLEAN;
    case weir::TypeId::BigInt: return WEIR_BIGINT;
    case weir::TypeId::Double: return WEIR_DOUBLE;
    case weir::TypeId::Text: return WEIR_TEXT;
    case weir::TypeId::Timestamp: return WEIR_TIMESTAMP;
    case weir::TypeId::Interval: return WEIR_INTERVAL;
    case weir::TypeId::Null: return WEIR_NULL;
    }
    return WEIR_NULL;
}

}  // namespace

extern "C" {

int weir_open(const char *state_path, weir_db **db) {
    if (!db) return WEIR_MISUSE;
    *db = nullptr;
    weir_db *handle = new (std::nothrow) weir_db;
    if (!handle) return WEIR_ERROR;
    *db = handle;
    track(handle);
    return guarded(handle, [&] {
        std::string path = state_path ? state_path : ":memory:";
        handle->engine = std::make_unique<weir::Engine>(path);
        return WEIR_OK;
    });
}

int weir_set_option(weir_db *db, const char *name, const char *value) {
    if (!is_live(db) || !name || !value) return WEIR_MISUSE;
    return guarded(db, [&] {
        db->engine->set_option(name, value);
        return WEIR_OK;
    });
}

int weir_reset_job(weir_db *db, const char *job) {
    if (!is_live(db) || !job) return WEIR_MISUSE;
    return guarded(db, [&] {
        db->engine->reset_job(job);
        return clear_error(db);
    });
}

int weir_close(weir_db *db) {
    if (!db) return WEIR_OK;
    if (!is_live(db)) return WEIR_MISUSE;
    std::vector<weir_stmt *> leftovers;
    {
        std::lock_guard<std::mutex> lock(db->statements_mutex);
        leftovers.assign(db->statements.begin(), db->statements.end());
    }
    for (weir_stmt *stmt : leftovers) weir_finalize(stmt);
    untrack(db);
    try {
        db->engine.reset();
    } catch (...) {
    }
    delete db;
    return WEIR_OK;
}

int weir_prepare_tail(weir_db *db, const char *sql, weir_stmt **stmt, const char **tail) {
    if (stmt) *stmt = nullptr;
    if (tail) *tail = sql;
    if (!is_live(db) || !stmt || !sql) return set_error(is_live(db) ? db : nullptr, WEIR_MISUSE, "weir_prepare needs a db, sql and a statement pointer");
    return guarded(db, [&] {
        clear_error(db);
        size_t rest = 0;
        std::shared_ptr<weir::Statement> first = weir::Parser().parse_first(sql, &rest);
        if (tail) *tail = sql + rest;
        if (!first) return WEIR_OK;
        auto handle = std::make_unique<weir_stmt>();
        handle->db = db;
        handle->sql = first->text;
        handle->cursor = db->engine->prepare(first);
        weir_stmt *raw = handle.release();
        {
            std::lock_guard<std::mutex> lock(db->statements_mutex);
            db->statements.insert(raw);
        }
        track(raw);
        *stmt = raw;
        return WEIR_OK;
    });
}

int weir_prepare(weir_db *db, const char *sql, weir_stmt **stmt) { return weir_prepare_tail(db, sql, stmt, nullptr); }

int weir_step(weir_stmt *stmt, int timeout_ms) {
    if (!is_live(stmt)) return WEIR_MISUSE;
    if (int rc = weir::capi::claim_mode(stmt, WeirReadMode::Rows)) return rc;
    if (stmt->done) return WEIR_DONE;
    return guarded(stmt->db, [&] {
        stmt->has_row = false;
        stmt->text_cache.assign(stmt->cursor->schema().size(), std::nullopt);
        switch (stmt->cursor->step(timeout_ms)) {
        case weir::Cursor::Step::Row: stmt->has_row = true; return WEIR_ROW;
        case weir::Cursor::Step::Timeout: return WEIR_TIMEOUT;
        case weir::Cursor::Step::Done: stmt->done = true; return WEIR_DONE;
        }
        return WEIR_ERROR;
    });
}

int weir_interrupt(weir_stmt *stmt) {
    if (!is_live(stmt) || stmt->mode == WeirReadMode::CallbackRow) return WEIR_MISUSE;
    return guarded(stmt->db, [&] {
        stmt->cursor->interrupt();
        return WEIR_OK;
    });
}

int weir_column_count(weir_stmt *stmt) {
    if (!is_live(stmt)) return 0;
    return static_cast<int>(stmt->cursor->schema().size());
}

const char *weir_column_name(weir_stmt *stmt, int col) {
    if (!is_live(stmt) || col < 0 || static_cast<size_t>(col) >= stmt->cursor->schema().size()) return nullptr;
    return stmt->cursor->schema()[static_cast<size_t>(col)].name.c_str();
}

int weir_column_type(weir_stmt *stmt, int col) {
    if (!is_live(stmt) || col < 0 || static_cast<size_t>(col) >= stmt->cursor->schema().size()) return WEIR_NULL;
    return type_code(stmt->cursor->schema()[static_cast<size_t>(col)].type);
}

static_assert(static_cast<int>(weir::ChangeKind::Insert) == WEIR_ROW_INSERT &&
                  static_cast<int>(weir::ChangeKind::Upsert) == WEIR_ROW_UPSERT &&
                  static_cast<int>(weir::ChangeKind::Delete) == WEIR_ROW_DELETE,
              "weir.h's row kinds are ChangeKind's values");

int weir_row_kind(weir_stmt *stmt) {
    if (!is_live(stmt) || !stmt->has_row) return WEIR_ROW_INSERT;
    return static_cast<int>(stmt->cursor->row_kind());
}

int weir_column_is_key(weir_stmt *stmt, int col) {
    if (!is_live(stmt) || !stmt->cursor || col < 0) return 0;
    for (size_t key : stmt->cursor->key_columns()) {
        if (key == static_cast<size_t>(col)) return 1;
    }
    return 0;
}

int weir_column_is_null(weir_stmt *stmt, int col) {
    if (!valid_row(stmt, col)) return 1;
    return stmt->cursor->is_null(static_cast<size_t>(col)) ? 1 : 0;
}

long long weir_column_int64(weir_stmt *stmt, int col) {
    if (!valid_row(stmt, col)) return 0;
    weir::Value value = stmt->cursor->value(static_cast<size_t>(col));
    if (value.is_null()) return 0;
    if (value.type() == weir::TypeId::Double) return static_cast<long long>(value.as_double());
    if (value.type() == weir::TypeId::Text) return std::atoll(value.as_text().c_str());
    return value.as_int();
}

double weir_column_double(weir_stmt *stmt, int col) {
    if (!valid_row(stmt, col)) return 0;
    weir::Value value = stmt->cursor->value(static_cast<size_t>(col));
    if (value.is_null()) return 0;
    if (value.type() == weir::TypeId::Double) return value.as_double();
    if (value.type() == weir::TypeId::Text) return std::atof(value.as_text().c_str());
    return static_cast<double>(value.as_int());
}

const char *weir_column_text(weir_stmt *stmt, int col) {
    const std::string *text = cell_text(stmt, col);
    return text ? text->c_str() : nullptr;
}

int weir_column_bytes(weir_stmt *stmt, int col) {
    const std::string *text = cell_text(stmt, col);
    return text ? static_cast<int>(text->size()) : 0;
}

const char *weir_sql(weir_stmt *stmt) { return is_live(stmt) ? stmt->sql.c_str() : nullptr; }

int weir_finalize(weir_stmt *stmt) {
    if (!stmt) return WEIR_OK;
    if (!is_live(stmt)) return WEIR_MISUSE;
    if (stmt->mode == WeirReadMode::CallbackRow) {
        return set_error(stmt->db, WEIR_MISUSE, "the row passed to a weir_query_callback function is freed by the library");
    }
    untrack(stmt);
    {
        std::lock_guard<std::mutex> lock(stmt->db->statements_mutex);
        stmt->db->statements.erase(stmt);
    }
    try {
        stmt->cursor.reset();
    } catch (...) {
    }
    delete stmt;
    return WEIR_OK;
}

int weir_exec(weir_db *db, const char *sql) {
    if (!is_live(db) || !sql) return WEIR_MISUSE;
    const char *rest = sql;
    while (rest && *rest) {
        weir_stmt *stmt = nullptr;
        int rc = weir_prepare_tail(db, rest, &stmt, &rest);
        if (rc != WEIR_OK) return rc;
        if (!stmt) break;
        while ((rc = weir_step(stmt, -1)) == WEIR_ROW) {
        }
        weir_finalize(stmt);
        if (rc != WEIR_DONE) return rc;
    }
    return WEIR_OK;
}

int weir_push_json(weir_db *db, const char *source, const char *json, size_t len) {
    if (!is_live(db) || !source || (!json && len)) return WEIR_MISUSE;
    return guarded(db, [&] {
        db->engine->push_json(source, std::string_view(json ? json : "", len));
        return clear_error(db);
    });
}

int weir_source_end(weir_db *db, const char *source) {
    if (!is_live(db) || !source) return WEIR_MISUSE;
    return guarded(db, [&] {
        db->engine->end_source(source);
        return clear_error(db);
    });
}

int weir_wait_jobs(weir_db *db, int timeout_ms) {
    if (!is_live(db)) return WEIR_MISUSE;
    return guarded(db, [&] {
        bool idle = db->engine->jobs().wait_all(timeout_ms);
        if (auto failure = db->engine->jobs().take_failure()) return set_error(db, WEIR_ERROR, *failure);
        return idle ? WEIR_DONE : WEIR_TIMEOUT;
    });
}

int weir_wait_bounded_jobs(weir_db *db, int timeout_ms) {
    if (!is_live(db)) return WEIR_MISUSE;
    return guarded(db, [&] { return db->engine->jobs().wait_all(timeout_ms, true) ? WEIR_DONE : WEIR_TIMEOUT; });
}

int weir_stop_jobs(weir_db *db) {
    if (!is_live(db)) return WEIR_MISUSE;
    return guarded(db, [&] {
        db->engine->jobs().request_stop_all();
        std::lock_guard<std::mutex> lock(db->callback_mutex);
        for (weir::JobDriver *job : db->callback_jobs) job->request_stop();
        return WEIR_OK;
    });
}

int weir_set_notice(weir_db *db, weir_notice_fn fn, void *context) {
    if (!is_live(db)) return WEIR_MISUSE;
    return guarded(db, [&] {
        if (!fn) {
            db->engine->set_notice(nullptr);
        } else {
            db->engine->set_notice([fn, context](const std::string &message) { fn(context, message.c_str()); });
        }
        return WEIR_OK;
    });
}

int weir_complete(const char *sql) {
    if (!sql) return 0;
    try {
        return weir::Parser::is_complete(sql) ? 1 : 0;
    } catch (...) {
        return 0;
    }
}

const char *weir_errmsg(weir_db *db) {
    if (!db) return "out of memory or no database handle";
    if (!is_live(db)) return "bad weir_db handle (closed or never opened)";
    std::lock_guard<std::mutex> lock(db->error_mutex);
    auto it = db->errors.find(std::this_thread::get_id());
    return it == db->errors.end() ? "not an error" : it->second.c_str();
}

const char *weir_errstr(int rc) {
    switch (rc) {
    case WEIR_OK: return "not an error";
    case WEIR_ERROR: return "SQL or execution error";
    case WEIR_MISUSE: return "library routine called out of sequence or with bad arguments";
    case WEIR_NOTFOUND: return "not found";
    case WEIR_ROW: return "another row available";
    case WEIR_DONE: return "no more rows available";
    case WEIR_TIMEOUT: return "timed out waiting for a row";
    }
    return "unknown error code";
}

const char *weir_libversion(void) { return WEIR_VERSION; }

int weir_libversion_number(void) { return WEIR_VERSION_NUMBER; }

}  // extern "C"
