// FileMetaData → schema leaves and row groups (fields weir does not use are skipped).
#include "connectors/formats/parquet/parquet_file_metadata.h"

#include "common/weir_error.h"
#include "connectors/formats/parquet/parquet_format.h"
#include "connectors/formats/parquet/thrift_compact_reader.h"

namespace weir {
namespace {

constexpr uint8_t kStruct = 12;

[[noreturn]] void corrupt(const std::string &what) { throw WeirError(ErrorKind::Data, "corrupt Parquet metadata: " + what); }

ParquetStatistics read_statistics(ThriftCompactReader &in) {
    ParquetStatistics stats;
    std::string old_min, old_max;
    bool has_old = false, has_min = false, has_max = false;
    in.begin_struct();
    int16_t id = 0;
    uint8_t type = 0;
    while (in.next_field(id, type)) {
        switch (id) {
        case 1: old_max = std::string(in.read_binary(type)); has_old = true; break;
        case 2: old_min = std::string(in.read_binary(type)); break;
        case 3: stats.null_count = in.read_i64(type); stats.has_null_count = true; break;
        case 5: stats.max = std::string(in.read_binary(type)); has_max = true; break;
        case 6: stats.min = std::string(in.read_binary(type)); has_min = true; break;
        default: in.skip(type);
        }
    }
    in.end_struct();
    stats.has_min_max = has_min && has_max;
    if (!stats.has_min_max && has_old) {
        // The deprecated min/max are only trusted for signed numeric order (see ParquetReader).
        stats.min = old_min;
        stats.max = old_max;
        stats.has_min_max = false;
    }
    return stats;
}

ParquetColumnChunkMeta read_column_meta(ThriftCompactReader &in) {
    ParquetColumnChunkMeta meta;
    in.begin_struct();
    int16_t id = 0;
    uint8_t type = 0;
    while (in.next_field(id, type)) {
        switch (id) {
        case 1: meta.physical = in.read_i32(type); break;
        case 4: meta.codec = in.read_i32(type); break;
        case 5: meta.num_values = in.read_i64(type); break;
        case 7: meta.total_compressed_size = in.read_i64(type); break;
        case 9: meta.data_page_offset = in.read_i64(type); break;
        case 11: meta.dictionary_page_offset = in.read_i64(type); break;
        case 12: meta.statistics = read_statistics(in); break;
        default: in.skip(type);
        }
    }
    in.end_struct();
    if (meta.num_values < 0 || meta.total_compressed_size < 0 || meta.data_page_offset < 0) {
        corrupt("negative size or offset in a column chunk");
    }
    return meta;
}

ParquetRowGroupMeta read_row_group(ThriftCompactReader &in) {
    ParquetRowGroupMeta group;
    in.begin_struct();
    int16_t id = 0;
    uint8_t type = 0;
    while (in.next_field(id, type)) {
        if (id == 1) {
            uint8_t element = 0;
            size_t count = in.read_list_header(type, element);
            for (size_t i = 0; i < count; i++) {
                if (element != kStruct) corrupt("column chunk that is not a struct");
                ParquetColumnChunkMeta chunk;
                bool has_meta = false;
                in.begin_struct();
                int16_t chunk_id = 0;
                uint8_t chunk_type = 0;
                while (in.next_field(chunk_id, chunk_type)) {
                    if (chunk_id == 1) throw WeirError(ErrorKind::Data, "column chunks in other files are not supported");
                    if (chunk_id == 3) {
                        if (chunk_type != kStruct) corrupt("column metadata that is not a struct");
                        chunk = read_column_meta(in);
                        has_meta = true;
                    } else {
                        in.skip(chunk_type);
                    }
                }
                in.end_struct();
                if (!has_meta) corrupt("column chunk without metadata");
                group.columns.push_back(std::move(chunk));
            }
        } else if (id == 3) {
            group.num_rows = in.read_i64(type);
        } else {
            in.skip(type);
        }
    }
    in.end_struct();
    if (group.num_rows < 0) corrupt("negative row count");
    return group;
}

struct SchemaElement {
    ParquetLeaf leaf;
    bool has_type = false;
    int32_t children = 0;
};

SchemaElement read_schema_element(ThriftCompactReader &in) {
    SchemaElement element;
    in.begin_struct();
    int16_t id = 0;
    uint8_t type = 0;
    while (in.next_field(id, type)) {
        switch (id) {
        case 1: element.leaf.physical = in.read_i32(type); element.has_type = true; break;
        case 3: element.leaf.repetition = in.read_i32(type); break;
        case 4: element.leaf.name = std::string(in.read_binary(type)); break;
        case 5: element.children = in.read_i32(type); break;
        case 6: element.leaf.converted = in.read_i32(type); break;
        case 10: {
            if (type != kStruct) corrupt("logical type that is not a struct");
            in.begin_struct();
            int16_t member = 0;
            uint8_t member_type = 0;
            while (in.next_field(member, member_type)) {
                if (member == parquet::TimestampType && member_type == kStruct) {
                    element.leaf.logical = member;
                    in.begin_struct();
                    int16_t field = 0;
                    uint8_t field_type = 0;
                    while (in.next_field(field, field_type)) {
                        if (field == 2 && field_type == kStruct) {
                            in.begin_struct();
                            int16_t unit = 0;
                            uint8_t unit_type = 0;
                            while (in.next_field(unit, unit_type)) {
                                element.leaf.time_unit = unit;
                                in.skip(unit_type);
                            }
                            in.end_struct();
                        } else {
                            in.skip(field_type);
                        }
                    }
                    in.end_struct();
                } else {
                    element.leaf.logical = member;
                    in.skip(member_type);
                }
            }
            in.end_struct();
            break;
        }
        default: in.skip(type);
        }
    }
    in.end_struct();
    return element;
}

}  // namespace

ParquetFileMetadata ParquetFileMetadata::parse(std::string_view footer) {
    ParquetFileMetadata metadata;
    ThriftCompactReader in(footer);
    in.begin_struct();
    int16_t id = 0;
    uint8_t type = 0;
    bool has_schema = false;
    while (in.next_field(id, type)) {
        if (id == 2) {
            uint8_t element_type = 0;
            size_t count = in.read_list_header(type, element_type);
            if (count == 0 || element_type != kStruct) corrupt("empty schema");
            SchemaElement root = read_schema_element(in);
            if (root.children < 0 || static_cast<size_t>(root.children) != count - 1) {
                throw WeirError(ErrorKind::Data, "nested Parquet columns are not supported (weir reads flat schemas)");
            }
            for (size_t i = 1; i < count; i++) {
                SchemaElement element = read_schema_element(in);
                if (!element.has_type || element.children > 0) {
                    throw WeirError(ErrorKind::Data, "nested Parquet column `" + element.leaf.name +
                                                         "` is not supported (weir reads flat schemas)");
                }
                if (element.leaf.repetition == parquet::Repeated) {
                    throw WeirError(ErrorKind::Data, "repeated Parquet column `" + element.leaf.name +
                                                         "` is not supported (weir reads flat schemas)");
                }
                metadata.leaves.push_back(std::move(element.leaf));
            }
            has_schema = true;
        } else if (id == 3) {
            metadata.num_rows = in.read_i64(type);
        } else if (id == 4) {
            uint8_t element_type = 0;
            size_t count = in.read_list_header(type, element_type);
            if (count > 0 && element_type != kStruct) corrupt("row group that is not a struct");
            for (size_t i = 0; i < count; i++) metadata.row_groups.push_back(read_row_group(in));
        } else {
            in.skip(type);
        }
    }
    in.end_struct();
    if (!has_schema) corrupt("no schema");
    for (const auto &group : metadata.row_groups) {
        if (group.columns.size() != metadata.leaves.size()) corrupt("a row group's column count differs from the schema's");
    }
    return metadata;
}

}  // namespace weir
