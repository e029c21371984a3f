#include "sqlscript.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace SqlScript {

QStringList split(const QString &script)
{
    QStringList out;
    QString current;
    QString dollarTag; // inside $tag$ ... $tag$ when not empty
    QChar quote;       // inside '...' or "..." when not null
    for (qsizetype i = 0; i < script.size(); ++i) {
        const QChar c = script.at(i);
        if (!dollarTag.isEmpty()) {
            if (script.mid(i, dollarTag.size()) == dollarTag) {
                current += dollarTag;
                i += dollarTag.size() - 1;
                dollarTag.clear();
            } else {
                current += c;
            }
            continue;
        }
        if (!quote.isNull()) {
            current += c;
            if (c == quote)
                quote = QChar(); // a doubled quote reopens on the next character
            continue;
        }
        if (c == u'-' && script.mid(i, 2) == QLatin1String("--")) {
            const qsizetype end = script.indexOf(u'\n', i);
            i = end < 0 ? script.size() : end;
            current += u'\n';
            continue;
        }
        if (c == u'\'' || c == u'"') {
            quote = c;
            current += c;
            continue;
        }
        if (c == u'$') {
            const qsizetype end = script.indexOf(u'$', i + 1);
            const QString tag = end < 0 ? QString() : script.mid(i, end - i + 1);
            static const QRegularExpression tagPattern(QStringLiteral("^\\$[A-Za-z_]*\\$$"));
            if (!tag.isEmpty() && tagPattern.match(tag).hasMatch()) {
                dollarTag = tag;
                current += tag;
                i = end;
                continue;
            }
        }
        if (c == u';') {
            if (!current.trimmed().isEmpty())
                out << current.trimmed();
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.trimmed().isEmpty())
        out << current.trimmed();
    return out;
}

bool run(QSqlDatabase db, const QString &script, QString *error)
{
    QSqlQuery q(db);
    for (const QString &statement : split(script)) {
        if (!q.exec(statement)) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(statement.left(120), q.lastError().text());
            return false;
        }
    }
    return true;
}

} // namespace SqlScript
