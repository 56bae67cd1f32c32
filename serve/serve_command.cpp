// ServeCommand: the life of a `weir serve` process.
#include "serve/serve_command.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "serve/http_server.h"
#include "serve/serve_options.h"
#include "shell/result_printer.h"
#include "shell/script_runner.h"
#include "weir.h"

namespace weir_serve {

namespace {

void on_signal(int) { weir_shell::interrupt_requested.store(true); }

void on_notice(void *, const char *message) { std::fprintf(stderr, "weir: %s\n", message); }

}  // namespace

int ServeCommand::run(int argc, char **argv) {
    ServeOptions options;
    bool help = false;
    std::string problem = options.parse(argc, argv, help);
    if (help) {
        std::printf("%s", ServeOptions::usage());
        return 0;
    }
    if (!problem.empty()) {
        std::fprintf(stderr, "Error: %s\n%s", problem.c_str(), ServeOptions::usage());
        return 1;
    }
    weir_db *db = nullptr;
    if (weir_open(options.state.empty() ? nullptr : options.state.c_str(), &db) != WEIR_OK) {
        std::fprintf(stderr, "Error: %s\n", weir_errmsg(db));
        weir_close(db);
        return 1;
    }
    weir_set_notice(db, on_notice, nullptr);
    if (!options.checkpoint_interval.empty() &&
        weir_set_option(db, "checkpoint_interval", options.checkpoint_interval.c_str()) != WEIR_OK) {
        std::fprintf(stderr, "Error: %s\n", weir_errmsg(db));
        weir_close(db);
        return 1;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);

    weir_shell::ResultPrinter printer(weir_shell::OutputFormat::Json, stdout);
    weir_shell::ScriptRunner runner(db, printer);
    runner.set_script(true);
    std::vector<std::string> scripts;
    for (const std::string &file : options.files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        if (in) text << in.rdbuf();  // an empty file sets the stream's failbit: that is no error
        if (!in) {
            std::fprintf(stderr, "Error: cannot read file '%s'\n", file.c_str());
            weir_close(db);
            return 1;
        }
        scripts.push_back(text.str());
    }
    scripts.insert(scripts.end(), options.commands.begin(), options.commands.end());
    for (const std::string &script : scripts) {
        if (!runner.run(script)) {
            weir_close(db);
            return 1;
        }
    }

    HttpServer server(db, options);
    problem = server.start();
    if (!problem.empty()) {
        std::fprintf(stderr, "Error: %s\n", problem.c_str());
        weir_stop_jobs(db);
        weir_close(db);
        return 1;
    }
    std::string shown = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    std::fprintf(stderr, "weir: serving http://%s:%d/ (dashboard at /, metrics at /metrics); Ctrl-C or SIGTERM stops\n",
                 shown.c_str(), server.port());
    while (!weir_shell::interrupt_requested.load()) {
        // A failed job is reported once; the server goes on serving the others.
        int rc = weir_wait_jobs(db, 200);
        if (rc == WEIR_ERROR) std::fprintf(stderr, "Error: %s\n", weir_errmsg(db));
        if (rc == WEIR_DONE) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::fprintf(stderr, "weir: stopping: streams end, jobs flush their sinks and take their last checkpoint\n");
    server.stop();
    weir_stop_jobs(db);
    for (;;) {
        int rc = weir_wait_jobs(db, 1000);
        if (rc == WEIR_DONE) break;
        if (rc == WEIR_ERROR) std::fprintf(stderr, "Error: %s\n", weir_errmsg(db));
    }
    weir_close(db);
    return 0;
}

}  // namespace weir_serve
