// Micro-benchmarks of ExpressionExecutor: the filter `temp > 30.0` and the projection `temp * 1.8 + 32`.
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <vector>

#include "common/batch.h"
#include "exec/expression_executor.h"

namespace weir {
namespace {

constexpr size_t kRows = kBatchCapacity;

// One DOUBLE column `temp` of kRows readings between -20 and 45; every 50th row NULL if `nulls`.
Batch temperature_batch(bool nulls) {
    Batch batch;
    ColumnVector temp(TypeId::Double, kRows);
    std::mt19937 random(42);
    std::uniform_real_distribution<double> reading(-20.0, 45.0);
    for (size_t i = 0; i < kRows; i++) {
        temp.doubles()[i] = reading(random);
        if (nulls && i % 50 == 0) temp.set_null(i);
    }
    batch.columns.push_back(std::move(temp));
    batch.set_size(kRows);
    return batch;
}

std::unique_ptr<BoundExpr> temp_column() { return BoundExpr::make_column(0, TypeId::Double); }

std::unique_ptr<BoundExpr> binary(const char *name, TypeId type, std::unique_ptr<BoundExpr> a,
                                  std::unique_ptr<BoundExpr> b) {
    std::vector<std::unique_ptr<BoundExpr>> args;
    args.push_back(std::move(a));
    args.push_back(std::move(b));
    return BoundExpr::make_call(name, type, std::move(args));
}

void BM_FilterTempGreaterThan30(benchmark::State &state) {
    Batch batch = temperature_batch(state.range(0) != 0);
    ExpressionExecutor filter(
        *binary(">", TypeId::Boolean, temp_column(), BoundExpr::make_constant(Value::float64(30.0))));
    for (auto _ : state) {
        batch.clear_selection();
        filter.select(batch);
        benchmark::DoNotOptimize(batch.live_count());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_FilterTempGreaterThan30)->Arg(0)->Arg(1)->ArgName("nulls");

void BM_ProjectFahrenheit(benchmark::State &state) {
    Batch batch = temperature_batch(state.range(0) != 0);
    auto times = binary("*", TypeId::Double, temp_column(), BoundExpr::make_constant(Value::float64(1.8)));
    ExpressionExecutor project(
        *binary("+", TypeId::Double, std::move(times), BoundExpr::make_constant(Value::float64(32.0))));
    ColumnVector out;
    for (auto _ : state) {
        project.evaluate(batch, out);
        benchmark::DoNotOptimize(out.doubles());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_ProjectFahrenheit)->Arg(0)->Arg(1)->ArgName("nulls");

// The projection over a batch that a filter already narrowed to about a quarter of its rows.
void BM_ProjectFahrenheitAfterFilter(benchmark::State &state) {
    Batch batch = temperature_batch(false);
    ExpressionExecutor filter(
        *binary(">", TypeId::Boolean, temp_column(), BoundExpr::make_constant(Value::float64(30.0))));
    filter.select(batch);
    auto times = binary("*", TypeId::Double, temp_column(), BoundExpr::make_constant(Value::float64(1.8)));
    ExpressionExecutor project(
        *binary("+", TypeId::Double, std::move(times), BoundExpr::make_constant(Value::float64(32.0))));
    ColumnVector out;
    for (auto _ : state) {
        project.evaluate(batch, out);
        benchmark::DoNotOptimize(out.doubles());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch.live_count()));
}
BENCHMARK(BM_ProjectFahrenheitAfterFilter);

}  // namespace
}  // namespace weir

BENCHMARK_MAIN();
