#include "exportdialog.h"

#include "csvwriter.h"
#include "exportcolumns.h"
#include "historytablemodel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace {

const auto ProfileKey = QStringLiteral("export/profile");
const auto FolderKey = QStringLiteral("export/folder");
const auto FlagKey = QStringLiteral("export/flagSellers");

// A preview cell wider than this is cut (the tooltip has it whole).
constexpr int PreviewColumnMaxWidth = 220;
// A search longer than this is cut in the filter summary.
constexpr int SearchShownChars = 40;

QLabel *noteLabel(QWidget *parent)
{
    // Plain text: searches come from the user and must not be read as markup.
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QString quoted(const QString &search)
{
    QString shown = HistoryTableModel::visibleText(search);
    if (shown.size() > SearchShownChars)
        shown = shown.left(SearchShownChars - 1) + QChar(0x2026);
    return ExportDialog::tr("“%1”").arg(shown);
}

QString minutes(Timestamp::Micros t, const QTimeZone &zone)
{
    return Timestamp::formatLocal(t, zone).left(16); // YYYY-MM-DD HH:MM
}

QString historySummary(const HistoryFilter &f, const QTimeZone &zone)
{
    QStringList parts;
    if (f.matchesAllActions()) {
        parts << ExportDialog::tr("Every action");
    } else {
        QStringList labels;
        for (Action a : ActionInfo::list()) {
            if (f.actions.contains(a))
                labels << ActionInfo::label(a);
        }
        parts << labels.join(QStringLiteral(", "));
    }
    if (f.from && f.to)
        parts << ExportDialog::tr("from %1 until %2")
                     .arg(minutes(*f.from, zone), minutes(*f.to, zone));
    else if (f.from)
        parts << ExportDialog::tr("from %1 on").arg(minutes(*f.from, zone));
    else if (f.to)
        parts << ExportDialog::tr("until %1").arg(minutes(*f.to, zone));
    else
        parts << ExportDialog::tr("any time");
    if (!f.search.isEmpty())
        parts << ExportDialog::tr("names containing %1").arg(quoted(f.search));
    parts << (f.order == SortOrder::NewestFirst ? ExportDialog::tr("newest first")
                                                : ExportDialog::tr("oldest first"));
    return parts.join(QStringLiteral(" · "));
}

QString sellersSummary(const SellerFilter &f)
{
    QString text;
    switch (f.state) {
    case SellerFilter::State::All:
        text = ExportDialog::tr("Flagged and unflagged sellers");
        break;
    case SellerFilter::State::Flagged:
        text = ExportDialog::tr("Flagged sellers");
        break;
    case SellerFilter::State::Unflagged:
        text = ExportDialog::tr("Unflagged sellers");
        break;
    }
    if (!f.search.isEmpty())
        text = ExportDialog::tr("%1 with names containing %2").arg(text, quoted(f.search));
    if (f.only) {
        const qsizetype n = f.only->values.size();
        const QString rest = text.at(0).toLower() + text.mid(1);
        text = n == 1 ? ExportDialog::tr("Of the seller a history entry names: %1").arg(rest)
                      : ExportDialog::tr("Of the %1 sellers a history entry names: %2")
                            .arg(QLocale().toString(n), rest);
    }
    return ExportDialog::tr("%1 · newest first").arg(text);
}

} // namespace

// ExportPreviewModel

void ExportPreviewModel::setCsv(const QByteArray &csv)
{
    beginResetModel();
    m_csv = csv;
    m_rows = parseCsv(csv);
    m_header = m_rows.isEmpty() ? QStringList() : m_rows.takeFirst();
    endResetModel();
}

QList<QStringList> ExportPreviewModel::parseCsv(const QByteArray &csv)
{
    const QString text = QString::fromUtf8(
        csv.startsWith("\xEF\xBB\xBF") ? QByteArrayView(csv).sliced(3) : QByteArrayView(csv));
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool inQuotes = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == u'"') {
            inQuotes = true;
            fieldStarted = true;
        } else if (c == u',') {
            record << std::exchange(field, {});
            fieldStarted = true;
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            record << std::exchange(field, {});
            records << std::exchange(record, {});
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
        record << field;
        records << record;
    }
    return records;
}

QString ExportPreviewModel::cell(int row, int column) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const QStringList &r = m_rows.at(row);
    return column >= 0 && column < r.size() ? r.at(column) : QString();
}

int ExportPreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExportPreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_header.size());
}

QVariant ExportPreviewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString value = cell(index.row(), index.column());
    switch (role) {
    case Qt::DisplayRole:
        // One line per row: line breaks and control characters made visible.
        return HistoryTableModel::visibleText(value);
    case Qt::ToolTipRole:
        return value.isEmpty() ? QVariant() : QVariant(value);
    default:
        return {};
    }
}

QVariant ExportPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return section >= 0 && section < m_header.size() ? QVariant(m_header.at(section)) : QVariant();
}

// ExportDialog

ExportDialog::ExportDialog(const Context &context, HistorySource *source, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_source(source)
    , m_preview(new ExportPreviewModel(this))
{
    const bool history = context.scope == ExportRequest::Scope::History;
    setWindowTitle(history ? tr("Export History") : tr("Export Sellers"));

    // What: all matching, or the selection.
    auto *rows = new QGroupBox(history ? tr("Rows") : tr("Sellers"), this);
    auto *rowsLayout = new QVBoxLayout(rows);
    m_all = new QRadioButton(rows);
    m_all->setObjectName(QStringLiteral("exportAll"));
    m_filterText = noteLabel(rows);
    m_filterText->setObjectName(QStringLiteral("exportFilterText"));
    m_filterText->setContentsMargins(
        style()->pixelMetric(QStyle::PM_ExclusiveIndicatorWidth, nullptr, this) +
            style()->pixelMetric(QStyle::PM_RadioButtonLabelSpacing, nullptr, this),
        0, 0, 0);
    m_selected = new QRadioButton(rows);
    m_selected->setObjectName(QStringLiteral("exportSelected"));
    auto *scopeGroup = new QButtonGroup(this);
    scopeGroup->addButton(m_all);
    scopeGroup->addButton(m_selected);
    rowsLayout->addWidget(m_all);
    rowsLayout->addWidget(m_filterText);
    rowsLayout->addWidget(m_selected);

    // How and where.
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_profile = new QComboBox(this);
    m_profile->setObjectName(QStringLiteral("exportProfile"));
    m_profile->addItem(tr("Spreadsheet (Excel-safe)"), int(CsvProfile::Spreadsheet));
    m_profile->addItem(tr("Standard (RFC 4180)"), int(CsvProfile::Standard));
    m_profile->setAccessibleName(tr("Format"));
    m_profile->setToolTip(tr("How the file is written: for a spreadsheet, or for other programs"));
    auto *profileLabel = new QLabel(tr("&Format:"), this);
    profileLabel->setBuddy(m_profile);
    m_profileText = noteLabel(this);
    m_profileText->setObjectName(QStringLiteral("exportProfileText"));
    m_profileText->setWordWrap(false); // one line: the tooltip has the details
    form->addRow(profileLabel, m_profile);
    form->addRow(QString(), m_profileText);

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_path->setAccessibleName(tr("File"));
    m_path->setToolTip(tr("The CSV file to write. It appears only once it is complete; a "
                          "cancelled or failed export leaves no file."));
    m_path->setMinimumWidth(360);
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setObjectName(QStringLiteral("exportBrowse"));
    m_browse->setToolTip(tr("Choose the file in a file dialog"));
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *pathLabel = new QLabel(tr("F&ile:"), this);
    pathLabel->setBuddy(m_path);
    m_pathText = new QLabel(this);
    m_pathText->setObjectName(QStringLiteral("exportPathText"));
    m_pathText->setTextFormat(Qt::PlainText);
    m_pathText->setWordWrap(true);
    form->addRow(pathLabel, pathRow);
    form->addRow(QString(), m_pathText);

    m_flag = new QCheckBox(tr("F&lag the exported sellers (one history entry)"), this);
    m_flag->setObjectName(QStringLiteral("exportFlag"));
    m_flag->setToolTip(tr("Once the file is written and recorded, flag the exported sellers "
                          "that are not flagged yet, as one flag entry in the history"));
    m_flag->setVisible(!history);
    form->addRow(QString(), m_flag);

    // The first rows, as they will be written.
    auto *previewBox = new QGroupBox(tr("Preview"), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    m_previewStatus = noteLabel(previewBox);
    m_previewStatus->setObjectName(QStringLiteral("exportPreviewStatus"));
    m_previewTable = new QTableView(previewBox);
    m_previewTable->setObjectName(QStringLiteral("exportPreviewTable"));
    m_previewTable->setModel(m_preview);
    m_previewTable->setAccessibleName(tr("The first rows of the file"));
    m_previewTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_previewTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_previewTable->setWordWrap(false);
    m_previewTable->setTextElideMode(Qt::ElideRight);
    m_previewTable->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_previewTable->setAlternatingRowColors(true);
    m_previewTable->setCornerButtonEnabled(false);
    m_previewTable->verticalHeader()->hide();
    m_previewTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_previewTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_previewTable->horizontalHeader()->setHighlightSections(false);
    m_previewTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_previewTable->horizontalHeader()->setStretchLastSection(true);
    // The header and every preview row in sight, with room for the scroll bar.
    const int previewHeight = (fontMetrics().height() + 8) * (PreviewRows + 1) +
                              m_previewTable->horizontalScrollBar()->sizeHint().height() +
                              2 * m_previewTable->frameWidth() + 6;
    m_previewTable->setMinimumHeight(previewHeight);
    m_previewCsv = new QPlainTextEdit(previewBox);
    m_previewCsv->setObjectName(QStringLiteral("exportPreviewText"));
    m_previewCsv->setAccessibleName(tr("The first lines of the file"));
    m_previewCsv->setReadOnly(true);
    m_previewCsv->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_previewCsv->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_previewCsv->setMinimumHeight(previewHeight);
    m_previewTabs = new QTabWidget(previewBox);
    m_previewTabs->setObjectName(QStringLiteral("exportPreviewTabs"));
    m_previewTabs->setDocumentMode(true);
    m_previewTabs->addTab(m_previewTable, tr("Table"));
    m_previewTabs->addTab(m_previewCsv, tr("Text"));
    m_previewTabs->setTabToolTip(0, tr("The cells as a spreadsheet shows them"));
    m_previewTabs->setTabToolTip(1, tr("The lines of the file, quotes and all"));
    previewLayout->addWidget(m_previewStatus);
    previewLayout->addWidget(m_previewTabs);

    m_estimate = new QLabel(this);
    m_estimate->setObjectName(QStringLiteral("exportEstimate"));
    m_estimate->setTextFormat(Qt::PlainText);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Export"));
    m_ok->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_estimate, 1);
    bottom->addWidget(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(rows);
    layout->addLayout(form);
    layout->addWidget(previewBox, 1);
    layout->addLayout(bottom);
    setMinimumWidth(680);

    // Top to bottom, as the dialog reads.
    const QList<QWidget *> order{m_all,
                                 m_selected,
                                 m_profile,
                                 m_path,
                                 m_browse,
                                 m_flag,
                                 m_previewTabs,
                                 m_previewTable,
                                 m_previewCsv,
                                 m_ok,
                                 buttons->button(QDialogButtonBox::Cancel)};
    for (qsizetype i = 1; i < order.size(); ++i)
        QWidget::setTabOrder(order.at(i - 1), order.at(i));

    buildScope();
    restoreSettings();
    updateProfileText();

    connect(m_all, &QRadioButton::toggled, this, [this] {
        updateScopeTexts();
        updatePreview();
    });
    connect(m_profile, &QComboBox::currentIndexChanged, this, [this] {
        updateProfileText();
        updatePreview();
    });
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updatePath);
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::browse);

    if (m_source) {
        m_connections << connect(m_source, &HistorySource::pageReady, this,
                                 &ExportDialog::onPageReady)
                      << connect(m_source, &HistorySource::countsReady, this,
                                 &ExportDialog::onCountsReady)
                      << connect(m_source, &HistorySource::sellerPageReady, this,
                                 &ExportDialog::onSellerPageReady)
                      << connect(m_source, &HistorySource::failed, this, &ExportDialog::onFailed);
    }
    requestPreview();
    updateScopeTexts();
    updatePreview();
    updatePath();
    m_ok->setFocus();
}

ExportDialog::~ExportDialog()
{
    if (!m_source)
        return;
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    for (HistorySource::RequestId id : {m_pendingPreview, m_pendingCounts}) {
        if (id)
            m_source->cancel(id);
    }
}

void ExportDialog::buildScope()
{
    const bool history = m_context.scope == ExportRequest::Scope::History;
    const qsizetype selected =
        history ? m_context.selectedEntries.size() : m_context.selectedSellers.size();
    const bool canSelect = selected > 0 && !m_context.allMatchingSelected;
    m_selected->setEnabled(canSelect);
    // History always has a current row; only a wider selection says "these".
    const bool preferSelection = history ? selected > 1 : canSelect;
    (preferSelection ? m_selected : m_all)->setChecked(true);
    if (history && m_context.knownAccuracy != CountAccuracy::Unknown) {
        m_total = m_context.knownTotal;
        m_totalAccuracy = m_context.knownAccuracy;
    }
    const QTimeZone zone = ExportColumns::LocalTimeFormatter::zoneFor(m_context.zoneId);
    m_filterText->setText(history ? historySummary(m_context.history, zone)
                                  : sellersSummary(m_context.sellers));
    m_all->setToolTip(history ? tr("Every row the History tab's filters match, on all pages")
                              : tr("Every seller the Sellers tab's search and filter match, on "
                                   "all pages"));
    if (m_context.allMatchingSelected)
        m_selected->setToolTip(tr("All matching sellers are selected: that is the option above"));
    else if (!canSelect)
        m_selected->setToolTip(history ? tr("Select rows in the History tab to export only them")
                                       : tr("Select sellers in the Sellers tab to export only "
                                            "them"));
    else
        m_selected->setToolTip(history ? tr("Only the rows selected in the History tab")
                                       : tr("Only the sellers selected in the Sellers tab"));
}

void ExportDialog::requestPreview()
{
    if (!m_source)
        return;
    if (m_context.scope == ExportRequest::Scope::History) {
        PageRequest page;
        page.filter = m_context.history;
        page.pageSize = PreviewRows;
        page.anchor = PageAnchor::First;
        m_pendingPreview = m_source->requestPage(page);
        if (m_totalAccuracy != CountAccuracy::Exact)
            requestCounts(m_totalAccuracy == CountAccuracy::Unknown);
    } else {
        SellerPageRequest page;
        page.filter = m_context.sellers;
        page.pageSize = PreviewRows;
        m_pendingPreview = m_source->requestSellerPage(page);
    }
}

void ExportDialog::requestCounts(bool allowEstimate)
{
    CountRequest counts;
    counts.filter = m_context.history;
    counts.kind = CountKind::PerAction;
    counts.allowEstimate = allowEstimate;
    m_pendingCounts = m_source->requestCounts(counts);
}

void ExportDialog::onPageReady(HistorySource::RequestId id, const PageResult &result)
{
    if (id == 0 || id != m_pendingPreview)
        return;
    m_pendingPreview = 0;
    m_firstEntries = result.entries.mid(0, PreviewRows);
    m_firstLoaded = true;
    if (result.total >= 0 && m_totalAccuracy != CountAccuracy::Exact) {
        m_total = result.total;
        m_totalAccuracy = CountAccuracy::Exact;
        if (m_pendingCounts) {
            m_source->cancel(m_pendingCounts);
            m_pendingCounts = 0;
        }
    } else if (result.atStart && result.atEnd && m_totalAccuracy != CountAccuracy::Exact) {
        // The whole result fits the preview: that is the count.
        m_total = result.entries.size();
        m_totalAccuracy = CountAccuracy::Exact;
    }
    updateScopeTexts();
    updatePreview();
}

void ExportDialog::onCountsReady(HistorySource::RequestId id, const CountResult &result)
{
    if (id == 0 || id != m_pendingCounts)
        return;
    m_pendingCounts = 0;
    if (m_totalAccuracy == CountAccuracy::Exact)
        return;
    m_total = result.totalFor(m_context.history.actions);
    m_totalAccuracy = result.accuracy;
    if (result.accuracy != CountAccuracy::Exact)
        requestCounts(false);
    updateScopeTexts();
}

void ExportDialog::onSellerPageReady(HistorySource::RequestId id, const SellerPageResult &result)
{
    if (id == 0 || id != m_pendingPreview)
        return;
    m_pendingPreview = 0;
    m_firstSellers = result.sellers.mid(0, PreviewRows);
    m_firstLoaded = true;
    m_total = result.total;
    m_totalAccuracy = CountAccuracy::Exact;
    updateScopeTexts();
    updatePreview();
}

void ExportDialog::onFailed(HistorySource::RequestId id, const SourceError &error)
{
    if (id == 0)
        return;
    if (id == m_pendingPreview) {
        m_pendingPreview = 0;
        m_previewError = error.message;
        updatePreview();
    } else if (id == m_pendingCounts) {
        m_pendingCounts = 0;
        updateScopeTexts();
    }
}

bool ExportDialog::isSelectionScope() const
{
    return m_selected->isChecked();
}

qint64 ExportDialog::estimatedRows() const
{
    if (isSelectionScope())
        return m_context.scope == ExportRequest::Scope::History ? m_context.selectedEntries.size()
                                                                : m_context.selectedSellers.size();
    return m_totalAccuracy == CountAccuracy::Unknown ? -1 : m_total;
}

CountAccuracy ExportDialog::estimateAccuracy() const
{
    return isSelectionScope() ? CountAccuracy::Exact : m_totalAccuracy;
}

QString ExportDialog::estimateText() const
{
    const bool history = m_context.scope == ExportRequest::Scope::History;
    const qint64 n = estimatedRows();
    if (n < 0)
        return QString();
    const QString number = QLocale().toString(n);
    if (estimateAccuracy() == CountAccuracy::Estimated)
        return history ? tr("about %1 rows").arg(number) : tr("about %1 sellers").arg(number);
    if (n == 1)
        return history ? tr("1 row") : tr("1 seller");
    return history ? tr("%1 rows").arg(number) : tr("%1 sellers").arg(number);
}

void ExportDialog::updateScopeTexts()
{
    const bool history = m_context.scope == ExportRequest::Scope::History;
    const QLocale locale;
    const QString total = locale.toString(m_total);
    QString all;
    switch (m_totalAccuracy) {
    case CountAccuracy::Exact:
        if (m_total == 0)
            all = history ? tr("&All rows matching the current filters (none)")
                          : tr("&All sellers matching the current filter (none)");
        else if (m_total == 1)
            all = history ? tr("&All rows matching the current filters (1 row)")
                          : tr("&All sellers matching the current filter (1 seller)");
        else
            all = history ? tr("&All %1 rows matching the current filters").arg(total)
                          : tr("&All %1 sellers matching the current filter").arg(total);
        break;
    case CountAccuracy::Estimated:
        all = history ? tr("&All rows matching the current filters (about %1)").arg(total)
                      : tr("&All sellers matching the current filter (about %1)").arg(total);
        break;
    case CountAccuracy::Unknown:
        all = m_pendingCounts || m_pendingPreview
                  ? (history ? tr("&All rows matching the current filters (counting…)")
                             : tr("&All sellers matching the current filter (counting…)"))
                  : (history ? tr("&All rows matching the current filters")
                             : tr("&All sellers matching the current filter"));
        break;
    }
    m_all->setText(all);

    const qsizetype n =
        history ? m_context.selectedEntries.size() : m_context.selectedSellers.size();
    QString selected;
    if (!history && m_context.allMatchingSelected)
        selected = tr("Only the &selected sellers (all matching sellers are selected)");
    else if (n == 0)
        selected = history ? tr("Only the &selected rows (none selected)")
                           : tr("Only the &selected sellers (none selected)");
    else if (n == 1)
        selected = history ? tr("Only the &selected row") : tr("Only the &selected seller");
    else
        selected = history ? tr("The %1 &selected rows").arg(locale.toString(n))
                           : tr("The %1 &selected sellers").arg(locale.toString(n));
    m_selected->setText(selected);

    const QString estimate = estimateText();
    if (!estimate.isEmpty())
        m_estimate->setText(tr("Will export %1.").arg(estimate));
    else if (m_pendingCounts || m_pendingPreview)
        m_estimate->setText(tr("Counting…"));
    else
        m_estimate->setText(tr("The number of rows is not known yet."));
}

void ExportDialog::updateProfileText()
{
    const bool spreadsheet =
        CsvProfile(m_profile->currentData().toInt()) == CsvProfile::Spreadsheet;
    m_profileText->setText(
        spreadsheet ? tr("For Excel and other spreadsheets; formulas in the data are defused.")
                    : tr("For other programs; every value exactly as stored."));
    m_profileText->setToolTip(
        spreadsheet ? tr("UTF-8 with a byte order mark, CRLF line ends, every field quoted, and "
                         "text starting with = + - @ tab or CR prefixed with ' so that a "
                         "spreadsheet never runs it as a formula.")
                    : tr("RFC 4180: UTF-8, CRLF line ends, quoted only where needed, values "
                         "unaltered."));
}

void ExportDialog::updatePreview()
{
    const bool history = m_context.scope == ExportRequest::Scope::History;
    const bool selection = isSelectionScope();
    const bool loaded = selection || m_firstLoaded;
    if (!loaded) {
        m_preview->setCsv({});
        m_previewCsv->clear();
        m_previewStatus->setText(!m_previewError.isEmpty()
                                     ? tr("The preview could not be loaded: %1").arg(m_previewError)
                                 : m_source ? tr("Loading the first rows…")
                                            : tr("No preview: there is no source."));
        return;
    }
    const auto profile = CsvProfile(m_profile->currentData().toInt());
    CsvWriter writer(profile, 16 * 1024);
    qsizetype shown = 0;
    if (history) {
        ExportColumns::writeHeader(writer, ExportColumns::history());
        ExportColumns::HistoryCells cells;
        ExportColumns::LocalTimeFormatter localTime(
            ExportColumns::LocalTimeFormatter::zoneFor(m_context.zoneId));
        const QList<AuditEntry> entries =
            (selection ? m_context.selectedEntries : m_firstEntries).mid(0, PreviewRows);
        for (const AuditEntry &e : entries) {
            cells.read(e);
            ExportColumns::writeHistoryRow(writer, e, cells, localTime);
        }
        shown = entries.size();
    } else {
        ExportColumns::writeHeader(writer, ExportColumns::sellers());
        const QList<Seller> sellers =
            (selection ? m_context.selectedSellers : m_firstSellers).mid(0, PreviewRows);
        for (const Seller &s : sellers)
            ExportColumns::writeSellerRow(writer, s);
        shown = sellers.size();
    }
    const QByteArray csv(writer.pending().data(), writer.pending().size());
    m_preview->setCsv(csv);
    QString text = QString::fromUtf8(csv.startsWith("\xEF\xBB\xBF") ? csv.sliced(3) : csv);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    m_previewCsv->setPlainText(text);

    QHeaderView *header = m_previewTable->horizontalHeader();
    for (int c = 0; c < m_preview->columnCount(); ++c) {
        m_previewTable->resizeColumnToContents(c);
        header->resizeSection(c, std::min(header->sectionSize(c), PreviewColumnMaxWidth));
    }

    QString status;
    if (shown == 0)
        status = history ? tr("No rows match: the file will hold only the header.")
                         : tr("No sellers match: the file will hold only the header.");
    else
        status = shown == 1 ? tr("The header and the first row, exactly as they will be written.")
                            : tr("The header and the first %1 rows, exactly as they will be "
                                 "written.")
                                  .arg(shown);
    if (profile == CsvProfile::Spreadsheet)
        status += u' ' + tr("The file starts with a byte order mark.");
    m_previewStatus->setText(status);
}

QString ExportDialog::defaultFileName(ExportRequest::Scope scope, QDate date)
{
    const QString day = date.toString(Qt::ISODate);
    return scope == ExportRequest::Scope::History ? QStringLiteral("seller-history-%1.csv").arg(day)
                                                  : QStringLiteral("sellers-%1.csv").arg(day);
}

QString ExportDialog::freePath(const QString &folder, const QString &fileName)
{
    const QDir dir(folder);
    QString path = dir.filePath(fileName);
    const QFileInfo info(fileName);
    for (int n = 2; QFileInfo::exists(path) && n < 1000; ++n)
        path = dir.filePath(
            QStringLiteral("%1 (%2).%3").arg(info.completeBaseName()).arg(n).arg(info.suffix()));
    return path;
}

QString ExportDialog::defaultFolder() const
{
    if (!m_folder.isEmpty() && QFileInfo(m_folder).isDir())
        return m_folder;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return !documents.isEmpty() && QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

QString ExportDialog::resolvedPath() const
{
    QString text = m_path->text().trimmed();
    if (text.isEmpty())
        return {};
    if (text == u'~' || text.startsWith(QLatin1String("~/")))
        text = QDir::homePath() + text.mid(1);
    QFileInfo info(text);
    if (info.isRelative())
        info = QFileInfo(QDir(defaultFolder()).filePath(text));
    QString path = QDir::cleanPath(info.absoluteFilePath());
    if (info.suffix().isEmpty() && !info.isDir())
        path += QLatin1String(".csv");
    return path;
}

QString ExportDialog::pathProblem() const
{
    const QString path = resolvedPath();
    if (path.isEmpty())
        return tr("Choose the file to write.");
    const QFileInfo info(path);
    if (info.isDir())
        return tr("“%1” is a folder: add a file name.").arg(QDir::toNativeSeparators(path));
    if (!info.absoluteDir().exists())
        return tr("The folder “%1” does not exist.")
            .arg(QDir::toNativeSeparators(info.absolutePath()));
    return {};
}

void ExportDialog::updatePath()
{
    const QString problem = pathProblem();
    const QString path = resolvedPath();
    QString note = problem;
    if (note.isEmpty() && QFileInfo::exists(path) && path != m_confirmedPath)
        note = tr("“%1” exists: the export replaces it.").arg(QFileInfo(path).fileName());
    else if (note.isEmpty() && path != QDir::cleanPath(m_path->text().trimmed()))
        note = tr("Writes %1").arg(QDir::toNativeSeparators(path));
    m_pathText->setText(note);
    m_pathText->setVisible(!note.isEmpty());
    // A problem in red, readable on light and dark palettes alike.
    QPalette palette = this->palette();
    if (!problem.isEmpty())
        palette.setColor(QPalette::WindowText, palette.color(QPalette::Window).lightness() > 128
                                                   ? QColor(0xc0, 0x1c, 0x28)
                                                   : QColor(0xff, 0x7b, 0x72));
    m_pathText->setPalette(palette);
    m_ok->setEnabled(problem.isEmpty());
}

void ExportDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(
        this, windowTitle(), resolvedPath().isEmpty() ? defaultFolder() : resolvedPath(),
        tr("CSV files (*.csv);;All files (*)"));
    if (chosen.isEmpty())
        return;
    m_confirmedPath = QDir::cleanPath(chosen); // the file dialog asked about replacing it
    m_path->setText(QDir::toNativeSeparators(chosen));
}

ExportRequest ExportDialog::request() const
{
    ExportRequest r;
    r.scope = m_context.scope;
    r.history = m_context.history;
    r.sellers = m_context.sellers;
    if (isSelectionScope()) {
        if (r.scope == ExportRequest::Scope::History) {
            for (const AuditEntry &e : m_context.selectedEntries)
                r.ids << e.id;
        } else {
            for (const Seller &s : m_context.selectedSellers)
                r.ids << s.id;
        }
    }
    r.profile = CsvProfile(m_profile->currentData().toInt());
    r.path = resolvedPath();
    r.zoneId = m_context.zoneId;
    return r;
}

bool ExportDialog::flagExported() const
{
    return m_context.scope == ExportRequest::Scope::Sellers && m_flag->isChecked();
}

void ExportDialog::accept()
{
    updatePath();
    if (!pathProblem().isEmpty()) {
        m_path->setFocus(Qt::OtherFocusReason);
        return;
    }
    saveSettings();
    QDialog::accept();
}

void ExportDialog::restoreSettings()
{
    const QSettings settings;
    const bool standard =
        settings.value(ProfileKey).toString() == QLatin1String("standard"); // GUI: Spreadsheet
    m_profile->setCurrentIndex(
        m_profile->findData(int(standard ? CsvProfile::Standard : CsvProfile::Spreadsheet)));
    m_folder = settings.value(FolderKey).toString();
    m_flag->setChecked(settings.value(FlagKey, false).toBool());
    m_path->setText(QDir::toNativeSeparators(
        freePath(defaultFolder(), defaultFileName(m_context.scope, QDate::currentDate()))));
}

void ExportDialog::saveSettings() const
{
    QSettings settings;
    settings.setValue(ProfileKey,
                      CsvProfile(m_profile->currentData().toInt()) == CsvProfile::Standard
                          ? QStringLiteral("standard")
                          : QStringLiteral("spreadsheet"));
    settings.setValue(FolderKey, QFileInfo(resolvedPath()).absolutePath());
    if (m_context.scope == ExportRequest::Scope::Sellers)
        settings.setValue(FlagKey, m_flag->isChecked());
}
