// Passing a batch's live rows to the host one at a time until it says stop.
#include "api/callback_sink.h"

namespace weir {

void CallbackSink::write(const Batch &batch, ChangeKind kind) {
    for (size_t i = 0; i < batch.live_count(); i++) {
        if (stop_wanted_->load()) return;
        if (!on_row_(batch, batch.live_row(i), kind)) stop_wanted_->store(true);
    }
}

}  // namespace weir
