// Which option values are secrets, and masking them by structure in everything weir prints.
#pragma once

#include <string>
#include <vector>

namespace weir {

// The one place for the masking rules. Secrets are masked by where they stand, never by searching
// their text (that once turned the database `streamdb` into `***db` for the password `stream`):
//  - an option whose NAME is a secret (is_secret_option) is shown as "***" whole;
//  - inside any other value or message: the password of a URL's userinfo ("scheme://user:***@host"),
//    and the value of every parameter whose name is a secret parameter (is_secret_parameter), in
//    URI query form ("?password=***&sslmode=require") and in key=value form ("password=***",
//    "password='***'" for a quoted value, "password = ***").
// mask_secret_values is the last line of defence for messages of libraries (libpq, librdkafka,
// curl) that might echo a configured secret outside those structures: it replaces only WHOLE-TOKEN
// occurrences (not preceded or followed by a letter, digit or '_') of secrets at least
// kMinMaskedSecretLength bytes long, so a short user name `u` cannot turn "failure" into
// "fail***re" and the password `stream` leaves "streamdb" alone.

constexpr size_t kMinMaskedSecretLength = 4;

// True for option keys that name a credential: they contain password, secret, token, key (but not
// the `key` of a sink's primary key or a Kafka message key column), sasl, ssl or credential.
bool is_secret_option(const std::string &key);

// True for a parameter name inside a value (URI query parameter, libpq key=value keyword) that holds
// a credential: it contains password, passwd, secret, token, credential, apikey, api_key,
// access_key or private_key, or is pwd or pass (case-insensitive). Unlike is_secret_option, sslmode
// and sslrootcert are not secrets here.
bool is_secret_parameter(const std::string &name);

// "***" for a secret option's value; otherwise mask_secrets(value)
// ("redis://user:***@host:6379/0", "host=db dbname=weather password=***").
std::string printable_option_value(const std::string &key, const std::string &value);

// `text` with every secret it holds by structure (see above) replaced by "***"; idempotent.
std::string mask_secrets(const std::string &text);

// mask_secrets(text), then every whole-token occurrence of each of `secrets` that is at least
// kMinMaskedSecretLength long replaced by "***" (longest first).
std::string mask_secret_values(const std::string &text, std::vector<std::string> secrets);

}  // namespace weir
