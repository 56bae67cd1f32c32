// Turns REPL input lines into statements and dot commands and runs them.
#pragma once

#include <string>
#include <vector>

#include "shell/live_table.h"
#include "shell/notice_queue.h"
#include "shell/result_printer.h"
#include "shell/script_runner.h"
#include "weir.h"

namespace weir_shell {

// Lines accumulate until they end a statement (weir_complete); a line starting with '.' outside a
// statement is a dot command. Independent of the terminal: the Repl feeds it lines, `.read` feeds
// it a file's lines.
class CommandProcessor {
public:
    enum class Status { Continue, Quit };
    struct Result {
        Status status = Status::Continue;
        std::string completed;  // the whole statement(s) or dot command this line completed
    };

    // live may be nullptr (output is not a terminal): then SELECT results go through the printer.
    CommandProcessor(weir_db *db, ResultPrinter &printer, ScriptRunner &runner, LiveTable *live,
                     NoticeQueue *notices);
    Result feed_line(const std::string &line);
    // True while a statement has begun but not ended (the prompt shows continuation).
    bool in_statement() const { return !buffer_.empty(); }
    // Forgets a partly typed statement (Ctrl-C at the prompt).
    void clear_statement() { buffer_.clear(); }
    static const char *help_text();

private:
    Status run_dot_command(const std::string &line);
    // Runs complete SQL text statement by statement; false after the first failing one.
    bool run_sql(const std::string &sql);
    bool run_one(const std::string &statement);
    bool read_file(const std::string &path);
    void update_live_table();

    weir_db *db_;
    ResultPrinter &printer_;
    ScriptRunner &runner_;
    LiveTable *live_;
    NoticeQueue *notices_;
    std::string buffer_;
    bool explain_ = false;
    bool timer_ = false;
    int read_depth_ = 0;
};

}  // namespace weir_shell
