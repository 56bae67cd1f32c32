// Helpers shared by the kill -9 recovery tests.
#include "recovery_support.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace weir::recovery {

const std::vector<std::string> kCities = {"Oslo", "Rome", "Kyiv",  "Lima",  "Nuuk",  "Baku",
                                          "Riga", "Doha", "Quito", "Hanoi", "Dakar", "Perth"};

int env_int(const char *name, int fallback) {
    const char *value = std::getenv(name);
    return value && *value ? std::atoi(value) : fallback;
}

std::string iso(int64_t seconds) {
    time_t t = static_cast<time_t>(seconds);
    struct tm parts;
    gmtime_r(&t, &parts);
    char text[32];
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

std::string read_text(const std::string &path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string temporary_dir(const std::string &stem) {
    std::string pattern = "/tmp/weir-recovery-" + stem + "-XXXXXX";
    std::vector<char> path(pattern.begin(), pattern.end());
    path.push_back('\0');
    if (::mkdtemp(path.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    return path.data();
}

}  // namespace weir::recovery
