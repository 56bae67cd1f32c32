// Jittered exponential delays, capped, for a bounded number of attempts.
#include "connectors/s3/retry_backoff.h"

#include <algorithm>
#include <thread>

namespace weir {

RetryBackoff::RetryBackoff(int max_attempts, std::chrono::milliseconds base, std::chrono::milliseconds cap)
    : max_attempts_(max_attempts), base_(base), cap_(cap), random_(std::random_device{}()) {}

bool RetryBackoff::next_attempt() {
    if (attempts_ >= max_attempts_) return false;
    attempts_++;
    return true;
}

std::chrono::milliseconds RetryBackoff::delay() {
    int64_t span = base_.count();
    for (int i = 1; i < attempts_ && span < cap_.count(); i++) span *= 2;
    span = std::min<int64_t>(span, cap_.count());
    std::uniform_int_distribution<int64_t> pick(span / 2, std::max<int64_t>(span, span / 2));
    return std::chrono::milliseconds(pick(random_));
}

void RetryBackoff::wait() { std::this_thread::sleep_for(delay()); }

}  // namespace weir
