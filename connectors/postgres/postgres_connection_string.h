// The sink's `url` option: a libpq URI or key=value string, checked, and shown without its password.
#pragma once

#include <string>

namespace weir {

// Accepts "postgresql://[user[:password]@][host][:port][/dbname][?param=value&...]" (or
// "postgres://") and libpq's "host=... port=... dbname=... user=... password=..." form (values may
// be single-quoted). Anything else throws WeirError(ErrorKind::Bind) with the redacted text.
// libpq does the real parsing when connecting; this class only knows enough to describe the target
// in messages and to make sure the password never appears in them.
class PostgresConnectionString {
public:
    static PostgresConnectionString parse(const std::string &text);

    // What libpq receives (contains the password).
    const std::string &text() const { return text_; }
    const std::string &password() const { return password_; }
    // "user@host:port/dbname" for messages (defaults shown as libpq would use them where known).
    std::string target() const;
    // The whole string with the password (userinfo, ?password=, password=...) replaced by "***".
    std::string redacted() const;
    // `message` masked by structure, and the password where it stands as a whole token
    // (mask_secret_values: libpq does not echo it, this is a second line of defence).
    std::string scrub(const std::string &message) const;

private:
    bool uri_ = false;
    std::string text_;
    std::string user_, password_, host_, port_, dbname_;
};

}  // namespace weir
