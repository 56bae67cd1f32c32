// Reads back, in the same order, what a StateWriter wrote into a checkpoint snapshot.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/batch.h"

namespace weir {

// Every read checks the remaining length: reading past the end, a bad tag or an impossible value
// throws WeirError(ErrorKind::Data) "the checkpoint snapshot is corrupt: ..." (never undefined
// behaviour). The viewed bytes must outlive the reader. read_batch returns a batch whose strings
// live in its own arena. Not thread-safe.
class StateReader {
public:
    explicit StateReader(std::string_view data) : data_(data) {}

    uint8_t read_u8();
    int64_t read_i64();
    uint64_t read_u64();
    double read_double();
    std::string read_string();
    Batch read_batch();
    // Reads a tag and throws unless it equals `tag`.
    void expect_tag(std::string_view tag);
    // A count read from the snapshot, checked against `limit` (corrupt if larger).
    size_t read_count(size_t limit = size_t(1) << 40);

    bool at_end() const { return offset_ == data_.size(); }

private:
    std::string_view take(size_t length);
    [[noreturn]] void corrupt(const std::string &what) const;

    std::string_view data_;
    size_t offset_ = 0;
};

}  // namespace weir
