#include "passwordhasher.h"

#include <array>
#include <sodium.h>

namespace switchboard::server {

namespace {

constexpr auto opsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr auto memLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

// The UTF-8 bytes of a password, wiped when they go out of scope.
class WipedUtf8 final {
public:
    explicit WipedUtf8(const QString &text)
        : m_bytes(text.toUtf8())
    {
    }
    ~WipedUtf8() { sodium_memzero(m_bytes.data(), std::size_t(m_bytes.size())); }
    Q_DISABLE_COPY_MOVE(WipedUtf8)

    const char *data() const { return m_bytes.constData(); }
    unsigned long long size() const { return static_cast<unsigned long long>(m_bytes.size()); }

private:
    QByteArray m_bytes;
};

// crypto_pwhash_str_* read a NUL-terminated string of at most crypto_pwhash_STRBYTES.
using HashBuffer = std::array<char, crypto_pwhash_STRBYTES>;

bool toHashBuffer(const QByteArray &hash, HashBuffer &buffer)
{
    if (hash.isEmpty() || hash.size() >= qsizetype(buffer.size()) || hash.contains('\0'))
        return false;
    buffer.fill('\0');
    std::copy(hash.cbegin(), hash.cend(), buffer.begin());
    return true;
}

} // namespace

bool PasswordHasher::initialize()
{
    // sodium_init() returns 1 when already initialised, -1 on failure.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

QByteArray PasswordHasher::hash(const QString &password)
{
    if (!initialize())
        return {};
    const WipedUtf8 secret(password);
    HashBuffer out {};
    if (crypto_pwhash_str_alg(out.data(), secret.data(), secret.size(), opsLimit, memLimit,
            crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return {};
    return QByteArray(out.data());
}

bool PasswordHasher::verify(const QByteArray &hash, const QString &password)
{
    HashBuffer stored;
    if (!initialize() || !toHashBuffer(hash, stored))
        return false;
    const WipedUtf8 secret(password);
    return crypto_pwhash_str_verify(stored.data(), secret.data(), secret.size()) == 0;
}

bool PasswordHasher::isArgon2id(const QByteArray &hash)
{
    return hash.startsWith(crypto_pwhash_argon2id_STRPREFIX);
}

bool PasswordHasher::needsRehash(const QByteArray &hash)
{
    HashBuffer stored;
    if (!initialize() || !toHashBuffer(hash, stored))
        return true;
    // 0: current parameters; 1: other parameters; -1: not an argon2id hash at all.
    return crypto_pwhash_str_needs_rehash(stored.data(), opsLimit, memLimit) != 0;
}

} // namespace switchboard::server
