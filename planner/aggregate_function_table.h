// The aggregate functions of the dialect: names, kinds and result types.
#pragma once

#include <string>
#include <vector>

#include "common/type_id.h"
#include "planner/query_plan.h"

namespace weir {

class AggregateFunctionTable {
public:
    // True for count, sum, avg, min, max, stddev, variance, stddev_samp, var_samp, stddev_pop, var_pop.
    static bool is_aggregate(const std::string &lower_name);
    // Every aggregate name (for did-you-mean).
    static std::vector<std::string> names();
    // The kind for a call; `star` for count(*). DISTINCT other than count(DISTINCT x), or `*` other
    // than count(*) → WeirError(Bind).
    static AggregateKind kind_of(const std::string &lower_name, bool star, bool distinct);
    // Result type per query_plan.h; an argument type the aggregate cannot take (sum/avg of TEXT, ...)
    // → WeirError(Bind) naming the function and the type.
    static TypeId result_type(AggregateKind kind, const std::string &lower_name, TypeId argument);
};

}  // namespace weir
