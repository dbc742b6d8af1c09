#pragma once

#include <QByteArray>
#include <QStringView>

namespace switchboard::server {

// The widget's script and stylesheet as they are sent: the source stays readable (comments,
// indentation; there is no build step), while browsers get it without whole-line comments,
// comment blocks, indentation and blank lines, about a sixth fewer compressed bytes. Only what
// is certainly outside any string goes: a file where a line could continue a string or a
// template literal (a backtick, a line ending in a backslash) is sent as it is, and so is
// everything but .js and .css.
QByteArray servedText(const QByteArray &source, QStringView suffix);

} // namespace switchboard::server
