// Hand-kept word lists for tab completion.
#include "shell/sql_vocabulary.h"

namespace weir_shell {

const std::vector<std::string> &SqlVocabulary::keywords() {
    static const std::vector<std::string> words = {
        "AND", "AS", "ASC", "BETWEEN", "BIGINT", "BOOLEAN", "BY", "CASE", "CAST", "CHANGES", "CLOSE",
        "CREATE", "DESC", "DESCRIBE", "DISTINCT", "DOUBLE", "DROP", "ELSE", "EMIT", "END", "EXISTS",
        "EXPLAIN", "FALSE", "FLOAT", "FOR", "FROM", "GROUP", "HAVING", "HOP", "IF", "IN", "INSERT",
        "INT", "INTEGER", "INTERVAL", "INTO", "IS", "JOB", "JOBS", "LIKE", "LIMIT", "MINUTE", "HOUR",
        "DAY", "NOT", "NULL", "ON", "OR", "ORDER", "REAL", "SECOND", "SELECT", "SHOW", "SINK", "SINKS",
        "SOURCE", "SOURCES", "STRING", "TEXT", "THEN", "TIMESTAMP", "TRUE", "TRY_CAST", "TUMBLE",
        "VARCHAR", "VIEW", "VIEWS", "WATERMARK", "WHEN", "WHERE", "WINDOW", "WITH"};
    return words;
}

const std::vector<std::string> &SqlVocabulary::functions() {
    static const std::vector<std::string> words = {
        "abs", "avg", "ceil", "coalesce", "concat", "contains", "count", "date_part", "date_trunc",
        "day", "ends_with", "epoch", "epoch_ms", "exp", "floor", "greatest", "hour", "least",
        "length", "ln", "log10", "lower", "ltrim", "max", "min", "minute", "month", "now", "nullif", "power",
        "proctime", "regexp_extract", "regexp_matches", "regexp_replace", "replace", "round", "rtrim",
        "second", "sign", "split_part", "sqrt", "starts_with", "stddev", "stddev_pop", "stddev_samp",
        "strftime", "strpos", "substr", "sum", "to_timestamp", "trim", "upper", "var_pop", "var_samp",
        "variance", "year"};
    return words;
}

const std::vector<std::string> &SqlVocabulary::connectors() {
    static const std::vector<std::string> words = {"blackhole", "file", "generator", "memory", "sqlite",
                                                   "stdout"};
    return words;
}

const std::vector<std::string> &SqlVocabulary::option_names() {
    static const std::vector<std::string> words = {
        "bad_ratio", "batch_size", "changelog", "connector", "count", "delimiter", "follow", "format", "idle_timeout",
        "interval", "jitter", "key", "keys", "max_buffered", "max_future", "mode", "on_error",
        "partition_by", "path", "rate", "seed", "speed", "start", "table", "timestamp_format"};
    return words;
}

const std::vector<std::string> &SqlVocabulary::dot_commands() {
    static const std::vector<std::string> words = {".exit", ".explain", ".format", ".help", ".jobs",
                                                   ".mode", ".quit", ".read", ".stop", ".timer"};
    return words;
}

}  // namespace weir_shell
