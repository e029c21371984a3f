#pragma once

#include "action.h"
#include "paging.h"

#include <QAbstractButton>
#include <QWidget>

#include <optional>

// One pill-shaped, checkable chip: a label, a count, and the action's colour
// when checked. Painted from the palette so it reads in light and dark.
class FilterChip : public QAbstractButton
{
    Q_OBJECT
public:
    FilterChip(const QString &label, const QColor &accent, QWidget *parent = nullptr);

    void setCountText(const QString &text); // "1,234", "~12k", or empty
    QString countText() const { return m_count; }
    QString label() const { return m_label; }
    QSize sizeHint() const override;
    void setAccent(const QColor &accent);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_label;
    QString m_count;
    QColor m_accent;
};

// The action filter: All, Added, Edited, Removed, Exported, Flagged. Several
// may be selected; All (or selecting every action) clears the selection.
// Each chip shows its count for the current range and search, marked "~"
// when estimated. The bar is one tab stop; arrows move between chips,
// Space toggles. It only shows state and reports choices; it never loads.
class FilterChipBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterChipBar(QWidget *parent = nullptr);

    Actions actions() const { return m_actions; }
    void setActions(Actions actions); // no signal
    void setCounts(const std::optional<CountResult> &counts);
    // Toggles one action as a click would (for shortcuts).
    void toggle(Action action);
    void selectAll();

    FilterChip *chip(std::optional<Action> action) const; // nullopt: the All chip

    static QString formatCount(qint64 count, CountAccuracy accuracy);

signals:
    void actionsChanged(Actions actions);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void apply(Actions actions);
    void syncChecks();
    // One tab stop for the whole bar: the chip that last had focus.
    void makeTabStop(FilterChip *chip);

    FilterChip *m_all;
    QList<FilterChip *> m_chips; // in ActionInfo::list() order
    Actions m_actions;
};
