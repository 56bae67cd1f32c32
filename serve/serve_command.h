// `weir serve`: runs pipeline files, then serves the engine over HTTP until SIGTERM or Ctrl-C.
#pragma once

namespace weir_serve {

class ServeCommand {
public:
    // argv holds the arguments after `serve`. Returns the process's exit status: 0 after a graceful
    // stop, 1 when the options, a pipeline file or the address are wrong (one sentence on stderr).
    static int run(int argc, char **argv);
};

}  // namespace weir_serve
