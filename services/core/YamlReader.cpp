#include "services/core/YamlReader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>

#include <yaml.h>

#include <memory>

namespace km {

namespace {

struct Frame
{
    bool mapping = false;
    QJsonObject object;
    QJsonArray array;
    QString key;
    bool haveKey = false;
};

QJsonValue plainScalar(const QString &text)
{
    static const QRegularExpression integer(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression octal(QStringLiteral("^0o[0-7]+$"));
    static const QRegularExpression hex(QStringLiteral("^0x[0-9a-fA-F]+$"));
    static const QRegularExpression real(QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    if (text.isEmpty() || text == QLatin1String("~") || text == QLatin1String("null") || text == QLatin1String("Null")
        || text == QLatin1String("NULL"))
        return QJsonValue(QJsonValue::Null);
    if (text == QLatin1String("true") || text == QLatin1String("True") || text == QLatin1String("TRUE"))
        return true;
    if (text == QLatin1String("false") || text == QLatin1String("False") || text == QLatin1String("FALSE"))
        return false;
    bool ok = false;
    if (octal.match(text).hasMatch()) {
        const qlonglong v = text.mid(2).toLongLong(&ok, 8);
        if (ok)
            return double(v);
    } else if (hex.match(text).hasMatch()) {
        const qlonglong v = text.mid(2).toLongLong(&ok, 16);
        if (ok)
            return double(v);
    } else if (integer.match(text).hasMatch() || real.match(text).hasMatch()) {
        const double v = text.toDouble(&ok);
        if (ok && qIsFinite(v))
            return v;
    }
    return text;
}

// Only the tags of the core schema; any other (!!python/object, !custom) could mean code or types elsewhere.
bool acceptedTag(const QByteArray &tag)
{
    static const QList<QByteArray> core{"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                                        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
                                        "tag:yaml.org,2002:seq"};
    return tag.isEmpty() || tag == "!" || core.contains(tag);
}

QString at(const yaml_mark_t &mark)
{
    return QStringLiteral("line %1, column %2").arg(mark.line + 1).arg(mark.column + 1);
}

} // namespace

QJsonValue YamlReader::read(const QByteArray &bytes, QString *error, const YamlLimits &limits)
{
    *error = QString();
    if (bytes.size() > limits.maxBytes) {
        *error = YamlReader::tr("the YAML is %1 bytes, more than the %2 a key-manager file may have").arg(bytes.size()).arg(limits.maxBytes);
        return {};
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        *error = YamlReader::tr("the YAML reader could not start (out of memory)");
        return {};
    }
    const std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t *)> parserGuard(&parser, yaml_parser_delete);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(bytes.constData()), size_t(bytes.size()));

    QList<Frame> stack;
    QJsonValue root;
    bool haveRoot = false;
    int documents = 0;
    int nodes = 0;
    // Puts a finished value where it belongs: the root, the next item of a sequence, or a mapping's key or value.
    auto place = [&](const QJsonValue &value, bool isScalarKeyCandidate, const yaml_mark_t &mark) -> bool {
        if (stack.isEmpty()) {
            root = value;
            haveRoot = true;
            return true;
        }
        Frame &top = stack.last();
        if (!top.mapping) {
            top.array.append(value);
            return true;
        }
        if (!top.haveKey) {
            if (!isScalarKeyCandidate) {
                *error = QStringLiteral("%1: a key must be plain text, not a list or a mapping").arg(at(mark));
                return false;
            }
            top.key = value.isString() ? value.toString() : value.isNull() ? QString() : value.toVariant().toString();
            if (top.object.contains(top.key)) {
                *error = QStringLiteral("%1: the key “%2” appears twice in the same mapping").arg(at(mark), top.key);
                return false;
            }
            top.haveKey = true;
            return true;
        }
        top.object.insert(top.key, value);
        top.haveKey = false;
        return true;
    };

    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            *error = QStringLiteral("%1: %2").arg(at(parser.problem_mark), QString::fromUtf8(parser.problem ? parser.problem : "not valid YAML"));
            if (parser.context)
                *error += QStringLiteral(" (%1)").arg(QString::fromUtf8(parser.context));
            return {};
        }
        const std::unique_ptr<yaml_event_t, void (*)(yaml_event_t *)> eventGuard(&event, yaml_event_delete);
        const yaml_mark_t mark = event.start_mark;
        switch (event.type) {
        case YAML_STREAM_END_EVENT:
            if (!haveRoot) {
                *error = YamlReader::tr("the file holds no YAML document");
                return {};
            }
            return root;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) {
                *error = QStringLiteral("%1: a second YAML document; a key-manager file holds one").arg(at(mark));
                return {};
            }
            break;
        case YAML_ALIAS_EVENT:
            *error = QStringLiteral("%1: YAML aliases (*%2) are not accepted; write the value out in full")
                         .arg(at(mark), QString::fromUtf8(reinterpret_cast<const char *>(event.data.alias.anchor)));
            return {};
        case YAML_SCALAR_EVENT: {
            if (++nodes > limits.maxNodes) {
                *error = QStringLiteral("%1: the YAML has more than %2 values").arg(at(mark)).arg(limits.maxNodes);
                return {};
            }
            if (qsizetype(event.data.scalar.length) > limits.maxScalarBytes) {
                *error = QStringLiteral("%1: a value of %2 bytes, more than %3").arg(at(mark)).arg(event.data.scalar.length).arg(limits.maxScalarBytes);
                return {};
            }
            const QString text = QString::fromUtf8(reinterpret_cast<const char *>(event.data.scalar.value), qsizetype(event.data.scalar.length));
            const QByteArray tag = event.data.scalar.tag ? QByteArray(reinterpret_cast<const char *>(event.data.scalar.tag)) : QByteArray();
            if (!acceptedTag(tag)) {
                *error = QStringLiteral("%1: the tag %2 is not accepted").arg(at(mark), QString::fromUtf8(tag));
                return {};
            }
            const bool quoted = event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE || tag == "tag:yaml.org,2002:str";
            if (!place(quoted ? QJsonValue(text) : plainScalar(text), true, mark))
                return {};
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            if (++nodes > limits.maxNodes) {
                *error = QStringLiteral("%1: the YAML has more than %2 values").arg(at(mark)).arg(limits.maxNodes);
                return {};
            }
            if (stack.size() >= limits.maxDepth) {
                *error = QStringLiteral("%1: the YAML is nested more than %2 levels deep").arg(at(mark)).arg(limits.maxDepth);
                return {};
            }
            const unsigned char *rawTag = event.type == YAML_MAPPING_START_EVENT ? event.data.mapping_start.tag : event.data.sequence_start.tag;
            const QByteArray tag = rawTag ? QByteArray(reinterpret_cast<const char *>(rawTag)) : QByteArray();
            if (!acceptedTag(tag)) {
                *error = QStringLiteral("%1: the tag %2 is not accepted").arg(at(mark), QString::fromUtf8(tag));
                return {};
            }
            if (!stack.isEmpty() && stack.last().mapping && !stack.last().haveKey) {
                *error = QStringLiteral("%1: a key must be plain text, not a list or a mapping").arg(at(mark));
                return {};
            }
            Frame frame;
            frame.mapping = event.type == YAML_MAPPING_START_EVENT;
            stack.append(frame);
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            const Frame done = stack.takeLast();
            if (!place(done.mapping ? QJsonValue(done.object) : QJsonValue(done.array), false, mark))
                return {};
            break;
        }
        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
            break;
        }
    }
}

} // namespace km
