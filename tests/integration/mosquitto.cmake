# MQTT source and sink integration tests (issue 18): two real mosquitto brokers on loopback, one with a
# password file (tests/support/services/mosquitto.sh).
weir_service_fixture(mosquitto)
file(GLOB mqtt_integration_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/mqtt_*_test.cpp)
weir_integration_test(mqtt_tests mosquitto ${mqtt_integration_sources} ${CMAKE_CURRENT_SOURCE_DIR}/mqtt_test_broker.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/weir_process.cpp)
add_dependencies(mqtt_tests weir)
# examples/arduino_bridge.sql end to end: needs the mosquitto and the kafka fixtures.
weir_integration_test(arduino_bridge_test mosquitto ${CMAKE_CURRENT_SOURCE_DIR}/arduino_bridge_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/mqtt_test_broker.cpp ${CMAKE_CURRENT_SOURCE_DIR}/weir_process.cpp)
add_dependencies(arduino_bridge_test weir weir_kafka_mock)
set_tests_properties(integration/arduino_bridge_test PROPERTIES FIXTURES_REQUIRED "mosquitto;kafka"
                     RESOURCE_LOCK "mosquitto;kafka")
