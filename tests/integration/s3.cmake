# S3 sink integration tests: s3rver and the signature-verifying @20minutes/s3rver fork on loopback.
weir_service_fixture(s3)
weir_integration_test(s3_sink_test s3 ${CMAKE_CURRENT_SOURCE_DIR}/s3_sink_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/s3_test_server.cpp)
weir_integration_test(s3_checkpoint_test s3 ${CMAKE_CURRENT_SOURCE_DIR}/s3_checkpoint_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/s3_test_server.cpp)
# Issue #17: the s3 source (JSON, CSV, Parquet objects under a prefix).
weir_integration_test(s3_source_test s3 ${CMAKE_CURRENT_SOURCE_DIR}/s3_source_test.cpp
                      ${CMAKE_CURRENT_SOURCE_DIR}/s3_test_server.cpp)
