// Tests of StateDirectoryLock: one holder at a time, the holder's pid in the refusal, release.
#include "exec/state_directory_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "common/weir_error.h"

namespace weir {
namespace {

class StateDirectoryLockTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("weir_lock_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

TEST_F(StateDirectoryLockTest, ASecondHolderIsRefusedAtOnceNamingTheFirstOnesPid) {
    auto first = std::make_unique<StateDirectoryLock>(dir_.string());
    EXPECT_TRUE(std::filesystem::exists(dir_ / StateDirectoryLock::kFileName));
    try {
        StateDirectoryLock second(dir_.string());
        FAIL() << "expected an error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Io);
        EXPECT_EQ(std::string(error.what()), "state directory '" + dir_.string() + "' is in use by weir process " +
                                                 std::to_string(::getpid()) +
                                                 "; stop it or use another state directory.");
    }
    first.reset();
    EXPECT_NO_THROW(StateDirectoryLock again(dir_.string()));
}

}  // namespace
}  // namespace weir
