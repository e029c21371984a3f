#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include <bit>
#include <optional>

// The five upstream audit actions (the `action` check constraint) and the
// words used for them: database values, CLI names and UI labels.
enum class Action : quint8
{
    Add = 0,
    Edit,
    Remove,
    Export,
    Flag
};
constexpr int ActionCount = 5;

// A set of actions. An empty set in a filter means "every action".
class Actions
{
public:
    constexpr Actions() = default;
    constexpr Actions(Action a)
        : m_bits(quint8(1u << unsigned(a)))
    {}
    static constexpr Actions all() { return fromBits((1u << ActionCount) - 1); }
    static constexpr Actions fromBits(unsigned bits)
    {
        Actions s;
        s.m_bits = quint8(bits & ((1u << ActionCount) - 1));
        return s;
    }
    constexpr unsigned bits() const { return m_bits; }
    constexpr bool isEmpty() const { return m_bits == 0; }
    constexpr bool contains(Action a) const { return m_bits & (1u << unsigned(a)); }
    constexpr int count() const { return std::popcount(unsigned(m_bits)); }
    constexpr Actions &operator|=(Actions o)
    {
        m_bits |= o.m_bits;
        return *this;
    }
    constexpr Actions operator|(Actions o) const { return fromBits(m_bits | o.m_bits); }
    constexpr Actions operator&(Actions o) const { return fromBits(m_bits & o.m_bits); }
    constexpr Actions without(Action a) const { return fromBits(m_bits & ~(1u << unsigned(a))); }
    friend constexpr bool operator==(Actions, Actions) = default;

private:
    quint8 m_bits = 0;
};

namespace ActionInfo {

const QList<Action> &list();

// The upstream column value: add, edit, remove, export, flag.
QString dbValue(Action a);
std::optional<Action> fromDbValue(QStringView value);

// A chip or column label: Added, Edited, Removed, Exported, Flagged.
QString label(Action a);

// Parses the CLI list "add,flag" (also accepting the chip words, any case).
// Returns nullopt and names the bad word in *error when one is unknown.
std::optional<Actions> parseList(QStringView text, QString *error);
QString toList(Actions actions);

} // namespace ActionInfo
