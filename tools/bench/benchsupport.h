#pragma once

#include <QJsonObject>
#include <QtGlobal>
#include <string_view>
#include <vector>

// What every mode of the load generator reads from server frames, measures and reports.
namespace switchboard::bench {

// Monotonic nanoseconds.
qint64 nowNs();

// The string value of "key" in a compact JSON object, or empty. Good enough for the frames
// servers send (no whitespace, and the texts the bench sends contain no quotes).
std::string_view stringField(std::string_view json, std::string_view key);

// The whole-number value of "key", or -1.
qint64 numberField(std::string_view json, std::string_view key);

// p50, p99, p99.9, the maximum and the sample count, in ms (sorts `samples`).
QJsonObject percentiles(std::vector<float> &samples);

// The summed VmRSS of these processes in KiB, or -1 when one cannot be read.
qint64 residentKb(const std::vector<qint64> &pids);

} // namespace switchboard::bench
