// The named sources, sinks and views of one engine, in one case-insensitive namespace.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/schema.h"
#include "parser/ast.h"

namespace weir {

struct SourceEntry {
    std::string name;  // as the user spelled it
    Schema columns;    // declared columns, in declared order
    std::optional<std::string> watermark_column;  // spelled as declared in `columns`
    int64_t watermark_delay = 0;                  // microseconds
    std::string connector;                        // lower-case, from the `connector` option
    std::map<std::string, std::string> options;   // every WITH option except `connector`, ${VAR} expanded
    std::map<std::string, std::string> written;   // the options using ${...}, as written (for display)
    std::string sql;                              // the CREATE statement's text
};

struct SinkEntry {
    std::string name;
    std::string connector;
    std::map<std::string, std::string> options;  // every WITH option except `connector`, ${VAR} expanded
    std::map<std::string, std::string> written;  // the options using ${...}, as written (for display)
    std::string sql;
};

struct ViewEntry {
    std::string name;
    std::shared_ptr<const SelectStmt> query;
    Schema output;  // the output schema of the planned query (validated at CREATE VIEW)
    std::string sql;
};

// Not thread-safe: the engine serializes access. Entries are stored by lower-cased name; pointers
// returned by find_*/list stay valid until that entry is dropped.
class Catalog {
public:
    // Adding a name already used by any source, sink or view → WeirError(Catalog, "source `x` already exists").
    void add_source(SourceEntry entry);
    void add_sink(SinkEntry entry);
    void add_view(ViewEntry entry);

    // nullptr when there is no such entry of that kind.
    const SourceEntry *find_source(const std::string &name) const;
    const SinkEntry *find_sink(const std::string &name) const;
    const ViewEntry *find_view(const std::string &name) const;

    // Missing → WeirError(Catalog, "no source named `wether`; did you mean `weather`?").
    void drop_source(const std::string &name);
    void drop_sink(const std::string &name);
    void drop_view(const std::string &name);

    // Every entry of that kind, sorted by lower-cased name.
    std::vector<const SourceEntry *> sources() const;
    std::vector<const SinkEntry *> sinks() const;
    std::vector<const ViewEntry *> views() const;

    // Names of every source and view (for did-you-mean on FROM).
    std::vector<std::string> relation_names() const;

    // Builds a source entry, checking: column names unique, the WATERMARK column declared and a
    // TIMESTAMP, a `connector` option present. Violations → WeirError(Bind). Connector options are
    // validated by the connector, not here.
    static SourceEntry source_from_statement(const CreateSourceStmt &statement);
    // Builds a sink entry; a missing `connector` option → WeirError(Bind).
    static SinkEntry sink_from_statement(const CreateSinkStmt &statement);

private:
    // Throws if `name` is taken by any kind of entry.
    void check_free(const std::string &name) const;

    std::map<std::string, SourceEntry> sources_;
    std::map<std::string, SinkEntry> sinks_;
    std::map<std::string, ViewEntry> views_;
};

}  // namespace weir
