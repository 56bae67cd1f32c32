// Google Benchmark: JsonLineDecoder extracting 4 fields of ~300-byte weather events into columns, one
// line at a time (decode) and as the file source does, lines out of one text block (decode_in_block).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "common/batch.h"
#include "connectors/formats/json_line_decoder.h"

namespace {

// Events shaped like a weather feed: 4 fields the query needs among ~12 it does not.
std::vector<std::string> make_events(size_t count) {
    static const char *cities[] = {"Warsaw", "Berlin", "London", "Paris", "Madrid", "Oslo", "Rome", "Prague"};
    std::vector<std::string> events;
    events.reserve(count);
    char line[512];
    for (size_t i = 0; i < count; i++) {
        std::snprintf(line, sizeof line,
                      R"({"event_id":"%08zx-4b1c-9a7e-%012zx","sensor_id":"sensor-%04zu","city":"%s",)"
                      R"("country":"PL","lat":52.2297,"lon":21.0122,"temp":%.1f,"humidity":%.1f,)"
                      R"("pressure":1013.2,"wind_speed":4.7,"wind_dir":"NW","pm25":11.3,"battery":0.87,)"
                      R"("firmware":"2.4.1","ts":"2025-01-15T14:%02zu:%02zu.%03zuZ"})",
                      i, i * 7919, i % 100, cities[i % 8], -5.0 + static_cast<double>(i % 400) / 10.0,
                      40.0 + static_cast<double>(i % 50), (i / 60) % 60, i % 60, i % 1000);
        events.emplace_back(line);
    }
    return events;
}

void BM_JsonLineDecoderFourFields(benchmark::State &state) {
    auto events = make_events(16384);
    size_t bytes = 0;
    for (const auto &event : events) bytes += event.size() + 1;
    weir::Schema schema({{"city", weir::TypeId::Text}, {"temp", weir::TypeId::Double},
                         {"humidity", weir::TypeId::Double}, {"ts", weir::TypeId::Timestamp}});
    weir::JsonLineDecoder decoder(schema, weir::TimestampFormat::Iso, 3);
    weir::Batch batch;
    std::string reason;
    for (auto _ : state) {
        size_t rows = 0;
        for (size_t i = 0; i < events.size(); i++) {
            if (rows == 0) decoder.begin_batch(batch, weir::kBatchCapacity);
            if (decoder.decode(events[i], batch, rows, reason)) rows++;
            if (rows == weir::kBatchCapacity || i + 1 == events.size()) {
                batch.set_size(rows);
                benchmark::DoNotOptimize(batch.columns[1].doubles());
                rows = 0;
            }
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
    state.counters["avg_event_bytes"] = static_cast<double>(bytes) / static_cast<double>(events.size());
}
BENCHMARK(BM_JsonLineDecoderFourFields)->Unit(benchmark::kMillisecond);

void BM_JsonLineDecoderFourFieldsBlock(benchmark::State &state) {
    auto events = make_events(16384);
    std::string text;
    for (const auto &event : events) text += event + "\n";
    std::vector<std::string_view> lines;
    for (size_t begin = 0; begin < text.size();) {
        size_t end = text.find('\n', begin);
        lines.emplace_back(text.data() + begin, end - begin);
        begin = end + 1;
    }
    weir::Schema schema({{"city", weir::TypeId::Text}, {"temp", weir::TypeId::Double},
                         {"humidity", weir::TypeId::Double}, {"ts", weir::TypeId::Timestamp}});
    weir::JsonLineDecoder decoder(schema, weir::TimestampFormat::Iso, 3);
    weir::Batch batch;
    std::string reason;
    for (auto _ : state) {
        size_t rows = 0;
        decoder.forget_block();
        for (size_t i = 0; i < lines.size(); i++) {
            if (rows == 0) decoder.begin_batch(batch, weir::kBatchCapacity);
            if (decoder.decode_in_block(text, lines[i], batch, rows, reason)) rows++;
            if (rows == weir::kBatchCapacity || i + 1 == lines.size()) {
                batch.set_size(rows);
                benchmark::DoNotOptimize(batch.columns[1].doubles());
                rows = 0;
            }
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_JsonLineDecoderFourFieldsBlock)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
