// The `.jobs` table: SHOW JOBS with each job's average input rate added.
#pragma once

#include <cstdio>

#include "weir.h"

namespace weir_shell {

// Reads SHOW JOBS and, per job, weir_job_metrics (events/s = records_in / seconds running), and
// prints them as a table: name, state, sink, records_in, records_out, events/s, late, bad,
// watermark, error.
class JobsReport {
public:
    explicit JobsReport(weir_db *db) : db_(db) {}
    // Prints the table to out; false (message on stderr) if SHOW JOBS failed.
    bool print(FILE *out);

private:
    weir_db *db_;
};

}  // namespace weir_shell
