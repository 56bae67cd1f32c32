// Sink connector 'stdout': rows as JSON lines, CSV or an aligned text table on standard output.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "connectors/formats/csv_encoder.h"
#include "connectors/formats/json_line_encoder.h"
#include "connectors/option_reader.h"
#include "connectors/sink.h"

namespace weir {

// Option format: 'table' (default: a header, a rule, then rows padded to widths learned from the
// header and the first batch; later wider values just push the line), 'json' (one object per line)
// or 'csv' (a header record first). A NUL byte in TEXT prints as \0 in a table, \u0000 in JSON
// and as itself in CSV. Upsert rows print like inserted rows; Delete rows are not
// printed. Each write() ends with a flush of the stream so a terminal sees rows as they come.
class StdoutSink : public Sink {
public:
    explicit StdoutSink(SinkSpec spec);
    // For tests and hosts: writes to `out` instead of std::cout.
    StdoutSink(SinkSpec spec, std::ostream &out);

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);

    void open() override {}
    void write(const Batch &batch, ChangeKind kind) override;
    void flush() override;

private:
    enum class Format { Table, Json, Csv };
    void write_table(const Batch &batch);

    SinkSpec spec_;
    std::ostream &out_;
    Format format_ = Format::Table;
    JsonLineEncoder json_;
    CsvEncoder csv_;
    bool header_written_ = false;
    std::vector<size_t> widths_;
    std::string text_;
};

}  // namespace weir
