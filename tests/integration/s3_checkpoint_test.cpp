// S3 sink checkpoint phases against a real, signature-verifying S3 server: naming by k, no idle uploads, restore.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "connectors/s3/s3_sink.h"
#include "s3_test_server.h"

namespace weir {
namespace {

using Objects = std::map<std::string, std::string>;  // key → content

Batch rows(const std::vector<std::pair<std::string, int64_t>> &values) {
    Batch batch;
    batch.columns.resize(2);
    batch.columns[0].reset(TypeId::Text, values.size());
    batch.columns[1].reset(TypeId::BigInt, values.size());
    batch.set_size(values.size());
    for (size_t r = 0; r < values.size(); r++) {
        batch.columns[0].strings()[r] = batch.arena().add(values[r].first);
        batch.columns[1].ints()[r] = values[r].second;
    }
    return batch;
}

std::string line(const std::string &city, int64_t n) {
    return "{\"city\":\"" + city + "\",\"n\":" + std::to_string(n) + "}\n";
}

class S3CheckpointTest : public ::testing::Test {
protected:
    S3TestServer s3;
    std::string prefix = S3TestServer::unique("checkpointed");

    SinkSpec spec(const std::string &job) const {
        SinkSpec spec;
        spec.name = "raw";
        spec.connector = "s3";
        spec.options = {{"endpoint", s3.verifying_endpoint()}, {"bucket", s3.bucket()},
                        {"access_key", s3.access_key()},       {"secret_key", s3.secret_key()},
                        {"prefix", prefix},                    {"partition_by", "city"},
                        {"roll_rows", "2"}};
        spec.schema = Schema({{"city", TypeId::Text}, {"n", TypeId::BigInt}});
        spec.job_name = job;
        return spec;
    }

    // Every object under the prefix with its content, read back through the S3 listing.
    Objects listed() const {
        auto client = s3.client(s3.verifying_endpoint());
        Objects objects;
        for (const auto &key : client->list_keys(prefix + "/")) objects[key] = client->get_object(key);
        return objects;
    }

    std::string key(const std::string &city, const std::string &file_name) const {
        return prefix + "/city=" + city + "/" + file_name;
    }
};

std::string key_list(const Objects &objects) {
    std::string text;
    for (const auto &object : objects) text += object.first + "\n";
    return text;
}

TEST_F(S3CheckpointTest, ObjectsAreNamedByCheckpointAndARestoreDeletesExactlyThisJobsLaterOnes) {
    // Other jobs' objects, some with names that start like ours, and a stray file of ours in another shape.
    Objects foreign = {
        {key("Oslo", "jobx-2-0.json"), "x\n"},      {key("Oslo", "job-2-2-0.json"), "job-2's\n"},
        {key("Oslo", "job-2-0.json.tmp"), "tmp\n"}, {key("Rome", "job-3-0.txt"), "txt\n"},
        {key("Rome", "xjob-9-0.json"), "x\n"},      {prefix + "/job-2-7-1.json", "job-2's\n"},
    };
    auto client = s3.client(s3.verifying_endpoint());
    for (const auto &object : foreign) client->put_object(object.first, object.second, "application/x-ndjson");
    // Outside the prefix (a sibling folder whose name starts with it): never listed, never deleted.
    client->put_object(prefix + "_sibling/job-5-0.json", "sibling\n", "application/x-ndjson");

    Objects after_one = foreign;
    after_one[key("Oslo", "job-1-0.json")] = line("Oslo", 1);
    after_one[key("Rome", "job-1-0.json")] = line("Rome", 2);
    {
        S3Sink sink(spec("job"));
        EXPECT_EQ(sink.guarantee(), SinkGuarantee::Idempotent);
        sink.enable_checkpoints();
        sink.open();
        sink.write(rows({{"Oslo", 1}, {"Rome", 2}}), ChangeKind::Insert);
        // The driver's idle flush uploads nothing (roll_rows = 2 is not reached in either folder).
        sink.flush();
        EXPECT_EQ(listed(), foreign);

        sink.prepare_checkpoint(1);
        EXPECT_EQ(key_list(listed()), key_list(after_one));
        EXPECT_EQ(listed(), after_one);

        // Checkpoint 2 in progress: Oslo rolls twice at 2 rows, Rome's single row waits.
        sink.write(rows({{"Oslo", 3}, {"Rome", 4}, {"Oslo", 5}}), ChangeKind::Insert);
        sink.flush();
        sink.write(rows({{"Oslo", 6}, {"Oslo", 7}}), ChangeKind::Insert);
        Objects during_two = after_one;
        during_two[key("Oslo", "job-2-0.json")] = line("Oslo", 3) + line("Oslo", 5);
        during_two[key("Oslo", "job-2-1.json")] = line("Oslo", 6) + line("Oslo", 7);
        EXPECT_EQ(key_list(listed()), key_list(during_two));
        EXPECT_EQ(listed(), during_two);
        // A crash: checkpoint 2 never completes; close() uploads nothing more.
        sink.close();
        EXPECT_EQ(listed(), during_two);
    }

    // The restarted job resumes after checkpoint 1: exactly job's objects of checkpoint 2 go.
    S3Sink restarted(spec("job"));
    restarted.enable_checkpoints();
    restarted.open();
    EXPECT_FALSE(restarted.committed_checkpoint().has_value());
    restarted.restore_checkpoint(1);
    EXPECT_EQ(key_list(listed()), key_list(after_one));
    EXPECT_EQ(listed(), after_one);
    EXPECT_EQ(client->get_object(prefix + "_sibling/job-5-0.json"), "sibling\n");

    // The replay writes checkpoint 2 again under the same names.
    restarted.write(rows({{"Oslo", 3}, {"Rome", 4}, {"Oslo", 5}}), ChangeKind::Insert);
    restarted.write(rows({{"Oslo", 6}}), ChangeKind::Insert);
    restarted.prepare_checkpoint(2);
    Objects after_two = after_one;
    after_two[key("Oslo", "job-2-0.json")] = line("Oslo", 3) + line("Oslo", 5);
    after_two[key("Oslo", "job-2-1.json")] = line("Oslo", 6);
    after_two[key("Rome", "job-2-0.json")] = line("Rome", 4);
    EXPECT_EQ(key_list(listed()), key_list(after_two));
    EXPECT_EQ(listed(), after_two);

    // Later objects belong to checkpoint 3, numbered from 0 again.
    restarted.write(rows({{"Rome", 8}}), ChangeKind::Insert);
    restarted.prepare_checkpoint(3);
    restarted.close();
    EXPECT_EQ(client->get_object(key("Rome", "job-3-0.json")), line("Rome", 8));

    // Resuming from the start removes every checkpoint of this job, and still nothing of the others.
    S3Sink from_start(spec("job"));
    from_start.enable_checkpoints();
    from_start.open();
    from_start.restore_checkpoint(0);
    from_start.close();
    EXPECT_EQ(listed(), foreign);
}

TEST_F(S3CheckpointTest, ARestoreFollowsContinuationTokensThroughManyPages) {
    // 2 objects per page: the listing of 7 objects of checkpoint 2 takes several pages.
    auto client = s3.client(s3.verifying_endpoint());
    for (int n = 0; n < 7; n++) {
        client->put_object(key("Oslo", "job-2-" + std::to_string(n) + ".json"), line("Oslo", n), "application/x-ndjson");
    }
    client->put_object(key("Oslo", "job-1-0.json"), line("Oslo", 1), "application/x-ndjson");
    S3ClientConfig paged;
    paged.endpoint = s3.verifying_endpoint();
    paged.bucket = s3.bucket();
    paged.access_key = s3.access_key();
    paged.secret_key = s3.secret_key();
    paged.list_page_size = 2;
    EXPECT_EQ(S3Client(paged).list_keys(prefix + "/").size(), 8u);

    S3Sink sink(spec("job"));
    sink.enable_checkpoints();
    sink.open();
    sink.restore_checkpoint(1);
    sink.close();
    EXPECT_EQ(key_list(listed()), key("Oslo", "job-1-0.json") + "\n");
}

// Without checkpoints an idle flush() (the driver's idle poll) uploads nothing: rows roll on roll_rows,
// roll_bytes or roll_interval, and the rest goes up at close(), all under k = 0.
TEST_F(S3CheckpointTest, WithoutCheckpointsIdleFlushesUploadNothing) {
    SinkSpec options = spec("job");
    options.options["roll_rows"] = "100";
    S3Sink sink(options);
    sink.open();
    for (int64_t i = 0; i < 630; i++) {
        sink.write(rows({{"Oslo", i}}), ChangeKind::Insert);
        sink.flush();  // 630 idle polls
    }
    EXPECT_EQ(listed().size(), 6u) << key_list(listed());  // 6 objects of 100 rows so far
    sink.close();
    Objects objects = listed();
    ASSERT_EQ(objects.size(), 7u) << key_list(objects);
    for (int n = 0; n < 7; n++) {
        std::string content;
        for (int64_t i = n * 100; i < std::min<int64_t>(630, n * 100 + 100); i++) content += line("Oslo", i);
        EXPECT_EQ(objects[key("Oslo", "job-0-" + std::to_string(n) + ".json")], content) << n;
    }
}

// roll_interval counts from a folder's first row; an idle flush() uploads the folders it has passed
// for, and only those, even when no row arrives after it.
TEST_F(S3CheckpointTest, RollIntervalRollsOnTimeNotOnIdleness) {
    for (bool checkpoints : {false, true}) {
        SCOPED_TRACE(checkpoints ? "with checkpoints" : "without checkpoints");
        auto client = s3.client(s3.verifying_endpoint());
        for (const auto &object : listed()) client->delete_object(object.first);
        SinkSpec options = spec("job");
        options.options.erase("roll_rows");
        options.options["roll_interval"] = "1500ms";
        S3Sink sink(options);
        if (checkpoints) sink.enable_checkpoints();
        sink.open();
        if (checkpoints) sink.restore_checkpoint(0);
        sink.write(rows({{"Oslo", 1}}), ChangeKind::Insert);
        sink.flush();
        sink.write(rows({{"Oslo", 2}}), ChangeKind::Insert);
        sink.flush();
        EXPECT_TRUE(listed().empty()) << key_list(listed());
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        sink.write(rows({{"Rome", 3}}), ChangeKind::Insert);  // Rome's interval starts here
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        sink.flush();  // Oslo's first row is 1.6 s old, Rome's 1.0 s
        std::string k = checkpoints ? "1" : "0";
        Objects expected = {{key("Oslo", "job-" + k + "-0.json"), line("Oslo", 1) + line("Oslo", 2)}};
        EXPECT_EQ(listed(), expected);
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        sink.flush();
        expected[key("Rome", "job-" + k + "-0.json")] = line("Rome", 3);
        EXPECT_EQ(listed(), expected);
        sink.close();
        EXPECT_EQ(listed(), expected);
    }
}

}  // namespace
}  // namespace weir
