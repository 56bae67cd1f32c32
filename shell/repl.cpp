// A first REPL: multi-line statements ending in `;`, readline editing and history, .quit/.help.
#include "shell/repl.h"

#include <readline/history.h>
#include <readline/readline.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace weir_shell {

int run_repl(weir_db *db, ResultPrinter &printer, ScriptRunner &runner) {
    std::printf("weir %s — streaming SQL. End statements with ';'. .help for help, .quit to leave.\n",
                weir_libversion());
    std::string buffer;
    for (;;) {
        interrupt_requested.store(false);
        char *line = readline(buffer.empty() ? "weir> " : "  ...> ");
        if (!line) break;
        std::string text = line;
        std::free(line);
        if (buffer.empty() && (text == ".quit" || text == ".exit")) break;
        if (buffer.empty() && text == ".help") {
            std::printf("Statements: CREATE SOURCE/SINK/VIEW, SELECT, INSERT INTO, SHOW SOURCES|SINKS|VIEWS|JOBS,\n"
                        "DESCRIBE name, EXPLAIN query, DROP ... . Ctrl-C stops a running query. .quit leaves.\n");
            continue;
        }
        if (text.empty() && buffer.empty()) continue;
        buffer += text + "\n";
        if (!weir_complete(buffer.c_str())) continue;
        add_history(buffer.c_str());
        runner.run(buffer);
        buffer.clear();
    }
    weir_stop_jobs(db);
    return 0;
}

}  // namespace weir_shell
