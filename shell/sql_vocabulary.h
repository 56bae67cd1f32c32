// The fixed words the shell completes: SQL keywords, function names, connectors and their options.
#pragma once

#include <string>
#include <vector>

namespace weir_shell {

// Static lists kept by hand beside the parser and the function catalog (the shell may only use
// include/weir.h, which does not list them). Names of sources, sinks, views, jobs and columns are
// not here: the Completer asks the engine for those.
class SqlVocabulary {
public:
    static const std::vector<std::string> &keywords();        // upper case
    static const std::vector<std::string> &functions();       // lower case, aggregates included
    static const std::vector<std::string> &connectors();      // values of connector = '...'
    static const std::vector<std::string> &option_names();    // names allowed in WITH (...)
    static const std::vector<std::string> &dot_commands();    // ".help", ".read", ...
};

}  // namespace weir_shell
