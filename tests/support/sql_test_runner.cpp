// Runs sqllogictest-style files (tests/sql/**/*.test) against libweir through the public C API.
//
// Records are separated by blank lines; '#' starts a comment line.
//   statement ok | statement error <regex>      + SQL (one statement, may span lines)
//   query <types> [rowsort|nosort]              + SQL + "----" + expected rows
//       types: one letter per column: I integer, R real (printed with up to 6 decimals), T text,
//       B boolean, S timestamp (any letter other than R prints the engine's display text).
//       Each expected row is the column values joined with " | "; NULL prints as NULL.
//   push <source>                               + JSON lines for a memory source
//   end <source>                                ends a memory source (its windows flush)
//   write <file>                                + lines written to __WORK_DIR__/<file>
//   wait jobs                                   waits until every INSERT INTO job has ended
//   query-sqlite <types> <db file> [rowsort]    + SQL run by SQLite on that file + ---- + rows
// In SQL and file names, __TEST_DIR__ is the test file's folder and __WORK_DIR__ a fresh scratch
// folder for this run. Exit status 0 when every record passed.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "weir.h"

namespace {

struct Record {
    int line = 0;
    std::vector<std::string> header;  // words of the first line
    std::vector<std::string> body;    // lines before "----"
    std::vector<std::string> expected;
    bool has_separator = false;
};

std::vector<std::string> split_words(const std::string &line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    std::string word;
    while (in >> word) words.push_back(word);
    return words;
}

std::string trim(const std::string &text) {
    size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return "";
    size_t end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

std::string replace_all(std::string text, const std::string &from, const std::string &to) {
    size_t pos = 0;
    while ((pos = text.find(from, pos)) != std::string::npos) {
        text.replace(pos, from.size(), to);
        pos += to.size();
    }
    return text;
}

std::string join(const std::vector<std::string> &lines, const char *separator) {
    std::string out;
    for (size_t i = 0; i < lines.size(); i++) out += (i ? separator : "") + lines[i];
    return out;
}

std::string format_real(const char *text) {
    double value = std::atof(text);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6f", value);
    std::string out = buffer;
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
    if (out == "-0") out = "0";
    return out;
}

std::vector<Record> read_records(const std::string &path) {
    std::ifstream in(path);
    std::vector<Record> records;
    std::string line;
    int number = 0;
    Record current;
    bool in_record = false;
    auto finish = [&] {
        if (in_record) records.push_back(current);
        current = Record();
        in_record = false;
    };
    while (std::getline(in, line)) {
        number++;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty()) {
            finish();
            continue;
        }
        if (!in_record && line[0] == '#') continue;
        if (!in_record) {
            in_record = true;
            current.line = number;
            current.header = split_words(line);
            continue;
        }
        if (line == "----") {
            current.has_separator = true;
            continue;
        }
        (current.has_separator ? current.expected : current.body).push_back(line);
    }
    finish();
    return records;
}

class Runner {
public:
    Runner(std::string path, std::string test_dir, std::string work_dir)
        : path_(std::move(path)), test_dir_(std::move(test_dir)), work_dir_(std::move(work_dir)) {}
    ~Runner() { weir_close(db_); }

    bool open() {
        if (weir_open(nullptr, &db_) != WEIR_OK) {
            std::fprintf(stderr, "cannot open engine: %s\n", weir_errmsg(db_));
            return false;
        }
        return true;
    }

    int run() {
        int failures = 0;
        int passed = 0;
        for (const Record &record : read_records(path_)) {
            std::string error = run_record(record);
            if (error.empty()) {
                passed++;
                continue;
            }
            failures++;
            std::fprintf(stderr, "%s:%d: %s\n", path_.c_str(), record.line, error.c_str());
        }
        std::printf("%s: %d records passed, %d failed\n", path_.c_str(), passed, failures);
        return failures;
    }

private:
    std::string substitute(const std::string &text) const {
        return replace_all(replace_all(text, "__TEST_DIR__", test_dir_), "__WORK_DIR__", work_dir_);
    }

    std::string run_record(const Record &record) {
        const std::string &kind = record.header[0];
        std::string sql = substitute(join(record.body, "\n"));
        if (kind == "statement") return run_statement(record, sql);
        if (kind == "query") return run_query(record, sql);
        if (kind == "query-sqlite") return run_sqlite_query(record, sql);
        if (kind == "push" && record.header.size() == 2) {
            std::string lines = join(record.body, "\n") + "\n";
            if (weir_push_json(db_, record.header[1].c_str(), lines.data(), lines.size()) != WEIR_OK) {
                return std::string("push failed: ") + weir_errmsg(db_);
            }
            return "";
        }
        if (kind == "end" && record.header.size() == 2) {
            if (weir_source_end(db_, record.header[1].c_str()) != WEIR_OK) {
                return std::string("end failed: ") + weir_errmsg(db_);
            }
            return "";
        }
        if (kind == "write" && record.header.size() == 2) {
            std::ofstream out(work_dir_ + "/" + record.header[1]);
            for (const auto &line : record.body) out << substitute(line) << "\n";
            return out ? "" : "cannot write " + record.header[1];
        }
        if (kind == "wait" && record.header.size() == 2 && record.header[1] == "jobs") {
            int rc = weir_wait_jobs(db_, 60000);
            if (rc == WEIR_DONE) return "";
            return rc == WEIR_TIMEOUT ? "jobs still running after 60 s" : std::string("a job failed: ") + weir_errmsg(db_);
        }
        return "unknown record '" + join(record.header, " ") + "'";
    }

    std::string run_statement(const Record &record, const std::string &sql) {
        bool expect_error = record.header.size() >= 2 && record.header[1] == "error";
        if (!expect_error && !(record.header.size() == 2 && record.header[1] == "ok")) {
            return "expected 'statement ok' or 'statement error <regex>'";
        }
        int rc = weir_exec(db_, sql.c_str());
        if (!expect_error) return rc == WEIR_OK ? "" : std::string("statement failed: ") + weir_errmsg(db_);
        if (rc == WEIR_OK) return "statement succeeded but an error was expected";
        std::string pattern = trim(record.header.size() > 2 ? std::string(join(record.header, " ").substr(
                                                                  record.header[0].size() + record.header[1].size() + 2))
                                                            : std::string(".*"));
        std::string message = weir_errmsg(db_);
        if (!std::regex_search(message, std::regex(pattern))) {
            return "error message '" + message + "' does not match /" + pattern + "/";
        }
        return "";
    }

    std::string compare(const Record &record, std::vector<std::string> actual, bool sort) {
        std::vector<std::string> expected;
        for (const auto &line : record.expected) expected.push_back(trim(substitute(line)));
        if (sort) {
            std::sort(actual.begin(), actual.end());
            std::sort(expected.begin(), expected.end());
        }
        if (actual == expected) return "";
        return "wrong result\n--- expected\n" + join(expected, "\n") + "\n--- actual\n" + join(actual, "\n");
    }

    std::string run_query(const Record &record, const std::string &sql) {
        if (record.header.size() < 2) return "query needs column types";
        const std::string &types = record.header[1];
        bool sort = record.header.size() > 2 && record.header[2] == "rowsort";
        weir_stmt *stmt = nullptr;
        if (weir_prepare(db_, sql.c_str(), &stmt) != WEIR_OK) return std::string("prepare failed: ") + weir_errmsg(db_);
        if (!stmt) return "no statement";
        if (weir_column_count(stmt) != static_cast<int>(types.size())) {
            std::string error = "query has " + std::to_string(weir_column_count(stmt)) + " columns but types '" + types +
                                "' name " + std::to_string(types.size());
            weir_finalize(stmt);
            return error;
        }
        std::vector<std::string> rows;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        int rc;
        while ((rc = weir_step(stmt, 1000)) == WEIR_ROW || rc == WEIR_TIMEOUT) {
            if (rc == WEIR_TIMEOUT) {
                if (std::chrono::steady_clock::now() > deadline) {
                    weir_finalize(stmt);
                    return "query did not finish within 60 s (is its source bounded?)";
                }
                continue;
            }
            std::vector<std::string> cells;
            for (size_t i = 0; i < types.size(); i++) {
                const char *text = weir_column_text(stmt, static_cast<int>(i));
                if (!text) cells.push_back("NULL");
                else if (types[i] == 'R') cells.push_back(format_real(text));
                else cells.push_back(text);
            }
            rows.push_back(join(cells, " | "));
        }
        std::string error = rc == WEIR_DONE ? "" : std::string("query failed: ") + weir_errmsg(db_);
        weir_finalize(stmt);
        if (!error.empty()) return error;
        return compare(record, rows, sort);
    }

    std::string run_sqlite_query(const Record &record, const std::string &sql) {
        if (record.header.size() < 3) return "query-sqlite needs types and a database file";
        const std::string &types = record.header[1];
        std::string file = substitute(record.header[2]);
        bool sort = record.header.size() > 3 && record.header[3] == "rowsort";
        sqlite3 *db = nullptr;
        if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            sqlite3_close(db);
            return "cannot open SQLite file " + file;
        }
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            std::string error = std::string("SQLite: ") + sqlite3_errmsg(db);
            sqlite3_close(db);
            return error;
        }
        std::vector<std::string> rows;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            std::vector<std::string> cells;
            for (size_t i = 0; i < types.size(); i++) {
                const unsigned char *text = sqlite3_column_text(stmt, static_cast<int>(i));
                if (!text) cells.push_back("NULL");
                else if (types[i] == 'R') cells.push_back(format_real(reinterpret_cast<const char *>(text)));
                else cells.push_back(reinterpret_cast<const char *>(text));
            }
            rows.push_back(join(cells, " | "));
        }
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        return compare(record, rows, sort);
    }

    std::string path_;
    std::string test_dir_;
    std::string work_dir_;
    weir_db *db_ = nullptr;
};

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: sql_test_runner FILE.test\n");
        return 2;
    }
    std::string path = argv[1];
    std::string test_dir = path.substr(0, path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/'));
    if (test_dir.empty()) test_dir = ".";
    char work_template[] = "/tmp/weir-sqltest-XXXXXX";
    const char *work_dir = mkdtemp(work_template);
    if (!work_dir) {
        std::perror("mkdtemp");
        return 2;
    }
    Runner runner(path, test_dir, work_dir);
    if (!runner.open()) return 2;
    int failures = runner.run();
    std::string cleanup = std::string("rm -rf '") + work_dir + "'";
    if (failures == 0 && std::system(cleanup.c_str()) != 0) std::fprintf(stderr, "could not remove %s\n", work_dir);
    return failures == 0 ? 0 : 1;
}
