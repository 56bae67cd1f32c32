// Numbers of the Parquet format specification (parquet.thrift) that weir writes and reads.
#pragma once

#include <cstdint>

namespace weir::parquet {

// Physical types.
enum PhysicalType : int32_t { Boolean = 0, Int32 = 1, Int64 = 2, Int96 = 3, Float = 4, Double = 5, ByteArray = 6,
                              FixedLenByteArray = 7 };
enum Repetition : int32_t { Required = 0, Optional = 1, Repeated = 2 };
enum ConvertedType : int32_t { Utf8 = 0, TimestampMillis = 9, TimestampMicros = 10 };
enum Encoding : int32_t { Plain = 0, PlainDictionary = 2, Rle = 3, BitPacked = 4, RleDictionary = 8 };
enum PageType : int32_t { DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3 };
// LogicalType union members used here, and TimeUnit members.
enum LogicalTypeField : int16_t { StringType = 1, TimestampType = 8 };
enum TimeUnitField : int16_t { Millis = 1, Micros = 2, Nanos = 3 };

constexpr char kMagic[] = "PAR1";
constexpr size_t kMagicSize = 4;

}  // namespace weir::parquet
