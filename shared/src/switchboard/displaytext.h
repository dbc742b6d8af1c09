#pragma once

#include <QString>

namespace switchboard {

// Text from users (logins, names, flag values) shown inside one-line messages and tables:
// control characters are escaped so a value can never break a line or forge another one.
QString quotedForMessage(const QString &text, qsizetype maxLength = 80);
QString withoutControlCharacters(const QString &text);

} // namespace switchboard
