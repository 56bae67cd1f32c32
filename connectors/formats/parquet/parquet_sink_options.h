// The WITH options of sinks that write Parquet (file, s3): compression, row groups, pages.
#pragma once

#include <string>
#include <vector>

#include "connectors/formats/parquet/parquet_writer_options.h"
#include "connectors/option_reader.h"

namespace weir {

// compression 'zstd' (default) | 'snappy' | 'gzip' | 'none'; row_group_rows (default 131072, 1 to
// 2^26); page_size (bytes of a data page's values, default 1 MiB, 1 KiB to 1 GiB); dictionary
// ('true' default: fall back to PLAIN per column chunk past 1 MiB of dictionary).
class ParquetSinkOptions {
public:
    static ParquetWriterOptions parse(const OptionReader &options);
    // The option names above (sorted).
    static const std::vector<std::string> &names();
};

}  // namespace weir
