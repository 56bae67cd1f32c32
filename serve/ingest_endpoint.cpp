// IngestEndpoint: weir_push_json over HTTP, with the engine's refusals mapped to statuses.
#include "serve/ingest_endpoint.h"

#include <httplib.h>

#include "serve/http_error.h"

namespace weir_serve {

namespace {

long long count_lines(const std::string &body) {
    long long lines = 0;
    bool blank = true;
    for (char c : body) {
        if (c == '\n') {
            if (!blank) lines++;
            blank = true;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            blank = false;
        }
    }
    return lines + (blank ? 0 : 1);
}

}  // namespace

void IngestEndpoint::fail(int rc, httplib::Response &res) {
    std::string message = weir_errmsg(db_);
    if (rc == WEIR_ERROR && message.find("no source named") != std::string::npos) {
        HttpError::set(res, 404, message);
    } else if (message.find("buffer is full") != std::string::npos) {
        res.set_header("Retry-After", "1");
        HttpError::set(res, 503, message);
    } else {
        HttpError::set(res, 400, message);
    }
}

void IngestEndpoint::push(const std::string &source, const httplib::Request &req, httplib::Response &res) {
    int rc = weir_push_json(db_, source.c_str(), req.body.data(), req.body.size());
    if (rc != WEIR_OK) {
        fail(rc, res);
        return;
    }
    long long lines = count_lines(req.body);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        accepted_[source] += lines;
    }
    res.set_content("{\"accepted\":" + std::to_string(lines) + "}\n", "application/json");
}

void IngestEndpoint::end(const std::string &source, httplib::Response &res) {
    int rc = weir_source_end(db_, source.c_str());
    if (rc != WEIR_OK) {
        fail(rc, res);
        return;
    }
    res.set_content("{\"ended\":true}\n", "application/json");
}

std::map<std::string, long long> IngestEndpoint::accepted() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return accepted_;
}

}  // namespace weir_serve
