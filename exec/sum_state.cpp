// Summing per group, exact for integers.
#include "exec/sum_state.h"

#include "common/weir_error.h"

namespace weir {

void SumState::resize(size_t groups) {
    if (integer_) {
        int_sums_.resize(groups, 0);
    } else {
        double_sums_.resize(groups, 0);
    }
    has_value_.resize(groups, 0);
}

void SumState::add_integer(uint32_t group, int64_t value) {
    int64_t &sum = int_sums_[group];
    if (__builtin_add_overflow(sum, value, &sum)) {
        throw WeirError(ErrorKind::Data, "sum() overflowed the BIGINT range; cast its argument to DOUBLE to sum it approximately.");
    }
}

void SumState::update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) {
    bool all_valid = input->all_valid();
    uint8_t *has = has_value_.data();
    if (integer_) {
        const int64_t *values = input->ints();
        for (size_t i = 0; i < count; i++) {
            uint32_t row = rows[i];
            if (!all_valid && input->is_null(row)) continue;
            add_integer(groups[i], values[row]);
            has[groups[i]] = 1;
        }
        return;
    }
    const double *values = input->doubles();
    double *sums = double_sums_.data();
    for (size_t i = 0; i < count; i++) {
        uint32_t row = rows[i];
        if (!all_valid && input->is_null(row)) continue;
        sums[groups[i]] += values[row];
        has[groups[i]] = 1;
    }
}

void SumState::merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) {
    const auto &from = static_cast<const SumState &>(other);
    for (size_t g = 0; g < other_groups; g++) {
        if (!from.has_value_[g]) continue;
        uint32_t target = targets[g];
        if (integer_) {
            add_integer(target, from.int_sums_[g]);
        } else {
            double_sums_[target] += from.double_sums_[g];
        }
        has_value_[target] = 1;
    }
}

void SumState::finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const {
    for (size_t i = 0; i < count; i++) {
        uint32_t group = groups[i];
        if (integer_) {
            out.ints()[offset + i] = int_sums_[group];
        } else {
            out.doubles()[offset + i] = double_sums_[group];
        }
        out.set_valid(offset + i, has_value_[group] != 0);
    }
}

void SumState::save(StateWriter &out, size_t groups) const {
    for (size_t g = 0; g < groups; g++) {
        out.write_u8(has_value_[g]);
        if (integer_) {
            out.write_i64(int_sums_[g]);
        } else {
            out.write_double(double_sums_[g]);
        }
    }
}

void SumState::load(StateReader &in, size_t groups) {
    for (size_t g = 0; g < groups; g++) {
        has_value_[g] = in.read_u8() != 0;
        if (integer_) {
            int_sums_[g] = in.read_i64();
        } else {
            double_sums_[g] = in.read_double();
        }
    }
}

}  // namespace weir
