// A parsed mqtt://[user[:password]@]host[:port] or mqtts:// broker address.
#pragma once

#include <string>

namespace weir {

// Contract: parse() accepts the schemes mqtt (default port 1883) and mqtts (TLS, default port 8883), a
// host (name, IPv4 or [IPv6]), an optional port 1..65535, percent-escapes in user and password, and
// nothing after the authority but an optional '/'. Errors are WeirError(ErrorKind::Bind) sentences
// that never contain the password (common/secret_option masks a URL's userinfo).
struct MqttUrl {
    std::string user;      // empty: no user name
    std::string password;  // empty: no password
    std::string host;
    int port = 1883;
    bool tls = false;

    static MqttUrl parse(const std::string &text);
    // mqtt://user:***@host:port — safe to print.
    std::string redacted() const;
};

}  // namespace weir
