// Chooses the state class for an aggregate call.
#include "exec/aggregate_state.h"

#include <string>

#include "common/weir_error.h"
#include "exec/avg_state.h"
#include "exec/count_state.h"
#include "exec/distinct_count_state.h"
#include "exec/min_max_state.h"
#include "exec/sum_state.h"
#include "exec/variance_state.h"

namespace weir {

namespace {

void require_numeric(TypeId type, const char *function) {
    if (type == TypeId::BigInt || type == TypeId::Double) return;
    throw WeirError(ErrorKind::Bind, std::string(function) + "() needs a BIGINT or DOUBLE argument, not " +
                                         type_name(type) + ".");
}

}  // namespace

std::unique_ptr<AggregateState> AggregateState::make(AggregateKind kind, TypeId input_type) {
    switch (kind) {
    case AggregateKind::CountStar: return std::make_unique<CountState>(true);
    case AggregateKind::Count: return std::make_unique<CountState>(false);
    case AggregateKind::CountDistinct: return std::make_unique<DistinctCountState>(input_type);
    case AggregateKind::Sum:
        if (input_type != TypeId::Interval) require_numeric(input_type, "sum");
        return std::make_unique<SumState>(input_type);
    case AggregateKind::Avg: require_numeric(input_type, "avg"); return std::make_unique<AvgState>(input_type);
    case AggregateKind::Min: return std::make_unique<MinMaxState>(false, input_type);
    case AggregateKind::Max: return std::make_unique<MinMaxState>(true, input_type);
    case AggregateKind::StddevSamp:
    case AggregateKind::VarSamp:
    case AggregateKind::StddevPop:
    case AggregateKind::VarPop:
        require_numeric(input_type, "stddev/variance");
        return std::make_unique<VarianceState>(kind, input_type);
    }
    throw WeirError(ErrorKind::Internal, "an unknown aggregate kind reached the executor.");
}

}  // namespace weir
