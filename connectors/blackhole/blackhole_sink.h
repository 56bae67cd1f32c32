// Sink connector 'blackhole': counts the rows written and discards them (benchmarks, tests).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "connectors/sink.h"

namespace weir {

// rows() counts the live rows of Insert and Upsert writes (Delete writes are counted by deletes());
// both are safe to read from another thread while a job writes.
class BlackholeSink : public Sink {
public:
    explicit BlackholeSink(SinkSpec spec) : spec_(std::move(spec)) {}

    static const std::vector<std::string> &option_names() {
        static const std::vector<std::string> names = {};
        return names;
    }

    void open() override {}
    bool applies_changes() const override { return true; }  // counts every kind
    void write(const Batch &batch, ChangeKind kind) override {
        if (kind == ChangeKind::Delete) deletes_ += batch.live_count();
        else rows_ += batch.live_count();
    }
    uint64_t rows() const { return rows_; }
    uint64_t deletes() const { return deletes_; }

private:
    SinkSpec spec_;
    std::atomic<uint64_t> rows_{0};
    std::atomic<uint64_t> deletes_{0};
};

}  // namespace weir
