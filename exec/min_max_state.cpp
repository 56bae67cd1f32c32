// Keeping the smallest or largest value per group.
#include "exec/min_max_state.h"

#include <cmath>

namespace weir {

MinMaxState::MinMaxState(bool is_max, TypeId type) : is_max_(is_max), type_(type) {
    if (type_ == TypeId::Text) arena_ = std::make_shared<StringArena>();
}

void MinMaxState::resize(size_t groups) {
    switch (type_) {
    case TypeId::Double: doubles_.resize(groups, 0); break;
    case TypeId::Text: strings_.resize(groups); break;
    default: ints_.resize(groups, 0); break;
    }
    has_value_.resize(groups, 0);
    // Forgetting every group also forgets their strings (batches may still share the old arena).
    if (groups == 0 && arena_) arena_ = std::make_shared<StringArena>();
}

template <typename T>
bool MinMaxState::better(const T &candidate, const T &current) const {
    return is_max_ ? current < candidate : candidate < current;
}

template <>
bool MinMaxState::better<double>(const double &candidate, const double &current) const {
    // NaN sorts above every number.
    bool candidate_nan = std::isnan(candidate);
    bool current_nan = std::isnan(current);
    if (candidate_nan || current_nan) {
        if (candidate_nan == current_nan) return false;
        return is_max_ ? candidate_nan : current_nan;
    }
    return is_max_ ? current < candidate : candidate < current;
}

template <typename T>
void MinMaxState::fold(std::vector<T> &values, uint32_t group, const T &candidate) {
    if (has_value_[group] && !better(candidate, values[group])) return;
    values[group] = candidate;
    has_value_[group] = 1;
}

void MinMaxState::update(const ColumnVector *input, const uint32_t *rows, const uint32_t *groups, size_t count) {
    bool all_valid = input->all_valid();
    for (size_t i = 0; i < count; i++) {
        uint32_t row = rows[i];
        if (!all_valid && input->is_null(row)) continue;
        uint32_t group = groups[i];
        switch (type_) {
        case TypeId::Double: fold(doubles_, group, input->doubles()[row]); break;
        case TypeId::Text: {
            std::string_view candidate = input->strings()[row];
            if (has_value_[group] && !better(candidate, strings_[group])) break;
            strings_[group] = arena_->add(candidate);
            has_value_[group] = 1;
            break;
        }
        case TypeId::Boolean: fold(ints_, group, static_cast<int64_t>(input->bools()[row] != 0)); break;
        default: fold(ints_, group, input->ints()[row]); break;
        }
    }
}

void MinMaxState::merge(const AggregateState &other, const uint32_t *targets, size_t other_groups) {
    const auto &from = static_cast<const MinMaxState &>(other);
    for (size_t g = 0; g < other_groups; g++) {
        if (!from.has_value_[g]) continue;
        uint32_t target = targets[g];
        switch (type_) {
        case TypeId::Double: fold(doubles_, target, from.doubles_[g]); break;
        case TypeId::Text:
            // The other state's arena may be dropped before this one: copy.
            if (has_value_[target] && !better(from.strings_[g], strings_[target])) break;
            strings_[target] = arena_->add(from.strings_[g]);
            has_value_[target] = 1;
            break;
        default: fold(ints_, target, from.ints_[g]); break;
        }
    }
}

void MinMaxState::finalize(const uint32_t *groups, size_t count, ColumnVector &out, size_t offset) const {
    for (size_t i = 0; i < count; i++) {
        uint32_t group = groups[i];
        size_t at = offset + i;
        out.set_valid(at, has_value_[group] != 0);
        if (!has_value_[group]) continue;
        switch (type_) {
        case TypeId::Double: out.doubles()[at] = doubles_[group]; break;
        case TypeId::Text: out.strings()[at] = strings_[group]; break;
        case TypeId::Boolean: out.bools()[at] = static_cast<uint8_t>(ints_[group]); break;
        default: out.ints()[at] = ints_[group]; break;
        }
    }
}

void MinMaxState::save(StateWriter &out, size_t groups) const {
    for (size_t g = 0; g < groups; g++) {
        out.write_u8(has_value_[g]);
        if (!has_value_[g]) continue;
        switch (type_) {
        case TypeId::Double: out.write_double(doubles_[g]); break;
        case TypeId::Text: out.write_string(strings_[g]); break;
        default: out.write_i64(ints_[g]); break;
        }
    }
}

void MinMaxState::load(StateReader &in, size_t groups) {
    for (size_t g = 0; g < groups; g++) {
        has_value_[g] = in.read_u8() != 0;
        if (!has_value_[g]) continue;
        switch (type_) {
        case TypeId::Double: doubles_[g] = in.read_double(); break;
        case TypeId::Text: strings_[g] = arena_->add(in.read_string()); break;
        default: ints_[g] = in.read_i64(); break;
        }
    }
}

}  // namespace weir
