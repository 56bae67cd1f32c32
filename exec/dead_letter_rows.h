// Builds the rows a dead-letter sink and the weir_errors stream receive, one per bad record.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"
#include "connectors/source.h"

namespace weir {

// The fixed columns: source TEXT, location TEXT (BadRecord::where), reason TEXT, raw TEXT, job TEXT,
// at TIMESTAMP (wall clock when the record was detected). Every text is made valid UTF-8 (each
// invalid byte becomes U+FFFD) so JSON, CSV and SQL sinks can store it; the raw bytes are otherwise
// kept as they came (BadRecordReporter already cut them to a prefix). Not thread-safe.
class DeadLetterRows {
public:
    static const Schema &schema();
    // `text` with every byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD.
    static std::string valid_utf8(std::string_view text);
    // Wall-clock microseconds since the epoch.
    static int64_t now();

    void add(const std::string &source, const std::string &job, const BadRecord &record, int64_t at);
    size_t size() const { return rows_.size(); }
    bool empty() const { return rows_.empty(); }
    // The rows added since the last take(), as one batch in schema() (its own arena); then empty.
    Batch take();

private:
    struct Row {
        std::string source, location, reason, raw, job;
        int64_t at;
    };
    std::vector<Row> rows_;
};

}  // namespace weir
