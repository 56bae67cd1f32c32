// HAVING over an updating aggregation: a filter that deletes a key's row when it stops matching.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "exec/expression_executor.h"
#include "exec/group_key_table.h"
#include "exec/operator.h"

namespace weir {

// Its input is a keyed upsert stream (an updating HashAggregate, or an EMIT CHANGES window): each
// row is the current version of its key (Upsert) or the key's removal (Delete). The operator
// remembers which keys it has passed on (the keys present downstream) and, per input row:
// - an Upsert the predicate holds for (TRUE) is passed on as an Upsert and its key is present;
// - an Upsert the predicate rejects (FALSE or NULL), or a Delete, of a present key becomes a Delete
//   of that key (the row carries the key and its latest values) and the key is no longer present;
// - either one of a key that is not present is dropped (nothing downstream holds it).
// So the downstream table holds exactly the groups that match now (docs/changelog.md).
// A key is the tuple of `key_columns`; with `window_start` (an EMIT CHANGES window: the column of
// window_start, window_end is the next column) keys are held per window and a window's keys are
// forgotten once the watermark reaches its end (the window takes no more rows). Output rows keep
// their physical positions (selection) and get row_kinds.
class ChangelogFilterOperator : public Operator {
public:
    ChangelogFilterOperator(const BoundExpr &predicate, std::vector<size_t> key_columns, std::vector<TypeId> key_types,
                            std::optional<size_t> window_start);
    void push(Batch &batch) override;
    void advance_watermark(int64_t watermark) override;
    // Checkpoints: every window's keys and which of them are present.
    void snapshot(StateWriter &out) const override;
    void restore(StateReader &in) override;
    std::string name() const override { return "Filter (changelog)"; }

private:
    struct KeySet {
        int64_t end = kWatermarkMax;
        std::unique_ptr<GroupKeyTable> keys;
        std::vector<uint8_t> present;  // per group id
        std::vector<uint32_t> rows;    // scratch: this batch's rows of the window
    };
    KeySet &key_set(int64_t start, int64_t end);

    ExpressionExecutor predicate_;
    std::vector<size_t> key_columns_;
    std::vector<TypeId> key_types_;
    std::optional<size_t> window_start_;
    std::map<int64_t, KeySet> windows_;  // by window_start (0 without a window)
    // Scratch, reused across batches.
    std::vector<uint32_t> live_;
    std::vector<uint8_t> passes_;
    std::vector<uint8_t> decision_;
    std::vector<uint32_t> ids_;
    std::vector<uint32_t> kept_;
};

}  // namespace weir
