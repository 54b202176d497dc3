#pragma once
// What every libFuzzer harness shares: Qt's messages silenced (a warning per input would dominate the
// run), the input as Qt types, and a check that aborts (a crash libFuzzer reports) when a property fails.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace km::fuzz {

inline void silenceQtMessages()
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
}

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// Aborts with `what` when a property of the code under test does not hold.
inline void require(bool holds, const char *what)
{
    if (!holds) {
        std::fprintf(stderr, "fuzz property failed: %s\n", what);
        std::abort();
    }
}

inline QJsonObject objectOf(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace km::fuzz

#define KM_FUZZ_INIT                                                                                                   \
    extern "C" int LLVMFuzzerInitialize(int *, char ***)                                                              \
    {                                                                                                                  \
        km::fuzz::silenceQtMessages();                                                                                 \
        return 0;                                                                                                      \
    }
