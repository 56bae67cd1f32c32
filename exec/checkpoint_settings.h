// How a job takes checkpoints: where they are stored, how often, and what the job is.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/timestamp.h"

namespace weir {

struct CheckpointSettings {
    static constexpr int64_t kDefaultInterval = 10 * kMicrosPerSecond;

    std::string directory;                // the state directory (CheckpointStore)
    int64_t interval = kDefaultInterval;  // wall-clock µs between checkpoints; 0 = only at stop and end
    // The job's definition as the user wrote it (normalized SQL): recovery refuses a changed one.
    std::string definition;
    // One sentence per notable event (a corrupt checkpoint skipped, a source that cannot rewind).
    std::function<void(const std::string &)> notice;
};

}  // namespace weir
