// Lexer: token kinds, texts, positions, literals, durations, comments and error messages.
#include "parser/lexer.h"

#include <gtest/gtest.h>

#include "common/weir_error.h"

using namespace weir;

namespace {

std::vector<Token> lex(std::string_view sql) {
    return Lexer(sql).tokenize();
}

std::string lex_error(std::string_view sql) {
    try {
        Lexer(sql).tokenize();
    } catch (const WeirError &e) {
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(Lexer, PositionsAreOneBasedLineColumnAndByteOffset) {
    auto tokens = lex("SELECT a,\n  bb FROM t");
    ASSERT_EQ(tokens.size(), 7u);
    EXPECT_EQ(tokens[0].text, "SELECT");
    EXPECT_EQ(tokens[0].position.line, 1);
    EXPECT_EQ(tokens[0].position.column, 1);
    EXPECT_EQ(tokens[0].position.offset, 0u);
    EXPECT_EQ(tokens[0].length, 6u);
    EXPECT_EQ(tokens[2].text, ",");
    EXPECT_EQ(tokens[2].position.column, 9);
    EXPECT_EQ(tokens[3].text, "bb");
    EXPECT_EQ(tokens[3].position.line, 2);
    EXPECT_EQ(tokens[3].position.column, 3);
    EXPECT_EQ(tokens[3].position.offset, 12u);
    EXPECT_EQ(tokens[5].text, "t");
    EXPECT_EQ(tokens[5].position.column, 11);
    EXPECT_EQ(tokens[6].kind, TokenKind::End);
    EXPECT_EQ(tokens[6].position.offset, 21u);
}

TEST(Lexer, ReservedWordsAreKeywordsOtherWordsIdentifiersCaseKept) {
    auto tokens = lex("select Source FROM day \"Select\"");
    EXPECT_EQ(tokens[0].kind, TokenKind::Keyword);
    EXPECT_EQ(tokens[0].text, "select");
    EXPECT_EQ(tokens[1].kind, TokenKind::Identifier);
    EXPECT_EQ(tokens[1].text, "Source");
    EXPECT_EQ(tokens[2].kind, TokenKind::Keyword);
    EXPECT_EQ(tokens[3].kind, TokenKind::Identifier);
    EXPECT_EQ(tokens[4].kind, TokenKind::QuotedIdentifier);
    EXPECT_EQ(tokens[4].text, "Select");
    EXPECT_TRUE(Lexer::is_reserved("wHeRe"));
    EXPECT_FALSE(Lexer::is_reserved("key"));
}

TEST(Lexer, QuotedIdentifiersKeepAnythingAndUnescapeDoubledQuotes) {
    auto tokens = lex("\"my \"\"odd\"\" col; -- x\"");
    ASSERT_EQ(tokens.size(), 2u);
    EXPECT_EQ(tokens[0].kind, TokenKind::QuotedIdentifier);
    EXPECT_EQ(tokens[0].text, "my \"odd\" col; -- x");
    EXPECT_EQ(tokens[0].length, 22u);
}

TEST(Lexer, StringsUnescapeDoubledSingleQuotes) {
    auto tokens = lex("'it''s' '' 'a\nb'");
    ASSERT_EQ(tokens.size(), 4u);
    EXPECT_EQ(tokens[0].kind, TokenKind::String);
    EXPECT_EQ(tokens[0].text, "it's");
    EXPECT_EQ(tokens[0].length, 7u);
    EXPECT_EQ(tokens[1].text, "");
    EXPECT_EQ(tokens[2].text, "a\nb");
    EXPECT_EQ(tokens[0].describe(), "the string 'it's'");
}

TEST(Lexer, NumbersIntegersAndDecimals) {
    auto tokens = lex("42 1.5 .5 1e3 2.5E-3 7.");
    EXPECT_EQ(tokens[0].kind, TokenKind::Integer);
    EXPECT_EQ(tokens[0].text, "42");
    for (int i = 1; i <= 5; i++) EXPECT_EQ(tokens[i].kind, TokenKind::Decimal) << tokens[i].text;
    EXPECT_EQ(tokens[2].text, ".5");
    EXPECT_EQ(tokens[4].text, "2.5E-3");
    EXPECT_EQ(tokens[5].text, "7.");
}

TEST(Lexer, DurationShorthandIsOneToken) {
    auto tokens = lex("500ms 10s 5m 1h 1d 250us");
    ASSERT_EQ(tokens.size(), 7u);
    for (int i = 0; i < 6; i++) EXPECT_EQ(tokens[i].kind, TokenKind::Duration) << i;
    EXPECT_EQ(tokens[0].text, "500ms");
    EXPECT_EQ(tokens[5].text, "250us");
    EXPECT_EQ(tokens[5].position.column, 20);
}

TEST(Lexer, NumberGluedToOtherLettersIsAnError) {
    EXPECT_EQ(lex_error("x + 5min"),
              "syntax error at line 1, column 5: invalid number or duration '5min'; a duration is a whole number "
              "followed by one of us, ms, s, m, h, d (for example 5m)");
    EXPECT_NE(lex_error("1.5s").find("invalid number or duration '1.5s'"), std::string::npos);
}

TEST(Lexer, Operators) {
    auto tokens = lex("+ - * / % || = <> != < <= > >= ( ) , ; .");
    std::vector<std::string> expected = {"+",  "-", "*",  "/", "%", "||", "=", "<>", "!=",
                                         "<", "<=", ">", ">=", "(", ")",  ",", ";", "."};
    ASSERT_EQ(tokens.size(), expected.size() + 1);
    for (size_t i = 0; i < expected.size(); i++) {
        EXPECT_EQ(tokens[i].kind, TokenKind::Operator);
        EXPECT_EQ(tokens[i].text, expected[i]);
    }
    auto glued = lex("a<=b||c");
    ASSERT_EQ(glued.size(), 6u);
    EXPECT_EQ(glued[1].text, "<=");
    EXPECT_EQ(glued[3].text, "||");
}

TEST(Lexer, CommentsAreSkippedAndPositionsStayRight) {
    auto tokens = lex("a -- line comment ; 'x'\n/* block\n   comment */ b/**/c");
    ASSERT_EQ(tokens.size(), 4u);
    EXPECT_EQ(tokens[0].text, "a");
    EXPECT_EQ(tokens[1].text, "b");
    EXPECT_EQ(tokens[1].position.line, 3);
    EXPECT_EQ(tokens[1].position.column, 15);
    EXPECT_EQ(tokens[2].text, "c");
    EXPECT_EQ(tokens[2].position.column, 20);
    // A minus followed by a number is not a comment.
    auto minus = lex("5-3");
    ASSERT_EQ(minus.size(), 4u);
    EXPECT_EQ(minus[1].text, "-");
}

TEST(Lexer, ColumnsCountCharactersNotBytes) {
    auto tokens = lex("'\xC3\xA9t\xC3\xA9' x");  // 'été' x
    ASSERT_EQ(tokens.size(), 3u);
    EXPECT_EQ(tokens[1].position.column, 7);
    EXPECT_EQ(tokens[1].position.offset, 8u);
}

TEST(Lexer, UnterminatedStringNamesWhereItStarts) {
    EXPECT_EQ(lex_error("SELECT\n    'abc FROM t"),
              "unterminated string literal starting at line 2, column 5; close it with '");
    EXPECT_EQ(lex_error("SELECT 'it''s"), "unterminated string literal starting at line 1, column 8; close it with '");
}

TEST(Lexer, UnterminatedQuotedIdentifierAndBlockComment) {
    EXPECT_EQ(lex_error("SELECT \"abc"), "unterminated quoted identifier starting at line 1, column 8; close it with \"");
    EXPECT_EQ(lex_error("SELECT 1 /* never\nclosed"),
              "unterminated block comment starting at line 1, column 10; close it with */");
}

TEST(Lexer, UnexpectedCharacters) {
    EXPECT_EQ(lex_error("SELECT #"), "syntax error at line 1, column 8: unexpected character '#'");
    EXPECT_EQ(lex_error("a | b"),
              "syntax error at line 1, column 3: unexpected character '|'; string concatenation is written ||");
    EXPECT_EQ(lex_error("\"\""), "syntax error at line 1, column 1: a quoted identifier cannot be empty");
}

TEST(Lexer, EmptyAndBlankInputGiveOnlyEnd) {
    EXPECT_EQ(lex("").size(), 1u);
    auto tokens = lex("  \n -- only a comment");
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_EQ(tokens[0].kind, TokenKind::End);
    EXPECT_EQ(tokens[0].describe(), "end of input");
}
