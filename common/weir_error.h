// The one exception type of the engine: a user-facing sentence plus what kind of failure it is.
#pragma once

#include <stdexcept>
#include <string>

namespace weir {

// Syntax: bad SQL text (message names line:column, the token found and what was expected).
// Bind: names or types that do not resolve ("unknown column `tmep`; did you mean `temp`?").
// Catalog: objects that exist already / do not exist. Data: a malformed record under on_error='fail'.
// Io: files, connections. Misuse: the host used the API wrongly. Internal: a bug in weir.
enum class ErrorKind { Syntax, Bind, Catalog, Data, Io, Misuse, Internal };

// Errors reach the user as one sentence saying what is wrong and what to do; never put secrets in it.
class WeirError : public std::runtime_error {
public:
    WeirError(ErrorKind kind, const std::string &message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const { return kind_; }

private:
    ErrorKind kind_;
};

}  // namespace weir
