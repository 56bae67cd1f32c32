// Listing a prefix once and decoding its objects one after the other.
#include "connectors/s3/s3_source.h"

#include <fnmatch.h>

#include <algorithm>

#include "common/weir_error.h"
#include "connectors/s3/object_compressor.h"
#include "connectors/s3/s3_sink.h"

namespace weir {
namespace {

bool ends_with(const std::string &text, const std::string &end) {
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

S3Source::S3Source(SourceSpec spec)
    : spec_(std::move(spec)), options_(SourceOptions::from_spec(spec_, true, true)),
      reporter_(options_.fail_on_error, spec_.on_bad_record) {
    OptionReader options(spec_.connector, spec_.options);
    validate(options);
    config_ = S3Sink::client_config_of(options, "source `" + spec_.name + "`");
    prefix_ = S3Sink::trimmed_prefix(options.text("prefix"));
    glob_ = options.text("glob");
    delimiter_ = options.text("delimiter", ",")[0];
    for (size_t index : spec_.projection) output_.add(spec_.declared[index].name, spec_.declared[index].type);
    if (options_.format == RecordFormat::Json) {
        json_ = std::make_unique<JsonLineDecoder>(output_, options_.timestamp_format, spec_.event_time);
    } else if (options_.format == RecordFormat::Csv) {
        csv_ = std::make_unique<CsvDecoder>(output_, options_.timestamp_format, spec_.event_time, delimiter_);
    }
}

S3Source::~S3Source() = default;

const std::vector<std::string> &S3Source::option_names() {
    static const std::vector<std::string> names = {"access_key", "bucket", "delimiter", "endpoint", "glob",
                                                   "path_style", "prefix", "region",    "secret_key"};
    return names;
}

void S3Source::validate(const OptionReader &options) {
    SourceOptions::parse(options, 2048, true, true);
    if (options.text("delimiter", ",").size() != 1) {
        throw WeirError(ErrorKind::Bind, "delimiter must be one character, got '" + options.text("delimiter") + "'");
    }
    S3Sink::validate_connection(options);
}

void S3Source::open() {
    client_ = std::make_unique<S3Client>(config_);
    std::string listed = prefix_.empty() ? "" : prefix_ + "/";
    for (const std::string &key : client_->list_keys(listed)) {
        if (key.compare(0, listed.size(), listed) != 0 || ends_with(key, "/")) continue;
        if (!glob_.empty() && ::fnmatch(glob_.c_str(), key.c_str() + listed.size(), 0) != 0) continue;
        keys_.push_back(key);
    }
    std::sort(keys_.begin(), keys_.end());
    if (restored_ && !restored_->file().empty()) {
        auto found = std::find(keys_.begin(), keys_.end(), restored_->file());
        if (found == keys_.end()) {
            throw WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: the object of its checkpoint "
                                             "position is no longer listed: " + restored_->file());
        }
        next_key_ = static_cast<size_t>(found - keys_.begin());
        if (!open_next_object()) {
            ended_ = true;
            return;
        }
        if (parquet_) {
            parquet_->skip_rows(static_cast<int64_t>(restored_->offset()));
            rows_ = static_cast<int64_t>(restored_->offset());
        } else {
            if (restored_->offset() > body_->size()) {
                throw WeirError(ErrorKind::Data, "cannot restore source `" + spec_.name + "`: the object of its "
                                                 "checkpoint position is shorter than that position: " + key_);
            }
            offset_ = restored_->offset();
            line_ = restored_->line();
        }
        return;
    }
    if (!open_next_object()) ended_ = true;
}

void S3Source::close() {
    parquet_.reset();
    body_.reset();
    client_.reset();
}

std::string S3Source::where(uint64_t line) const {
    return "s3://" + config_.bucket + "/" + key_ + (parquet_ ? ":row " : ":") + std::to_string(line);
}

bool S3Source::open_next_object() {
    parquet_.reset();
    body_.reset();
    if (next_key_ >= keys_.size()) return false;
    key_ = keys_[next_key_++];
    body_ = std::make_shared<std::string>(client_->get_object(key_));
    offset_ = 0;
    line_ = 1;
    rows_ = 0;
    if (options_.format == RecordFormat::Parquet) {
        std::shared_ptr<std::string> body = body_;
        parquet_ = std::make_unique<ParquetReader>("s3://" + config_.bucket + "/" + key_, body->size(),
                                                   [body](uint64_t offset, size_t size) { return body->substr(offset, size); });
        parquet_->open();
        parquet_->select(output_);
        return true;
    }
    if (ends_with(key_, ".gz")) *body_ = ObjectCompressor::decompress(Compression::Gzip, *body_);
    if (ends_with(key_, ".zst")) *body_ = ObjectCompressor::decompress(Compression::Zstd, *body_);
    if (body_->compare(0, 3, "\xEF\xBB\xBF") == 0) offset_ = 3;
    if (csv_) {
        csv_->clear_header();
        size_t end = CsvDecoder::find_record_end(std::string_view(*body_).substr(offset_), delimiter_);
        std::string_view header = std::string_view(*body_).substr(offset_, end == std::string::npos ? std::string::npos : end);
        if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
        csv_->set_header(header);
        offset_ = end == std::string::npos ? body_->size() : offset_ + end + 1;
        line_ = 2;
    }
    return true;
}

Source::PollResult S3Source::poll(Batch &out) {
    while (!ended_) {
        PollResult result = parquet_ ? poll_parquet(out) : poll_text(out);
        if (result == PollResult::Data) return result;
        if (!open_next_object()) ended_ = true;
    }
    out.clear();
    return PollResult::End;
}

Source::PollResult S3Source::poll_parquet(Batch &out) {
    while (parquet_->next(out, options_.batch_size)) {
        int64_t first = rows_;
        rows_ += static_cast<int64_t>(out.size());
        if (!spec_.event_time || out.columns[*spec_.event_time].all_valid()) return PollResult::Data;
        const ColumnVector &time = out.columns[*spec_.event_time];
        selection_.clear();
        for (size_t r = 0; r < out.size(); r++) {
            if (time.is_valid(r)) {
                selection_.push_back(static_cast<uint32_t>(r));
                continue;
            }
            reporter_.report(where(static_cast<uint64_t>(first) + r + 1),
                             "the event-time column `" + output_[*spec_.event_time].name + "` is NULL", "");
        }
        if (!selection_.empty()) {
            out.set_selection(selection_);
            return PollResult::Data;
        }
    }
    return PollResult::End;
}

Source::PollResult S3Source::poll_text(Batch &out) {
    const std::string &body = *body_;
    if (json_) json_->begin_batch(out, options_.batch_size);
    else csv_->begin_batch(out, options_.batch_size);
    size_t rows = 0;
    while (rows < options_.batch_size && offset_ < body.size()) {
        std::string_view rest = std::string_view(body).substr(offset_);
        size_t newlines = 0;
        size_t end = json_ ? rest.find('\n') : CsvDecoder::find_record_end(rest, newlines, delimiter_);
        if (end == std::string::npos) end = rest.size();  // the last record may lack its newline
        std::string_view record = rest.substr(0, end);
        if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
        uint64_t line = line_;
        offset_ += std::min(end + 1, rest.size());
        line_ += 1 + newlines;
        if (record.find_first_not_of(" \t") == std::string_view::npos) continue;
        bool ok = json_ ? json_->decode(record, out, rows, reason_) : csv_->decode(record, out, rows, reason_);
        if (!ok) {
            reporter_.report(where(line), reason_, record.substr(0, BadRecordReporter::kRawPrefix));
            continue;
        }
        rows++;
    }
    if (json_) JsonLineDecoder::end_batch(out, rows);
    else out.set_size(rows);
    if (rows > 0) return PollResult::Data;
    return PollResult::End;  // rows == 0 only once the whole object is read
}

std::optional<std::string> S3Source::position() const {
    if (key_.empty()) return restored_ ? restored_->to_text() : FilePosition().to_text();
    if (parquet_) return FilePosition(key_, static_cast<uint64_t>(rows_), static_cast<uint64_t>(rows_) + 1).to_text();
    return FilePosition(key_, offset_, line_).to_text();
}

void S3Source::restore_position(const std::string &position) { restored_ = FilePosition::parse(position, spec_.name); }

}  // namespace weir
