// In-place terminal rendering of a continuous query's result and progress.
#include "shell/live_table.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <ctime>

#include "shell/result_printer.h"
#include "shell/text_table.h"

namespace weir_shell {

namespace {

constexpr size_t kMaxKeptRows = 10000;

void terminal_size(FILE *out, int &width, int &height) {
    width = 80;
    height = 24;
    struct winsize size {};
    if (ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0 && size.ws_row > 0) {
        width = size.ws_col;
        height = size.ws_row;
    }
}

// Cuts text to at most width terminal columns (UTF-8 aware).
std::string fit(const std::string &text, int width) {
    int columns = 0;
    for (size_t i = 0; i < text.size(); i++) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++columns > width) return text.substr(0, i);
    }
    return text;
}

std::string format_watermark(long long micros) {
    if (micros == WEIR_NO_WATERMARK) return "-";
    time_t seconds = static_cast<time_t>(micros / 1000000 - (micros % 1000000 < 0 ? 1 : 0));
    struct tm parts {};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &parts);
    return text;
}

}  // namespace

void LiveTable::begin(weir_stmt *stmt) {
    names_.clear();
    numeric_.clear();
    rows_.clear();
    total_rows_ = 0;
    key_columns_.clear();
    keyed_ = false;
    keyed_rows_.clear();
    index_.clear();
    live_keyed_rows_ = 0;
    dirty_ = true;
    drawn_lines_ = 0;
    rate_ = 0;
    rate_sample_records_ = 0;
    rate_sample_time_ = std::chrono::steady_clock::now();
    last_draw_ = rate_sample_time_ - std::chrono::seconds(1);
    int count = weir_column_count(stmt);
    if (mode_ == Mode::Changelog) {
        names_.push_back("op");
        numeric_.push_back(false);
    }
    for (int i = 0; i < count; i++) {
        names_.push_back(weir_column_name(stmt, i));
        int type = weir_column_type(stmt, i);
        numeric_.push_back(type == WEIR_BIGINT || type == WEIR_DOUBLE);
        if (weir_column_is_key(stmt, i)) key_columns_.push_back(i);
    }
}

void LiveTable::add_row(weir_stmt *stmt) {
    int kind = weir_row_kind(stmt);
    std::vector<std::string> row;
    if (mode_ == Mode::Changelog) row.push_back(kind == WEIR_ROW_DELETE ? "-D" : kind == WEIR_ROW_UPSERT ? "+U" : "+I");
    int count = weir_column_count(stmt);
    for (int i = 0; i < count; i++) {
        std::optional<std::string> text = ResultPrinter::cell_text(stmt, i);
        row.push_back(text ? *text : "NULL");
    }
    if (mode_ == Mode::Table && kind != WEIR_ROW_INSERT) {
        std::string key;
        for (int column : key_columns_) key += row[static_cast<size_t>(column)] + '\x1f';
        apply_change(key, std::move(row), kind == WEIR_ROW_DELETE);
        total_rows_++;
        dirty_ = true;
        return;
    }
    rows_.push_back(std::move(row));
    if (rows_.size() > kMaxKeptRows) rows_.pop_front();
    total_rows_++;
    dirty_ = true;
}

void LiveTable::apply_change(const std::string &key, std::vector<std::string> row, bool remove) {
    keyed_ = true;
    auto found = index_.find(key);
    if (remove) {
        if (found == index_.end()) return;
        keyed_rows_[found->second].clear();
        index_.erase(found);
        live_keyed_rows_--;
        if (live_keyed_rows_ * 2 >= keyed_rows_.size()) return;
        // More than half are deleted rows: compact, keeping the order.
        std::vector<std::vector<std::string>> kept;
        for (auto &kept_row : keyed_rows_) {
            if (!kept_row.empty()) kept.push_back(std::move(kept_row));
        }
        keyed_rows_.swap(kept);
        index_.clear();
        for (size_t i = 0; i < keyed_rows_.size(); i++) {
            std::string row_key;
            for (int column : key_columns_) row_key += keyed_rows_[i][static_cast<size_t>(column)] + '\x1f';
            index_[row_key] = i;
        }
        return;
    }
    if (found != index_.end()) {
        keyed_rows_[found->second] = std::move(row);
        return;
    }
    index_[key] = keyed_rows_.size();
    keyed_rows_.push_back(std::move(row));
    live_keyed_rows_++;
}

void LiveTable::refresh(weir_stmt *stmt) {
    auto since = std::chrono::steady_clock::now() - last_draw_;
    if (since < std::chrono::milliseconds(dirty_ ? 100 : 500)) return;
    draw(stmt, "Ctrl-C stops");
}

void LiveTable::finish(weir_stmt *stmt, End end) {
    const char *state = end == End::Finished ? "finished" : end == End::Stopped ? "stopped" : "failed";
    draw(stmt, state);
}

std::string LiveTable::status_line(weir_stmt *stmt, const std::string &state) {
    weir_metrics metrics{};
    weir_stmt_metrics(stmt, &metrics);
    auto now = std::chrono::steady_clock::now();
    double elapsed = std::chrono::duration<double>(now - rate_sample_time_).count();
    if (elapsed >= 1.0) {
        rate_ = static_cast<double>(metrics.records_in - rate_sample_records_) / elapsed;
        rate_sample_records_ = metrics.records_in;
        rate_sample_time_ = now;
    }
    char text[512];
    if (keyed_) {
        std::snprintf(text, sizeof text, "%zu rows | %zu changes | %.0f events/s | %lld in | watermark %s | late %lld | bad %lld | %.1f s | %s",
                      live_keyed_rows_, total_rows_, rate_, metrics.records_in, format_watermark(metrics.watermark).c_str(),
                      metrics.late_records, metrics.bad_records, metrics.seconds, state.c_str());
        return text;
    }
    std::snprintf(text, sizeof text, "%zu rows | %.0f events/s | %lld in | watermark %s | late %lld | bad %lld | %.1f s | %s",
                  total_rows_, rate_, metrics.records_in, format_watermark(metrics.watermark).c_str(),
                  metrics.late_records, metrics.bad_records, metrics.seconds, state.c_str());
    return text;
}

std::vector<std::string> LiveTable::frame_lines(weir_stmt *stmt, const std::string &state) {
    int width = 0;
    int height = 0;
    terminal_size(out_, width, height);
    // Rules, header, a note on hidden rows, the status line, and the prompt that follows.
    size_t room = height > 10 ? static_cast<size_t>(height - 8) : 2;
    std::vector<std::string> lines;
    if (keyed_) {
        std::vector<const std::vector<std::string> *> alive;
        for (const auto &row : keyed_rows_) {
            if (!row.empty()) alive.push_back(&row);
        }
        size_t shown = alive.size() < room ? alive.size() : room;
        if (alive.size() > shown) lines.push_back("(" + std::to_string(alive.size() - shown) + " more rows not shown)");
        TextTable table(names_, numeric_);
        for (size_t i = alive.size() - shown; i < alive.size(); i++) table.add_row(*alive[i]);
        for (auto &line : table.lines()) lines.push_back(std::move(line));
    } else if (!rows_.empty()) {
        size_t shown = rows_.size() < room ? rows_.size() : room;
        size_t hidden = total_rows_ - shown;
        if (hidden > 0) lines.push_back("(" + std::to_string(hidden) + " earlier rows not shown)");
        TextTable table(names_, numeric_);
        for (size_t i = rows_.size() - shown; i < rows_.size(); i++) table.add_row(rows_[i]);
        for (auto &line : table.lines()) lines.push_back(std::move(line));
    }
    lines.push_back(status_line(stmt, state));
    for (auto &line : lines) line = fit(line, width - 1);
    return lines;
}

void LiveTable::draw(weir_stmt *stmt, const std::string &state) {
    std::vector<std::string> lines = frame_lines(stmt, state);
    std::string text;
    if (drawn_lines_ > 0) text += "\r\x1b[" + std::to_string(drawn_lines_) + "A\x1b[J";
    std::vector<std::string> notices = notices_ ? notices_->take() : std::vector<std::string>{};
    for (const auto &notice : notices) text += "weir: " + notice + "\n";
    for (const auto &line : lines) text += line + "\n";
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
    drawn_lines_ = static_cast<int>(lines.size());
    dirty_ = false;
    last_draw_ = std::chrono::steady_clock::now();
}

}  // namespace weir_shell
