// The command line of `weir serve`: where to listen, the token, the limits, the pipeline files.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace weir_serve {

// What `weir serve` was asked to do. parse() checks the rules that do not need the network: an
// address other than loopback needs a token.
struct ServeOptions {
    std::string state;                    // --state DIR ("" = nothing kept on disk)
    std::string checkpoint_interval;      // --checkpoint-interval DURATION ("" = the engine's default)
    std::vector<std::string> files;       // -f FILE, in order
    std::vector<std::string> commands;    // -c SQL, run after the files
    std::string host = "127.0.0.1";       // --http HOST:PORT
    int port = 8080;                      // 0 = any free port (printed on stderr)
    std::string token;                    // --http-token, or $WEIR_TOKEN
    size_t max_body = 16u << 20;          // --http-max-body BYTES: larger requests get 413
    size_t max_result = 64u << 20;        // --http-max-result BYTES: larger bounded results get 400
    int query_timeout_ms = 10000;         // --http-query-timeout: a /sql answer must be complete by then
    int max_streams = 16;                 // --http-max-streams: concurrent continuous queries
    double max_lag_seconds = 0;           // --health-max-lag: a running job lagging more is unhealthy (0: off)

    // Parses the arguments after `serve`. Returns "" on success, else one sentence saying what is wrong.
    // `help` is set when -h/--help was given.
    std::string parse(int argc, char **argv, bool &help);
    // True if host names the loopback interface (127.0.0.0/8, ::1, localhost).
    static bool is_loopback(const std::string &host);
    // The usage text of `weir serve`.
    static const char *usage();
};

}  // namespace weir_serve
