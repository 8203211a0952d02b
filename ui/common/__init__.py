"""What every page uses.

Texts (``i18n``, ``notices``, ``explain``), numbers and money (``format``,
``number_field``), outside text shown as text (``safe_text``), option widgets
(``choice``), page layout (``layout``), charts (``charts``: the Overview and
Over time charts and the palette and fonts every chart uses; ``vega``: cached
Vega-Lite templates), results (``compute``, ``reuse``), start-up (``warmup``)
and the scenario's state: the sidebar's widgets and session state
(``widget_state``), the share link (``links``) and the preset picker
(``presets``).
"""
