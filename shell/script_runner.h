// Runs SQL text statement by statement against a weir_db, printing results and errors.
#pragma once

#include <atomic>
#include <string>

#include "shell/live_table.h"
#include "shell/result_printer.h"
#include "weir.h"

namespace weir_shell {

// Set from the SIGINT/SIGTERM handler; a running SELECT is interrupted when it becomes true.
extern std::atomic<bool> interrupt_requested;

class ScriptRunner {
public:
    ScriptRunner(weir_db *db, ResultPrinter &printer) : db_(db), printer_(printer) {}
    // Runs every statement of sql; returns false after the first failing statement (message on
    // stderr, the statement's position marked when the error names one). A SELECT is read until it
    // ends or an interrupt is requested (its query is then stopped, not the program).
    bool run(const std::string &sql);
    // Waits for background jobs (INSERT INTO) to end; on interrupt stops them gracefully.
    // Returns false if a job failed.
    bool wait_for_jobs();
    // A script (-f, -c, stdin) rather than the REPL: its SHOW JOBS first waits for the jobs over
    // bounded sources to end (weir_wait_bounded_jobs), so it reports what they did, not that they
    // have not started yet. Off by default.
    void set_script(bool script) { script_ = script; }
    // When set (the REPL on a terminal, format table), SELECT results are shown by live instead of
    // the printer. nullptr turns it off. Not owned.
    void set_live_table(LiveTable *live) { live_ = live; }

private:
    bool run_statement(weir_stmt *stmt);
    bool run_live(weir_stmt *stmt);
    void report_error(const std::string &sql);
    weir_db *db_;
    ResultPrinter &printer_;
    LiveTable *live_ = nullptr;
    bool script_ = false;
};

}  // namespace weir_shell
