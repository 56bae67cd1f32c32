// HttpServer: cpp-httplib wired to the endpoints.
#include "serve/http_server.h"

#include <httplib.h>

#include <chrono>

#include "serve/dashboard_page.h"
#include "serve/health_report.h"
#include "serve/http_error.h"
#include "serve/jobs_json.h"
#include "serve/prometheus_text.h"

namespace weir_serve {

namespace {

// Request threads beyond the streams' own, so /health and /metrics answer while queries stream.
constexpr int kSpareThreads = 8;
// A client that takes no bytes for this long is dropped (its stream's query stops).
constexpr int kWriteTimeoutSeconds = 5;

// Compares without returning early, so the time taken says nothing about the token.
bool same_text(const std::string &given, const std::string &expected) {
    unsigned char difference = given.size() == expected.size() ? 0 : 1;
    for (size_t i = 0; i < given.size(); i++) {
        unsigned char wanted = i < expected.size() ? static_cast<unsigned char>(expected[i]) : 0;
        difference |= static_cast<unsigned char>(static_cast<unsigned char>(given[i]) ^ wanted);
    }
    return difference == 0 && !expected.empty();
}

}  // namespace

HttpServer::HttpServer(weir_db *db, const ServeOptions &options)
    : db_(db), options_(options), server_(std::make_unique<httplib::Server>()), sampler_(db),
      sql_(db, options, stopping_), ingest_(db) {}

HttpServer::~HttpServer() { stop(); }

bool HttpServer::authorized(const std::string &header) const {
    static const std::string kBearer = "Bearer ";
    if (header.compare(0, kBearer.size(), kBearer) != 0) return false;
    return same_text(header.substr(kBearer.size()), options_.token);
}

std::string HttpServer::foreign_page(const std::string &host, const std::string &origin) const {
    if (!origin.empty() && origin != "http://" + host) {
        return "requests from pages of other sites (Origin " + origin + ") are refused; use the dashboard at / "
               "or a client that sends no Origin header";
    }
    if (!options_.token.empty()) return "";
    // Without a token only loopback names may be used, so a site whose name resolves to 127.0.0.1 (DNS
    // rebinding) cannot reach the server from a browser.
    std::string name = host.substr(0, host.rfind(':') == std::string::npos || host.back() == ']' ? host.size() : host.rfind(':'));
    if (name.empty() || ServeOptions::is_loopback(name) || name == options_.host) return "";
    return "the host name " + name + " is refused: without --http-token this server answers requests to loopback "
           "names only (127.0.0.1, localhost, [::1])";
}

void HttpServer::route() {
    httplib::Server &server = *server_;
    int threads = options_.max_streams + kSpareThreads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    server.set_payload_max_length(options_.max_body);
    server.set_write_timeout(kWriteTimeoutSeconds, 0);
    server.set_keep_alive_timeout(2);
    server.set_tcp_nodelay(true);  // small answers (/metrics, /health) go out at once, not after a delayed ACK
    server.set_pre_routing_handler([this](const httplib::Request &req, httplib::Response &res) {
        if (req.path != "/health") {
            std::string refusal = foreign_page(req.get_header_value("Host"), req.get_header_value("Origin"));
            if (!refusal.empty()) {
                HttpError::set(res, 403, refusal);
                return httplib::Server::HandlerResponse::Handled;
            }
        }
        bool open = req.method == "GET" && (req.path == "/health" || req.path == "/");
        if (options_.token.empty() || open || authorized(req.get_header_value("Authorization"))) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        res.set_header("WWW-Authenticate", "Bearer");
        HttpError::set(res, 401, "this server needs 'Authorization: Bearer <token>' with the token given to "
                                 "weir serve --http-token");
        return httplib::Server::HandlerResponse::Handled;
    });
    httplib::Server::HandlerWithResponse on_error = [this](const httplib::Request &req, httplib::Response &res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 413) {
            HttpError::set(res, 413, "the request body is larger than " + std::to_string(options_.max_body) +
                                         " bytes (--http-max-body); send it in smaller parts");
        } else if (res.status == 404) {
            HttpError::set(res, 404, "no endpoint " + req.method + " " + req.path + "; the endpoints are GET /health, "
                                     "/metrics, /jobs, / and POST /sql, /ingest/<source>");
        } else {
            HttpError::set(res, res.status, "the request was refused (HTTP " + std::to_string(res.status) + ")");
        }
        return httplib::Server::HandlerResponse::Handled;
    };
    server.set_error_handler(on_error);
    server.Get("/", [](const httplib::Request &, httplib::Response &res) {
        res.set_content(DashboardPage::html(), "text/html; charset=utf-8");
    });
    server.Get("/health", [this](const httplib::Request &, httplib::Response &res) {
        std::vector<JobStatus> jobs;
        std::string error;
        if (!sampler_.sample(jobs, error)) {
            HttpError::set(res, 503, error);
            return;
        }
        int status = 200;
        std::string body = HealthReport::render(jobs, options_.max_lag_seconds, &status);
        res.status = status;
        res.set_content(body + "\n", "application/json");
    });
    server.Get("/jobs", [this](const httplib::Request &, httplib::Response &res) {
        std::vector<JobStatus> jobs;
        std::string error;
        if (!sampler_.sample(jobs, error)) {
            HttpError::set(res, 500, error);
            return;
        }
        res.set_content(JobsJson::render(jobs) + "\n", "application/json");
    });
    server.Get("/metrics", [this](const httplib::Request &, httplib::Response &res) {
        std::vector<JobStatus> jobs;
        std::string error;
        if (!sampler_.sample(jobs, error)) {
            HttpError::set(res, 500, error);
            return;
        }
        res.set_content(PrometheusText::render(jobs, ingest_.accepted(), PrometheusText::resident_bytes()),
                        "text/plain; version=0.0.4; charset=utf-8");
    });
    server.Post("/sql", [this](const httplib::Request &req, httplib::Response &res) { sql_.handle(req, res); });
    server.Post(R"(/ingest/([^/]+)/end)", [this](const httplib::Request &req, httplib::Response &res) {
        ingest_.end(req.matches[1].str(), res);
    });
    server.Post(R"(/ingest/([^/]+))", [this](const httplib::Request &req, httplib::Response &res) {
        ingest_.push(req.matches[1].str(), req, res);
    });
}

std::string HttpServer::start() {
    route();
    std::string host = options_.host == "localhost" ? "127.0.0.1" : options_.host;
    if (options_.port == 0) {
        port_ = server_->bind_to_any_port(host);
    } else {
        port_ = server_->bind_to_port(host, options_.port) ? options_.port : -1;
    }
    if (port_ <= 0) {
        return "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
               " (the address is in use or not this machine's); choose another with --http HOST:PORT";
    }
    sampler_.start();
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    return "";
}

void HttpServer::stop() {
    if (stopping_.exchange(true)) return;
    // Streams see stopping_, stop their queries and end with their last line; give them a moment.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (sql_.streams() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    server_->stop();
    if (thread_.joinable()) thread_.join();
    sampler_.stop();
}

}  // namespace weir_serve
