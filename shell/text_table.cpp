// Aligned ASCII table layout shared by the result printer and the live view.
#include "shell/text_table.h"

#include <algorithm>
#include <cassert>

namespace weir_shell {

TextTable::TextTable(std::vector<std::string> names, std::vector<bool> numeric)
    : names_(std::move(names)), numeric_(std::move(numeric)) {
    assert(names_.size() == numeric_.size());
}

void TextTable::add_row(std::vector<std::string> cells) {
    assert(cells.size() == names_.size());
    for (std::string &cell : cells) {
        for (size_t at = cell.find('\0'); at != std::string::npos; at = cell.find('\0', at + 2)) {
            cell.replace(at, 1, "\\0");
        }
    }
    rows_.push_back(std::move(cells));
}

size_t TextTable::display_width(const std::string &text) {
    size_t width = 0;
    for (unsigned char c : text) {
        if ((c & 0xC0) != 0x80) width++;
    }
    return width;
}

std::vector<std::string> TextTable::lines() const {
    std::vector<size_t> widths;
    for (const auto &name : names_) widths.push_back(display_width(name));
    for (const auto &row : rows_) {
        for (size_t i = 0; i < row.size(); i++) widths[i] = std::max(widths[i], display_width(row[i]));
    }
    std::string rule = "+";
    for (size_t width : widths) rule += std::string(width + 2, '-') + "+";
    auto cells = [&](const std::vector<std::string> &texts, bool align_numbers) {
        std::string line = "|";
        for (size_t i = 0; i < texts.size(); i++) {
            std::string padding(widths[i] - display_width(texts[i]), ' ');
            bool right = align_numbers && numeric_[i];
            line += " " + (right ? padding + texts[i] : texts[i] + padding) + " |";
        }
        return line;
    };
    std::vector<std::string> out;
    out.push_back(rule);
    out.push_back(cells(names_, false));
    out.push_back(rule);
    for (const auto &row : rows_) out.push_back(cells(row, true));
    out.push_back(rule);
    return out;
}

}  // namespace weir_shell
