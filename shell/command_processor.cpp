// Statement accumulation, dot commands, .explain/.timer modes and .read.
#include "shell/command_processor.h"

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include "shell/jobs_report.h"

namespace weir_shell {

namespace {

std::string trim(const std::string &text) {
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    size_t last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// The first word of a statement, upper-cased, after blanks and `--` comments.
std::string first_word(const std::string &sql) {
    size_t i = 0;
    for (;;) {
        while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) i++;
        if (sql.compare(i, 2, "--") != 0) break;
        i = sql.find('\n', i);
        if (i == std::string::npos) return "";
    }
    std::string word;
    while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_')) {
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
    }
    return word;
}

// Splits complete SQL into statements at the semicolons that end one (weir_complete decides, so
// semicolons in strings and comments do not split). Text after the last statement is dropped.
std::vector<std::string> split_statements(const std::string &sql) {
    std::vector<std::string> statements;
    size_t start = 0;
    for (size_t i = sql.find(';'); i != std::string::npos; i = sql.find(';', i + 1)) {
        std::string candidate = sql.substr(start, i + 1 - start);
        if (!weir_complete(candidate.c_str())) continue;
        if (!trim(candidate).empty() && trim(candidate) != ";") statements.push_back(candidate);
        start = i + 1;
    }
    return statements;
}

// Quotes a job name for SQL when it is not a plain identifier.
std::string sql_name(const std::string &name) {
    bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
    for (char c : name) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (plain) return name;
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// The job an INSERT INTO or CREATE JOB statement starts, or "".
std::string started_job(const std::string &statement) {
    static const std::regex insert(R"(^\s*insert\s+into\s+("[^"]+"|\w+))", std::regex::icase);
    static const std::regex create_job(R"(^\s*create\s+job\s+("[^"]+"|\w+))", std::regex::icase);
    std::smatch match;
    if (std::regex_search(statement, match, create_job) || std::regex_search(statement, match, insert)) {
        std::string name = match[1].str();
        if (name.size() >= 2 && name[0] == '"') name = name.substr(1, name.size() - 2);
        return name;
    }
    return "";
}

}  // namespace

CommandProcessor::CommandProcessor(weir_db *db, ResultPrinter &printer, ScriptRunner &runner, LiveTable *live,
                                   NoticeQueue *notices)
    : db_(db), printer_(printer), runner_(runner), live_(live), notices_(notices) {
    update_live_table();
}

const char *CommandProcessor::help_text() {
    return "End SQL statements with ';' (they may span lines). Statements: CREATE SOURCE/SINK/VIEW/JOB,\n"
           "SELECT, INSERT INTO (starts a background job), SHOW SOURCES|SINKS|VIEWS|JOBS, DESCRIBE name,\n"
           "EXPLAIN query, DROP SOURCE|SINK|VIEW|JOB name.\n"
           "A running SELECT shows its rows live; Ctrl-C stops it and returns here. Tab completes.\n"
           "  .help                  this text\n"
           "  .read FILE             run the statements and commands in FILE\n"
           "  .format table|csv|json how results are printed\n"
           "  .mode table|changelog  live table: an updating result updated in place by key (table),\n"
           "                         or every change as it arrives with its kind +I/+U/-D (changelog)\n"
           "  .jobs                  background jobs and their progress (SHOW JOBS with events/s)\n"
           "  .stop JOB              stop a background job (DROP JOB)\n"
           "  .explain [on|off]      toggle: show the plan of each query instead of running it\n"
           "  .explain QUERY         show the plan of QUERY\n"
           "  .timer on|off          print how long each statement took\n"
           "  .quit, .exit           leave (running jobs are stopped gracefully)\n";
}

void CommandProcessor::update_live_table() {
    runner_.set_live_table(live_ && printer_.format() == OutputFormat::Table ? live_ : nullptr);
}

CommandProcessor::Result CommandProcessor::feed_line(const std::string &line) {
    Result result;
    if (buffer_.empty()) {
        std::string command = trim(line);
        if (command.empty()) return result;
        if (command[0] == '.') {
            result.completed = command;
            result.status = run_dot_command(command);
            return result;
        }
    }
    buffer_ += line + "\n";
    if (!weir_complete(buffer_.c_str())) return result;
    std::string sql = buffer_;
    buffer_.clear();
    result.completed = trim(sql);
    run_sql(sql);
    return result;
}

bool CommandProcessor::run_sql(const std::string &sql) {
    for (const auto &statement : split_statements(sql)) {
        if (!run_one(statement)) return false;
        if (interrupt_requested.load()) return true;
    }
    return true;
}

bool CommandProcessor::run_one(const std::string &statement) {
    std::string word = first_word(statement);
    std::string text = statement;
    if (explain_ && (word == "SELECT" || word == "WITH" || word == "INSERT")) {
        text = "EXPLAIN " + trim(statement);
        word = "EXPLAIN";
    }
    auto start = std::chrono::steady_clock::now();
    bool ok = runner_.run(text);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (notices_) notices_->print_all();
    if (timer_) std::printf("Run time: %.3f s\n", seconds);
    std::string job = ok && (word == "INSERT" || word == "CREATE") ? started_job(statement) : "";
    if (!job.empty()) {
        std::printf("Job %s is running in the background: .jobs shows its progress, .stop %s stops it.\n",
                    job.c_str(), sql_name(job).c_str());
    }
    std::fflush(stdout);
    return ok;
}

bool CommandProcessor::read_file(const std::string &path) {
    if (read_depth_ >= 16) {
        std::fprintf(stderr, "Error: .read is nested more than 16 deep; does '%s' read itself?\n", path.c_str());
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "Error: cannot read file '%s': %s\n", path.c_str(), std::strerror(errno));
        return false;
    }
    std::string saved;
    saved.swap(buffer_);
    read_depth_++;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (feed_line(line).status == Status::Quit || interrupt_requested.load()) break;
    }
    read_depth_--;
    bool complete = buffer_.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!complete) std::fprintf(stderr, "Error: '%s' ends inside a statement; add the missing ';'\n", path.c_str());
    buffer_.swap(saved);
    return complete;
}

CommandProcessor::Status CommandProcessor::run_dot_command(const std::string &line) {
    size_t space = line.find_first_of(" \t");
    std::string command = line.substr(0, space);
    std::string argument = space == std::string::npos ? "" : trim(line.substr(space));
    if (command == ".quit" || command == ".exit") return Status::Quit;
    if (command == ".help") {
        std::printf("%s", help_text());
    } else if (command == ".read") {
        if (argument.empty()) std::fprintf(stderr, "Error: .read needs a file name, as in .read pipeline.sql\n");
        else read_file(argument);
    } else if (command == ".format") {
        OutputFormat format;
        if (!parse_output_format(argument, format)) {
            std::fprintf(stderr, "Error: .format takes table, csv or json, got '%s'\n", argument.c_str());
        } else {
            printer_.set_format(format);
            update_live_table();
        }
    } else if (command == ".mode") {
        if (argument == "table" || argument == "changelog") {
            if (live_) live_->set_mode(argument == "table" ? LiveTable::Mode::Table : LiveTable::Mode::Changelog);
            std::printf("mode is %s\n", argument == "table" ? "table: an updating result is updated in place by key"
                                                           : "changelog: every change is shown with its kind");
        } else {
            std::fprintf(stderr, "Error: .mode takes table or changelog, got '%s'\n", argument.c_str());
        }
    } else if (command == ".jobs") {
        if (printer_.format() == OutputFormat::Table) JobsReport(db_).print(stdout);
        else run_one("SHOW JOBS;");
    } else if (command == ".stop") {
        if (argument.empty()) std::fprintf(stderr, "Error: .stop needs a job name; .jobs lists them\n");
        else run_one("DROP JOB " + sql_name(argument) + ";");
    } else if (command == ".explain") {
        if (argument.empty()) explain_ = !explain_;
        else if (argument == "on") explain_ = true;
        else if (argument == "off") explain_ = false;
        else {
            std::string query = argument;
            if (query.back() != ';') query += ";";
            run_one("EXPLAIN " + query);
            return Status::Continue;
        }
        std::printf("explain mode is %s\n", explain_ ? "on: queries show their plan instead of running" : "off");
    } else if (command == ".timer") {
        if (argument == "on") timer_ = true;
        else if (argument == "off") timer_ = false;
        else std::fprintf(stderr, "Error: .timer takes on or off, got '%s'\n", argument.c_str());
    } else {
        std::fprintf(stderr, "Error: unknown command '%s'; .help lists the commands\n", command.c_str());
    }
    std::fflush(stdout);
    std::fflush(stderr);
    return Status::Continue;
}

}  // namespace weir_shell
