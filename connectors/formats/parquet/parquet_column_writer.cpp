// Dictionary / PLAIN page encoding of one column chunk, with definition levels and statistics.
#include "connectors/formats/parquet/parquet_column_writer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "connectors/formats/parquet/parquet_format.h"
#include "connectors/formats/parquet/rle_hybrid_encoder.h"
#include "connectors/formats/parquet/thrift_compact_writer.h"

namespace weir {
namespace {

// A chunk whose dictionary holds more than half as many entries as it has values after this many values
// falls back to PLAIN.
constexpr size_t kDistinctCheckValues = 4096;

void put_u32(uint32_t value, std::string &out) {
    char bytes[4];
    std::memcpy(bytes, &value, 4);  // little-endian hosts only (x86-64, aarch64)
    out.append(bytes, 4);
}

template <typename T>
void put_plain(T value, std::string &out) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

template <typename T>
std::string plain_bytes(T value) {
    std::string out;
    put_plain(value, out);
    return out;
}

}  // namespace

int32_t ParquetColumnWriter::physical_type(TypeId type) {
    switch (type) {
    case TypeId::BigInt:
    case TypeId::Timestamp:
    case TypeId::Interval:
        return parquet::Int64;
    case TypeId::Double:
        return parquet::Double;
    case TypeId::Text:
        return parquet::ByteArray;
    default:
        return parquet::Boolean;
    }
}

ParquetColumnWriter::ParquetColumnWriter(TypeId type, const ParquetWriterOptions &options)
    : type_(type), physical_(physical_type(type)), options_(options) {
    reset_chunk();
}

void ParquetColumnWriter::reset_chunk() {
    use_dictionary_ = options_.dictionary && physical_ != parquet::Boolean;
    pages_.clear();
    dictionary_plain_.clear();
    dictionary_size_ = 0;
    int_index_.clear();
    string_index_.clear();
    arena_.clear();
    info_ = ParquetChunkInfo{};
    dictionary_pages_ = false;
    indexed_ = 0;
    has_value_ = false;
    min_text_.clear();
    max_text_.clear();
}

void ParquetColumnWriter::append(const ColumnVector &column, const uint32_t *rows, size_t count) {
    switch (physical_) {
    case parquet::Int64:
        append_ints(column, rows, count);
        break;
    case parquet::Double:
        append_doubles(column, rows, count);
        break;
    case parquet::ByteArray:
        append_strings(column, rows, count);
        break;
    default:
        append_bools(column, rows, count);
        break;
    }
    info_.num_values += static_cast<int64_t>(count);
    // A dictionary too large, or barely smaller than the values (mostly distinct values, such as event
    // times), costs more than it saves: the rest of the chunk is PLAIN.
    size_t values = indexed_ + indexes_.size();
    bool mostly_distinct = values >= kDistinctCheckValues && dictionary_size_ * 2 > values;
    if (use_dictionary_ && (dictionary_plain_.size() > options_.dictionary_bytes || mostly_distinct)) {
        flush_page();
        use_dictionary_ = false;  // the rest of the chunk is PLAIN
    }
    if (page_bytes() >= options_.page_bytes) flush_page();
}

void ParquetColumnWriter::append_ints(const ColumnVector &column, const uint32_t *rows, size_t count) {
    const int64_t *values = column.ints();
    for (size_t i = 0; i < count; i++) {
        uint32_t row = rows[i];
        if (column.is_null(row)) {
            levels_.push_back(0);
            page_nulls_++;
            continue;
        }
        levels_.push_back(1);
        int64_t value = values[row];
        if (!has_value_) {
            min_int_ = max_int_ = value;
            has_value_ = true;
        }
        min_int_ = std::min(min_int_, value);
        max_int_ = std::max(max_int_, value);
        if (use_dictionary_) {
            auto inserted = int_index_.try_emplace(value, static_cast<uint32_t>(dictionary_size_));
            if (inserted.second) {
                put_plain(value, dictionary_plain_);
                dictionary_size_++;
            }
            indexes_.push_back(inserted.first->second);
        } else {
            put_plain(value, plain_);
        }
    }
}

void ParquetColumnWriter::append_doubles(const ColumnVector &column, const uint32_t *rows, size_t count) {
    const double *values = column.doubles();
    for (size_t i = 0; i < count; i++) {
        uint32_t row = rows[i];
        if (column.is_null(row)) {
            levels_.push_back(0);
            page_nulls_++;
            continue;
        }
        levels_.push_back(1);
        double value = values[row];
        if (!std::isnan(value)) {
            if (!has_value_) {
                min_double_ = max_double_ = value;
                has_value_ = true;
            }
            min_double_ = std::min(min_double_, value);
            max_double_ = std::max(max_double_, value);
        }
        if (use_dictionary_) {
            int64_t bits;
            std::memcpy(&bits, &value, sizeof bits);
            auto inserted = int_index_.try_emplace(bits, static_cast<uint32_t>(dictionary_size_));
            if (inserted.second) {
                put_plain(value, dictionary_plain_);
                dictionary_size_++;
            }
            indexes_.push_back(inserted.first->second);
        } else {
            put_plain(value, plain_);
        }
    }
}

void ParquetColumnWriter::append_strings(const ColumnVector &column, const uint32_t *rows, size_t count) {
    const std::string_view *values = column.strings();
    for (size_t i = 0; i < count; i++) {
        uint32_t row = rows[i];
        if (column.is_null(row)) {
            levels_.push_back(0);
            page_nulls_++;
            continue;
        }
        levels_.push_back(1);
        std::string_view value = values[row];
        if (!has_value_) {
            min_text_.assign(value);
            max_text_.assign(value);
            has_value_ = true;
        } else if (value < min_text_) {
            min_text_.assign(value);
        } else if (value > max_text_) {
            max_text_.assign(value);
        }
        if (use_dictionary_) {
            auto found = string_index_.find(value);
            if (found == string_index_.end()) {
                found = string_index_.emplace(arena_.add(value), static_cast<uint32_t>(dictionary_size_)).first;
                put_u32(static_cast<uint32_t>(value.size()), dictionary_plain_);
                dictionary_plain_.append(value.data(), value.size());
                dictionary_size_++;
            }
            indexes_.push_back(found->second);
        } else {
            put_u32(static_cast<uint32_t>(value.size()), plain_);
            plain_.append(value.data(), value.size());
        }
    }
}

void ParquetColumnWriter::append_bools(const ColumnVector &column, const uint32_t *rows, size_t count) {
    bool typed = type_ == TypeId::Boolean;
    const uint8_t *values = typed ? column.bools() : nullptr;
    for (size_t i = 0; i < count; i++) {
        uint32_t row = rows[i];
        if (!typed || column.is_null(row)) {
            levels_.push_back(0);
            page_nulls_++;
            continue;
        }
        levels_.push_back(1);
        uint8_t value = values[row] ? 1 : 0;
        if (!has_value_) {
            min_int_ = max_int_ = value;
            has_value_ = true;
        }
        min_int_ = std::min<int64_t>(min_int_, value);
        max_int_ = std::max<int64_t>(max_int_, value);
        plain_.push_back(static_cast<char>(value));
    }
}

size_t ParquetColumnWriter::page_bytes() const {
    if (physical_ == parquet::Boolean) return plain_.size() / 8 + levels_.size() / 8;
    return plain_.size() + indexes_.size() * 2 + levels_.size() / 8;
}

size_t ParquetColumnWriter::buffered_bytes() const { return pages_.size() + dictionary_plain_.size() + page_bytes(); }

void ParquetColumnWriter::add_encoding(int32_t encoding) {
    if (std::find(info_.encodings.begin(), info_.encodings.end(), encoding) == info_.encodings.end()) {
        info_.encodings.push_back(encoding);
    }
}

void ParquetColumnWriter::write_page_header(int32_t page_type, size_t uncompressed, size_t compressed, size_t values,
                                            int32_t encoding, size_t nulls, size_t levels_bytes,
                                            std::string &out) const {
    ThriftCompactWriter writer(out);
    writer.begin_struct();
    writer.field_i32(1, page_type);
    writer.field_i32(2, static_cast<int32_t>(uncompressed));
    writer.field_i32(3, static_cast<int32_t>(compressed));
    if (page_type == parquet::DataPage) {
        writer.begin_field_struct(5);
        writer.field_i32(1, static_cast<int32_t>(values));
        writer.field_i32(2, encoding);
        writer.field_i32(3, parquet::Rle);
        writer.field_i32(4, parquet::Rle);
        writer.end_struct();
    } else if (page_type == parquet::DictionaryPage) {
        writer.begin_field_struct(7);
        writer.field_i32(1, static_cast<int32_t>(values));
        writer.field_i32(2, parquet::Plain);
        writer.end_struct();
    } else {
        writer.begin_field_struct(8);
        writer.field_i32(1, static_cast<int32_t>(values));
        writer.field_i32(2, static_cast<int32_t>(nulls));
        writer.field_i32(3, static_cast<int32_t>(values));
        writer.field_i32(4, encoding);
        writer.field_i32(5, static_cast<int32_t>(levels_bytes));
        writer.field_i32(6, 0);
        writer.end_struct();
    }
    writer.end_struct();
}

void ParquetColumnWriter::flush_page() {
    if (levels_.empty()) return;
    // Levels: RLE hybrid of bit width 1.
    std::string levels;
    RleHybridEncoder::encode(levels_.data(), levels_.size(), 1, levels);
    // Values: dictionary indexes (bit width byte + RLE hybrid) or PLAIN.
    std::string values;
    int32_t encoding = parquet::Plain;
    bool dictionary = use_dictionary_ && dictionary_size_ > 0;
    if (dictionary) {
        encoding = parquet::RleDictionary;
        int width = RleHybridEncoder::bit_width_for(static_cast<uint32_t>(dictionary_size_ - 1));
        values.push_back(static_cast<char>(width));
        RleHybridEncoder::encode(indexes_.data(), indexes_.size(), width, values);
        dictionary_pages_ = true;
        indexed_ += indexes_.size();
    } else if (physical_ == parquet::Boolean) {
        values.assign((plain_.size() + 7) / 8, '\0');
        for (size_t i = 0; i < plain_.size(); i++) {
            if (plain_[i]) values[i >> 3] = static_cast<char>(values[i >> 3] | (1 << (i & 7)));
        }
    } else {
        values.swap(plain_);
    }
    add_encoding(encoding);
    add_encoding(parquet::Rle);

    std::string &body = scratch_;
    body.clear();
    size_t uncompressed = 0;
    int32_t page_type = options_.data_page_v2 ? parquet::DataPageV2 : parquet::DataPage;
    if (page_type == parquet::DataPage) {
        std::string raw;
        put_u32(static_cast<uint32_t>(levels.size()), raw);
        raw += levels;
        raw += values;
        uncompressed = raw.size();
        ParquetCodec::compress(options_.compression, raw, body);
    } else {
        body = levels;  // v2: levels stay uncompressed, without a length prefix
        uncompressed = levels.size() + values.size();
        ParquetCodec::compress(options_.compression, values, body);
    }
    size_t header_start = pages_.size();
    write_page_header(page_type, uncompressed, body.size(), levels_.size(), encoding, page_nulls_, levels.size(),
                      pages_);
    size_t header = pages_.size() - header_start;
    pages_ += body;
    info_.uncompressed_bytes += static_cast<int64_t>(header + uncompressed);
    info_.compressed_bytes += static_cast<int64_t>(header + body.size());
    info_.null_count += static_cast<int64_t>(page_nulls_);

    levels_.clear();
    indexes_.clear();
    plain_.clear();
    page_nulls_ = 0;
}

ParquetChunkInfo ParquetColumnWriter::finish(std::string &out) {
    flush_page();
    ParquetChunkInfo info = std::move(info_);
    if (dictionary_pages_) {
        std::string body;
        ParquetCodec::compress(options_.compression, dictionary_plain_, body);
        info.dictionary_offset = static_cast<int64_t>(out.size());
        size_t header_start = out.size();
        write_page_header(parquet::DictionaryPage, dictionary_plain_.size(), body.size(), dictionary_size_, 0, 0, 0,
                          out);
        size_t header = out.size() - header_start;
        out += body;
        info.uncompressed_bytes += static_cast<int64_t>(header + dictionary_plain_.size());
        info.compressed_bytes += static_cast<int64_t>(header + body.size());
        if (std::find(info.encodings.begin(), info.encodings.end(), parquet::Plain) == info.encodings.end()) {
            info.encodings.insert(info.encodings.begin(), parquet::Plain);
        }
    }
    info.data_offset = static_cast<int64_t>(out.size());
    out += pages_;
    if (has_value_) {
        info.has_min_max = true;
        if (physical_ == parquet::Int64) {
            info.min = plain_bytes(min_int_);
            info.max = plain_bytes(max_int_);
        } else if (physical_ == parquet::Double) {
            info.min = plain_bytes(min_double_);
            info.max = plain_bytes(max_double_);
        } else if (physical_ == parquet::ByteArray) {
            info.min = min_text_;
            info.max = max_text_;
        } else {
            info.min = std::string(1, static_cast<char>(min_int_));
            info.max = std::string(1, static_cast<char>(max_int_));
        }
    }
    reset_chunk();
    return info;
}

}  // namespace weir
