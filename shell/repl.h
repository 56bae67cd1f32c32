// The interactive shell on a terminal: readline input, history, completion, Ctrl-C handling.
#pragma once

#include "shell/result_printer.h"
#include "shell/script_runner.h"
#include "weir.h"

namespace weir_shell {

// Reads with readline's callback interface so that Ctrl-C at the prompt clears the line (and a
// partly typed statement) instead of leaving, notices from jobs are printed above the prompt, and
// SIGTERM leaves cleanly. While a statement runs, Ctrl-C stops that statement only (ScriptRunner).
// Leaving (.quit, .exit, Ctrl-D, SIGTERM) stops background jobs gracefully. Returns the exit status.
int run_repl(weir_db *db, ResultPrinter &printer, ScriptRunner &runner);

}  // namespace weir_shell
