// Secrets never printed: secret option names and passwords inside URLs are masked.
#include "common/secret_option.h"

#include <gtest/gtest.h>

using namespace weir;

TEST(SecretOption, SecretNamesAreMasked) {
    EXPECT_TRUE(is_secret_option("password"));
    EXPECT_TRUE(is_secret_option("kafka.sasl.password"));
    EXPECT_TRUE(is_secret_option("secret_key"));
    EXPECT_FALSE(is_secret_option("key"));
    EXPECT_FALSE(is_secret_option("path"));
    EXPECT_EQ(printable_option_value("secret_key", "abc"), "***");
    EXPECT_EQ(printable_option_value("path", "data/x.jsonl"), "data/x.jsonl");
}

TEST(SecretOption, PasswordsInsideUrlsAreMasked) {
    EXPECT_EQ(printable_option_value("url", "redis://u:Hunter2pw@127.0.0.1:6379/0"), "redis://u:***@127.0.0.1:6379/0");
    EXPECT_EQ(printable_option_value("url", "postgresql://app:s3cr@t@db.local/weather"),
              "postgresql://app:***@db.local/weather");
    EXPECT_EQ(mask_url_passwords("a redis://:pw@h:1 and http://x:y@z/"), "a redis://:***@h:1 and http://x:***@z/");
    EXPECT_EQ(printable_option_value("url", "redis://127.0.0.1:6379"), "redis://127.0.0.1:6379");
    EXPECT_EQ(printable_option_value("url", "redis://user@host:1"), "redis://user@host:1");
}
