# Redis Streams integration tests: a real redis-server (and one with a password) on loopback.
weir_service_fixture(redis)
weir_integration_test(redis_streams_test redis ${CMAKE_CURRENT_SOURCE_DIR}/redis_streams_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/redis_test_server.cpp)
weir_integration_test(redis_position_test redis ${CMAKE_CURRENT_SOURCE_DIR}/redis_position_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/redis_test_server.cpp)
weir_integration_test(redis_jobs_test redis ${CMAKE_CURRENT_SOURCE_DIR}/redis_jobs_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/redis_test_server.cpp)
weir_integration_test(redis_acknowledge_test redis ${CMAKE_CURRENT_SOURCE_DIR}/redis_acknowledge_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/redis_test_server.cpp)
# kill -9 recovery of a Redis Streams → TUMBLE → S3 (JSON lines) pipeline: needs the redis and s3 fixtures.
weir_integration_test(recovery_redis_s3_test redis ${CMAKE_CURRENT_SOURCE_DIR}/recovery_redis_s3_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/redis_test_server.cpp ${CMAKE_CURRENT_SOURCE_DIR}/s3_test_server.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/weir_process.cpp ${CMAKE_CURRENT_SOURCE_DIR}/recovery_support.cpp)
target_link_libraries(recovery_redis_s3_test PRIVATE weir_connectors)
add_dependencies(recovery_redis_s3_test weir)
set_tests_properties(integration/recovery_redis_s3_test PROPERTIES FIXTURES_REQUIRED "redis;s3"
                     RESOURCE_LOCK "redis;s3" TIMEOUT 600)
# kill -9 recovery of jobs with joins (#14): an interval join of two Redis streams (+ a TUMBLE after it)
# and a lookup join of a Redis stream with a CSV table → S3; needs the redis and s3 fixtures.
weir_integration_test(recovery_joins_test redis ${CMAKE_CURRENT_SOURCE_DIR}/recovery_joins_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/redis_test_server.cpp ${CMAKE_CURRENT_SOURCE_DIR}/s3_test_server.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/weir_process.cpp ${CMAKE_CURRENT_SOURCE_DIR}/recovery_support.cpp)
target_link_libraries(recovery_joins_test PRIVATE weir_connectors)
add_dependencies(recovery_joins_test weir)
set_tests_properties(integration/recovery_joins_test PROPERTIES FIXTURES_REQUIRED "redis;s3"
                     RESOURCE_LOCK "redis;s3" TIMEOUT 300)
