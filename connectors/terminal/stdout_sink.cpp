// Text output of the stdout sink in table, JSON and CSV form.
#include "connectors/terminal/stdout_sink.h"

#include <algorithm>
#include <iostream>

#include "common/value.h"

namespace weir {

StdoutSink::StdoutSink(SinkSpec spec) : StdoutSink(std::move(spec), std::cout) {}

StdoutSink::StdoutSink(SinkSpec spec, std::ostream &out)
    : spec_(std::move(spec)), out_(out), json_(spec_.schema), csv_(spec_.schema) {
    OptionReader options(spec_.connector, spec_.options);
    std::string format = options.choice("format", {"table", "json", "csv"}, "table");
    format_ = format == "json" ? Format::Json : format == "csv" ? Format::Csv : Format::Table;
}

const std::vector<std::string> &StdoutSink::option_names() {
    static const std::vector<std::string> names = {};
    return names;
}

void StdoutSink::validate(const OptionReader &options) { options.choice("format", {"table", "json", "csv"}, "table"); }

void StdoutSink::write(const Batch &batch, ChangeKind kind) {
    if (kind == ChangeKind::Delete) return;
    text_.clear();
    switch (format_) {
    case Format::Json: json_.append(batch, text_); break;
    case Format::Csv:
        if (!header_written_) csv_.append_header(text_);
        header_written_ = true;
        csv_.append(batch, text_);
        break;
    case Format::Table: write_table(batch); break;
    }
    out_ << text_;
    out_.flush();
}

void StdoutSink::write_table(const Batch &batch) {
    size_t columns = spec_.schema.size();
    size_t live = batch.live_count();
    std::vector<std::string> cells(live * columns);
    for (size_t i = 0; i < live; i++) {
        uint32_t row = batch.live_row(i);
        for (size_t c = 0; c < columns; c++) {
            std::string &cell = cells[i * columns + c];
            cell = Value::from_column(batch.columns[c], row).to_string();
            // A NUL byte of a TEXT value shows as \0 (JSON and CSV keep the value as it is).
            for (size_t at = cell.find('\0'); at != std::string::npos; at = cell.find('\0', at + 2)) {
                cell.replace(at, 1, "\\0");
            }
        }
    }
    auto pad = [&](const std::string &cell, size_t c) {
        bool right = is_numeric(spec_.schema[c].type);
        size_t fill = widths_[c] > cell.size() ? widths_[c] - cell.size() : 0;
        if (c > 0) text_ += "  ";
        if (right) text_.append(fill, ' ');
        text_ += cell;
        if (!right && c + 1 < columns) text_.append(fill, ' ');
    };
    if (!header_written_) {
        header_written_ = true;
        widths_.assign(columns, 0);
        for (size_t c = 0; c < columns; c++) widths_[c] = spec_.schema[c].name.size();
        for (size_t i = 0; i < live; i++) {
            for (size_t c = 0; c < columns; c++) widths_[c] = std::max(widths_[c], cells[i * columns + c].size());
        }
        for (size_t c = 0; c < columns; c++) pad(spec_.schema[c].name, c);
        text_ += '\n';
        for (size_t c = 0; c < columns; c++) {
            if (c > 0) text_ += "  ";
            text_.append(widths_[c], '-');
        }
        text_ += '\n';
    }
    for (size_t i = 0; i < live; i++) {
        for (size_t c = 0; c < columns; c++) pad(cells[i * columns + c], c);
        text_ += '\n';
    }
}

void StdoutSink::flush() { out_.flush(); }

}  // namespace weir
