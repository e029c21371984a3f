#include "messagebanner.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("messageBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_icon = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action = new QPushButton(this);
    m_close = new QToolButton(this);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Dismiss this message"));
    m_close->setAccessibleName(tr("Dismiss"));
    m_close->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close);
    connect(m_action, &QPushButton::clicked, this, &MessageBanner::actionTriggered);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBanner::showMessage(Kind kind, const QString &text, const QString &actionText)
{
    const char *icon = kind == Kind::Error     ? ":/icons/error.svg"
                       : kind == Kind::Warning ? ":/icons/warning.svg"
                                               : nullptr;
    if (icon)
        m_icon->setPixmap(QIcon(QString::fromLatin1(icon)).pixmap(16, 16));
    else
        m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(16, 16));
    m_kind = kind;
    applyTint();
    m_text->setText(text);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    show();
}

void MessageBanner::applyTint()
{
    // Start from the application's palette each time: tinting our own
    // palette again would drift towards the pure colour on every message.
    QPalette p = QApplication::palette(this);
    const QColor base = p.color(QPalette::Window);
    const Kind kind = m_kind;
    const QColor tint = kind == Kind::Error     ? QColor(0xd6, 0x45, 0x45)
                        : kind == Kind::Warning ? QColor(0xe0, 0xa8, 0x00)
                                                : QColor(0x3b, 0x7d, 0xdd);
    // A light wash of the kind's colour over the window colour, so the banner
    // reads in light and dark palettes alike.
    const QColor mixed = QColor::fromRgbF(base.redF() * 0.82 + tint.redF() * 0.18,
                                          base.greenF() * 0.82 + tint.greenF() * 0.18,
                                          base.blueF() * 0.82 + tint.blueF() * 0.18);
    p.setColor(QPalette::Window, mixed);
    setPalette(p);
}

void MessageBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::ApplicationPaletteChange)
        applyTint();
    QFrame::changeEvent(event);
}

QString MessageBanner::text() const
{
    return m_text->text();
}

bool MessageBanner::isClosable() const
{
    return m_close->isVisible();
}

void MessageBanner::setClosable(bool closable)
{
    m_close->setVisible(closable);
}
