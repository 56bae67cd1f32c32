// The `weir` command: REPL on a terminal, -f FILE, -c SQL, or SQL on stdin.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "shell/repl.h"
#include "shell/result_printer.h"
#ifdef WEIR_WITH_SERVE
#include "serve/serve_command.h"
#include "serve/server_client.h"
#endif
#include "shell/script_runner.h"
#include "weir.h"

namespace {

const char *kUsage =
    "usage: weir [options] [-f FILE | -c SQL]\n"
    "  weir                 interactive shell (on a terminal), or SQL read from stdin\n"
    "  weir serve ...       run pipelines as a service with HTTP (weir serve --help)\n"
    "  -f FILE              run the statements in FILE (may be repeated)\n"
    "  -c SQL               run SQL (may be repeated)\n"
    "  --format FMT         result format: table (default on a terminal), csv, json (one object per line)\n"
    "  --state DIR          keep state (checkpoints) in DIR; a rerun with the same DIR resumes the jobs\n"
    "  --reset-job NAME     with --state: start job NAME over: forget its checkpoints and, when it next\n"
    "                       runs, its sink's record of them (no rows of the sink are deleted); may be\n"
    "                       repeated; without -f/-c weir exits after the reset\n"
    "  --checkpoint-interval DURATION\n"
    "                       time between checkpoints with --state (default 10s; 0 = at stop/end only)\n"
    "  --server URL         send the statements to a running weir serve (http://HOST:PORT) and print\n"
    "                       the last one's result; its jobs keep running there (with -f, -c or stdin)\n"
    "  --http-token TOKEN   the server's bearer token (also $WEIR_TOKEN)\n"
    "  --version            print the version\n"
    "  -h, --help           this help\n"
    "A run whose sources are all bounded exits 0 when they end; Ctrl-C/SIGTERM stops jobs gracefully.\n";

#ifndef WEIR_WITH_SERVE
// `weir serve` and `--server` are the weir-serve program next to this one (the same shell with the HTTP
// library and the TLS stack under it, which other weir commands should not map): runs it with the
// same arguments, or returns 1 after saying why it cannot.
int run_weir_serve(char **argv) {
    std::error_code code;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", code);
    std::string program = (self.parent_path() / "weir-serve").string();
    argv[0] = const_cast<char *>(program.c_str());
    execv(program.c_str(), argv);
    std::fprintf(stderr, "Error: cannot run %s: %s; weir serve and --server need the weir-serve program next to weir\n",
                 program.c_str(), std::strerror(errno));
    return 1;
}
#endif

void on_signal(int) { weir_shell::interrupt_requested.store(true); }

void on_notice(void *, const char *message) { std::fprintf(stderr, "weir: %s\n", message); }

// Reads the file into out; false with `error` set (why it cannot be read) otherwise.
bool read_file(const std::string &path, std::string &out, std::string &error) {
    std::error_code code;
    if (std::filesystem::is_directory(path, code)) {
        error = "it is a directory";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = buffer.str();
    return true;
}

// Makes script text ready to run: drops a leading UTF-8 byte order mark (editors on Windows write
// one) and refuses a NUL byte, which would otherwise end the text silently where it stands.
// Returns the error sentence, or "" when the text is fine; `origin` names it ("file.sql").
std::string prepare_script_text(std::string &text, const std::string &origin) {
    static const std::string kByteOrderMark = "\xEF\xBB\xBF";
    if (text.compare(0, kByteOrderMark.size(), kByteOrderMark) == 0) text.erase(0, kByteOrderMark.size());
    size_t nul = text.find('\0');
    if (nul == std::string::npos) return "";
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
    return "line " + std::to_string(line) + " of " + origin + " contains a NUL byte; weir scripts are UTF-8 text";
}

}  // namespace

int main(int argc, char **argv) {
#ifdef WEIR_WITH_SERVE
    if (argc > 1 && std::strcmp(argv[1], "serve") == 0) return weir_serve::ServeCommand::run(argc - 2, argv + 2);
#else
    for (int i = 1; i < argc; i++) {
        if ((i == 1 && std::strcmp(argv[i], "serve") == 0) || std::strcmp(argv[i], "--server") == 0) return run_weir_serve(argv);
    }
#endif
    struct Script {
        bool is_file;
        std::string text;
    };
    std::vector<Script> scripts;
    std::string state;
    std::string format_name;
    std::string checkpoint_interval;
    std::vector<std::string> reset_jobs;
    std::string server_url;
    const char *token_variable = std::getenv("WEIR_TOKEN");
    std::string http_token = token_variable ? token_variable : "";
    for (int i = 1; i < argc; i++) {
        std::string arg = argv[i];
        auto value = [&](const char *what) -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "Error: %s needs %s\n%s", arg.c_str(), what, kUsage);
                std::exit(1);
            }
            return argv[++i];
        };
        if (arg == "-f") scripts.push_back({true, value("a file name")});
        else if (arg == "-c") scripts.push_back({false, value("SQL text")});
        else if (arg == "--format") format_name = value("table, csv or json");
        else if (arg == "--state") state = value("a directory");
        else if (arg == "--reset-job") reset_jobs.push_back(value("a job name"));
        else if (arg == "--server") server_url = value("an address such as http://127.0.0.1:8080");
        else if (arg == "--http-token") http_token = value("a token");
        else if (arg == "--checkpoint-interval") checkpoint_interval = value("a duration such as 10s");
        else if (arg == "--version") {
            std::printf("weir %s\n", weir_libversion());
            return 0;
        } else if (arg == "-h" || arg == "--help") {
            std::printf("%s", kUsage);
            return 0;
        } else {
            std::fprintf(stderr, "Error: unknown option '%s'\n%s", arg.c_str(), kUsage);
            return 1;
        }
    }
    bool interactive = scripts.empty() && isatty(STDIN_FILENO);
    weir_shell::OutputFormat format = isatty(STDOUT_FILENO) ? weir_shell::OutputFormat::Table
                                                            : weir_shell::OutputFormat::Csv;
    if (!format_name.empty() && !weir_shell::parse_output_format(format_name, format)) {
        std::fprintf(stderr, "Error: --format must be table, csv or json, got '%s'\n", format_name.c_str());
        return 1;
    }

#ifdef WEIR_WITH_SERVE
    std::unique_ptr<weir_serve::ServerClient> client;
    if (!server_url.empty()) {
        if (interactive) {
            std::fprintf(stderr, "Error: the interactive shell does not attach to a server yet; use --server with -f, -c or stdin\n");
            return 1;
        }
        client = std::make_unique<weir_serve::ServerClient>(
            server_url, http_token,
            format == weir_shell::OutputFormat::Json ? weir_serve::ServerClient::Format::Json : weir_serve::ServerClient::Format::Csv);
    }
#else
    struct NoClient {
        bool run(const std::string &) { return false; }
    };
    std::unique_ptr<NoClient> client;  // --server runs weir-serve instead (above)
#endif
    weir_db *db = nullptr;
    if (weir_open(state.empty() ? nullptr : state.c_str(), &db) != WEIR_OK) {
        std::fprintf(stderr, "Error: %s\n", weir_errmsg(db));
        weir_close(db);
        return 1;
    }
    weir_set_notice(db, on_notice, nullptr);
    for (const auto &job : reset_jobs) {
        if (weir_reset_job(db, job.c_str()) != WEIR_OK) {
            std::fprintf(stderr, "Error: %s\n", weir_errmsg(db));
            weir_close(db);
            return 1;
        }
        std::fprintf(stderr, "weir: job `%s` starts over: its checkpoints are forgotten; its sink forgets its record "
                     "of them when the job next runs (the reset deletes no rows of the sink).\n", job.c_str());
    }
    if (!reset_jobs.empty() && scripts.empty()) {
        weir_close(db);
        return 0;
    }
    if (!checkpoint_interval.empty() &&
        weir_set_option(db, "checkpoint_interval", checkpoint_interval.c_str()) != WEIR_OK) {
        std::fprintf(stderr, "Error: %s\n", weir_errmsg(db));
        weir_close(db);
        return 1;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    weir_shell::ResultPrinter printer(format, stdout);
    weir_shell::ScriptRunner runner(db, printer);
    int status = 0;
    if (interactive) {
        status = weir_shell::run_repl(db, printer, runner);
    } else {
        runner.set_script(true);
        bool from_stdin = scripts.empty();
        if (from_stdin) {
            std::ostringstream buffer;
            buffer << std::cin.rdbuf();
            scripts.push_back({false, buffer.str()});
        }
        for (const auto &script : scripts) {
            std::string sql = script.text;
            std::string error;
            if (script.is_file && !read_file(script.text, sql, error)) {
                std::fprintf(stderr, "Error: cannot read file '%s': %s\n", script.text.c_str(), error.c_str());
                status = 1;
                break;
            }
            error = prepare_script_text(sql, script.is_file ? script.text : from_stdin ? "standard input" : "the -c text");
            if (!error.empty()) {
                std::fprintf(stderr, "Error: %s\n", error.c_str());
                status = 1;
                break;
            }
            if (client ? !client->run(sql) : !runner.run(sql)) {
                status = 1;
                break;
            }
        }
        if (status == 0 && !runner.wait_for_jobs()) status = 1;
    }
    weir_close(db);
    return status;
}
