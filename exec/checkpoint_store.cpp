// SQLite persistence of job checkpoints and of the job audit log.
#include "exec/checkpoint_store.h"

#include <sqlite3.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <system_error>

#include "common/weir_error.h"
#include "exec/checkpointed_jobs.h"

namespace weir {

namespace {

// A prepared statement finalized on scope exit.
class Query {
public:
    Query(sqlite3 *db, const char *sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) statement_ = nullptr;
    }
    ~Query() { sqlite3_finalize(statement_); }
    bool ok() const { return statement_ != nullptr; }
    Query &bind(int index, const std::string &text) {
        sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Query &bind_blob(int index, const std::string &bytes) {
        sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Query &bind(int index, int64_t value) {
        sqlite3_bind_int64(statement_, index, value);
        return *this;
    }
    int step() { return sqlite3_step(statement_); }
    int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
    std::string text(int column) const {
        const void *bytes = sqlite3_column_blob(statement_, column);
        int length = sqlite3_column_bytes(statement_, column);
        return bytes ? std::string(static_cast<const char *>(bytes), static_cast<size_t>(length)) : std::string();
    }

private:
    sqlite3 *db_;
    sqlite3_stmt *statement_ = nullptr;
};

uint32_t checksum_of(const std::string &job, const Checkpoint &checkpoint) {
    uLong crc = crc32(0L, Z_NULL, 0);
    auto add = [&crc](const std::string &field) {
        uint64_t length = field.size();
        crc = crc32(crc, reinterpret_cast<const Bytef *>(&length), sizeof length);
        crc = crc32(crc, reinterpret_cast<const Bytef *>(field.data()), static_cast<uInt>(field.size()));
    };
    add(std::to_string(CheckpointStore::kFormatVersion));
    add(job);
    add(std::to_string(checkpoint.id));
    add(checkpoint.definition);
    add(checkpoint.positions);
    add(checkpoint.state);
    return static_cast<uint32_t>(crc);
}

int64_t now_micros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

CheckpointStore::CheckpointStore(const std::string &directory, int keep)
    : directory_(directory), keep_(keep < 1 ? 1 : keep) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) {
        throw WeirError(ErrorKind::Io, "cannot create the state directory '" + directory + "': " + error.message() + ".");
    }
    path_ = (std::filesystem::path(directory) / kFileName).string();
    // A constructor that throws runs no destructor: close the connection here on every failure.
    try {
        open_and_check();
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
}

void CheckpointStore::open_and_check() {
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        fail("cannot open it");
    }
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("CREATE TABLE IF NOT EXISTS weir_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    exec("INSERT OR IGNORE INTO weir_meta VALUES ('format_version', '1')");
    {
        Query query(db_, "SELECT value FROM weir_meta WHERE key = 'format_version'");
        if (!query.ok() || query.step() != SQLITE_ROW) fail("its format version cannot be read");
        std::string version = query.text(0);
        if (version != std::to_string(kFormatVersion)) {
            throw WeirError(ErrorKind::Io, "the state file '" + path_ + "' has format version " + version +
                                               " but this weir reads version " + std::to_string(kFormatVersion) +
                                               "; use the weir that wrote it or a new state directory.");
        }
    }
    exec("CREATE TABLE IF NOT EXISTS weir_checkpoints (job TEXT NOT NULL, id INTEGER NOT NULL, created_at INTEGER "
         "NOT NULL, definition TEXT NOT NULL, positions BLOB NOT NULL, state BLOB NOT NULL, checksum INTEGER NOT "
         "NULL, PRIMARY KEY (job, id))");
    exec("CREATE TABLE IF NOT EXISTS weir_job_runs (run INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, "
         "started_at INTEGER NOT NULL, ended_at INTEGER, status TEXT NOT NULL, records_in INTEGER "
         "NOT NULL DEFAULT 0, records_out INTEGER NOT NULL DEFAULT 0, late INTEGER NOT NULL DEFAULT 0, bad INTEGER "
         "NOT NULL DEFAULT 0, resumed_from INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '')");
    exec("CREATE VIEW IF NOT EXISTS weir_ended_runs AS SELECT run, job, started_at, ended_at, status, records_in, "
         "records_out, late, bad, resumed_from, last_error FROM weir_job_runs WHERE status <> 'running'");
    exec("CREATE TABLE IF NOT EXISTS weir_job_resets (job TEXT PRIMARY KEY COLLATE NOCASE, requested_at INTEGER "
         "NOT NULL)");
}

CheckpointStore::~CheckpointStore() { sqlite3_close(db_); }

void CheckpointStore::fail(const std::string &what) const {
    std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
    throw WeirError(ErrorKind::Io, "the state file '" + path_ + "' is unusable: " + what + " (" + reason + "); " +
                                       unusable_advice());
}

void CheckpointStore::exec(const char *sql) {
    char *message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string reason = message ? message : "unknown error";
        sqlite3_free(message);
        throw WeirError(ErrorKind::Io, "the state file '" + path_ + "' is unusable: " + reason + "; " +
                                           unusable_advice());
    }
}

std::string CheckpointStore::unusable_advice() const {
    return "restore it from a backup, or move it away and start its jobs over with `weir --state " + directory_ +
           " --reset-job NAME`.";
}

std::string CheckpointStore::reset_advice(const std::string &job) const {
    return "restore the file from a backup, or start the job over with `weir --state " + directory_ + " --reset-job " +
           job + "` (weir_reset_job in the C API; the reset deletes no rows of its sink)";
}

void CheckpointStore::save(const std::string &job, const Checkpoint &checkpoint) {
    exec("BEGIN IMMEDIATE");
    try {
        Query insert(db_,
                     "INSERT OR REPLACE INTO weir_checkpoints (job, id, created_at, definition, positions, state, "
                     "checksum) VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!insert.ok()) fail("a checkpoint cannot be written");
        insert.bind(1, job).bind(2, checkpoint.id).bind(3, checkpoint.created_at ? checkpoint.created_at : now_micros());
        insert.bind(4, checkpoint.definition).bind_blob(5, checkpoint.positions).bind_blob(6, checkpoint.state);
        insert.bind(7, static_cast<int64_t>(checksum_of(job, checkpoint)));
        if (insert.step() != SQLITE_DONE) fail("checkpoint " + std::to_string(checkpoint.id) + " cannot be written");
        Query prune(db_,
                    "DELETE FROM weir_checkpoints WHERE job = ? AND id NOT IN (SELECT id FROM weir_checkpoints "
                    "WHERE job = ? ORDER BY id DESC LIMIT ?)");
        if (!prune.ok()) fail("old checkpoints cannot be dropped");
        prune.bind(1, job).bind(2, job).bind(3, static_cast<int64_t>(keep_));
        if (prune.step() != SQLITE_DONE) fail("old checkpoints cannot be dropped");
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    // After the commit: a crash in between leaves a stored checkpoint unlisted, never a listed job
    // without one.
    if (listed_.insert(job).second) CheckpointedJobs(directory_).add(job);
}

std::optional<Checkpoint> CheckpointStore::load_latest(const std::string &job, int64_t max_id,
                                                       const std::function<void(const std::string &)> &warn) {
    Query query(db_,
                "SELECT id, created_at, definition, positions, state, checksum FROM weir_checkpoints WHERE job = ? "
                "AND id <= ? ORDER BY id DESC");
    if (!query.ok()) fail("its checkpoints cannot be read");
    query.bind(1, job).bind(2, max_id);
    std::vector<int64_t> corrupt;  // reported once a good one is found (or in the error when none is)
    while (true) {
        int status = query.step();
        if (status == SQLITE_DONE) break;
        if (status != SQLITE_ROW) fail("the checkpoints of job '" + job + "' cannot be read");
        Checkpoint checkpoint;
        checkpoint.id = query.integer(0);
        checkpoint.created_at = query.integer(1);
        checkpoint.definition = query.text(2);
        checkpoint.positions = query.text(3);
        checkpoint.state = query.text(4);
        if (static_cast<int64_t>(checksum_of(job, checkpoint)) != query.integer(5)) {
            corrupt.push_back(checkpoint.id);
            continue;
        }
        for (int64_t id : corrupt) {
            if (!warn) break;
            warn("checkpoint " + std::to_string(id) + " of job '" + job + "' in '" + path_ +
                 "' is corrupt (its checksum does not match); using the previous one.");
        }
        return checkpoint;
    }
    if (!corrupt.empty()) {
        std::string ids;
        for (int64_t id : corrupt) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
        throw WeirError(ErrorKind::Io, "every checkpoint of job `" + job + "` in '" + path_ + "' is corrupt (" +
                                           (corrupt.size() == 1 ? "checkpoint " : "checkpoints ") + ids +
                                           ": checksums do not match); " + reset_advice(job) + ".");
    }
    if (ids(job).empty() && CheckpointedJobs(directory_).contains(job)) {
        throw WeirError(ErrorKind::Io, "the state file '" + path_ + "' held checkpoints of job `" + job +
                                           "` and now has none (was it emptied or replaced?); " + reset_advice(job) +
                                           ".");
    }
    return std::nullopt;
}

void CheckpointStore::drop_after(const std::string &job, int64_t id) {
    Query query(db_, "DELETE FROM weir_checkpoints WHERE job = ? AND id > ?");
    if (!query.ok() || query.bind(1, job).bind(2, id).step() != SQLITE_DONE) fail("checkpoints cannot be dropped");
    unlist_if_empty(job);
}

void CheckpointStore::unlist_if_empty(const std::string &job) {
    if (!ids(job).empty()) return;
    listed_.erase(job);
    CheckpointedJobs(directory_).remove(job);
}

void CheckpointStore::drop_job(const std::string &job) { drop_after(job, INT64_MIN); }

void CheckpointStore::reset_job(const std::string &job) {
    exec("BEGIN IMMEDIATE");
    try {
        // Job names are identifiers: `--reset-job Totals` resets job totals.
        Query drop(db_, "DELETE FROM weir_checkpoints WHERE job = ? COLLATE NOCASE");
        if (!drop.ok() || drop.bind(1, job).step() != SQLITE_DONE) fail("checkpoints cannot be dropped");
        Query request(db_, "INSERT OR REPLACE INTO weir_job_resets (job, requested_at) VALUES (?, ?)");
        if (!request.ok() || request.bind(1, job).bind(2, now_micros()).step() != SQLITE_DONE) {
            fail("the reset cannot be recorded");
        }
        int64_t now = now_micros();
        Query log(db_, "INSERT INTO weir_job_runs (job, started_at, ended_at, status, last_error) VALUES (?, ?, ?, "
                       "'reset', 'its checkpoints were dropped (weir --reset-job)')");
        if (!log.ok() || log.bind(1, job).bind(2, now).bind(3, now).step() != SQLITE_DONE) {
            fail("the job log cannot be written");
        }
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    listed_.erase(job);
    CheckpointedJobs(directory_).remove(job);
}

bool CheckpointStore::reset_pending(const std::string &job) {
    Query query(db_, "SELECT 1 FROM weir_job_resets WHERE job = ?");
    if (!query.ok()) fail("the reset of job '" + job + "' cannot be read");
    int status = query.bind(1, job).step();
    if (status != SQLITE_ROW && status != SQLITE_DONE) fail("the reset of job '" + job + "' cannot be read");
    return status == SQLITE_ROW;
}

void CheckpointStore::reset_done(const std::string &job) {
    Query query(db_, "DELETE FROM weir_job_resets WHERE job = ?");
    if (!query.ok() || query.bind(1, job).step() != SQLITE_DONE) {
        fail("the reset of job '" + job + "' cannot be cleared");
    }
}

void CheckpointStore::list_checkpointed_jobs() {
    Query query(db_, "SELECT DISTINCT job FROM weir_checkpoints");
    if (!query.ok()) fail("its checkpoints cannot be read");
    CheckpointedJobs listed(directory_);
    while (query.step() == SQLITE_ROW) {
        std::string job = query.text(0);
        listed.add(job);
        listed_.insert(job);
    }
}

std::vector<int64_t> CheckpointStore::ids(const std::string &job) {
    Query query(db_, "SELECT id FROM weir_checkpoints WHERE job = ? ORDER BY id");
    if (!query.ok()) fail("its checkpoints cannot be read");
    query.bind(1, job);
    std::vector<int64_t> result;
    while (query.step() == SQLITE_ROW) result.push_back(query.integer(0));
    return result;
}

int64_t CheckpointStore::begin_run(const std::string &job, int64_t resumed_from) {
    Query query(db_, "INSERT INTO weir_job_runs (job, started_at, status, resumed_from) VALUES (?, ?, 'running', ?)");
    if (!query.ok() || query.bind(1, job).bind(2, now_micros()).bind(3, resumed_from).step() != SQLITE_DONE) {
        fail("the job log cannot be written");
    }
    return sqlite3_last_insert_rowid(db_);
}

void CheckpointStore::set_resumed_from(int64_t run, int64_t checkpoint) {
    Query query(db_, "UPDATE weir_job_runs SET resumed_from = ? WHERE run = ?");
    if (!query.ok() || query.bind(1, checkpoint).bind(2, run).step() != SQLITE_DONE) fail("the job log cannot be written");
}

void CheckpointStore::end_run(const Run &run) {
    Query query(db_,
                "UPDATE weir_job_runs SET ended_at = ?, status = ?, records_in = ?, records_out = ?, late = ?, bad = "
                "?, last_error = ?, resumed_from = ? WHERE run = ?");
    if (!query.ok()) fail("the job log cannot be written");
    query.bind(1, run.ended_at ? run.ended_at : now_micros()).bind(2, run.status).bind(3, run.records_in);
    query.bind(4, run.records_out).bind(5, run.late).bind(6, run.bad).bind(7, run.last_error).bind(8, run.resumed_from);
    query.bind(9, run.run);
    if (query.step() != SQLITE_DONE) fail("the job log cannot be written");
}

int CheckpointStore::mark_crashed_runs() {
    Query query(db_, "UPDATE weir_job_runs SET status = 'crashed', last_error = 'the process ended without closing "
                     "this run (it was killed or crashed)' WHERE status = 'running'");
    if (!query.ok() || query.step() != SQLITE_DONE) fail("the job log cannot be written");
    return sqlite3_changes(db_);
}

std::vector<CheckpointStore::Run> CheckpointStore::runs(const std::string &job) {
    Query query(db_,
                "SELECT run, job, started_at, ended_at, status, records_in, records_out, late, bad, resumed_from, "
                "last_error FROM weir_job_runs WHERE ? = '' OR job = ? ORDER BY run");
    if (!query.ok()) fail("the job log cannot be read");
    query.bind(1, job).bind(2, job);
    std::vector<Run> result;
    while (query.step() == SQLITE_ROW) {
        Run run;
        run.run = query.integer(0);
        run.job = query.text(1);
        run.started_at = query.integer(2);
        run.ended_at = query.integer(3);
        run.status = query.text(4);
        run.records_in = query.integer(5);
        run.records_out = query.integer(6);
        run.late = query.integer(7);
        run.bad = query.integer(8);
        run.resumed_from = query.integer(9);
        run.last_error = query.text(10);
        result.push_back(std::move(run));
    }
    return result;
}

}  // namespace weir
