// Which option values are secrets that must never be printed (EXPLAIN, DESCRIBE, errors).
#pragma once

#include <string>

namespace weir {

// True for option keys that name a credential: they contain password, secret, token, key (but not
// the `key` of a sink's primary key or a Kafka message key column), sasl, ssl or credential.
bool is_secret_option(const std::string &key);

// "***" for a secret option's value; otherwise the value with any password inside a URL masked
// ("redis://user:***@host:6379/0", "postgresql://app:***@db/weather").
std::string printable_option_value(const std::string &key, const std::string &value);

// `text` with the password of every "scheme://user:password@" it contains replaced by "***".
std::string mask_url_passwords(const std::string &text);

}  // namespace weir
