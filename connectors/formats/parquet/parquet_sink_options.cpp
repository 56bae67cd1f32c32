// Parsing and validating the Parquet writer options of a sink.
#include "connectors/formats/parquet/parquet_sink_options.h"

namespace weir {

ParquetWriterOptions ParquetSinkOptions::parse(const OptionReader &options) {
    ParquetWriterOptions parsed;
    parsed.compression = ParquetCodec::parse(options.choice("compression", {"zstd", "snappy", "gzip", "none"}, "zstd"));
    parsed.row_group_rows = static_cast<size_t>(options.integer("row_group_rows", 131072, 1, int64_t{1} << 26));
    parsed.page_bytes = static_cast<size_t>(options.integer("page_size", 1 << 20, 1024, int64_t{1} << 30));
    parsed.dictionary = options.boolean("dictionary", true);
    return parsed;
}

const std::vector<std::string> &ParquetSinkOptions::names() {
    static const std::vector<std::string> names = {"compression", "dictionary", "page_size", "row_group_rows"};
    return names;
}

}  // namespace weir
