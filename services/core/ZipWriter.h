#pragma once
// Writes a zip archive (PKWARE APPNOTE 6.3: local headers, deflated entries, central directory) in
// memory with zlib. Qt has no public zip writer; the archive is small (a support bundle), so it is
// built whole and saved with QSaveFile by the caller. No zip64: entries and the archive stay under 4 GiB.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace km {

class ZipWriter
{
public:
    // Adds `data` under `name` ("folder/file.txt", UTF-8), deflated, with `modified` as its date.
    // False (nothing added) for an empty or absolute name, or data of 4 GiB or more.
    bool addFile(const QString &name, const QByteArray &data, const QDateTime &modified = QDateTime::currentDateTime());
    // The whole archive: the entries added so far and the central directory.
    QByteArray archive() const;
    int count() const { return int(m_entries.size()); }

private:
    struct Entry
    {
        QByteArray name;
        quint32 crc = 0;
        quint32 compressedSize = 0;
        quint32 size = 0;
        quint16 method = 0;
        quint16 dosTime = 0;
        quint16 dosDate = 0;
        quint32 offset = 0;
    };
    static void putSharedFields(QByteArray &out, const Entry &e);

    QList<Entry> m_entries;
    QByteArray m_data; // local headers and entry data
};

} // namespace km
