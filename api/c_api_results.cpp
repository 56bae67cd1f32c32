// The extern "C" functions of include/weir.h that read results other than row by row: batches, the row callback, metrics.
#include <atomic>
#include <chrono>

#include "api/c_handles.h"
#include "api/callback_sink.h"
#include "api/row_view_cursor.h"
#include "parser/parser.h"

using weir::capi::clear_error;
using weir::capi::guarded;
using weir::capi::is_live;
using weir::capi::set_error;

namespace {

void fill_metrics(const weir::JobMetrics &metrics, double seconds, weir_metrics *out) {
    out->records_in = metrics.records_in.load();
    out->records_out = metrics.records_out.load();
    out->late_records = metrics.late_records.load();
    out->bad_records = metrics.bad_records.load();
    long long watermark = metrics.watermark.load();
    out->watermark = watermark == weir::kWatermarkMax || watermark == weir::kWatermarkMin ? WEIR_NO_WATERMARK : watermark;
    out->seconds = seconds;
    out->state_groups = metrics.state_groups.load();
}

// Keeps a weir_query_callback query visible to weir_stop_jobs, and its row handle live, while it
// runs; undoes both on every way out.
class CallbackRegistration {
public:
    CallbackRegistration(weir_db *db, weir::JobDriver *job, weir_stmt *row) : db_(db), job_(job), row_(row) {
        std::lock_guard<std::mutex> lock(db_->callback_mutex);
        db_->callback_jobs.insert(job_);
        weir::capi::track(row_);
    }
    ~CallbackRegistration() {
        weir::capi::untrack(row_);
        std::lock_guard<std::mutex> lock(db_->callback_mutex);
        db_->callback_jobs.erase(job_);
    }
    CallbackRegistration(const CallbackRegistration &) = delete;
    CallbackRegistration &operator=(const CallbackRegistration &) = delete;

private:
    weir_db *db_;
    weir::JobDriver *job_;
    weir_stmt *row_;
};

}  // namespace

extern "C" {

int weir_stmt_metrics(weir_stmt *stmt, weir_metrics *out) {
    if (!is_live(stmt) || !out) return WEIR_MISUSE;
    *out = weir_metrics{};
    out->watermark = WEIR_NO_WATERMARK;
    const weir::JobMetrics *metrics = stmt->cursor->metrics();
    if (!metrics) return WEIR_OK;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - stmt->cursor->started).count();
    fill_metrics(*metrics, seconds, out);
    return WEIR_OK;
}

int weir_job_metrics(weir_db *db, const char *job, weir_metrics *out) {
    if (!is_live(db) || !job || !out) return WEIR_MISUSE;
    return guarded(db, [&] {
        for (const weir::JobInfo &info : db->engine->jobs().list()) {
            if (!weir::iequals(info.name, job)) continue;
            out->records_in = info.records_in;
            out->records_out = info.records_out;
            out->late_records = info.late_records;
            out->bad_records = info.bad_records;
            bool none = info.watermark == weir::kWatermarkMax || info.watermark == weir::kWatermarkMin;
            out->watermark = none ? WEIR_NO_WATERMARK : info.watermark;
            out->seconds = info.seconds;
            out->state_groups = info.state_groups;
            return WEIR_OK;
        }
        return set_error(db, WEIR_NOTFOUND, std::string("no job named `") + job + "`; SHOW JOBS lists them");
    });
}

int weir_step_batch(weir_stmt *stmt, int timeout_ms, weir_batch **batch) {
    if (batch) *batch = nullptr;
    if (!is_live(stmt) || !batch) return WEIR_MISUSE;
    if (int rc = weir::capi::claim_mode(stmt, WeirReadMode::Batches)) return rc;
    if (stmt->done) return WEIR_DONE;
    return guarded(stmt->db, [&] {
        switch (stmt->cursor->step_batch(timeout_ms, stmt->batch.rows.fill())) {
        case weir::Cursor::Step::Row: *batch = &stmt->batch; return WEIR_ROW;
        case weir::Cursor::Step::Timeout: return WEIR_TIMEOUT;
        case weir::Cursor::Step::Done: stmt->done = true; return WEIR_DONE;
        }
        return WEIR_ERROR;
    });
}

int weir_batch_row_count(weir_batch *batch) { return batch ? static_cast<int>(batch->rows.row_count()) : 0; }

int weir_batch_column_count(weir_batch *batch) { return batch ? static_cast<int>(batch->rows.column_count()) : 0; }

const long long *weir_batch_column_int64s(weir_batch *batch, int col) {
    if (!batch || col < 0) return nullptr;
    try {
        return batch->rows.int64s(static_cast<size_t>(col));
    } catch (...) {
        return nullptr;
    }
}

const double *weir_batch_column_doubles(weir_batch *batch, int col) {
    if (!batch || col < 0) return nullptr;
    try {
        return batch->rows.doubles(static_cast<size_t>(col));
    } catch (...) {
        return nullptr;
    }
}

const char *weir_batch_column_text(weir_batch *batch, int col, int row) {
    if (!batch || col < 0 || row < 0) return nullptr;
    try {
        return batch->rows.text(static_cast<size_t>(col), static_cast<size_t>(row));
    } catch (...) {
        return nullptr;
    }
}

int weir_batch_column_bytes(weir_batch *batch, int col, int row) {
    if (!batch || col < 0 || row < 0) return 0;
    try {
        return static_cast<int>(batch->rows.text_bytes(static_cast<size_t>(col), static_cast<size_t>(row)));
    } catch (...) {
        return 0;
    }
}

int weir_batch_is_null(weir_batch *batch, int col, int row) {
    if (!batch || col < 0 || row < 0) return 1;
    return batch->rows.is_null(static_cast<size_t>(col), static_cast<size_t>(row)) ? 1 : 0;
}

int weir_batch_row_kind(weir_batch *batch, int row) {
    if (!batch || row < 0 || static_cast<size_t>(row) >= batch->rows.row_count()) return WEIR_ROW_INSERT;
    return static_cast<int>(batch->rows.kind(static_cast<size_t>(row)));
}

int weir_query_callback(weir_db *db, const char *sql, weir_row_fn on_row, void *context) {
    if (!is_live(db) || !sql || !on_row) {
        return set_error(is_live(db) ? db : nullptr, WEIR_MISUSE, "weir_query_callback needs a db, a SELECT and a row function");
    }
    return guarded(db, [&] {
        clear_error(db);
        std::shared_ptr<weir::Statement> statement = weir::Parser().parse_first(sql, nullptr);
        if (!statement) return set_error(db, WEIR_ERROR, "weir_query_callback got no statement; pass one SELECT");
        auto row = std::make_unique<weir_stmt>();
        row->db = db;
        row->sql = statement->text;
        row->mode = WeirReadMode::CallbackRow;
        row->has_row = true;
        weir_stmt *handle = row.get();
        auto stop_wanted = std::make_shared<std::atomic<bool>>(false);
        auto sink = std::make_unique<weir::CallbackSink>(
            [handle, on_row, context](const weir::Batch &batch, size_t index, weir::ChangeKind kind) {
                static_cast<weir::RowViewCursor &>(*handle->cursor).point_at(&batch, index, kind);
                handle->text_cache.assign(handle->text_cache.size(), std::nullopt);
                return on_row(context, handle) == 0;
            },
            stop_wanted);
        weir::Schema schema;
        std::vector<size_t> keys;
        std::unique_ptr<weir::JobDriver> job = db->engine->build_query(*statement, std::move(sink), &schema, &keys);
        row->text_cache.assign(schema.size(), std::nullopt);
        row->cursor = std::make_unique<weir::RowViewCursor>(std::move(schema));
        row->cursor->set_key_columns(std::move(keys));
        CallbackRegistration registration(db, job.get(), handle);
        job->start();
        while (!job->wait_for(20)) {
            if (stop_wanted->load()) job->request_stop();
        }
        job->join();
        if (job->state() == weir::JobState::Failed) return set_error(db, WEIR_ERROR, job->error());
        return WEIR_OK;
    });
}

}  // extern "C"
