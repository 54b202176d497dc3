#include "services/core/ZipWriter.h"

#include <QtEndian>

#include <zlib.h>

namespace km {

namespace {

constexpr quint32 LocalHeaderSignature = 0x04034b50;
constexpr quint32 CentralHeaderSignature = 0x02014b50;
constexpr quint32 EndSignature = 0x06054b50;
constexpr quint16 VersionNeeded = 20;          // 2.0: deflate
constexpr quint16 VersionMadeBy = (3 << 8) | 20; // Unix, 2.0: the external attributes are Unix modes
constexpr quint16 Utf8Names = 1 << 11;          // general purpose bit 11: names are UTF-8
constexpr quint16 Stored = 0;
constexpr quint16 Deflated = 8;
constexpr quint32 RegularFile644 = 0100644;

void put16(QByteArray &out, quint16 v)
{
    char b[2];
    qToLittleEndian(v, b);
    out.append(b, 2);
}

void put32(QByteArray &out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}

// Raw deflate (no zlib header), as zip's method 8 wants. Empty on failure.
QByteArray deflateRaw(const QByteArray &data, bool *ok)
{
    z_stream stream{};
    *ok = false;
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&stream, uLong(data.size()))));
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int rc = deflate(&stream, Z_FINISH);
    out.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    *ok = rc == Z_STREAM_END;
    return out;
}

} // namespace

bool ZipWriter::addFile(const QString &name, const QByteArray &data, const QDateTime &modified)
{
    if (name.isEmpty() || name.startsWith(QLatin1Char('/')) || name.contains(QLatin1String("..")) || data.size() >= 0xFFFFFFFFLL
        || m_data.size() >= 0xFFFFFFFFLL)
        return false;
    Entry e;
    e.name = name.toUtf8();
    e.size = quint32(data.size());
    e.crc = quint32(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(data.constData()), uInt(data.size())));
    bool deflated = false;
    QByteArray body = deflateRaw(data, &deflated);
    e.method = Deflated;
    if (!deflated || body.size() >= data.size()) { // incompressible or empty: stored as it is
        body = data;
        e.method = Stored;
    }
    e.compressedSize = quint32(body.size());
    // MS-DOS date and time (2-second steps, years from 1980), local time as zip tools read it.
    const QDateTime local = modified.toLocalTime();
    const QDate d = local.date().year() < 1980 ? QDate(1980, 1, 1) : local.date();
    const QTime t = local.date().year() < 1980 ? QTime(0, 0) : local.time();
    e.dosDate = quint16(((d.year() - 1980) << 9) | (d.month() << 5) | d.day());
    e.dosTime = quint16((t.hour() << 11) | (t.minute() << 5) | (t.second() / 2));
    e.offset = quint32(m_data.size());

    put32(m_data, LocalHeaderSignature);
    putSharedFields(m_data, e);
    m_data += e.name;
    m_data += body;
    m_entries << e;
    return true;
}

// From "version needed to extract" to "extra field length": the same in the local and the central header.
void ZipWriter::putSharedFields(QByteArray &out, const Entry &e)
{
    put16(out, VersionNeeded);
    put16(out, Utf8Names);
    put16(out, e.method);
    put16(out, e.dosTime);
    put16(out, e.dosDate);
    put32(out, e.crc);
    put32(out, e.compressedSize);
    put32(out, e.size);
    put16(out, quint16(e.name.size()));
    put16(out, 0); // extra field length
}

QByteArray ZipWriter::archive() const
{
    QByteArray central;
    for (const Entry &e : m_entries) {
        put32(central, CentralHeaderSignature);
        put16(central, VersionMadeBy);
        putSharedFields(central, e);
        put16(central, 0); // comment length
        put16(central, 0); // disk number start
        put16(central, 0); // internal attributes
        put32(central, RegularFile644 << 16);
        put32(central, e.offset);
        central += e.name;
    }
    QByteArray out = m_data + central;
    put32(out, EndSignature);
    put16(out, 0); // this disk
    put16(out, 0); // disk with the central directory
    put16(out, quint16(m_entries.size()));
    put16(out, quint16(m_entries.size()));
    put32(out, quint32(central.size()));
    put32(out, quint32(m_data.size()));
    put16(out, 0); // comment length
    return out;
}

} // namespace km
