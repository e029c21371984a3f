#pragma once

#include "auditentry.h"
#include "entrydetails.h"
#include "seller.h"

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
// Everything can be copied. "Show These Sellers" asks the window to list and
// select the sellers the entry names (it does not know the Sellers view).
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
    // The sellers the entry names, as "Show These Sellers" would ask for
    // them (by id where the entry has one, else by name); none when the
    // entry names no seller.
    std::optional<SellerSet> sellersToShow() const;
    // "the entry “Flagged 3 sellers” of 2025-01-11 19:00", for the Sellers
    // view to say where its list comes from.
    QString entryLabel() const;
    QPushButton *showSellersButton() const { return m_showSellers; }

signals:
    void showSellersRequested(const SellerSet &sellers, const QString &entryLabel);

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
    QPushButton *m_showSellers;
    QPushButton *m_showRaw;
    QToolButton *m_copyRaw;
    QPlainTextEdit *m_raw;
    QLabel *m_empty;
    QWidget *m_content;
};
