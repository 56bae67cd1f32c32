// Listing, scanning and atomically creating the JSON commits of a Delta log.
#include "connectors/delta/delta_log.h"

#include <simdjson.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/weir_error.h"

namespace weir {
namespace {

constexpr size_t kVersionDigits = 20;

// The version of a commit file name, nullopt for other names.
std::optional<int64_t> version_of(const std::string &name) {
    if (name.size() != kVersionDigits + 5 || name.compare(kVersionDigits, 5, ".json") != 0) return std::nullopt;
    int64_t version = 0;
    for (size_t i = 0; i < kVersionDigits; i++) {
        if (name[i] < '0' || name[i] > '9') return std::nullopt;
        if (version > (INT64_MAX - 9) / 10) return std::nullopt;
        version = version * 10 + (name[i] - '0');
    }
    return version;
}

}  // namespace

DeltaLog::DeltaLog(std::string table) : table_(std::move(table)), log_(table_ + "/_delta_log") {}

std::string DeltaLog::commit_path(int64_t version) const {
    char name[32];
    std::snprintf(name, sizeof name, "%020lld.json", static_cast<long long>(version));
    return log_ + "/" + name;
}

std::optional<int64_t> DeltaLog::latest_version() const {
    std::error_code error;
    std::filesystem::create_directories(log_, error);
    if (error) {
        throw WeirError(ErrorKind::Io, "cannot create the Delta log of table '" + table_ + "': " + error.message());
    }
    std::optional<int64_t> latest;
    for (const auto &entry : std::filesystem::directory_iterator(log_, error)) {
        auto version = version_of(entry.path().filename().string());
        if (version && (!latest || *version > *latest)) latest = version;
    }
    return latest;
}

std::optional<int64_t> DeltaLog::transaction_version(const std::string &app_id) const {
    std::optional<int64_t> latest = latest_version();
    std::optional<int64_t> found;
    if (!latest) return found;
    simdjson::dom::parser parser;
    for (int64_t version = 0; version <= *latest; version++) {
        std::ifstream in(commit_path(version));
        if (!in) continue;  // removed after a Delta checkpoint: see the class comment
        std::string line;
        uint64_t number = 0;
        while (std::getline(in, line)) {
            number++;
            if (line.find("\"txn\"") == std::string::npos) continue;
            simdjson::dom::element document;
            if (parser.parse(simdjson::padded_string(line)).get(document)) {
                throw WeirError(ErrorKind::Data, "the Delta log of table '" + table_ + "' is not valid JSON at " +
                                                     commit_path(version) + ":" + std::to_string(number));
            }
            simdjson::dom::object txn;
            std::string_view id;
            int64_t txn_version = 0;
            if (document["txn"].get(txn) || txn["appId"].get(id) || txn["version"].get(txn_version)) continue;
            if (id == app_id) found = txn_version;  // the latest txn of an application wins (log replay)
        }
    }
    return found;
}

namespace {

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); i++) {
        auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1; };
        if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> DeltaLog::active_files() const {
    std::set<std::string> active;
    std::optional<int64_t> latest = latest_version();
    simdjson::dom::parser parser;
    for (int64_t version = 0; latest && version <= *latest; version++) {
        std::ifstream in(commit_path(version));
        if (!in) {
            throw WeirError(ErrorKind::Data, "the Delta log of table '" + table_ + "' lacks version " +
                                                 std::to_string(version) + " (weir reads JSON commits only, not Delta "
                                                 "checkpoints)");
        }
        std::string line;
        uint64_t number = 0;
        while (std::getline(in, line)) {
            number++;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            simdjson::dom::element document;
            if (parser.parse(simdjson::padded_string(line)).get(document)) {
                throw WeirError(ErrorKind::Data, "the Delta log of table '" + table_ + "' is not valid JSON at " +
                                                     commit_path(version) + ":" + std::to_string(number));
            }
            std::string_view path;
            if (!document["add"]["path"].get(path)) active.insert(percent_decoded(path));
            if (!document["remove"]["path"].get(path)) active.erase(percent_decoded(path));
        }
    }
    std::vector<std::string> files;
    for (const std::string &path : active) files.push_back(table_ + "/" + path);
    return files;
}

bool DeltaLog::commit(int64_t version, const std::string &actions) const {
    std::string target = commit_path(version);
    std::string temporary = log_ + "/.tmp-" + std::to_string(::getpid()) + "-" + std::to_string(version) + ".json";
    FILE *out = std::fopen(temporary.c_str(), "wb");
    bool ok = out != nullptr && std::fwrite(actions.data(), 1, actions.size(), out) == actions.size();
    ok = out != nullptr && std::fflush(out) == 0 && ok && ::fsync(fileno(out)) == 0;
    if (out) std::fclose(out);
    if (!ok) {
        std::string reason = std::strerror(errno);
        std::remove(temporary.c_str());
        throw WeirError(ErrorKind::Io, "cannot write the Delta log of table '" + table_ + "': " + reason);
    }
    int status = ::link(temporary.c_str(), target.c_str());
    int saved = errno;
    std::remove(temporary.c_str());
    if (status == 0) return true;
    if (saved == EEXIST) return false;
    throw WeirError(ErrorKind::Io, "cannot commit version " + std::to_string(version) + " of Delta table '" + table_ +
                                       "': " + std::strerror(saved));
}

}  // namespace weir
