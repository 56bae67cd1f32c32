// Joins two inputs: a batch hash join, a lookup join or an interval join (docs/joins.md).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "exec/expression_executor.h"
#include "exec/job_metrics.h"
#include "exec/join_row_store.h"
#include "exec/multi_input_operator.h"
#include "planner/query_plan.h"

namespace weir {

// A symmetric hash join: a row arriving on one input is matched against the rows the other input
// stored (equal keys, NULL never equal; then the residual condition), the pairs go downstream at
// once, and the row is stored for the other input's later rows. Output rows are the left columns
// then the right columns; an outer side's row that never matched is emitted once, with NULLs for
// the other side, as soon as no match can come. Per strategy:
// - Batch: both inputs stored; unmatched rows at the end; the watermark is held at its minimum
//   until both inputs end (every output row is then on time downstream).
// - Lookup: only the bounded input (read first by the driver) is stored; a stream row is matched
//   once and, for LEFT, emitted unmatched at once; output rows keep the stream rows' watermarks.
// - Interval: both stored; a row whose time is below its input's watermark (less its slack) is
//   late: counted and dropped. A stored row is expired once the other input's watermark proves no
//   match can come (right_time - left_time must lie in [lower, upper]); the output watermark is the
//   smallest time a future output row can carry (docs/joins.md#watermarks-through-joins-and-unions).
class JoinOperator : public MultiInputOperator {
public:
    JoinOperator(const PlanNode &node, JobMetrics &metrics);
    std::string name() const override { return "Join"; }
    void snapshot(StateWriter &out) const override;
    void restore(StateReader &in) override;

protected:
    void push_input(size_t input, Batch &batch) override;
    void on_watermark(size_t input, int64_t watermark) override;
    void on_all_finished() override;

private:
    // Rows for one side of an output batch: from a batch, from a store, or NULLs.
    struct Rows {
        const Batch *batch = nullptr;
        const std::vector<uint32_t> *rows = nullptr;
        const JoinRowStore *store = nullptr;
        const std::vector<JoinRowStore::Ref> *refs = nullptr;
    };
    void hash_rows(const Batch &batch, size_t side, const std::vector<uint32_t> &rows);
    bool keys_equal(const Batch &a, uint32_t a_row, size_t a_side, const Batch &b, uint32_t b_row) const;
    bool within_bounds(size_t probe_side, int64_t probe_time, int64_t stored_time) const;
    // Fills out_ with `count` rows: left columns from `left`, right columns from `right`.
    void build(size_t count, const Rows &left, const Rows &right);
    void emit(size_t side, const Batch &batch, const std::vector<uint32_t> &rows);
    void emit_out();
    void expire_and_forward();
    void emit_unmatched_stored(size_t side);
    void update_state_metric();

    JoinKind kind_;
    JoinStrategy strategy_;
    std::vector<size_t> keys_[2];
    std::optional<size_t> time_[2];
    int64_t slack_[2] = {0, 0};
    int64_t lower_ = 0;
    int64_t upper_ = 0;
    bool outer_[2] = {false, false};
    std::vector<TypeId> types_[2];
    std::unique_ptr<JoinRowStore> store_[2];
    std::unique_ptr<ExpressionExecutor> condition_;
    int stream_side_ = 0;
    JobMetrics &metrics_;

    // Scratch, reused between calls.
    std::vector<uint64_t> hashes_;
    std::vector<uint8_t> usable_;
    Batch out_;
    Batch expired_[2];
};

}  // namespace weir
