// Tests of JsonLineEncoder and CsvEncoder, including round trips through the decoders.
#include <gtest/gtest.h>

#include "batch_fixture.h"
#include "connectors/formats/csv_decoder.h"
#include "connectors/formats/csv_encoder.h"
#include "connectors/formats/json_line_decoder.h"
#include "connectors/formats/json_line_encoder.h"

namespace weir {
namespace {

TEST(JsonLineEncoderTest, EncodesLiveRowsWithNullsNanAndEscapes) {
    Batch batch = fixture_batch();
    std::string out;
    JsonLineEncoder(fixture_schema()).append(batch, out);
    EXPECT_EQ(out,
              R"({"city":"Warsaw","temp":3.5,"n":10,"ok":true,"ts":"2025-01-15T14:00:00Z"})" "\n"
              R"({"city":"Say \"hi\", ok","temp":null,"n":null,"ok":false,"ts":"2025-01-15T14:30:00.25Z"})" "\n"
              R"({"city":null,"temp":null,"n":-1,"ok":null,"ts":null})" "\n");
    batch.set_selection({2});
    out.clear();
    JsonLineEncoder(fixture_schema()).append(batch, out);
    EXPECT_EQ(out, R"({"city":null,"temp":null,"n":-1,"ok":null,"ts":null})" "\n");
}

TEST(JsonLineEncoderTest, EscapesControlCharacters) {
    std::string out;
    JsonLineEncoder::append_string(std::string("a\\b\n\x01\t", 6), out);
    EXPECT_EQ(out, R"("a\\b\n\u0001\t")");
}

TEST(JsonLineEncoderTest, RoundTripsThroughTheDecoder) {
    Batch batch = fixture_batch();
    std::string out;
    JsonLineEncoder(fixture_schema()).append(batch, out);
    JsonLineDecoder decoder(fixture_schema(), TimestampFormat::Iso, std::nullopt);
    Batch back;
    decoder.begin_batch(back, 3);
    std::string reason;
    size_t row = 0, start = 0;
    while (start < out.size()) {
        size_t end = out.find('\n', start);
        ASSERT_TRUE(decoder.decode(std::string_view(out).substr(start, end - start), back, row++, reason)) << reason;
        start = end + 1;
    }
    EXPECT_EQ(back.columns[0].strings()[1], "Say \"hi\", ok");
    EXPECT_EQ(back.columns[4].ints()[1], batch.columns[4].ints()[1]);
    EXPECT_TRUE(back.columns[1].is_null(2));  // NaN became null
}

TEST(CsvEncoderTest, HeaderQuotingAndNulls) {
    Batch batch = fixture_batch();
    CsvEncoder encoder(fixture_schema());
    std::string out;
    encoder.append_header(out);
    encoder.append(batch, out);
    EXPECT_EQ(out,
              "city,temp,n,ok,ts\n"
              "Warsaw,3.5,10,true,2025-01-15 14:00:00\n"
              "\"Say \"\"hi\"\", ok\",,,false,2025-01-15 14:30:00.25\n"
              ",nan,-1,,\n");
    std::string field;
    encoder.append_field("", field);
    encoder.append_field("two\nlines", field);
    EXPECT_EQ(field, "\"\"\"two\nlines\"");
}

TEST(CsvEncoderTest, RoundTripsThroughTheDecoder) {
    Batch batch = fixture_batch();
    batch.set_selection({0, 1});
    CsvEncoder encoder(fixture_schema());
    std::string out;
    encoder.append(batch, out);
    CsvDecoder decoder(fixture_schema(), TimestampFormat::Iso, std::nullopt, ',');
    decoder.set_header("city,temp,n,ok,ts");
    Batch back;
    decoder.begin_batch(back, 2);
    std::string reason;
    std::string_view text = out;
    for (size_t row = 0; row < 2; row++) {
        size_t end = CsvDecoder::find_record_end(text);
        ASSERT_TRUE(decoder.decode(text.substr(0, end), back, row, reason)) << reason;
        text.remove_prefix(end + 1);
    }
    EXPECT_EQ(back.columns[0].strings()[1], "Say \"hi\", ok");
    EXPECT_TRUE(back.columns[1].is_null(1));
    EXPECT_EQ(back.columns[4].ints()[1], batch.columns[4].ints()[1]);
}

}  // namespace
}  // namespace weir
