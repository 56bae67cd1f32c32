// Storage, lookup and validation of catalog entries.
#include "planner/catalog.h"

#include "common/env_expander.h"
#include "common/weir_error.h"
#include "common/name_suggester.h"

namespace weir {

namespace {

template <typename Entry>
std::vector<std::string> names_of(const std::map<std::string, Entry> &entries) {
    std::vector<std::string> names;
    for (const auto &pair : entries) names.push_back(pair.second.name);
    return names;
}

template <typename Entry>
std::vector<const Entry *> list_of(const std::map<std::string, Entry> &entries) {
    std::vector<const Entry *> out;
    for (const auto &pair : entries) out.push_back(&pair.second);
    return out;
}

template <typename Entry>
const Entry *find_in(const std::map<std::string, Entry> &entries, const std::string &name) {
    auto it = entries.find(to_lower(name));
    return it == entries.end() ? nullptr : &it->second;
}

template <typename Entry>
void drop_from(std::map<std::string, Entry> &entries, const std::string &name, const char *kind) {
    auto it = entries.find(to_lower(name));
    if (it == entries.end()) {
        throw WeirError(ErrorKind::Catalog, std::string("no ") + kind + " named `" + name + "`" +
                                                NameSuggester::did_you_mean(name, names_of(entries)));
    }
    entries.erase(it);
}

// The `connector` option, lower-cased; the remaining options go to `options`.
std::string split_connector(const OptionList &list, const std::string &kind, const std::string &name,
                            std::map<std::string, std::string> &options, std::map<std::string, std::string> &written) {
    std::string connector;
    for (const auto &[key, text] : list) {
        std::string lower_key = to_lower(key);
        // ${NAME} comes from the environment now; the text as written is what DESCRIBE/EXPLAIN show.
        std::string value = EnvExpander::expand(text, "option `" + lower_key + "` of " + kind + " `" + name + "`");
        if (EnvExpander::has_variables(text)) written[lower_key] = text;
        if (lower_key == "connector") {
            connector = to_lower(value);
            continue;
        }
        if (options.count(lower_key) != 0) {
            throw WeirError(ErrorKind::Bind, "option `" + lower_key + "` is given twice in " + kind + " `" + name + "`");
        }
        options[lower_key] = value;
    }
    if (connector.empty()) {
        throw WeirError(ErrorKind::Bind, kind + " `" + name +
                                             "` needs a connector: add WITH (connector = '...'), e.g. connector = 'kafka'");
    }
    return connector;
}

}  // namespace

void Catalog::check_free(const std::string &name) const {
    if (const auto *source = find_source(name)) {
        throw WeirError(ErrorKind::Catalog, "source `" + source->name + "` already exists");
    }
    if (const auto *sink = find_sink(name)) {
        throw WeirError(ErrorKind::Catalog, "sink `" + sink->name + "` already exists");
    }
    if (const auto *view = find_view(name)) {
        throw WeirError(ErrorKind::Catalog, "view `" + view->name + "` already exists");
    }
}

void Catalog::add_source(SourceEntry entry) {
    check_free(entry.name);
    std::string key = to_lower(entry.name);
    sources_.emplace(std::move(key), std::move(entry));
}

void Catalog::add_sink(SinkEntry entry) {
    check_free(entry.name);
    std::string key = to_lower(entry.name);
    sinks_.emplace(std::move(key), std::move(entry));
}

void Catalog::add_view(ViewEntry entry) {
    check_free(entry.name);
    std::string key = to_lower(entry.name);
    views_.emplace(std::move(key), std::move(entry));
}

const SourceEntry *Catalog::find_source(const std::string &name) const { return find_in(sources_, name); }
const SinkEntry *Catalog::find_sink(const std::string &name) const { return find_in(sinks_, name); }
const ViewEntry *Catalog::find_view(const std::string &name) const { return find_in(views_, name); }

void Catalog::drop_source(const std::string &name) { drop_from(sources_, name, "source"); }
void Catalog::drop_sink(const std::string &name) { drop_from(sinks_, name, "sink"); }
void Catalog::drop_view(const std::string &name) { drop_from(views_, name, "view"); }

std::vector<const SourceEntry *> Catalog::sources() const { return list_of(sources_); }
std::vector<const SinkEntry *> Catalog::sinks() const { return list_of(sinks_); }
std::vector<const ViewEntry *> Catalog::views() const { return list_of(views_); }

std::vector<std::string> Catalog::relation_names() const {
    std::vector<std::string> names = names_of(sources_);
    for (auto &name : names_of(views_)) names.push_back(std::move(name));
    return names;
}

SourceEntry Catalog::source_from_statement(const CreateSourceStmt &statement) {
    SourceEntry entry;
    entry.name = statement.name;
    entry.sql = statement.text;
    if (statement.columns.empty()) {
        throw WeirError(ErrorKind::Bind, "source `" + statement.name + "` needs at least one column");
    }
    for (const auto &column : statement.columns) {
        if (entry.columns.find(column.name)) {
            throw WeirError(ErrorKind::Bind, "source `" + statement.name + "` declares the column `" + column.name +
                                                 "` twice");
        }
        entry.columns.add(column.name, column.type);
    }
    if (statement.watermark) {
        const WatermarkDef &watermark = *statement.watermark;
        auto index = entry.columns.find(watermark.column);
        if (!index) {
            std::vector<std::string> names;
            for (const auto &column : entry.columns.columns()) names.push_back(column.name);
            throw WeirError(ErrorKind::Bind, "WATERMARK names an undeclared column `" + watermark.column + "`" +
                                                 NameSuggester::did_you_mean(watermark.column, names));
        }
        if (entry.columns[*index].type != TypeId::Timestamp) {
            throw WeirError(ErrorKind::Bind, "the WATERMARK column must be a TIMESTAMP, but `" + entry.columns[*index].name +
                                                 "` is " + type_name(entry.columns[*index].type));
        }
        if (watermark.delay < 0) {
            throw WeirError(ErrorKind::Bind, "the WATERMARK delay must not be negative: " +
                                                 std::to_string(watermark.delay) + "us");
        }
        entry.watermark_column = entry.columns[*index].name;
        entry.watermark_delay = watermark.delay;
    }
    entry.connector = split_connector(statement.options, "source", statement.name, entry.options, entry.written);
    return entry;
}

SinkEntry Catalog::sink_from_statement(const CreateSinkStmt &statement) {
    SinkEntry entry;
    entry.name = statement.name;
    entry.sql = statement.text;
    entry.connector = split_connector(statement.options, "sink", statement.name, entry.options, entry.written);
    return entry;
}

}  // namespace weir
