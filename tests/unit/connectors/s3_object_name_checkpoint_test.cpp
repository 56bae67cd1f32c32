// S3ObjectName: the file names a restored S3 sink deletes are exactly its own job's, parsed strictly.
#include <gtest/gtest.h>

#include "connectors/s3/s3_object_name.h"

namespace weir {
namespace {

::testing::AssertionResult parses_as(const std::string &file_name, const std::string &job, int64_t checkpoint,
                                     int64_t n) {
    auto name = S3ObjectName::parse(file_name, job);
    if (!name) return ::testing::AssertionFailure() << file_name << " was not parsed for job " << job;
    if (name->checkpoint != checkpoint || name->n != n) {
        return ::testing::AssertionFailure() << file_name << " parsed as " << name->checkpoint << "/" << name->n;
    }
    return ::testing::AssertionSuccess();
}

TEST(S3ObjectNameCheckpoint, FormatAndParseAreInverse) {
    EXPECT_EQ(S3ObjectName::format("job", 12, 3, ".csv.zst"), "job-12-3.csv.zst");
    EXPECT_TRUE(parses_as("job-12-3.csv.zst", "job", 12, 3));
    EXPECT_TRUE(parses_as("job-0-0.json", "job", 0, 0));
    EXPECT_TRUE(parses_as("job-1-0.json.gz", "job", 1, 0));
    EXPECT_TRUE(parses_as("job-7-10.csv", "job", 7, 10));
    EXPECT_TRUE(parses_as("job-7-10.csv.gz", "job", 7, 10));
    EXPECT_TRUE(parses_as("job-999999999999999999-1.json.zst", "job", 999999999999999999, 1));
    // Job names may contain '-' and escaped characters themselves.
    EXPECT_TRUE(parses_as("job-2-5-0.json", "job-2", 5, 0));
    EXPECT_TRUE(parses_as("raw%2Fhistory-3-1.json", "raw%2Fhistory", 3, 1));
}

TEST(S3ObjectNameCheckpoint, OtherJobsObjectsAreNeverTaken) {
    // "job-2"'s object job-2-5-0.json is not job "job"'s checkpoint 2: after the object number comes '-'.
    EXPECT_FALSE(S3ObjectName::parse("job-2-5-0.json", "job"));
    // "job"'s object job-2-0.json is not job "job-2"'s: one number where two must be.
    EXPECT_FALSE(S3ObjectName::parse("job-2-0.json", "job-2"));
    EXPECT_FALSE(S3ObjectName::parse("jobx-2-0.json", "job"));
    EXPECT_FALSE(S3ObjectName::parse("xjob-2-0.json", "job"));
    EXPECT_FALSE(S3ObjectName::parse("Job-2-0.json", "job"));
    EXPECT_FALSE(S3ObjectName::parse("job_2-0.json", "job"));
}

TEST(S3ObjectNameCheckpoint, AnythingButTheExactShapeIsRejected) {
    for (const char *file_name :
         {"job", "job-", "job-1", "job-1-", "job-1-0", "job-1-0.", "job-1-0.txt", "job-1-0.json.bz2",
          "job-1-0.json.gz.gz", "job-1-0.jsonx", "job-1-0.gz", "job-1-0.JSON", "job--1-0.json", "job-+1-0.json",
          "job-1--0.json", "job-01-0.json", "job-1-00.json", "job- 1-0.json", "job-1-0 .json", "job-a-0.json",
          "job-1-b.json", "job-1-0.json~", "job-1-0-2.json", "job-1.5-0.json", "job-1-0.json/",
          "job-1234567890123456789-0.json", ""}) {
        EXPECT_FALSE(S3ObjectName::parse(file_name, "job")) << file_name;
    }
    EXPECT_FALSE(S3ObjectName::parse("-1-0.json", ""));
}

TEST(S3ObjectNameCheckpoint, FileNameIsTheLastPathSegment) {
    EXPECT_EQ(S3ObjectName::file_name_of("raw/city=Warsaw/job-1-0.json"), "job-1-0.json");
    EXPECT_EQ(S3ObjectName::file_name_of("job-1-0.json"), "job-1-0.json");
    EXPECT_EQ(S3ObjectName::file_name_of("raw/"), "");
    // A folder named like an object does not make the object below it ours.
    EXPECT_FALSE(S3ObjectName::parse(S3ObjectName::file_name_of("job-1-0.json/other.json"), "job"));
}

}  // namespace
}  // namespace weir
