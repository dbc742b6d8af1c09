#include "benchsupport.h"

#include <QFile>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <string>

using namespace Qt::StringLiterals;

namespace switchboard::bench {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string_view stringField(std::string_view json, std::string_view key)
{
    std::string needle;
    needle.reserve(key.size() + 4);
    needle.append("\"").append(key).append("\":\"");
    const std::size_t at = json.find(needle);
    if (at == std::string_view::npos)
        return {};
    const std::size_t start = at + needle.size();
    const std::size_t end = json.find('"', start);
    return end == std::string_view::npos ? std::string_view() : json.substr(start, end - start);
}

qint64 numberField(std::string_view json, std::string_view key)
{
    std::string needle;
    needle.append("\"").append(key).append("\":");
    const std::size_t at = json.find(needle);
    if (at == std::string_view::npos)
        return -1;
    qint64 value = -1;
    const char *begin = json.data() + at + needle.size();
    std::from_chars(begin, json.data() + json.size(), value);
    return value;
}

QJsonObject percentiles(std::vector<float> &samples)
{
    std::sort(samples.begin(), samples.end());
    auto at = [&](double p) {
        if (samples.empty())
            return 0.0;
        const auto index = std::size_t(std::min<double>(
            double(samples.size() - 1), std::ceil(p * double(samples.size())) - 1));
        return std::round(double(samples[index]) * 100.0) / 100.0;
    };
    return { { u"p50"_s, at(0.50) }, { u"p99"_s, at(0.99) }, { u"p999"_s, at(0.999) },
        { u"max"_s, at(1.0) }, { u"samples"_s, qint64(samples.size()) } };
}

qint64 residentKb(const std::vector<qint64> &pids)
{
    if (pids.empty())
        return -1;
    qint64 totalKb = 0;
    for (const qint64 pid : pids) {
        QFile status(u"/proc/%1/status"_s.arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        qint64 kb = -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                kb = line.mid(6).trimmed().split(' ').first().toLongLong();
        }
        if (kb < 0)
            return -1;
        totalKb += kb;
    }
    return totalKb;
}

} // namespace switchboard::bench
