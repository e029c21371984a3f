#pragma once

#include "auditentry.h"
#include "entrydetails.h"

#include <QTimeZone>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

// Shows one audit entry in full: what happened in a sentence, when (display
// zone, UTC, relative), who, the seller names it lists, the action's own
// fields, any warnings about its stored JSON, and the raw JSON on demand.
// Everything can be copied.
class DetailsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DetailsPanel(QWidget *parent = nullptr);

    void setEntry(const std::optional<AuditEntry> &entry);
    // The entry's added/removed lists as its source reports them separately
    // (ignored unless they are for the entry shown).
    void setSourceLists(const QString &entryId, const QStringList &added,
                        const QStringList &removed);
    void setTimeZone(const QTimeZone &zone);

    // What is shown, for tests and accessibility.
    QString summaryText() const;
    QStringList listedNames() const;
    QString listTitle() const;
    QStringList warnings() const;
    QString rawJson() const;

private:
    void refresh();
    void addRow(const QString &label, const QString &value, const QString &tooltip = {});
    void copy(const QString &text);

    std::optional<AuditEntry> m_entry;
    EntryDetails m_details;
    QTimeZone m_zone = QTimeZone::systemTimeZone();

    QLabel *m_icon;
    QLabel *m_summary;
    QWidget *m_formHost;
    QFormLayout *m_form;
    QLabel *m_warnings;
    QLabel *m_listTitle;
    QListWidget *m_list;
    QToolButton *m_copyNames;
    QPushButton *m_showRaw;
    QToolButton *m_copyRaw;
    QPlainTextEdit *m_raw;
    QLabel *m_empty;
    QWidget *m_content;
};
