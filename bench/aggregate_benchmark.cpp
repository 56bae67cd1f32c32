// Micro-benchmark: TUMBLE count(*) + avg(value) per key over in-memory batches (BIGINT, TEXT and
// dictionary-encoded TEXT keys; 26 to 10^4 of them).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "common/timestamp.h"
#include "exec/job_metrics.h"
#include "exec/watermark_tracker.h"
#include "exec/window_aggregate_operator.h"

namespace weir {
namespace {

// Counts the rows the aggregation emits so the work cannot be optimized away.
class CountingOperator : public Operator {
public:
    void push(Batch &batch) override { rows += batch.live_count(); }
    std::string name() const override { return "Counting"; }
    size_t rows = 0;
};

enum class KeyKind { BigInt, Text, Dictionary };

// GROUP BY key (column 0), TUMBLE(ts (column 1), 10s): count(*), avg(value (column 2)).
std::unique_ptr<PlanNode> make_node(KeyKind kind) {
    auto node = std::make_unique<PlanNode>();
    node->kind = PlanNodeKind::Aggregate;
    node->group_keys.push_back(BoundExpr::make_column(0, kind == KeyKind::BigInt ? TypeId::BigInt : TypeId::Text));
    node->window = WindowSpec{WindowKind::Tumble, 1, 10 * kMicrosPerSecond, 10 * kMicrosPerSecond};
    AggregateCall count;
    count.kind = AggregateKind::CountStar;
    node->aggregates.push_back(std::move(count));
    AggregateCall avg;
    avg.kind = AggregateKind::Avg;
    avg.argument = BoundExpr::make_column(2, TypeId::Double);
    avg.result_type = TypeId::Double;
    node->aggregates.push_back(std::move(avg));
    return node;
}

// 2^20 events at 100k events/s of event time, keys drawn by a fixed LCG; TEXT keys are "city-<n>"
// (as a source decoding text would give them, or dictionary-encoded as the generator gives them).
std::vector<Batch> make_batches(int64_t keys, KeyKind kind) {
    constexpr size_t kEvents = 1 << 20;
    auto arena = std::make_shared<StringArena>();
    auto names = std::make_shared<std::vector<std::string_view>>();
    for (int64_t k = 0; k < keys; k++) names->push_back(arena->add("city-" + std::to_string(k)));
    std::vector<uint32_t> codes(kBatchCapacity);
    std::vector<Batch> batches;
    uint64_t state = 42;
    for (size_t begin = 0; begin < kEvents; begin += kBatchCapacity) {
        Batch batch;
        batch.columns.emplace_back(kind == KeyKind::BigInt ? TypeId::BigInt : TypeId::Text, 0);
        batch.columns.emplace_back(TypeId::Timestamp, 0);
        batch.columns.emplace_back(TypeId::Double, 0);
        batch.arenas.push_back(arena);
        batch.set_size(kBatchCapacity);
        for (size_t i = 0; i < kBatchCapacity; i++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            codes[i] = static_cast<uint32_t>((state >> 33) % static_cast<uint64_t>(keys));
            if (kind == KeyKind::BigInt) batch.columns[0].ints()[i] = codes[i];
            else batch.columns[0].strings()[i] = (*names)[codes[i]];
            batch.columns[1].ints()[i] = static_cast<int64_t>(begin + i) * 10;  // 10 µs apart
            batch.columns[2].doubles()[i] = static_cast<double>((state >> 20) % 1000) / 10.0;
        }
        if (kind == KeyKind::Dictionary) batch.columns[0].set_dictionary(names, codes.data());
        batches.push_back(std::move(batch));
    }
    return batches;
}

void BM_TumbleCountAvg(benchmark::State &state) {
    auto kind = static_cast<KeyKind>(state.range(0));
    auto node = make_node(kind);
    std::vector<Batch> batches = make_batches(state.range(1), kind);
    size_t emitted = 0;
    for (auto _ : state) {
        JobMetrics metrics;
        WindowAggregateOperator op(*node, metrics);
        CountingOperator sink;
        op.set_next(&sink);
        WatermarkTracker tracker;
        for (Batch &batch : batches) {
            tracker.assign(batch, 1, 0);
            op.push(batch);
            op.advance_watermark(tracker.current());
        }
        op.advance_watermark(kWatermarkMax);
        op.finish();
        emitted = sink.rows;
        benchmark::DoNotOptimize(emitted);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(batches.size()) *
                            static_cast<int64_t>(kBatchCapacity));
    state.counters["rows_out"] = static_cast<double>(emitted);
}

// Args: key kind (0 BIGINT, 1 TEXT, 2 dictionary-encoded TEXT), number of keys.
BENCHMARK(BM_TumbleCountAvg)
    ->ArgsProduct({{0, 1, 2}, {26, 10000}})
    ->ArgNames({"key_kind", "keys"})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weir

BENCHMARK_MAIN();
