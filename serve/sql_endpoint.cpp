// SqlEndpoint: statements over HTTP, bounded answers collected, continuous ones streamed.
#include "serve/sql_endpoint.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "serve/http_error.h"
#include "serve/string_file.h"
#include "shell/result_printer.h"

namespace weir_serve {

namespace {

using Clock = std::chrono::steady_clock;

// Rows read between two checks of the answer's size.
constexpr int kCheckEvery = 256;
// How long a stream may be silent before a keep-alive line goes out.
constexpr auto kHeartbeat = std::chrono::seconds(1);

bool only_blank(const char *text) {
    for (; text && *text; text++) {
        if (*text != ' ' && *text != '\t' && *text != '\n' && *text != '\r' && *text != ';') return false;
    }
    return true;
}

// The NDJSON lines of `text` as the elements of a JSON array (without brackets).
std::string json_elements(const std::string &text) {
    std::string out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) {
            if (!out.empty()) out += ",";
            out.append(text, start, end - start);
        }
        start = end + 1;
    }
    return out;
}

std::string sse_events(const std::string &lines) {
    std::string out;
    size_t start = 0;
    while (start < lines.size()) {
        size_t end = lines.find('\n', start);
        if (end == std::string::npos) end = lines.size();
        if (end > start) out += "data: " + lines.substr(start, end - start) + "\n\n";
        start = end + 1;
    }
    return out;
}

}  // namespace

struct SqlEndpoint::Stream {
    weir_stmt *stmt = nullptr;
    Format format = Format::Ndjson;
    StringFile out;
    weir_shell::ResultPrinter printer{weir_shell::OutputFormat::Json, out.file()};
    Clock::time_point last_write = Clock::now();
    bool interrupted = false;
};

SqlEndpoint::Format SqlEndpoint::format_of(const std::string &accept) {
    if (accept.find("text/event-stream") != std::string::npos) return Format::EventStream;
    if (accept.find("application/x-ndjson") != std::string::npos || accept.find("application/jsonl") != std::string::npos ||
        accept.find("application/ndjson") != std::string::npos) {
        return Format::Ndjson;
    }
    if (accept.find("text/csv") != std::string::npos) return Format::Csv;
    return Format::Json;
}

void SqlEndpoint::handle(const httplib::Request &req, httplib::Response &res) {
    if (only_blank(req.body.c_str())) {
        HttpError::set(res, 400, "the request body is empty; send SQL text such as SELECT 1");
        return;
    }
    Format format = format_of(req.get_header_value("Accept"));
    const std::string &sql = req.body;
    const char *rest = sql.c_str();
    int statements = 0;
    while (rest && *rest) {
        weir_stmt *stmt = nullptr;
        if (weir_prepare_tail(db_, rest, &stmt, &rest) != WEIR_OK) {
            std::string message = weir_errmsg(db_);
            HttpError::set(res, message.find("no source") != std::string::npos ? 404 : 400, message);
            return;
        }
        if (!stmt) break;
        statements++;
        bool last = only_blank(rest);
        if (last && (format == Format::Ndjson || format == Format::EventStream)) {
            stream(stmt, format, res);
            return;
        }
        if (!collect(stmt, format, res)) return;
    }
    if (statements == 0) HttpError::set(res, 400, "the request body holds no statement; send SQL text such as SELECT 1");
}

bool SqlEndpoint::collect(weir_stmt *stmt, Format format, httplib::Response &res) {
    StringFile out;
    weir_shell::ResultPrinter printer(format == Format::Csv ? weir_shell::OutputFormat::Csv : weir_shell::OutputFormat::Json,
                                      out.file());
    printer.begin(stmt);
    std::vector<std::string> names;
    for (int i = 0; i < weir_column_count(stmt); i++) names.push_back(weir_column_name(stmt, i));
    auto deadline = Clock::now() + std::chrono::milliseconds(options_.query_timeout_ms);
    std::string error;
    int rows = 0;
    for (;;) {
        if (stopping_.load()) {
            error = "the server is shutting down";
            break;
        }
        int rc = weir_step(stmt, 100);
        if (rc == WEIR_ROW) {
            printer.add_row(stmt);
            if (++rows % kCheckEvery) continue;
        } else if (rc == WEIR_TIMEOUT) {
            if (Clock::now() < deadline) continue;
            char seconds[32];
            std::snprintf(seconds, sizeof seconds, "%g", options_.query_timeout_ms / 1000.0);
            error = std::string("the query is still running after ") + seconds + " s (--http-query-timeout), so it reads an unbounded source; stream its rows with 'Accept: application/x-ndjson' or "
                    "'Accept: text/event-stream', or bound it";
            break;
        } else if (rc != WEIR_DONE) {
            error = weir_errmsg(db_);
            break;
        }
        printer.flush();
        if (out.text().size() > options_.max_result) {
            error = "the answer is larger than " + std::to_string(options_.max_result) +
                    " bytes (--http-max-result); add LIMIT or a narrower WHERE, or stream it with "
                    "'Accept: application/x-ndjson'";
            break;
        }
        if (rc == WEIR_DONE) break;
    }
    weir_finalize(stmt);
    if (!error.empty()) {
        HttpError::set(res, 400, error);
        return false;
    }
    res.status = 200;
    if (format == Format::Csv) {
        res.set_content(out.take(), "text/csv; charset=utf-8");
        return true;
    }
    std::string body = "{\"columns\":[";
    for (size_t i = 0; i < names.size(); i++) body += (i ? "," : "") + weir_shell::json_string(names[i]);
    body += "],\"rows\":[" + json_elements(out.text()) + "]}\n";
    res.set_content(body, "application/json");
    return true;
}

void SqlEndpoint::stream(weir_stmt *stmt, Format format, httplib::Response &res) {
    if (streams_.fetch_add(1) >= options_.max_streams) {
        streams_.fetch_sub(1);
        weir_finalize(stmt);
        res.set_header("Retry-After", "5");
        HttpError::set(res, 503, std::to_string(options_.max_streams) + " queries are streaming already "
                                 "(--http-max-streams); close one or try again later");
        return;
    }
    auto state = std::make_shared<Stream>();
    state->stmt = stmt;
    state->format = format;
    state->printer.begin(stmt);
    res.status = 200;
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(
        format == Format::EventStream ? "text/event-stream" : "application/x-ndjson",
        [this, state](size_t, httplib::DataSink &sink) { return pump(*state, sink); },
        [this, state](bool) {
            weir_finalize(state->stmt);
            state->stmt = nullptr;
            streams_.fetch_sub(1);
        });
}

bool SqlEndpoint::pump(Stream &stream, httplib::DataSink &sink) {
    auto until = Clock::now() + std::chrono::milliseconds(250);
    int rows = 0;
    int rc = WEIR_TIMEOUT;
    while (Clock::now() < until && rows < kCheckEvery) {
        if (stopping_.load() && !stream.interrupted) {
            weir_interrupt(stream.stmt);
            stream.interrupted = true;
        }
        rc = weir_step(stream.stmt, 100);
        if (rc == WEIR_ROW) {
            stream.printer.add_row(stream.stmt);
            rows++;
            continue;
        }
        if (rc != WEIR_TIMEOUT) break;
    }
    stream.printer.flush();
    std::string lines = stream.out.take();
    std::string text = stream.format == Format::EventStream ? sse_events(lines) : lines;
    bool ended = rc != WEIR_ROW && rc != WEIR_TIMEOUT;
    if (ended && rc != WEIR_DONE) {
        std::string error = HttpError::body(weir_errmsg(db_));
        text += stream.format == Format::EventStream ? "event: error\ndata: " + error + "\n" : error;
    } else if (ended && stream.format == Format::EventStream) {
        text += "event: end\ndata: {}\n\n";
    }
    if (text.empty() && Clock::now() - stream.last_write >= kHeartbeat) {
        text = stream.format == Format::EventStream ? ":\n\n" : "\n";
    }
    if (!text.empty()) {
        if (!sink.write(text.data(), text.size())) return false;
        stream.last_write = Clock::now();
    }
    if (ended) sink.done();
    return true;
}

}  // namespace weir_serve
