// POST /ingest/<source>: JSON lines into a memory source; POST /ingest/<source>/end ends it.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "weir.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace weir_serve {

// Thread-safe. Answers 200 {"accepted": <lines>} once every line of the body is in the source (a
// push is all or nothing); 404 for a source that does not exist; 400 for a source that is not a
// memory source or has ended; 503 with Retry-After when the source's buffer is full (no query
// reads it), and then nothing of the body was taken.
class IngestEndpoint {
public:
    explicit IngestEndpoint(weir_db *db) : db_(db) {}
    void push(const std::string &source, const httplib::Request &req, httplib::Response &res);
    void end(const std::string &source, httplib::Response &res);
    // Lines accepted so far, per source.
    std::map<std::string, long long> accepted() const;

private:
    // Answers a failed push or end with the status its message calls for.
    void fail(int rc, httplib::Response &res);
    weir_db *db_;
    mutable std::mutex mutex_;
    std::map<std::string, long long> accepted_;
};

}  // namespace weir_serve
