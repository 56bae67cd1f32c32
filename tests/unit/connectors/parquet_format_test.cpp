// Parquet writer and reader: hand-computed encodings, round trips over types, NULLs, pages and codecs, corrupt files.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "common/weir_error.h"
#include "connectors/formats/parquet/parquet_file_metadata.h"
#include "connectors/formats/parquet/parquet_reader.h"
#include "connectors/formats/parquet/parquet_writer.h"
#include "connectors/formats/parquet/rle_hybrid_decoder.h"
#include "connectors/formats/parquet/rle_hybrid_encoder.h"
#include "connectors/formats/parquet/thrift_compact_reader.h"
#include "connectors/formats/parquet/thrift_compact_writer.h"

namespace weir {
namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out.push_back(static_cast<char>(v));
    return out;
}

TEST(ParquetFormat, ThriftCompactFieldsAsTheSpecEncodesThem) {
    std::string out;
    ThriftCompactWriter writer(out);
    writer.begin_struct();
    writer.field_i32(1, 5);        // delta 1, type 5; zigzag 10
    writer.field_binary(3, "ab");  // delta 2, type 8; length 2
    writer.field_i64(20, -1);      // delta 17: long form, type 6, zigzag id 40; zigzag -1 = 1
    writer.begin_list(21, ThriftCompactWriter::I32, 2);
    writer.element_i32(1);
    writer.element_i32(-2);
    writer.end_struct();
    EXPECT_EQ(out, bytes({0x15, 0x0A, 0x28, 0x02, 'a', 'b', 0x06, 0x28, 0x01, 0x19, 0x25, 0x02, 0x03, 0x00}));

    ThriftCompactReader in(out);
    in.begin_struct();
    int16_t id = 0;
    uint8_t type = 0;
    ASSERT_TRUE(in.next_field(id, type));
    EXPECT_EQ(id, 1);
    EXPECT_EQ(in.read_i32(type), 5);
    ASSERT_TRUE(in.next_field(id, type));
    EXPECT_EQ(in.read_binary(type), "ab");
    ASSERT_TRUE(in.next_field(id, type));
    EXPECT_EQ(id, 20);
    EXPECT_EQ(in.read_i64(type), -1);
    ASSERT_TRUE(in.next_field(id, type));
    EXPECT_EQ(id, 21);
    in.skip(type);
    EXPECT_FALSE(in.next_field(id, type));
}

TEST(ParquetFormat, ThriftReaderRejectsTruncationAndDeepNesting) {
    std::string truncated = bytes({0x18, 0x05, 'a'});  // field 1: binary of 5 bytes, 1 present
    EXPECT_THROW({
        ThriftCompactReader in(truncated);
        in.skip(12);
    }, WeirError);
    std::string deep(200, static_cast<char>(0x1C));  // field 1 of type struct, nested 200 times
    EXPECT_THROW({
        ThriftCompactReader in(deep);
        in.skip(12);
    }, WeirError);
}

TEST(ParquetFormat, RleHybridRunsAsTheSpecEncodesThem) {
    std::vector<uint32_t> ten_ones(10, 1);
    std::string out;
    RleHybridEncoder::encode(ten_ones.data(), ten_ones.size(), 1, out);
    EXPECT_EQ(out, bytes({0x14, 0x01}));  // RLE run: 10 << 1, value in one byte

    std::vector<uint32_t> mixed = {1, 0, 1, 1, 0, 0, 0, 1};
    out.clear();
    RleHybridEncoder::encode(mixed.data(), mixed.size(), 1, out);
    EXPECT_EQ(out, bytes({0x03, 0x8D}));  // one bit-packed group: 1 << 1 | 1; bits LSB first 10110001

    std::vector<uint32_t> three = {5, 6, 7};  // width 3, padded to a group of 8
    out.clear();
    RleHybridEncoder::encode(three.data(), three.size(), 3, out);
    EXPECT_EQ(out, bytes({0x03, 0xF5, 0x01, 0x00}));  // 5, 6, 7 LSB first: bits 101 011 111 → 0xF5 0x01

    std::vector<uint32_t> back(3);
    RleHybridDecoder decoder(std::string_view(out).substr(0), 3);
    EXPECT_EQ(decoder.next(back.data(), 3), 3u);
    EXPECT_EQ(back, three);
}

TEST(ParquetFormat, RleHybridRoundTripsMixedRunsAtEveryWidth) {
    std::mt19937 random(7);
    for (int width = 1; width <= 32; width += 3) {
        std::vector<uint32_t> values;
        uint32_t mask = width == 32 ? 0xFFFFFFFFu : ((1u << width) - 1);
        for (int run = 0; run < 40; run++) {
            size_t length = random() % 20 + 1;
            bool repeat = random() % 2;
            uint32_t value = random() & mask;
            for (size_t i = 0; i < length; i++) values.push_back(repeat ? value : (random() & mask));
        }
        std::string out;
        RleHybridEncoder::encode(values.data(), values.size(), width, out);
        std::vector<uint32_t> back(values.size());
        RleHybridDecoder decoder(out, width);
        ASSERT_EQ(decoder.next(back.data(), back.size()), values.size());
        EXPECT_EQ(back, values) << "width " << width;
    }
}

// Rows i = 0..n-1: id = i * 7 - 50 (NULL when i % 11 == 3), name = "city-<i % 5>" (or a long unique text
// when i % 13 == 0, NULL when i % 17 == 2), temp = i / 4.0 (NULL when i % 3 == 1), ok = i % 2 == 0 (NULL
// when i % 7 == 6), ts = 2025-01-15 + i seconds (NULL when i % 19 == 5).
Schema row_schema() {
    return Schema({{"id", TypeId::BigInt}, {"name", TypeId::Text}, {"temp", TypeId::Double}, {"ok", TypeId::Boolean},
                   {"ts", TypeId::Timestamp}});
}
constexpr int64_t kBaseTime = 1736899200LL * 1000000;

std::string name_of(size_t i) {
    return i % 13 == 0 ? "unique text number " + std::to_string(i) + std::string(i % 50, 'x') : "city-" + std::to_string(i % 5);
}

Batch make_rows(size_t begin, size_t count) {
    Schema schema = row_schema();
    Batch batch;
    batch.columns.resize(schema.size());
    for (size_t c = 0; c < schema.size(); c++) batch.columns[c].reset(schema[c].type, count);
    batch.set_size(count);
    for (size_t r = 0; r < count; r++) {
        size_t i = begin + r;
        batch.columns[0].ints()[r] = static_cast<int64_t>(i) * 7 - 50;
        if (i % 11 == 3) batch.columns[0].set_null(r);
        batch.columns[1].strings()[r] = batch.arena().add(name_of(i));
        if (i % 17 == 2) batch.columns[1].set_null(r);
        batch.columns[2].doubles()[r] = static_cast<double>(i) / 4.0;
        if (i % 3 == 1) batch.columns[2].set_null(r);
        batch.columns[3].bools()[r] = i % 2 == 0;
        if (i % 7 == 6) batch.columns[3].set_null(r);
        batch.columns[4].ints()[r] = kBaseTime + static_cast<int64_t>(i) * 1000000;
        if (i % 19 == 5) batch.columns[4].set_null(r);
    }
    return batch;
}

void expect_rows(const Batch &batch, size_t begin) {
    for (size_t r = 0; r < batch.size(); r++) {
        size_t i = begin + r;
        SCOPED_TRACE("row " + std::to_string(i));
        ASSERT_EQ(batch.columns[0].is_null(r), i % 11 == 3);
        if (i % 11 != 3) { ASSERT_EQ(batch.columns[0].ints()[r], static_cast<int64_t>(i) * 7 - 50); }
        ASSERT_EQ(batch.columns[1].is_null(r), i % 17 == 2);
        if (i % 17 != 2) { ASSERT_EQ(batch.columns[1].strings()[r], name_of(i)); }
        ASSERT_EQ(batch.columns[2].is_null(r), i % 3 == 1);
        if (i % 3 != 1) { ASSERT_EQ(batch.columns[2].doubles()[r], static_cast<double>(i) / 4.0); }
        ASSERT_EQ(batch.columns[3].is_null(r), i % 7 == 6);
        if (i % 7 != 6) { ASSERT_EQ(batch.columns[3].bools()[r], i % 2 == 0 ? 1 : 0); }
        ASSERT_EQ(batch.columns[4].is_null(r), i % 19 == 5);
        if (i % 19 != 5) { ASSERT_EQ(batch.columns[4].ints()[r], kBaseTime + static_cast<int64_t>(i) * 1000000); }
    }
}

ParquetReader reader_of(const std::string &file) {
    return ParquetReader("test.parquet", file.size(), [&file](uint64_t offset, size_t size) {
        return file.substr(offset, size);
    });
}

std::string write_rows(size_t rows, const ParquetWriterOptions &options, size_t batch_size) {
    ParquetWriter writer(row_schema(), options);
    for (size_t begin = 0; begin < rows; begin += batch_size) {
        writer.append(make_rows(begin, std::min(batch_size, rows - begin)));
    }
    EXPECT_EQ(writer.rows(), static_cast<int64_t>(rows));
    return writer.finish();
}

void expect_round_trip(const std::string &file, size_t rows, size_t read_batch) {
    ParquetReader reader = reader_of(file);
    reader.open();
    EXPECT_EQ(reader.metadata().num_rows, static_cast<int64_t>(rows));
    reader.select(row_schema());
    size_t seen = 0;
    Batch batch;
    while (reader.next(batch, read_batch)) {
        expect_rows(batch, seen);
        if (testing::Test::HasFatalFailure()) return;
        seen += batch.size();
    }
    EXPECT_EQ(seen, rows);
}

TEST(ParquetFormat, RoundTripsEveryTypeNullPatternPageKindAndCodec) {
    for (const char *codec : {"none", "snappy", "gzip", "zstd"}) {
        for (bool dictionary : {true, false}) {
            for (bool v2 : {false, true}) {
                SCOPED_TRACE(std::string(codec) + (dictionary ? " dictionary" : " plain") + (v2 ? " v2" : " v1"));
                ParquetWriterOptions options;
                options.compression = ParquetCodec::parse(codec);
                options.dictionary = dictionary;
                options.data_page_v2 = v2;
                options.row_group_rows = 1000;
                options.page_bytes = 2000;
                std::string file = write_rows(2500, options, 333);
                expect_round_trip(file, 2500, 2048);
                expect_round_trip(file, 2500, 7);
            }
        }
    }
}

TEST(ParquetFormat, DictionaryFallsBackToPlainWhenItGrowsTooLarge) {
    ParquetWriterOptions options;
    options.dictionary_bytes = 300;  // the unique texts overflow it within the first rows
    options.page_bytes = 500;
    std::string small = write_rows(3000, options, 100);
    expect_round_trip(small, 3000, 1000);
    options.dictionary_bytes = 1 << 20;
    std::string big = write_rows(3000, options, 100);
    expect_round_trip(big, 3000, 1000);
    EXPECT_NE(small.size(), big.size());
}

TEST(ParquetFormat, FooterStatisticsHoldMinMaxAndNullCount) {
    ParquetWriterOptions options;
    options.row_group_rows = 10;
    std::string file = write_rows(25, options, 25);
    std::string footer_length = file.substr(file.size() - 8, 4);
    uint32_t length;
    std::memcpy(&length, footer_length.data(), 4);
    ParquetFileMetadata metadata = ParquetFileMetadata::parse(std::string_view(file).substr(file.size() - 8 - length, length));
    ASSERT_EQ(metadata.row_groups.size(), 3u);
    ASSERT_EQ(metadata.leaves.size(), 5u);
    EXPECT_EQ(metadata.leaves[4].logical, 8);    // TIMESTAMP
    EXPECT_EQ(metadata.leaves[4].time_unit, 2);  // MICROS
    // Row group 1 holds rows 10..19: ids 20..83 step 7, row 14 NULL (14 % 11 == 3).
    const ParquetStatistics &ids = metadata.row_groups[1].columns[0].statistics;
    ASSERT_TRUE(ids.has_min_max);
    int64_t min, max;
    std::memcpy(&min, ids.min.data(), 8);
    std::memcpy(&max, ids.max.data(), 8);
    EXPECT_EQ(min, 20);
    EXPECT_EQ(max, 83);
    EXPECT_EQ(ids.null_count, 1);
    // Names of rows 10..19: city-0..city-4, row 13 unique, row 19 NULL (19 % 17 == 2).
    const ParquetStatistics &names = metadata.row_groups[1].columns[1].statistics;
    EXPECT_EQ(names.min, "city-0");
    EXPECT_EQ(names.max, "unique text number 13" + std::string(13, 'x'));
    EXPECT_EQ(names.null_count, 1);
}

TEST(ParquetFormat, ProjectionReadsChosenColumnsInAnyOrderAndSkipsRows) {
    std::string file = write_rows(500, ParquetWriterOptions{}, 100);
    ParquetReader reader = reader_of(file);
    reader.open();
    reader.select(Schema({{"TS", TypeId::Timestamp}, {"id", TypeId::Double}}));
    reader.skip_rows(123);
    Batch batch;
    ASSERT_TRUE(reader.next(batch, 10));
    ASSERT_EQ(batch.columns.size(), 2u);
    EXPECT_EQ(batch.columns[0].ints()[0], kBaseTime + 123 * 1000000);
    EXPECT_EQ(batch.columns[1].doubles()[0], 123.0 * 7 - 50);
    EXPECT_EQ(reader.row(), 133);

    ParquetReader wrong = reader_of(file);
    wrong.open();
    EXPECT_THROW(wrong.select(Schema({{"name", TypeId::BigInt}})), WeirError);
    EXPECT_THROW(wrong.select(Schema({{"missing", TypeId::BigInt}})), WeirError);
}

TEST(ParquetFormat, CorruptFilesAreErrorsNeverCrashes) {
    ParquetWriterOptions options;
    options.row_group_rows = 40;
    options.compression = ParquetCompression::Snappy;
    std::string file = write_rows(100, options, 100);
    std::mt19937 random(11);
    auto read_all = [](const std::string &bytes) {
        ParquetReader reader = reader_of(bytes);
        reader.open();
        reader.select(row_schema());
        Batch batch;
        while (reader.next(batch, 64)) {
        }
    };
    for (size_t cut = 0; cut < file.size(); cut += 7) {
        EXPECT_THROW(read_all(file.substr(0, cut)), WeirError);
    }
    for (int round = 0; round < 3000; round++) {
        std::string damaged = file;
        for (int flips = 0; flips < 3; flips++) damaged[random() % damaged.size()] ^= static_cast<char>(1 << (random() % 8));
        try {
            read_all(damaged);
        } catch (const WeirError &) {
        }
    }
}

}  // namespace
}  // namespace weir
