// Prints result rows of a weir statement as an aligned table, CSV or JSON lines.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "weir.h"

namespace weir_shell {

enum class OutputFormat { Table, Csv, Json };

// Collects rows of one statement and prints them. Tables are printed in chunks (flush()) so that
// a continuous query shows each burst of results as it arrives; CSV prints its header once.
class ResultPrinter {
public:
    ResultPrinter(OutputFormat format, FILE *out) : format_(format), out_(out) {}
    // Starts a statement: remembers its column names and types.
    void begin(weir_stmt *stmt);
    // Adds the current row of stmt (after weir_step returned WEIR_ROW).
    void add_row(weir_stmt *stmt);
    // Prints what is pending.
    void flush();
    size_t rows_printed() const { return rows_printed_; }
    // The whole text of a cell of stmt's current row, NUL bytes included (TEXT may hold them);
    // nullopt for NULL.
    static std::optional<std::string> cell_text(weir_stmt *stmt, int col);
    // Changes the format for the next statement (the shell's `.format`).
    void set_format(OutputFormat format) { format_ = format; }
    OutputFormat format() const { return format_; }

private:
    struct Cell {
        std::string text;
        bool is_null = false;
    };
    void print_table();
    OutputFormat format_;
    FILE *out_;
    std::vector<std::string> names_;
    std::vector<int> types_;
    std::vector<std::vector<Cell>> pending_;
    bool header_printed_ = false;
    size_t rows_printed_ = 0;
};

// text as a JSON string literal (quotes and backslashes escaped, control characters as \n or \u00XX).
std::string json_string(const std::string &text);

// Parses "table", "csv" or "json"; false for anything else.
bool parse_output_format(const std::string &text, OutputFormat &format);

}  // namespace weir_shell
