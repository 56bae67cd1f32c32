# PostgreSQL sink integration tests: a real PostgreSQL 15 server on loopback (tests/support/services/postgres.sh).
weir_service_fixture(postgres)
weir_integration_test(postgres_sink_test postgres ${CMAKE_CURRENT_SOURCE_DIR}/postgres_sink_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/postgres_test_server.cpp)
target_link_libraries(postgres_sink_test PRIVATE weir_connectors)
weir_integration_test(postgres_checkpoint_test postgres ${CMAKE_CURRENT_SOURCE_DIR}/postgres_checkpoint_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/postgres_test_server.cpp)
target_link_libraries(postgres_checkpoint_test PRIVATE weir_connectors)
