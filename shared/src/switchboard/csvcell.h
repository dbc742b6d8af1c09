#pragma once

#include <QString>
#include <QStringView>

namespace switchboard {

// A spreadsheet opening a CSV file runs a cell that starts with '=', '+', '-' or '@' (or a tab
// or carriage return, which some strip before looking) as a formula, so a customer who calls
// themselves "=HYPERLINK(…)" would plant a live link in a supervisor's report. As OWASP's
// CSV-injection guidance advises, such a cell gets a leading single quote and is shown as the
// text it is. A plain number ("-12", "+3.5") is no formula and stays as it is, so numeric
// columns remain numbers. The quoting for commas, quotes and line breaks comes after this.
bool startsLikeAFormula(QStringView cell);
QString neutralisedCsvCell(const QString &cell);

} // namespace switchboard
