// Footer, column selection, row-group iteration and batch assembly of a Parquet file.
#include "connectors/formats/parquet/parquet_reader.h"

#include <cstring>

#include "common/weir_error.h"
#include "connectors/formats/parquet/parquet_format.h"

namespace weir {
namespace {

constexpr uint64_t kMaxFooterBytes = uint64_t{1} << 28;

}  // namespace

ParquetReader::ParquetReader(std::string name, uint64_t file_size, ReadRange read_range)
    : name_(std::move(name)), file_size_(file_size), read_range_(std::move(read_range)) {}

void ParquetReader::rethrow(const std::exception &error) const {
    if (auto weir = dynamic_cast<const WeirError *>(&error)) throw WeirError(weir->kind(), name_ + ": " + weir->what());
    throw WeirError(ErrorKind::Data, name_ + ": " + error.what());
}

void ParquetReader::open() {
    constexpr uint64_t tail = 8;
    if (file_size_ < parquet::kMagicSize + tail) {
        throw WeirError(ErrorKind::Data, name_ + ": not a Parquet file (" + std::to_string(file_size_) + " bytes)");
    }
    std::string end = read_range_(file_size_ - tail, tail);
    std::string start = read_range_(0, parquet::kMagicSize);
    if (end.size() != tail || end.compare(4, 4, parquet::kMagic) != 0 || start != parquet::kMagic) {
        throw WeirError(ErrorKind::Data, name_ + ": not a Parquet file (no PAR1 magic at its start and end)");
    }
    uint32_t length;
    std::memcpy(&length, end.data(), 4);
    if (length > file_size_ - tail - parquet::kMagicSize || length > kMaxFooterBytes) {
        throw WeirError(ErrorKind::Data, name_ + ": corrupt Parquet footer length " + std::to_string(length));
    }
    std::string footer = read_range_(file_size_ - tail - length, length);
    try {
        metadata_ = ParquetFileMetadata::parse(footer);
    } catch (const std::exception &error) {
        rethrow(error);
    }
    for (const auto &group : metadata_.row_groups) {
        for (const auto &chunk : group.columns) {
            int64_t begin = chunk.dictionary_page_offset >= 0 && chunk.dictionary_page_offset < chunk.data_page_offset
                                ? chunk.dictionary_page_offset
                                : chunk.data_page_offset;
            if (static_cast<uint64_t>(begin) > file_size_ ||
                static_cast<uint64_t>(chunk.total_compressed_size) > file_size_ - static_cast<uint64_t>(begin)) {
                throw WeirError(ErrorKind::Data, name_ + ": corrupt Parquet metadata: a column chunk lies outside the file");
            }
        }
    }
}

void ParquetReader::select(const Schema &columns) {
    columns_ = columns;
    leaf_of_.clear();
    for (const Column &column : columns.columns()) {
        size_t found = metadata_.leaves.size();
        for (size_t i = 0; i < metadata_.leaves.size(); i++) {
            if (iequals(metadata_.leaves[i].name, column.name)) {
                found = i;
                break;
            }
        }
        if (found == metadata_.leaves.size()) {
            std::string names;
            for (const auto &leaf : metadata_.leaves) names += (names.empty() ? "" : ", ") + leaf.name;
            throw WeirError(ErrorKind::Bind, name_ + ": the Parquet file has no column `" + column.name + "` (it has " +
                                                 names + ")");
        }
        if (auto actual = ParquetColumnReader::check_type(metadata_.leaves[found], column.type)) {
            throw WeirError(ErrorKind::Bind, name_ + ": column `" + column.name + "` is " + *actual +
                                                 " in the Parquet file and cannot be read as " + type_name(column.type));
        }
        leaf_of_.push_back(found);
    }
}

bool ParquetReader::start_row_group() {
    while (next_group_ < metadata_.row_groups.size()) {
        const ParquetRowGroupMeta &group = metadata_.row_groups[next_group_++];
        if (group.num_rows == 0) continue;
        if (skip_row_group && skip_row_group(group, leaf_of_)) {
            row_ += group.num_rows;
            continue;
        }
        readers_.clear();
        for (size_t c = 0; c < leaf_of_.size(); c++) {
            const ParquetColumnChunkMeta &chunk = group.columns[leaf_of_[c]];
            int64_t begin = chunk.dictionary_page_offset >= 0 && chunk.dictionary_page_offset < chunk.data_page_offset
                                ? chunk.dictionary_page_offset
                                : chunk.data_page_offset;
            std::string bytes = read_range_(static_cast<uint64_t>(begin), static_cast<size_t>(chunk.total_compressed_size));
            readers_.push_back(std::make_unique<ParquetColumnReader>(std::move(bytes), metadata_.leaves[leaf_of_[c]],
                                                                     chunk.codec, columns_[c].type, group.num_rows));
        }
        group_left_ = group.num_rows;
        return true;
    }
    return false;
}

bool ParquetReader::next(Batch &out, size_t max_rows) {
    out.clear();
    if (group_left_ == 0 && !start_row_group()) return false;
    size_t count = static_cast<size_t>(group_left_) < max_rows ? static_cast<size_t>(group_left_) : max_rows;
    out.columns.resize(columns_.size());
    for (size_t c = 0; c < columns_.size(); c++) out.columns[c].reset(columns_[c].type, count);
    out.set_size(count);
    try {
        for (size_t c = 0; c < readers_.size(); c++) readers_[c]->read(count, out.columns[c], out);
    } catch (const std::exception &error) {
        rethrow(error);
    }
    group_left_ -= static_cast<int64_t>(count);
    row_ += static_cast<int64_t>(count);
    return true;
}

void ParquetReader::skip_rows(int64_t rows) {
    while (row_ < rows) {
        if (group_left_ == 0) {
            // Whole row groups before `rows` are not read.
            while (next_group_ < metadata_.row_groups.size() &&
                   row_ + metadata_.row_groups[next_group_].num_rows <= rows) {
                row_ += metadata_.row_groups[next_group_++].num_rows;
            }
            if (row_ >= rows) return;
        }
        Batch scratch;
        if (!next(scratch, static_cast<size_t>(rows - row_))) return;
    }
}

}  // namespace weir
