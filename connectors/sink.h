// The interface every sink connector implements, and what it is given to start.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/batch.h"
#include "common/schema.h"

namespace weir {

// How the rows of one write() relate to what the sink already holds.
// Insert: new rows (append). Upsert: replace the row with the same key (or insert). Delete: remove by key.
enum class ChangeKind { Insert, Upsert, Delete };

struct SinkSpec {
    std::string name;       // catalog name, for messages
    std::string connector;  // e.g. "sqlite"
    std::map<std::string, std::string> options;  // lower-case keys, validated
    Schema schema;                   // the columns of every batch written (the query's output)
    std::vector<size_t> key_columns;  // from option `key` or the plan's key columns; may be empty
    bool updating = false;           // the query produces a changelog (Upsert/Delete writes)
    std::string job_name;
};

// Contract: open() once, then write() any number of times with batches in `schema` (only the live
// rows count), flush() makes everything written so far durable/visible, close() flushes and
// releases. Errors are WeirError with one clear sentence and no secrets. Not thread-safe.
class Sink {
public:
    virtual ~Sink() = default;
    virtual void open() = 0;
    virtual void write(const Batch &batch, ChangeKind kind) = 0;
    virtual void flush() {}
    virtual void close() {}
};

}  // namespace weir
