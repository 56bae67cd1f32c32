// Recognising and redacting libpq connection strings.
#include "connectors/postgres/postgres_connection_string.h"

#include <cctype>
#include <vector>

#include "common/secret_option.h"
#include "common/weir_error.h"

namespace weir {
namespace {

bool starts_with(const std::string &text, const std::string &prefix) { return text.compare(0, prefix.size(), prefix) == 0; }

// Percent-decoding for the user and password parts of a URI.
std::string percent_decoded(const std::string &text) {
    std::string out;
    for (size_t i = 0; i < text.size(); i++) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// One key=value pair of the libpq keyword form.
struct Pair {
    std::string key, value;
};

bool parse_pairs(const std::string &text, std::vector<Pair> &pairs) {
    size_t i = 0;
    while (true) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
        if (i == text.size()) return true;
        Pair pair;
        while (i < text.size() && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i]))) pair.key += text[i++];
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
        if (pair.key.empty() || i == text.size() || text[i] != '=') return false;
        i++;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
        if (i < text.size() && text[i] == '\'') {
            i++;
            while (i < text.size() && text[i] != '\'') {
                if (text[i] == '\\' && i + 1 < text.size()) i++;
                pair.value += text[i++];
            }
            if (i == text.size()) return false;
            i++;
        } else {
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
                if (text[i] == '\\' && i + 1 < text.size()) i++;
                pair.value += text[i++];
            }
        }
        pairs.push_back(pair);
    }
}

}  // namespace

PostgresConnectionString PostgresConnectionString::parse(const std::string &text) {
    PostgresConnectionString result;
    result.text_ = text;
    if (starts_with(text, "postgresql://") || starts_with(text, "postgres://")) {
        result.uri_ = true;
        std::string rest = text.substr(text.find("://") + 3);
        size_t end = rest.find_first_of("/?");
        std::string authority = rest.substr(0, end);
        size_t at = authority.rfind('@');
        if (at != std::string::npos) {
            std::string credentials = authority.substr(0, at);
            size_t colon = credentials.find(':');
            result.user_ = percent_decoded(credentials.substr(0, colon));
            if (colon != std::string::npos) result.password_ = percent_decoded(credentials.substr(colon + 1));
            authority = authority.substr(at + 1);
        }
        size_t colon = authority.rfind(':');
        if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
            result.host_ = authority.substr(0, colon);
            result.port_ = authority.substr(colon + 1);
        } else {
            result.host_ = authority;
        }
        if (end != std::string::npos && rest[end] == '/') {
            size_t query = rest.find('?', end);
            result.dbname_ = percent_decoded(rest.substr(end + 1, query == std::string::npos ? std::string::npos : query - end - 1));
        }
        return result;
    }
    std::vector<Pair> pairs;
    if (text.find('=') == std::string::npos || !parse_pairs(text, pairs)) {
        throw WeirError(ErrorKind::Bind, "url must be a PostgreSQL URI such as 'postgresql://user:password@host:5432/db' "
                                         "or a libpq string such as 'host=127.0.0.1 dbname=db user=app', got '" +
                                             mask_secrets(text) + "'");
    }
    for (const auto &pair : pairs) {
        if (pair.key == "user") result.user_ = pair.value;
        else if (pair.key == "password") result.password_ = pair.value;
        else if (pair.key == "host" || (pair.key == "hostaddr" && result.host_.empty())) result.host_ = pair.value;
        else if (pair.key == "port") result.port_ = pair.value;
        else if (pair.key == "dbname") result.dbname_ = pair.value;
    }
    return result;
}

std::string PostgresConnectionString::target() const {
    std::string out = user_.empty() ? "" : user_ + "@";
    out += host_.empty() ? "localhost" : host_;
    out += ":" + (port_.empty() ? std::string("5432") : port_);
    if (!dbname_.empty()) out += "/" + dbname_;
    return out;
}

std::string PostgresConnectionString::redacted() const { return mask_secrets(text_); }

std::string PostgresConnectionString::scrub(const std::string &message) const {
    return mask_secret_values(message, {password_});
}

}  // namespace weir
