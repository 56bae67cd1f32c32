// Decoding of pushed JSON lines for the memory source.
#include "connectors/memory/memory_source.h"

#include "common/weir_error.h"

namespace weir {
namespace {

Schema projected(const SourceSpec &spec) {
    Schema schema;
    for (size_t index : spec.projection) schema.add(spec.declared[index].name, spec.declared[index].type);
    return schema;
}

}  // namespace

MemorySource::MemorySource(SourceSpec spec)
    : spec_(std::move(spec)), options_(SourceOptions::from_spec(spec_, false)),
      decoder_(projected(spec_), options_.timestamp_format, spec_.event_time),
      reporter_(options_.fail_on_error, spec_.on_bad_record) {
    if (!spec_.memory_channel) {
        throw WeirError(ErrorKind::Internal, "memory source `" + spec_.name + "` was created without a channel");
    }
    // Subscribe on the thread that prepares the query, not when the job thread opens the source: a query
    // sees every row pushed after it started, even before its thread runs
    // (docs/semantics.md#queries-jobs-and-memory-sources).
    reader_ = spec_.memory_channel->subscribe();
}

MemorySource::~MemorySource() { close(); }

const std::vector<std::string> &MemorySource::option_names() {
    static const std::vector<std::string> names = {"max_buffered"};
    return names;
}

void MemorySource::validate(const OptionReader &options) { max_buffered(options); }

size_t MemorySource::max_buffered(const OptionReader &options) {
    return static_cast<size_t>(options.integer("max_buffered", MemoryChannel::kDefaultMaxBuffered, 0, INT64_MAX));
}

void MemorySource::open() {
    if (!reader_) reader_ = spec_.memory_channel->subscribe();
}

Source::PollResult MemorySource::poll(Batch &out) {
    if (ended_) return PollResult::End;
    auto result = spec_.memory_channel->take(*reader_, lines_, options_.batch_size);
    if (result == MemoryChannel::TakeResult::End) {
        ended_ = true;
        return PollResult::End;
    }
    if (result == MemoryChannel::TakeResult::Empty) return PollResult::Idle;
    decoder_.begin_batch(out, lines_.size());
    size_t rows = 0;
    for (const auto &line : lines_) {
        if (decoder_.decode(line.text, out, rows, reason_)) {
            rows++;
            continue;
        }
        reporter_.report("memory:" + std::to_string(line.number), reason_, line.text);
    }
    out.set_size(rows);
    return rows > 0 ? PollResult::Data : PollResult::Idle;
}

void MemorySource::wait_for_data(int timeout_ms) {
    if (reader_) spec_.memory_channel->wait(*reader_, timeout_ms);
}

void MemorySource::close() {
    if (reader_ && spec_.memory_channel) spec_.memory_channel->unsubscribe(reader_);
    reader_.reset();
}

}  // namespace weir
