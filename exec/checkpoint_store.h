// Durable, versioned and checksummed job checkpoints in a SQLite file inside the state directory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

struct sqlite3;

namespace weir {

// One stored checkpoint of a job.
struct Checkpoint {
    int64_t id = 0;             // 1, 2, 3 ... per job
    int64_t created_at = 0;     // wall clock, microseconds since the epoch
    std::string definition;     // the job's definition text (recovery refuses a changed one)
    std::string positions;      // the source's position() text ("" = not replayable)
    std::string state;          // the operators' and watermark snapshot (StateWriter bytes)
};

// The file is <dir>/weir_state.db (the directory is created if missing), opened in WAL mode with
// synchronous=FULL so save() is durable when it returns. Its format is versioned (a table
// weir_meta holds format_version; a newer or unknown one → WeirError(Io) saying so) and every row
// carries a CRC-32 of its fields. load_latest() returns the newest checkpoint of a job with id <=
// max_id whose checksum verifies; a row that does not verify is reported through `warn` (one
// sentence naming the job and id) and skipped in favour of the previous one. Never a silent fresh
// start: a file that SQLite cannot read at all (torn, not a database) → WeirError(Io) naming the
// file and what to do; so does a job whose every checkpoint <= max_id fails its checksum, and a job
// that has no checkpoint left although CheckpointedJobs lists it (the file was emptied, replaced or
// lost its tables) — both name the file, the job and `--reset-job`. save() keeps the newest `keep`
// checkpoints per job (default 3) and drops older ones in the same transaction, and lists the job
// in CheckpointedJobs; drop_after(job, id) deletes checkpoints newer than id (a recovery that
// resumed from id) and unlists a job left with none. Each instance owns one connection; instances
// for different jobs may share the file (SQLite locking, busy timeout 5 s). Not thread-safe per
// instance. The engine holds the state directory's lock (StateDirectoryLock) while it uses it.
class CheckpointStore {
public:
    static constexpr int kFormatVersion = 1;
    static constexpr const char *kFileName = "weir_state.db";

    explicit CheckpointStore(const std::string &directory, int keep = 3);
    ~CheckpointStore();
    CheckpointStore(const CheckpointStore &) = delete;
    CheckpointStore &operator=(const CheckpointStore &) = delete;

    const std::string &path() const { return path_; }
    void save(const std::string &job, const Checkpoint &checkpoint);
    std::optional<Checkpoint> load_latest(const std::string &job, int64_t max_id = INT64_MAX,
                                          const std::function<void(const std::string &)> &warn = {});
    void drop_after(const std::string &job, int64_t id);
    // Forgets every checkpoint of `job` (DROP JOB ... / a deliberate fresh start).
    void drop_job(const std::string &job);
    // `weir --reset-job`: forgets every checkpoint of `job` (its name compared ignoring case),
    // unlists it, logs a run with status 'reset' and records a pending reset that the job's next
    // start carries out (clears its sink's bookkeeping), then clears with reset_done. The audit
    // log's earlier rows stay.
    void reset_job(const std::string &job);
    bool reset_pending(const std::string &job);
    void reset_done(const std::string &job);
    // Lists in CheckpointedJobs every job that has checkpoints (a state directory of an older weir,
    // or a crash between a save and its listing); the engine calls it when it opens the directory.
    void list_checkpointed_jobs();
    // Ids stored for `job`, ascending (tests, SHOW JOBS).
    std::vector<int64_t> ids(const std::string &job);

    // The job audit log (table weir_job_runs): one row per run of a job.
    struct Run {
        int64_t run = 0;  // row id
        std::string job;
        int64_t started_at = 0;
        int64_t ended_at = 0;  // 0 while running (NULL in the table)
        std::string status;    // running, finished, stopped, failed, crashed, reset
        int64_t records_in = 0, records_out = 0, late = 0, bad = 0;
        int64_t resumed_from = 0;  // checkpoint id the run resumed from (0 = fresh)
        std::string last_error;
    };
    // Inserts a row with status 'running' and returns its id.
    int64_t begin_run(const std::string &job, int64_t resumed_from);
    // Records which checkpoint run `run` resumed from (known only after the recovery succeeded).
    void set_resumed_from(int64_t run, int64_t checkpoint);
    // Sets ended_at (now unless given), status, the counters, resumed_from and last_error of row run.run.
    void end_run(const Run &run);
    std::vector<Run> runs(const std::string &job = "");
    // Marks every run still 'running' as 'crashed' (ended_at stays NULL, last_error says why) and
    // returns how many. Call only while holding the state directory's lock: then no live process
    // owns such a run.
    int mark_crashed_runs();
    // A view of weir_job_runs without the runs in progress (the built-in source weir_job_runs).
    static constexpr const char *kEndedRunsView = "weir_ended_runs";

private:
    // Opens the file, checks its format version and creates missing tables.
    void open_and_check();
    void exec(const char *sql);
    [[noreturn]] void fail(const std::string &what) const;
    // "restore it from a backup, or start the job over with `weir --state DIR --reset-job JOB` ..."
    std::string reset_advice(const std::string &job) const;
    std::string unusable_advice() const;
    void unlist_if_empty(const std::string &job);

    std::string directory_;
    std::string path_;
    int keep_;
    sqlite3 *db_ = nullptr;
    std::set<std::string> listed_;  // jobs this instance knows CheckpointedJobs lists
};

}  // namespace weir
