// Shows a running SELECT on a terminal as a table redrawn in place, under it a status line.
#pragma once

#include <chrono>
#include <cstdio>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "shell/notice_queue.h"
#include "weir.h"

namespace weir_shell {

// Used only when the output is a terminal and the format is table. The frame never grows past the
// terminal's height (older rows scroll away and are counted), so it can always be redrawn in place
// with ANSI cursor movement. Notices queued meanwhile are printed above the frame.
// Mode Table (the default): an append-only result's rows pile up; an updating result (rows of kind
// upsert/delete, docs/changelog.md) is shown as a table updated in place by its key columns: an
// upsert replaces its key's row (or adds it at the end), a delete removes it; the status line then
// counts the rows of the table and the changes received. Mode Changelog: every row is shown as it
// arrives, after a first column `op` holding its kind (+I, +U, -D).
class LiveTable {
public:
    enum class End { Finished, Stopped, Failed };
    enum class Mode { Table, Changelog };

    // The mode of the next query (the shell's `.mode`).
    void set_mode(Mode mode) { mode_ = mode; }
    Mode mode() const { return mode_; }

    LiveTable(FILE *out, NoticeQueue *notices) : out_(out), notices_(notices) {}
    // Starts a query: remembers its columns, resets rows and rates.
    void begin(weir_stmt *stmt);
    // Adds the current row of stmt (after weir_step returned WEIR_ROW); does not draw.
    void add_row(weir_stmt *stmt);
    // Redraws if due: at most every 100 ms when rows arrived, every 500 ms for the status alone.
    void refresh(weir_stmt *stmt);
    // Draws the final frame, its status line saying how the query ended.
    void finish(weir_stmt *stmt, End end);

private:
    // Applies an upsert (or, with `remove`, a delete) of the row with key `key` to the keyed table.
    void apply_change(const std::string &key, std::vector<std::string> row, bool remove);
    void draw(weir_stmt *stmt, const std::string &state);
    std::string status_line(weir_stmt *stmt, const std::string &state);
    std::vector<std::string> frame_lines(weir_stmt *stmt, const std::string &state);

    FILE *out_;
    NoticeQueue *notices_;
    std::vector<std::string> names_;
    std::vector<bool> numeric_;
    std::deque<std::vector<std::string>> rows_;  // the latest rows (bounded)
    size_t total_rows_ = 0;
    Mode mode_ = Mode::Table;
    std::vector<int> key_columns_;
    // The keyed table of an updating result in mode Table: rows in first-upsert order, a deleted
    // row left empty until compacted; index_ maps a key to its row.
    bool keyed_ = false;
    std::vector<std::vector<std::string>> keyed_rows_;
    std::unordered_map<std::string, size_t> index_;
    size_t live_keyed_rows_ = 0;
    bool dirty_ = false;
    int drawn_lines_ = 0;
    std::chrono::steady_clock::time_point last_draw_;
    std::chrono::steady_clock::time_point rate_sample_time_;
    long long rate_sample_records_ = 0;
    double rate_ = 0;
};

}  // namespace weir_shell
