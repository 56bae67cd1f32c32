// The parts of a Parquet footer (FileMetaData) that weir's reader uses, parsed from untrusted bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace weir {

struct ParquetStatistics {
    bool has_min_max = false;
    std::string min, max;  // PLAIN bytes (BYTE_ARRAY without its length)
    bool has_null_count = false;
    int64_t null_count = 0;
};

struct ParquetColumnChunkMeta {
    int32_t physical = 0;
    int32_t codec = 0;
    int64_t num_values = 0;
    int64_t data_page_offset = 0;
    int64_t dictionary_page_offset = -1;
    int64_t total_compressed_size = 0;
    ParquetStatistics statistics;
};

// A leaf column of a flat schema.
struct ParquetLeaf {
    std::string name;
    int32_t physical = 0;
    int32_t repetition = 0;  // parquet::Repetition
    int32_t converted = -1;  // ConvertedType, -1 when absent
    int16_t logical = 0;     // LogicalType union member, 0 when absent
    int16_t time_unit = 0;   // TimeUnitField of a Timestamp logical type
};

struct ParquetRowGroupMeta {
    int64_t num_rows = 0;
    std::vector<ParquetColumnChunkMeta> columns;  // one per leaf, in leaf order
};

// Parsed by parse(); every inconsistency (a nested or repeated column, a row group whose column count
// differs from the schema's, negative sizes) throws WeirError(Data) with a sentence the caller
// prefixes with the file name.
struct ParquetFileMetadata {
    int64_t num_rows = 0;
    std::vector<ParquetLeaf> leaves;
    std::vector<ParquetRowGroupMeta> row_groups;

    static ParquetFileMetadata parse(std::string_view footer);
};

}  // namespace weir
