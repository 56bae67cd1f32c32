# The mock Kafka cluster program, its service fixture and the Kafka integration tests.
add_executable(weir_kafka_mock ${CMAKE_SOURCE_DIR}/tests/support/kafka_mock/kafka_mock.cpp)
target_link_libraries(weir_kafka_mock PRIVATE PkgConfig::RDKAFKA)

weir_service_fixture(kafka)
set_tests_properties(service/kafka/start PROPERTIES ENVIRONMENT "WEIR_KAFKA_MOCK=$<TARGET_FILE:weir_kafka_mock>")

file(GLOB kafka_integration_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/kafka_*.cpp)
if(kafka_integration_sources)
  weir_integration_test(kafka_tests kafka ${kafka_integration_sources})
  add_dependencies(kafka_tests weir_kafka_mock weir)
endif()
# kill -9 recovery and fault points of a Kafka → HOP → PostgreSQL (append, exactly once) pipeline: needs
# both the kafka and the postgres fixtures.
weir_integration_test(recovery_kafka_postgres_test kafka ${CMAKE_CURRENT_SOURCE_DIR}/recovery_kafka_postgres_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/postgres_test_server.cpp ${CMAKE_CURRENT_SOURCE_DIR}/weir_process.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/recovery_support.cpp)
add_dependencies(recovery_kafka_postgres_test weir_kafka_mock weir)
set_tests_properties(integration/recovery_kafka_postgres_test PROPERTIES FIXTURES_REQUIRED "kafka;postgres"
                     RESOURCE_LOCK "kafka;postgres" TIMEOUT 600)
