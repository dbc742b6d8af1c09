#pragma once

#include <QDate>
#include <QWidget>

class QComboBox;
class QDateEdit;

namespace switchboard::ui {

// A range of whole local days: presets (today, the last 7 or 30 days, optionally any time) or
// two dates picked by hand, both included. The range it gives is [from, to) in milliseconds
// since the epoch at local midnight; 0 stands for open-ended.
class DateRangePicker final : public QWidget {
    Q_OBJECT

public:
    enum class Preset { AnyTime, Today, Last7Days, Last30Days, Custom };
    Q_ENUM(Preset)

    explicit DateRangePicker(bool offerAnyTime, QWidget *parent = nullptr);
    ~DateRangePicker() override;
    Q_DISABLE_COPY_MOVE(DateRangePicker)

    Preset preset() const;
    void setPreset(Preset preset);
    // Switches to Custom with both days included.
    void setCustomRange(const QDate &first, const QDate &last);
    QDate firstDay() const;
    QDate lastDay() const;
    qint64 fromMs() const;
    qint64 toMs() const;

Q_SIGNALS:
    void rangeChanged();

private:
    void applyPreset();

    QComboBox *m_preset = nullptr;
    QWidget *m_dates = nullptr;
    QDateEdit *m_first = nullptr;
    QDateEdit *m_last = nullptr;
    bool m_updating = false;
};

} // namespace switchboard::ui
