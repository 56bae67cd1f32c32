// SigV4 signing against the worked examples AWS publishes for S3 ("Signature Calculations for the
// Authorization Header: Transferring Payload in a Single Chunk") and hand-computed encodings.
#include <gtest/gtest.h>

#include <chrono>

#include "connectors/s3/sha256.h"
#include "connectors/s3/sig_v4_signer.h"

namespace weir {
namespace {

// The credentials, bucket and time of AWS's S3 examples.
const char *kAccessKey = "AKIAIOSFODNN7EXAMPLE";
const char *kSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const char *kDate = "20130524T000000Z";
const char *kHost = "examplebucket.s3.amazonaws.com";
const char *kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

SigV4Signer example_signer() { return SigV4Signer(kAccessKey, kSecretKey, "us-east-1"); }

SigV4Request get_object_example() {
    SigV4Request request;
    request.method = "GET";
    request.path = "/test.txt";
    request.headers = {{"Host", kHost}, {"Range", "bytes=0-9"}, {"x-amz-content-sha256", kEmptyHash},
                       {"x-amz-date", kDate}};
    request.payload_hash = kEmptyHash;
    return request;
}

TEST(S3SigV4Signer, Sha256OfTheEmptyStringAndOfAPayload) {
    EXPECT_EQ(Sha256::hex_digest(""), kEmptyHash);
    // The payload hash of AWS's PUT example.
    EXPECT_EQ(Sha256::hex_digest("Welcome to Amazon S3."),
              "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
}

TEST(S3SigV4Signer, GetObjectExampleCanonicalRequestStringToSignAndSignature) {
    SigV4Request request = get_object_example();
    EXPECT_EQ(SigV4Signer::canonical_request(request),
              "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
              "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
              "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    SigV4Signer signer = example_signer();
    EXPECT_EQ(signer.string_to_sign(request, kDate),
              "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
              "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
    EXPECT_EQ(signer.authorization(request, kDate),
              "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
              "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
              "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(S3SigV4Signer, PutObjectExampleEncodesTheDollarSign) {
    SigV4Request request;
    request.method = "PUT";
    request.path = "/test$file.text";
    request.payload_hash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    request.headers = {{"Host", kHost},
                       {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                       {"x-amz-date", kDate},
                       {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                       {"x-amz-content-sha256", request.payload_hash}};
    EXPECT_EQ(SigV4Signer::canonical_request(request).substr(0, 21), "PUT\n/test%24file.text");
    EXPECT_EQ(SigV4Signer::signed_headers(request), "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class");
    EXPECT_EQ(example_signer().signature(request, kDate),
              "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(S3SigV4Signer, GetBucketLifecycleExampleHasAQueryNameWithoutValue) {
    SigV4Request request;
    request.method = "GET";
    request.path = "/";
    request.query = {{"lifecycle", ""}};
    request.payload_hash = kEmptyHash;
    request.headers = {{"Host", kHost}, {"x-amz-date", kDate}, {"x-amz-content-sha256", kEmptyHash}};
    EXPECT_EQ(SigV4Signer::canonical_query(request.query), "lifecycle=");
    EXPECT_EQ(example_signer().signature(request, kDate),
              "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(S3SigV4Signer, ListObjectsExampleSortsTheQuery) {
    SigV4Request request;
    request.method = "GET";
    request.path = "/";
    request.query = {{"prefix", "J"}, {"max-keys", "2"}};
    request.payload_hash = kEmptyHash;
    request.headers = {{"Host", kHost}, {"x-amz-date", kDate}, {"x-amz-content-sha256", kEmptyHash}};
    EXPECT_EQ(SigV4Signer::canonical_query(request.query), "max-keys=2&prefix=J");
    EXPECT_EQ(example_signer().signature(request, kDate),
              "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(S3SigV4Signer, HivePartitionPathsEncodeEqualsAndPercent) {
    EXPECT_EQ(SigV4Signer::canonical_uri("/bucket/raw/sensor_type=air_quality/city=Warsaw/year=2025/x-0-1.json"),
              "/bucket/raw/sensor_type%3Dair_quality/city%3DWarsaw/year%3D2025/x-0-1.json");
    // A value the partitioner escaped ("a=b" → "a%3Db") is encoded once more, as S3 stores the key literally.
    EXPECT_EQ(SigV4Signer::canonical_uri("/b/k=a%3Db/"), "/b/k%3Da%253Db/");
    EXPECT_EQ(SigV4Signer::canonical_uri("/b/S\xC3\xA3o Paulo+x~y"), "/b/S%C3%A3o%20Paulo%2Bx~y");
    EXPECT_EQ(SigV4Signer::canonical_uri(""), "/");
    EXPECT_EQ(SigV4Signer::uri_encode("a/b", false), "a%2Fb");
    EXPECT_EQ(SigV4Signer::canonical_query({{"continuation-token", "1/2+3="}, {"list-type", "2"}}),
              "continuation-token=1%2F2%2B3%3D&list-type=2");
}

TEST(S3SigV4Signer, HeaderValuesAreTrimmedAndNamesLowerCased) {
    SigV4Request request;
    request.method = "PUT";
    request.path = "/b/k";
    request.payload_hash = kEmptyHash;
    request.headers = {{"X-Amz-Meta-Note", "  two   words  "}, {"HOST", "h:9000"}};
    EXPECT_EQ(SigV4Signer::canonical_request(request),
              std::string("PUT\n/b/k\n\nhost:h:9000\nx-amz-meta-note:two words\n\nhost;x-amz-meta-note\n") + kEmptyHash);
}

TEST(S3SigV4Signer, AmzDateIsBasicIsoUtc) {
    auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1369353600));
    EXPECT_EQ(SigV4Signer::amz_date(when), "20130524T000000Z");
    EXPECT_EQ(SigV4Signer::amz_date(when + std::chrono::seconds(3600 * 14 + 61)), "20130524T140101Z");
}

TEST(S3SigV4Signer, TheSecretChangesTheSignatureButNeverAppearsInTheHeader) {
    SigV4Request request = get_object_example();
    SigV4Signer wrong(kAccessKey, "not-the-secret", "us-east-1");
    std::string header = wrong.authorization(request, kDate);
    EXPECT_EQ(header.find("not-the-secret"), std::string::npos);
    EXPECT_EQ(header.find("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"), std::string::npos);
    EXPECT_EQ(example_signer().authorization(request, kDate).find(kSecretKey), std::string::npos);
}

}  // namespace
}  // namespace weir
