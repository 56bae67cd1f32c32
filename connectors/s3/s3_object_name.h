// The file name of an S3 sink object, <job>-<checkpoint>-<n>.<json|csv>[.gz|.zst]: written and parsed strictly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace weir {

// `job` is the job name as it appears in keys (already escaped by HivePartitioner::escape).
// parse() accepts exactly what format() produces for that job, whatever the format and compression:
// the file name must be `job`, '-', a checkpoint, '-', an object number, '.json' or '.csv', then
// optionally '.gz' or '.zst', with both numbers plain decimal (digits only, no sign, no leading zero
// except "0", at most 18 digits). Anything else — another job's objects, including jobs whose name
// extends this one ("job-2", "jobx"), a folder path, stray files — is nullopt, so a sink never
// mistakes another job's object for its own.
class S3ObjectName {
public:
    int64_t checkpoint = 0;
    int64_t n = 0;

    // "<job>-<checkpoint>-<n><extension>", extension such as ".json" or ".csv.gz".
    static std::string format(const std::string &job, int64_t checkpoint, int64_t n, const std::string &extension);
    // The checkpoint and number of `file_name` (no '/') when it is an object of `job`.
    static std::optional<S3ObjectName> parse(const std::string &file_name, const std::string &job);
    // The part of `key` after its last '/' (all of it when there is none).
    static std::string file_name_of(const std::string &key);
};

}  // namespace weir
