// Names, kinds and result types of the aggregate functions.
#include "planner/aggregate_function_table.h"

#include <algorithm>

#include "common/weir_error.h"

namespace weir {

namespace {

struct AggregateName {
    const char *name;
    AggregateKind kind;
};

constexpr AggregateName kAggregates[] = {
    {"count", AggregateKind::Count},         {"sum", AggregateKind::Sum},
    {"avg", AggregateKind::Avg},             {"min", AggregateKind::Min},
    {"max", AggregateKind::Max},             {"stddev", AggregateKind::StddevSamp},
    {"variance", AggregateKind::VarSamp},    {"stddev_samp", AggregateKind::StddevSamp},
    {"var_samp", AggregateKind::VarSamp},    {"stddev_pop", AggregateKind::StddevPop},
    {"var_pop", AggregateKind::VarPop},
};

}  // namespace

bool AggregateFunctionTable::is_aggregate(const std::string &lower_name) {
    return std::any_of(std::begin(kAggregates), std::end(kAggregates),
                       [&](const AggregateName &entry) { return lower_name == entry.name; });
}

std::vector<std::string> AggregateFunctionTable::names() {
    std::vector<std::string> out;
    for (const auto &entry : kAggregates) out.emplace_back(entry.name);
    return out;
}

AggregateKind AggregateFunctionTable::kind_of(const std::string &lower_name, bool star, bool distinct) {
    AggregateKind kind = AggregateKind::Count;
    for (const auto &entry : kAggregates) {
        if (lower_name == entry.name) kind = entry.kind;
    }
    if (kind == AggregateKind::Count) {
        if (star && distinct) throw WeirError(ErrorKind::Bind, "count(DISTINCT *) is not supported; name a column: count(DISTINCT x)");
        if (star) return AggregateKind::CountStar;
        return distinct ? AggregateKind::CountDistinct : AggregateKind::Count;
    }
    if (star) throw WeirError(ErrorKind::Bind, "only count accepts `*` as its argument, not " + lower_name);
    if (distinct) {
        throw WeirError(ErrorKind::Bind, "DISTINCT is supported only in count(DISTINCT x), not in " + lower_name);
    }
    return kind;
}

TypeId AggregateFunctionTable::result_type(AggregateKind kind, const std::string &lower_name, TypeId argument) {
    switch (kind) {
    case AggregateKind::CountStar:
    case AggregateKind::Count:
    case AggregateKind::CountDistinct: return TypeId::BigInt;
    case AggregateKind::Min:
    case AggregateKind::Max: return argument;
    case AggregateKind::Sum:
        if (argument == TypeId::BigInt || argument == TypeId::Double) return argument;
        if (argument == TypeId::Null) return TypeId::Double;
        break;
    default:
        if (argument == TypeId::BigInt || argument == TypeId::Double || argument == TypeId::Null) return TypeId::Double;
        break;
    }
    throw WeirError(ErrorKind::Bind, lower_name + " needs a BIGINT or DOUBLE argument; CAST it or use another aggregate; got " +
                                         type_name(argument));
}

}  // namespace weir
