// Classifying libpqxx exceptions into retryable and fatal ones, with advice for the fatal ones.
#include "connectors/postgres/postgres_failure.h"

#include <pqxx/except>

namespace weir {
namespace {

std::string first_line(const std::string &text) {
    std::string line = text.substr(0, text.find('\n'));
    for (const char *prefix : {"ERROR:  ", "FATAL:  ", "ERROR: ", "FATAL: "}) {
        if (line.compare(0, std::string(prefix).size(), prefix) == 0) line = line.substr(std::string(prefix).size());
    }
    while (!line.empty() && (line.back() == '.' || line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return line;
}

bool contains(const std::string &text, const char *part) { return text.find(part) != std::string::npos; }

}  // namespace

PostgresFailure PostgresFailure::classify(const std::exception &error) {
    PostgresFailure failure;
    std::string text = error.what();
    failure.reason_ = first_line(text);
    if (failure.reason_.empty()) failure.reason_ = "the server closed the connection";
    if (auto sql = dynamic_cast<const pqxx::sql_error *>(&error)) failure.sqlstate_ = sql->sqlstate();
    // libpqxx 6 throws some classes without their SQLSTATE: take it from the class then.
    if (failure.sqlstate_.empty()) {
        if (dynamic_cast<const pqxx::insufficient_privilege *>(&error)) failure.sqlstate_ = "42501";
        else if (dynamic_cast<const pqxx::undefined_table *>(&error)) failure.sqlstate_ = "42P01";
        else if (dynamic_cast<const pqxx::undefined_column *>(&error)) failure.sqlstate_ = "42703";
        else if (dynamic_cast<const pqxx::data_exception *>(&error)) failure.sqlstate_ = "22000";
    }
    const std::string &state = failure.sqlstate_;

    if (dynamic_cast<const pqxx::broken_connection *>(&error)) {
        // Failures while connecting arrive here too: the ones a retry cannot fix are permanent.
        if (contains(text, "password authentication failed") || contains(text, "no password supplied") ||
            contains(text, "authentication failed")) {
            failure.advice_ = "check the user and password in the sink's url";
            return failure;
        }
        if (contains(text, "does not exist") || contains(text, "no pg_hba.conf entry") || contains(text, "invalid ")) {
            failure.advice_ = "check the sink's url";
            return failure;
        }
        // libpqxx's words for a connection that broke between statements.
        if (contains(text, "not connected") || contains(text, "server closed the connection")) {
            failure.reason_ = "the connection to the server was lost";
        }
        failure.kind_ = PostgresFailureKind::Transient;
        return failure;
    }
    if (dynamic_cast<const pqxx::in_doubt_error *>(&error) || dynamic_cast<const pqxx::transaction_rollback *>(&error)) {
        failure.kind_ = PostgresFailureKind::Transient;
        return failure;
    }
    if (state.compare(0, 2, "08") == 0 || state == "57P01" || state == "57P02" || state == "57P03" ||
        state == "53300" || state == "40001" || state == "40P01") {
        failure.kind_ = PostgresFailureKind::Transient;
        return failure;
    }
    if (state == "42P01" || state == "3F000") {
        failure.advice_ = "the table (or its schema) is missing: it was dropped or never created; create it or set "
                          "create = 'true'";
    } else if (state == "42703") {
        failure.advice_ = "the table lacks a column of the query's result; add the column or write to a new table";
    } else if (state == "42804" || state.compare(0, 2, "22") == 0) {
        failure.advice_ = "a column of the table has a type that does not fit the query's values (weir writes BIGINT "
                          "as bigint, DOUBLE as double precision, TEXT as text, BOOLEAN as boolean, TIMESTAMP as "
                          "timestamptz, INTERVAL as interval)";
    } else if (state == "42501" && contains(text, "for database")) {
        failure.advice_ = "grant the sink's role CREATE on the database, or create the sink's schema yourself";
    } else if (state == "42501") {
        failure.advice_ = "grant the sink's role the privileges it needs on the table (INSERT, and UPDATE and DELETE "
                          "for upserts)";
    } else if (state == "42P10") {
        failure.advice_ = "the table has no primary key or unique index on the key columns; add one or use "
                          "mode = 'append'";
    } else if (state == "28P01" || state == "28000") {
        failure.advice_ = "check the user and password in the sink's url";
    }
    return failure;
}

}  // namespace weir
