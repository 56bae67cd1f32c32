// Test support for exec operator tests: building batches from values, collecting pushed rows, a plan.
#pragma once

#include "exec/pipeline_builder.h"

#include <memory>
#include <string>
#include <vector>

#include "common/batch.h"
#include "common/timestamp.h"
#include "common/value.h"
#include "exec/operator.h"
#include "planner/query_plan.h"

namespace weir::test {

// A batch with one column per type and one row per entry of `rows` (Values of matching type or NULL).
inline Batch make_batch(const std::vector<TypeId> &types, const std::vector<std::vector<Value>> &rows) {
    Batch batch;
    for (TypeId type : types) batch.columns.emplace_back(type, 0);
    batch.set_size(rows.size());
    for (size_t r = 0; r < rows.size(); r++) {
        for (size_t c = 0; c < types.size(); c++) {
            const Value &value = rows[r][c];
            ColumnVector &column = batch.columns[c];
            if (value.is_null()) {
                column.set_null(r);
                continue;
            }
            switch (types[c]) {
            case TypeId::Boolean: column.bools()[r] = value.as_bool(); break;
            case TypeId::BigInt:
            case TypeId::Timestamp:
            case TypeId::Interval: column.ints()[r] = value.as_int(); break;
            case TypeId::Double: column.doubles()[r] = value.as_double(); break;
            case TypeId::Text: column.strings()[r] = batch.arena().add(value.as_text()); break;
            case TypeId::Null: break;
            }
        }
    }
    return batch;
}

// The live rows of a batch as "v1|v2|..." using Value::to_string (NULL, numbers, UTC timestamps).
inline std::vector<std::string> rows_of(const Batch &batch) {
    std::vector<std::string> out;
    for (size_t i = 0; i < batch.live_count(); i++) {
        uint32_t row = batch.live_row(i);
        std::string line;
        for (size_t c = 0; c < batch.columns.size(); c++) {
            if (c) line += "|";
            line += Value::from_column(batch.columns[c], row).to_string();
        }
        out.push_back(line);
    }
    return out;
}

// The last operator of a test chain: remembers every row, watermark and finish() it receives.
class CollectOperator : public Operator {
public:
    void push(Batch &batch) override {
        batches++;
        if (!batch.row_watermarks.empty()) batches_with_watermarks++;
        for (auto &row : rows_of(batch)) rows.push_back(row);
        max_batch_rows = std::max(max_batch_rows, batch.live_count());
    }
    void advance_watermark(int64_t watermark) override { watermarks.push_back(watermark); }
    void finish() override { finished++; }
    std::string name() const override { return "Collect"; }

    std::vector<std::string> rows;
    std::vector<int64_t> watermarks;
    int batches = 0;
    int batches_with_watermarks = 0;
    int finished = 0;
    size_t max_batch_rows = 0;
};

// SELECT key, window_start, window_end, count(*) FROM src GROUP BY key, TUMBLE(ts, 10s) over a
// source of (key TEXT, ts TIMESTAMP).
inline QueryPlan tumble_count_plan() {
    QueryPlan plan;
    auto scan = std::make_unique<PlanNode>();
    scan->kind = PlanNodeKind::Scan;
    scan->output.add("key", TypeId::Text);
    scan->output.add("ts", TypeId::Timestamp);
    plan.push(std::move(scan));
    auto aggregate = std::make_unique<PlanNode>();
    aggregate->kind = PlanNodeKind::Aggregate;
    aggregate->group_keys.push_back(BoundExpr::make_column(0, TypeId::Text));
    aggregate->window = WindowSpec{WindowKind::Tumble, 1, 10 * kMicrosPerSecond, 10 * kMicrosPerSecond};
    AggregateCall count;
    count.kind = AggregateKind::CountStar;
    aggregate->aggregates.push_back(std::move(count));
    plan.push(std::move(aggregate));
    return plan;
}

// The operator chain of a single-source plan whose source is (not) bounded.
inline std::vector<std::unique_ptr<Operator>> chain_of(QueryPlan &plan, JobMetrics &metrics, bool bounded,
                                                      LateRowHandler *late_rows = nullptr) {
    for (PlanNode *scan : plan.scans()) scan->bounded = bounded;
    return PipelineBuilder::build(plan, metrics, late_rows).operators;
}
inline std::vector<std::unique_ptr<Operator>> chain_of(QueryPlan &&plan, JobMetrics &metrics, bool bounded) {
    return chain_of(plan, metrics, bounded);
}

}  // namespace weir::test
