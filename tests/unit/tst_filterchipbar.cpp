#include "filterchipbar.h"

#include <QApplication>
#include <QDir>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QSignalSpy>
#include <QStyle>
#include <QTest>
#include <QVBoxLayout>

namespace {

// The chip labels in bar order, All first.
const QStringList ChipLabels{QStringLiteral("All"),      QStringLiteral("Added"),
                             QStringLiteral("Edited"),   QStringLiteral("Removed"),
                             QStringLiteral("Exported"), QStringLiteral("Flagged")};

FilterChip *chipNamed(const FilterChipBar &bar, const QString &label)
{
    auto *chip = bar.findChild<FilterChip *>(QStringLiteral("chip") + label);
    if (!chip)
        qWarning("no chip %s", qPrintable(label));
    return chip;
}

QStringList checkedChips(const FilterChipBar &bar)
{
    QStringList checked;
    for (const QString &label : ChipLabels) {
        if (chipNamed(bar, label)->isChecked())
            checked << label;
    }
    return checked;
}

QList<unsigned> emittedBits(const QSignalSpy &spy)
{
    QList<unsigned> bits;
    for (const QList<QVariant> &args : spy)
        bits << args.at(0).value<Actions>().bits();
    return bits;
}

CountResult counts(std::array<qint64, ActionCount> perAction, CountAccuracy accuracy)
{
    CountResult c;
    c.perAction = perAction;
    c.accuracy = accuracy;
    return c;
}

// WCAG relative luminance and contrast ratio.
qreal luminance(const QColor &c)
{
    const auto channel = [](qreal v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

qreal contrast(const QColor &a, const QColor &b)
{
    const qreal la = luminance(a);
    const qreal lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

// The strongest contrast any pixel in `area` has against `background`: the
// core of the glyphs drawn there.
qreal strongestContrast(const QImage &image, const QRect &area, const QColor &background)
{
    qreal best = 1;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x)
            best = qMax(best, contrast(image.pixelColor(x, y), background));
    }
    return best;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3b, 0x7d, 0xdd));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1a, 0x1a));
    p.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
    p.setColor(QPalette::ToolTipBase, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::Disabled, QPalette::WindowText, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Text, disabledText);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, disabledText);
    return p;
}

// Restores the application palette when a test is done with another one.
class PaletteScope
{
public:
    explicit PaletteScope(const QPalette &palette)
        : m_saved(QApplication::palette())
    {
        QApplication::setPalette(palette);
    }
    ~PaletteScope() { QApplication::setPalette(m_saved); }
    Q_DISABLE_COPY_MOVE(PaletteScope)

private:
    QPalette m_saved;
};

// The chips paint their label at least this far from the pill's ends, and
// keep at least this much space between label and count.
constexpr int MinPadding = 8;
constexpr int MinGap = 4;

} // namespace

class TestFilterChipBar : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void shouldStartWithAllChecked();
    void shouldBuildSelectionFromClicks_data();
    void shouldBuildSelectionFromClicks();
    void shouldNotEmitFromSetActions_data();
    void shouldNotEmitFromSetActions();
    void shouldToggleAndSelectAllLikeClicks();
    void shouldMoveFocusWithArrows_data();
    void shouldMoveFocusWithArrows();
    void shouldToggleFocusedChipWithSpace();
    void shouldReachTheBarWithTab();
    void shouldShowExactCountsAndTheirSumOnAll();
    void shouldFormatCount_data();
    void shouldFormatCount();
    void shouldMarkEstimatedCountsOnChips();
    void shouldClearCounts();
    void shouldFitTextInEveryChip_data();
    void shouldFitTextInEveryChip();
    void shouldShowFocusWithoutHidingSelection();
    void shouldKeepChipTextReadable_data();
    void shouldKeepChipTextReadable();

private:
    QLocale m_savedLocale;
};

void TestFilterChipBar::initTestCase()
{
    m_savedLocale = QLocale();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestFilterChipBar::cleanupTestCase()
{
    QLocale::setDefault(m_savedLocale);
}

void TestFilterChipBar::shouldStartWithAllChecked()
{
    FilterChipBar bar;
    QCOMPARE(bar.actions(), Actions());
    QCOMPARE(checkedChips(bar), QStringList{QStringLiteral("All")});
    QCOMPARE(bar.chip(std::nullopt), chipNamed(bar, QStringLiteral("All")));
    for (Action a : ActionInfo::list()) {
        FilterChip *chip = bar.chip(a);
        QCOMPARE(chip, chipNamed(bar, ChipLabels.at(int(a) + 1)));
        QCOMPARE(chip->label(), ChipLabels.at(int(a) + 1));
        QCOMPARE(chip->accessibleName(), ChipLabels.at(int(a) + 1));
        QVERIFY(chip->isCheckable());
        // One tab stop for the bar: the others take focus by click or arrow.
        QCOMPARE(chip->focusPolicy(), Qt::ClickFocus);
    }
    QCOMPARE(bar.chip(std::nullopt)->focusPolicy(), Qt::StrongFocus);
    QCOMPARE(bar.focusProxy(), bar.chip(std::nullopt));
}

void TestFilterChipBar::shouldBuildSelectionFromClicks_data()
{
    QTest::addColumn<QStringList>("clicks");
    QTest::addColumn<QList<unsigned>>("emitted");
    QTest::addColumn<unsigned>("selected");
    QTest::addColumn<QStringList>("checked");

    const unsigned add = Actions(Action::Add).bits();
    const unsigned edit = Actions(Action::Edit).bits();
    const unsigned remove = Actions(Action::Remove).bits();
    const unsigned exported = Actions(Action::Export).bits();
    const unsigned flag = Actions(Action::Flag).bits();
    const QStringList five{QStringLiteral("Added"), QStringLiteral("Edited"),
                           QStringLiteral("Removed"), QStringLiteral("Exported"),
                           QStringLiteral("Flagged")};

    QTest::newRow("one") << QStringList{QStringLiteral("Added")} << QList<unsigned>{add} << add
                         << QStringList{QStringLiteral("Added")};
    QTest::newRow("two combine") << QStringList{QStringLiteral("Added"), QStringLiteral("Flagged")}
                                 << QList<unsigned>{add, add | flag} << (add | flag)
                                 << QStringList{QStringLiteral("Added"), QStringLiteral("Flagged")};
    QTest::newRow("selected chip deselects")
        << QStringList{QStringLiteral("Added"), QStringLiteral("Flagged"), QStringLiteral("Added")}
        << QList<unsigned>{add, add | flag, flag} << flag << QStringList{QStringLiteral("Flagged")};
    QTest::newRow("deselecting the last returns to All")
        << QStringList{QStringLiteral("Edited"), QStringLiteral("Edited")}
        << QList<unsigned>{edit, 0} << 0u << QStringList{QStringLiteral("All")};
    QTest::newRow("All clears") << QStringList{QStringLiteral("Added"), QStringLiteral("Removed"),
                                               QStringLiteral("All")}
                                << QList<unsigned>{add, add | remove, 0} << 0u
                                << QStringList{QStringLiteral("All")};
    QTest::newRow("All while All is a no-op")
        << QStringList{QStringLiteral("All"), QStringLiteral("All")} << QList<unsigned>{} << 0u
        << QStringList{QStringLiteral("All")};
    QTest::newRow("all five collapse to All")
        << five
        << QList<unsigned>{add, add | edit, add | edit | remove, add | edit | remove | exported, 0}
        << 0u << QStringList{QStringLiteral("All")};
    QTest::newRow("after the collapse one click selects one")
        << (five + QStringList{QStringLiteral("Exported")})
        << QList<unsigned>{add, add | edit, add | edit | remove, add | edit | remove | exported,
                           0,   exported}
        << exported << QStringList{QStringLiteral("Exported")};
}

void TestFilterChipBar::shouldBuildSelectionFromClicks()
{
    QFETCH(QStringList, clicks);
    QFETCH(QList<unsigned>, emitted);
    QFETCH(unsigned, selected);
    QFETCH(QStringList, checked);

    FilterChipBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy spy(&bar, &FilterChipBar::actionsChanged);
    for (const QString &label : clicks)
        QTest::mouseClick(chipNamed(bar, label), Qt::LeftButton);

    QCOMPARE(emittedBits(spy), emitted);
    QCOMPARE(bar.actions().bits(), selected);
    QCOMPARE(checkedChips(bar), checked);
}

void TestFilterChipBar::shouldNotEmitFromSetActions_data()
{
    QTest::addColumn<unsigned>("bits");
    QTest::addColumn<unsigned>("selected");
    QTest::addColumn<QStringList>("checked");

    QTest::newRow("none") << 0u << 0u << QStringList{QStringLiteral("All")};
    QTest::newRow("edit and export")
        << (Actions(Action::Edit) | Action::Export).bits()
        << (Actions(Action::Edit) | Action::Export).bits()
        << QStringList{QStringLiteral("Edited"), QStringLiteral("Exported")};
    QTest::newRow("every action shows as All")
        << Actions::all().bits() << 0u << QStringList{QStringLiteral("All")};
}

void TestFilterChipBar::shouldNotEmitFromSetActions()
{
    QFETCH(unsigned, bits);
    QFETCH(unsigned, selected);
    QFETCH(QStringList, checked);

    FilterChipBar bar;
    bar.setActions(Action::Flag); // start elsewhere so every row is a change
    QSignalSpy spy(&bar, &FilterChipBar::actionsChanged);
    bar.setActions(Actions::fromBits(bits));

    QCOMPARE(spy.count(), 0);
    QCOMPARE(bar.actions().bits(), selected);
    QCOMPARE(checkedChips(bar), checked);
}

void TestFilterChipBar::shouldToggleAndSelectAllLikeClicks()
{
    FilterChipBar bar;
    QSignalSpy spy(&bar, &FilterChipBar::actionsChanged);

    bar.selectAll(); // already All: nothing changes
    QCOMPARE(spy.count(), 0);

    bar.toggle(Action::Edit);
    bar.toggle(Action::Remove);
    bar.toggle(Action::Edit);
    QCOMPARE(emittedBits(spy), (QList<unsigned>{Actions(Action::Edit).bits(),
                                                (Actions(Action::Edit) | Action::Remove).bits(),
                                                Actions(Action::Remove).bits()}));
    QCOMPARE(checkedChips(bar), QStringList{QStringLiteral("Removed")});

    spy.clear();
    bar.selectAll();
    QCOMPARE(emittedBits(spy), QList<unsigned>{0u});
    QCOMPARE(checkedChips(bar), QStringList{QStringLiteral("All")});
}

void TestFilterChipBar::shouldMoveFocusWithArrows_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("to");

    QTest::newRow("All, Right") << QStringLiteral("All") << int(Qt::Key_Right)
                                << QStringLiteral("Added");
    QTest::newRow("Edited, Right")
        << QStringLiteral("Edited") << int(Qt::Key_Right) << QStringLiteral("Removed");
    QTest::newRow("Edited, Left") << QStringLiteral("Edited") << int(Qt::Key_Left)
                                  << QStringLiteral("Added");
    QTest::newRow("Flagged, Right wraps")
        << QStringLiteral("Flagged") << int(Qt::Key_Right) << QStringLiteral("All");
    QTest::newRow("All, Left wraps")
        << QStringLiteral("All") << int(Qt::Key_Left) << QStringLiteral("Flagged");
}

void TestFilterChipBar::shouldMoveFocusWithArrows()
{
    QFETCH(QString, from);
    QFETCH(int, key);
    QFETCH(QString, to);

    FilterChipBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowActive(&bar));
    chipNamed(bar, from)->setFocus(Qt::OtherFocusReason);
    QVERIFY(chipNamed(bar, from)->hasFocus());
    QSignalSpy spy(&bar, &FilterChipBar::actionsChanged);

    QTest::keyClick(chipNamed(bar, from), Qt::Key(key));

    QVERIFY(chipNamed(bar, to)->hasFocus());
    QCOMPARE(spy.count(), 0);
    QCOMPARE(checkedChips(bar), QStringList{QStringLiteral("All")});
}

void TestFilterChipBar::shouldToggleFocusedChipWithSpace()
{
    FilterChipBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowActive(&bar));
    bar.setFocus(Qt::TabFocusReason);
    QVERIFY(chipNamed(bar, QStringLiteral("All"))->hasFocus());
    QSignalSpy spy(&bar, &FilterChipBar::actionsChanged);

    for (int i = 0; i < 4; ++i)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Right);
    QVERIFY(chipNamed(bar, QStringLiteral("Exported"))->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QCOMPARE(emittedBits(spy), QList<unsigned>{Actions(Action::Export).bits()});
    QCOMPARE(checkedChips(bar), QStringList{QStringLiteral("Exported")});

    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Left);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QCOMPARE(emittedBits(spy),
             (QList<unsigned>{Actions(Action::Export).bits(),
                              (Actions(Action::Remove) | Action::Export).bits()}));

    // Space on All clears the selection; on All again it changes nothing.
    spy.clear();
    chipNamed(bar, QStringLiteral("All"))->setFocus(Qt::OtherFocusReason);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    QCOMPARE(emittedBits(spy), QList<unsigned>{0u});
    QCOMPARE(checkedChips(bar), QStringList{QStringLiteral("All")});
}

void TestFilterChipBar::shouldReachTheBarWithTab()
{
    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *before = new QLineEdit(&window);
    auto *bar = new FilterChipBar(&window);
    auto *after = new QLineEdit(&window);
    layout->addWidget(before);
    layout->addWidget(bar);
    layout->addWidget(after);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    before->setFocus(Qt::OtherFocusReason);
    QVERIFY(before->hasFocus());

    QTest::keyClick(before, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), bar->chip(std::nullopt));

    // The whole bar is one tab stop: the next Tab leaves it.
    QTest::keyClick(bar->chip(std::nullopt), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), after);

    // Coming back, focus returns to the chip the arrows moved to.
    bar->chip(std::nullopt)->setFocus(Qt::OtherFocusReason);
    QTest::keyClick(bar->chip(std::nullopt), Qt::Key_Right);
    QTest::keyClick(bar->chip(Action::Add), Qt::Key_Right);
    QCOMPARE(QApplication::focusWidget(), bar->chip(Action::Edit));
    after->setFocus(Qt::OtherFocusReason);
    QTest::keyClick(after, Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(QApplication::focusWidget(), bar->chip(Action::Edit));
}

void TestFilterChipBar::shouldShowExactCountsAndTheirSumOnAll()
{
    FilterChipBar bar;
    bar.setCounts(counts({28329, 1200, 300, 50, 121}, CountAccuracy::Exact));

    QCOMPARE(bar.chip(Action::Add)->countText(), QStringLiteral("28,329"));
    QCOMPARE(bar.chip(Action::Edit)->countText(), QStringLiteral("1,200"));
    QCOMPARE(bar.chip(Action::Remove)->countText(), QStringLiteral("300"));
    QCOMPARE(bar.chip(Action::Export)->countText(), QStringLiteral("50"));
    QCOMPARE(bar.chip(Action::Flag)->countText(), QStringLiteral("121"));
    QCOMPARE(bar.chip(std::nullopt)->countText(), QStringLiteral("30,000"));
    QCOMPARE(bar.chip(Action::Add)->accessibleName(), QStringLiteral("Added, 28,329 entries"));
    QCOMPARE(bar.chip(std::nullopt)->accessibleName(), QStringLiteral("All, 30,000 entries"));

    // The chips count their own action whatever is selected; All stays the sum.
    bar.setActions(Action::Flag);
    QCOMPARE(bar.chip(Action::Add)->countText(), QStringLiteral("28,329"));
    QCOMPARE(bar.chip(std::nullopt)->countText(), QStringLiteral("30,000"));
}

void TestFilterChipBar::shouldFormatCount_data()
{
    QTest::addColumn<qint64>("count");
    QTest::addColumn<CountAccuracy>("accuracy");
    QTest::addColumn<QString>("expected");

    QTest::newRow("exact zero") << qint64(0) << CountAccuracy::Exact << QStringLiteral("0");
    QTest::newRow("exact grouped")
        << qint64(28329) << CountAccuracy::Exact << QStringLiteral("28,329");
    QTest::newRow("exact millions")
        << qint64(1234567) << CountAccuracy::Exact << QStringLiteral("1,234,567");
    QTest::newRow("estimate small")
        << qint64(950) << CountAccuracy::Estimated << QStringLiteral("~950");
    QTest::newRow("estimate below 10k")
        << qint64(9999) << CountAccuracy::Estimated << QStringLiteral("~9,999");
    QTest::newRow("estimate 10k") << qint64(10000) << CountAccuracy::Estimated
                                  << QStringLiteral("~10k");
    QTest::newRow("estimate rounds down")
        << qint64(12499) << CountAccuracy::Estimated << QStringLiteral("~12k");
    QTest::newRow("estimate rounds up")
        << qint64(12500) << CountAccuracy::Estimated << QStringLiteral("~13k");
    QTest::newRow("estimate hundreds of k")
        << qint64(998400) << CountAccuracy::Estimated << QStringLiteral("~998k");
    // Rounding to thousands must not produce "~1,000k".
    QTest::newRow("estimate just under a million")
        << qint64(999600) << CountAccuracy::Estimated << QStringLiteral("~1.0M");
    QTest::newRow("estimate a million")
        << qint64(1000000) << CountAccuracy::Estimated << QStringLiteral("~1.0M");
    QTest::newRow("estimate millions")
        << qint64(1234567) << CountAccuracy::Estimated << QStringLiteral("~1.2M");
    QTest::newRow("estimate tens of millions")
        << qint64(25960000) << CountAccuracy::Estimated << QStringLiteral("~26.0M");
}

void TestFilterChipBar::shouldFormatCount()
{
    QFETCH(qint64, count);
    QFETCH(CountAccuracy, accuracy);
    QFETCH(QString, expected);

    QCOMPARE(FilterChipBar::formatCount(count, accuracy), expected);
}

void TestFilterChipBar::shouldMarkEstimatedCountsOnChips()
{
    FilterChipBar bar;
    bar.setCounts(counts({12345, 1234567, 950, 0, 9999}, CountAccuracy::Estimated));

    QCOMPARE(bar.chip(Action::Add)->countText(), QStringLiteral("~12k"));
    QCOMPARE(bar.chip(Action::Edit)->countText(), QStringLiteral("~1.2M"));
    QCOMPARE(bar.chip(Action::Remove)->countText(), QStringLiteral("~950"));
    QCOMPARE(bar.chip(Action::Export)->countText(), QStringLiteral("~0"));
    QCOMPARE(bar.chip(Action::Flag)->countText(), QStringLiteral("~9,999"));
    // 1,257,861 in all.
    QCOMPARE(bar.chip(std::nullopt)->countText(), QStringLiteral("~1.3M"));
    QCOMPARE(bar.chip(Action::Add)->accessibleName(), QStringLiteral("Added, ~12k entries"));

    // The exact figures replace the estimate.
    bar.setCounts(counts({12345, 1234567, 950, 0, 9999}, CountAccuracy::Exact));
    QCOMPARE(bar.chip(Action::Add)->countText(), QStringLiteral("12,345"));
    QCOMPARE(bar.chip(std::nullopt)->countText(), QStringLiteral("1,257,861"));
}

void TestFilterChipBar::shouldClearCounts()
{
    FilterChipBar bar;
    bar.setCounts(counts({1, 2, 3, 4, 5}, CountAccuracy::Exact));
    QCOMPARE(bar.chip(std::nullopt)->countText(), QStringLiteral("15"));
    const int withCount = bar.chip(Action::Remove)->sizeHint().width();

    bar.setCounts(std::nullopt);

    for (int i = 0; i < ChipLabels.size(); ++i) {
        const FilterChip *chip = chipNamed(bar, ChipLabels.at(i));
        QCOMPARE(chip->countText(), QString());
        QCOMPARE(chip->accessibleName(), ChipLabels.at(i));
    }
    QVERIFY(bar.chip(Action::Remove)->sizeHint().width() < withCount);
}

void TestFilterChipBar::shouldFitTextInEveryChip_data()
{
    QTest::addColumn<CountAccuracy>("accuracy");
    QTest::addColumn<qint64>("count");

    QTest::newRow("no counts") << CountAccuracy::Unknown << qint64(0);
    QTest::newRow("exact") << CountAccuracy::Exact << qint64(888888);
    QTest::newRow("estimated") << CountAccuracy::Estimated << qint64(88888888);
}

// A checked chip draws its label in bold; the chip must be wide enough for
// that too, and must not change width when it is toggled.
void TestFilterChipBar::shouldFitTextInEveryChip()
{
    QFETCH(CountAccuracy, accuracy);
    QFETCH(qint64, count);

    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *bar = new FilterChipBar(&window);
    layout->addWidget(bar);
    if (accuracy != CountAccuracy::Unknown)
        bar->setCounts(counts({count, count, count, count, count}, accuracy));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // A narrow window must not squeeze the chips below their size.
    window.resize(80, window.height());
    QTRY_VERIFY(!bar->geometry().isEmpty());

    for (const QString &label : ChipLabels) {
        FilterChip *chip = chipNamed(*bar, label);
        QFont bold = chip->font();
        bold.setBold(true);
        const QFontMetrics fm(chip->font());
        const int needed =
            QFontMetrics(bold).horizontalAdvance(chip->label()) +
            (chip->countText().isEmpty() ? 0 : MinGap + fm.horizontalAdvance(chip->countText())) +
            2 * MinPadding;
        const QSize unchecked = chip->sizeHint();
        QVERIFY2(unchecked.width() >= needed,
                 qPrintable(
                     QStringLiteral("%1: %2 < %3").arg(label).arg(unchecked.width()).arg(needed)));
        QVERIFY(unchecked.height() > fm.height());
        QVERIFY2(chip->width() >= unchecked.width(),
                 qPrintable(QStringLiteral("%1 squeezed to %2").arg(label).arg(chip->width())));
        chip->setChecked(!chip->isChecked());
        QCOMPARE(chip->sizeHint(), unchecked);
    }
}

// The border says "selected" (in the action's colour), the focus ring is
// drawn inside it. In the dark palette Edited's colour is the highlight
// colour, so a ring over the border would read as a selection.
void TestFilterChipBar::shouldShowFocusWithoutHidingSelection()
{
    const PaletteScope scope(darkPalette());
    FilterChipBar bar;
    bar.setActions(Action::Add);
    bar.show();
    QVERIFY(QTest::qWaitForWindowActive(&bar));
    FilterChip *added = bar.chip(Action::Add);
    FilterChip *edited = bar.chip(Action::Edit);
    const auto border = [](const QImage &image) {
        // Top edge, half way along: on the pill's border.
        const qreal dpr = image.devicePixelRatio();
        return image.pixelColor(int(image.width() / 2), int(1 * dpr));
    };

    const QImage selected = added->grab().toImage();
    added->setFocus(Qt::TabFocusReason);
    const QImage selectedFocused = added->grab().toImage();
    QVERIFY(selectedFocused != selected);
    QCOMPARE(border(selectedFocused), border(selected));

    const QImage unselected = edited->grab().toImage();
    edited->setFocus(Qt::TabFocusReason);
    const QImage unselectedFocused = edited->grab().toImage();
    QVERIFY(unselectedFocused != unselected);
    QCOMPARE(border(unselectedFocused), border(unselected));
    bar.setActions(Action::Edit);
    edited->clearFocus();
    QVERIFY(contrast(border(edited->grab().toImage()), border(unselectedFocused)) > 1.5);
}

void TestFilterChipBar::shouldKeepChipTextReadable_data()
{
    QTest::addColumn<bool>("dark");
    QTest::addColumn<QString>("screenshot");

    QTest::newRow("light") << false << QStringLiteral("filterchips-light.png");
    QTest::newRow("dark") << true << QStringLiteral("filterchips-dark.png");
}

// Label and count of every chip, checked or not, reach the WCAG AA contrast
// of 4.5:1 against the chip's fill. Set SELLER_HISTORY_SCREENSHOTS to a
// folder to review the bar (Added and Flagged selected, Edited focused).
void TestFilterChipBar::shouldKeepChipTextReadable()
{
    QFETCH(bool, dark);
    QFETCH(QString, screenshot);

    const PaletteScope scope(dark ? darkPalette() : QApplication::style()->standardPalette());
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *bar = new FilterChipBar(&window);
    layout->addWidget(bar);
    bar->setCounts(counts({28329, 1200, 350, 47, 12000}, CountAccuracy::Exact));
    bar->setActions(Actions(Action::Add) | Action::Flag);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    bar->chip(Action::Edit)->setFocus(Qt::TabFocusReason);
    QVERIFY(bar->chip(Action::Edit)->hasFocus());

    for (const QString &label : ChipLabels) {
        FilterChip *chip = chipNamed(*bar, label);
        const QImage image = chip->grab().toImage();
        const qreal dpr = image.devicePixelRatio();
        // The fill, just inside the border at mid-height, between label and count.
        const QFontMetrics fm(chip->font());
        const int y = chip->height() / 2;
        QFont bold = chip->font();
        bold.setBold(chip->isChecked());
        const int labelEnd = 10 + QFontMetrics(bold).horizontalAdvance(chip->label());
        const int countStart = chip->width() - 10 - fm.horizontalAdvance(chip->countText());
        QVERIFY2(countStart - labelEnd >= MinGap, qPrintable(label));
        const QColor fill = image.pixelColor(int((labelEnd + countStart) / 2 * dpr), int(y * dpr));
        const int top = int((y - fm.ascent() / 2) * dpr);
        const int bottom = int((y + fm.ascent() / 2) * dpr);
        const QRect labelArea(QPoint(int(10 * dpr), top), QPoint(int(labelEnd * dpr), bottom));
        const QRect countArea(QPoint(int(countStart * dpr), top),
                              QPoint(int((chip->width() - 10) * dpr), bottom));
        const qreal labelContrast = strongestContrast(image, labelArea, fill);
        const qreal countContrast = strongestContrast(image, countArea, fill);
        QVERIFY2(labelContrast >= 4.5,
                 qPrintable(QStringLiteral("%1 label %2:1").arg(label).arg(labelContrast)));
        QVERIFY2(countContrast >= 4.5,
                 qPrintable(QStringLiteral("%1 count %2:1").arg(label).arg(countContrast)));
    }

    if (!qEnvironmentVariableIsEmpty("SELLER_HISTORY_SCREENSHOTS")) {
        const QDir dir(qEnvironmentVariable("SELLER_HISTORY_SCREENSHOTS"));
        QVERIFY(window.grab().save(dir.filePath(screenshot)));
    }
}

QTEST_MAIN(TestFilterChipBar)
#include "tst_filterchipbar.moc"
