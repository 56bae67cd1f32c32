# Issue 14, a changelog that can delete: HAVING over an updating aggregation into the upsert sinks
# (PostgreSQL, Redis hash) deletes stale rows; append sinks refuse updating results unless changelog = 'true'.
weir_integration_test(postgres_changelog_test postgres ${CMAKE_CURRENT_SOURCE_DIR}/postgres_changelog_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/postgres_test_server.cpp)
weir_integration_test(redis_changelog_test redis ${CMAKE_CURRENT_SOURCE_DIR}/redis_changelog_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/redis_test_server.cpp)
