#include "credentialstore.h"

#include <qt6keychain/keychain.h>
#include <switchboard/logging.h>

using namespace Qt::StringLiterals;

namespace switchboard::app {

namespace {

constexpr auto defaultService = "io.switchboard.Switchboard";
const QString probeKey = u"switchboard-keychain-probe"_s;

template<typename Job> Job *newJob(const QString &service, const QString &key, QObject *parent)
{
    auto *job = new Job(service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never plaintext
    job->setKey(key);
    return job;
}

QString describe(QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
        return CredentialStore::tr("no keychain service is running (%1)").arg(job->errorString());
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return CredentialStore::tr("the keychain refused access (%1)").arg(job->errorString());
    default:
        return job->errorString().isEmpty()
            ? CredentialStore::tr("the keychain failed")
            : CredentialStore::tr("no keychain service answers (%1)").arg(job->errorString());
    }
}

} // namespace

CredentialStore::CredentialStore(QObject *parent)
    : CredentialStore(QString::fromLatin1(defaultService), parent)
{
}

CredentialStore::CredentialStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

void CredentialStore::probe()
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(m_service, probeKey, this);
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *finished) {
        m_probed = true;
        const QKeychain::Error error = finished->error();
        m_available = error == QKeychain::NoError || error == QKeychain::EntryNotFound;
        m_reason = m_available ? QString() : describe(finished);
        if (!m_available)
            qCWarning(lcUi) << "keychain unavailable:" << m_reason;
        Q_EMIT availabilityChecked(m_available, m_reason);
    });
    job->start();
}

void CredentialStore::write(const QString &key, const QString &secret)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(m_service, key, this);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *finished) {
        if (finished->error() == QKeychain::NoError)
            Q_EMIT written(key);
        else
            Q_EMIT failed(key, describe(finished));
    });
    job->start();
}

void CredentialStore::read(const QString &key)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(m_service, key, this);
    connect(job, &QKeychain::Job::finished, this, [this, key, job](QKeychain::Job *finished) {
        switch (finished->error()) {
        case QKeychain::NoError:
            Q_EMIT readFinished(key, job->textData(), true);
            break;
        case QKeychain::EntryNotFound:
            Q_EMIT readFinished(key, {}, false);
            break;
        default:
            Q_EMIT failed(key, describe(finished));
        }
    });
    job->start();
}

void CredentialStore::remove(const QString &key)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(m_service, key, this);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *finished) {
        if (finished->error() == QKeychain::NoError
            || finished->error() == QKeychain::EntryNotFound)
            Q_EMIT removed(key);
        else
            Q_EMIT failed(key, describe(finished));
    });
    job->start();
}

} // namespace switchboard::app
