#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// A list of names held compactly: their UTF-8 bytes back to back in one
// QByteArray and the end offset of each (hundreds of thousands of names take
// one allocation of their UTF-8 size, not a UTF-16 QString each). Implicitly
// shared, as its two members are. Every name is valid UTF-8: invalid input
// is stored as QString::fromUtf8() reads it (U+FFFD replacements).
class NameList
{
public:
    NameList() = default;

    void reserve(qsizetype names, qsizetype utf8Bytes = 0);
    void append(QByteArrayView utf8);
    void append(const QString &name);
    void clear();
    void squeeze(); // gives back the slack appending left

    qsizetype size() const { return m_ends.size(); }
    bool isEmpty() const { return m_ends.isEmpty(); }
    qsizetype utf8Size() const { return m_bytes.size(); } // all names together

    QByteArrayView utf8At(qsizetype i) const
    {
        const qint64 start = i == 0 ? 0 : m_ends.at(i - 1);
        return QByteArrayView(m_bytes.constData() + start, m_ends.at(i) - start);
    }
    QString at(qsizetype i) const { return QString::fromUtf8(utf8At(i)); }

    // fn(QByteArrayView utf8) for each name, in order.
    template<typename Fn>
    void forEachUtf8(Fn &&fn) const
    {
        const char *const data = m_bytes.constData();
        qint64 start = 0;
        for (const qint64 end : m_ends) {
            fn(QByteArrayView(data + start, end - start));
            start = end;
        }
    }

    QStringList toStringList() const;
    static NameList fromStringList(const QStringList &names);

    // The names as a compact JSON array, UTF-8 kept: ["a","b\"c"]. Quote,
    // backslash and control characters are escaped (\" \\ \u001f).
    QByteArray toJsonArrayText() const;
    // The size toJsonArrayText() has, and writing it at p (returns its end).
    qsizetype jsonArrayTextSize() const;
    char *writeJsonArrayText(char *p) const;

    friend bool operator==(const NameList &a, const NameList &b)
    {
        return a.m_ends == b.m_ends && a.m_bytes == b.m_bytes;
    }

private:
    QByteArray m_bytes;
    QList<qint64> m_ends;
};

Q_DECLARE_METATYPE(NameList)
