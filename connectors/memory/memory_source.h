// Source connector 'memory': JSON lines pushed by the host program through a MemoryChannel.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/bad_record_reporter.h"
#include "connectors/formats/json_line_decoder.h"
#include "connectors/memory/memory_channel.h"
#include "connectors/option_reader.h"
#include "connectors/source.h"
#include "connectors/source_options.h"

namespace weir {

// Subscribes to SourceSpec::memory_channel when constructed (so it sees every line pushed from then on, plus
// what was buffered), decodes up to batch_size lines per poll with JsonLineDecoder (bad records at
// "memory:<n>"), returns Idle when nothing is pending and End once the channel ended and is drained.
// Option (besides SourceOptions; format must be json): max_buffered (lines kept while no query reads;
// default 1000000; applied by whoever creates the channel).
class MemorySource : public Source {
public:
    explicit MemorySource(SourceSpec spec);
    ~MemorySource() override;

    static const std::vector<std::string> &option_names();
    static void validate(const OptionReader &options);
    // The channel size limit from the options.
    static size_t max_buffered(const OptionReader &options);

    void open() override;
    PollResult poll(Batch &out) override;
    void wait_for_data(int timeout_ms) override;
    void close() override;

private:
    SourceSpec spec_;
    SourceOptions options_;
    JsonLineDecoder decoder_;
    BadRecordReporter reporter_;
    std::shared_ptr<MemoryChannel::Reader> reader_;
    std::vector<MemoryChannel::Line> lines_;
    bool ended_ = false;
    std::string reason_;
};

}  // namespace weir
