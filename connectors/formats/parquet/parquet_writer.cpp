// Row groups of column chunks, then the FileMetaData footer in the Thrift compact protocol.
#include "connectors/formats/parquet/parquet_writer.h"

#include <cstring>

#include "connectors/formats/parquet/parquet_format.h"
#include "connectors/formats/parquet/thrift_compact_writer.h"

namespace weir {
namespace {

constexpr const char *kCreatedBy = "weir version 0.1.0";

void write_schema_element(ThriftCompactWriter &writer, const Column &column) {
    writer.begin_struct();
    writer.field_i32(1, ParquetColumnWriter::physical_type(column.type));
    writer.field_i32(3, parquet::Optional);
    writer.field_binary(4, column.name);
    if (column.type == TypeId::Text) {
        writer.field_i32(6, parquet::Utf8);
        writer.begin_field_struct(10);
        writer.begin_field_struct(parquet::StringType);
        writer.end_struct();
        writer.end_struct();
    } else if (column.type == TypeId::Timestamp) {
        writer.field_i32(6, parquet::TimestampMicros);
        writer.begin_field_struct(10);
        writer.begin_field_struct(parquet::TimestampType);
        writer.field_bool(1, true);
        writer.begin_field_struct(2);
        writer.begin_field_struct(parquet::Micros);
        writer.end_struct();
        writer.end_struct();
        writer.end_struct();
        writer.end_struct();
    }
    writer.end_struct();
}

}  // namespace

ParquetWriter::ParquetWriter(Schema schema, ParquetWriterOptions options)
    : schema_(std::move(schema)), options_(options) {
    if (options_.row_group_rows == 0) options_.row_group_rows = 1;
    for (const Column &column : schema_.columns()) {
        columns_.push_back(std::make_unique<ParquetColumnWriter>(column.type, options_));
    }
    out_.assign(parquet::kMagic, parquet::kMagicSize);
}

void ParquetWriter::append(const Batch &batch, const uint32_t *rows, size_t count) {
    while (count > 0) {
        size_t room = options_.row_group_rows - static_cast<size_t>(group_rows_);
        size_t take = count < room ? count : room;
        for (size_t c = 0; c < columns_.size(); c++) columns_[c]->append(batch.columns[c], rows, take);
        group_rows_ += static_cast<int64_t>(take);
        total_rows_ += static_cast<int64_t>(take);
        rows += take;
        count -= take;
        if (static_cast<size_t>(group_rows_) >= options_.row_group_rows) close_row_group();
    }
}

void ParquetWriter::append(const Batch &batch) {
    size_t count = batch.live_count();
    if (batch.has_selection()) {
        append(batch, batch.selection().data(), count);
        return;
    }
    if (live_.size() < count) {
        size_t old = live_.size();
        live_.resize(count);
        for (size_t i = old; i < count; i++) live_[i] = static_cast<uint32_t>(i);
    }
    append(batch, live_.data(), count);
}

size_t ParquetWriter::estimated_bytes() const {
    size_t bytes = out_.size();
    for (const auto &column : columns_) bytes += column->buffered_bytes();
    return bytes;
}

void ParquetWriter::close_row_group() {
    if (group_rows_ == 0) return;
    RowGroup group;
    group.rows = group_rows_;
    group.offset = static_cast<int64_t>(out_.size());
    for (auto &column : columns_) group.chunks.push_back(column->finish(out_));
    row_groups_.push_back(std::move(group));
    group_rows_ = 0;
}

void ParquetWriter::write_footer() {
    std::string footer;
    ThriftCompactWriter writer(footer);
    writer.begin_struct();
    writer.field_i32(1, 1);
    writer.begin_list(2, ThriftCompactWriter::Struct, schema_.size() + 1);
    writer.begin_struct();
    writer.field_binary(4, "schema");
    writer.field_i32(5, static_cast<int32_t>(schema_.size()));
    writer.end_struct();
    for (const Column &column : schema_.columns()) write_schema_element(writer, column);
    writer.field_i64(3, total_rows_);
    writer.begin_list(4, ThriftCompactWriter::Struct, row_groups_.size());
    for (const RowGroup &group : row_groups_) {
        writer.begin_struct();
        writer.begin_list(1, ThriftCompactWriter::Struct, group.chunks.size());
        int64_t uncompressed = 0, compressed = 0;
        for (size_t c = 0; c < group.chunks.size(); c++) {
            const ParquetChunkInfo &chunk = group.chunks[c];
            uncompressed += chunk.uncompressed_bytes;
            compressed += chunk.compressed_bytes;
            int64_t start = chunk.dictionary_offset >= 0 ? chunk.dictionary_offset : chunk.data_offset;
            writer.begin_struct();
            writer.field_i64(2, start);
            writer.begin_field_struct(3);
            writer.field_i32(1, ParquetColumnWriter::physical_type(schema_[c].type));
            writer.begin_list(2, ThriftCompactWriter::I32, chunk.encodings.size());
            for (int32_t encoding : chunk.encodings) writer.element_i32(encoding);
            writer.begin_list(3, ThriftCompactWriter::Binary, 1);
            writer.element_binary(schema_[c].name);
            writer.field_i32(4, static_cast<int32_t>(options_.compression));
            writer.field_i64(5, chunk.num_values);
            writer.field_i64(6, chunk.uncompressed_bytes);
            writer.field_i64(7, chunk.compressed_bytes);
            writer.field_i64(9, chunk.data_offset);
            if (chunk.dictionary_offset >= 0) writer.field_i64(11, chunk.dictionary_offset);
            writer.begin_field_struct(12);
            writer.field_i64(3, chunk.null_count);
            if (chunk.has_min_max) {
                writer.field_binary(5, chunk.max);
                writer.field_binary(6, chunk.min);
            }
            writer.end_struct();
            writer.end_struct();
            writer.end_struct();
        }
        writer.field_i64(2, uncompressed);
        writer.field_i64(3, group.rows);
        writer.field_i64(5, group.offset);
        writer.field_i64(6, compressed);
        writer.end_struct();
    }
    writer.field_binary(6, kCreatedBy);
    writer.begin_list(7, ThriftCompactWriter::Struct, schema_.size());
    for (size_t c = 0; c < schema_.size(); c++) {
        writer.begin_struct();
        writer.begin_field_struct(1);  // TYPE_ORDER
        writer.end_struct();
        writer.end_struct();
    }
    writer.end_struct();
    out_ += footer;
    uint32_t length = static_cast<uint32_t>(footer.size());
    char bytes[4];
    std::memcpy(bytes, &length, 4);
    out_.append(bytes, 4);
    out_.append(parquet::kMagic, parquet::kMagicSize);
}

std::string ParquetWriter::finish() {
    close_row_group();
    write_footer();
    std::string file;
    file.swap(out_);
    out_.assign(parquet::kMagic, parquet::kMagicSize);
    row_groups_.clear();
    total_rows_ = 0;
    return file;
}

}  // namespace weir
