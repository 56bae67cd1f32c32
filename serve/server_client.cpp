// ServerClient: an HTTP client of POST /sql.
#include "serve/server_client.h"

#include <httplib.h>

#include "shell/script_runner.h"

namespace weir_serve {

namespace {

// The "error" of a {"error": "..."} body, unescaped enough for a sentence (\" and \\ only).
std::string error_sentence(const std::string &body) {
    static const std::string kKey = "{\"error\":\"";
    if (body.compare(0, kKey.size(), kKey) != 0) return body;
    std::string out;
    for (size_t i = kKey.size(); i < body.size() && body[i] != '"'; i++) {
        if (body[i] == '\\' && i + 1 < body.size()) i++;
        out += body[i];
    }
    return out;
}

}  // namespace

ServerClient::ServerClient(std::string url, std::string token, Format format)
    : url_(std::move(url)), token_(std::move(token)), format_(format) {
    while (!url_.empty() && url_.back() == '/') url_.pop_back();
}

bool ServerClient::consume_events(std::string &pending) {
    size_t end;
    while ((end = pending.find('\n')) != std::string::npos) {
        std::string line = pending.substr(0, end);
        pending.erase(0, end + 1);
        if (line.rfind("event: ", 0) == 0) {
            event_ = line.substr(7);
        } else if (line.rfind("data: ", 0) == 0) {
            if (event_ == "error") {
                error_ = error_sentence(line.substr(6));
                return false;
            }
            if (event_.empty()) {
                std::fwrite(line.data() + 6, 1, line.size() - 6, stdout);
                std::fputc('\n', stdout);
            }
        } else if (line.empty()) {
            event_.clear();
            std::fflush(stdout);
        }
    }
    return true;
}

bool ServerClient::run(const std::string &sql) {
    httplib::Client client(url_);
    if (!client.is_valid()) {
        std::fprintf(stderr, "Error: --server needs an address such as http://127.0.0.1:8080, got '%s'\n", url_.c_str());
        return false;
    }
    client.set_read_timeout(3600, 0);
    httplib::Request req;
    req.method = "POST";
    req.path = "/sql";
    req.body = sql;
    req.set_header("Content-Type", "text/plain; charset=utf-8");
    req.set_header("Accept", format_ == Format::Json ? "text/event-stream" : "text/csv");
    if (!token_.empty()) req.set_header("Authorization", "Bearer " + token_);
    int status = 0;
    std::string body, pending;
    bool interrupted = false;
    error_.clear();
    req.response_handler = [&](const httplib::Response &res) {
        status = res.status;
        return true;
    };
    req.content_receiver = [&](const char *data, size_t size, uint64_t, uint64_t) {
        if (weir_shell::interrupt_requested.load()) {
            interrupted = true;
            return false;
        }
        if (status != 200 || format_ == Format::Csv) {
            body.append(data, size);
            return true;
        }
        pending.append(data, size);
        return consume_events(pending);
    };
    httplib::Result result = client.send(req);
    if (interrupted) return true;
    if (!error_.empty()) {
        std::fprintf(stderr, "Error: %s\n", error_.c_str());
        return false;
    }
    if (!result && status == 0) {
        std::fprintf(stderr, "Error: cannot reach weir serve at %s (%s); is it running?\n", url_.c_str(),
                     httplib::to_string(result.error()).c_str());
        return false;
    }
    if (status != 200) {
        std::fprintf(stderr, "Error: %s\n", error_sentence(body).c_str());
        return false;
    }
    std::fwrite(body.data(), 1, body.size(), stdout);
    std::fflush(stdout);
    return true;
}

}  // namespace weir_serve
