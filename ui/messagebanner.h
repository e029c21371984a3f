#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

// A non-modal message across the top of a view: an icon, one sentence, and
// an optional action button (Retry, Show, ...). Hidden until shown.
class MessageBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Kind
    {
        Info,
        Warning,
        Error
    };

    explicit MessageBanner(QWidget *parent = nullptr);

    // An empty actionText hides the action button.
    void showMessage(Kind kind, const QString &text, const QString &actionText = {});
    QString text() const;
    bool isClosable() const;
    void setClosable(bool closable);

signals:
    void actionTriggered();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTint();

    Kind m_kind = Kind::Info;
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_action;
    QToolButton *m_close;
};
