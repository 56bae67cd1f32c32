// Tests of MemoryChannel and MemorySource: subscription, buffering, fan-out to two readers and end.
#include "connectors/memory/memory_channel.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/weir_error.h"
#include "connectors/memory/memory_source.h"

namespace weir {
namespace {

std::vector<std::string> drain(MemoryChannel &channel, MemoryChannel::Reader &reader,
                               MemoryChannel::TakeResult *last = nullptr) {
    std::vector<std::string> texts;
    std::vector<MemoryChannel::Line> lines;
    MemoryChannel::TakeResult result;
    while ((result = channel.take(reader, lines, 2)) == MemoryChannel::TakeResult::Lines) {
        for (auto &line : lines) texts.push_back(std::to_string(line.number) + ":" + line.text);
    }
    if (last) *last = result;
    return texts;
}

TEST(MemoryChannelTest, BufferedLinesGoToTheNextReaderThenEachReaderGetsNewLines) {
    MemoryChannel channel("readings");
    channel.push("a\n\nb\r\n  \n");
    EXPECT_EQ(channel.buffered(), 2u);
    auto first = channel.subscribe();
    EXPECT_EQ(channel.buffered(), 0u);
    channel.push("c");
    auto second = channel.subscribe();
    channel.push("d\ne");
    MemoryChannel::TakeResult last;
    EXPECT_EQ(drain(channel, *first, &last), (std::vector<std::string>{"1:a", "2:b", "3:c", "4:d", "5:e"}));
    EXPECT_EQ(last, MemoryChannel::TakeResult::Empty);
    EXPECT_EQ(drain(channel, *second), (std::vector<std::string>{"4:d", "5:e"}));
    channel.unsubscribe(first);
    channel.unsubscribe(second);
    channel.push("f");
    EXPECT_EQ(channel.buffered(), 1u);
}

TEST(MemoryChannelTest, EndDrainsThenEndsAndLaterReadersGetTheBuffer) {
    MemoryChannel channel("readings");
    auto reader = channel.subscribe();
    channel.push("x");
    channel.end();
    MemoryChannel::TakeResult last;
    EXPECT_EQ(drain(channel, *reader, &last), (std::vector<std::string>{"1:x"}));
    EXPECT_EQ(last, MemoryChannel::TakeResult::End);
    try {
        channel.push("y");
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Misuse);
    }

    MemoryChannel later("events");
    later.push("p\nq");
    later.end();
    auto late_reader = later.subscribe();
    EXPECT_EQ(drain(later, *late_reader, &last), (std::vector<std::string>{"1:p", "2:q"}));
    EXPECT_EQ(last, MemoryChannel::TakeResult::End);
}

TEST(MemoryChannelTest, FullBufferRejectsThePushWhole) {
    MemoryChannel channel("readings", 3);
    channel.push("1\n2");
    try {
        channel.push("3\n4");
        FAIL();
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Misuse);
        EXPECT_EQ(std::string(error.what()),
                  "memory source `readings` buffer is full (3 lines); start a query that reads it");
    }
    EXPECT_EQ(channel.buffered(), 2u);
    auto reader = channel.subscribe();
    channel.push("3\n4\n5\n6");  // readers take lines without a buffer limit
    EXPECT_EQ(drain(channel, *reader).size(), 6u);
}

TEST(MemoryChannelTest, WaitWakesOnPushFromAnotherThread) {
    MemoryChannel channel("readings");
    auto reader = channel.subscribe();
    std::thread pusher([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        channel.push("late");
    });
    auto begin = std::chrono::steady_clock::now();
    channel.wait(*reader, 5000);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    pusher.join();
    EXPECT_LT(seconds, 2.0);
    EXPECT_EQ(drain(channel, *reader), (std::vector<std::string>{"1:late"}));
}

TEST(MemorySourceTest, TwoSourcesReadTheSameChannelAndReportBadLines) {
    auto channel = std::make_shared<MemoryChannel>("readings");
    std::vector<BadRecord> bad;
    SourceSpec spec;
    spec.name = "readings";
    spec.connector = "memory";
    spec.declared = Schema({{"city", TypeId::Text}, {"ts", TypeId::Timestamp}});
    spec.projection = {0, 1};
    spec.event_time = 1;
    spec.memory_channel = channel;
    spec.on_bad_record = [&](const BadRecord &record) { bad.push_back(record); };
    // A source subscribes when it is constructed (the query is prepared): `two` starts after "early".
    MemorySource one(spec);
    channel->push(R"({"city":"early","ts":"2025-01-15"})");
    MemorySource two(spec);
    one.open();
    two.open();
    channel->push(R"({"city":"A","ts":"2025-01-15"})" "\n" R"({"city":"B"})" "\n");
    Batch batch;
    ASSERT_EQ(one.poll(batch), Source::PollResult::Data);
    ASSERT_EQ(batch.size(), 2u);
    EXPECT_EQ(batch.columns[0].strings()[0], "early");
    EXPECT_EQ(batch.columns[0].strings()[1], "A");
    ASSERT_EQ(two.poll(batch), Source::PollResult::Data);
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch.columns[0].strings()[0], "A");
    ASSERT_EQ(bad.size(), 2u);
    EXPECT_EQ(bad[0].where, "memory:3");
    EXPECT_EQ(bad[0].reason, "event-time field `ts` is missing or null");
    EXPECT_EQ(one.poll(batch), Source::PollResult::Idle);
    channel->end();
    EXPECT_EQ(one.poll(batch), Source::PollResult::End);
    EXPECT_EQ(two.poll(batch), Source::PollResult::End);
}

}  // namespace
}  // namespace weir
