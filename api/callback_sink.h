// The sink of a weir_query_callback query: hands each result row to the host on the job thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "connectors/sink.h"

namespace weir {

// write() calls on_row(batch, physical row, the row's change kind) for every live row, in order, on the job thread. When
// on_row returns false no further row is passed on and stop_wanted() becomes true (the owner then
// stops the job; rows written meanwhile are dropped). The flag is readable from any thread.
class CallbackSink : public Sink {
public:
    using RowFunction = std::function<bool(const Batch &batch, size_t row, ChangeKind kind)>;
    CallbackSink(RowFunction on_row, std::shared_ptr<std::atomic<bool>> stop_wanted)
        : on_row_(std::move(on_row)), stop_wanted_(std::move(stop_wanted)) {}

    void open() override {}
    void write(const Batch &batch, ChangeKind kind) override;

private:
    RowFunction on_row_;
    std::shared_ptr<std::atomic<bool>> stop_wanted_;
};

}  // namespace weir
