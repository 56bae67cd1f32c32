# PostgreSQL sink integration tests: a real PostgreSQL 15 server on loopback (tests/support/services/postgres.sh).
weir_service_fixture(postgres)
weir_integration_test(postgres_sink_test postgres ${CMAKE_CURRENT_SOURCE_DIR}/postgres_sink_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/postgres_test_server.cpp)
target_link_libraries(postgres_sink_test PRIVATE weir_connectors)
weir_integration_test(postgres_checkpoint_test postgres ${CMAKE_CURRENT_SOURCE_DIR}/postgres_checkpoint_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/postgres_test_server.cpp)
target_link_libraries(postgres_checkpoint_test PRIVATE weir_connectors)
# issue 18: the PostgreSQL source (snapshot and incremental modes).
weir_integration_test(postgres_source_test postgres ${CMAKE_CURRENT_SOURCE_DIR}/postgres_source_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/postgres_test_server.cpp ${CMAKE_CURRENT_SOURCE_DIR}/weir_process.cpp)
add_dependencies(postgres_source_test weir)
