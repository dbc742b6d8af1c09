#pragma once

#include <QByteArray>
#include <QString>

namespace switchboard::server {

// argon2id password hashes in libsodium's crypto_pwhash_str format ("$argon2id$v=19$m=...").
// Hashing takes ~64 MiB and tens of milliseconds on purpose: call it off the event loop.
class PasswordHasher final {
public:
    PasswordHasher() = delete;
    Q_DISABLE_COPY_MOVE(PasswordHasher)

    // sodium_init(); safe to call from any thread, any number of times. False: unusable.
    static bool initialize();
    // Empty when hashing failed (libsodium unusable or out of memory).
    static QByteArray hash(const QString &password);
    // False for a wrong password and for a hash that is not a libsodium password hash.
    static bool verify(const QByteArray &hash, const QString &password);
    static bool isArgon2id(const QByteArray &hash);
    // True when the hash was made with weaker parameters than hash() uses today.
    static bool needsRehash(const QByteArray &hash);
};

} // namespace switchboard::server
