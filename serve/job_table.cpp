// Reads SHOW JOBS and SHOW SINKS by column name, so added columns do not disturb the server.
#include "serve/job_table.h"

#include <map>

namespace weir_serve {

namespace {

// Runs a SHOW statement and calls on_row(stmt, column index by name) for each row.
template <typename OnRow>
bool read_rows(weir_db *db, const char *sql, std::string &error, OnRow on_row) {
    weir_stmt *stmt = nullptr;
    if (weir_prepare(db, sql, &stmt) != WEIR_OK || !stmt) {
        error = weir_errmsg(db);
        return false;
    }
    std::map<std::string, int> columns;
    for (int i = 0; i < weir_column_count(stmt); i++) columns[weir_column_name(stmt, i)] = i;
    int rc;
    while ((rc = weir_step(stmt, 1000)) == WEIR_ROW) on_row(stmt, columns);
    if (rc != WEIR_DONE) error = weir_errmsg(db);
    weir_finalize(stmt);
    return rc == WEIR_DONE;
}

std::string text(weir_stmt *stmt, const std::map<std::string, int> &columns, const char *name) {
    auto it = columns.find(name);
    if (it == columns.end()) return "";
    const char *value = weir_column_text(stmt, it->second);
    return value ? std::string(value, static_cast<size_t>(weir_column_bytes(stmt, it->second))) : "";
}

long long number(weir_stmt *stmt, const std::map<std::string, int> &columns, const char *name) {
    auto it = columns.find(name);
    return it == columns.end() ? 0 : weir_column_int64(stmt, it->second);
}

bool is_null(weir_stmt *stmt, const std::map<std::string, int> &columns, const char *name) {
    auto it = columns.find(name);
    return it == columns.end() || weir_column_is_null(stmt, it->second);
}

}  // namespace

bool JobTable::read(weir_db *db, std::vector<JobRow> &jobs, std::string &error) {
    jobs.clear();
    std::map<std::string, std::string> connectors;
    bool ok = read_rows(db, "SHOW SINKS;", error, [&](weir_stmt *stmt, const std::map<std::string, int> &columns) {
        connectors[text(stmt, columns, "name")] = text(stmt, columns, "connector");
    });
    if (!ok) return false;
    return read_rows(db, "SHOW JOBS;", error, [&](weir_stmt *stmt, const std::map<std::string, int> &columns) {
        JobRow row;
        row.name = text(stmt, columns, "name");
        row.state = text(stmt, columns, "state");
        row.sink = text(stmt, columns, "sink");
        auto connector = connectors.find(row.sink);
        if (connector != connectors.end()) row.connector = connector->second;
        row.records_in = number(stmt, columns, "records_in");
        row.records_out = number(stmt, columns, "records_out");
        row.late = number(stmt, columns, "late");
        row.bad = number(stmt, columns, "bad");
        row.has_watermark = !is_null(stmt, columns, "watermark");
        row.watermark = number(stmt, columns, "watermark");
        row.state_groups = number(stmt, columns, "state_groups");
        row.checkpoint = number(stmt, columns, "checkpoint");
        row.error = text(stmt, columns, "error");
        jobs.push_back(std::move(row));
    });
}

}  // namespace weir_serve
