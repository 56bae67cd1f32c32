// The HTTP side of `weir serve`: routes, the bearer token, body limits, start and graceful stop.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "serve/ingest_endpoint.h"
#include "serve/job_sampler.h"
#include "serve/serve_options.h"
#include "serve/sql_endpoint.h"
#include "weir.h"

namespace httplib {
class Server;
}

namespace weir_serve {

// Endpoints: GET /health, /metrics, /jobs, / (the dashboard); POST /sql, /ingest/<source>,
// /ingest/<source>/end. With a token, every request but GET /health and GET / (a static page that
// holds no data; it sends the token from its address's #token= fragment) needs
// `Authorization: Bearer <token>`, else 401. Every request but /health from a page of another site
// (foreign_page) gets 403. Bodies over options.max_body get 413. Errors are JSON
// {"error": sentence}.
class HttpServer {
public:
    HttpServer(weir_db *db, const ServeOptions &options);
    ~HttpServer();
    // Binds the address and serves on a thread of its own. Returns "" and sets port() (the one
    // bound, useful with port 0), or the sentence saying why it cannot listen.
    std::string start();
    int port() const { return port_; }
    // Ends the streams (each gets its last line), stops accepting, waits for the request threads.
    void stop();

private:
    void route();
    bool authorized(const std::string &header) const;
    // Why a request from a browser page of another site is refused ("" if it is not): an Origin other
    // than the server's own (cross-site request forgery), or, without a token, a Host that is not a
    // loopback name (DNS rebinding).
    std::string foreign_page(const std::string &host, const std::string &origin) const;

    weir_db *db_;
    const ServeOptions &options_;
    std::atomic<bool> stopping_{false};
    std::unique_ptr<httplib::Server> server_;
    JobSampler sampler_;
    SqlEndpoint sql_;
    IngestEndpoint ingest_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace weir_serve
