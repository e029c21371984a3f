#pragma once

#include "exportrequest.h"
#include "historysource.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QTabWidget;
class QTableView;

// The first rows of an export as its file holds them: CSV bytes made by the
// export's own writer (ExportColumns into a CsvWriter), read back into cells,
// so the preview shows what a spreadsheet will show (a neutralising ' too).
// Holds a handful of rows; knows nothing of sources or widgets.
class ExportPreviewModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    // Replaces the rows with those of csv: the first row is the header. A
    // UTF-8 byte-order mark in front is skipped.
    void setCsv(const QByteArray &csv);
    QByteArray csv() const { return m_csv; }
    QStringList header() const { return m_header; }
    // The cell as written (unquoted), newlines and all.
    QString cell(int row, int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // RFC 4180 records of csv (quoted fields may hold commas, quotes and line
    // breaks); a leading BOM is skipped.
    static QList<QStringList> parseCsv(const QByteArray &csv);

private:
    QByteArray m_csv;
    QStringList m_header;
    QList<QStringList> m_rows;
};

// Asks what to export and where (product.md §4): the rows (all that match the
// current filters, or the selection), the profile (Spreadsheet or Standard,
// each explained), the file, and for sellers whether to flag them. Shows the
// first rows exactly as they will be written and an estimate of how many rows
// the file will have, both loaded asynchronously from the source (the dialog
// never waits; a late answer for a closed dialog is dropped). Remembers the
// profile, the folder and the flag option (QSettings, group "export").
//
// It only asks: it builds an ExportRequest and never starts an export.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int PreviewRows = 5;

    // What the window knows when the dialog opens.
    struct Context
    {
        ExportRequest::Scope scope = ExportRequest::Scope::History;
        HistoryFilter history; // History: the filter the History tab shows
        SellerFilter sellers;  // Sellers: the filter the Sellers tab shows
        // The selection, in display order (History and Sellers respectively).
        QList<AuditEntry> selectedEntries;
        QList<Seller> selectedSellers;
        // Sellers: "all matching" is selected; the selection is the filter.
        bool allMatchingSelected = false;
        // History: the total the window already has for the filter, if any.
        qint64 knownTotal = -1;
        CountAccuracy knownAccuracy = CountAccuracy::Unknown;
        QString zoneId = QStringLiteral("UTC"); // of the local_time column
    };

    // source: not owned; may be null or go away (then nothing is previewed).
    ExportDialog(const Context &context, HistorySource *source, QWidget *parent = nullptr);
    ~ExportDialog() override;

    // The export as chosen now (the path made absolute, with .csv added when
    // it has no suffix).
    ExportRequest request() const;
    bool flagExported() const; // Sellers only; false for history
    bool isSelectionScope() const;

    // How many rows the file will have, as far as known: -1 while unknown.
    qint64 estimatedRows() const;
    CountAccuracy estimateAccuracy() const;
    QString estimateText() const;
    // Why the dialog cannot be accepted now (empty when it can).
    QString pathProblem() const;

    ExportPreviewModel *previewModel() const { return m_preview; }
    QRadioButton *allButton() const { return m_all; }
    QRadioButton *selectedButton() const { return m_selected; }
    QComboBox *profileBox() const { return m_profile; }
    QLineEdit *pathField() const { return m_path; }
    QCheckBox *flagBox() const { return m_flag; }
    QPushButton *exportButton() const { return m_ok; }
    bool isPreviewLoading() const { return m_pendingPreview != 0; }

    // "seller-history-2026-11-26.csv", "sellers-2026-11-26.csv".
    static QString defaultFileName(ExportRequest::Scope scope, QDate date);
    // A name in folder that no file has yet: the default, else "… (2).csv"…
    static QString freePath(const QString &folder, const QString &fileName);

    // Refuses (and says why next to the path) while the path is unusable;
    // remembers the choices when it accepts.
    void accept() override;

private:
    void buildScope();
    void requestPreview();
    void requestCounts(bool allowEstimate);
    void onPageReady(HistorySource::RequestId id, const PageResult &result);
    void onCountsReady(HistorySource::RequestId id, const CountResult &result);
    void onSellerPageReady(HistorySource::RequestId id, const SellerPageResult &result);
    void onFailed(HistorySource::RequestId id, const SourceError &error);
    void browse();
    void updateProfileText();
    void updateScopeTexts();
    void updatePreview();
    void updatePath();
    QString resolvedPath() const;
    QString defaultFolder() const;
    void restoreSettings();
    void saveSettings() const;

    Context m_context;
    QPointer<HistorySource> m_source;
    QList<QMetaObject::Connection> m_connections;
    HistorySource::RequestId m_pendingPreview = 0;
    HistorySource::RequestId m_pendingCounts = 0;
    // All matching: the first rows, once loaded, and the total.
    QList<AuditEntry> m_firstEntries;
    QList<Seller> m_firstSellers;
    bool m_firstLoaded = false;
    QString m_previewError;
    qint64 m_total = -1;
    CountAccuracy m_totalAccuracy = CountAccuracy::Unknown;
    QString m_folder; // where a relative path is, and the default file goes
    // The path was chosen with Browse…, whose dialog asked about replacing.
    QString m_confirmedPath;

    QRadioButton *m_all;
    QRadioButton *m_selected;
    QLabel *m_filterText;
    QComboBox *m_profile;
    QLabel *m_profileText;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QLabel *m_pathText;
    QCheckBox *m_flag;
    QTabWidget *m_previewTabs;
    QTableView *m_previewTable;
    QPlainTextEdit *m_previewCsv;
    QLabel *m_previewStatus;
    QLabel *m_estimate;
    QPushButton *m_ok;
    ExportPreviewModel *m_preview;
};
