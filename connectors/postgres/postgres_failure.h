// What a libpqxx exception means for the sink: retry after reconnecting, or stop with one sentence.
#pragma once

#include <exception>
#include <string>

namespace weir {

// Transient: the connection broke or could not be made, the server is shutting down or starting
// (SQLSTATE 08xxx, 57P01-57P03, 53300), the commit outcome is unknown, or a serialization failure or
// deadlock (40001, 40P01): reconnect and retry the whole transaction. Permanent: everything else,
// including failed authentication, a missing database, table or column (42P01, 42703), a type
// mismatch (42804, 22xxx), permission denied (42501) and a key without a unique constraint (42P10).
enum class PostgresFailureKind { Transient, Permanent };

class PostgresFailure {
public:
    // Classifies `error` (any exception; non-libpqxx ones are permanent).
    static PostgresFailure classify(const std::exception &error);

    PostgresFailureKind kind() const { return kind_; }
    bool transient() const { return kind_ == PostgresFailureKind::Transient; }
    // The server's or libpq's first line, without "ERROR:  " and trailing punctuation; may still need
    // scrubbing of the password by the caller.
    const std::string &reason() const { return reason_; }
    // What to do about a permanent failure ("grant the role INSERT, UPDATE and DELETE on the table"),
    // or empty.
    const std::string &advice() const { return advice_; }
    const std::string &sqlstate() const { return sqlstate_; }

private:
    PostgresFailureKind kind_ = PostgresFailureKind::Permanent;
    std::string reason_;
    std::string advice_;
    std::string sqlstate_;
};

}  // namespace weir
