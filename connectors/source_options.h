// The options every source accepts (format, on_error, batch_size, timestamp_format, ...), parsed once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connectors/formats/timestamp_format.h"
#include "connectors/option_reader.h"
#include "connectors/source.h"

namespace weir {

enum class RecordFormat { Json, Csv, Parquet };

// What a job does with a malformed record. Skip and DeadLetter both report it through
// SourceSpec::on_bad_record (the source cannot tell them apart); the job also writes it to the sink
// named by `dlq` under DeadLetter.
enum class OnError { Skip, Fail, DeadLetter };

// format: 'json' | 'csv' (sources that only speak JSON pass allow_csv = false) | 'parquet' (allow_parquet).
// on_error: 'skip' (default: report through SourceSpec::on_bad_record) | 'fail' (throw) | 'dlq'
// (report, and the job writes the record to the sink named by option `dlq`). on_error = 'dlq' needs
// `dlq`; `dlq` alone implies on_error = 'dlq'; `dlq` with 'skip' or 'fail' is an error. Whether the
// named sinks exist is checked when a job starts, not here.
// late: the sink that receives the rows a windowed aggregation finds late (optional).
// batch_size: rows per poll (overrides SourceSpec::batch_size). timestamp_format: how TIMESTAMP
// columns are read ('iso' default | 'epoch_s' | 'epoch_ms' | 'epoch_us'). idle_timeout (default 10s)
// and max_future (off by default) are stored for the engine, which applies them.
struct SourceOptions {
    RecordFormat format = RecordFormat::Json;
    bool fail_on_error = false;  // on_error == OnError::Fail
    OnError on_error = OnError::Skip;
    std::string dlq_sink;   // option `dlq`: set iff on_error == DeadLetter
    std::string late_sink;  // option `late`: empty when absent
    size_t batch_size = 2048;
    TimestampFormat timestamp_format = TimestampFormat::Iso;
    int64_t idle_timeout_us = 10 * 1000 * 1000;
    std::optional<int64_t> max_future_us;

    // Parses and validates the common options; batch_size falls back to `default_batch_size`.
    static SourceOptions parse(const OptionReader &reader, size_t default_batch_size, bool allow_csv,
                               bool allow_parquet = false);
    // Parses from a spec (its options, batch_size and connector).
    static SourceOptions from_spec(const SourceSpec &spec, bool allow_csv, bool allow_parquet = false);
    // The names of the common options, sorted.
    static const std::vector<std::string> &names();
};

}  // namespace weir
