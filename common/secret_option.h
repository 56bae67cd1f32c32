// Which option values are secrets that must never be printed (EXPLAIN, DESCRIBE, errors).
#pragma once

#include <string>

namespace weir {

// True for option keys that name a credential: they contain password, secret, token, key (but not
// the `key` of a sink's primary key or a Kafka message key column), sasl, ssl or credential.
bool is_secret_option(const std::string &key);

// "***" for a secret option's value, else the value.
std::string printable_option_value(const std::string &key, const std::string &value);

}  // namespace weir
