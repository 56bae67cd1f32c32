// `weir --server URL`: sends SQL to a running `weir serve` (POST /sql) and prints the answer, so jobs
// started that way keep running on the server after the client exits.
#pragma once

#include <cstdio>
#include <string>

namespace weir_serve {

// Not thread-safe; one per process.
class ServerClient {
public:
    enum class Format { Csv, Json };
    // url: http://HOST:PORT (a trailing '/' is fine); token: sent as a bearer token when not empty.
    ServerClient(std::string url, std::string token, Format format);
    // Sends the statements of sql as one request. Json: the rows are streamed (Server-Sent Events) and
    // printed as one JSON object per line as they come, also for a continuous query, until it ends or
    // an interrupt is requested (weir_shell::interrupt_requested); Csv: the whole answer of a bounded
    // query. The result printed is the last statement's. Returns false after printing the server's
    // error sentence (or why it cannot be reached) on stderr.
    bool run(const std::string &sql);

private:
    // Handles the complete lines of an SSE answer; false when an error event was seen.
    bool consume_events(std::string &pending);
    std::string url_;
    std::string token_;
    Format format_;
    std::string event_;  // the type of the SSE event being read ("" = message)
    std::string error_;
};

}  // namespace weir_serve
