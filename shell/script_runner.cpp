// Statement loop of the shell: prepare, step, print, report.
#include "shell/script_runner.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>

namespace weir_shell {

namespace {

// The statement's first `count` words in upper case, separated by one space (blanks and comments
// skipped); fewer when the text has fewer.
std::string first_words(weir_stmt *stmt, int count) {
    const char *sql = weir_sql(stmt);
    if (!sql) return "";
    std::string text = sql;
    std::string words;
    size_t i = 0;
    for (int n = 0; n < count; n++) {
        for (;;) {
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
            if (text.compare(i, 2, "--") == 0) {
                i = text.find('\n', i);
                if (i == std::string::npos) return words;
                continue;
            }
            if (text.compare(i, 2, "/*") == 0) {
                i = text.find("*/", i + 2);
                if (i == std::string::npos) return words;
                i += 2;
                continue;
            }
            break;
        }
        if (n > 0) words += ' ';
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) {
            words += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i++])));
        }
    }
    return words;
}

// True if the statement is a query (its first word is SELECT or WITH).
bool is_query(weir_stmt *stmt) {
    std::string word = first_words(stmt, 1);
    return word == "SELECT" || word == "WITH";
}

}  // namespace

std::atomic<bool> interrupt_requested{false};

void ScriptRunner::report_error(const std::string &sql) {
    std::string message = weir_errmsg(db_);
    std::fprintf(stderr, "Error: %s\n", message.c_str());
    // "line L, column C": show that line of the statement with a caret under the column.
    std::smatch match;
    static const std::regex position(R"(line (\d+), column (\d+))");
    if (!std::regex_search(message, match, position)) return;
    int line = std::atoi(match[1].str().c_str());
    int column = std::atoi(match[2].str().c_str());
    size_t start = 0;
    for (int i = 1; i < line && start != std::string::npos; i++) {
        start = sql.find('\n', start);
        if (start != std::string::npos) start++;
    }
    if (start == std::string::npos) return;
    size_t end = sql.find('\n', start);
    std::string text = sql.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (column < 1 || static_cast<size_t>(column) > text.size() + 1) return;
    std::fprintf(stderr, "  %s\n  %s^\n", text.c_str(), std::string(static_cast<size_t>(column - 1), ' ').c_str());
}

bool ScriptRunner::run_live(weir_stmt *stmt) {
    live_->begin(stmt);
    bool interrupted = false;
    for (;;) {
        if (interrupt_requested.load() && !interrupted) {
            weir_interrupt(stmt);
            interrupted = true;
        }
        int rc = weir_step(stmt, 100);
        if (rc == WEIR_ROW) {
            live_->add_row(stmt);
            live_->refresh(stmt);
            continue;
        }
        if (rc == WEIR_TIMEOUT) {
            live_->refresh(stmt);
            continue;
        }
        if (rc == WEIR_DONE) {
            live_->finish(stmt, interrupted ? LiveTable::End::Stopped : LiveTable::End::Finished);
            return true;
        }
        live_->finish(stmt, LiveTable::End::Failed);
        return false;
    }
}

bool ScriptRunner::run_statement(weir_stmt *stmt) {
    if (live_ && is_query(stmt)) return run_live(stmt);
    printer_.begin(stmt);
    bool interrupted = false;
    for (;;) {
        if (interrupt_requested.load() && !interrupted) {
            weir_interrupt(stmt);
            interrupted = true;
        }
        int rc = weir_step(stmt, 100);
        if (rc == WEIR_ROW) {
            printer_.add_row(stmt);
            continue;
        }
        printer_.flush();
        if (rc == WEIR_TIMEOUT) continue;
        if (rc == WEIR_DONE) return true;
        return false;
    }
}

bool ScriptRunner::run(const std::string &sql) {
    const char *rest = sql.c_str();
    while (rest && *rest) {
        weir_stmt *stmt = nullptr;
        const char *statement_start = rest;
        if (weir_prepare_tail(db_, rest, &stmt, &rest) != WEIR_OK) {
            report_error(statement_start);
            return false;
        }
        if (!stmt) break;
        if (script_ && first_words(stmt, 2) == "SHOW JOBS") {
            // SHOW JOBS reads the jobs when prepared: wait, then prepare it again.
            while (!interrupt_requested.load() && weir_wait_bounded_jobs(db_, 200) == WEIR_TIMEOUT) {
            }
            weir_finalize(stmt);
            if (weir_prepare(db_, statement_start, &stmt) != WEIR_OK) {
                report_error(statement_start);
                return false;
            }
        }
        bool ok = run_statement(stmt);
        weir_finalize(stmt);
        if (!ok) {
            report_error(statement_start);
            return false;
        }
        if (interrupt_requested.load()) return true;
    }
    return true;
}

bool ScriptRunner::wait_for_jobs() {
    bool stopping = false;
    for (;;) {
        if (interrupt_requested.load() && !stopping) {
            weir_stop_jobs(db_);
            stopping = true;
        }
        int rc = weir_wait_jobs(db_, 200);
        if (rc == WEIR_DONE) return true;
        if (rc == WEIR_ERROR) {
            std::fprintf(stderr, "Error: %s\n", weir_errmsg(db_));
            return false;
        }
    }
}

}  // namespace weir_shell
