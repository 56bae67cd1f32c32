// Folder names for Hive-style partitioning.
#include "connectors/partitioning/hive_partitioner.h"

#include <unordered_map>

#include "common/number_format.h"
#include "common/timestamp.h"
#include "common/weir_error.h"

namespace weir {
namespace {

constexpr const char *kNullFolder = "__HIVE_DEFAULT_PARTITION__";

void append_two_digits(unsigned value, std::string &out) {
    out += static_cast<char>('0' + value / 10 % 10);
    out += static_cast<char>('0' + value % 10);
}

}  // namespace

HivePartitioner::HivePartitioner(const Schema &schema, const std::vector<std::string> &partition_by,
                                 const std::string &time_column) {
    if (partition_by.empty()) throw WeirError(ErrorKind::Bind, "partition_by must name at least one column");
    std::optional<size_t> time;
    if (!time_column.empty()) {
        time = schema.find(time_column);
        if (!time || schema[*time].type != TypeId::Timestamp) {
            throw WeirError(ErrorKind::Bind, "time_column must name a TIMESTAMP column of the output, got '" +
                                                 time_column + "'");
        }
    } else {
        time = schema.find("window_start");
        if (time && schema[*time].type != TypeId::Timestamp) time.reset();
        for (size_t c = 0; c < schema.size() && !time; c++) {
            if (schema[c].type == TypeId::Timestamp) time = c;
        }
    }
    for (const auto &name : partition_by) {
        auto column = schema.find(name);
        if (column) {
            levels_.push_back(Level{escape(schema[*column].name), Part::Column, *column});
            continue;
        }
        std::string lower = to_lower(name);
        Part part;
        if (lower == "year") part = Part::Year;
        else if (lower == "month") part = Part::Month;
        else if (lower == "day") part = Part::Day;
        else if (lower == "hour") part = Part::Hour;
        else {
            std::string columns;
            for (const auto &c : schema.columns()) columns += (columns.empty() ? "" : ", ") + c.name;
            throw WeirError(ErrorKind::Bind, "partition_by names `" + name +
                                                 "`, which is neither an output column nor year, month, day or "
                                                 "hour; output columns: " + columns);
        }
        if (!time) {
            throw WeirError(ErrorKind::Bind, "partition_by uses `" + name +
                                                 "` but the output has no TIMESTAMP column to take it from");
        }
        levels_.push_back(Level{lower, part, *time});
    }
}

std::string HivePartitioner::escape(std::string_view value) {
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size());
    for (char ch : value) {
        auto c = static_cast<unsigned char>(ch);
        if (c == '/' || c == '=' || c == '%' || c < 0x20 || c == 0x7F) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

void HivePartitioner::append_level(const Level &level, const Batch &batch, size_t row, std::string &out) const {
    out += level.name;
    out += '=';
    const ColumnVector &column = batch.columns[level.column];
    if (column.is_null(row)) {
        out += kNullFolder;
        out += '/';
        return;
    }
    if (level.part != Part::Column) {
        CivilTime civil = to_civil(column.ints()[row]);
        switch (level.part) {
        case Part::Year: out += std::to_string(civil.year); break;
        case Part::Month: append_two_digits(civil.month, out); break;
        case Part::Day: append_two_digits(civil.day, out); break;
        default: append_two_digits(civil.hour, out); break;
        }
        out += '/';
        return;
    }
    switch (column.type()) {
    case TypeId::Text: out += escape(column.strings()[row]); break;
    case TypeId::BigInt: out += std::to_string(column.ints()[row]); break;
    case TypeId::Double: out += escape(format_double(column.doubles()[row])); break;
    case TypeId::Boolean: out += column.bools()[row] ? "true" : "false"; break;
    case TypeId::Timestamp: out += escape(format_timestamp(column.ints()[row])); break;
    case TypeId::Interval: out += escape(format_interval(column.ints()[row])); break;
    case TypeId::Null: out += kNullFolder; break;
    }
    out += '/';
}

std::string HivePartitioner::folder(const Batch &batch, size_t row) const {
    std::string out;
    for (const auto &level : levels_) append_level(level, batch, row, out);
    return out;
}

std::vector<std::pair<std::string, std::vector<uint32_t>>> HivePartitioner::split(const Batch &batch) const {
    std::vector<std::pair<std::string, std::vector<uint32_t>>> groups;
    std::unordered_map<std::string, size_t> index;
    std::string key;
    size_t live = batch.live_count();
    for (size_t i = 0; i < live; i++) {
        uint32_t row = batch.live_row(i);
        key.clear();
        for (const auto &level : levels_) append_level(level, batch, row, key);
        auto found = index.find(key);
        if (found == index.end()) {
            index.emplace(key, groups.size());
            groups.emplace_back(key, std::vector<uint32_t>{row});
        } else {
            groups[found->second].second.push_back(row);
        }
    }
    return groups;
}

}  // namespace weir
