// Named crash points for recovery tests: WEIR_FAULT=<name>[:<n>] kills the process at the n-th hit.
#pragma once

#include <string_view>

namespace weir {

// hit(name) does nothing unless the environment variable WEIR_FAULT names this point; then the
// n-th hit (default 1) in this process raises SIGKILL, exactly as `kill -9` would (no flush, no
// destructor, no atexit). Points used by the engine (docs/semantics.md#checkpoints-and-recovery):
//   after_sink_write       a sink's write() returned
//   mid_checkpoint         sinks prepared checkpoint k, its snapshot is not stored yet
//   after_checkpoint_store the snapshot of k is stored, the sink commit of k has not run
//   before_offset_commit   k is stored and committed by sinks, sources not yet told (Kafka commit, XACK)
// Thread-safe; the environment is read once.
class FaultPoint {
public:
    static void hit(std::string_view name);
};

}  // namespace weir
