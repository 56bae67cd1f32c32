// Routes a malformed record to the job (on_error = 'skip') or turns it into an error ('fail').
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "connectors/source.h"

namespace weir {

// Shared by every source so that malformed records read the same everywhere.
class BadRecordReporter {
public:
    BadRecordReporter(bool fail_on_error, std::function<void(const BadRecord &)> callback)
        : fail_(fail_on_error), callback_(std::move(callback)) {}

    // Skip mode: passes BadRecord{where, reason, first ≤ 200 bytes of raw} to the callback (if any)
    // and counts it. Fail mode: throws WeirError(ErrorKind::Data,
    // "malformed record at <where>: <reason>").
    void report(const std::string &where, const std::string &reason, std::string_view raw);
    uint64_t count() const { return count_; }

    static constexpr size_t kRawPrefix = 200;

private:
    bool fail_;
    std::function<void(const BadRecord &)> callback_;
    uint64_t count_ = 0;
};

}  // namespace weir
