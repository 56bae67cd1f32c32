// POST /sql: runs statements; a bounded query answers JSON or CSV (by Accept), a continuous one
// streams NDJSON or Server-Sent Events until it ends or the client goes away.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "serve/serve_options.h"
#include "weir.h"

namespace httplib {
struct Request;
struct Response;
class DataSink;
}  // namespace httplib

namespace weir_serve {

// Thread-safe: each request runs on its own server thread with statements of its own.
// Answers:
//  - every statement of the body runs in order; the answer is the result of the last one;
//  - Accept text/csv: CSV with a header line; otherwise JSON {"columns":[..],"rows":[{..},..]}
//    (rows as objects, as the shell's --format json writes them);
//  - Accept application/x-ndjson (or application/jsonl) or text/event-stream: the last statement's
//    rows are streamed as they come, one JSON object per line or per `data:` event; a blank line
//    (NDJSON) or a `:` comment (SSE) goes out after a second without rows, so a client that left is
//    noticed and its query stopped; an error mid-stream is a last {"error": ..} line / `event: error`;
//    SSE ends with `event: end`;
//  - 400 with the engine's sentence for a statement that fails (404 when it names a source that does
//    not exist); 400 when an answer that is not
//    streamed is larger than max_result or not complete after query_timeout_ms (the query reads an
//    unbounded source); 503 when max_streams queries already stream.
class SqlEndpoint {
public:
    SqlEndpoint(weir_db *db, const ServeOptions &options, const std::atomic<bool> &stopping)
        : db_(db), options_(options), stopping_(stopping) {}
    void handle(const httplib::Request &req, httplib::Response &res);
    // Streams still open.
    int streams() const { return streams_.load(); }

private:
    enum class Format { Json, Csv, Ndjson, EventStream };
    struct Stream;
    static Format format_of(const std::string &accept);
    // Reads stmt to its end into res (finalizes stmt). False when res now holds an error.
    bool collect(weir_stmt *stmt, Format format, httplib::Response &res);
    void stream(weir_stmt *stmt, Format format, httplib::Response &res);
    // Moves the rows ready now (waiting at most a quarter of a second) to the client; false when the
    // client is gone.
    bool pump(Stream &stream, httplib::DataSink &sink);

    weir_db *db_;
    const ServeOptions &options_;
    const std::atomic<bool> &stopping_;
    std::atomic<int> streams_{0};
};

}  // namespace weir_serve
