// Helpers shared by the kill -9 recovery tests.
#include "recovery_support.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <cstdlib>
#include <fstream>
#include <chrono>
#include <iostream>
#include <random>
#include <signal.h>
#include <sstream>

#include "weir_process.h"

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

void kill_loop(const std::string &state, const std::string &sql_path, const std::string &log, int kills,
               unsigned seed, int min_ms, int max_ms, int *landed) {
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delay_ms(min_ms, max_ms);
    *landed = 0;
    const std::vector<std::string> arguments = {"--state", state, "--checkpoint-interval", "200ms", "-f", sql_path};
    for (int i = 1; i <= kills; i++) {
        int delay = delay_ms(random);
        WeirProcess run(arguments, log);
        bool ended = run.wait_for(std::chrono::milliseconds(delay));
        if (!ended) {
            run.kill_hard();
            ASSERT_TRUE(run.killed_by(SIGKILL)) << run.outcome();
            ++*landed;
        } else {
            ASSERT_TRUE(run.exited_with(0)) << "run " << i << ": " << run.outcome() << ": " << read_text(log);
        }
        std::cout << "recovery: start " << i << ", " << (ended ? "ended by itself before" : "kill -9 after") << " "
                  << delay << " ms" << std::endl;
    }
    WeirProcess last(arguments, log);
    ASSERT_TRUE(last.wait_for(std::chrono::seconds(120))) << "the last run did not end: " << read_text(log);
    ASSERT_TRUE(last.exited_with(0)) << last.outcome() << ": " << read_text(log);
}

}  // namespace weir::recovery
