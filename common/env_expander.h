// ${NAME} and ${NAME:-default} in option values, expanded from the process environment.
#pragma once

#include <string>

namespace weir {

// The rule for variables in WITH (...) option values of CREATE SOURCE, CREATE SINK and CREATE JOB:
//  - ${NAME} is the value of the environment variable NAME (letters, digits, '_', not starting with
//    a digit); a NAME that is not set → WeirError(Bind) naming it and `what`;
//  - ${NAME:-default} is NAME's value, or `default` when NAME is unset or empty (the default is
//    literal text up to the first '}');
//  - $${ is a literal ${ (the only escape: any other '$' stays as written, so 'pa$$word' is unchanged);
//  - a ${ without a valid name or closing '}' → WeirError(Bind) showing how to write it.
// Values are expanded once, when the statement is created. Stateless.
class EnvExpander {
public:
    // `text` with every variable replaced; `what` names the option in messages ("option `url` of
    // sink `out`").
    static std::string expand(const std::string &text, const std::string &what);
    // True when `text` contains ${ (a variable or the escape): such a value is shown as written.
    static bool has_variables(const std::string &text) { return text.find("${") != std::string::npos; }
};

}  // namespace weir
