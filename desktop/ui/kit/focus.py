"""One app-wide focus indicator that is easy to see, whatever the theme or widget.

Qt's own focus rings are a faint line in most styles (1.3-1.7:1 against the window,
where WCAG 2.2 asks 3:1) and some widgets draw none at all when focus is set in code.
``FocusRing`` draws a 2-pixel outline just outside whichever widget has keyboard focus,
in a palette colour picked for at least 3:1 against the window background, in light,
dark and high-contrast palettes. It is a see-through overlay: it takes no clicks, no
focus and has no accessible role of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QWidget
from shiboken6 import isValid

RING_WIDTH = 2
RING_GAP = 1  # between the widget's edge and the ring
MIN_CONTRAST = 3.0


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def ring_colour(palette: QPalette) -> QColor:
    """The theme's highlight if it stands out from the window enough, else its text colour
    (which a theme always keeps far from its background), else black or white."""
    background = palette.color(QPalette.ColorRole.Window)
    for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.WindowText):
        colour = palette.color(role)
        if contrast(colour, background) >= MIN_CONTRAST:
            return colour
    black, white = QColor("#000000"), QColor("#ffffff")
    return black if contrast(black, background) >= contrast(white, background) else white


class FocusRing(QWidget):
    """The outline drawn around the focused widget; one per window, a child of it, so it
    goes when the window goes."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("focus-ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self._watched: list[QWidget] = []

    def follow(self, widget: QWidget | None) -> None:
        for watched in self._watched:
            if isValid(watched):
                watched.removeEventFilter(self)
        self._watched = []
        self.target = widget
        window = self.parentWidget()
        if widget is None or widget is window or window is None:
            self.hide()
            return
        # The widget itself and every parent up to the window: scrolling and resizing
        # move the widget without telling it.
        node: QWidget | None = widget
        while node is not None and node is not window:
            node.installEventFilter(self)
            self._watched.append(node)
            node = node.parentWidget()
        self.place()

    def place(self) -> None:
        widget = self.target
        window = self.parentWidget()
        if widget is None or window is None or not isValid(widget) or not widget.isVisible():
            self.hide()
            return
        top_left = widget.mapTo(window, widget.rect().topLeft())
        margin = RING_WIDTH + RING_GAP
        rect = QRect(top_left, widget.size()).adjusted(-margin, -margin, margin, margin)
        # Inside a scroll area, keep the ring within the part that is on screen.
        node = widget.parentWidget()
        while node is not None and node is not window:
            if isinstance(node, QAbstractScrollArea):
                view = node.viewport()
                visible = QRect(view.mapTo(window, view.rect().topLeft()), view.size())
                rect = rect.intersected(visible.adjusted(-margin, -margin, margin, margin))
            node = node.parentWidget()
        if rect.isEmpty():
            self.hide()
            return
        self.setGeometry(rect)
        self.show()
        self.raise_()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.Move,
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
            QEvent.Type.LayoutRequest,
        ):
            self.place()
        return False

    def colour(self) -> QColor:
        window = self.parentWidget()
        palette = window.palette() if window is not None else self.palette()
        return ring_colour(palette)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(self.colour(), RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = RING_WIDTH / 2
        painter.drawRect(self.rect().toRectF().adjusted(half, half, -half, -half))
        painter.end()


def ring_of(window: QWidget) -> FocusRing:
    """The focus ring of ``window``, made on first use."""
    ring = window.findChild(FocusRing, "focus-ring", Qt.FindChildOption.FindDirectChildrenOnly)
    return ring if isinstance(ring, FocusRing) else FocusRing(window)


class FocusRings(QObject):
    """Moves the focus ring to whichever widget gets keyboard focus, in any window."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._current: FocusRing | None = None
        app.focusChanged.connect(self._moved)
        self._moved(None, app.focusWidget())

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        previous, self._current = self._current, None
        if previous is not None and isValid(previous):  # its window may be gone
            previous.follow(None)
        if new is None or new.window() is None or new is new.window():
            return
        ring = ring_of(new.window())
        ring.follow(new)
        self._current = ring


def install_focus_ring(app: QApplication) -> FocusRings:
    """Start drawing the focus ring in every window of ``app`` (once; later calls reuse)."""
    found = app.findChild(FocusRings)
    return found if isinstance(found, FocusRings) else FocusRings(app)


class _Revealer(QObject):
    """Belongs to one scroll area, so its connection to the application goes with it."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self._area = area
        self._target: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._reveal)

    def moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not isValid(self._area):
            return  # the area is being destroyed (focus moves while its children go)
        content = self._area.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self._target = new
            self._timer.start(0)  # after the layout has settled

    def _reveal(self) -> None:
        """The whole control in view (Qt's ensureWidgetVisible shows only a text box's
        cursor line, leaving the rest of the box cut off at the bottom of the view)."""
        widget, self._target = self._target, None
        if not isValid(self._area):
            return
        area, content = self._area, self._area.widget()
        if widget is None or content is None or not isValid(widget) or not widget.isVisible():
            return
        if not content.isAncestorOf(widget):
            return
        margin = max(8, widget.fontMetrics().height() // 2)
        top_left = widget.mapTo(content, widget.rect().topLeft())
        half_w, half_h = widget.width() // 2, widget.height() // 2
        view = area.viewport().size()
        area.ensureVisible(
            top_left.x() + half_w,
            top_left.y() + half_h,
            min(half_w + margin, view.width() // 2),
            min(half_h + margin, view.height() // 2),
        )


def keep_focus_visible(area: QScrollArea) -> None:
    """Scroll ``area`` so the focused control inside it is in view, however focus got
    there (Tab, an access key, an error putting focus on its field, or code)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        revealer = _Revealer(area)
        app.focusChanged.connect(revealer.moved)


def reveal(widget: QWidget, keep_focus: bool = True) -> None:
    """Scroll whatever scroll area holds ``widget`` so it is in view (a result that
    appears after an action, such as an error or a suggestion); with ``keep_focus`` the
    focused control stays in view where both do not fit (someone is typing there)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is None:
        return
    content = parent.widget()
    layout = content.layout() if content is not None else None
    if layout is not None:
        layout.activate()  # a widget just shown has no place until it is laid out
    parent.ensureWidgetVisible(widget, 8, 8)
    focused = QApplication.focusWidget()
    if (
        keep_focus
        and focused is not None
        and focused is not widget
        and parent.isAncestorOf(focused)
    ):
        parent.ensureWidgetVisible(focused, 8, 8)
