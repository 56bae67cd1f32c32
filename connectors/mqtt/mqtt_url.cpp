// Parsing and printing of mqtt:// and mqtts:// broker addresses.
#include "connectors/mqtt/mqtt_url.h"

#include <cstdlib>

#include "common/secret_option.h"
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
        if (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0) return false;
        out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
        i += 2;
    }
    return true;
}

[[noreturn]] void fail(const std::string &what, const std::string &text) {
    throw WeirError(ErrorKind::Bind, "url " + what + ", got '" + mask_secrets(text) + "'");
}

}  // namespace

MqttUrl MqttUrl::parse(const std::string &text) {
    MqttUrl url;
    std::string rest;
    if (text.compare(0, 7, "mqtt://") == 0) {
        rest = text.substr(7);
    } else if (text.compare(0, 8, "mqtts://") == 0) {
        rest = text.substr(8);
        url.tls = true;
        url.port = 8883;
    } else {
        fail("must look like mqtt://[user:password@]host[:port] (or mqtts:// for TLS)", text);
    }
    size_t slash = rest.find('/');
    if (slash != std::string::npos && slash + 1 != rest.size()) fail("must not have a path after the host", text);
    std::string authority = rest.substr(0, slash);
    size_t at = authority.rfind('@');
    if (at != std::string::npos) {
        std::string credentials = authority.substr(0, at);
        authority = authority.substr(at + 1);
        size_t colon = credentials.find(':');
        std::string password = colon == std::string::npos ? "" : credentials.substr(colon + 1);
        if (!percent_decode(credentials.substr(0, colon), url.user)) fail("has a malformed %-escape in the user name", text);
        if (!percent_decode(password, url.password)) fail("has a malformed %-escape in the password", text);
    }
    std::string port_text;
    bool has_port = false;
    if (!authority.empty() && authority[0] == '[') {
        size_t close = authority.find(']');
        if (close == std::string::npos) fail("has an unclosed [ in the host", text);
        url.host = authority.substr(1, close - 1);
        std::string after = authority.substr(close + 1);
        if (!after.empty() && after[0] != ':') fail("has unexpected text after the host", text);
        has_port = !after.empty();
        if (has_port) port_text = after.substr(1);
    } else {
        size_t colon = authority.find(':');
        url.host = authority.substr(0, colon);
        has_port = colon != std::string::npos;
        if (has_port) port_text = authority.substr(colon + 1);
    }
    if (url.host.empty()) fail("needs a host", text);
    if (has_port) {
        bool digits = !port_text.empty() && port_text.size() <= 5;
        for (char c : port_text) digits = digits && c >= '0' && c <= '9';
        long port = digits ? std::strtol(port_text.c_str(), nullptr, 10) : 0;
        if (port < 1 || port > 65535) fail("needs a port from 1 to 65535", text);
        url.port = static_cast<int>(port);
    }
    return url;
}

std::string MqttUrl::redacted() const {
    std::string text = tls ? "mqtts://" : "mqtt://";
    if (!user.empty() || !password.empty()) text += user + (password.empty() ? "" : ":***") + "@";
    bool v6 = host.find(':') != std::string::npos;
    text += (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
    return text;
}

}  // namespace weir
