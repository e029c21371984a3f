#include "namelist.h"

#include <QStringEncoder>

void NameList::reserve(qsizetype names, qsizetype utf8Bytes)
{
    m_ends.reserve(names);
    if (utf8Bytes > 0)
        m_bytes.reserve(utf8Bytes);
}

void NameList::append(QByteArrayView utf8)
{
    if (utf8.isValidUtf8())
        m_bytes.append(utf8);
    else
        m_bytes.append(QString::fromUtf8(utf8).toUtf8());
    m_ends.append(m_bytes.size());
}

void NameList::append(const QString &name)
{
    // Straight into the bytes; a lone surrogate becomes U+FFFD.
    QStringEncoder encoder(QStringEncoder::Utf8, QStringConverter::Flag::Stateless);
    const qsizetype used = m_bytes.size();
    m_bytes.resize(used + encoder.requiredSpace(name.size()));
    char *const end = encoder.appendToBuffer(m_bytes.data() + used, name);
    m_bytes.resize(end - m_bytes.constData());
    m_ends.append(m_bytes.size());
}

void NameList::squeeze()
{
    m_bytes.squeeze();
    m_ends.squeeze();
}

void NameList::clear()
{
    m_bytes.clear();
    m_ends.clear();
}

QStringList NameList::toStringList() const
{
    QStringList out;
    out.reserve(size());
    forEachUtf8([&](QByteArrayView utf8) { out.append(QString::fromUtf8(utf8)); });
    return out;
}

NameList NameList::fromStringList(const QStringList &names)
{
    NameList out;
    qsizetype units = 0;
    for (const QString &name : names)
        units += name.size();
    out.reserve(names.size(), units);
    for (const QString &name : names)
        out.append(name);
    return out;
}

namespace {

// The JSON text of one byte of a valid UTF-8 name: 1 (kept), 2 (\" \\) or
// 6 (\u00XX, control characters).
inline qsizetype jsonByteSize(unsigned char c)
{
    if (c == '"' || c == '\\')
        return 2;
    return c < 0x20 ? 6 : 1;
}

char *writeJsonString(char *p, QByteArrayView utf8)
{
    constexpr char Hex[] = "0123456789abcdef";
    *p++ = '"';
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            *p++ = '\\';
            *p++ = ch;
        } else if (c < 0x20) {
            *p++ = '\\';
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = Hex[c >> 4];
            *p++ = Hex[c & 0xF];
        } else {
            *p++ = ch;
        }
    }
    *p++ = '"';
    return p;
}

} // namespace

qsizetype NameList::jsonArrayTextSize() const
{
    qsizetype size = 2 + 2 * this->size(); // [ ] and each name's quotes
    if (this->size() > 1)
        size += this->size() - 1; // the commas
    for (const char ch : m_bytes)
        size += jsonByteSize(static_cast<unsigned char>(ch));
    return size;
}

char *NameList::writeJsonArrayText(char *p) const
{
    *p++ = '[';
    bool first = true;
    forEachUtf8([&](QByteArrayView utf8) {
        if (!first)
            *p++ = ',';
        first = false;
        p = writeJsonString(p, utf8);
    });
    *p++ = ']';
    return p;
}

QByteArray NameList::toJsonArrayText() const
{
    QByteArray out(jsonArrayTextSize(), Qt::Uninitialized);
    [[maybe_unused]] char *const end = writeJsonArrayText(out.data());
    Q_ASSERT(end == out.constData() + out.size());
    return out;
}
