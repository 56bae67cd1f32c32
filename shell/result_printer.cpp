// Table, CSV and JSON-lines rendering of result rows.
#include "shell/result_printer.h"

#include <cstdio>

#include "shell/text_table.h"

namespace weir_shell {

namespace {

std::string csv_quote(const std::string &text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

bool is_number_type(int type) { return type == WEIR_BIGINT || type == WEIR_DOUBLE; }

}  // namespace

std::string json_string(const std::string &text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

bool parse_output_format(const std::string &text, OutputFormat &format) {
    if (text == "table") format = OutputFormat::Table;
    else if (text == "csv") format = OutputFormat::Csv;
    else if (text == "json") format = OutputFormat::Json;
    else return false;
    return true;
}

void ResultPrinter::begin(weir_stmt *stmt) {
    names_.clear();
    types_.clear();
    pending_.clear();
    header_printed_ = false;
    int count = weir_column_count(stmt);
    for (int i = 0; i < count; i++) {
        names_.push_back(weir_column_name(stmt, i));
        types_.push_back(weir_column_type(stmt, i));
    }
}

std::optional<std::string> ResultPrinter::cell_text(weir_stmt *stmt, int col) {
    const char *text = weir_column_text(stmt, col);
    if (!text) return std::nullopt;
    return std::string(text, static_cast<size_t>(weir_column_bytes(stmt, col)));
}

void ResultPrinter::add_row(weir_stmt *stmt) {
    std::vector<Cell> row;
    for (size_t i = 0; i < names_.size(); i++) {
        std::optional<std::string> text = cell_text(stmt, static_cast<int>(i));
        row.push_back(Cell{text ? *text : "NULL", !text});
    }
    pending_.push_back(std::move(row));
}

void ResultPrinter::flush() {
    if (pending_.empty()) return;
    switch (format_) {
    case OutputFormat::Table: print_table(); break;
    case OutputFormat::Csv:
        if (!header_printed_) {
            for (size_t i = 0; i < names_.size(); i++) std::fprintf(out_, "%s%s", i ? "," : "", csv_quote(names_[i]).c_str());
            std::fprintf(out_, "\n");
            header_printed_ = true;
        }
        for (const auto &row : pending_) {
            std::string line;
            for (size_t i = 0; i < row.size(); i++) {
                if (i) line += ',';
                if (!row[i].is_null) line += csv_quote(row[i].text);
            }
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), out_);  // NUL bytes of TEXT values included
        }
        break;
    case OutputFormat::Json:
        for (const auto &row : pending_) {
            std::string line = "{";
            for (size_t i = 0; i < row.size(); i++) {
                if (i) line += ",";
                line += json_string(names_[i]) + ":";
                if (row[i].is_null) line += "null";
                else if (types_[i] == WEIR_BOOLEAN) line += row[i].text;
                else if (is_number_type(types_[i]) && row[i].text != "nan" && row[i].text != "inf" && row[i].text != "-inf") line += row[i].text;
                else if (is_number_type(types_[i])) line += "null";
                else line += json_string(row[i].text);
            }
            std::fprintf(out_, "%s}\n", line.c_str());
        }
        break;
    }
    rows_printed_ += pending_.size();
    pending_.clear();
    std::fflush(out_);
}

void ResultPrinter::print_table() {
    std::vector<bool> numeric;
    for (int type : types_) numeric.push_back(is_number_type(type));
    TextTable table(names_, numeric);
    for (const auto &row : pending_) {
        std::vector<std::string> texts;
        for (const auto &cell : row) texts.push_back(cell.text);
        table.add_row(std::move(texts));
    }
    for (const auto &line : table.lines()) std::fprintf(out_, "%s\n", line.c_str());
}

}  // namespace weir_shell
