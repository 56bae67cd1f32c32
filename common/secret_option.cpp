// The rules for secret option names and structural masking of secrets in text.
#include "common/secret_option.h"

#include <algorithm>
#include <cctype>

#include "common/schema.h"

namespace weir {
namespace {

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool is_name(char c) { return is_word(c) || c == '.' || c == '-'; }

// Replaces the password of every "scheme://user:password@" in `text`.
void mask_url_userinfo(std::string &text) {
    size_t search = 0;
    while ((search = text.find("://", search)) != std::string::npos) {
        size_t authority = search + 3;
        size_t end = text.find_first_of("/?# '\"", authority);
        if (end == std::string::npos) end = text.size();
        size_t at = text.rfind('@', end);
        if (at != std::string::npos && at >= authority) {
            size_t colon = text.find(':', authority);
            if (colon != std::string::npos && colon < at) text.replace(colon + 1, at - colon - 1, "***");
        }
        search = authority;
    }
}

// The end of a parameter value starting at `begin`: a quoted value ends after its closing quote
// (backslash escapes); a URI query value at '&', '#' or a space; a key=value value at a space (a
// message's closing quote right before it stays visible).
size_t value_end(const std::string &text, size_t begin, bool query) {
    if (begin < text.size() && (text[begin] == '\'' || text[begin] == '"')) {
        char quote = text[begin];
        size_t i = begin + 1;
        while (i < text.size() && text[i] != quote) i += text[i] == '\\' ? 2 : 1;
        return std::min(text.size(), i + 1);
    }
    size_t i = begin;
    while (i < text.size() && !is_space(text[i]) && !(query && (text[i] == '&' || text[i] == '#'))) {
        i += !query && text[i] == '\\' ? 2 : 1;
    }
    i = std::min(i, text.size());
    if (i > begin && (text[i - 1] == '\'' || text[i - 1] == '"')) i--;
    return i;
}

// Replaces the value of every secret parameter written name=value in `text`.
void mask_parameters(std::string &text) {
    size_t equals = 0;
    while ((equals = text.find('=', equals)) != std::string::npos) {
        size_t name_end = equals;
        while (name_end > 0 && text[name_end - 1] == ' ') name_end--;
        size_t name_begin = name_end;
        while (name_begin > 0 && is_name(text[name_begin - 1])) name_begin--;
        std::string name = text.substr(name_begin, name_end - name_begin);
        bool query = name_begin > 0 && (text[name_begin - 1] == '?' || text[name_begin - 1] == '&');
        size_t begin = equals + 1;
        if (name.empty() || !is_secret_parameter(name)) {
            equals = begin;
            continue;
        }
        if (!query) {
            while (begin < text.size() && text[begin] == ' ') begin++;
        }
        size_t end = value_end(text, begin, query);
        if (end == begin || text.compare(begin, end - begin, "***") == 0) {
            equals = begin;
            continue;
        }
        text.replace(begin, end - begin, "***");
        equals = begin + 3;
    }
}

}  // namespace

bool is_secret_option(const std::string &key) {
    std::string lower = to_lower(key);
    if (lower == "key" || lower == "key_column" || lower == "partition_key") return false;
    for (const char *word : {"password", "secret", "token", "sasl", "ssl", "credential", "access_key", "api_key",
                             "private_key"}) {
        if (lower.find(word) != std::string::npos) return true;
    }
    return false;
}

bool is_secret_parameter(const std::string &name) {
    std::string lower = to_lower(name);
    if (lower == "pwd" || lower == "pass") return true;
    for (const char *word : {"password", "passwd", "secret", "token", "credential", "apikey", "api_key", "access_key",
                             "private_key"}) {
        if (lower.find(word) != std::string::npos) return true;
    }
    return false;
}

std::string printable_option_value(const std::string &key, const std::string &value) {
    return is_secret_option(key) ? "***" : mask_secrets(value);
}

std::string mask_secrets(const std::string &text) {
    std::string out = text;
    mask_url_userinfo(out);
    mask_parameters(out);
    return out;
}

std::string mask_secret_values(const std::string &text, std::vector<std::string> secrets) {
    std::string out = mask_secrets(text);
    // Longest first, so a secret containing another is masked whole.
    std::sort(secrets.begin(), secrets.end(), [](const std::string &a, const std::string &b) { return a.size() > b.size(); });
    for (const auto &secret : secrets) {
        if (secret.size() < kMinMaskedSecretLength) continue;
        size_t at = 0;
        while ((at = out.find(secret, at)) != std::string::npos) {
            size_t after = at + secret.size();
            bool whole = (at == 0 || !is_word(out[at - 1])) && (after == out.size() || !is_word(out[after]));
            if (!whole) {
                at++;
                continue;
            }
            out.replace(at, secret.size(), "***");
            at += 3;
        }
    }
    return out;
}

}  // namespace weir
