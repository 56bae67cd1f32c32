// The interactive loop: reads statements with readline until `.quit` or end of input.
#pragma once

#include "shell/result_printer.h"
#include "shell/script_runner.h"
#include "weir.h"

namespace weir_shell {

// Returns the process exit status (0). Ctrl-C stops the running query, not the shell.
int run_repl(weir_db *db, ResultPrinter &printer, ScriptRunner &runner);

}  // namespace weir_shell
