#pragma once
// Reads a YAML document from outside (a key-manager file a person edited) into JSON, within limits so that
// a hostile file cannot exhaust memory or time: its size, its nesting depth, its node count and each
// scalar's length are capped, and aliases (`*name`, the "billion laughs" expansion) are refused outright:
// a kmconsole file never needs one. Parsing is libyaml's (events, no recursion); what a scalar means is
// the YAML 1.2 core schema's (and only its tags: !!str, !!int, … ; !!python/object or !custom are refused): quoted is text; plain null/Null/NULL/~/empty is null, true/false (any
// case form of the spec) a boolean, an integer or float a number, anything else text.

#include <QCoreApplication>
#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace km {

struct YamlLimits
{
    qsizetype maxBytes = 8 * 1024 * 1024;
    int maxDepth = 64;
    int maxNodes = 200000;
    qsizetype maxScalarBytes = 1024 * 1024;
};

class YamlReader
{
    Q_DECLARE_TR_FUNCTIONS(km::YamlReader)
public:
    // The single document of `bytes` as JSON (a mapping is an object, a sequence an array). On failure a
    // null value and `error` says what and where ("line 3, column 5: …"); nothing partial is returned.
    static QJsonValue read(const QByteArray &bytes, QString *error, const YamlLimits &limits = {});
};

} // namespace km
