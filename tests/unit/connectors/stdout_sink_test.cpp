// Tests of StdoutSink (json, csv, table formats) and BlackholeSink counting.
#include "connectors/terminal/stdout_sink.h"

#include <gtest/gtest.h>

#include <sstream>

#include "batch_fixture.h"
#include "connectors/blackhole/blackhole_sink.h"

namespace weir {
namespace {

SinkSpec sink_spec(const std::string &format) {
    SinkSpec spec;
    spec.name = "out";
    spec.connector = "stdout";
    spec.schema = fixture_schema();
    if (!format.empty()) spec.options["format"] = format;
    return spec;
}

TEST(StdoutSinkTest, JsonLines) {
    std::ostringstream out;
    StdoutSink sink(sink_spec("json"), out);
    sink.open();
    Batch batch = fixture_batch();
    batch.set_selection({0});
    sink.write(batch, ChangeKind::Insert);
    sink.write(batch, ChangeKind::Delete);
    EXPECT_EQ(out.str(), R"({"city":"Warsaw","temp":3.5,"n":10,"ok":true,"ts":"2025-01-15T14:00:00Z"})" "\n");
}

TEST(StdoutSinkTest, CsvHeaderOnlyOnce) {
    std::ostringstream out;
    StdoutSink sink(sink_spec("csv"), out);
    Batch batch = fixture_batch();
    batch.set_selection({0});
    sink.write(batch, ChangeKind::Insert);
    sink.write(batch, ChangeKind::Upsert);
    EXPECT_EQ(out.str(), "city,temp,n,ok,ts\nWarsaw,3.5,10,true,2025-01-15 14:00:00\n"
                         "Warsaw,3.5,10,true,2025-01-15 14:00:00\n");
}

TEST(StdoutSinkTest, TableWidthsFromHeaderAndFirstBatch) {
    std::ostringstream out;
    SinkSpec spec = sink_spec("");
    spec.schema = Schema({{"city", TypeId::Text}, {"n", TypeId::BigInt}});
    StdoutSink sink(spec, out);
    Batch batch;
    batch.columns.resize(2);
    batch.columns[0].reset(TypeId::Text, 2);
    batch.columns[1].reset(TypeId::BigInt, 2);
    batch.set_size(2);
    batch.columns[0].strings()[0] = batch.arena().add("Warsaw");
    batch.columns[0].strings()[1] = batch.arena().add("Oslo");
    batch.columns[1].ints()[0] = 5;
    batch.columns[1].set_null(1);
    sink.write(batch, ChangeKind::Insert);
    EXPECT_EQ(out.str(), "city       n\n"
                         "------  ----\n"
                         "Warsaw     5\n"
                         "Oslo    NULL\n");
}

TEST(BlackholeSinkTest, CountsLiveRows) {
    BlackholeSink sink(sink_spec(""));
    Batch batch = fixture_batch();
    sink.write(batch, ChangeKind::Insert);
    batch.set_selection({1});
    sink.write(batch, ChangeKind::Upsert);
    sink.write(batch, ChangeKind::Delete);
    EXPECT_EQ(sink.rows(), 4u);
    EXPECT_EQ(sink.deletes(), 1u);
}

}  // namespace
}  // namespace weir
