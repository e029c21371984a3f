#pragma once

#include <QMetaType>
#include <QString>

// A failure a source reports, classified so the window can offer the right
// remedy and the command line can pick its exit code.
struct SourceError
{
    enum class Kind : quint8
    {
        Unreachable,     // server down, refused, DNS, file missing or unreadable
        Timeout,         // a statement or request took too long
        Unauthenticated, // missing, invalid or expired credentials
        Forbidden,       // authenticated but not allowed
        BadData,         // the source answered with something we cannot trust
        BadRequest,      // the source refused what we asked (a bug or bad input)
        Failed,          // anything else the source reported
    };
    Kind kind = Kind::Failed;
    QString message; // one clear sentence, no secrets

    bool isConnectionProblem() const
    {
        return kind == Kind::Unreachable || kind == Kind::Timeout ||
               kind == Kind::Unauthenticated || kind == Kind::Forbidden;
    }
};

Q_DECLARE_METATYPE(SourceError)
