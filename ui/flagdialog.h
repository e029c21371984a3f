#pragma once

#include <QDialog>
#include <QStringList>

class QLineEdit;
class QPushButton;

// Asks before a bulk flag or unflag: names the action and how many sellers
// it changes, the scope they come from and how many of it stay as they are,
// lists the first names, takes an optional reason and, for large changes,
// makes the user type the count. It only asks; it never resolves the
// scope or talks to a source, and it cannot be accepted while the typed
// count is missing or wrong.
class FlagDialog : public QDialog
{
    Q_OBJECT
public:
    // Above this many sellers the count must be typed: a slip of the mouse
    // should not change a whole search result.
    static constexpr qint64 TypedConfirmationAbove = 1000;
    static constexpr int MaxNamesShown = 8;

    struct Request
    {
        bool flagging = true;
        // The scope with its count, e.g. "the 12 selected sellers" or "all
        // 48,213 sellers matching “acme”".
        QString scope;
        qint64 changes = 0;     // sellers whose state changes: the count confirmed
        qint64 unchanged = 0;   // sellers in the scope already in the target state
        QString scopeNote;      // e.g. that the matching set changed since it was selected
        QStringList firstNames; // of those that change; more than MaxNamesShown are cut
        bool reasonSupported = true;
        QString reasonUnavailable; // why, when the source cannot store a reason
        bool undoable = true;      // false for an undo, which is not undone in turn
    };

    explicit FlagDialog(const Request &request, QWidget *parent = nullptr);

    QString reason() const; // trimmed; empty when none or unsupported
    bool needsTypedCount() const { return m_count > TypedConfirmationAbove; }
    bool isConfirmed() const;

    // Whether typed is count, written with or without digit grouping (the
    // user's locale or English) and surrounding spaces.
    static bool matchesCount(const QString &typed, qint64 count);

    // Refuses while the typed count is missing or wrong, whatever asks.
    void accept() override;

private:
    qint64 m_count;
    QLineEdit *m_reason;
    QLineEdit *m_typedCount = nullptr;
    QPushButton *m_ok;
};
