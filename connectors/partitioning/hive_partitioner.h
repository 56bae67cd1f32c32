// Hive-style partition folders (city=Warsaw/year=2025/month=01/...) for rows of a batch.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"

namespace weir {

// Built from the option values `partition_by = 'city, year, month, day, hour'` and `time_column`.
// Each name is a column of the schema (its value becomes the folder value) or one of year, month,
// day, hour (when no column has that name) taken from the time column in UTC, zero-padded
// ("month=01"). The time column defaults to window_start if present, else the first TIMESTAMP
// column. Column names and values are percent-encoded for '/', '=', '%' and control characters
// (an alias "../../evil" becomes the folder "..%2F..%2Fevil=...", inside the sink's folder); NULL becomes
// __HIVE_DEFAULT_PARTITION__. Reused by every object/file-writing sink (file, S3).
class HivePartitioner {
public:
    // Throws WeirError(Bind) for an empty list, an unknown column, or year..hour without any
    // TIMESTAMP column (or a time_column that is not a TIMESTAMP column of the schema).
    HivePartitioner(const Schema &schema, const std::vector<std::string> &partition_by,
                    const std::string &time_column = "");

    // The folder of physical row `row`, ending with '/': "city=Warsaw/year=2025/month=01/".
    std::string folder(const Batch &batch, size_t row) const;
    // Groups the live rows of `batch` by folder, in order of first appearance; rows keep their order.
    std::vector<std::pair<std::string, std::vector<uint32_t>>> split(const Batch &batch) const;

    // Percent-encodes '/', '=', '%' and bytes below 0x20 or 0x7F ("a/b" → "a%2Fb").
    static std::string escape(std::string_view value);

private:
    enum class Part { Column, Year, Month, Day, Hour };
    struct Level {
        std::string name;
        Part part;
        size_t column;
    };
    void append_level(const Level &level, const Batch &batch, size_t row, std::string &out) const;

    std::vector<Level> levels_;
};

}  // namespace weir
