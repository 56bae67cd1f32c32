// Parsing of the options shared by every source connector.
#include "connectors/source_options.h"

namespace weir {

SourceOptions SourceOptions::parse(const OptionReader &reader, size_t default_batch_size, bool allow_csv) {
    SourceOptions options;
    std::vector<std::string> formats = allow_csv ? std::vector<std::string>{"json", "csv"}
                                                 : std::vector<std::string>{"json"};
    options.format = reader.choice("format", formats, "json") == "csv" ? RecordFormat::Csv : RecordFormat::Json;
    options.fail_on_error = reader.choice("on_error", {"skip", "fail"}, "skip") == "fail";
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

SourceOptions SourceOptions::from_spec(const SourceSpec &spec, bool allow_csv) {
    return parse(OptionReader(spec.connector, spec.options), spec.batch_size, allow_csv);
}

const std::vector<std::string> &SourceOptions::names() {
    static const std::vector<std::string> names = {"batch_size",   "format",           "idle_timeout",
                                                   "max_future",   "on_error",         "timestamp_format"};
    return names;
}

}  // namespace weir
