// SHOW and DESCRIBE rows from the catalog and the job list.
#include "api/catalog_report.h"

#include "api/materialized_cursor.h"
#include "common/secret_option.h"
#include "common/timestamp.h"
#include "common/value.h"
#include "common/weir_error.h"

namespace weir {

namespace {

// A lag rounded to the unit a reader needs, so it prints as 250ms, 42s, 95m or 27h rather than in
// microseconds: milliseconds under 10 s, seconds under 10 min, minutes under 10 h, then hours.
int64_t readable_lag(int64_t micros) {
    int64_t size = micros < 0 ? -micros : micros;
    int64_t unit = size < 10 * kMicrosPerSecond   ? kMicrosPerMilli
                   : size < 10 * kMicrosPerMinute ? kMicrosPerSecond
                   : size < 10 * kMicrosPerHour   ? kMicrosPerMinute
                                                  : kMicrosPerHour;
    int64_t rounded = (size + unit / 2) / unit * unit;
    return micros < 0 ? -rounded : rounded;
}

}  // namespace

std::unique_ptr<Cursor> CatalogReport::show(ObjectKind what, const Catalog &catalog, const std::vector<JobInfo> &jobs,
                                            int64_t now) {
    MaterializedCursor::Rows rows;
    switch (what) {
    case ObjectKind::Source:
        for (const SourceEntry *source : catalog.sources()) {
            std::string watermark = source->watermark_column
                                        ? *source->watermark_column + " - " + format_interval(source->watermark_delay)
                                        : "";
            rows.push_back({Value::text(source->name), Value::text(source->connector),
                            Value::text(columns_text(source->columns)), Value::text(watermark)});
        }
        return std::make_unique<MaterializedCursor>(text_schema({"name", "connector", "columns", "watermark"}),
                                                    std::move(rows));
    case ObjectKind::Sink:
        for (const SinkEntry *sink : catalog.sinks()) {
            rows.push_back({Value::text(sink->name), Value::text(sink->connector)});
        }
        return std::make_unique<MaterializedCursor>(text_schema({"name", "connector"}), std::move(rows));
    case ObjectKind::View:
        for (const ViewEntry *view : catalog.views()) {
            rows.push_back({Value::text(view->name), Value::text(columns_text(view->output))});
        }
        return std::make_unique<MaterializedCursor>(text_schema({"name", "columns"}), std::move(rows));
    case ObjectKind::Job: {
        Schema schema({{"name", TypeId::Text},          {"state", TypeId::Text},
                       {"sink", TypeId::Text},          {"records_in", TypeId::BigInt},
                       {"records_out", TypeId::BigInt}, {"late", TypeId::BigInt},
                       {"bad", TypeId::BigInt},         {"watermark", TypeId::Timestamp},
                       {"lag", TypeId::Interval},       {"state_groups", TypeId::BigInt},
                       {"checkpoint", TypeId::BigInt},  {"error", TypeId::Text}});
        for (const JobInfo &job : jobs) {
            bool has_watermark = job.watermark != kWatermarkMin && job.watermark != kWatermarkMax;
            // lag: how far event time (the watermark) is behind the wall clock.
            Value watermark = has_watermark ? Value::timestamp(job.watermark) : Value::null(TypeId::Timestamp);
            Value lag = has_watermark && job.state == "running" ? Value::interval(readable_lag(now - job.watermark))
                                                                : Value::null(TypeId::Interval);
            rows.push_back({Value::text(job.name), Value::text(job.state), Value::text(job.sink),
                            Value::bigint(job.records_in), Value::bigint(job.records_out),
                            Value::bigint(job.late_records), Value::bigint(job.bad_records), watermark, lag,
                            Value::bigint(job.state_groups),
                            job.checkpoint > 0 ? Value::bigint(job.checkpoint) : Value::null(TypeId::BigInt),
                            job.error.empty() ? Value::null(TypeId::Text) : Value::text(mask_secrets(job.error))});
        }
        return std::make_unique<MaterializedCursor>(std::move(schema), std::move(rows));
    }
    }
    throw WeirError(ErrorKind::Internal, "unknown SHOW target");
}

std::unique_ptr<Cursor> CatalogReport::describe(const std::string &name, const Catalog &catalog) {
    MaterializedCursor::Rows rows;
    Schema columns;
    if (const SourceEntry *source = catalog.find_source(name)) {
        columns = source->columns;
    } else if (const ViewEntry *view = catalog.find_view(name)) {
        columns = view->output;
    } else if (const SinkEntry *sink = catalog.find_sink(name)) {
        rows.push_back({Value::text("connector"), Value::text(sink->connector)});
        for (const auto &[key, value] : sink->options) {
            // A value that used ${VAR} is shown as written, never expanded; secrets masked either way.
            auto written = sink->written.find(key);
            const std::string &shown = written == sink->written.end() ? value : written->second;
            rows.push_back({Value::text(key), Value::text(printable_option_value(key, shown))});
        }
        return std::make_unique<MaterializedCursor>(text_schema({"option", "value"}), std::move(rows));
    } else {
        throw WeirError(ErrorKind::Catalog, "nothing named `" + name + "` to describe; SHOW SOURCES, SHOW "
                                                                                 "SINKS and SHOW VIEWS list what exists");
    }
    for (const auto &column : columns.columns()) {
        rows.push_back({Value::text(column.name), Value::text(type_name(column.type))});
    }
    return std::make_unique<MaterializedCursor>(text_schema({"column", "type"}), std::move(rows));
}

std::string CatalogReport::columns_text(const Schema &schema) {
    std::string out;
    for (size_t i = 0; i < schema.size(); i++) {
        if (i) out += ", ";
        out += schema[i].name + " " + type_name(schema[i].type);
    }
    return out;
}

Schema CatalogReport::text_schema(std::initializer_list<const char *> names) {
    Schema schema;
    for (const char *name : names) schema.add(name, TypeId::Text);
    return schema;
}

}  // namespace weir
