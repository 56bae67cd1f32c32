// Ports, per-input watermarks and the end of several inputs.
#include "exec/multi_input_operator.h"

#include <algorithm>

#include "common/weir_error.h"

namespace weir {

class MultiInputOperator::Port : public Operator {
public:
    Port(MultiInputOperator &owner, size_t input) : owner_(owner), input_(input) {}
    void push(Batch &batch) override { owner_.push_input(input_, batch); }
    void advance_watermark(int64_t watermark) override { owner_.port_watermark(input_, watermark); }
    void finish() override { owner_.port_finish(input_); }
    bool done() const override { return owner_.done(); }
    std::string name() const override { return "Input"; }

private:
    MultiInputOperator &owner_;
    size_t input_;
};

MultiInputOperator::MultiInputOperator(size_t inputs) : watermarks_(inputs, kWatermarkMin), finished_(inputs, false) {
    for (size_t i = 0; i < inputs; i++) ports_.push_back(std::make_unique<Port>(*this, i));
}

MultiInputOperator::~MultiInputOperator() = default;

Operator *MultiInputOperator::input(size_t i) { return ports_.at(i).get(); }

void MultiInputOperator::push(Batch &) {
    throw WeirError(ErrorKind::Internal, name() + " received a batch without an input; push into input(i).");
}

void MultiInputOperator::advance_watermark(int64_t) {
    throw WeirError(ErrorKind::Internal, name() + " received a watermark without an input.");
}

void MultiInputOperator::finish() { throw WeirError(ErrorKind::Internal, name() + " was finished without an input."); }

void MultiInputOperator::port_watermark(size_t input, int64_t watermark) {
    if (watermark <= watermarks_[input]) return;
    watermarks_[input] = watermark;
    on_watermark(input, watermark);
}

void MultiInputOperator::port_finish(size_t input) {
    if (finished_[input]) return;
    port_watermark(input, kWatermarkMax);
    finished_[input] = true;
    for (bool finished : finished_) {
        if (!finished) return;
    }
    on_all_finished();
}

void MultiInputOperator::on_watermark(size_t, int64_t) { forward_watermark(min_watermark()); }

void MultiInputOperator::on_all_finished() {
    if (next_) next_->finish();
}

int64_t MultiInputOperator::min_watermark() const { return *std::min_element(watermarks_.begin(), watermarks_.end()); }

void MultiInputOperator::forward_watermark(int64_t watermark) {
    if (watermark <= forwarded_) return;
    forwarded_ = watermark;
    if (next_) next_->advance_watermark(watermark);
}

void MultiInputOperator::snapshot_inputs(StateWriter &out) const {
    out.write_tag("inputs");
    out.write_u64(watermarks_.size());
    for (size_t i = 0; i < watermarks_.size(); i++) {
        out.write_i64(watermarks_[i]);
        out.write_u8(finished_[i] ? 1 : 0);
    }
    out.write_i64(forwarded_);
}

void MultiInputOperator::restore_inputs(StateReader &in) {
    in.expect_tag("inputs");
    size_t count = in.read_count(watermarks_.size());
    if (count != watermarks_.size()) {
        throw WeirError(ErrorKind::Data, "the checkpoint of " + name() + " has " + std::to_string(count) +
                                             " inputs but the query has " + std::to_string(watermarks_.size()));
    }
    for (size_t i = 0; i < count; i++) {
        watermarks_[i] = in.read_i64();
        finished_[i] = in.read_u8() != 0;
    }
    forwarded_ = in.read_i64();
}

}  // namespace weir
