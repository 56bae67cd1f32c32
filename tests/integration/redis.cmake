# Redis Streams integration tests: a real redis-server (and one with a password) on loopback.
weir_service_fixture(redis)
weir_integration_test(redis_streams_test redis ${CMAKE_CURRENT_SOURCE_DIR}/redis_streams_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/redis_test_server.cpp)
weir_integration_test(redis_position_test redis ${CMAKE_CURRENT_SOURCE_DIR}/redis_position_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/redis_test_server.cpp)
weir_integration_test(redis_acknowledge_test redis ${CMAKE_CURRENT_SOURCE_DIR}/redis_acknowledge_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/redis_test_server.cpp)
