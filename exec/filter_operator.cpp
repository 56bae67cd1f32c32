// Selection-vector filtering.
#include "exec/filter_operator.h"

namespace weir {

void FilterOperator::push(Batch &batch) {
    if (batch.live_count() == 0) return;
    predicate_.select(batch);
    if (batch.live_count() == 0 || !next_) return;
    next_->push(batch);
}

}  // namespace weir
