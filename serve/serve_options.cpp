// Parsing and checking the command line of `weir serve`.
#include "serve/serve_options.h"

#include <cstdlib>

namespace weir_serve {

namespace {

// Parses a positive whole number of bytes, with an optional K, M or G suffix (powers of 1024).
bool parse_bytes(const std::string &text, size_t &out) {
    char *end = nullptr;
    unsigned long long value = std::strtoull(text.c_str(), &end, 10);
    if (end == text.c_str() || value == 0) return false;
    std::string suffix = end;
    unsigned long long unit = suffix.empty() ? 1 : suffix == "K" ? 1ull << 10 : suffix == "M" ? 1ull << 20
                                                    : suffix == "G" ? 1ull << 30 : 0;
    if (unit == 0) return false;
    out = static_cast<size_t>(value * unit);
    return true;
}

// Parses a duration in seconds ("10", "10s", "500ms").
bool parse_seconds(const std::string &text, double &out) {
    char *end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || value < 0) return false;
    std::string suffix = end;
    if (suffix == "ms") value /= 1000;
    else if (suffix == "m") value *= 60;
    else if (!suffix.empty() && suffix != "s") return false;
    out = value;
    return true;
}

}  // namespace

const char *ServeOptions::usage() {
    return "usage: weir serve [options] [-f FILE]...\n"
           "  Runs the pipelines of the files and serves them over HTTP until SIGTERM or Ctrl-C.\n"
           "  --http HOST:PORT        where to listen (default 127.0.0.1:8080; port 0 picks a free one)\n"
           "  --http-token TOKEN      bearer token every request but /health and the dashboard page must\n"
           "                          carry (also $WEIR_TOKEN); required to listen beyond loopback\n"
           "  --http-max-body BYTES   largest request body (default 16M); larger ones get 413\n"
           "  --http-max-result BYTES largest /sql answer that is not streamed (default 64M)\n"
           "  --http-query-timeout DURATION\n"
           "                          how long a /sql answer that is not streamed may take (default 10s)\n"
           "  --http-max-streams N    concurrent streamed queries (default 16)\n"
           "  --health-max-lag DURATION\n"
           "                          /health answers 503 when a running job's watermark lags more\n"
           "  --state DIR, --checkpoint-interval DURATION, -f FILE, -c SQL: as for weir\n";
}

bool ServeOptions::is_loopback(const std::string &host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

std::string ServeOptions::parse(int argc, char **argv, bool &help) {
    help = false;
    for (int i = 0; i < argc; i++) {
        std::string arg = argv[i];
        std::string value;
        bool needs_value = arg != "-h" && arg != "--help";
        if (needs_value) {
            if (i + 1 >= argc) return arg + " needs a value";
            value = argv[++i];
        }
        if (arg == "-h" || arg == "--help") {
            help = true;
        } else if (arg == "--state") {
            state = value;
        } else if (arg == "--checkpoint-interval") {
            checkpoint_interval = value;
        } else if (arg == "-f") {
            files.push_back(value);
        } else if (arg == "-c") {
            commands.push_back(value);
        } else if (arg == "--http") {
            size_t colon = value.rfind(':');
            char *end = nullptr;
            long number = colon == std::string::npos ? -1 : std::strtol(value.c_str() + colon + 1, &end, 10);
            if (colon == std::string::npos || colon == 0 || number < 0 || number > 65535 || *end != '\0' ||
                end == value.c_str() + colon + 1) {
                return "--http needs HOST:PORT such as 127.0.0.1:8080, got '" + value + "'";
            }
            host = value.substr(0, colon);
            if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
            port = static_cast<int>(number);
        } else if (arg == "--http-token") {
            token = value;
        } else if (arg == "--http-max-body" || arg == "--http-max-result") {
            size_t &target = arg == "--http-max-body" ? max_body : max_result;
            if (!parse_bytes(value, target)) return arg + " needs a size in bytes such as 1048576 or 16M, got '" + value + "'";
        } else if (arg == "--http-query-timeout" || arg == "--health-max-lag") {
            double seconds = 0;
            if (!parse_seconds(value, seconds)) return arg + " needs a duration such as 10s or 500ms, got '" + value + "'";
            if (arg == "--http-query-timeout") query_timeout_ms = static_cast<int>(seconds * 1000);
            else max_lag_seconds = seconds;
        } else if (arg == "--http-max-streams") {
            max_streams = std::atoi(value.c_str());
            if (max_streams < 1 || max_streams > 1000) return "--http-max-streams needs a number from 1 to 1000, got '" + value + "'";
        } else {
            return "unknown option '" + arg + "' for weir serve";
        }
    }
    if (token.empty()) {
        const char *env = std::getenv("WEIR_TOKEN");
        if (env) token = env;
    }
    if (!is_loopback(host) && token.empty()) {
        return "listening on " + host + " (beyond loopback) needs --http-token TOKEN (or $WEIR_TOKEN), which every "
               "request but /health must then carry as 'Authorization: Bearer TOKEN'";
    }
    return "";
}

}  // namespace weir_serve
