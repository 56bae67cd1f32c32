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
    EXPECT_EQ(mask_secrets("a redis://:pw@h:1 and http://x:y@z/"), "a redis://:***@h:1 and http://x:***@z/");
    EXPECT_EQ(printable_option_value("url", "redis://127.0.0.1:6379"), "redis://127.0.0.1:6379");
    EXPECT_EQ(printable_option_value("url", "redis://user@host:1"), "redis://user@host:1");
}

TEST(SecretOption, KeyValueConnectionStringsAreMaskedByStructure) {
    EXPECT_EQ(printable_option_value("url", "host=db port=5432 dbname=streamdb user=stream password=stream"),
              "host=db port=5432 dbname=streamdb user=stream password=***");
    EXPECT_EQ(printable_option_value("url", "password='it\\'s a secret' dbname=streamdb"), "password=*** dbname=streamdb");
    EXPECT_EQ(printable_option_value("url", "dbname=w password = hunter22 sslmode=require"),
              "dbname=w password = *** sslmode=require");
    EXPECT_EQ(printable_option_value("url", "host=h sslpassword=abc"), "host=h sslpassword=***");
    // A message quoting the string keeps its closing quote.
    EXPECT_EQ(mask_secrets("got 'dbname=w password=abc'"), "got 'dbname=w password=***'");
    EXPECT_EQ(mask_secrets("no secrets: a=b, key=k1, sslmode=require"), "no secrets: a=b, key=k1, sslmode=require");
}

TEST(SecretOption, UriQueryParametersAreMaskedByName) {
    EXPECT_EQ(printable_option_value("url", "postgresql://app@db/streamdb?password=stream&sslmode=require"),
              "postgresql://app@db/streamdb?password=***&sslmode=require");
    EXPECT_EQ(printable_option_value("url", "postgresql://app:pw1@db/streamdb?sslmode=disable&password=stream#x"),
              "postgresql://app:***@db/streamdb?sslmode=disable&password=***#x");
    EXPECT_EQ(mask_secrets("https://api/x?api_key=K1&token=T2&q=1"), "https://api/x?api_key=***&token=***&q=1");
    EXPECT_EQ(mask_secrets("http://u:pw@h?password=***"), "http://u:***@h?password=***");  // idempotent
}

TEST(SecretOption, SecretValuesAreMaskedOnlyAsWholeTokensOfSomeLength) {
    // The password `stream` must not eat the database name `streamdb` (issue 12.7).
    EXPECT_EQ(mask_secret_values("could not write to weir@db:5432/streamdb: password stream rejected", {"stream"}),
              "could not write to weir@db:5432/streamdb: password *** rejected");
    // A Kafka user name `u` must not turn "failure" into "fail***re" (issue 13.7).
    EXPECT_EQ(mask_secret_values("failure: u not authorized", {"u"}), "failure: u not authorized");
    EXPECT_EQ(mask_secret_values("SASL failure for user alice (alicepw2)", {"alice", "alicepw2"}),
              "SASL failure for user *** (***)");
    EXPECT_EQ(mask_secret_values("x postgresql://a:longsecret@h/d", {"longsecret"}), "x postgresql://a:***@h/d");
}

TEST(SecretOption, TruncatedAndOddTextIsHandledAndMaskingIsIdempotent) {
    for (const std::string text : {"", "=", "password=", "password='", "password=\\", "password='a\\", "?password=",
                                   "x?token=&y", "a://@", "a://:@", "://u:p@", "password = ", "pwd=1 pass=2",
                                   "password=''", "secret=\"q x\" rest", "p://u:p@h?password=a&token"}) {
        std::string once = mask_secrets(text);
        EXPECT_EQ(mask_secrets(once), once) << text;
        EXPECT_EQ(mask_secret_values(text, {"", "abcd"}), once) << text;
    }
    EXPECT_EQ(mask_secrets("pwd=1 pass=2"), "pwd=*** pass=***");
    EXPECT_EQ(mask_secrets("secret=\"q x\" rest"), "secret=*** rest");
    EXPECT_EQ(mask_secrets("password=''"), "password=***");
}
