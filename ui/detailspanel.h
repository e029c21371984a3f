#pragma once

#include "auditentry.h"
#include "entrydetails.h"
#include "seller.h"

#include <QTimeZone>
#include <QWidget>

#include <optional>

class NameListModel;
class QFormLayout;
class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

// Shows one audit entry in full: what happened in a sentence, when (display
// zone, UTC, relative), who, the seller names it lists, the action's own
// fields, any warnings about its stored JSON, and the raw JSON on demand.
// Everything can be copied. "Show These Sellers" asks the window to list and
// select the sellers the entry names (it does not know the Sellers view).
// Any entry shows at once whatever its size: the names are a view over the
// entry's own list, the seller set is worked out once per entry and at most
// MaxSellersShown are offered, and the raw JSON is built only when asked for
// and shown up to RawShownChars (Copy copies all of it).
class DetailsPanel : public QWidget
{
    Q_OBJECT
public:
    // More than this and "Show These Sellers" is offered disabled: each page
    // of the Sellers tab binds the whole set in its query.
    static constexpr qsizetype MaxSellersShown = 10000;
    // The raw view shows this much of a longer JSON text, cut at a line.
    static constexpr qsizetype RawShownChars = 200 * 1024;

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
    // them (EntryDetails::sellerSet()); none when the entry names no seller,
    // more than MaxSellersShown, or is a remove (its sellers are gone).
    std::optional<SellerSet> sellersToShow() const;
    // "the entry “Flagged 3 sellers” of 2025-01-11 19:00", for the Sellers
    // view to say where its list comes from.
    QString entryLabel() const;
    QPushButton *showSellersButton() const { return m_showSellers; }

signals:
    void showSellersRequested(const SellerSet &sellers, const QString &entryLabel);

private:
    void entryChanged();
    void refresh();
    void updateShowSellers();
    void fillRaw();
    void addRow(const QString &label, const QString &value, const QString &tooltip = {});
    void copy(const QString &text);

    std::optional<AuditEntry> m_entry;
    EntryDetails m_details;
    EntryDetails::SellerLookup m_sellerLookup;
    QTimeZone m_zone = QTimeZone::systemTimeZone();

    QLabel *m_icon;
    QLabel *m_summary;
    QWidget *m_formHost;
    QFormLayout *m_form;
    QLabel *m_warnings;
    QLabel *m_listTitle;
    NameListModel *m_names;
    QListView *m_list;
    QToolButton *m_copyNames;
    QPushButton *m_showSellers;
    QPushButton *m_showRaw;
    QToolButton *m_copyRaw;
    QLabel *m_rawNote;
    QPlainTextEdit *m_raw;
    QLabel *m_empty;
    QWidget *m_content;
};
