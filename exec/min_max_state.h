// min(x) and max(x) states for every type (TEXT compares bytewise, BOOLEAN false < true).
#pragma once

#include <string_view>
#include <vector>

#include "exec/aggregate_state.h"

namespace weir {

// The result keeps the argument type; NULL when the group saw no non-NULL value. DOUBLE NaN is
// larger than every number. TEXT values are copied into the state's own arena.
class MinMaxState : public AggregateState {
public:
    MinMaxState(bool is_max, TypeId type);
    void resize(size_t groups) override;
    void update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) override;
    void merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) override;
    void finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const override;
    void save(StateWriter &out, size_t groups) const override;
    void load(StateReader &in, size_t groups) override;
    std::shared_ptr<StringArena> arena() const override { return arena_; }

private:
    // True if `candidate` should replace the current value (strictly better).
    template <typename T>
    bool better(const T &candidate, const T &current) const;
    template <typename T>
    void fold(std::vector<T> &values, uint32_t group, const T &candidate);

    bool is_max_;
    TypeId type_;
    std::vector<int64_t> ints_;  // BOOLEAN, BIGINT, TIMESTAMP, INTERVAL
    std::vector<double> doubles_;
    std::vector<std::string_view> strings_;
    std::vector<uint8_t> has_value_;
    std::shared_ptr<StringArena> arena_;
};

}  // namespace weir
