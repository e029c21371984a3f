#include "exportfile.h"

#include "csvdigest.h"
#include "csvwriter.h"
#include "exportcolumns.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHashFunctions>
#include <QSaveFile>
#include <QSet>
#include <QStringEncoder>
#include <QVarLengthArray>

#include <cstring>
#include <utility>
#include <vector>

namespace {

// Pending bytes go to the file once they reach this: few large writes, and
// memory bounded by it plus the largest row.
constexpr qsizetype FlushThreshold = qsizetype(1) << 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("ExportFile", text);
}

// A system message as the end of our sentence: "Permission denied." becomes
// "permission denied" (names such as "QTemporaryFile" keep their case).
QString reason(QString text)
{
    text = text.trimmed();
    while (text.endsWith(u'.'))
        text.chop(1);
    if (text.size() > 1 && text.at(0).isUpper() && text.at(1).isLower())
        text[0] = text.at(0).toLower();
    return text.isEmpty() ? tr("unknown error") : text;
}

void prefetch(const void *address)
{
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address);
#else
    Q_UNUSED(address);
#endif
}

// The distinct seller names of an export, in first-seen order; an empty name
// names no seller and is left out. Each name is stored once, as its size and
// bytes, back to back in one block, and found through an open-addressing
// table of 8-byte slots (24 bits of its hash, its offset in the block):
// bounded by the number of distinct names, whatever the number of rows.
//
// With 100,000 sellers a lookup misses the cache twice (the slot, then the
// stored name); done in line, that was a third of a history export's time.
// So a row's names are staged (hashed, their slots prefetched) before the row
// is encoded, the stored names their slots point at are prefetched after it,
// and the lookups happen after the next row: the misses overlap real work.
// The order of the names is the same; finish() settles the last row.
class DistinctNames
{
public:
    DistinctNames()
        : m_slots(1024, 0)
    {}

    void stage(QStringView name)
    {
        m_scratch.resize(m_encoder.requiredSpace(name.size()));
        const char *end = m_encoder.appendToBuffer(m_scratch.data(), name);
        stageUtf8(QByteArrayView(m_scratch.data(), end - m_scratch.data()));
    }

    void stageUtf8(QByteArrayView name)
    {
        if (name.isEmpty())
            return;
        const quint64 h = hash(name);
        Row &row = m_rows[m_current];
        row.bytes.append(name.data(), name.size());
        row.ends.append(row.bytes.size());
        row.hashes.append(h);
        prefetch(&m_slots[h & (m_slots.size() - 1)]);
    }

    void endRow()
    {
        settle(m_rows[1 - m_current]);
        for (const quint64 h : m_rows[m_current].hashes)
            prefetchStored(h);
        m_current = 1 - m_current;
    }

    void finish()
    {
        settle(m_rows[1 - m_current]);
        settle(m_rows[m_current]);
    }

    // The names, handed over; the table and the stored bytes are released
    // (tens of MB with 700,000 names) as nothing is looked up any more.
    NameList takeNames()
    {
        std::vector<quint64>().swap(m_slots);
        m_bytes = QByteArray();
        m_count = 0;
        m_names.squeeze();
        return std::exchange(m_names, {});
    }

private:
    static constexpr int OffsetBits = 40; // a block of up to 1 TiB

    struct Row
    {
        QVarLengthArray<char, 512> bytes;
        QVarLengthArray<qsizetype, 16> ends;
        QVarLengthArray<quint64, 16> hashes;
        void clear()
        {
            bytes.clear();
            ends.clear();
            hashes.clear();
        }
    };

    void settle(Row &row)
    {
        qsizetype start = 0;
        for (qsizetype i = 0; i < row.ends.size(); ++i) {
            const QByteArrayView name(row.bytes.data() + start, row.ends[i] - start);
            if (insert(name, row.hashes[i]))
                m_names.append(name);
            start = row.ends[i];
        }
        row.clear();
    }

    // True when the name was not there yet.
    bool insert(QByteArrayView name, quint64 h)
    {
        if ((m_count + 1) * 4 > qsizetype(m_slots.size()) * 3)
            grow();
        const quint64 tag = h >> OffsetBits;
        const size_t mask = m_slots.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            const quint64 slot = m_slots[i];
            if (slot == 0) {
                m_slots[i] = (tag << OffsetBits) | quint64(m_bytes.size() + 1);
                const qsizetype size = name.size();
                m_bytes.append(reinterpret_cast<const char *>(&size), sizeof size);
                m_bytes.append(name);
                ++m_count;
                return true;
            }
            if ((slot >> OffsetBits) == tag && stored(slot) == name)
                return false;
        }
    }

    void prefetchStored(quint64 h) const
    {
        const quint64 slot = m_slots[h & (m_slots.size() - 1)];
        if (slot != 0 && (slot >> OffsetBits) == (h >> OffsetBits))
            prefetch(m_bytes.constData() + qsizetype(slot & ((1ULL << OffsetBits) - 1)) - 1);
    }

    QByteArrayView stored(quint64 slot) const
    {
        const char *at = m_bytes.constData() + qsizetype(slot & ((1ULL << OffsetBits) - 1)) - 1;
        qsizetype size = 0;
        std::memcpy(&size, at, sizeof size);
        return QByteArrayView(at + sizeof size, size);
    }

    // Eight bytes at a time, seeded per process (Qt's seed) so that crafted
    // names cannot pile up on one slot predictably.
    static quint64 hash(QByteArrayView name)
    {
        static const quint64 seed = quint64(qGlobalQHashSeed()) | 1;
        quint64 h = seed ^ (quint64(name.size()) * 0x9E3779B97F4A7C15ULL);
        const char *p = name.data();
        qsizetype n = name.size();
        for (; n >= 8; n -= 8, p += 8) {
            quint64 v;
            std::memcpy(&v, p, 8);
            h = (h ^ v) * 0xFF51AFD7ED558CCDULL;
            h ^= h >> 32;
        }
        quint64 v = 0;
        std::memcpy(&v, p, size_t(n));
        h ^= v;
        // MurmurHash3's finaliser: every bit reaches both the low bits, which
        // pick the slot, and the high bits kept in it.
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDULL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53ULL;
        return h ^ (h >> 33);
    }

    void grow()
    {
        std::vector<quint64> old(m_slots.size() * 2, 0);
        old.swap(m_slots);
        const size_t mask = m_slots.size() - 1;
        for (const quint64 slot : old) {
            if (slot == 0)
                continue;
            size_t i = hash(stored(slot)) & mask;
            while (m_slots[i] != 0)
                i = (i + 1) & mask;
            m_slots[i] = slot;
        }
    }

    std::vector<quint64> m_slots;
    QByteArray m_bytes;
    qsizetype m_count = 0;
    // As the file has a name: a lone surrogate as U+FFFD.
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
    QVarLengthArray<char, 256> m_scratch;
    Row m_rows[2];     // the row being staged and the one before it
    int m_current = 0; // index of the one being staged
    NameList m_names;  // UTF-8, as staged
};

} // namespace

struct ExportFile::Private
{
    enum class State : quint8
    {
        Ready,
        Open,
        Failed,
        Committed,
        Cancelled,
    };

    explicit Private(const ExportRequest &r)
        : request(r)
        , writer(r.profile, FlushThreshold + (FlushThreshold >> 4))
        , localTime(ExportColumns::LocalTimeFormatter::zoneFor(r.zoneId))
    {}

    QString shownPath() const { return QDir::toNativeSeparators(request.path); }
    bool fail(SourceError *error, const QString &message);
    bool refuse(SourceError *error) const;
    bool flush(SourceError *error);
    bool rowAdded(SourceError *error);
    void discardFile();

    ExportRequest request;
    CsvWriter writer;
    CsvDigest digest; // of the bytes handed to the file
    std::unique_ptr<QSaveFile> file;
    ExportColumns::HistoryCells cells;
    ExportColumns::LocalTimeFormatter localTime;
    DistinctNames names; // of the sellers column / the exported sellers
    QSet<QString> seenIds;
    ExportResult result; // rows and ids as they come; the rest at commit
    qint64 written = 0;  // bytes handed to the file
    SourceError failure;
    State state = State::Ready;
};

void ExportFile::Private::discardFile()
{
    if (!file)
        return;
    // The destructor of a QSaveFile whose writing was cancelled removes its
    // temporary file; the target is never touched.
    file->cancelWriting();
    file.reset();
}

bool ExportFile::Private::fail(SourceError *error, const QString &message)
{
    discardFile();
    failure = SourceError{SourceError::Kind::Failed, message};
    state = State::Failed;
    if (error)
        *error = failure;
    return false;
}

// Why a call cannot be served in the current state.
bool ExportFile::Private::refuse(SourceError *error) const
{
    if (!error)
        return false;
    switch (state) {
    case State::Failed:
        *error = failure;
        break;
    case State::Ready:
        *error = {SourceError::Kind::Failed,
                  tr("The export file \"%1\" is not open yet.").arg(shownPath())};
        break;
    case State::Open:
        *error = {SourceError::Kind::Failed,
                  tr("The export file \"%1\" is already open.").arg(shownPath())};
        break;
    case State::Committed:
        *error = {SourceError::Kind::Failed,
                  tr("The export file \"%1\" is already complete.").arg(shownPath())};
        break;
    case State::Cancelled:
        *error = {SourceError::Kind::Failed,
                  tr("The export to \"%1\" was cancelled.").arg(shownPath())};
        break;
    }
    return false;
}

bool ExportFile::Private::flush(SourceError *error)
{
    const QByteArrayView bytes = writer.pending();
    // A short write (the disk filled up part way) is retried: the retry
    // fails at once and leaves the reason in the file's error.
    for (qsizetype done = 0; done < bytes.size();) {
        const qint64 n = file->write(bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            const QString message =
                file->error() == QFileDevice::ResourceError
                    ? tr("Could not write the export file \"%1\": the disk is full.")
                          .arg(shownPath())
                    : tr("Could not write the export file \"%1\": %2.")
                          .arg(shownPath(), reason(file->errorString()));
            return fail(error, message);
        }
        done += n;
    }
    digest.addData(bytes);
    written += bytes.size();
    writer.clearPending();
    return true;
}

bool ExportFile::Private::rowAdded(SourceError *error)
{
    ++result.rows;
    return writer.pending().size() < FlushThreshold || flush(error);
}

ExportFile::ExportFile(const ExportRequest &request)
    : d(std::make_unique<Private>(request))
{}

ExportFile::~ExportFile()
{
    cancel();
}

bool ExportFile::open(SourceError *error)
{
    if (d->state != Private::State::Ready)
        return d->refuse(error);
    if (d->request.path.isEmpty())
        return d->fail(error, tr("No file was chosen for the export."));

    const QFileInfo info(d->request.path);
    if (info.isDir())
        return d->fail(
            error, tr("Cannot save the export as \"%1\": that is a folder.").arg(d->shownPath()));
    if (!info.dir().exists())
        return d->fail(error,
                       tr("Cannot save the export as \"%1\": the folder \"%2\" does not exist.")
                           .arg(d->shownPath(), QDir::toNativeSeparators(info.path())));
    d->file = std::make_unique<QSaveFile>(d->request.path);
    // Unbuffered: the writer already hands over megabyte blocks.
    if (!d->file->open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return d->fail(error, tr("Cannot save the export as \"%1\": %2.")
                                  .arg(d->shownPath(), reason(d->file->errorString())));
    d->state = Private::State::Open;
    ExportColumns::writeHeader(d->writer, d->request.scope == ExportRequest::Scope::History
                                              ? ExportColumns::history()
                                              : ExportColumns::sellers());
    return true;
}

bool ExportFile::add(const AuditEntry &entry, SourceError *error)
{
    if (d->state != Private::State::Open)
        return d->refuse(error);
    if (d->request.scope != ExportRequest::Scope::History)
        return d->fail(
            error,
            tr("The export file \"%1\" lists sellers, not history rows.").arg(d->shownPath()));
    d->cells.read(entry);
    for (qsizetype i = 0; i < d->cells.nameCount(); ++i)
        d->names.stageUtf8(d->cells.name(i));
    ExportColumns::writeHistoryRow(d->writer, entry, d->cells, d->localTime);
    d->names.endRow();
    return d->rowAdded(error);
}

bool ExportFile::add(const Seller &seller, SourceError *error)
{
    if (d->state != Private::State::Open)
        return d->refuse(error);
    if (d->request.scope != ExportRequest::Scope::Sellers)
        return d->fail(
            error,
            tr("The export file \"%1\" lists history rows, not sellers.").arg(d->shownPath()));
    d->names.stage(seller.displayName);
    ExportColumns::writeSellerRow(d->writer, seller);
    d->names.endRow();
    if (!d->seenIds.contains(seller.id)) {
        d->seenIds.insert(seller.id);
        d->result.sellerIds.append(seller.id);
    }
    return d->rowAdded(error);
}

bool ExportFile::commit(SourceError *error)
{
    if (d->state != Private::State::Open)
        return d->refuse(error);
    if (!d->flush(error))
        return false;
    if (!d->file->commit()) {
        const QString message =
            d->file->error() == QFileDevice::ResourceError
                ? tr("Could not save the export file \"%1\": the disk is full.").arg(d->shownPath())
                : tr("Could not save the export file \"%1\": %2.")
                      .arg(d->shownPath(), reason(d->file->errorString()));
        return d->fail(error, message);
    }
    d->file.reset();
    d->state = Private::State::Committed;
    d->result.bytes = d->written;
    d->result.sha256 = QString::fromLatin1(d->digest.result().toHex());
    d->names.finish();
    d->result.sellerNames = d->names.takeNames();
    d->result.path = d->request.path;
    return true;
}

void ExportFile::cancel()
{
    if (d->state != Private::State::Open && d->state != Private::State::Ready)
        return;
    d->discardFile();
    d->state = Private::State::Cancelled;
}

ExportProgress ExportFile::progress() const
{
    return ExportProgress{d->result.rows, d->written + d->writer.pending().size()};
}

ExportResult ExportFile::result() const
{
    return d->result;
}
