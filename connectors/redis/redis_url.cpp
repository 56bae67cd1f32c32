// Parsing and redaction of redis:// addresses.
#include "connectors/redis/redis_url.h"

#include <cstdlib>

#include "common/weir_error.h"

namespace weir {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes %XX escapes; false when an escape is malformed.
bool percent_decode(const std::string &text, std::string &out) {
    out.clear();
    for (size_t i = 0; i < text.size(); i++) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return false;
        int high = hex_value(text[i + 1]);
        int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) return false;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return true;
}

// A decimal number in [min, max] spelling the whole of `text`.
bool parse_number(const std::string &text, long min, long max, int &out) {
    if (text.empty() || text.size() > 10) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    long value = std::strtol(text.c_str(), nullptr, 10);
    if (value < min || value > max) return false;
    out = static_cast<int>(value);
    return true;
}

[[noreturn]] void fail(const std::string &what, const std::string &text) {
    throw WeirError(ErrorKind::Bind, "url " + what + ", got '" + RedisUrl::redact(text) + "'");
}

}  // namespace

std::string RedisUrl::redact(const std::string &text) {
    size_t scheme = text.find("://");
    size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    size_t at = text.rfind('@');
    if (at == std::string::npos || at < start) return text;
    size_t colon = text.find(':', start);
    if (colon == std::string::npos || colon > at) return text;
    return text.substr(0, colon + 1) + "***" + text.substr(at);
}

RedisUrl RedisUrl::parse(const std::string &text) {
    const std::string prefix = "redis://";
    if (text.compare(0, prefix.size(), prefix) != 0) {
        if (text.compare(0, 9, "rediss://") == 0) fail("must start with redis:// (TLS is not supported)", text);
        fail("must look like redis://[user:password@]host[:port][/db]", text);
    }
    RedisUrl url;
    std::string rest = text.substr(prefix.size());
    size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    std::string path = slash == std::string::npos ? "" : rest.substr(slash + 1);

    size_t at = authority.rfind('@');
    if (at != std::string::npos) {
        std::string credentials = authority.substr(0, at);
        authority = authority.substr(at + 1);
        size_t colon = credentials.find(':');
        std::string user = credentials.substr(0, colon);
        std::string password = colon == std::string::npos ? "" : credentials.substr(colon + 1);
        if (!percent_decode(user, url.user)) fail("has a malformed %-escape in the user name", text);
        if (!percent_decode(password, url.password)) fail("has a malformed %-escape in the password", text);
    }

    std::string port_text;
    if (!authority.empty() && authority[0] == '[') {
        size_t close = authority.find(']');
        if (close == std::string::npos) fail("has an unclosed [ in the host", text);
        url.host = authority.substr(1, close - 1);
        std::string after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') fail("has unexpected text after the host", text);
            port_text = after.substr(1);
            if (port_text.empty()) fail("has an empty port", text);
        }
    } else {
        size_t colon = authority.find(':');
        url.host = authority.substr(0, colon);
        if (colon != std::string::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) fail("has an empty port", text);
        }
    }
    if (url.host.empty()) fail("needs a host", text);
    if (!port_text.empty() && !parse_number(port_text, 1, 65535, url.port)) {
        fail("needs a port from 1 to 65535", text);
    }
    if (!path.empty() && !parse_number(path, 0, 2147483647L, url.db)) {
        fail("needs a database number after the /", text);
    }
    return url;
}

std::string RedisUrl::redacted() const {
    std::string text = "redis://";
    if (!user.empty() || !password.empty()) {
        text += user;
        if (!password.empty()) text += ":***";
        text += "@";
    }
    text += host.find(':') != std::string::npos ? "[" + host + "]" : host;
    text += ":" + std::to_string(port) + "/" + std::to_string(db);
    return text;
}

}  // namespace weir
