// Page headers, decompression, definition levels and value decoding of one column chunk.
#include "connectors/formats/parquet/parquet_column_reader.h"

#include <cstring>

#include "common/weir_error.h"
#include "connectors/formats/parquet/parquet_codec.h"
#include "connectors/formats/parquet/parquet_format.h"
#include "connectors/formats/parquet/thrift_compact_reader.h"

namespace weir {
namespace {

constexpr int64_t kMaxPageBytes = int64_t{1} << 30;
constexpr uint8_t kStruct = 12;

const char *physical_name(int32_t physical) {
    static const char *names[] = {"BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY",
                                  "FIXED_LEN_BYTE_ARRAY"};
    return physical >= 0 && physical < 8 ? names[physical] : "an unknown type";
}

bool is_timestamp(const ParquetLeaf &leaf) {
    return leaf.physical == parquet::Int64 &&
           (leaf.logical == parquet::TimestampType || leaf.converted == parquet::TimestampMillis ||
            leaf.converted == parquet::TimestampMicros);
}

struct PageHeader {
    int32_t type = -1;
    int32_t uncompressed = -1;
    int32_t compressed = -1;
    int32_t num_values = 0;
    int32_t encoding = 0;
    int32_t levels_bytes = 0;      // v2: definition levels
    int32_t repetition_bytes = 0;  // v2
    bool compressed_values = true;  // v2
};

void read_page_fields(ThriftCompactReader &in, PageHeader &header, int16_t which) {
    in.begin_struct();
    int16_t id = 0;
    uint8_t type = 0;
    while (in.next_field(id, type)) {
        if (id == 1) header.num_values = in.read_i32(type);
        else if (which == 5 && id == 2) header.encoding = in.read_i32(type);
        else if (which == 7 && id == 2) header.encoding = in.read_i32(type);
        else if (which == 8 && id == 4) header.encoding = in.read_i32(type);
        else if (which == 8 && id == 5) header.levels_bytes = in.read_i32(type);
        else if (which == 8 && id == 6) header.repetition_bytes = in.read_i32(type);
        else if (which == 8 && id == 7) header.compressed_values = in.read_bool(type);
        else in.skip(type);
    }
    in.end_struct();
}

}  // namespace

std::optional<std::string> ParquetColumnReader::check_type(const ParquetLeaf &leaf, TypeId target) {
    bool integer = (leaf.physical == parquet::Int64 || leaf.physical == parquet::Int32) && !is_timestamp(leaf);
    bool ok = false;
    switch (target) {
    case TypeId::BigInt: ok = integer; break;
    case TypeId::Double: ok = integer || leaf.physical == parquet::Double || leaf.physical == parquet::Float; break;
    case TypeId::Timestamp: ok = is_timestamp(leaf); break;
    case TypeId::Interval: ok = leaf.physical == parquet::Int64 && !is_timestamp(leaf); break;
    case TypeId::Text: ok = leaf.physical == parquet::ByteArray; break;
    case TypeId::Boolean: ok = leaf.physical == parquet::Boolean; break;
    default: break;
    }
    if (ok) return std::nullopt;
    return is_timestamp(leaf) ? std::string("INT64 (TIMESTAMP)") : std::string(physical_name(leaf.physical));
}

TypeId ParquetColumnReader::natural_type(const ParquetLeaf &leaf) {
    if (is_timestamp(leaf)) return TypeId::Timestamp;
    switch (leaf.physical) {
    case parquet::Boolean: return TypeId::Boolean;
    case parquet::Int32:
    case parquet::Int64: return TypeId::BigInt;
    case parquet::Float:
    case parquet::Double: return TypeId::Double;
    case parquet::ByteArray: return TypeId::Text;
    default: return TypeId::Null;
    }
}

ParquetColumnReader::ParquetColumnReader(std::string chunk, const ParquetLeaf &leaf, int32_t codec, TypeId target,
                                         int64_t rows)
    : chunk_(std::move(chunk)), leaf_(leaf), codec_(codec), target_(target), rows_left_(rows),
      optional_(leaf.repetition == parquet::Optional) {
    if (target == TypeId::Timestamp) {
        int16_t unit = leaf.time_unit;
        if (leaf.logical != parquet::TimestampType) unit = leaf.converted == parquet::TimestampMillis ? parquet::Millis : parquet::Micros;
        if (unit == parquet::Millis) scale_up_ = 1000;
        if (unit == parquet::Nanos) scale_down_ = 1000;
    }
}

void ParquetColumnReader::corrupt(const std::string &what) const {
    throw WeirError(ErrorKind::Data, "corrupt Parquet page in column `" + leaf_.name + "`: " + what);
}

std::string_view ParquetColumnReader::take_bytes(size_t size) {
    if (size > values_.size()) corrupt("values past the end of the page");
    std::string_view bytes = values_.substr(0, size);
    values_.remove_prefix(size);
    return bytes;
}

void ParquetColumnReader::load_dictionary(std::string_view data, int64_t count) {
    if (count < 0) corrupt("negative dictionary size");
    values_ = data;
    dict_ints_.clear();
    dict_doubles_.clear();
    dict_strings_.clear();
    dict_arena_ = std::make_shared<StringArena>();
    switch (leaf_.physical) {
    case parquet::Int64:
    case parquet::Int32:
    case parquet::Double:
    case parquet::Float: {
        size_t width = (leaf_.physical == parquet::Int64 || leaf_.physical == parquet::Double) ? 8 : 4;
        if (static_cast<uint64_t>(count) > data.size() / width) corrupt("dictionary longer than its page");
        for (int64_t i = 0; i < count; i++) {
            std::string_view bytes = take_bytes(width);
            if (leaf_.physical == parquet::Int64) { int64_t v; std::memcpy(&v, bytes.data(), 8); dict_ints_.push_back(v); }
            else if (leaf_.physical == parquet::Int32) { int32_t v; std::memcpy(&v, bytes.data(), 4); dict_ints_.push_back(v); }
            else if (leaf_.physical == parquet::Double) { double v; std::memcpy(&v, bytes.data(), 8); dict_doubles_.push_back(v); }
            else { float v; std::memcpy(&v, bytes.data(), 4); dict_doubles_.push_back(v); }
        }
        break;
    }
    case parquet::ByteArray:
        if (static_cast<uint64_t>(count) > data.size() / 4) corrupt("dictionary longer than its page");
        for (int64_t i = 0; i < count; i++) {
            uint32_t length;
            std::memcpy(&length, take_bytes(4).data(), 4);
            dict_strings_.push_back(dict_arena_->add(take_bytes(length)));
        }
        break;
    default:
        corrupt(std::string("dictionary page for a ") + physical_name(leaf_.physical) + " column");
    }
    has_dictionary_ = true;
}

bool ParquetColumnReader::load_page() {
    while (pos_ < chunk_.size()) {
        ThriftCompactReader in(std::string_view(chunk_).substr(pos_));
        PageHeader header;
        in.begin_struct();
        int16_t id = 0;
        uint8_t type = 0;
        while (in.next_field(id, type)) {
            if (id == 1) header.type = in.read_i32(type);
            else if (id == 2) header.uncompressed = in.read_i32(type);
            else if (id == 3) header.compressed = in.read_i32(type);
            else if ((id == 5 || id == 7 || id == 8) && type == kStruct) read_page_fields(in, header, id);
            else in.skip(type);
        }
        in.end_struct();
        pos_ += in.offset();
        if (header.compressed < 0 || header.uncompressed < 0 || header.uncompressed > kMaxPageBytes) {
            corrupt("page sizes out of range");
        }
        if (static_cast<size_t>(header.compressed) > chunk_.size() - pos_) corrupt("page longer than its column chunk");
        std::string_view body(chunk_.data() + pos_, header.compressed);
        pos_ += header.compressed;
        if (header.num_values < 0) corrupt("negative value count");

        if (header.type == parquet::DictionaryPage) {
            std::string data(header.uncompressed, '\0');
            ParquetCodec::decompress(codec_, body, data.data(), data.size());
            load_dictionary(data, header.num_values);
            continue;
        }
        if (header.type != parquet::DataPage && header.type != parquet::DataPageV2) continue;  // index pages

        std::string_view levels;
        if (header.type == parquet::DataPage) {
            page_.assign(header.uncompressed, '\0');
            ParquetCodec::decompress(codec_, body, page_.data(), page_.size());
            values_ = page_;
            if (optional_) {
                uint32_t length;
                std::memcpy(&length, take_bytes(4).data(), 4);
                levels = take_bytes(length);
            }
        } else {
            if (header.repetition_bytes != 0) corrupt("repetition levels in a flat column");
            if (header.levels_bytes < 0 || static_cast<size_t>(header.levels_bytes) > body.size() ||
                header.levels_bytes > header.uncompressed) {
                corrupt("definition levels longer than the page");
            }
            page_.assign(body.data(), header.levels_bytes);
            levels = std::string_view(page_);
            std::string_view rest = body.substr(header.levels_bytes);
            size_t size = static_cast<size_t>(header.uncompressed - header.levels_bytes);
            std::string values(size, '\0');
            if (header.compressed_values) ParquetCodec::decompress(codec_, rest, values.data(), size);
            else ParquetCodec::decompress(0, rest, values.data(), size);
            page_ += values;
            levels = std::string_view(page_).substr(0, header.levels_bytes);
            values_ = std::string_view(page_).substr(header.levels_bytes);
        }
        levels_.reset();
        if (optional_) levels_ = std::make_unique<RleHybridDecoder>(levels, 1);
        indexes_.reset();
        bool_bit_ = 0;
        switch (header.encoding) {
        case parquet::Plain:
            break;
        case parquet::PlainDictionary:
        case parquet::RleDictionary: {
            if (!has_dictionary_) corrupt("dictionary-encoded page without a dictionary page");
            int width = static_cast<uint8_t>(take_bytes(1)[0]);
            indexes_ = std::make_unique<RleHybridDecoder>(values_, width);
            values_ = {};
            strings_in_dictionary_ = true;
            break;
        }
        case parquet::Rle:
            if (leaf_.physical != parquet::Boolean) corrupt("RLE encoding for a non-BOOLEAN column");
            if (header.type == parquet::DataPage || true) {
                uint32_t length;
                std::memcpy(&length, take_bytes(4).data(), 4);
                indexes_ = std::make_unique<RleHybridDecoder>(take_bytes(length), 1);
            }
            break;
        default:
            throw WeirError(ErrorKind::Data, "Parquet encoding " + std::to_string(header.encoding) + " of column `" +
                                                 leaf_.name + "` is not supported (weir reads PLAIN and dictionary pages)");
        }
        page_left_ = static_cast<size_t>(header.num_values);
        if (page_left_ > 0) return true;
    }
    return false;
}

void ParquetColumnReader::decode_values(size_t count) {
    if (indexes_ && leaf_.physical != parquet::Boolean) {
        index_buffer_.resize(count);
        if (indexes_->next(index_buffer_.data(), count) != count) corrupt("fewer dictionary indexes than values");
        size_t size = leaf_.physical == parquet::ByteArray ? dict_strings_.size()
                      : (leaf_.physical == parquet::Double || leaf_.physical == parquet::Float) ? dict_doubles_.size()
                                                                                                 : dict_ints_.size();
        for (size_t i = 0; i < count; i++) {
            if (index_buffer_[i] >= size) corrupt("dictionary index out of range");
        }
        switch (leaf_.physical) {
        case parquet::ByteArray:
            strings_.resize(count);
            for (size_t i = 0; i < count; i++) strings_[i] = dict_strings_[index_buffer_[i]];
            break;
        case parquet::Double:
        case parquet::Float:
            doubles_.resize(count);
            for (size_t i = 0; i < count; i++) doubles_[i] = dict_doubles_[index_buffer_[i]];
            break;
        default:
            ints_.resize(count);
            for (size_t i = 0; i < count; i++) ints_[i] = dict_ints_[index_buffer_[i]];
        }
        return;
    }
    switch (leaf_.physical) {
    case parquet::Int64: {
        ints_.resize(count);
        std::string_view bytes = take_bytes(count * 8);
        if (count) std::memcpy(ints_.data(), bytes.data(), count * 8);
        break;
    }
    case parquet::Int32: {
        ints_.resize(count);
        std::string_view bytes = take_bytes(count * 4);
        for (size_t i = 0; i < count; i++) {
            int32_t v;
            std::memcpy(&v, bytes.data() + 4 * i, 4);
            ints_[i] = v;
        }
        break;
    }
    case parquet::Double: {
        doubles_.resize(count);
        std::string_view bytes = take_bytes(count * 8);
        if (count) std::memcpy(doubles_.data(), bytes.data(), count * 8);
        break;
    }
    case parquet::Float: {
        doubles_.resize(count);
        std::string_view bytes = take_bytes(count * 4);
        for (size_t i = 0; i < count; i++) {
            float v;
            std::memcpy(&v, bytes.data() + 4 * i, 4);
            doubles_[i] = v;
        }
        break;
    }
    case parquet::ByteArray:
        strings_.resize(count);
        strings_in_dictionary_ = false;
        for (size_t i = 0; i < count; i++) {
            uint32_t length;
            std::memcpy(&length, take_bytes(4).data(), 4);
            strings_[i] = take_bytes(length);
        }
        break;
    case parquet::Boolean:
        bools_.resize(count);
        if (indexes_) {
            index_buffer_.resize(count);
            if (indexes_->next(index_buffer_.data(), count) != count) corrupt("fewer booleans than values");
            for (size_t i = 0; i < count; i++) bools_[i] = index_buffer_[i] ? 1 : 0;
            break;
        }
        if ((bool_bit_ + count + 7) / 8 > values_.size()) corrupt("booleans past the end of the page");
        for (size_t i = 0; i < count; i++, bool_bit_++) {
            bools_[i] = (static_cast<uint8_t>(values_[bool_bit_ >> 3]) >> (bool_bit_ & 7)) & 1;
        }
        break;
    default:
        throw WeirError(ErrorKind::Data, std::string("Parquet type ") + physical_name(leaf_.physical) + " of column `" +
                                             leaf_.name + "` is not supported");
    }
}

void ParquetColumnReader::read(size_t count, ColumnVector &out, Batch &batch) {
    size_t done = 0;
    while (done < count) {
        if (page_left_ == 0 && !load_page()) corrupt("the column chunk ends before its row group's rows");
        size_t take = count - done < page_left_ ? count - done : page_left_;
        size_t present = take;
        if (optional_) {
            level_buffer_.resize(take);
            if (levels_->next(level_buffer_.data(), take) != take) corrupt("fewer definition levels than values");
            present = 0;
            for (size_t i = 0; i < take; i++) present += level_buffer_[i] != 0;
        }
        decode_values(present);
        if (leaf_.physical == parquet::ByteArray && present > 0) {
            if (indexes_) {
                if (batch.arenas.empty() || batch.arenas.back() != dict_arena_) batch.arenas.push_back(dict_arena_);
            } else {
                StringArena &arena = batch.arena();
                for (size_t i = 0; i < present; i++) strings_[i] = arena.add(strings_[i]);
            }
        }
        size_t v = 0;
        for (size_t i = 0; i < take; i++) {
            size_t row = done + i;
            if (optional_ && level_buffer_[i] == 0) {
                out.set_null(row);
                continue;
            }
            switch (target_) {
            case TypeId::Timestamp: {
                int64_t value = ints_[v++];
                if (scale_up_ != 1 && __builtin_mul_overflow(value, scale_up_, &value)) corrupt("timestamp out of range");
                if (scale_down_ != 1) value = value >= 0 ? value / scale_down_ : -((-(value + 1)) / scale_down_) - 1;
                out.ints()[row] = value;
                break;
            }
            case TypeId::BigInt:
            case TypeId::Interval:
                out.ints()[row] = ints_[v++];
                break;
            case TypeId::Double:
                out.doubles()[row] = (leaf_.physical == parquet::Double || leaf_.physical == parquet::Float)
                                         ? doubles_[v++]
                                         : static_cast<double>(ints_[v++]);
                break;
            case TypeId::Text:
                out.strings()[row] = strings_[v++];
                break;
            default:
                out.bools()[row] = bools_[v++];
                break;
            }
        }
        page_left_ -= take;
        done += take;
    }
    rows_left_ -= static_cast<int64_t>(count);
}

}  // namespace weir
