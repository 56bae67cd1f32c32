// Appends values to a checkpoint snapshot in a compact binary form that StateReader reads back.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/batch.h"

namespace weir {

// Little-endian fixed-width integers and doubles, length-prefixed strings. Operators write their
// state in an order of their own and read it back in the same order (StateReader); the snapshot as a
// whole is versioned and checksummed by the CheckpointStore, not here. write_batch stores the live
// rows of a batch (types, validity, values, strings; no selection, no row watermarks). Not thread-safe.
class StateWriter {
public:
    void write_u8(uint8_t value);
    void write_i64(int64_t value);
    void write_u64(uint64_t value);
    void write_double(double value);
    void write_string(std::string_view value);
    void write_batch(const Batch &batch);
    // A tag naming the section that follows (checked by StateReader::expect_tag, so a snapshot read
    // by the wrong operator fails clearly instead of misreading bytes).
    void write_tag(std::string_view tag) { write_string(tag); }

    const std::string &data() const { return data_; }
    std::string take() { return std::move(data_); }

private:
    std::string data_;
};

}  // namespace weir
