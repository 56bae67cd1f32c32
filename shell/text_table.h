// Lays out rows of text as an aligned ASCII table (rules, header, right-aligned numbers).
#pragma once

#include <string>
#include <vector>

namespace weir_shell {

class TextTable {
public:
    // names: the header; numeric[i] right-aligns column i. Both must have the same length.
    TextTable(std::vector<std::string> names, std::vector<bool> numeric);
    // Adds a row with one text per column; a NUL byte in a text shows as \0.
    void add_row(std::vector<std::string> cells);
    // The table as lines without line ends: rule, header, rule, rows, rule.
    std::vector<std::string> lines() const;
    size_t row_count() const { return rows_.size(); }
    // Width of UTF-8 text on a terminal, counting code points (good enough for a table).
    static size_t display_width(const std::string &text);

private:
    std::vector<std::string> names_;
    std::vector<bool> numeric_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace weir_shell
