#include "daterangepicker.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace switchboard::ui {

namespace {

qint64 localMidnightMs(const QDate &day)
{
    return day.startOfDay().toMSecsSinceEpoch();
}

} // namespace

DateRangePicker::DateRangePicker(bool offerAnyTime, QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_preset = new QComboBox(this);
    if (offerAnyTime)
        m_preset->addItem(tr("Any time"), int(Preset::AnyTime));
    m_preset->addItem(tr("Today"), int(Preset::Today));
    m_preset->addItem(tr("Last 7 days"), int(Preset::Last7Days));
    m_preset->addItem(tr("Last 30 days"), int(Preset::Last30Days));
    m_preset->addItem(tr("Custom"), int(Preset::Custom));
    layout->addWidget(m_preset);
    m_dates = new QWidget(this);
    auto *dates = new QHBoxLayout(m_dates);
    dates->setContentsMargins(0, 0, 0, 0);
    dates->addWidget(new QLabel(tr("From"), m_dates));
    m_first = new QDateEdit(m_dates);
    m_first->setCalendarPopup(true);
    m_first->setDisplayFormat(u"yyyy-MM-dd"_s);
    dates->addWidget(m_first);
    dates->addWidget(new QLabel(tr("to"), m_dates));
    m_last = new QDateEdit(m_dates);
    m_last->setCalendarPopup(true);
    m_last->setDisplayFormat(u"yyyy-MM-dd"_s);
    dates->addWidget(m_last);
    layout->addWidget(m_dates);

    connect(m_preset, &QComboBox::currentIndexChanged, this, &DateRangePicker::applyPreset);
    const auto edited = [this] {
        if (m_updating)
            return;
        if (m_last->date() < m_first->date()) {
            const QSignalBlocker blocker(m_last);
            m_last->setDate(m_first->date());
        }
        Q_EMIT rangeChanged();
    };
    connect(m_first, &QDateEdit::dateChanged, this, edited);
    connect(m_last, &QDateEdit::dateChanged, this, edited);
    setPreset(offerAnyTime ? Preset::AnyTime : Preset::Last7Days);
    applyPreset();
}

DateRangePicker::~DateRangePicker() = default;

DateRangePicker::Preset DateRangePicker::preset() const
{
    return Preset(m_preset->currentData().toInt());
}

void DateRangePicker::setPreset(Preset preset)
{
    const int index = m_preset->findData(int(preset));
    if (index >= 0)
        m_preset->setCurrentIndex(index);
}

void DateRangePicker::setCustomRange(const QDate &first, const QDate &last)
{
    m_updating = true;
    setPreset(Preset::Custom);
    m_first->setDate(first);
    m_last->setDate(std::max(first, last));
    m_updating = false;
    Q_EMIT rangeChanged();
}

void DateRangePicker::applyPreset()
{
    const Preset chosen = preset();
    const QDate today = QDate::currentDate();
    m_updating = true;
    switch (chosen) {
    case Preset::Today:
        m_first->setDate(today);
        m_last->setDate(today);
        break;
    case Preset::Last7Days:
        m_first->setDate(today.addDays(-6));
        m_last->setDate(today);
        break;
    case Preset::Last30Days:
        m_first->setDate(today.addDays(-29));
        m_last->setDate(today);
        break;
    case Preset::AnyTime:
    case Preset::Custom:
        break;
    }
    m_updating = false;
    const bool custom = chosen == Preset::Custom;
    m_first->setEnabled(custom);
    m_last->setEnabled(custom);
    m_dates->setVisible(chosen != Preset::AnyTime);
    Q_EMIT rangeChanged();
}

QDate DateRangePicker::firstDay() const
{
    return m_first->date();
}

QDate DateRangePicker::lastDay() const
{
    return m_last->date();
}

qint64 DateRangePicker::fromMs() const
{
    return preset() == Preset::AnyTime ? 0 : localMidnightMs(m_first->date());
}

qint64 DateRangePicker::toMs() const
{
    return preset() == Preset::AnyTime ? 0 : localMidnightMs(m_last->date().addDays(1));
}

} // namespace switchboard::ui
