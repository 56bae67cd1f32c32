// A parsed redis://[user[:password]@]host[:port][/db] address, with a form that is safe to print.
#pragma once

#include <string>

namespace weir {

// Contract: parse() accepts the scheme 'redis' only (TLS 'rediss' is not supported by the linked
// hiredis 0.14), a host (name, IPv4, or [IPv6]), an optional port 1..65535 (default 6379), an optional
// database number 0..2^31-1 (default 0), and percent-escapes in user and password. Errors are
// WeirError(ErrorKind::Bind) sentences that never contain the password.
struct RedisUrl {
    std::string user;      // empty: AUTH with the password only (the 'default' user)
    std::string password;  // empty: no AUTH
    std::string host;
    int port = 6379;
    int db = 0;

    static RedisUrl parse(const std::string &text);
    // redis://user:***@host:port/db — the password (if any) replaced by ***.
    std::string redacted() const;
    // `text` with the password of a redis:// address replaced by ***, even when `text` does not
    // parse (for messages about a bad url).
    static std::string redact(const std::string &text);
};

}  // namespace weir
