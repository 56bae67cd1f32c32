// LIKE (LikeMatcher and the like kernel) and the RE2 regexp_* functions, including error paths.
#include <gtest/gtest.h>

#include <functional>

#include "common/weir_error.h"
#include "exec/expression_executor.h"
#include "exec/like_matcher.h"

namespace weir {
namespace {

using Expr = std::unique_ptr<BoundExpr>;

bool like(const char *text, const char *pattern) {
    auto matcher = LikeMatcher::compile(pattern);
    EXPECT_TRUE(matcher.has_value()) << pattern;
    return matcher && matcher->matches(text);
}

TEST(PatternFunctionTest, LikeFastPathShapes) {
    EXPECT_TRUE(like("abc", "abc"));
    EXPECT_FALSE(like("abcd", "abc"));
    EXPECT_TRUE(like("abcd", "abc%"));
    EXPECT_FALSE(like("xabc", "abc%"));
    EXPECT_TRUE(like("xabc", "%abc"));
    EXPECT_FALSE(like("abcx", "%abc"));
    EXPECT_TRUE(like("xxabcxx", "%abc%"));
    EXPECT_FALSE(like("xxabxcx", "%abc%"));
    EXPECT_TRUE(like("", "%"));
    EXPECT_TRUE(like("anything", "%%"));
    EXPECT_TRUE(like("", ""));
    EXPECT_FALSE(like("a", ""));
    EXPECT_FALSE(like("ABC", "abc"));  // case sensitive
}

TEST(PatternFunctionTest, LikeGeneralPatterns) {
    EXPECT_TRUE(like("abc", "a_c"));
    EXPECT_FALSE(like("ac", "a_c"));
    EXPECT_TRUE(like("\xC3\xA9", "_"));  // _ is one code point, not one byte
    EXPECT_FALSE(like("\xC3\xA9", "__"));
    EXPECT_FALSE(like("", "_"));
    EXPECT_TRUE(like("abcde", "a%c%e"));
    EXPECT_TRUE(like("abcbcx", "a%bc_"));  // needs backtracking past the first "bc"
    EXPECT_FALSE(like("abcbc", "a%bc_"));
    EXPECT_TRUE(like("sensor_12_temp", "sensor\\_%\\_temp"));
    EXPECT_FALSE(like("sensorX12_temp", "sensor\\_%\\_temp"));
    EXPECT_TRUE(like("100%", "100\\%"));
    EXPECT_FALSE(like("1000", "100\\%"));
    EXPECT_TRUE(like("a\\b", "a\\\\b"));
    EXPECT_TRUE(like("x\xC3\xA9y", "%\xC3\xA9_"));
    EXPECT_FALSE(LikeMatcher::compile("abc\\").has_value());
}

Value evaluate(Expr expr, std::vector<std::string> rows) {
    Batch batch;
    ColumnVector column(TypeId::Text, rows.size());
    for (size_t i = 0; i < rows.size(); i++) column.strings()[i] = batch.arena().add(rows[i]);
    batch.columns.push_back(std::move(column));
    batch.set_size(rows.size());
    ExpressionExecutor executor(*expr);
    ColumnVector out;
    executor.evaluate(batch, out);
    return Value::from_column(out, 0);
}

Expr call(const std::string &name, TypeId type, Expr a, Expr b, Expr c = nullptr) {
    std::vector<Expr> args;
    args.push_back(std::move(a));
    args.push_back(std::move(b));
    if (c) args.push_back(std::move(c));
    return BoundExpr::make_call(name, type, std::move(args));
}
Expr text_column(size_t index = 0) { return BoundExpr::make_column(index, TypeId::Text); }
Expr text(const char *value) { return BoundExpr::make_constant(Value::text(value)); }
Expr number(int64_t value) { return BoundExpr::make_constant(Value::bigint(value)); }

ErrorKind error_kind(const std::function<void()> &action, std::string *message = nullptr) {
    try {
        action();
    } catch (const WeirError &error) {
        if (message) *message = error.what();
        return error.kind();
    }
    ADD_FAILURE() << "expected a WeirError";
    return ErrorKind::Internal;
}

TEST(PatternFunctionTest, LikeKernelConstantAndPerRowPatterns) {
    EXPECT_EQ(evaluate(call("like", TypeId::Boolean, text_column(), text("warsaw%")), {"warsaw-1"}).to_string(), "true");
    // The pattern is a column: compiled per row.
    EXPECT_EQ(evaluate(call("like", TypeId::Boolean, text("abc"), text_column()), {"a_c"}).to_string(), "true");
    std::string message;
    EXPECT_EQ(error_kind([&] { ExpressionExecutor e(*call("like", TypeId::Boolean, text_column(), text("ab\\"))); },
                         &message),
              ErrorKind::Bind);
    EXPECT_NE(message.find("'ab\\'"), std::string::npos) << message;
    EXPECT_EQ(error_kind([&] { evaluate(call("like", TypeId::Boolean, text("abc"), text_column()), {"ab\\"}); }),
              ErrorKind::Data);
}

TEST(PatternFunctionTest, RegexpMatchesAndExtract) {
    EXPECT_EQ(evaluate(call("regexp_matches", TypeId::Boolean, text_column(), text("[0-9]+")), {"abc123"}).to_string(),
              "true");
    EXPECT_EQ(evaluate(call("regexp_matches", TypeId::Boolean, text_column(), text("^[0-9]+$")), {"abc123"}).to_string(),
              "false");
    EXPECT_EQ(evaluate(call("regexp_extract", TypeId::Text, text_column(), text("[0-9]+")), {"abc123def45"}).to_string(),
              "123");
    EXPECT_EQ(evaluate(call("regexp_extract", TypeId::Text, text_column(), text("(\\w+)=(\\w+)"), number(2)),
                       {"key=val"})
                  .to_string(),
              "val");
    EXPECT_EQ(evaluate(call("regexp_extract", TypeId::Text, text_column(), text("x(\\d)")), {"abc"}).to_string(),
              "NULL");
    // A group that took no part in the match is NULL.
    EXPECT_EQ(evaluate(call("regexp_extract", TypeId::Text, text_column(), text("a|(b)"), number(1)), {"a"}).to_string(),
              "NULL");
    // Pattern from a column.
    EXPECT_EQ(evaluate(call("regexp_extract", TypeId::Text, text("temp=21.5C"), text_column()), {"[0-9.]+"}).to_string(),
              "21.5");
}

TEST(PatternFunctionTest, RegexpReplaceAllOccurrencesWithGroups) {
    EXPECT_EQ(evaluate(call("regexp_replace", TypeId::Text, text_column(), text("[0-9]+"), text("#")), {"a1b22c"})
                  .to_string(),
              "a#b#c");
    EXPECT_EQ(evaluate(call("regexp_replace", TypeId::Text, text_column(), text("(\\w+) (\\w+)"), text("\\2 \\1")),
                       {"john smith"})
                  .to_string(),
              "smith john");
    EXPECT_EQ(evaluate(call("regexp_replace", TypeId::Text, text_column(), text("z"), text("y")), {"abc"}).to_string(),
              "abc");
}

TEST(PatternFunctionTest, RegexErrors) {
    std::string message;
    EXPECT_EQ(error_kind([&] { ExpressionExecutor e(*call("regexp_matches", TypeId::Boolean, text_column(), text("(ab"))); },
                         &message),
              ErrorKind::Bind);
    EXPECT_NE(message.find("'(ab'"), std::string::npos) << message;
    EXPECT_NE(message.find("missing )"), std::string::npos) << message;
    EXPECT_EQ(error_kind([&] { evaluate(call("regexp_matches", TypeId::Boolean, text("x"), text_column()), {"[a-"}); }),
              ErrorKind::Data);
    EXPECT_EQ(error_kind([&] {
                  ExpressionExecutor e(*call("regexp_extract", TypeId::Text, text_column(), text("(a)"), number(2)));
              }),
              ErrorKind::Bind);
    EXPECT_EQ(error_kind([&] {
                  ExpressionExecutor e(*call("regexp_replace", TypeId::Text, text_column(), text("(a)"), text("\\3")));
              }),
              ErrorKind::Bind);
}

}  // namespace
}  // namespace weir
