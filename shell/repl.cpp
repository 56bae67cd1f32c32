// The REPL loop: readline's callback interface polled together with the signal flags.
#include "shell/repl.h"

#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "shell/command_processor.h"
#include "shell/completer.h"
#include "shell/history_file.h"
#include "shell/live_table.h"
#include "shell/notice_queue.h"

namespace weir_shell {

namespace {

const char *kPrompt = "weir> ";
const char *kContinuationPrompt = "  ...> ";

std::atomic<bool> terminate_requested{false};
std::atomic<bool> resize_requested{false};

// Set by the readline line handler, consumed by the loop.
bool line_ready = false;
bool end_of_input = false;
std::string ready_line;

void on_interrupt(int) { interrupt_requested.store(true); }
void on_terminate(int) {
    terminate_requested.store(true);
    interrupt_requested.store(true);
}
void on_resize(int) { resize_requested.store(true); }

void install_signal(int signal, void (*handler)(int)) {
    struct sigaction action {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: poll() returns at once
    sigaction(signal, &action, nullptr);
}

void on_line(char *line) {
    // Removing the handler here keeps readline from printing the next prompt before the
    // statement's output.
    rl_callback_handler_remove();
    line_ready = true;
    end_of_input = line == nullptr;
    ready_line = line ? line : "";
    std::free(line);
}

// Turns terminal echo off while a statement runs, so keys typed meanwhile do not break the live
// table (they stay queued and appear at the next prompt).
class EchoOff {
public:
    EchoOff() {
        if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        struct termios quiet = saved_;
        quiet.c_lflag &= static_cast<tcflag_t>(~(ECHO | ECHONL));
        active_ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
    }
    ~EchoOff() {
        if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    }

private:
    struct termios saved_ {};
    bool active_ = false;
};

void print_notices_above_prompt(NoticeQueue &notices) {
    std::vector<std::string> messages = notices.take();
    if (messages.empty()) return;
    rl_clear_visible_line();
    for (const auto &message : messages) std::fprintf(stderr, "weir: %s\n", message.c_str());
    std::fflush(stderr);
    rl_forced_update_display();
}

}  // namespace

int run_repl(weir_db *db, ResultPrinter &printer, ScriptRunner &runner) {
    NoticeQueue notices;
    weir_set_notice(db, NoticeQueue::callback, &notices);
    LiveTable live(stdout, &notices);
    CommandProcessor processor(db, printer, runner, isatty(STDOUT_FILENO) ? &live : nullptr, &notices);
    Completer completer(db);
    HistoryFile history(HistoryFile::default_path());

    rl_readline_name = "weir";
    // With stdout redirected (weir | tee log), prompts and echo go to the terminal on stderr so
    // that the results stay clean.
    FILE *terminal = !isatty(STDOUT_FILENO) && isatty(STDERR_FILENO) ? stderr : stdout;
    rl_outstream = terminal;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    completer.install();
    history.load();
    install_signal(SIGINT, on_interrupt);
    install_signal(SIGTERM, on_terminate);
    install_signal(SIGWINCH, on_resize);

    std::fprintf(terminal, "weir %s: streaming SQL. End statements with ';'. .help for help, .quit to leave.\n",
                 weir_libversion());
    std::fflush(terminal);
    interrupt_requested.store(false);
    rl_callback_handler_install(kPrompt, on_line);
    for (;;) {
        if (terminate_requested.load()) break;
        if (interrupt_requested.exchange(false)) {
            // Ctrl-C at the prompt: forget the line and any partly typed statement.
            rl_point = rl_end;
            rl_redisplay();
            std::fprintf(terminal, "^C\n");
            std::fflush(terminal);
            rl_callback_sigcleanup();
            rl_free_line_state();
            rl_callback_handler_remove();
            std::fflush(stdout);
            processor.clear_statement();
            rl_callback_handler_install(kPrompt, on_line);
        }
        if (resize_requested.exchange(false)) rl_resize_terminal();
        print_notices_above_prompt(notices);

        struct pollfd input {STDIN_FILENO, POLLIN, 0};
        if (poll(&input, 1, 200) > 0 && !interrupt_requested.load()) rl_callback_read_char();
        if (!line_ready) continue;
        line_ready = false;
        if (end_of_input) {
            std::fprintf(terminal, "\n");
            break;
        }
        CommandProcessor::Result result;
        {
            EchoOff echo_off;
            result = processor.feed_line(ready_line);
        }
        if (!result.completed.empty()) history.add(result.completed);
        if (result.status == CommandProcessor::Status::Quit || terminate_requested.load()) break;
        interrupt_requested.store(false);  // a Ctrl-C that stopped a statement is used up
        rl_callback_handler_install(processor.in_statement() ? kContinuationPrompt : kPrompt, on_line);
    }
    rl_callback_handler_remove();
    std::fflush(stdout);
    weir_stop_jobs(db);
    weir_wait_jobs(db, 5000);
    weir_set_notice(db, nullptr, nullptr);
    return 0;
}

}  // namespace weir_shell
