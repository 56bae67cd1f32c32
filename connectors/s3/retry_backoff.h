// Bounded, jittered exponential backoff between attempts of a retryable S3 request.
#pragma once

#include <chrono>
#include <random>

namespace weir {

// Attempt 1 runs at once; before attempt n (n >= 2) wait a uniformly random time in
// [d/2, d] where d = min(cap, base * 2^(n-2)) ("equal jitter": spreads clients apart, never zero).
// At most `max_attempts` attempts in all. Not thread-safe (one per request loop).
class RetryBackoff {
public:
    RetryBackoff(int max_attempts, std::chrono::milliseconds base, std::chrono::milliseconds cap);

    // True while another attempt is allowed; counts the attempt.
    bool next_attempt();
    int attempts() const { return attempts_; }
    // The wait before the next attempt (call after a failed attempt).
    std::chrono::milliseconds delay();
    // delay() and sleep for it.
    void wait();

private:
    int max_attempts_;
    std::chrono::milliseconds base_;
    std::chrono::milliseconds cap_;
    int attempts_ = 0;
    std::minstd_rand random_;
};

}  // namespace weir
