// Parsing of the options shared by every source connector.
#include "connectors/source_options.h"

#include "common/weir_error.h"

namespace weir {

SourceOptions SourceOptions::parse(const OptionReader &reader, size_t default_batch_size, bool allow_csv,
                                  bool allow_parquet) {
    SourceOptions options;
    std::vector<std::string> formats = allow_csv ? std::vector<std::string>{"json", "csv"}
                                                 : std::vector<std::string>{"json"};
    if (allow_parquet) formats.push_back("parquet");
    std::string format = reader.choice("format", formats, "json");
    options.format = format == "csv" ? RecordFormat::Csv : format == "parquet" ? RecordFormat::Parquet : RecordFormat::Json;
    std::string on_error = reader.choice("on_error", {"skip", "fail", "dlq"}, reader.has("dlq") ? "dlq" : "skip");
    if (on_error == "dlq") {
        options.on_error = OnError::DeadLetter;
        options.dlq_sink = reader.text("dlq");
        if (options.dlq_sink.empty()) {
            throw WeirError(ErrorKind::Bind, "on_error = 'dlq' needs option `dlq` naming the sink that receives the "
                                             "bad records, e.g. dlq = 'bad_readings'");
        }
    } else if (reader.has("dlq")) {
        throw WeirError(ErrorKind::Bind, "option `dlq` is used only with on_error = 'dlq'; drop it or change "
                                         "on_error, got on_error = '" + on_error + "'");
    }
    if (on_error == "fail") options.on_error = OnError::Fail;
    options.fail_on_error = options.on_error == OnError::Fail;
    options.late_sink = reader.text("late");
    if (reader.has("late") && options.late_sink.empty()) {
        throw WeirError(ErrorKind::Bind, "option `late` must name the sink that receives late rows, got ''");
    }
    options.batch_size = static_cast<size_t>(
        reader.integer("batch_size", static_cast<int64_t>(default_batch_size == 0 ? 2048 : default_batch_size), 1,
                       1000000));
    std::string time_format =
        reader.choice("timestamp_format", {"iso", "epoch_s", "epoch_ms", "epoch_us"}, "iso");
    if (time_format == "epoch_s") options.timestamp_format = TimestampFormat::EpochSeconds;
    else if (time_format == "epoch_ms") options.timestamp_format = TimestampFormat::EpochMillis;
    else if (time_format == "epoch_us") options.timestamp_format = TimestampFormat::EpochMicros;
    options.idle_timeout_us = reader.duration("idle_timeout", options.idle_timeout_us);
    if (reader.has("max_future")) options.max_future_us = reader.duration("max_future", 0);
    return options;
}

SourceOptions SourceOptions::from_spec(const SourceSpec &spec, bool allow_csv, bool allow_parquet) {
    return parse(OptionReader(spec.connector, spec.options), spec.batch_size, allow_csv, allow_parquet);
}

const std::vector<std::string> &SourceOptions::names() {
    static const std::vector<std::string> names = {"batch_size", "dlq",        "format",   "idle_timeout",
                                                   "late",       "max_future", "on_error", "timestamp_format"};
    return names;
}

}  // namespace weir
