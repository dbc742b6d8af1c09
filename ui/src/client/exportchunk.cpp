#include "exportchunk.h"

using namespace Qt::StringLiterals;

namespace switchboard::ui {

ExportChunk ExportChunk::fromJson(const QJsonObject &object)
{
    ExportChunk chunk;
    chunk.request = object.value(u"request"_s).toString();
    chunk.format = object.value(u"format"_s).toString();
    chunk.data = object.value(u"data"_s).toString();
    chunk.rows = object.value(u"rows"_s).toInteger();
    chunk.total = object.value(u"total"_s).toInteger();
    chunk.cursor = object.value(u"cursor"_s).toString();
    chunk.done = object.value(u"done"_s).toBool();
    return chunk;
}

} // namespace switchboard::ui
