// Connector messages mask secrets by structure, never as substrings of other words (issue 13.7).
#include <gtest/gtest.h>

#include "common/weir_error.h"
#include "connectors/connector_registry.h"
#include "connectors/kafka/kafka_client_config.h"

namespace weir {
namespace {

TEST(ConnectorSecretMasking, S3EndpointWithUserinfoIsNotEchoedInItsValidationError) {
    std::map<std::string, std::string> options = {{"endpoint", "http://minio:Sup3rSecretPw@127.0.0.1:9000"},
                                                  {"bucket", "lake"}, {"access_key", "AK"}, {"secret_key", "sk-value"}};
    try {
        ConnectorRegistry::instance().validate_sink("s3", options);
        FAIL() << "an endpoint with user:secret@ must be refused";
    } catch (const WeirError &error) {
        std::string message = error.what();
        EXPECT_EQ(message.find("Sup3rSecretPw"), std::string::npos) << message;
        EXPECT_NE(message.find("got 'http://minio:***@127.0.0.1:9000'"), std::string::npos) << message;
    }
}

TEST(ConnectorSecretMasking, KafkaMaskLeavesWordsThatMerelyContainASecretAlone) {
    KafkaClientConfig config("kafka", {{"brokers", "127.0.0.1:9092"},
                                       {"kafka.sasl.username", "u"},
                                       {"kafka.sasl.password", "hunter22pw"}});
    EXPECT_EQ(config.mask("SASL authentication failure for u: hunter22pw rejected"),
              "SASL authentication failure for u: *** rejected");
    EXPECT_EQ(config.mask("failure: broker sasl.password=hunter22pw"), "failure: broker sasl.password=***");
}

}  // namespace
}  // namespace weir
