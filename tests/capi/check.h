/* A tiny assertion kit for the C API test programs: CHECK macros that report and count failures. */
#ifndef WEIR_TESTS_CAPI_CHECK_H
#define WEIR_TESTS_CAPI_CHECK_H

#include <stdio.h>
#include <string.h>

/* Failures so far in this program; main returns non-zero when it is not 0. */
static int check_failures = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
            check_failures++;                                                        \
        }                                                                            \
    } while (0)

/* Integer equality, printing both values. */
#define CHECK_INT(actual, expected)                                                                         \
    do {                                                                                                    \
        long long actual_ = (long long)(actual), expected_ = (long long)(expected);                         \
        if (actual_ != expected_) {                                                                         \
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, #actual, actual_,     \
                    expected_);                                                                             \
            check_failures++;                                                                               \
        }                                                                                                   \
    } while (0)

/* String equality (NULL equals only NULL). */
#define CHECK_STR(actual, expected)                                                                             \
    do {                                                                                                        \
        const char *actual_ = (actual), *expected_ = (expected);                                                \
        if ((actual_ == NULL) != (expected_ == NULL) || (actual_ && strcmp(actual_, expected_) != 0)) {         \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #actual,              \
                    actual_ ? actual_ : "(null)", expected_ ? expected_ : "(null)");                             \
            check_failures++;                                                                                   \
        }                                                                                                       \
    } while (0)

/* `needle` occurs in the string. */
#define CHECK_CONTAINS(actual, needle)                                                                          \
    do {                                                                                                        \
        const char *actual_ = (actual);                                                                         \
        if (!actual_ || !strstr(actual_, (needle))) {                                                           \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected it to contain \"%s\"\n", __FILE__, __LINE__, #actual, \
                    actual_ ? actual_ : "(null)", (needle));                                                    \
            check_failures++;                                                                                   \
        }                                                                                                       \
    } while (0)

/* Runs one test function, naming it on failure. */
#define RUN(test)                                                            \
    do {                                                                     \
        int before_ = check_failures;                                        \
        test();                                                              \
        fprintf(stderr, "%s %s\n", check_failures == before_ ? "ok  " : "FAIL", #test); \
    } while (0)

#endif /* WEIR_TESTS_CAPI_CHECK_H */
