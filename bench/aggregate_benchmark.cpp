// Micro-benchmark: TUMBLE count(*) + avg(value) per key over in-memory batches (100 and 10^4 keys).
#include <benchmark/benchmark.h>

#include <memory>
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

// GROUP BY key (BIGINT, column 0), TUMBLE(ts (column 1), 10s): count(*), avg(value (column 2)).
std::unique_ptr<PlanNode> make_node() {
    auto node = std::make_unique<PlanNode>();
    node->kind = PlanNodeKind::Aggregate;
    node->group_keys.push_back(BoundExpr::make_column(0, TypeId::BigInt));
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

// 2^20 events at 100k events/s of event time, keys drawn by a fixed LCG.
std::vector<Batch> make_batches(int64_t keys) {
    constexpr size_t kEvents = 1 << 20;
    std::vector<Batch> batches;
    uint64_t state = 42;
    for (size_t begin = 0; begin < kEvents; begin += kBatchCapacity) {
        Batch batch;
        batch.columns.emplace_back(TypeId::BigInt, 0);
        batch.columns.emplace_back(TypeId::Timestamp, 0);
        batch.columns.emplace_back(TypeId::Double, 0);
        batch.set_size(kBatchCapacity);
        for (size_t i = 0; i < kBatchCapacity; i++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            batch.columns[0].ints()[i] = static_cast<int64_t>((state >> 33) % static_cast<uint64_t>(keys));
            batch.columns[1].ints()[i] = static_cast<int64_t>(begin + i) * 10;  // 10 µs apart
            batch.columns[2].doubles()[i] = static_cast<double>((state >> 20) % 1000) / 10.0;
        }
        batches.push_back(std::move(batch));
    }
    return batches;
}

void BM_TumbleCountAvg(benchmark::State &state) {
    auto node = make_node();
    std::vector<Batch> batches = make_batches(state.range(0));
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

BENCHMARK(BM_TumbleCountAvg)->Arg(100)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weir

BENCHMARK_MAIN();
