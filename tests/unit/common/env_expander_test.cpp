// ${NAME} and ${NAME:-default} expansion from the environment, the $${ escape and its errors.
#include "common/env_expander.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "common/weir_error.h"

using namespace weir;

namespace {

std::string error_of(const std::string &text) {
    try {
        EnvExpander::expand(text, "option `url` of sink `out`");
    } catch (const WeirError &error) {
        return error.what();
    }
    return "";
}

}  // namespace

TEST(EnvExpander, VariablesDefaultsAndTheEscape) {
    setenv("WEIR_TEST_PG_HOST", "db.internal", 1);
    setenv("WEIR_TEST_EMPTY", "", 1);
    unsetenv("WEIR_TEST_UNSET");
    EXPECT_EQ(EnvExpander::expand("postgresql://app@${WEIR_TEST_PG_HOST}:5432/w", "x"), "postgresql://app@db.internal:5432/w");
    EXPECT_EQ(EnvExpander::expand("${WEIR_TEST_PG_HOST}${WEIR_TEST_PG_HOST}", "x"), "db.internaldb.internal");
    EXPECT_EQ(EnvExpander::expand("${WEIR_TEST_UNSET:-localhost}", "x"), "localhost");
    EXPECT_EQ(EnvExpander::expand("${WEIR_TEST_EMPTY:-localhost}", "x"), "localhost");  // as the shell does
    EXPECT_EQ(EnvExpander::expand("${WEIR_TEST_PG_HOST:-localhost}", "x"), "db.internal");
    EXPECT_EQ(EnvExpander::expand("${WEIR_TEST_UNSET:-}", "x"), "");
    EXPECT_EQ(EnvExpander::expand("${WEIR_TEST_EMPTY}", "x"), "");
    EXPECT_EQ(EnvExpander::expand("a$${WEIR_TEST_PG_HOST}b", "x"), "a${WEIR_TEST_PG_HOST}b");
    EXPECT_EQ(EnvExpander::expand("pa$$word $5 $", "x"), "pa$$word $5 $");
    EXPECT_FALSE(EnvExpander::has_variables("pa$$word"));
    EXPECT_TRUE(EnvExpander::has_variables("${A}"));
}

TEST(EnvExpander, AMissingVariableOrABrokenReferenceIsOneSentenceNamingIt) {
    unsetenv("WEIR_TEST_UNSET");
    EXPECT_EQ(error_of("${WEIR_TEST_UNSET}"),
              "option `url` of sink `out` uses ${WEIR_TEST_UNSET}, but the environment variable WEIR_TEST_UNSET is not "
              "set; set it or give a default as ${WEIR_TEST_UNSET:-value}");
    std::string broken = "option `url` of sink `out` has a ${ that is not a variable such as ${PG_URL} or "
                         "${PG_URL:-default}; write $${ for a literal ${";
    EXPECT_EQ(error_of("${PG_URL"), broken);
    EXPECT_EQ(error_of("${}"), broken);
    EXPECT_EQ(error_of("${1X}"), broken);
    EXPECT_EQ(error_of("${A B}"), broken);
}
